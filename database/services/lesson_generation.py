"""Dated lessons from the timetable: creating them, and keeping the future in step.

:func:`generate_lessons` creates the lessons the timetable promises in a date range.
:func:`refresh_future_lessons` is what a change of the timetable or the calendar
calls: from today to the end of the year it creates the lessons the timetable now
promises and removes the generated ones it no longer promises (a holiday added, an
entry ended or moved).

What is never touched, so a teacher's work is never lost:

- lessons before today;
- a lesson that was *given* — any mark, attendance, topic, homework, conducted or
  cancelled flag, substitution — or changed in any way after it was generated;
- a lesson a teacher moved by hand: it stays where it was moved, and its original
  slot is not filled again (its first change-log row still names that slot);
- an extra lesson added by hand (only lessons logged with :data:`GENERATED_REASON`
  are ever removed).

Both functions are admin-only (``Actor.system`` acts as admin).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.errors import NotFound
from database.models import (
    AcademicYear,
    Attendance,
    ChangeLog,
    Holiday,
    Lesson,
    Mark,
    SchoolClass,
    TeachingAssignment,
    TimetableEntry,
)
from database.permissions import require_admin
from database.school_calendar import DayOff, Slot, lesson_dates
from database.services.bulk import bulk_insert_logged

# The change-log reason of every generated lesson: what lets a later refresh tell a
# generated lesson from an extra one a teacher added (both log all their columns).
GENERATED_REASON = "урок по расписанию"
_CHUNK = 500

LessonKey = tuple[uuid.UUID, date, int]  # assignment, date, lesson number


@dataclass(frozen=True)
class GenerationResult:
    created: int
    skipped_existing: int


@dataclass(frozen=True)
class RefreshResult:
    created: int
    removed: int
    kept_given: int  # lessons no longer in the timetable, kept because they were given


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


def _check_classes(session: Session, class_ids: Sequence[uuid.UUID]) -> None:
    found = set(
        session.execute(select(SchoolClass.id).where(SchoolClass.id.in_(class_ids)))
        .scalars()
        .all()
    )
    if len(found) != len(set(class_ids)):
        raise NotFound("Класс не найден.")


def _promised(
    session: Session,
    date_from: date,
    date_to: date,
    class_ids: Sequence[uuid.UUID] | None,
) -> dict[LessonKey, str]:
    """Every lesson the timetable promises in the range (→ its room), in date order:
    each entry's weekdays that are school days for the class's grade (not Sunday,
    not a holiday of its year), within the class's academic year."""
    entry_filter: list[Any] = [
        TimetableEntry.valid_from <= date_to,
        or_(TimetableEntry.valid_to.is_(None), TimetableEntry.valid_to >= date_from),
        AcademicYear.start_date <= date_to,
        AcademicYear.end_date >= date_from,
    ]
    if class_ids is not None:
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
        return {}

    # The calendar is walked once per class (not per assignment): all of a class's
    # entries share its grade and holidays.
    plans: dict[uuid.UUID, _ClassPlan] = {}
    for (
        assignment_id, weekday, number, valid_from, valid_to, room,
        class_id, grade, year_id, year_start, year_end,
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
            Holiday.year_id, Holiday.start_date, Holiday.end_date,
            Holiday.grade_from, Holiday.grade_to,
        ).where(Holiday.year_id.in_({plan.year_id for plan in plans.values()}))
    ):
        days_off[year_id].append(DayOff(start, end, grade_from, grade_to))

    promised: dict[LessonKey, str] = {}
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
                promised[(assignment_id, day, number)] = room
    return promised


def _class_assignments(session: Session, class_ids: Sequence[uuid.UUID] | None) -> Any:
    """A subquery of the assignment ids of these classes (all when None)."""
    query = select(TeachingAssignment.id)
    if class_ids is not None:
        query = query.where(TeachingAssignment.class_id.in_(class_ids))
    return query


