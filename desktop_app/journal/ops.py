"""What the journal page asks the database worker to do (runs on the worker thread:
no widgets here). Each function is one user action in one session."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import PermissionDenied
from database.queries.journal import JournalData, load_journal
from database.queries.journal_choices import StaffChoice, substitute_choices, year_dates
from database.queries.period_marks import Suggestion, suggest_period_marks
from database.queries.plans import PlanTopicInfo, get_plan, next_planned_topic
from database.queries.sync_conflicts import (
    CellKey,
    ConflictItem,
    journal_cell_conflicts,
    journal_lesson_conflicts,
)
from database.services.marks import CellEntry, CellInfo, set_cells
from database.services.period_marks import PeriodMarkInfo, clear_period_mark, set_period_mark
from database.settings import SchoolSettings, load_settings


@dataclass(frozen=True)
class JournalSnapshot:
    """Everything the journal page shows, read in one background operation."""

    data: JournalData  # the whole school year
    settings: SchoolSettings
    today: date
    suggestions: Mapping[uuid.UUID, Mapping[uuid.UUID, Suggestion]]  # period → student
    keeps: bool  # the actor keeps this journal (its teacher, or the administration)
    # Open sync conflicts of the cells, (student id, lesson id) → disagreements.
    conflicts: Mapping[CellKey, tuple[ConflictItem, ...]] = field(default_factory=dict)
    # … and of the lessons' own fields (topic, homework), lesson id → disagreements.
    lesson_conflicts: Mapping[uuid.UUID, tuple[ConflictItem, ...]] = field(
        default_factory=dict)


@dataclass(frozen=True)
class LessonChoices:
    """What the lesson panel offers: the calendar-thematic plan (the next planned
    topic first) and the staff who may substitute. Read after the grid is shown."""

    plan: tuple[PlanTopicInfo, ...]
    next_topic: PlanTopicInfo | None
    staff: tuple[StaffChoice, ...]


def open_journal(session: Session, actor: Actor, assignment_id: uuid.UUID, *,
                 with_suggestions: bool = True) -> JournalSnapshot:
    """The journal page's snapshot. Without suggestions the grid can show sooner; the
    page then asks for them in a second operation (:func:`refresh_suggestions`), and
    for the lesson panel's choices in a third (:func:`lesson_choices`)."""
    from database.permissions import get_assignment, keeps_journal

    assignment = get_assignment(session, assignment_id)
    start, end = year_dates(session, assignment.year_id)
    data = load_journal(session, actor, assignment_id, start, end)
    suggestions: dict[uuid.UUID, Mapping[uuid.UUID, Suggestion]] = {}
    if with_suggestions and data.assignment.assessment == "marked":
        for period in data.periods:
            suggestions[period.id] = suggest_period_marks(session, actor, assignment_id,
                                                          period.id)
    return JournalSnapshot(
        data=data,
        settings=load_settings(session),
        today=actor.now().date(),
        suggestions=suggestions,
        keeps=keeps_journal(actor, data.assignment.teacher_id),
        conflicts=journal_cell_conflicts(session, [lesson.id for lesson in data.lessons]),
        lesson_conflicts=journal_lesson_conflicts(session, [lesson.id for lesson in data.lessons]),
    )


def lesson_choices(session: Session, actor: Actor, assignment_id: uuid.UUID) -> LessonChoices:
    from database.permissions import get_assignment, keeps_journal

    assignment = get_assignment(session, assignment_id)
    keeps = keeps_journal(actor, assignment.teacher_id)
    try:
        plan = get_plan(session, actor, assignment_id).topics
    except PermissionDenied:
        plan = ()
    return LessonChoices(
        plan=tuple(plan),
        next_topic=next_planned_topic(session, assignment_id) if keeps else None,
        staff=tuple(substitute_choices(session, actor)),
    )


def save_cells(
    session: Session, actor: Actor, entries: Sequence[CellEntry], reason: str | None
) -> list[CellInfo]:
    """All or nothing: a refused cell leaves every cell as it was."""
    return set_cells(session, actor, entries, reason=reason)


def refresh_suggestions(
    session: Session, actor: Actor, assignment_id: uuid.UUID, period_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Mapping[uuid.UUID, Suggestion]]:
    return {p: suggest_period_marks(session, actor, assignment_id, p) for p in period_ids}


@dataclass(frozen=True)
class PeriodMarkChange:
    student_id: uuid.UUID
    key: uuid.UUID | str  # period id, or "year"
    value: str | None  # None clears


def save_period_mark(
    session: Session,
    actor: Actor,
    subject_id: uuid.UUID,
    year_id: uuid.UUID,
    change: PeriodMarkChange,
    reason: str | None,
) -> PeriodMarkInfo | None:
    kind = "period" if isinstance(change.key, uuid.UUID) else change.key
    period_id = change.key if isinstance(change.key, uuid.UUID) else None
    if change.value is None:
        clear_period_mark(session, actor, change.student_id, subject_id, year_id, kind,
                          period_id, reason)
        return None
    return set_period_mark(session, actor, change.student_id, subject_id, year_id, kind,
                           period_id, change.value, reason)
