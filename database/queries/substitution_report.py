"""Substitutions and cancellations for a range of days (the report; planning them is
:mod:`database.queries.substitutions`): every lesson of the current year in the range
with a substitute recorded or cancelled, with the teacher of record, the substitute
and the reason; then the lessons given by each substitute and the lessons each
teacher of record did not give (substituted or cancelled).

A cancellation's reason is the one written to the change log when it was cancelled
(:func:`database.services.lessons.cancel_lesson` asks for it); a substitution's is
the lesson's ``substitution_reason``.

The administration: every lesson; a teacher: the lessons of its own journals and
those it substituted.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from database.actor import Actor, Role
from database.collation import ru_name_key
from database.display_names import class_title, short_name
from database.errors import PermissionDenied, ValidationError
from database.models import (
    ChangeLog,
    ClassGroup,
    Lesson,
    School,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
)
from database.queries.home import current_year

SUBSTITUTED: Final = "замена"
CANCELLED: Final = "отменён"

LEGEND: Final[tuple[str, ...]] = (
    "В отчёт входят уроки текущего учебного года с первого по последний день периода, у "
    "которых записан заменяющий учитель (замена) или которые отменены.",
    "Причина замены — записанная при замене; причина отмены — указанная при отмене урока "
    "(из журнала изменений).",
    "«Провёл замен» — уроки, данные учителем вместо другого; «Не провёл своих» — уроки его "
    "журналов, данные заменяющим или отменённые.",
)


@dataclass(frozen=True)
class ChangedLesson:
    lesson_id: uuid.UUID
    assignment_id: uuid.UUID
    day: date
    number: int
    journal: str  # «5 «А» · Математика (Английский, 1 гр.)»
    teacher: str  # of record
    substitute: str  # "" for a cancelled lesson without one
    status: str  # SUBSTITUTED | CANCELLED
    reason: str


@dataclass(frozen=True)
class TeacherCount:
    teacher: str
    count: int


@dataclass(frozen=True)
class SubstitutionReport:
    school_name: str
    year_name: str
    first: date
    last: date
    lessons: tuple[ChangedLesson, ...]  # by day and lesson number
    given: tuple[TeacherCount, ...]  # substitutes, most lessons first
    missed: tuple[TeacherCount, ...]  # teachers of record
    generated_on: date

    @property
    def substituted(self) -> int:
        return sum(1 for line in self.lessons if line.status == SUBSTITUTED)

    @property
    def cancelled(self) -> int:
        return sum(1 for line in self.lessons if line.status == CANCELLED)


def _cancel_reasons(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The reason of the change that cancelled each lesson (the latest such change)."""
    if not ids:
        return {}
    reasons: dict[uuid.UUID, str] = {}
    for record_id, fields, reason in session.execute(
        select(ChangeLog.record_id, ChangeLog.fields, ChangeLog.reason)
        .where(ChangeLog.table_name == Lesson.__tablename__,
               ChangeLog.record_id.in_([str(i) for i in ids]), ChangeLog.reason.is_not(None))
        .order_by(ChangeLog.hlc)
    ):
        try:
            changed = json.loads(fields)
        except ValueError:
            continue
        if isinstance(changed, dict) and changed.get("cancelled") is True:
            reasons[uuid.UUID(record_id)] = reason or ""
    return reasons


def load_substitutions(
    session: Session, actor: Actor, first: date, last: date, *,
    generated_on: date | None = None,
) -> SubstitutionReport:
    if actor.role is Role.ADMIN:
        mine = None
    elif actor.role is Role.TEACHER and actor.staff_id is not None:
        mine = actor.staff_id
    else:
        raise PermissionDenied(
            "Недостаточно прав: отчёт о заменах доступен администрации и учителям "
            "(по своим урокам).")
    if last < first:
        raise ValidationError("Конец периода раньше его начала: проверьте даты.")
    school = session.execute(select(School).limit(1)).scalar()
    school_name = school.short_name if school else ""
    made = generated_on or actor.now().date()
    year = current_year(session)
    if year is None:
        return SubstitutionReport(school_name, "", first, last, (), (), (), made)
    own, substitute = aliased(Staff), aliased(Staff)
    stmt = (
        select(Lesson.id, Lesson.assignment_id, Lesson.date, Lesson.lesson_number,
               Lesson.cancelled, Lesson.substitution_reason, SchoolClass.grade,
               SchoolClass.letter, Subject.name, ClassGroup.name, own, substitute)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .join(own, own.id == TeachingAssignment.teacher_id)
        .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
        .where(TeachingAssignment.year_id == year.id, Lesson.date >= first,
               Lesson.date <= last,
               or_(Lesson.cancelled.is_(True), Lesson.substitute_teacher_id.is_not(None)))
        .order_by(Lesson.date, Lesson.lesson_number, SchoolClass.grade, SchoolClass.letter,
                  Subject.sort_order)
    )
    if mine is not None:
        stmt = stmt.where(or_(TeachingAssignment.teacher_id == mine,
                              Lesson.substitute_teacher_id == mine))
    rows = session.execute(stmt).all()
    reasons = _cancel_reasons(session, [r[0] for r in rows if r[4]])
    lines: list[ChangedLesson] = []
    given: Counter[tuple[tuple[str, ...], str]] = Counter()
    missed: Counter[tuple[tuple[str, ...], str]] = Counter()
    for (lesson_id, assignment_id, day, number, cancelled, reason, grade, letter, subject,
         group, teacher, sub) in rows:
        journal = f"{class_title(grade, letter)} · {subject}" + (f" ({group})" if group else "")
        teacher_name = short_name(teacher.surname, teacher.name, teacher.patronymic)
        sub_name = short_name(sub.surname, sub.name, sub.patronymic) if sub else ""
        lines.append(ChangedLesson(
            lesson_id, assignment_id, day, number, journal, teacher_name,
            "" if cancelled else sub_name, CANCELLED if cancelled else SUBSTITUTED,
            reasons.get(lesson_id, "") if cancelled else reason))
        missed[(ru_name_key(teacher.surname, teacher.name, teacher.patronymic),
                teacher_name)] += 1
        if sub is not None and not cancelled:
            given[(ru_name_key(sub.surname, sub.name, sub.patronymic), sub_name)] += 1

    def ordered(counts: Counter[tuple[tuple[str, ...], str]]) -> tuple[TeacherCount, ...]:
        return tuple(TeacherCount(name, n) for (key, name), n in
                     sorted(counts.items(), key=lambda item: (-item[1], item[0][0])))

    return SubstitutionReport(school_name, year.name, first, last, tuple(lines),
                              ordered(given), ordered(missed), made)


__all__ = [
    "CANCELLED",
    "LEGEND",
    "SUBSTITUTED",
    "ChangedLesson",
    "SubstitutionReport",
    "TeacherCount",
    "load_substitutions",
]
