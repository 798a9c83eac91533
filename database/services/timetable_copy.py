"""Copying a class's whole week of the timetable from a date: its own week as on
another day, or a parallel class's (:func:`copy_timetable_week`), written through
the entry functions of :mod:`database.services.timetable` (so every clash is refused
with the same explanation).

Who may call: the administration (``Actor.system`` acts as admin)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import validation as v
from database.actor import Actor
from database.errors import ValidationError
from database.models import ClassGroup, SchoolClass, TeachingAssignment
from database.permissions import get_assignment, require_admin
from database.queries.timetable_entries import TimetableEntryInfo, entries_on, list_timetable
from database.services._common import get_or_raise
from database.services.timetable import (
    _TIMETABLE,
    _describe,
    add_timetable_entry,
    stop_timetable_entry,
)


def _matching_assignment(
    session: Session, source: TeachingAssignment, class_id: uuid.UUID
) -> TeachingAssignment | None:
    """The class's assignment of the source's subject and group (by the group's name),
    the same teacher's if there are several."""
    source_group = session.get(ClassGroup, source.group_id) if source.group_id else None
    candidates = []
    for assignment, group_name in session.execute(
        select(TeachingAssignment, ClassGroup.name)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.class_id == class_id,
               TeachingAssignment.year_id == source.year_id,
               TeachingAssignment.subject_id == source.subject_id)
        .order_by(TeachingAssignment.id)
    ):
        if (group_name or None) == (source_group.name if source_group else None):
            candidates.append(assignment)
    same_teacher = [a for a in candidates if a.teacher_id == source.teacher_id]
    chosen = same_teacher or candidates
    return chosen[0] if chosen else None


def copy_timetable_week(
    session: Session,
    actor: Actor,
    class_id: uuid.UUID,
    source_day: date,
    valid_from: date,
    *,
    source_class_id: uuid.UUID | None = None,
) -> int:
    """From ``valid_from`` the class's week is the week in force on ``source_day`` —
    its own (bringing back an earlier week after a temporary change, or starting a
    planned one sooner) or another class's (``source_class_id``: a parallel class),
    whose lessons take this class's assignment of the same subject and group and
    this class's own room (the other class's rooms are taken then). The class's
    entries in force then, or starting later, stop. Any clash or a subject
    the class is not taught refuses the whole copy (the caller rolls back). Returns
    the number of entries copied."""
    require_admin(actor, _TIMETABLE)
    v.a_date(source_day, "Неделя, которую копировать")
    v.a_date(valid_from, "Действует с")
    source_class = source_class_id or class_id
    if source_class == class_id and source_day == valid_from:
        raise ValidationError(
            "Выберите другую неделю, чем та, с которой начинается копия: иначе ничего "
            "не изменится.")
    source = entries_on(session, source_class, source_day)
    if not source:
        raise ValidationError(
            f"На неделе {source_day:%d.%m.%Y} в расписании класса нет уроков: копировать нечего.")
    mapped: list[tuple[TimetableEntryInfo, uuid.UUID]] = []
    missing: list[str] = []
    for entry in source:
        if source_class == class_id:
            mapped.append((entry, entry.assignment_id))
            continue
        assignment = get_assignment(session, entry.assignment_id)
        target = _matching_assignment(session, assignment, class_id)
        if target is None:
            missing.append(_describe(session, assignment))
        else:
            mapped.append((entry, target.id))
    if missing:
        raise ValidationError(
            "В классе нет нагрузки по предметам копируемой недели: "
            + "; ".join(sorted(set(missing))) + ". Добавьте её на экране «Нагрузка».")
    for entry in list_timetable(session, class_id):
        if entry.valid_to is None or entry.valid_to >= valid_from:
            stop_timetable_entry(session, actor, entry.id, valid_from)
    session.flush()
    own_room = None
    if source_class != class_id:
        target_class = get_or_raise(session, SchoolClass, class_id, "Класс не найден.")
        own_room = target_class.room
    for entry, assignment_id in mapped:
        # An entry of an earlier week may have ended before the copy starts: the copy
        # then runs to the end of the year.
        valid_to = entry.valid_to if entry.valid_to and entry.valid_to >= valid_from else None
        add_timetable_entry(
            session, actor, assignment_id, entry.weekday, entry.lesson_number, valid_from,
            valid_to=valid_to, room=entry.room if own_room is None else own_room,
        )
    return len(mapped)
