"""Progress and attendance of 5 «А» against hand-computed figures.

Progress, II quarter (ends 28.12): Дмитриев left on 10.11, before the end, and is not
counted though he has a mark; Васильев is exempt in math; Григорьева is not attested
in math. English is taught in two groups (Алексеев, Васильев, Дмитриев in group 1).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied
from database.models import Attendance, Lesson, PeriodMark
from database.queries.attendance_report import load_attendance
from database.queries.progress import Counts, count_marks, load_progress
from tests.database.conftest import NOW, SmallSchool

Q2 = (date(2026, 11, 5), date(2026, 12, 28))

MATH_Q2 = ("5", "4", "осв.", "н/а", "3")  # by student; the last one has left
ENGLISH_Q2 = ("5", "3", "4", "2", "5")


def _period_marks(session: Session, s: SmallSchool) -> None:
    for subject, values, period in ((s.math_id, MATH_Q2, s.q2_id),
                                    (s.english_id, ENGLISH_Q2, s.q2_id),
                                    (s.math_id, ("5", "5", "4", "3", "3"), s.q1_id)):
        for student, value in zip(s.student_ids, values, strict=True):
            save(session, s.system, PeriodMark(
                student_id=student, subject_id=subject, year_id=s.year_id, kind="period",
                period_id=period, value=value, entered_at=NOW))
    session.commit()


def test_counts_and_the_formulas() -> None:
    counts = count_marks(["5", "4", "4", "3", "2", "1", "н/а", "осв.", ""])
    assert (counts.n5, counts.n4, counts.n3, counts.n2) == (1, 2, 1, 2)
    assert (counts.not_attested, counts.exempt, counts.no_mark, counts.attested) == (1, 1, 1, 7)
    assert counts.success == round(100 * 4 / 7, 1) == 57.1
    assert counts.quality == round(100 * 3 / 7, 1) == 42.9
    assert counts.sou == round((100 + 2 * 64 + 36 + 2 * 16 + 7) / 7, 1) == 43.3
    assert counts.average == round((5 + 4 + 4 + 3 + 2 + 1) / 6, 2) == 3.17
    assert Counts().success is None and Counts().average is None


def test_progress_of_the_second_quarter(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    _period_marks(session, s)
    report = load_progress(session, s.admin, s.class_id, *Q2)
    assert [p.title for p in report.periods] == ["II четверть"]
    period = report.periods[0]
    assert period.students == 4  # Дмитриев left before the end
    math, english = period.subjects
    assert math.subject == "Математика"
    # 5, 4, exempt, not attested: N = 3.
    assert (math.counts.n5, math.counts.n4, math.counts.exempt,
            math.counts.not_attested, math.counts.attested) == (1, 1, 1, 1, 3)
    assert math.counts.success == 66.7 and math.counts.quality == 66.7
    assert math.counts.sou == round((100 + 64 + 7) / 3, 1) == 57.0
    assert math.counts.average == 4.5
    # 5, 3, 4, 2: N = 4.
    assert english.counts.attested == 4
    assert (english.counts.success, english.counts.quality, english.counts.sou) == (
        75.0, 50.0, 54.0)
    assert english.counts.average == 3.5
    total = period.total
    assert total.attested == 7 and total.success == 71.4 and total.quality == 57.1
    assert total.sou == round(387 / 7, 1) == 55.3
    assert [line.name for line in period.excellent] == ["Алексеев Иван"]
    assert [(line.name, line.subjects) for line in period.one_four] == [
        ("Васильев Пётр", ("Англ.",))]  # exempt in math, «4» in English
    assert [(line.name, line.subjects) for line in period.one_three] == [
        ("Борисова Мария", ("Англ.",))]
    assert [(line.name, line.subjects) for line in period.failing] == [
        ("Григорьева Анна", ("Англ.", "Матем."))]


def test_the_first_quarter_still_counts_who_left_later(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    _period_marks(session, s)
    report = load_progress(session, s.admin, s.class_id, date(2026, 9, 1), date(2026, 10, 31))
    (period,) = report.periods
    assert period.students == 5
    math = period.subjects[0].counts
    assert (math.n5, math.n4, math.n3, math.attested) == (2, 1, 2, 5)
    # No English period marks in the first quarter: not attested yet, not in N.
    assert period.subjects[1].counts.no_mark == 5 and period.subjects[1].counts.attested == 0


def test_only_the_administration_and_the_class_teacher(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    load_progress(session, s.math_teacher, s.class_id, *Q2)  # the class teacher
    with pytest.raises(PermissionDenied):
        load_progress(session, s.english_teacher, s.class_id, *Q2)
    with pytest.raises(PermissionDenied):
        load_attendance(session, s.english_teacher, s.class_id, *Q2)


def test_attendance_by_student(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    monday = date(2026, 11, 16)
    math_monday = Lesson(assignment_id=s.math_assignment_id, date=monday, lesson_number=1)
    english_monday = Lesson(assignment_id=s.english1_assignment_id, date=monday,
                            lesson_number=2)
    for lesson in (math_monday, english_monday):
        save(session, s.system, lesson)
    at = datetime(2026, 11, 16, 9, 0)

    def code(lesson: Lesson | None, student: int, value: str) -> None:
        assert lesson is not None
        save(session, s.system, Attendance(lesson_id=lesson.id, student_id=s.student_ids[student],
                                           code=value, entered_at=at))

    code(math_monday, 0, "б")  # Алексеев (group 1): both of Monday's lessons, ill
    code(english_monday, 0, "б")
    code(math_monday, 1, "у")  # Борисова (group 2): her only Monday lesson
    code(math_monday, 2, "оп")  # Васильев: late
    code(english_monday, 2, "н")  # … and missed English: not a whole day
    code(session.get(Lesson, s.math_lesson_today_id), 3, "п")  # Григорьева, Wednesday
    session.commit()

    report = load_attendance(session, s.admin, s.class_id, monday, date(2026, 11, 18))
    lines = {line.name.split()[0]: line for line in report.students}
    assert set(lines) == {"Алексеев", "Борисова", "Васильев", "Григорьева"}  # Дмитриев left
    a, b, v, g = (lines[n] for n in ("Алексеев", "Борисова", "Васильев", "Григорьева"))
    assert (a.lessons, a.missed, a.illness, a.days) == (4, 2, 2, 1)
    assert (b.lessons, b.missed, b.valid, b.days) == (2, 1, 1, 1)
    assert (v.lessons, v.missed, v.other, v.late, v.days) == (4, 1, 1, 1, 0)
    assert (g.lessons, g.missed, g.other, g.days) == (2, 1, 1, 1)
    assert report.total() == (12, 5, 2, 1, 2, 1, 3)
