"""What the next school year would be made of: the plan the next-year wizard shows
before anything is written (:mod:`database.services.year_rollover` writes it).

The old year is read as it stands on its last day: the students in each class then
(with what happens to each by default), the class's groups, teaching assignments and
the timetable in force, and whether the new year, its classes and its students'
places already exist (the rollover adds only what is missing, so it can run again).

Defaults for each student: grade 11 graduates, every other grade is promoted to the
next one with the same letter (5 «А» → 6 «А»). The wizard may change any student to
kept in the grade (repeats the year in the class of the same grade and letter), leaves
the school, or graduates — the 9th grades that finish school are chosen there.

Who may read: the administration only.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.calendar_presets import PRESETS, year_preset
from database.display_names import class_title, full_name
from database.errors import NotFound, ValidationError
from database.models import (
    AcademicYear,
    ClassGroup,
    Enrolment,
    SchoolClass,
    Student,
    StudyPeriod,
    TeachingAssignment,
    TimetableEntry,
)
from database.permissions import require_admin

LAST_GRADE = 11


class Outcome(StrEnum):
    PROMOTE = "promote"  # to the next grade, same letter
    RETAIN = "retain"  # kept in the grade: the class of the same grade and letter
    GRADUATE = "graduate"  # finishes school (11th grade, or a 9th grade chosen so)
    LEAVE = "leave"  # leaves the school


OUTCOME_TITLES: Mapping[Outcome, str] = {
    Outcome.PROMOTE: "переведён",
    Outcome.RETAIN: "оставлен в параллели",
    Outcome.GRADUATE: "выпуск",
    Outcome.LEAVE: "выбывает",
}


@dataclass(frozen=True)
class RolloverStudent:
    student_id: uuid.UUID
    name: str  # «Иванов Иван Иванович»
    default: Outcome
    placed: bool  # already in a class of the new year (the rollover leaves it there)


@dataclass(frozen=True)
class RolloverClass:
    class_id: uuid.UUID
    grade: int
    letter: str
    students: tuple[RolloverStudent, ...]  # in the class on the old year's last day
    groups: int
    assignments: int
    timetable_entries: int  # in force on the old year's last day

    @property
    def title(self) -> str:
        return class_title(self.grade, self.letter)

    @property
    def next_title(self) -> str:
        """The class its promoted students go to («» for an 11th grade)."""
        return class_title(self.grade + 1, self.letter) if self.grade < LAST_GRADE else ""


@dataclass(frozen=True)
class RolloverPlan:
    source_id: uuid.UUID
    source_name: str
    source_end: date
    target_name: str  # «2027/2028»
    target_start: date
    target_end: date
    target_id: uuid.UUID | None  # the new year if it exists already
    existing_classes: frozenset[tuple[int, str]]  # (grade, letter) of the new year
    open_periods: tuple[str, ...]  # the old year's periods not closed yet
    classes: tuple[RolloverClass, ...]  # by grade and letter

    @property
    def students(self) -> int:
        return sum(len(c.students) for c in self.classes)


@dataclass(frozen=True)
class RolloverCounts:
    """What the new year is to hold from the rollover (the preview), or what one run
    created (the result: zeros on a second run)."""

    promoted: int = 0
    retained: int = 0
    graduated: int = 0
    left: int = 0
    classes: int = 0
    groups: int = 0
    group_members: int = 0
    assignments: int = 0
    timetable_entries: int = 0
    plan_topics: int = 0
    periods: int = 0
    holidays: int = 0
    bells: int = 0

    @property
    def students(self) -> int:
        return self.promoted + self.retained + self.graduated + self.left


def default_outcome(grade: int) -> Outcome:
    return Outcome.GRADUATE if grade >= LAST_GRADE else Outcome.PROMOTE


def target_name(source: AcademicYear) -> str:
    first = source.start_date.year + 1
    return f"{first}/{first + 1}"


def check_preset(preset: str) -> None:
    if preset not in PRESETS:
        raise ValidationError(f"Неизвестный образец календаря «{preset}».")


def in_force_on(day: date) -> ColumnElement[bool]:
    """Timetable entries valid on ``day`` (an SQL condition)."""
    return (TimetableEntry.valid_from <= day) & (
        TimetableEntry.valid_to.is_(None) | (TimetableEntry.valid_to >= day)
    )


def enrolled_on(day: date) -> ColumnElement[bool]:
    """Enrolments that include ``day`` (an SQL condition)."""
    return (Enrolment.start_date <= day) & (
        Enrolment.end_date.is_(None) | (Enrolment.end_date >= day)
    )


def plan_rollover(
    session: Session, actor: Actor, source_id: uuid.UUID, preset: str = "quarters_halves"
) -> RolloverPlan:
    """The plan of the year after ``source_id`` (its dates from ``preset``)."""
    require_admin(actor, "переход на новый учебный год")
    check_preset(preset)
    source = session.get(AcademicYear, source_id)
    if source is None:
        raise NotFound("Учебный год не найден.")
    name = target_name(source)
    calendar = year_preset(preset, source.start_date.year + 1)
    target = session.execute(
        select(AcademicYear).where(AcademicYear.name == name)
    ).scalar_one_or_none()
    existing: frozenset[tuple[int, str]] = frozenset()
    placed: set[uuid.UUID] = set()
    if target is not None:
        existing = frozenset(
            (grade, letter) for grade, letter in session.execute(
                select(SchoolClass.grade, SchoolClass.letter)
                .where(SchoolClass.year_id == target.id))
        )
        placed = set(session.execute(
            select(Enrolment.student_id)
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .where(SchoolClass.year_id == target.id)
        ).scalars())
    open_periods = tuple(session.execute(
        select(StudyPeriod.name).where(StudyPeriod.year_id == source.id,
                                       StudyPeriod.closed.is_(False))
        .order_by(StudyPeriod.grade_from, StudyPeriod.start_date)
    ).scalars())

    last_day = source.end_date
    students: dict[uuid.UUID, list[tuple[str, uuid.UUID]]] = {}
    for class_id, student_id, surname, first, patronymic in session.execute(
        select(Enrolment.class_id, Student.id, Student.surname, Student.name,
               Student.patronymic)
        .join(Student, Student.id == Enrolment.student_id)
        .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .where(SchoolClass.year_id == source.id, enrolled_on(last_day))
    ):
        students.setdefault(class_id, []).append(
            (full_name(surname, first, patronymic), student_id))
    groups = Counter(session.execute(
        select(ClassGroup.class_id).join(SchoolClass, SchoolClass.id == ClassGroup.class_id)
        .where(SchoolClass.year_id == source.id)
    ).scalars())
    assignments = Counter(session.execute(
        select(TeachingAssignment.class_id).where(TeachingAssignment.year_id == source.id)
    ).scalars())
    entries = dict(session.execute(
        select(TeachingAssignment.class_id, func.count())
        .join(TimetableEntry, TimetableEntry.assignment_id == TeachingAssignment.id)
        .where(TeachingAssignment.year_id == source.id, in_force_on(last_day))
        .group_by(TeachingAssignment.class_id)
    ).all())
    classes = []
    for class_id, grade, letter in session.execute(
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
        .where(SchoolClass.year_id == source.id)
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ):
        roster = sorted(students.get(class_id, []))
        classes.append(RolloverClass(
            class_id=class_id, grade=grade, letter=letter,
            students=tuple(
                RolloverStudent(student_id, student_name, default_outcome(grade),
                                student_id in placed)
                for student_name, student_id in roster
            ),
            groups=groups[class_id], assignments=assignments[class_id],
            timetable_entries=int(entries.get(class_id, 0)),
        ))
    return RolloverPlan(
        source_id=source.id, source_name=source.name, source_end=source.end_date,
        target_name=name, target_start=calendar.start, target_end=calendar.end,
        target_id=None if target is None else target.id, existing_classes=existing,
        open_periods=open_periods, classes=tuple(classes),
    )


def outcome_of(
    student: RolloverStudent, outcomes: Mapping[uuid.UUID, Outcome]
) -> Outcome:
    return outcomes.get(student.student_id, student.default)


def preview_counts(
    plan: RolloverPlan, outcomes: Mapping[uuid.UUID, Outcome]
) -> RolloverCounts:
    """What the new year will hold from the old one with these outcomes: students by
    outcome, the classes of the new year (promoted ones, and those a kept-in-grade
    student needs), and what the promoted classes take with them."""
    counts: Counter[Outcome] = Counter()
    targets: set[tuple[int, str]] = set()
    promoted_classes: list[RolloverClass] = []
    for school_class in plan.classes:
        promotes = False
        for student in school_class.students:
            outcome = outcome_of(student, outcomes)
            counts[outcome] += 1
            if outcome is Outcome.PROMOTE and school_class.grade < LAST_GRADE:
                targets.add((school_class.grade + 1, school_class.letter))
                promotes = True
            elif outcome is Outcome.RETAIN:
                targets.add((school_class.grade, school_class.letter))
        if promotes:
            promoted_classes.append(school_class)
    return RolloverCounts(
        promoted=counts[Outcome.PROMOTE], retained=counts[Outcome.RETAIN],
        graduated=counts[Outcome.GRADUATE], left=counts[Outcome.LEAVE],
        classes=len(targets),
        groups=sum(c.groups for c in promoted_classes),
        assignments=sum(c.assignments for c in promoted_classes),
        timetable_entries=sum(c.timetable_entries for c in promoted_classes),
    )


__all__ = [
    "OUTCOME_TITLES",
    "Outcome",
    "RolloverClass",
    "RolloverCounts",
    "RolloverPlan",
    "RolloverStudent",
    "default_outcome",
    "plan_rollover",
    "preview_counts",
]
