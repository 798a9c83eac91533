"""Planning substitutions (administration): an absent teacher's lessons in a range
of dates and, for each, the teachers free at that lesson number that day — and
whether they teach the lesson's subject. Recording a substitute is
:func:`database.services.lessons.set_substitution`; cancelling the lesson,
:func:`database.services.lessons.cancel_lesson` (its lessons stay in the list,
marked cancelled, so the cancellation can be undone). :func:`substitution_sheet` is
the day's list for the staff room.

A teacher is busy at a (date, lesson number) when a lesson there, not cancelled, is
its own (and not substituted by someone else) or is one it substitutes. The
candidates are the active staff with a teaching assignment in the lesson's year.
Three statements for the whole range.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.collation import ru_name_key
from database.display_names import class_title, full_name, short_name, told_apart
from database.errors import ValidationError
from database.models import (
    Bell,
    ClassGroup,
    Lesson,
    School,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_admin
from database.settings import load_settings

MAX_DAYS = 31


@dataclass(frozen=True)
class Candidate:
    staff_id: uuid.UUID
    name: str  # «Иванова М. П.»
    teaches_subject: bool


@dataclass(frozen=True)
class LessonToCover:
    lesson_id: uuid.UUID
    date: date
    lesson_number: int
    journal_title: str  # «5 «А» · Математика»
    substitute: str  # who substitutes it already («» if nobody)
    substitution_reason: str
    free: tuple[Candidate, ...]  # subject teachers first, then by name; () if cancelled
    cancelled: bool = False


@dataclass(frozen=True)
class TeacherOption:
    staff_id: uuid.UUID
    name: str


def teaching_staff(session: Session, actor: Actor, year_id: uuid.UUID) -> list[TeacherOption]:
    """Active staff with a teaching assignment in the year, by name."""
    require_admin(actor, "планирование замен")
    ids = session.execute(
        select(Staff.id)
        .where(Staff.active.is_(True),
               Staff.id.in_(select(TeachingAssignment.teacher_id)
                            .where(TeachingAssignment.year_id == year_id)))
    ).scalars().all()
    return [TeacherOption(staff_id, name) for staff_id, name in _told_apart(session, ids).items()]


def _told_apart(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names of these staff, by name, as shown together on one screen or sheet:
    namesakes (same surname and initials) in full, by position if need be."""
    rows = session.execute(
        select(Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.position)
        .where(Staff.id.in_(set(ids)))
    ).all()
    ordered = sorted(rows, key=lambda r: (*ru_name_key(r[1], r[2], r[3]), str(r[0])))
    shown = told_apart([(r[0], short_name(r[1], r[2], r[3]), full_name(r[1], r[2], r[3]))
                        for r in ordered], {r[0]: r[4] for r in ordered})
    return {r[0]: shown[r[0]] for r in ordered}


