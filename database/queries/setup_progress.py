"""How far the school's set-up has come: the steps schools take, in order, each with
what the database already has and what is still missing (administration only).

The main window's set-up checklist shows these; the texts are the GUI's, so each
step carries counts and the names of what lacks (classes, grades), not sentences —
except the calendar's problems, which come from :mod:`database.calendar_presets`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.calendar_presets import PeriodSpan, calendar_problems
from database.display_names import class_title
from database.models import (
    Account,
    Bell,
    Consent,
    Enrolment,
    Guardian,
    Holiday,
    PlanTopic,
    School,
    SchoolClass,
    Staff,
    StudentGuardian,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from database.permissions import CONSENT_KIND_PERSONAL_DATA, require_admin
from database.queries.home import current_year
from database.queries.timetable_fill import filled_classes
from database.school_calendar import DayOff
from database.services.journal_rules import covers_day

STEP_KEYS: Final = (
    "school", "calendar", "bells", "holidays", "subjects", "staff", "classes",
    "students", "assignments", "timetable", "plans", "accounts",
)


@dataclass(frozen=True)
class SetupStep:
    """One step: ``count`` of what it makes (``of``: out of how many, where that
    makes sense), ``lacking``: names of what still lacks it (classes, grades),
    ``problems``: Russian lines (the calendar's gaps), ``extra``: further counts."""

    key: str
    done: bool
    count: int = 0
    of: int = 0
    lacking: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SetupProgress:
    year_name: str  # "" while the school has no school year
    steps: tuple[SetupStep, ...]

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    def step(self, key: str) -> SetupStep:
        return next(s for s in self.steps if s.key == key)

    @property
    def next_step(self) -> SetupStep | None:
        return next((s for s in self.steps if not s.done), None)


def _count(session: Session, stmt: object) -> int:
    return int(session.execute(stmt).scalar_one())  # type: ignore[call-overload]


def _names(classes: Sequence[SchoolClass], ids: set[uuid.UUID]) -> tuple[str, ...]:
    return tuple(class_title(c.grade, c.letter) for c in classes if c.id in ids)


def setup_progress(session: Session, actor: Actor, today: date) -> SetupProgress:
    require_admin(actor, "просмотр подготовки школы к работе")
    school = session.execute(select(School).limit(1)).scalar()
    year = current_year(session)
    year_id = year.id if year is not None else None
    steps: list[SetupStep] = [
        SetupStep("school", school is not None and bool(
            school.full_name and school.short_name and school.director_name)),
    ]

    # --- the calendar --------------------------------------------------------------
    periods = session.execute(
        select(StudyPeriod).where(StudyPeriod.year_id == year_id)
    ).scalars().all()
    holidays = session.execute(select(Holiday).where(Holiday.year_id == year_id)).scalars().all()
    problems: list[str] = []
    if year is not None:
        problems = calendar_problems(
            year.start_date, year.end_date,
            [PeriodSpan(p.name, p.grade_from, p.grade_to, p.start_date, p.end_date)
             for p in periods],
            [DayOff(h.start_date, h.end_date, h.grade_from, h.grade_to) for h in holidays],
        )
    covered = {g for p in periods for g in range(p.grade_from, p.grade_to + 1)}
    steps.append(SetupStep(
        "calendar", year is not None and covered >= set(range(1, 12)), count=len(periods),
        problems=tuple(problems),
    ))
    bells = _count(session, select(func.count()).select_from(Bell).where(Bell.year_id == year_id))
    steps.append(SetupStep("bells", bells > 0, count=bells))
    steps.append(SetupStep("holidays", bool(holidays), count=len(holidays)))

    # --- people and classes --------------------------------------------------------
    subjects = _count(session, select(func.count()).select_from(Subject))
    steps.append(SetupStep("subjects", subjects > 0, count=subjects))
    staff = _count(session, select(func.count()).select_from(Staff).where(Staff.active.is_(True)))
    # The director is entered with the school: the step needs the teachers too.
    steps.append(SetupStep("staff", staff > 1, count=staff))

    classes = session.execute(
        select(SchoolClass).where(SchoolClass.year_id == year_id)
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ).scalars().all()
    class_ids = {c.id for c in classes}
    no_teacher = {c.id for c in classes if c.class_teacher_id is None}
    steps.append(SetupStep("classes", bool(classes), count=len(classes),
                           lacking=_names(classes, no_teacher)))

    enrolled = covers_day(Enrolment.start_date, Enrolment.end_date, today)
    pupils = dict(session.execute(
        select(Enrolment.class_id, func.count(distinct(Enrolment.student_id)))
        .where(enrolled, Enrolment.class_id.in_(class_ids)).group_by(Enrolment.class_id)
    ).all())
    students = sum(pupils.values())
    student_ids = select(Enrolment.student_id).where(enrolled, Enrolment.class_id.in_(class_ids))
    guardian_ids = select(StudentGuardian.guardian_id).where(
        StudentGuardian.student_id.in_(student_ids))
    guardians = _count(session, select(func.count()).select_from(Guardian).where(
        Guardian.id.in_(guardian_ids)))
    consents = _count(session, select(func.count(distinct(Consent.guardian_id))).where(
        Consent.guardian_id.in_(guardian_ids),
        Consent.kind == CONSENT_KIND_PERSONAL_DATA,
        Consent.granted_on <= today,
        Consent.withdrawn_on.is_(None) | (Consent.withdrawn_on > today),
    ))
    steps.append(SetupStep(
        "students", students > 0, count=students, of=len(classes),
        lacking=_names(classes, class_ids - set(pupils)),
        extra={"guardians": guardians, "consents": consents},
    ))

    assignments = session.execute(
        select(TeachingAssignment.id, TeachingAssignment.class_id)
        .where(TeachingAssignment.year_id == year_id)
    ).all()
    taught = {class_id for _, class_id in assignments}
    steps.append(SetupStep(
        "assignments", bool(assignments) and class_ids <= taught, count=len(assignments),
        of=len(classes), lacking=_names(classes, class_ids - taught),
    ))

    with_timetable = filled_classes(session, year, today)
    filled = len(class_ids & with_timetable)
    steps.append(SetupStep(
        "timetable", bool(classes) and filled == len(classes), count=filled, of=len(classes),
        lacking=_names(classes, class_ids - with_timetable),
    ))

    planned = _count(session, select(func.count(distinct(PlanTopic.assignment_id))).where(
        PlanTopic.assignment_id.in_([a for a, _ in assignments])))
    steps.append(SetupStep(
        "plans", bool(assignments) and planned == len(assignments), count=planned,
        of=len(assignments),
    ))

    # --- accounts: every active staff member, enrolled student and their parents ------
    staff_without = _count(session, select(func.count()).select_from(Staff).where(
        Staff.active.is_(True), Staff.id.not_in(select(Account.staff_id).where(
            Account.staff_id.is_not(None)))))
    students_without = _count(session, select(func.count(distinct(Enrolment.student_id))).where(
        enrolled, Enrolment.class_id.in_(class_ids),
        Enrolment.student_id.not_in(select(Account.student_id).where(
            Account.student_id.is_not(None)))))
    guardians_without = _count(session, select(func.count()).select_from(Guardian).where(
        Guardian.id.in_(guardian_ids), Guardian.id.not_in(select(Account.guardian_id).where(
            Account.guardian_id.is_not(None)))))
    without = staff_without + students_without + guardians_without
    steps.append(SetupStep(
        "accounts", staff + students > 1 and without == 0,
        count=_count(session, select(func.count()).select_from(Account).where(
            Account.status != "disabled")),
        extra={"staff": staff_without, "students": students_without,
               "guardians": guardians_without},
    ))
    assert tuple(s.key for s in steps) == STEP_KEYS
    return SetupProgress(year.name if year is not None else "", tuple(steps))
