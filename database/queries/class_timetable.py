"""One class's week of lessons as the bound journal prints it (the timetable page
after the contents): weekday × lesson number → subject (group), room, and the bell
times. The week is the one in force on a given day (the day the book is printed,
kept inside the school year). Read by :mod:`database.queries.class_book`, whose
caller has already checked the permission."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Bell, ClassGroup, Subject, TeachingAssignment, TimetableEntry
from database.services.journal_rules import covers_day


@dataclass(frozen=True)
class TimetableSlot:
    weekday: int  # 1 = Monday … 6 = Saturday
    lesson_number: int
    subject: str
    group: str  # "" for the whole class
    room: str


@dataclass(frozen=True)
class ClassTimetable:
    day: date  # the week in force on this day
    slots: tuple[TimetableSlot, ...]  # by weekday, lesson number, subject, group
    bells: tuple[tuple[int, str], ...]  # (lesson number, «08:30–09:15»)

    @property
    def weekdays(self) -> tuple[int, ...]:
        """Monday to Friday, and Saturday where the class has lessons on it."""
        return (1, 2, 3, 4, 5, 6) if any(s.weekday == 6 for s in self.slots) else (1, 2, 3, 4, 5)

    @property
    def lesson_numbers(self) -> tuple[int, ...]:
        numbers = {s.lesson_number for s in self.slots} | {n for n, _ in self.bells}
        return tuple(sorted(numbers))

    def at(self, weekday: int, lesson_number: int) -> tuple[TimetableSlot, ...]:
        return tuple(s for s in self.slots
                     if s.weekday == weekday and s.lesson_number == lesson_number)


def class_timetable(session: Session, class_id: uuid.UUID, year_id: uuid.UUID,
                    day: date) -> ClassTimetable:
    rows = session.execute(
        select(TimetableEntry.weekday, TimetableEntry.lesson_number, Subject.name,
               ClassGroup.name, TimetableEntry.room)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.class_id == class_id,
               covers_day(TimetableEntry.valid_from, TimetableEntry.valid_to, day))
    ).all()
    slots = sorted(
        (TimetableSlot(weekday, number, subject, group or "", room or "")
         for weekday, number, subject, group, room in rows),
        key=lambda s: (s.weekday, s.lesson_number, s.subject, s.group),
    )
    bells = session.execute(
        select(Bell.lesson_number, Bell.starts_at, Bell.ends_at)
        .where(Bell.year_id == year_id).order_by(Bell.lesson_number)
    ).all()
    return ClassTimetable(
        day=day, slots=tuple(slots),
        bells=tuple((n, f"{start:%H:%M}–{end:%H:%M}") for n, start, end in bells),
    )


__all__ = ["ClassTimetable", "TimetableSlot", "class_timetable"]
