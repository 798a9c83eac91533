"""The set-up additions to services.school: several settings in one call, the
second bell schedule, grades without marks, removing a period, editing a holiday."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.errors import ConflictError, PermissionDenied, ValidationError
from database.models import Holiday, Lesson, PeriodMark, StudyPeriod
from database.queries.academic_years import list_holidays
from database.services import marks
from database.services import school as svc
from database.services.calendar_setup import add_preset_holidays, apply_period_preset
from database.services.lessons import homework_deadline
from database.settings import load_settings
from tests.database.conftest import NOW, SmallSchool
from tests.database.test_services_support import log_mark, new_log_rows, unchanged


def test_set_settings_checks_the_values_together(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    # One at a time this is refused: the new default is not in the old list, and the
    # old default is not in the new one. Together they agree.
    with unchanged(session), pytest.raises(ValidationError):
        svc.set_setting(session, admin, "work_types", {"Ответ": 1, "Тест": 2})
    mark = log_mark(session)
    svc.set_settings(session, admin, {
        "work_types": {"Ответ": 1, "Тест": 2}, "default_work_type": "Тест",
    })
    settings = load_settings(session)
    assert settings.work_types == {"Ответ": 1.0, "Тест": 2.0}
    assert settings.default_work_type == "Тест"
    assert {row.table_name for row in new_log_rows(session, mark)} == {"setting"}
    assert len(new_log_rows(session, mark)) == 2


def test_set_settings_writes_nothing_when_one_value_is_refused(
    session: Session, small_school: SmallSchool
) -> None:
    with unchanged(session), pytest.raises(ValidationError) as caught:
        svc.set_settings(session, small_school.admin, {
            "correction_window_days": 10, "lockout_attempts": 1,
        })
    assert "от 3 до 20" in caught.value.message
    with unchanged(session), pytest.raises(PermissionDenied):
        svc.set_settings(session, small_school.math_teacher, {"correction_window_days": 10})


def test_second_bells_are_cleaned_and_checked(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    svc.set_setting(session, admin, "second_bells", {
        "weekdays": [6, 6], "bells": [[2, "9:20", "10:00"], [1, "08:30", "09:10"]],
    })
    stored = load_settings(session).second_bells
    assert stored.weekdays == frozenset({6})
    assert stored.times(6, 1) == (time(8, 30), time(9, 10))
    assert stored.times(5, 1) is None  # Friday keeps the main bells
    for value, message in (
        ({"weekdays": [6], "bells": [[1, "08:30", "09:30"], [2, "09:20", "10:00"]]},
         "1-й урок заканчивается в 09:30, а 2-й начинается раньше — в 09:20"),
        ({"weekdays": [6], "bells": []}, "укажите время уроков"),
        ({"weekdays": [7], "bells": [[1, "08:30", "09:10"]]}, "от 1 (понедельник)"),
        ({"weekdays": [6], "bells": [[1, "8.30", "09:10"]]}, "ЧЧ:ММ"),
    ):
        with unchanged(session), pytest.raises(ValidationError) as caught:
            svc.set_setting(session, admin, "second_bells", value)
        assert message in caught.value.message


def test_homework_deadline_follows_the_second_schedule_on_its_weekdays(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    svc.set_setting(session, k.admin, "second_bells", {
        "weekdays": [6], "bells": [[1, "08:30", "09:05"]],
    })
    saturday = Lesson(assignment_id=k.math_assignment_id, date=date(2026, 11, 21),
                      lesson_number=1)
    friday = Lesson(assignment_id=k.math_assignment_id, date=date(2026, 11, 20),
                    lesson_number=1)
    assert homework_deadline(session, k.year_id, saturday) == datetime(2026, 11, 21, 10, 35)
    assert homework_deadline(session, k.year_id, friday) == datetime(2026, 11, 20, 10, 45)


def test_marks_are_refused_in_grades_without_marks(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    svc.set_setting(session, k.admin, "unmarked_grades", [5, 1, 1])
    assert load_settings(session).unmarked_grades == frozenset({1, 5})
    with unchanged(session), pytest.raises(ValidationError) as caught:
        marks.set_cell(session, k.math_teacher, k.math_lesson_today_id, k.student_ids[0],
                       attendance=None, marks=["5"])
    assert "безотметочное" in caught.value.message
    # Attendance is still kept.
    marks.set_cell(session, k.math_teacher, k.math_lesson_today_id, k.student_ids[0],
                   attendance="н")
    with unchanged(session), pytest.raises(ValidationError):
        svc.set_setting(session, k.admin, "unmarked_grades", [12])


def test_remove_study_period(session: Session, small_school: SmallSchool) -> None:
    k = small_school
    mark = log_mark(session)
    svc.remove_study_period(session, k.admin, k.q2_id)
    assert session.get(StudyPeriod, k.q2_id) is None
    [tombstone] = new_log_rows(session, mark)
    assert tombstone.operation == "delete" and tombstone.record_id == k.q2_id
    with unchanged(session), pytest.raises(ConflictError) as caught:
        svc.remove_study_period(session, k.admin, k.q1_id)
    assert "закрыт" in caught.value.message


def test_a_period_with_period_marks_is_not_removed(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    session.add(PeriodMark(student_id=k.student_ids[0], subject_id=k.math_id, year_id=k.year_id,
                           kind="period", period_id=k.q2_id, value="5", entered_at=NOW))
    session.flush()
    with unchanged(session), pytest.raises(ConflictError) as caught:
        svc.remove_study_period(session, k.admin, k.q2_id)
    assert "итоговые отметки" in caught.value.message
    with unchanged(session), pytest.raises(PermissionDenied):
        svc.remove_study_period(session, k.math_teacher, k.q2_id)


def test_update_holiday(session: Session, small_school: SmallSchool) -> None:
    k = small_school
    holiday = svc.add_holiday(session, k.admin, k.year_id, "Зимние каникулы",
                              date(2026, 12, 29), date(2027, 1, 11))
    mark = log_mark(session)
    changed = svc.update_holiday(session, k.admin, holiday.id, end_date=date(2027, 1, 10),
                                 grade_from=1, grade_to=9)
    assert (changed.end_date, changed.grade_to) == (date(2027, 1, 10), 9)
    [row] = new_log_rows(session, mark)
    assert row.fields == {"end_date": "2027-01-10", "grade_to": 9}
    for kwargs, message in (
        ({"start_date": date(2027, 1, 12)}, "не может быть раньше"),
        ({"end_date": date(2027, 6, 30)}, "учебного года 2026/2027"),
        ({"grade_from": 10}, "«с» не может быть больше"),
        ({"name": "  "}, "Название"),
    ):
        with unchanged(session), pytest.raises(ValidationError) as caught:
            svc.update_holiday(session, k.admin, holiday.id, **kwargs)  # type: ignore[arg-type]
        assert message in caught.value.message
    stored = session.execute(select(Holiday).where(Holiday.id == holiday.id)).scalar_one()
    assert stored.end_date == date(2027, 1, 10)


def test_apply_period_preset_replaces_the_open_periods(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    # The small school's first quarter is closed: nothing is replaced.
    with unchanged(session), pytest.raises(ConflictError) as caught:
        apply_period_preset(session, k.admin, k.year_id, "trimesters")
    assert "Период «I четверть» закрыт" in caught.value.message
    svc.reopen_period(session, k.admin, k.q1_id)
    periods = apply_period_preset(session, k.admin, k.year_id, "trimesters")
    assert [(p.name, p.grade_from, p.grade_to) for p in periods] == [
        ("I триместр", 1, 11), ("II триместр", 1, 11), ("III триместр", 1, 11)]
    assert session.get(StudyPeriod, k.q2_id) is None
    assert periods[-1].end_date == date(2027, 5, 31)
    with pytest.raises(PermissionDenied):
        apply_period_preset(session, k.math_teacher, k.year_id, "trimesters")


def test_add_preset_holidays_adds_only_the_missing_ones(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    svc.add_holiday(session, k.admin, k.year_id, "Зимние каникулы", date(2026, 12, 29),
                    date(2027, 1, 11))
    added = add_preset_holidays(session, k.admin, k.year_id, "quarters_halves")
    names = [h.name for h in added]
    assert "Зимние каникулы" not in names and "Осенние каникулы" in names
    assert len(list_holidays(session, k.year_id)) == len(added) + 1
    assert add_preset_holidays(session, k.admin, k.year_id, "quarters_halves") == []
    with pytest.raises(ValidationError):
        add_preset_holidays(session, k.admin, k.year_id, "semesters")


def test_the_diary_shows_the_second_schedules_times_on_its_weekdays(
    session: Session, small_school: SmallSchool
) -> None:
    from database.queries.diary import diary_week

    k = small_school
    # Mathematics on Monday at lesson 1; the second schedule is for Mondays here.
    svc.set_setting(session, k.admin, "second_bells", {
        "weekdays": [1], "bells": [[1, "08:00", "08:35"]],
    })
    session.commit()
    week = diary_week(session, k.student, k.student_ids[0], date(2026, 11, 23))
    monday, wednesday = week.days[0].lessons[0], week.days[2].lessons[0]
    assert (monday.starts_at, monday.ends_at) == (time(8, 0), time(8, 35))
    assert (wednesday.starts_at, wednesday.ends_at) == (time(8, 30), time(9, 15))


def test_update_academic_year_corrects_the_dates(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    mark = log_mark(session)
    info = svc.update_academic_year(session, k.admin, k.year_id, date(2026, 9, 1),
                                    date(2027, 6, 30))
    assert (info.name, info.end_date) == ("2026/2027", date(2027, 6, 30))
    [row] = new_log_rows(session, mark)
    assert row.fields == {"end_date": "2027-06-30"}
    svc.create_academic_year(session, k.admin, date(2027, 9, 1), date(2028, 5, 31))
    for start, end, error, message in (
        # The first quarter (from 01.09.2026) would fall outside.
        (date(2026, 9, 10), date(2027, 5, 31), ConflictError, "«I четверть»"),
        (date(2026, 9, 15), date(2027, 9, 10), ConflictError, "учебным годом 2027/2028"),
        (date(2027, 1, 10), date(2027, 5, 31), ValidationError, "начинается в 2026 году"),
    ):
        with unchanged(session), pytest.raises(error) as caught:
            svc.update_academic_year(session, k.admin, k.year_id, start, end)
        assert message in caught.value.message
