"""The school's timetable as the timetable screen shows it: the week in force on a
day, for every class, with the names the grid prints. One snapshot; the screen picks
a class's, a teacher's or a room's week out of it in memory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.display_names import class_title, full_name, short_name, told_apart
from database.models import (
    Bell,
    ClassGroup,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.permissions import require_admin
from database.queries.home import current_year
from database.services.journal_rules import covers_day

LESSONS_SHOWN = 7  # at least this many rows, whatever the bells say


@dataclass(frozen=True)
class WeekAssignment:
    id: uuid.UUID
    class_id: uuid.UUID
    class_title: str
    subject: str
    teacher_id: uuid.UUID
    teacher: str
    group: str  # "" for the whole class

    @property
    def title(self) -> str:
        """«Математика · Смирнова О. П.» (with the group when split)."""
        text = f"{self.subject} · {self.teacher}"
        return f"{text} ({self.group})" if self.group else text


@dataclass(frozen=True)
class WeekEntry:
    id: uuid.UUID
    assignment_id: uuid.UUID
    weekday: int
    lesson_number: int
    room: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class TimetableWeek:
    year_id: uuid.UUID
    year_name: str
    year_start: date
    year_end: date
    day: date  # the week shown is the one in force on this day
    lessons: int  # rows of the grid
    classes: tuple[tuple[uuid.UUID, str], ...]
    teachers: tuple[tuple[uuid.UUID, str], ...]
    rooms: tuple[str, ...]
    assignments: dict[uuid.UUID, WeekAssignment]
    entries: tuple[WeekEntry, ...]

    def class_entries(self, class_id: uuid.UUID) -> list[WeekEntry]:
        return [e for e in self.entries if self.assignments[e.assignment_id].class_id == class_id]

    def teacher_entries(self, teacher_id: uuid.UUID) -> list[WeekEntry]:
        return [
            e for e in self.entries if self.assignments[e.assignment_id].teacher_id == teacher_id
        ]

    def room_entries(self, room: str) -> list[WeekEntry]:
        return [e for e in self.entries if e.room == room]

    def class_assignments(self, class_id: uuid.UUID) -> list[WeekAssignment]:
        return sorted(
            (a for a in self.assignments.values() if a.class_id == class_id),
            key=lambda a: (a.subject, a.group, a.teacher),
        )


def timetable_week(session: Session, actor: Actor, day: date) -> TimetableWeek | None:
    """The current year's week in force on ``day`` (clamped into the year); None
    while the school has no year."""
    require_admin(actor, "просмотр расписания")
    year = current_year(session)
    if year is None:
        return None
    day = min(max(day, year.start_date), year.end_date)
    classes = session.execute(
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
        .where(SchoolClass.year_id == year.id)
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ).all()
    titles = {class_id: class_title(grade, letter) for class_id, grade, letter in classes}
    rows = session.execute(
        select(
            TeachingAssignment.id, TeachingAssignment.class_id, Subject.name,
            Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.position,
            ClassGroup.name,
        )
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.year_id == year.id)
    ).all()
    # Namesakes (same surname and initials) are named in full, by position if need be,
    # in the grid's cells and in the list of teachers alike.
    teachers = told_apart(
        [(r[3], short_name(r[4], r[5], r[6]), full_name(r[4], r[5], r[6])) for r in rows],
        {r[3]: r[7] for r in rows})
    assignments: dict[uuid.UUID, WeekAssignment] = {}
    for assignment_id, class_id, subject, teacher_id, *_, group in rows:
        assignments[assignment_id] = WeekAssignment(
            assignment_id, class_id, titles.get(class_id, ""), subject, teacher_id,
            teachers[teacher_id], group or "",
        )
    entries = tuple(
        WeekEntry(e.id, e.assignment_id, e.weekday, e.lesson_number, e.room, e.valid_from,
                  e.valid_to)
        for e in session.execute(
            select(TimetableEntry)
            .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
            .where(
                TeachingAssignment.year_id == year.id,
                covers_day(TimetableEntry.valid_from, TimetableEntry.valid_to, day),
            )
            .order_by(TimetableEntry.weekday, TimetableEntry.lesson_number)
        ).scalars()
    )
    bells = session.execute(
        select(func.max(Bell.lesson_number)).where(Bell.year_id == year.id)
    ).scalar() or 0
    lessons = max([LESSONS_SHOWN, bells, *(e.lesson_number for e in entries)])
    return TimetableWeek(
        year_id=year.id, year_name=year.name, year_start=year.start_date,
        year_end=year.end_date, day=day, lessons=lessons,
        classes=tuple((class_id, titles[class_id]) for class_id, _, _ in classes),
        teachers=tuple(sorted(teachers.items(), key=lambda item: item[1])),
        rooms=tuple(sorted({e.room for e in entries if e.room},
                           key=lambda room: (len(room), room))),
        assignments=assignments,
        entries=entries,
    )
