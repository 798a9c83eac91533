"""The timetable (weekday × lesson number × assignment) and lessons generated from it.

Who may call (role × function; ``Actor.system`` acts as admin):

=======================  =====  ========  =======  =======  ======
function                 admin  sysadmin  teacher  student  parent
=======================  =====  ========  =======  =======  ======
add_timetable_entry      yes    —         —        —        —
end_timetable_entry      yes    —         —        —        —
remove_timetable_entry   yes    —         —        —        —
generate_lessons         yes    —         —        —        —
=======================  =====  ========  =======  =======  ======

Clashes refused by :func:`add_timetable_entry` (``ConflictError``): the same class
at the same weekday and lesson number on overlapping dates — unless both entries
are for *different groups* of that class (group 1 has English while group 2 has
English with another teacher) — and the same teacher in two places at once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.display_names import class_title_of, short_name_of
from database.errors import ConflictError, NotFound
from database.models import (
    AcademicYear,
    Holiday,
    Lesson,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.permissions import get_assignment, require_admin
from database.school_calendar import DayOff, Slot, lesson_dates
from database.services._common import get_or_raise
from database.services.bulk import bulk_insert_logged

_TIMETABLE = "изменение расписания"


@dataclass(frozen=True)
class TimetableEntryInfo:
    id: uuid.UUID
    assignment_id: uuid.UUID
    weekday: int
    lesson_number: int
    room: str
    valid_from: date
    valid_to: date | None


def _entry_info(entry: TimetableEntry) -> TimetableEntryInfo:
    return TimetableEntryInfo(
        id=entry.id,
        assignment_id=entry.assignment_id,
        weekday=entry.weekday,
        lesson_number=entry.lesson_number,
        room=entry.room,
        valid_from=entry.valid_from,
        valid_to=entry.valid_to,
    )


def _slot_text(weekday: int, lesson_number: int) -> str:
    return f"{v.WEEKDAYS_RU[weekday]}, {lesson_number}-й урок"


def _describe(session: Session, assignment: TeachingAssignment) -> str:
    """«Математика, 5 «А»» for a clash message."""
    subject = session.get(Subject, assignment.subject_id)
    school_class = session.get(SchoolClass, assignment.class_id)
    parts = []
    if subject is not None:
        parts.append(subject.name)
    if school_class is not None:
        parts.append(class_title_of(school_class))
    return ", ".join(parts)


def _check_clashes(
    session: Session,
    assignment: TeachingAssignment,
    weekday: int,
    lesson_number: int,
    valid_from: date,
    valid_to: date | None,
    entry_id: uuid.UUID | None,
) -> None:
    query = (
        select(TimetableEntry, TeachingAssignment)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .where(
            TimetableEntry.weekday == weekday,
            TimetableEntry.lesson_number == lesson_number,
            or_(
                TeachingAssignment.class_id == assignment.class_id,
                TeachingAssignment.teacher_id == assignment.teacher_id,
            ),
        )
    )
    if entry_id is not None:
        query = query.where(TimetableEntry.id != entry_id)
    for other, other_assignment in session.execute(query):
        if not v.ranges_overlap(valid_from, valid_to, other.valid_from, other.valid_to):
            continue
        slot = _slot_text(weekday, lesson_number)
        if other_assignment.teacher_id == assignment.teacher_id:
            teacher = session.get(Staff, assignment.teacher_id)
            who = (
                "Учитель"
                if teacher is None
                else short_name_of(teacher)
            )
            raise ConflictError(
                f"{slot}: {who} в это время уже ведёт урок "
                f"({_describe(session, other_assignment)})."
            )
        different_groups = (
            assignment.group_id is not None
            and other_assignment.group_id is not None
            and assignment.group_id != other_assignment.group_id
        )
        if not different_groups:
            raise ConflictError(
                f"{slot}: у класса в это время уже стоит урок "
                f"({_describe(session, other_assignment)})."
            )


def add_timetable_entry(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    weekday: int,
    lesson_number: int,
    valid_from: date,
    *,
    valid_to: date | None = None,
    room: str = "",
) -> TimetableEntryInfo:
    """Put an assignment into the timetable from ``valid_from`` (to ``valid_to``, or
    the end of the year). Dates must lie in the class's academic year."""
    require_admin(actor, _TIMETABLE)
    weekday = v.weekday(weekday)
    lesson_number = v.lesson_number(lesson_number)
    room = v.text(room, "Кабинет", max_length=20)
    v.date_range(valid_from, valid_to, start_label="Действует с", end_label="Действует по")
    assignment = get_assignment(session, assignment_id)
    year = get_or_raise(session, AcademicYear, assignment.year_id, "Учебный год не найден.")
    where = f"учебного года {year.name}"
    v.date_within(valid_from, year.start_date, year.end_date, label="Действует с", where=where)
    if valid_to is not None:
        v.date_within(valid_to, year.start_date, year.end_date, label="Действует по", where=where)
    _check_clashes(session, assignment, weekday, lesson_number, valid_from, valid_to, None)
    entry = TimetableEntry(
        assignment_id=assignment.id,
        weekday=weekday,
        lesson_number=lesson_number,
        room=room,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    changelog.save(session, actor, entry)
    return _entry_info(entry)


def _get_entry(session: Session, entry_id: uuid.UUID) -> TimetableEntry:
    return get_or_raise(session, TimetableEntry, entry_id, "Урок в расписании не найден.")


def end_timetable_entry(
    session: Session, actor: Actor, entry_id: uuid.UUID, valid_to: date
) -> TimetableEntryInfo:
    """The entry stops on ``valid_to`` (its last day), e.g. when the timetable changes.
    Lessons already generated after that day are not removed here."""
    require_admin(actor, _TIMETABLE)
    v.a_date(valid_to, "Действует по")
    entry = _get_entry(session, entry_id)
    v.date_range(entry.valid_from, valid_to, start_label="Действует с", end_label="Действует по")
    if entry.valid_to != valid_to:
        entry.valid_to = valid_to
        changelog.save(session, actor, entry)
    return _entry_info(entry)


def remove_timetable_entry(session: Session, actor: Actor, entry_id: uuid.UUID) -> None:
    """Delete an entry made by mistake (generated lessons stay)."""
    require_admin(actor, _TIMETABLE)
    entry = _get_entry(session, entry_id)
    changelog.delete(session, actor, entry)


def list_timetable(session: Session, class_id: uuid.UUID) -> list[TimetableEntryInfo]:
    """A class's timetable entries, by weekday and lesson number."""
    entries = session.execute(
        select(TimetableEntry)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .where(TeachingAssignment.class_id == class_id)
        .order_by(TimetableEntry.weekday, TimetableEntry.lesson_number, TimetableEntry.valid_from)
    ).scalars()
    return [_entry_info(entry) for entry in entries]


# --- lessons from the timetable -------------------------------------------------------


@dataclass(frozen=True)
class GenerationResult:
    created: int
    skipped_existing: int


def generate_lessons(
    session: Session,
    actor: Actor,
    date_from: date,
    date_to: date,
    class_ids: Sequence[uuid.UUID] | None = None,
) -> GenerationResult:
    """Create the lessons the timetable promises between two dates (inclusive).

    For every timetable entry valid in the range: a lesson on each of its weekdays
    that is a school day for the class's grade (not Sunday, not a holiday of its
    year), within the class's academic year. A lesson of the same assignment at the
    same date and lesson number that already exists is left alone, so running it
    again creates nothing. A few queries and one bulk insert, whatever the size.
    """
    require_admin(actor, "заполнение журнала уроками по расписанию")
    v.date_range(date_from, date_to)
    if class_ids is not None and not class_ids:
        return GenerationResult(created=0, skipped_existing=0)

    entry_filter: list[Any] = [
        TimetableEntry.valid_from <= date_to,
        or_(TimetableEntry.valid_to.is_(None), TimetableEntry.valid_to >= date_from),
        AcademicYear.start_date <= date_to,
        AcademicYear.end_date >= date_from,
    ]
    if class_ids is not None:
        found = set(
            session.execute(select(SchoolClass.id).where(SchoolClass.id.in_(class_ids)))
            .scalars()
            .all()
        )
        if len(found) != len(set(class_ids)):
            raise NotFound("Класс не найден.")
        entry_filter.append(SchoolClass.id.in_(class_ids))

    rows = session.execute(
        select(
            TimetableEntry.assignment_id,
            TimetableEntry.weekday,
            TimetableEntry.lesson_number,
            TimetableEntry.valid_from,
            TimetableEntry.valid_to,
            TimetableEntry.room,
            SchoolClass.id,
            SchoolClass.grade,
            SchoolClass.year_id,
            AcademicYear.start_date,
            AcademicYear.end_date,
        )
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
        .where(and_(*entry_filter))
    ).all()
    if not rows:
        return GenerationResult(created=0, skipped_existing=0)

    # The calendar is walked once per class (not per assignment): all of a class's
    # entries share its grade and holidays.
    plans: dict[uuid.UUID, _ClassPlan] = {}
    for (
        assignment_id,
        weekday,
        number,
        valid_from,
        valid_to,
        room,
        class_id,
        grade,
        year_id,
        year_start,
        year_end,
    ) in rows:
        plan = plans.get(class_id)
        if plan is None:
            plan = plans[class_id] = _ClassPlan(grade, year_id, year_start, year_end)
        slot = Slot(weekday, number, valid_from, valid_to)
        plan.slots.add(slot)
        plan.entries[(weekday, number)].append((slot, assignment_id, room))

    days_off: dict[uuid.UUID, list[DayOff]] = defaultdict(list)
    for year_id, start, end, grade_from, grade_to in session.execute(
        select(
            Holiday.year_id,
            Holiday.start_date,
            Holiday.end_date,
            Holiday.grade_from,
            Holiday.grade_to,
        ).where(Holiday.year_id.in_({plan.year_id for plan in plans.values()}))
    ):
        days_off[year_id].append(DayOff(start, end, grade_from, grade_to))

    # Existing lessons of the same assignments in the range: one query, no id list.
    assignment_ids = (
        select(TimetableEntry.assignment_id)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
        .where(and_(*entry_filter))
    )
    existing: set[tuple[uuid.UUID, date, int]] = {
        (assignment_id, day, number)
        for assignment_id, day, number in session.execute(
            select(Lesson.assignment_id, Lesson.date, Lesson.lesson_number).where(
                Lesson.date >= date_from,
                Lesson.date <= date_to,
                Lesson.assignment_id.in_(assignment_ids),
            )
        )
    }

    new_rows: list[dict[str, Any]] = []
    skipped = 0
    for plan in plans.values():
        start, end = max(date_from, plan.year_start), min(date_to, plan.year_end)
        if start > end:
            continue
        seen: set[tuple[date, int]] = set()
        for day, number in lesson_dates(plan.slots, start, end, plan.grade, days_off[plan.year_id]):
            if (day, number) in seen:
                continue  # several entries (groups) at one slot: handled together
            seen.add((day, number))
            for assignment_id, room in plan.assignments_on(day, number).items():
                key = (assignment_id, day, number)
                if key in existing:
                    skipped += 1
                    continue
                existing.add(key)
                new_rows.append(
                    {
                        "assignment_id": assignment_id,
                        "date": day,
                        "lesson_number": number,
                        "room": room,
                    }
                )
    bulk_insert_logged(session, actor, Lesson, new_rows)
    return GenerationResult(created=len(new_rows), skipped_existing=skipped)


@dataclass
class _ClassPlan:
    """One class's timetable entries, as lesson generation needs them."""

    grade: int
    year_id: uuid.UUID
    year_start: date
    year_end: date
    slots: set[Slot] = field(default_factory=set)
    # (weekday, lesson number) → entries there: (validity, assignment, room)
    entries: dict[tuple[int, int], list[tuple[Slot, uuid.UUID, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def assignments_on(self, day: date, number: int) -> dict[uuid.UUID, str]:
        """Assignment → room for the entries valid at this lesson (the latest entry
        of an assignment gives the room)."""
        chosen: dict[uuid.UUID, tuple[date, str]] = {}
        for slot, assignment_id, room in self.entries[(day.isoweekday(), number)]:
            if slot.valid_on(day):
                best = chosen.get(assignment_id)
                if best is None or slot.valid_from > best[0]:
                    chosen[assignment_id] = (slot.valid_from, room)
        return {assignment_id: room for assignment_id, (_, room) in chosen.items()}