def moved_origins(session: Session) -> set[LessonKey]:
    """The slots lessons were moved away from by hand (assignment, date, number).

    A move logs only ``date``/``lesson_number``; a lesson's first row (its creation)
    logs every column, so it still names the slot the lesson was made for. Two
    queries over the lesson rows of the change log. ``fields`` is stored compressed
    (:mod:`database.changelog_codec`), so it is searched here, not with ``LIKE``."""
    moved = [
        record_id
        for record_id, fields in session.execute(
            select(ChangeLog.record_id, ChangeLog.fields).where(
                ChangeLog.table_name == "lesson",
                ChangeLog.operation == "upsert",
                ChangeLog.parent_op.is_not(None),
            )
        )
        if ('"date"' in fields or '"lesson_number"' in fields)
        and "assignment_id" not in json.loads(fields)
    ]
    origins: set[LessonKey] = set()
    for chunk in _chunks(sorted(set(moved))):
        for fields in session.execute(
            select(ChangeLog.fields).where(
                ChangeLog.table_name == "lesson",
                ChangeLog.record_id.in_(chunk),
                ChangeLog.parent_op.is_(None),
                ChangeLog.operation == "upsert",
            )
        ).scalars():
            first = json.loads(fields)
            origins.add((
                uuid.UUID(first["assignment_id"]),
                date.fromisoformat(first["date"]),
                int(first["lesson_number"]),
            ))
    return origins


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def generate_lessons(
    session: Session,
    actor: Actor,
    date_from: date,
    date_to: date,
    class_ids: Sequence[uuid.UUID] | None = None,
) -> GenerationResult:
    """Create the lessons the timetable promises between two dates (inclusive).

    A lesson of the same assignment at the same date and lesson number that already
    exists is left alone, so running it again creates nothing; nor is a slot filled
    again that a lesson was moved away from by hand. A few queries and one bulk
    insert, whatever the size.
    """
    require_admin(actor, "заполнение журнала уроками по расписанию")
    v.date_range(date_from, date_to)
    if class_ids is not None and not class_ids:
        return GenerationResult(created=0, skipped_existing=0)
    if class_ids is not None:
        _check_classes(session, class_ids)
    promised = _promised(session, date_from, date_to, class_ids)
    return _create_promised(session, actor, promised, date_from, date_to, class_ids)


def _create_promised(
    session: Session,
    actor: Actor,
    promised: dict[LessonKey, str],
    date_from: date,
    date_to: date,
    class_ids: Sequence[uuid.UUID] | None,
) -> GenerationResult:
    """The promised lessons (of those classes, in that range) that do not exist yet."""
    if not promised:
        return GenerationResult(created=0, skipped_existing=0)
    # Existing lessons of the same classes in the range: one query, no id list.
    existing: set[LessonKey] = {
        (assignment_id, day, number)
        for assignment_id, day, number in session.execute(
            select(Lesson.assignment_id, Lesson.date, Lesson.lesson_number).where(
                Lesson.date >= date_from,
                Lesson.date <= date_to,
                Lesson.assignment_id.in_(_class_assignments(session, class_ids)),
            )
        )
    }
    existing |= moved_origins(session)
    new_rows: list[dict[str, Any]] = []
    skipped = 0
    for (assignment_id, day, number), room in promised.items():
        if (assignment_id, day, number) in existing:
            skipped += 1
            continue
        new_rows.append(
            {"assignment_id": assignment_id, "date": day, "lesson_number": number, "room": room}
        )
    with changelog.batch(session, GENERATED_REASON):
        bulk_insert_logged(session, actor, Lesson, new_rows)
    return GenerationResult(created=len(new_rows), skipped_existing=skipped)