def lessons_to_cover(
    session: Session, actor: Actor, year_id: uuid.UUID, teacher_id: uuid.UUID,
    first: date, last: date,
) -> list[LessonToCover]:
    require_admin(actor, "планирование замен")
    if last < first:
        return []
    if (last - first).days >= MAX_DAYS:
        raise ValidationError(f"Замены планируются не больше чем на {MAX_DAYS} дн. сразу.")
    rows = session.execute(
        select(Lesson.id, Lesson.date, Lesson.lesson_number, Lesson.substitution_reason,
               TeachingAssignment.subject_id, SchoolClass.grade, SchoolClass.letter,
               Subject.name, ClassGroup.name, Lesson.substitute_teacher_id, Lesson.cancelled)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.teacher_id == teacher_id,
               TeachingAssignment.year_id == year_id,
               Lesson.date >= first, Lesson.date <= last)
        .order_by(Lesson.date, Lesson.lesson_number)
    ).all()
    if not rows:
        return []
    busy: set[tuple[date, int, uuid.UUID]] = set()
    for day, number, own, sub in session.execute(
        select(Lesson.date, Lesson.lesson_number, TeachingAssignment.teacher_id,
               Lesson.substitute_teacher_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(Lesson.date >= first, Lesson.date <= last, Lesson.cancelled.is_(False))
    ):
        busy.add((day, number, sub if sub is not None else own))
    subjects: dict[uuid.UUID, set[uuid.UUID]] = {}
    for staff_id, subject_id in session.execute(
        select(TeachingAssignment.teacher_id, TeachingAssignment.subject_id)
        .where(TeachingAssignment.year_id == year_id).distinct()
    ):
        subjects.setdefault(staff_id, set()).add(subject_id)
    teaching = teaching_staff(session, actor, year_id)
    # The candidates and the substitutes already recorded are named together, so a
    # substitute outside the teaching staff is still told apart from a namesake in it.
    names = _told_apart(session, {t.staff_id for t in teaching}
                        | {r[9] for r in rows if r[9] is not None})
    staff = [TeacherOption(t.staff_id, names[t.staff_id])
             for t in teaching if t.staff_id != teacher_id]
    result = []
    for (lesson_id, day, number, reason, subject_id, grade, letter, subject, group,
         substitute_id, cancelled) in rows:
        free = [] if cancelled else [
            Candidate(t.staff_id, t.name, subject_id in subjects.get(t.staff_id, set()))
            for t in staff if (day, number, t.staff_id) not in busy]
        free.sort(key=lambda c: not c.teaches_subject)  # stable: by name within each
        title = f"{class_title(grade, letter)} · {subject}" + (f" ({group})" if group else "")
        result.append(LessonToCover(
            lesson_id, day, number, title,
            names.get(substitute_id, "") if substitute_id is not None else "",
            reason, tuple(free), cancelled))
    return result


# --- the day's sheet for the staff room ---------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    lesson_number: int
    time: str  # «08:30–09:15» from the bells, «» without one
    class_name: str  # «5 «А»»
    subject: str  # «Английский язык (1-я группа)»
    absent: str  # the journal's own teacher, «Иванова М. П.»
    substitute: str  # «» for a cancelled lesson
    room: str
    note: str  # the reason, or «урок отменён»


@dataclass(frozen=True)
class SubstitutionSheet:
    school_name: str
    day: date
    generated_on: date
    lines: tuple[SheetLine, ...]  # by lesson number, then class


def substitution_sheet(session: Session, actor: Actor, day: date) -> SubstitutionSheet:
    """The day's substituted and cancelled lessons, for the staff room."""
    require_admin(actor, "печатать лист замен")
    rows = session.execute(
        select(Lesson.lesson_number, Lesson.cancelled, Lesson.substitution_reason, Lesson.room,
               SchoolClass.grade, SchoolClass.letter, Subject.name, ClassGroup.name,
               TeachingAssignment.teacher_id, Lesson.substitute_teacher_id,
               TeachingAssignment.year_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(Lesson.date == day,
               (Lesson.substitute_teacher_id.is_not(None)) | Lesson.cancelled.is_(True))
    ).all()
    bells: dict[int, tuple[time, time]] = {}
    if rows:
        bells = {number: (starts, ends) for number, starts, ends in session.execute(
            select(Bell.lesson_number, Bell.starts_at, Bell.ends_at)
            .where(Bell.year_id == rows[0][-1]))}
    second = load_settings(session).second_bells
    names = _told_apart(session, {r[8] for r in rows} | {r[9] for r in rows if r[9] is not None})
    lines = []
    for (number, cancelled, reason, room, grade, letter, subject, group, own_id,
         substitute_id, _year) in rows:
        times = second.times(day.isoweekday(), number) or bells.get(number)
        lines.append(SheetLine(
            lesson_number=number,
            time=f"{times[0]:%H:%M}–{times[1]:%H:%M}" if times else "",
            class_name=class_title(grade, letter),
            subject=subject + (f" ({group})" if group else ""),
            absent=names[own_id],
            substitute="" if cancelled or substitute_id is None else names[substitute_id],
            room=room,
            note="урок отменён" if cancelled else reason,
        ))
    lines.sort(key=lambda line: (line.lesson_number, line.class_name, line.subject))
    school = session.execute(select(School.full_name, School.short_name)).first()
    return SubstitutionSheet(
        school_name=(school[1] or school[0]) if school else "",
        day=day, generated_on=actor.now().date(), lines=tuple(lines))


__all__ = [
    "Candidate",
    "LessonToCover",
    "SheetLine",
    "SubstitutionSheet",
    "TeacherOption",
    "lessons_to_cover",
    "substitution_sheet",
    "teaching_staff",
]
