"""The rollover's copy of what a promoted class is taught: its teaching assignments
(its teachers follow the class), the timetable in force on the old year's last day,
and each new assignment's КТП from the old year's plan of the new grade. Called by
:func:`database.services.year_rollover.run_rollover`, which checked the rights and
holds the transaction and the change-log batch.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.ids import raw_id
from database.models import ClassGroup, PlanTopic, SchoolClass, TeachingAssignment, TimetableEntry
from database.queries.year_rollover import RolloverCounts, RolloverPlan, in_force_on
from database.services.bulk import bulk_insert_logged


def groups_by_name(
    session: Session, class_ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, uuid.UUID]]:
    """Class → its groups by name (a promoted class's groups keep their names)."""
    result: dict[uuid.UUID, dict[str, uuid.UUID]] = defaultdict(dict)
    for group_id, class_id, name in session.execute(
        select(ClassGroup.id, ClassGroup.class_id, ClassGroup.name)
        .where(ClassGroup.class_id.in_(class_ids))
    ):
        result[class_id][name] = group_id
    return result


def copy_teaching(
    session: Session, actor: Actor, plan: RolloverPlan, promoted: Mapping[uuid.UUID, uuid.UUID],
    year_id: uuid.UUID, counts: RolloverCounts,
) -> tuple[RolloverCounts, dict[uuid.UUID, uuid.UUID]]:
    """A promoted class's assignments (its teachers follow the class) and timetable,
    into a new class that has no assignments yet. Returns new assignment → the old
    one it copies."""
    target_of = dict(promoted)
    taught = set(session.execute(
        select(TeachingAssignment.class_id)
        .where(TeachingAssignment.class_id.in_(list(target_of.values())))).scalars())
    target_of = {old: new for old, new in target_of.items() if new not in taught}
    if not target_of:
        return counts, {}
    old_groups: dict[uuid.UUID, tuple[uuid.UUID, str]] = {
        group_id: (class_id, name) for group_id, class_id, name in session.execute(
            select(ClassGroup.id, ClassGroup.class_id, ClassGroup.name)
            .where(ClassGroup.class_id.in_(list(target_of))).order_by(ClassGroup.name))
    }
    new_groups = groups_by_name(session, list(target_of.values()))

    old_assignments = session.execute(
        select(TeachingAssignment).where(TeachingAssignment.class_id.in_(list(target_of)))
        .order_by(TeachingAssignment.class_id, TeachingAssignment.subject_id,
                  TeachingAssignment.id)
    ).scalars().all()
    rows: list[dict[str, Any]] = []
    for old in old_assignments:
        new_class_id = target_of[old.class_id]
        group_id = None
        if old.group_id is not None:
            group_id = new_groups[new_class_id][old_groups[old.group_id][1]]
        rows.append({"year_id": year_id, "class_id": new_class_id, "group_id": group_id,
                     "subject_id": old.subject_id, "teacher_id": old.teacher_id,
                     "hours_per_week": old.hours_per_week})
    new_ids = bulk_insert_logged(session, actor, TeachingAssignment, rows)
    copied = {new: old.id for new, old in zip(new_ids, old_assignments, strict=True)}
    new_of = {old: new for new, old in copied.items()}

    # The same slots as on the old year's last day: every class and teacher moves
    # together, so the copy has the clashes the old timetable had — none.
    entries = session.execute(
        select(TimetableEntry.assignment_id, TimetableEntry.weekday,
               TimetableEntry.lesson_number, TimetableEntry.room)
        .where(TimetableEntry.assignment_id.in_(list(new_of)), in_force_on(plan.source_end))
        .order_by(TimetableEntry.weekday, TimetableEntry.lesson_number, TimetableEntry.id)
    ).all()
    bulk_insert_logged(session, actor, TimetableEntry, [
        {"assignment_id": new_of[assignment_id], "weekday": weekday,
         "lesson_number": number, "room": room, "valid_from": plan.target_start}
        for assignment_id, weekday, number, room in entries
    ])
    return replace(counts, assignments=len(rows),
                   timetable_entries=len(entries)), copied


def copy_plans(
    session: Session, actor: Actor, source_id: uuid.UUID, copied: Mapping[uuid.UUID, uuid.UUID],
    counts: RolloverCounts,
) -> RolloverCounts:
    """Each new assignment's КТП: the old year's plan of its (new) grade and subject —
    the same letter and group first, then the same letter, the same group, any."""
    if not copied:
        return counts
    planned = {
        assignment_id for assignment_id in session.execute(
            select(PlanTopic.assignment_id).join(
                TeachingAssignment, TeachingAssignment.id == PlanTopic.assignment_id)
            .where(TeachingAssignment.year_id == source_id).distinct()).scalars()
    }
    candidates: dict[tuple[int, uuid.UUID], list[tuple[str, str, uuid.UUID]]] = defaultdict(list)
    for assignment_id, grade, letter, subject_id, group_name in session.execute(
        select(TeachingAssignment.id, SchoolClass.grade, SchoolClass.letter,
               TeachingAssignment.subject_id, ClassGroup.name)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.year_id == source_id)
    ):
        if assignment_id in planned:
            candidates[(grade, subject_id)].append((letter, group_name or "", assignment_id))
    described: dict[uuid.UUID, tuple[int, str, uuid.UUID, str]] = {
        assignment_id: (grade, letter, subject_id, group_name or "")
        for assignment_id, grade, letter, subject_id, group_name in session.execute(
            select(TeachingAssignment.id, SchoolClass.grade, SchoolClass.letter,
                   TeachingAssignment.subject_id, ClassGroup.name)
            .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
            .where(TeachingAssignment.id.in_(list(copied))))
    }
    source_of: dict[uuid.UUID, uuid.UUID] = {}
    for new_id in copied:
        grade, letter, subject_id, group = described[new_id]
        options = candidates.get((grade, subject_id))
        if options:
            best = min(options, key=lambda o: (o[0] != letter, o[1] != group, o[0], o[1],
                                               o[2]))
            source_of[new_id] = best[2]
    # Plain columns, not ORM objects: a school's plans are tens of thousands of topics.
    # Keyed by the stored id bytes (raw_id): no UUID built for each of them.
    topics: dict[bytes, list[dict[str, Any]]] = defaultdict(list)
    for source_key, position, topic, hours, homework, control_work in session.execute(
        select(raw_id(PlanTopic.assignment_id), PlanTopic.position, PlanTopic.topic,
               PlanTopic.hours, PlanTopic.homework, PlanTopic.control_work)
        .where(PlanTopic.assignment_id.in_(set(source_of.values())))
        .order_by(PlanTopic.assignment_id, PlanTopic.position, PlanTopic.id)
    ):
        topics[source_key].append({"position": position, "topic": topic, "hours": hours,
                                   "homework": homework, "control_work": control_work})
    rows = [
        {"assignment_id": new_id, **topic}
        for new_id, old_id in sorted(source_of.items()) for topic in topics[old_id.bytes]
    ]
    bulk_insert_logged(session, actor, PlanTopic, rows)
    return replace(counts, plan_topics=len(rows))


__all__ = ["copy_plans", "copy_teaching", "groups_by_name"]
