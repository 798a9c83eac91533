"""Progress by teacher and by grade level, and the average against the period mark,
against hand-computed figures for 5 «А» in the II quarter (the marks of
:mod:`tests.database.test_progress_attendance`): Дмитриев left on 10.11 and is not
counted, Васильев is exempt in math, Григорьева is not attested in math. English is
taught in two groups by Кузнецова (group 1: Алексеев, Васильев and Дмитриев, who
left; group 2: Борисова, Григорьева).

A 1 «А» class (grade 1, taught without marks by the school's setting) with a period
mark written past the services is in none of the figures.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied
from database.models import (
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Student,
    StudyPeriod,
    TeachingAssignment,
)
from database.queries.journal_control import load_control
from database.queries.progress import load_progress
from database.queries.progress_scope import BY_GRADE, BY_TEACHER, load_school_progress
from tests.database.conftest import NOW, SmallSchool
from tests.database.test_progress_attendance import Q2, _period_marks


@pytest.fixture
def marked(session: Session, small_school: SmallSchool) -> SmallSchool:
    s = small_school
    _period_marks(session, s)
    first = SchoolClass(year_id=s.year_id, grade=1, letter="А")
    save(session, s.system, first)
    pupil = Student(surname="Яковлев", name="Юрий", patronymic="Юрьевич", gender="m",
                    birth_date=date(2019, 1, 1))
    save(session, s.system, pupil)
    save(session, s.system, Enrolment(student_id=pupil.id, class_id=first.id,
                                      start_date=date(2026, 9, 1)))
    journal = TeachingAssignment(year_id=s.year_id, class_id=first.id, subject_id=s.math_id,
                                 teacher_id=s.math_teacher_id, hours_per_week=4)
    save(session, s.system, journal)
    save(session, s.system, PeriodMark(student_id=pupil.id, subject_id=s.math_id,
                                       year_id=s.year_id, kind="period", period_id=s.q2_id,
                                       value="2", entered_at=NOW))
    save(session, s.system, Lesson(assignment_id=journal.id, date=date(2026, 11, 16),
                                   lesson_number=3, topic="Счёт до десяти", homework="—",
                                   conducted=True))
    session.commit()
    return s


def _figures(line: object) -> tuple[object, ...]:
    c = line.counts  # type: ignore[attr-defined]
    return (c.attested, c.n5, c.n4, c.n3, c.n2, c.not_attested, c.exempt, c.success,
            c.quality, c.sou)


def test_progress_by_teacher(session: Session, marked: SmallSchool) -> None:
    report = load_school_progress(session, marked.admin, BY_TEACHER, *Q2)
    assert [t.title for t in report.tables] == ["II четверть"]
    lines = [(line.name, line.total, _figures(line)) for line in report.tables[0].lines]
    assert lines == [
        # English: group 1 — 5 and 4 (Дмитриев left); group 2 — 3 and 2.
        ("Кузнецова А. И.", True, (4, 1, 1, 1, 1, 0, 0, 75.0, 50.0, 54.0)),
        ("5 «А» · Английский язык (Английский, 1 гр.)", False,
         (2, 1, 1, 0, 0, 0, 0, 100.0, 100.0, 82.0)),
        ("5 «А» · Английский язык (Английский, 2 гр.)", False,
         (2, 0, 0, 1, 1, 0, 0, 50.0, 0.0, 26.0)),
        # Math: 5, 4, exempt (not in N), not attested (in N); 1 «А» is not counted.
        ("Смирнова О. П.", True, (3, 1, 1, 0, 0, 1, 1, 66.7, 66.7, 57.0)),
        ("5 «А» · Математика", False, (3, 1, 1, 0, 0, 1, 1, 66.7, 66.7, 57.0)),
    ]
    assert report.unmarked_grades == (1,)


def test_a_teacher_sees_its_own_journals_only(session: Session, marked: SmallSchool) -> None:
    report = load_school_progress(session, marked.english_teacher, BY_TEACHER, *Q2)
    assert report.tables[0].lines[0].name == "Кузнецова А. И."
    assert all("Математика" not in line.name for line in report.tables[0].lines)
    with pytest.raises(PermissionDenied):
        load_school_progress(session, marked.english_teacher, BY_GRADE, *Q2)
    with pytest.raises(PermissionDenied):
        load_school_progress(session, marked.student, BY_TEACHER, *Q2)


def test_progress_by_grade_level(session: Session, marked: SmallSchool) -> None:
    report = load_school_progress(session, marked.admin, BY_GRADE, *Q2)
    lines = [(line.name, line.total, _figures(line)) for line in report.tables[0].lines]
    # The grade sums its subjects as the class's total line does: N = 3 + 4 = 7,
    # (5+4+3) = 5 → 71.4 %, (5+4) = 4 → 57.1 %, СОУ 387 / 7 = 55.3.
    assert lines == [
        ("5-е классы", True, (7, 2, 2, 1, 1, 1, 1, 71.4, 57.1, 55.3)),
        ("Математика", False, (3, 1, 1, 0, 0, 1, 1, 66.7, 66.7, 57.0)),
        ("Английский язык", False, (4, 1, 1, 1, 1, 0, 0, 75.0, 50.0, 54.0)),
    ]


def test_a_grade_without_marks_has_no_progress_nor_marks_control(
    session: Session, marked: SmallSchool
) -> None:
    first = session.query(SchoolClass).filter_by(grade=1).one()
    report = load_progress(session, marked.admin, first.id, *Q2)
    assert report.unmarked and all(not p.subjects for p in report.periods)
    # The control asks grade 1 for neither period marks nor a number of marks.
    control = load_control(session, marked.admin, date(2026, 11, 5), date(2026, 12, 28),
                           now=datetime(2026, 12, 28, 18, 0))
    journal = next(j for j in control.journals if j.journal.startswith("1 «А»"))
    assert journal.period_marks == () and journal.marks_required == 0
    assert journal.few_marks == () and not journal.has_findings
    five = next(j for j in control.journals if j.journal == "5 «А» · Математика")
    assert five.marks_required > 0


def test_average_against_the_period_mark(session: Session, marked: SmallSchool) -> None:
    s = marked
    lesson = session.get(Lesson, s.math_lesson_today_id)
    assert lesson is not None
    # Алексеев: 5 (weight 1) and 4 (weight 2): 4,33 rounds to 4, though «5» was given.
    for value, weight in (("5", 1.0), ("4", 2.0)):
        position = 1 if value == "5" else 2
        save(session, s.system, Mark(lesson_id=lesson.id, student_id=s.student_ids[0],
                                     position=position, value=value, weight=weight,
                                     entered_at=NOW))
    # Борисова: one «4», and «4» given.
    save(session, s.system, Mark(lesson_id=lesson.id, student_id=s.student_ids[1], value="4",
                                 entered_at=NOW))
    session.commit()
    report = load_progress(session, s.admin, s.class_id, *Q2)
    rows = {(c.student, c.subject): c for c in report.periods[0].comparison}
    alekseev = rows[("Алексеев Иван", "Матем.")]
    assert (alekseev.marks, alekseev.average, alekseev.suggested, alekseev.given) == (
        2, 4.33, "4", "5")
    assert alekseev.differs
    borisova = rows[("Борисова Мария", "Матем.")]
    assert (borisova.average, borisova.suggested, borisova.given, borisova.differs) == (
        4.0, "4", "4", False)
    # No current marks: the period mark is listed with nothing to compare it with.
    vasiliev = rows[("Васильев Пётр", "Матем.")]
    assert (vasiliev.marks, vasiliev.suggested, vasiliev.given, vasiliev.differs) == (
        0, "", "осв.", False)
    assert ("Дмитриев Олег", "Матем.") not in rows  # left before the period's end
    assert session.get(StudyPeriod, s.q2_id) is not None
