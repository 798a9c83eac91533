"""The full-size demo school (slow: builds ~110,000 rows once for the module)."""

from __future__ import annotations

import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.changelog import verify_chain
from database.demo import DemoSchool
from database.models import (
    Account,
    Attendance,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Setting,
    Staff,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from tests.database.test_demo_tiny import build, close

# Started first (tests/conftest.py orders tests marked slow first; make test keeps each
# file on one xdist worker), so the build runs beside the rest of the suite.
pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, DemoSchool, float]]:
    started = time.perf_counter()
    session, demo = build(tmp_path_factory.mktemp("school"), size="school", today=TODAY)
    elapsed = time.perf_counter() - started
    yield session, demo, elapsed
    close(session)


def test_size(school: tuple[Session, DemoSchool, float]) -> None:
    db, demo, elapsed = school
    print(f"school demo built in {elapsed:.1f} s, {demo.rows_written} rows")
    assert demo.classes == 22
    assert 530 <= demo.students <= 580
    assert 40 <= demo.staff <= 56
    grades = Counter(db.scalars(select(SchoolClass.grade)))
    assert grades == dict.fromkeys(range(1, 12), 2)
    roles = Counter(db.scalars(select(Account.role)))
    assert 36 <= roles["teacher"] <= 50
    assert roles["admin"] >= 3 and roles["sysadmin"] == 1
    assert 40_000 <= demo.marks <= 90_000


def test_every_class_has_its_own_class_teacher(
    school: tuple[Session, DemoSchool, float],
) -> None:
    db = school[0]
    teachers = list(db.scalars(select(SchoolClass.class_teacher_id)))
    assert None not in teachers
    assert len(set(teachers)) == len(teachers)
    positions = {s.id: s.position for s in db.scalars(select(Staff))}
    for school_class in db.scalars(select(SchoolClass).where(SchoolClass.grade <= 4)):
        assert school_class.class_teacher_id is not None
        assert positions[school_class.class_teacher_id] == "учитель начальных классов"


def test_timetable_has_no_clashes_and_no_gaps(
    school: tuple[Session, DemoSchool, float],
) -> None:
    db = school[0]
    rows = db.execute(
        select(TimetableEntry, TeachingAssignment)
        .join(TeachingAssignment, TimetableEntry.assignment_id == TeachingAssignment.id)
    ).all()
    teacher_slots: Counter[tuple[uuid.UUID, int, int]] = Counter()
    class_slots: dict[tuple[uuid.UUID, int, int], list[TeachingAssignment]] = defaultdict(list)
    per_assignment: Counter[uuid.UUID] = Counter()
    for entry, assignment in rows:
        teacher_slots[(assignment.teacher_id, entry.weekday, entry.lesson_number)] += 1
        class_slots[(assignment.class_id, entry.weekday, entry.lesson_number)].append(assignment)
        per_assignment[assignment.id] += 1
        assert 1 <= entry.weekday <= 5 and 1 <= entry.lesson_number <= 7
    assert max(teacher_slots.values()) == 1
    for together in class_slots.values():
        # One lesson a slot, or the two groups of one split subject side by side.
        if len(together) > 1:
            assert len(together) == 2
            assert together[0].subject_id == together[1].subject_id
            assert None not in (together[0].group_id, together[1].group_id)
            assert together[0].teacher_id != together[1].teacher_id
    for assignment in db.scalars(select(TeachingAssignment)):
        assert per_assignment[assignment.id] == assignment.hours_per_week
    numbers: dict[tuple[uuid.UUID, int], set[int]] = defaultdict(set)
    for class_id, weekday, number in class_slots:
        numbers[(class_id, weekday)].add(number)
    for used in numbers.values():
        assert used == set(range(1, len(used) + 1))  # lessons 1..n, no gaps


def test_no_teacher_in_two_lessons(school: tuple[Session, DemoSchool, float]) -> None:
    db = school[0]
    rows = db.execute(
        select(Lesson.date, Lesson.lesson_number, Lesson.substitute_teacher_id,
               TeachingAssignment.teacher_id)
        .join(TeachingAssignment, Lesson.assignment_id == TeachingAssignment.id)
    ).all()
    seen = Counter((sub or teacher, day, number) for day, number, sub, teacher in rows)
    assert max(seen.values()) == 1
    assert any(sub is not None for _, _, sub, _ in rows)


def test_first_grade_and_unmarked_subjects_get_no_marks(
    school: tuple[Session, DemoSchool, float],
) -> None:
    db = school[0]
    rows = db.execute(
        select(SchoolClass.grade, Subject.assessment, func.count(Mark.id))
        .select_from(Mark)
        .join(Lesson, Mark.lesson_id == Lesson.id)
        .join(TeachingAssignment, Lesson.assignment_id == TeachingAssignment.id)
        .join(SchoolClass, TeachingAssignment.class_id == SchoolClass.id)
        .join(Subject, TeachingAssignment.subject_id == Subject.id)
        .group_by(SchoolClass.grade, Subject.assessment)
    ).all()
    grades = {grade for grade, _, _ in rows}
    assert 1 not in grades and grades == set(range(2, 12))
    assert {assessment for _, assessment, _ in rows} == {"marked"}


def test_absences_and_period_marks(school: tuple[Session, DemoSchool, float]) -> None:
    db, demo, _ = school
    absent = db.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.code != "оп")
    )
    assert absent is not None
    # ~25 pupils × the conducted lessons of their class; absences ≈ 5–8%.
    conducted = db.scalar(select(func.count()).select_from(Lesson).where(Lesson.conducted))
    assert conducted is not None
    share = absent / (conducted * demo.students / demo.classes)
    assert 0.03 < share < 0.10
    values = db.execute(select(Setting.value).where(Setting.key == "period_mark_values"))
    allowed = values.scalar_one()
    grades: Counter[int] = Counter()
    for value, grade in db.execute(
        select(PeriodMark.value, SchoolClass.grade)
        .join(Enrolment, Enrolment.student_id == PeriodMark.student_id)
        .join(SchoolClass, Enrolment.class_id == SchoolClass.id)
        .where(PeriodMark.kind == "period")
    ).all():
        assert value in allowed
        grades[grade] += 1
    # The first quarter has ended (grades 2–9); the first half-year has not (10–11).
    assert set(grades) == set(range(2, 10))
    assert demo.period_marks == sum(grades.values()) > 3000


def test_change_log(school: tuple[Session, DemoSchool, float]) -> None:
    report = verify_chain(school[0])
    assert report.ok
    assert report.rows_checked == school[1].rows_written
