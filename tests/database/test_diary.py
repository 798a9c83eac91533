"""The diary queries: who sees what, the week across a holiday, the per-subject
overview with the forecast and "what if" checked against hand-computed cases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied
from database.models import Attendance, Holiday, Lesson, Mark
from database.queries.diary import (
    WhatIf,
    averages_over_time,
    diary_periods,
    diary_week,
    forecast,
    monday_of,
    students_visible_to,
    subject_overview,
    what_if,
)
from database.queries.period_marks import suggest_period_mark
from tests.database.conftest import TODAY, SmallSchool

CONTROL = "Контрольная работа"


def _lesson(session: Session, school: SmallSchool, day: date, number: int = 1,
            assignment: uuid.UUID | None = None, **fields: object) -> uuid.UUID:
    lesson = Lesson(assignment_id=assignment or school.math_assignment_id, date=day,
                    lesson_number=number, **fields)
    save(session, school.system, lesson)
    return lesson.id


def _mark(session: Session, school: SmallSchool, lesson_id: uuid.UUID, value: str,
          weight: float = 1.0, work_type: str = "Работа на уроке", comment: str = "",
          student: int = 0, position: int = 1) -> None:
    save(session, school.system, Mark(
        lesson_id=lesson_id, student_id=school.student_ids[student], position=position,
        value=value, work_type=work_type, weight=weight, comment=comment,
        entered_at=datetime(2026, 11, 18, 9, 0)))


def _absent(session: Session, school: SmallSchool, lesson_id: uuid.UUID, code: str,
            student: int = 0) -> None:
    save(session, school.system, Attendance(
        lesson_id=lesson_id, student_id=school.student_ids[student], code=code,
        entered_at=datetime(2026, 11, 18, 9, 0)))


@contextmanager
def count_statements(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = session.get_bind()

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


# --- who sees what --------------------------------------------------------------------------


def test_parent_without_consent_sees_nothing_but_an_explanation(
    session: Session, small_school: SmallSchool
) -> None:
    school = small_school
    child = school.student_ids[1]
    visible = students_visible_to(session, school.parent_without_consent)
    assert [v.id for v in visible] == [child]
    assert not visible[0].available
    assert "согласие" in visible[0].note and "152-ФЗ" in visible[0].note
    for read in (
        lambda: diary_week(session, school.parent_without_consent, child, TODAY),
        lambda: subject_overview(session, school.parent_without_consent, child, school.q2_id),
        lambda: averages_over_time(session, school.parent_without_consent, child,
                                   date(2026, 9, 1), TODAY),
        lambda: diary_periods(session, school.parent_without_consent, child),
    ):
        with pytest.raises(PermissionDenied, match="согласие"):
            read()


def test_parent_with_consent_reads_its_child_only(
    session: Session, small_school: SmallSchool
) -> None:
    school = small_school
    visible = students_visible_to(session, school.parent)
    assert [(v.id, v.available, v.class_title) for v in visible] == [
        (school.student_ids[0], True, "5 «А»")]
    assert diary_week(session, school.parent, school.student_ids[0], TODAY).student_name == (
        "Алексеев Иван Петрович")
    with pytest.raises(PermissionDenied):
        diary_week(session, school.parent, school.student_ids[1], TODAY)


def test_student_reads_its_own_diary_only(session: Session, small_school: SmallSchool) -> None:
    school = small_school
    assert [v.id for v in students_visible_to(session, school.student)] == [
        school.student_ids[0]]
    with pytest.raises(PermissionDenied):
        diary_week(session, school.student, school.student_ids[2], TODAY)


def test_class_teacher_sees_its_class_admin_everyone_others_nobody(
    session: Session, small_school: SmallSchool
) -> None:
    school = small_school
    present = list(school.student_ids[:-1])  # the last one left on 10 November
    assert [v.id for v in students_visible_to(session, school.math_teacher)] == present
    assert [v.id for v in students_visible_to(session, school.admin)] == present
    assert students_visible_to(session, school.other_teacher) == ()
    assert students_visible_to(session, school.sysadmin) == ()
    # On a day the last student was still there, it is listed too (alphabetical order).
    earlier = students_visible_to(session, school.math_teacher, date(2026, 11, 2))
    assert [v.id for v in earlier] == list(school.student_ids)
    with pytest.raises(PermissionDenied):
        diary_week(session, school.sysadmin, school.student_ids[0], TODAY)


# --- the week ------------------------------------------------------------------------------------


def test_week_shows_lessons_like_a_paper_diary(session: Session, small_school: SmallSchool) -> None:
    school = small_school
    monday = date(2026, 11, 16)
    lesson = _lesson(session, school, monday, topic="Дроби", homework="№ 12, 14",
                     substitute_teacher_id=school.other_teacher_id,
                     substitution_reason="болезнь учителя")
    _mark(session, school, lesson, "5", comment="Отличный ответ!")
    _mark(session, school, lesson, "4", weight=2.0, work_type="Диктант", position=2)
    _absent(session, school, school.english1_lesson_today_id, "оп")
    session.commit()

    week = diary_week(session, school.student, school.student_ids[0], date(2026, 11, 19))
    assert week.monday == monday and week.saturday == date(2026, 11, 21)
    assert [d.date.isoweekday() for d in week.days] == [1, 2, 3, 4, 5, 6]
    assert week.class_title == "5 «А»"
    first = week.days[0].lessons[0]
    assert (first.subject, first.teacher, first.substitute) == (
        "Математика", "Смирнова О. П.", "Попова Е. В.")
    assert (first.topic, first.homework, first.marks_text) == ("Дроби", "№ 12, 14", "5/4")
    assert [m.work_type for m in first.marks] == ["Работа на уроке", "Диктант"]
    assert first.comments == ("Отличный ответ!",)
    assert (first.starts_at, first.ends_at) == (
        datetime(2026, 1, 1, 8, 30).time(), datetime(2026, 1, 1, 9, 15).time())
    wednesday = week.days[2]
    assert [(x.lesson_number, x.subject) for x in wednesday.lessons] == [
        (1, "Математика"), (2, "Английский язык")]
    english = wednesday.lessons[1]
    assert (english.attendance, english.attendance_title) == ("оп", "опоздал")
    assert not english.planned  # the lesson exists, no planned twin
    # A student of the other English group does not see group 1's lesson.
    other = diary_week(session, school.math_teacher, school.student_ids[1], monday)
    assert [x.subject for x in other.days[2].lessons] == ["Математика"]


def test_future_week_shows_the_timetable(session: Session, small_school: SmallSchool) -> None:
    school = small_school
    week = diary_week(session, school.student, school.student_ids[0], date(2026, 11, 23))
    planned = [(d.date.isoweekday(), x.lesson_number, x.subject)
               for d in week.days for x in d.lessons]
    assert planned == [(1, 1, "Математика"), (3, 1, "Математика"), (3, 2, "Английский язык")]
    assert all(x.planned and not x.marks for d in week.days for x in d.lessons)


def test_week_navigation_across_a_holiday(session: Session, small_school: SmallSchool) -> None:
    school = small_school
    save(session, school.system, Holiday(
        year_id=school.year_id, name="Осенние каникулы", start_date=date(2026, 10, 26),
        end_date=date(2026, 11, 4)))
    before = _lesson(session, school, date(2026, 10, 23), topic="Повторение")
    _mark(session, school, before, "4")
    _lesson(session, school, date(2026, 11, 5), topic="Новая четверть")
    session.commit()

    week = diary_week(session, school.student, school.student_ids[0], date(2026, 10, 23))
    assert week.monday == date(2026, 10, 19)
    assert [x.topic for x in week.days[4].lessons] == ["Повторение"]
    assert not any(d.day_off for d in week.days)

    week = diary_week(session, school.student, school.student_ids[0], week.next_monday)
    assert week.monday == date(2026, 10, 26)
    assert [d.holiday for d in week.days] == ["Осенние каникулы"] * 6
    assert all(d.day_off and not d.lessons for d in week.days)

    week = diary_week(session, school.student, school.student_ids[0], week.next_monday)
    assert week.monday == date(2026, 11, 2)
    assert [bool(d.holiday) for d in week.days] == [True, True, True, False, False, False]
    assert [x.topic for x in week.days[3].lessons] == ["Новая четверть"]

    back = diary_week(session, school.student, school.student_ids[0],
                      week.previous_monday - timedelta(days=7))
    assert back.monday == date(2026, 10, 19)


def test_days_outside_the_school_year(session: Session, small_school: SmallSchool) -> None:
    school = small_school
    week = diary_week(session, school.admin, school.student_ids[0], date(2026, 8, 31))
    assert [d.outside_year for d in week.days] == [True, False, False, False, False, False]


def test_week_reads_in_a_fixed_number_of_statements(
    session: Session, small_school: SmallSchool
) -> None:
    school = small_school
    for offset in range(5):
        lesson = _lesson(session, school, date(2026, 11, 16) + timedelta(days=offset), 3)
        for student in range(4):
            _mark(session, school, lesson, "5", student=student)
    session.commit()
    session.expire_all()
    with count_statements(session) as statements:
        diary_week(session, school.parent, school.student_ids[0], date(2026, 11, 16))
    assert len(statements) <= 14


# --- forecast and "what if" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "threshold", "average", "mark"),
    [
        ([("5", 1.0), ("3", 2.0)], 0.6, 3.67, "4"),  # (5 + 6) / 3
        ([("4", 1.0), ("3", 1.0), ("3", 1.0)], 0.6, 3.33, "3"),
        ([("3", 1.0), ("3", 1.0), ("5", 1.0), ("3", 1.0), ("4", 1.0)], 0.6, 3.6, "4"),
        ([("4", 1.0), ("3", 1.0)], 0.5, 3.5, "4"),
        ([("4", 1.0), ("3", 1.0)], 0.6, 3.5, "3"),
        ([("н", 1.0), ("5", 1.0)], 0.6, 5.0, "5"),  # non-numeric entries do not count
        ([], 0.6, None, None),
    ],
)
def test_forecast_by_the_schools_rule(
    marks: list[tuple[str, float]], threshold: float, average: float | None, mark: str | None
) -> None:
    assert forecast(marks, threshold) == (average, mark)


def test_what_if_hand_computed() -> None:
    # 4 and 3: average 3.5, forecast 3 at threshold 0.6.
    options = what_if([("4", 1.0), ("3", 1.0)], [1.0, 2.0], 0.6)
    plain = {(o.target, o.value): o.count for o in options if o.weight == 1.0}
    # To 4 (needs 3.6): one 5 → 4.0; one 4 → 11/3 = 3.67.
    assert plain[("4", "5")] == 1 and plain[("4", "4")] == 1
    # To 5 (needs 4.6): six 5s → 37/8 = 4.625 (five give 32/7 = 4.57).
    assert plain[("5", "5")] == 6
    heavy = {(o.target, o.value): o.count for o in options if o.weight == 2.0}
    # Weight-2 fives: (7 + 10n) / (2 + 2n) ≥ 4.6 → n = 3 (37/8), two give 27/6 = 4.5.
    assert heavy[("5", "5")] == 3
    assert ("3", "5") not in plain  # already 3: no lower or equal targets


def test_what_if_with_weights_and_a_hopeless_target() -> None:
    # 5 (w1), 3 (control work, w2), 4 (w1): (5 + 6 + 4) / 4 = 3.75 → 4.
    marks = [("5", 1.0), ("3", 2.0), ("4", 1.0)]
    options = what_if(marks, [1.0, 2.0], 0.6)
    assert {o.target for o in options} == {"5"}
    # (15 + 5n) / (4 + n) ≥ 4.6 → n = 9 (60/13 = 4.615; eight give 55/12 = 4.58).
    assert WhatIf("5", "5", 1.0, 9) in options
    # Control works: (15 + 10n) / (4 + 2n) ≥ 4.6 → n = 5 (65/14 = 4.64).
    assert WhatIf("5", "5", 2.0, 5) in options
    # Fours never make a 5.
    assert not any(o.value == "4" and o.target == "5" for o in options)
    # Already at the top: nothing to wish for.
    assert what_if([("5", 1.0)], [1.0], 0.6) == []
    # Forty 2s: ten 5s make exactly 2.6 → 3, or eighteen 4s; a 4 would need more
    # than thirty extra marks, so it is left out rather than promised.
    assert what_if([("2", 1.0)] * 40, [1.0], 0.6) == [
        WhatIf("3", "5", 1.0, 10), WhatIf("3", "4", 1.0, 18)]
    # No marks yet: one mark of the target (or better) is enough.
    empty = what_if([], [1.0], 0.6)
    assert WhatIf("5", "5", 1.0, 1) in empty and WhatIf("2", "2", 1.0, 1) in empty


def test_what_if_threshold_half() -> None:
    # 4, 4, 5 = 4.33 → 4; at threshold 0.5 one more 5 gives 4.5 → 5.
    assert what_if([("4", 1.0), ("4", 1.0), ("5", 1.0)], [1.0], 0.5) == [
        WhatIf("5", "5", 1.0, 1)]


# --- the overview ----------------------------------------------------------------------------


def test_subject_overview_matches_hand_computation(
    session: Session, small_school: SmallSchool
) -> None:
    school = small_school
    first = _lesson(session, school, date(2026, 11, 9))
    second = _lesson(session, school, date(2026, 11, 11), work_type=CONTROL, control_work=True)
    third = _lesson(session, school, date(2026, 11, 16))
    ill = _lesson(session, school, date(2026, 11, 13), 2)
    late = _lesson(session, school, date(2026, 11, 12), 2)
    _mark(session, school, first, "5")
    _mark(session, school, second, "3", weight=2.0, work_type=CONTROL, comment="Повторить")
    _mark(session, school, third, "4")
    _mark(session, school, school.math_lesson_old_id, "2")  # first quarter: not counted
    _absent(session, school, ill, "б")
    _absent(session, school, late, "оп")
    _absent(session, school, school.english1_lesson_today_id, "н")
    session.commit()

    overview = subject_overview(session, school.parent, school.student_ids[0], school.q2_id)
    by_name = {o.subject: o for o in overview}
    assert list(by_name) == ["Математика", "Английский язык", "Индивидуальный проект"]
    maths = by_name["Математика"]
    assert [(m.date, m.value, m.weight) for m in maths.marks] == [
        (date(2026, 11, 9), "5", 1.0), (date(2026, 11, 11), "3", 2.0),
        (date(2026, 11, 16), "4", 1.0)]
    assert maths.marks[1].comment == "Повторить"
    assert (maths.average, maths.forecast) == (3.75, "4")
    assert (maths.absences, maths.absences_illness, maths.late_arrivals) == (1, 1, 1)
    assert maths.teacher == "Смирнова О. П."
    assert WhatIf("5", "5", 1.0, 9) in maths.what_if
    assert WhatIf("5", "5", 2.0, 5) in maths.what_if
    # The same numbers as the period-mark suggestion the teacher sees.
    suggestion = suggest_period_mark(session, school.admin, school.student_ids[0],
                                     school.math_id, school.q2_id)
    assert (suggestion.average, suggestion.suggested) == (maths.average, maths.forecast)
    english = by_name["Английский язык"]
    assert (english.average, english.forecast, english.absences) == (None, None, 1)
    assert WhatIf("5", "5", 1.0, 1) in english.what_if
    project = by_name["Индивидуальный проект"]
    assert project.assessment == "pass_fail" and project.what_if == ()

    year = subject_overview(session, school.admin, school.student_ids[0], None,
                            year_id=school.year_id)
    year_maths = next(o for o in year if o.subject == "Математика")
    assert [m.value for m in year_maths.marks] == ["2", "5", "3", "4"]  # by date
    assert year_maths.average == 3.4  # (2 + 5 + 6 + 4) / 5


def test_periods_and_averages_over_time(session: Session, small_school: SmallSchool) -> None:
    school = small_school
    periods = diary_periods(session, school.student, school.student_ids[0])
    assert [p.name for p in periods] == ["I четверть", "II четверть", "2026/2027 учебный год"]
    assert periods[-1].id is None
    _mark(session, school, school.math_lesson_old_id, "3")  # September
    _mark(session, school, school.math_lesson_today_id, "5")  # November
    _mark(session, school, school.english1_lesson_today_id, "4", weight=2.0)
    session.commit()
    series = averages_over_time(session, school.student, school.student_ids[0],
                                date(2026, 9, 1), TODAY)
    assert [s.subject for s in series] == ["", "Математика", "Английский язык"]
    overall, maths, english = series
    assert overall.subject_id is None
    assert [(p.month, p.average) for p in overall.points] == [
        (date(2026, 9, 1), 3.0), (date(2026, 11, 1), 4.33)]  # (5 + 8) / 3
    assert [p.average for p in maths.points] == [3.0, 5.0]
    assert [p.average for p in english.points] == [4.0]


def test_monday_of() -> None:
    assert monday_of(date(2026, 11, 22)) == date(2026, 11, 16)
    assert monday_of(date(2026, 11, 16)) == date(2026, 11, 16)