def _removable(session: Session, candidates: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these lessons (already known to have nothing written on them), those with
    no mark, no attendance and one change-log row: their generation."""
    if not candidates:
        return set()
    keys = sorted(str(lesson_id) for lesson_id in candidates)
    removable: set[uuid.UUID] = set()
    for chunk in _chunks(keys):
        for record_id, rows, reason in session.execute(
            select(ChangeLog.record_id, func.count(), func.max(ChangeLog.reason))
            .where(ChangeLog.table_name == "lesson", ChangeLog.record_id.in_(chunk))
            .group_by(ChangeLog.record_id)
        ):
            if rows == 1 and reason == GENERATED_REASON:
                removable.add(uuid.UUID(record_id))
        ids = [uuid.UUID(key) for key in chunk]
        removable -= set(
            session.execute(select(Mark.lesson_id).where(Mark.lesson_id.in_(ids))).scalars()
        )
        removable -= set(
            session.execute(
                select(Attendance.lesson_id).where(Attendance.lesson_id.in_(ids))
            ).scalars()
        )
    return removable


def refresh_future_lessons(
    session: Session,
    actor: Actor,
    class_ids: Sequence[uuid.UUID] | None = None,
    *,
    today: date | None = None,
) -> RefreshResult:
    """Bring the lessons from ``today`` (the actor's clock) to the end of each
    class's year in line with the timetable and the holidays: create the promised
    ones that are missing, remove generated ones no longer promised and never
    touched (see the module text for what is kept)."""
    require_admin(actor, "заполнение журнала уроками по расписанию")
    if class_ids is not None and not class_ids:
        return RefreshResult(created=0, removed=0, kept_given=0)
    if class_ids is not None:
        _check_classes(session, class_ids)
    start = today if today is not None else actor.now().date()
    year_query = select(func.max(AcademicYear.end_date)).where(AcademicYear.end_date >= start)
    if class_ids is not None:
        year_query = year_query.join(
            SchoolClass, SchoolClass.year_id == AcademicYear.id
        ).where(SchoolClass.id.in_(class_ids))
    end = session.execute(year_query).scalar()
    if end is None:
        return RefreshResult(created=0, removed=0, kept_given=0)

    # What the timetable promises is read once: for the lessons to create and for
    # those no longer promised (the whole school's year is most of a refresh's cost).
    promised = _promised(session, start, end, class_ids)
    created = _create_promised(session, actor, promised, start, end, class_ids).created
    stale = [
        (lesson_id, blank)
        for lesson_id, assignment_id, day, number, blank in session.execute(
            select(
                Lesson.id, Lesson.assignment_id, Lesson.date, Lesson.lesson_number,
                and_(
                    Lesson.topic == "", Lesson.homework == "", Lesson.plan_topic_id.is_(None),
                    Lesson.conducted.is_(False), Lesson.cancelled.is_(False),
                    Lesson.substitute_teacher_id.is_(None), Lesson.work_type == "",
                    Lesson.control_work.is_(False),
                ),
            ).where(
                Lesson.date >= start,
                Lesson.date <= end,
                Lesson.assignment_id.in_(_class_assignments(session, class_ids)),
            )
        )
        if (assignment_id, day, number) not in promised
    ]
    removable = _removable(session, [lesson_id for lesson_id, blank in stale if blank])
    for lesson_id in sorted(removable):
        lesson = session.get(Lesson, lesson_id)
        if lesson is not None:
            changelog.delete(session, actor, lesson, reason="изменение расписания")
    return RefreshResult(
        created=created, removed=len(removable), kept_given=len(stale) - len(removable)
    )


def refresh_year_lessons(session: Session, actor: Actor, year_id: uuid.UUID) -> RefreshResult:
    """:func:`refresh_future_lessons` for every class of a year: what a change of its
    holidays calls in the same transaction."""
    class_ids = list(
        session.execute(select(SchoolClass.id).where(SchoolClass.year_id == year_id)).scalars()
    )
    if not class_ids:
        require_admin(actor, "заполнение журнала уроками по расписанию")
        return RefreshResult(created=0, removed=0, kept_given=0)
    return refresh_future_lessons(session, actor, class_ids)
