"""A class's timetable entries as stored (each valid from a date, maybe to a date),
and the ones in force on a day. Changing them is ``database.services.timetable``;
the timetable screen's week for the whole school is ``database.queries.timetable_week``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import TeachingAssignment, TimetableEntry


@dataclass(frozen=True)
class TimetableEntryInfo:
    id: uuid.UUID
    assignment_id: uuid.UUID
    weekday: int
    lesson_number: int
    room: str
    valid_from: date
    valid_to: date | None


def entry_info(entry: TimetableEntry) -> TimetableEntryInfo:
    return TimetableEntryInfo(
        id=entry.id,
        assignment_id=entry.assignment_id,
        weekday=entry.weekday,
        lesson_number=entry.lesson_number,
        room=entry.room,
        valid_from=entry.valid_from,
        valid_to=entry.valid_to,
    )


def list_timetable(session: Session, class_id: uuid.UUID) -> list[TimetableEntryInfo]:
    """A class's timetable entries, by weekday and lesson number."""
    entries = session.execute(
        select(TimetableEntry)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .where(TeachingAssignment.class_id == class_id)
        .order_by(TimetableEntry.weekday, TimetableEntry.lesson_number, TimetableEntry.valid_from)
    ).scalars()
    return [entry_info(entry) for entry in entries]


def entries_on(
    session: Session, class_id: uuid.UUID, day: date
) -> list[TimetableEntryInfo]:
    """A class's entries valid on ``day`` (any weekday: the week in force then)."""
    return [
        entry
        for entry in list_timetable(session, class_id)
        if entry.valid_from <= day and (entry.valid_to is None or entry.valid_to >= day)
    ]
