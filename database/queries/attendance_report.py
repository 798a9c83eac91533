"""Attendance of a class for a range of days, by student: lessons missed (for
illness «б», for a valid reason «у», other «н»/«п»), late arrivals «оп», and whole
days missed — days on which the student missed every lesson it had (the class's
lessons and its groups' that took place, not cancelled).

The administration: any class; a class teacher: its class.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.models import Attendance, GroupMember, Lesson, TeachingAssignment
from database.notation import ABSENCE_CODES
from database.queries.summary import ClassHeader, class_header, class_roster, require_class_report

ILLNESS: Final = "б"
VALID: Final = "у"
LATE: Final = "оп"

LEGEND: Final[tuple[str, ...]] = (
    "Учитываются уроки класса и его групп, которые уже прошли (не отменённые), с первого "
    "по последний день периода; ученик — за дни, когда он был в классе.",
    "Пропущено уроков — отметки «н», «б», «у», «п»; из них по болезни — «б», по "
    "уважительной причине — «у», прочие — «н» и «п». Опоздания («оп») пропуском не "
    "считаются.",
    "Пропущено дней — дни, когда ученик пропустил все свои уроки этого дня.",
)


@dataclass(frozen=True)
class StudentAttendance:
    number: int
    name: str
    note: str  # «выбыл 10.11»
    lessons: int  # the lessons it had
    missed: int
    illness: int
    valid: int
    other: int
    late: int
    days: int  # whole days missed


@dataclass(frozen=True)
class ClassAttendance:
    header: ClassHeader
    first: date
    last: date
    students: tuple[StudentAttendance, ...]
    generated_on: date

    def total(self) -> tuple[int, ...]:
        """Lessons, missed, illness, valid, other, late, days over the class."""
        fields = ("lessons", "missed", "illness", "valid", "other", "late", "days")
        return tuple(sum(getattr(s, f) for s in self.students) for f in fields)


def load_attendance(
    session: Session, actor: Actor, class_id: uuid.UUID, first: date, last: date, *,
    generated_on: date | None = None,
) -> ClassAttendance:
    require_class_report(session, actor, class_id)
    header = class_header(session, class_id)
    today = actor.now().date()
    held_last = min(last, today)
    roster = class_roster(session, header, first, last)
    lessons = session.execute(
        select(Lesson.id, Lesson.date, TeachingAssignment.group_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(TeachingAssignment.class_id == class_id, Lesson.date >= first,
               Lesson.date <= held_last, Lesson.cancelled.is_(False))
    ).all()
    group_ids = {g for _, _, g in lessons if g is not None}
    members: dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]] = defaultdict(list)
    if group_ids:
        for member_group, student_id, start, end in session.execute(
            select(GroupMember.group_id, GroupMember.student_id, GroupMember.start_date,
                   GroupMember.end_date).where(GroupMember.group_id.in_(group_ids))
        ):
            members[student_id].append((member_group, start, end))
    codes: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    if lessons:
        for lesson_id, student_id, code in session.execute(
            select(Attendance.lesson_id, Attendance.student_id, Attendance.code)
            .join(Lesson, Lesson.id == Attendance.lesson_id)
            .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
            .where(TeachingAssignment.class_id == class_id, Lesson.date >= first,
                   Lesson.date <= held_last, Lesson.cancelled.is_(False))
        ):
            codes[(lesson_id, student_id)] = code

    def in_group(student_id: uuid.UUID, group_id: uuid.UUID, day: date) -> bool:
        return any(g == group_id and start <= day and (end is None or day <= end)
                   for g, start, end in members.get(student_id, ()))

    result: list[StudentAttendance] = []
    for student in roster:
        per_day: dict[date, list[str]] = defaultdict(list)
        for lesson_id, day, group_id in lessons:
            if not student.present_on(day):
                continue
            if group_id is not None and not in_group(student.id, group_id, day):
                continue
            per_day[day].append(codes.get((lesson_id, student.id), ""))
        every = [code for day_codes in per_day.values() for code in day_codes]
        missed = [c for c in every if c in ABSENCE_CODES]
        result.append(StudentAttendance(
            number=student.number, name=student.full_name, note=student.note,
            lessons=len(every), missed=len(missed),
            illness=sum(1 for c in missed if c == ILLNESS),
            valid=sum(1 for c in missed if c == VALID),
            other=sum(1 for c in missed if c not in (ILLNESS, VALID)),
            late=sum(1 for c in every if c == LATE),
            days=sum(1 for day_codes in per_day.values()
                     if day_codes and all(c in ABSENCE_CODES for c in day_codes)),
        ))
    return ClassAttendance(header=header, first=first, last=last, students=tuple(result),
                           generated_on=generated_on or today)


__all__ = ["LEGEND", "ClassAttendance", "StudentAttendance", "load_attendance"]
