"""Journal-keeping control on the hand-built week of the activity tests (see that
module's docstring for the lessons), plus late flags and period marks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied, ValidationError
from database.models import Lesson, Mark, PeriodMark
from database.queries.journal_control import JournalControl, load_control, marks_required
from tests.database.conftest import NOW, SmallSchool
from tests.database.test_activity_indicators import REPORT_AT, week

__all__ = ["week"]  # the fixture, used here by name


def _math(report_journals: tuple[JournalControl, ...]) -> JournalControl:
    return next(j for j in report_journals if j.journal == "5 «А» · Математика")


def test_thresholds_scale_with_the_weeks() -> None:
    thresholds = {1: 3, 2: 5, 3: 7}
    assert marks_required(thresholds, 5, 9) == 7  # more hours than the largest key
    assert marks_required(thresholds, 2, 9) == 5
    assert marks_required(thresholds, 1, 4.5) == 1  # half a quarter: 1,5 → 1
    assert marks_required(thresholds, 2, 20) == 5  # never more than the quarter's
    assert marks_required(thresholds, 0.5, 9) == 3


def test_what_the_lessons_miss_and_what_came_late(session: Session, week: SmallSchool) -> None:
    s = week
    late_mark = session.execute(
        select(Mark).where(Mark.student_id == s.student_ids[1])).scalars().one()
    late_mark.late = True  # the mark entered on the next day
    save(session, s.system, late_mark)
    wednesday = session.get(Lesson, s.math_lesson_today_id)
    assert wednesday is not None
    wednesday.homework_late = True
    save(session, s.system, wednesday)
    session.commit()

    report = load_control(session, s.admin, date(2026, 11, 16), date(2026, 11, 20),
                          now=REPORT_AT)
    math = _math(report.journals)
    assert math.teacher == "Смирнова О. П." and math.lessons_held == 3
    assert [r.day for r in math.no_topic] == [date(2026, 11, 18), date(2026, 11, 20)]
    assert [r.day for r in math.no_homework] == [date(2026, 11, 16), date(2026, 11, 20)]
    # Wednesday has homework only: no mark, no code, not marked conducted.
    assert [r.lesson_id for r in math.no_attendance] == [s.math_lesson_today_id]
    assert math.no_attendance[0].assignment_id == s.math_assignment_id
    assert (math.late_marks, math.late_attendance) == (1, 0)
    assert [r.lesson_id for r in math.late_homework] == [s.math_lesson_today_id]
    assert math.has_findings
    # The conducted English lesson misses its topic and homework, not its attendance.
    english = next(j for j in report.journals if j.journal.endswith("1 гр."))
    assert english.lessons_held == 1 and not english.no_attendance
    # By teacher: Кузнецова's journals first, Смирнова's last.
    assert report.journals[0].teacher == "Кузнецова А. И."
    assert report.journals[-1].teacher == "Смирнова О. П."


def test_missing_period_marks_and_too_few_marks(session: Session, week: SmallSchool) -> None:
    s = week
    for student in s.student_ids[:3]:
        save(session, s.system, PeriodMark(student_id=student, subject_id=s.math_id,
                                           year_id=s.year_id, kind="period", period_id=s.q1_id,
                                           value="4", entered_at=NOW))
    session.commit()
    # From 19.10: the first quarter's last week (18–24.10) is inside; 4,7 weeks.
    report = load_control(session, s.admin, date(2026, 10, 19), date(2026, 11, 20),
                          now=REPORT_AT)
    math = _math(report.journals)
    (missing,) = math.period_marks
    assert missing.period == "I четверть"
    assert missing.students == ("Григорьева Анна", "Дмитриев Олег")  # he left after 24.10
    assert math.marks_required == 3  # 7 a quarter × 4,7 / 9 weeks
    assert [(f.student, f.marks) for f in math.few_marks] == [
        ("Алексеев Иван", 1), ("Борисова Мария", 1), ("Васильев Пётр", 1),
        ("Григорьева Анна", 0)]
    # The pass/fail project is not checked for marks.
    project = next(j for j in report.journals if "проект" in j.journal)
    assert project.marks_required == 0 and not project.few_marks


def test_a_teacher_checks_its_own_journals_only(session: Session, week: SmallSchool) -> None:
    s = week
    report = load_control(session, s.english_teacher, date(2026, 11, 16), date(2026, 11, 20),
                          now=REPORT_AT)
    assert {j.teacher for j in report.journals} == {"Кузнецова А. И."}
    assert len(report.journals) == 2
    for actor in (s.student, s.sysadmin):
        with pytest.raises(PermissionDenied):
            load_control(session, actor, date(2026, 11, 16), date(2026, 11, 20))
    with pytest.raises(ValidationError):
        load_control(session, s.admin, date(2026, 11, 20), date(2026, 11, 16))
