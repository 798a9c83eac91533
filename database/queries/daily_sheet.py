"""The class teacher's daily attendance sheet: for one day, every student of the
class × every lesson of the class and its groups (not cancelled), with the
attendance code typed in the journal, each student's lessons missed and the reason,
and whether it missed the whole day (every lesson it had that day).

A cell of a group's lesson for a student outside the group is not its lesson («—»).
Cancelled lessons are named under the sheet, not counted.

The administration: any class; a class teacher: its class (as every class document,
:func:`database.queries.summary.require_class_report`).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.display_names import short_name
from database.models import (
    Attendance,
    ClassGroup,
    GroupMember,
    Lesson,
    Staff,
    Subject,
    TeachingAssignment,
)
from database.notation import ABSENCE_CODES
from database.queries.summary import ClassHeader, class_header, class_roster, require_class_report
from database.settings import load_settings

NOT_HIS: Final = "—"  # a group's lesson of another group


@dataclass(frozen=True)
class SheetLesson:
    lesson_id: uuid.UUID
    number: int
    subject: str  # short name, «Матем.»
    group: str  # «Английский, 1 гр.» or ""
    teacher: str  # who gave it (the substitute, when one is recorded)
    absent: int  # students with an absence code at it


@dataclass(frozen=True)
class SheetStudent:
    number: int
    name: str
    note: str  # «выбыл 10.11»
    codes: tuple[str, ...]  # one per lesson: the code, "" present, «—» not its lesson
    lessons: int  # its lessons of the day
    missed: int
    reasons: str  # «б ×2, у ×1»
    whole_day: bool


@dataclass(frozen=True)
class DailySheet:
    header: ClassHeader
    day: date
    lessons: tuple[SheetLesson, ...]
    students: tuple[SheetStudent, ...]
    cancelled: tuple[str, ...]  # «3 ур. Технология»
    codes: dict[str, str]  # the school's attendance codes → meaning (the legend)
    generated_on: date

    @property
    def whole_day(self) -> int:
        return sum(1 for s in self.students if s.whole_day)

    @property
    def missed(self) -> int:
        return sum(s.missed for s in self.students)


def load_daily_sheet(
    session: Session, actor: Actor, class_id: uuid.UUID, day: date, *,
    generated_on: date | None = None,
) -> DailySheet:
    require_class_report(session, actor, class_id)
    header = class_header(session, class_id)
    roster = [s for s in class_roster(session, header, day, day) if s.present_on(day)]
    rows = session.execute(
        select(Lesson.id, Lesson.lesson_number, Lesson.cancelled, TeachingAssignment.group_id,
               Subject.short_name, Subject.name, ClassGroup.name,
               func.coalesce(Lesson.substitute_teacher_id, TeachingAssignment.teacher_id))
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.class_id == class_id, Lesson.date == day)
        .order_by(Lesson.lesson_number, Subject.sort_order, Subject.name, ClassGroup.name)
    ).all()
    held = [r for r in rows if not r[2]]
    cancelled = tuple(f"{r[1]} ур. {r[5]}" + (f" ({r[6]})" if r[6] else "")
                      for r in rows if r[2])
    lesson_ids = [r[0] for r in held]
    codes: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    if lesson_ids:
        for lesson_id, student_id, code in session.execute(
            select(Attendance.lesson_id, Attendance.student_id, Attendance.code)
            .where(Attendance.lesson_id.in_(lesson_ids))
        ):
            codes[(lesson_id, student_id)] = code
    group_ids = {r[3] for r in held if r[3] is not None}
    in_group: set[tuple[uuid.UUID, uuid.UUID]] = set()
    if group_ids:
        for group_id, student_id, start, end in session.execute(
            select(GroupMember.group_id, GroupMember.student_id, GroupMember.start_date,
                   GroupMember.end_date).where(GroupMember.group_id.in_(group_ids))
        ):
            if start <= day and (end is None or day <= end):
                in_group.add((group_id, student_id))
    teachers = {
        s.id: short_name(s.surname, s.name, s.patronymic)
        for s in session.execute(
            select(Staff).where(Staff.id.in_({r[7] for r in held}))).scalars()
    } if held else {}

    students: list[SheetStudent] = []
    absent_at: Counter[uuid.UUID] = Counter()
    for student in roster:
        cells: list[str] = []
        own: list[str] = []
        for lesson_id, _, _, lesson_group, *_ in held:
            if lesson_group is not None and (lesson_group, student.id) not in in_group:
                cells.append(NOT_HIS)
                continue
            code = codes.get((lesson_id, student.id), "")
            cells.append(code)
            own.append(code)
            if code in ABSENCE_CODES:
                absent_at[lesson_id] += 1
        missed = [c for c in own if c in ABSENCE_CODES]
        tally = Counter(missed)
        students.append(SheetStudent(
            number=student.number, name=student.full_name, note=student.note,
            codes=tuple(cells), lessons=len(own), missed=len(missed),
            reasons=", ".join(f"{c} ×{n}" for c, n in sorted(tally.items())),
            whole_day=bool(own) and len(missed) == len(own),
        ))
    lessons = tuple(
        SheetLesson(lesson_id, number, short or subject, group or "",
                    teachers.get(teacher_id, ""), absent_at[lesson_id])
        for lesson_id, number, _, _, short, subject, group, teacher_id in held
    )
    return DailySheet(
        header=header, day=day, lessons=lessons, students=tuple(students),
        cancelled=cancelled, codes=dict(load_settings(session).attendance_codes),
        generated_on=generated_on or actor.now().date(),
    )


__all__ = ["NOT_HIS", "DailySheet", "SheetLesson", "SheetStudent", "load_daily_sheet"]
