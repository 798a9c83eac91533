"""The timetable (weekday × lesson number × assignment) and lessons generated from it.

Who may call (role × function; ``Actor.system`` acts as admin):

=======================  =====  ========  =======  =======  ======
function                 admin  sysadmin  teacher  student  parent
=======================  =====  ========  =======  =======  ======
add_timetable_entry      yes    —         —        —        —
end_timetable_entry      yes    —         —        —        —
remove_timetable_entry   yes    —         —        —        —
change_timetable_entry   yes    —         —        —        —
stop_timetable_entry     yes    —         —        —        —
copy_timetable_day       yes    —         —        —        —
generate_lessons         yes    —         —        —        —
refresh_future_lessons   yes    —         —        —        —
=======================  =====  ========  =======  =======  ======

Clashes refused by :func:`add_timetable_entry` (``ConflictError``): the same class
at the same weekday and lesson number on overlapping dates — unless both entries
are for *different groups* of that class (group 1 has English while group 2 has
English with another teacher) — the same teacher in two places at once, and the
same room used by two lessons at once. :func:`find_clashes` gives every such
explanation without changing anything (the timetable screen asks it live).

Copying a whole week is :mod:`database.services.timetable_copy`; reading a class's
entries is :mod:`database.queries.timetable_entries`.

A change that starts from a date keeps the timetable's history: the old entry ends
the day before and a new one starts (:func:`change_timetable_entry`,
:func:`stop_timetable_entry`). After any change the caller runs
:func:`refresh_future_lessons` in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.display_names import class_title_of, short_name_of
from database.errors import ConflictError, ValidationError
from database.models import (
    AcademicYear,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.permissions import get_assignment, require_admin
from database.queries.timetable_entries import TimetableEntryInfo, entries_on, entry_info
from database.services._common import get_or_raise

_TIMETABLE = "изменение расписания"


def _slot_text(weekday: int, lesson_number: int) -> str:
    return f"{v.WEEKDAYS_RU[weekday]}, {lesson_number}-й урок"


def _describe(session: Session, assignment: TeachingAssignment) -> str:
    """«Математика, 5 «А»» for a clash message."""
    subject = session.get(Subject, assignment.subject_id)
    school_class = session.get(SchoolClass, assignment.class_id)
    parts = []
    if subject is not None:
        parts.append(subject.name)
    if school_class is not None:
        parts.append(class_title_of(school_class))
    return ", ".join(parts)


def find_clashes(
    session: Session,
    assignment_id: uuid.UUID,
    weekday: int,
    lesson_number: int,
    valid_from: date,
    valid_to: date | None,
    *,
    room: str = "",
    entry_id: uuid.UUID | None = None,
) -> list[str]:
    """Why an entry cannot stand at this slot, in Russian (empty when it can): the
    teacher already teaches then, the class (or the same group, or the whole class
    while a group has a lesson) already has a lesson, or the room is taken. Dates
    count only where the validity ranges overlap; ``entry_id`` is the entry being
    edited, which does not clash with itself. Read-only: the screen asks it live."""
    assignment = get_assignment(session, assignment_id)
    room = room.strip()
    conditions = [
        TeachingAssignment.class_id == assignment.class_id,
        TeachingAssignment.teacher_id == assignment.teacher_id,
    ]
    if room:
        conditions.append(TimetableEntry.room == room)
    query = (
        select(TimetableEntry, TeachingAssignment)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .where(
            TimetableEntry.weekday == weekday,
            TimetableEntry.lesson_number == lesson_number,
            or_(*conditions),
        )
        .order_by(TimetableEntry.valid_from)
    )
    if entry_id is not None:
        query = query.where(TimetableEntry.id != entry_id)
    slot = _slot_text(weekday, lesson_number)
    clashes: list[str] = []
    for other, other_assignment in session.execute(query):
        if not v.ranges_overlap(valid_from, valid_to, other.valid_from, other.valid_to):
            continue
        what = _describe(session, other_assignment)
        if other_assignment.teacher_id == assignment.teacher_id:
            teacher = session.get(Staff, assignment.teacher_id)
            who = "Учитель" if teacher is None else short_name_of(teacher)
            clashes.append(f"{slot}: {who} в это время уже ведёт урок ({what}).")
            continue
        if other_assignment.class_id == assignment.class_id:
            different_groups = (
                assignment.group_id is not None
                and other_assignment.group_id is not None
                and assignment.group_id != other_assignment.group_id
            )
            if not different_groups:
                whose = (
                    "у группы" if assignment.group_id is not None
                    and assignment.group_id == other_assignment.group_id else "у класса"
                )
                clashes.append(f"{slot}: {whose} в это время уже стоит урок ({what}).")
                continue
        if room and other.room == room:
            clashes.append(f"{slot}: кабинет {room} в это время занят ({what}).")
    return clashes


def _check_clashes(
    session: Session,
    assignment: TeachingAssignment,
    weekday: int,
    lesson_number: int,
    valid_from: date,
    valid_to: date | None,
    entry_id: uuid.UUID | None,
    room: str = "",
) -> None:
    clashes = find_clashes(
        session, assignment.id, weekday, lesson_number, valid_from, valid_to,
        room=room, entry_id=entry_id,
    )
    if clashes:
        raise ConflictError(clashes[0])


def add_timetable_entry(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    weekday: int,
    lesson_number: int,
    valid_from: date,
    *,
    valid_to: date | None = None,
    room: str = "",
) -> TimetableEntryInfo:
    """Put an assignment into the timetable from ``valid_from`` (to ``valid_to``, or
    the end of the year). Dates must lie in the class's academic year."""
    require_admin(actor, _TIMETABLE)
    weekday = v.weekday(weekday)
    lesson_number = v.lesson_number(lesson_number)
    room = v.text(room, "Кабинет", max_length=20)
    v.date_range(valid_from, valid_to, start_label="Действует с", end_label="Действует по")
    assignment = get_assignment(session, assignment_id)
    year = get_or_raise(session, AcademicYear, assignment.year_id, "Учебный год не найден.")
    where = f"учебного года {year.name}"
    v.date_within(valid_from, year.start_date, year.end_date, label="Действует с", where=where)
    if valid_to is not None:
        v.date_within(valid_to, year.start_date, year.end_date, label="Действует по", where=where)
    _check_clashes(
        session, assignment, weekday, lesson_number, valid_from, valid_to, None, room
    )
    entry = TimetableEntry(
        assignment_id=assignment.id,
        weekday=weekday,
        lesson_number=lesson_number,
        room=room,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    changelog.save(session, actor, entry)
    return entry_info(entry)


def _get_entry(session: Session, entry_id: uuid.UUID) -> TimetableEntry:
    return get_or_raise(session, TimetableEntry, entry_id, "Урок в расписании не найден.")


def end_timetable_entry(
    session: Session, actor: Actor, entry_id: uuid.UUID, valid_to: date
) -> TimetableEntryInfo:
    """The entry stops on ``valid_to`` (its last day), e.g. when the timetable changes.
    Lessons already generated after that day are not removed here."""
    require_admin(actor, _TIMETABLE)
    v.a_date(valid_to, "Действует по")
    entry = _get_entry(session, entry_id)
    v.date_range(entry.valid_from, valid_to, start_label="Действует с", end_label="Действует по")
    if entry.valid_to != valid_to:
        entry.valid_to = valid_to
        changelog.save(session, actor, entry)
    return entry_info(entry)


def remove_timetable_entry(session: Session, actor: Actor, entry_id: uuid.UUID) -> None:
    """Delete an entry made by mistake (generated lessons stay)."""
    require_admin(actor, _TIMETABLE)
    entry = _get_entry(session, entry_id)
    changelog.delete(session, actor, entry)


def change_timetable_entry(
    session: Session,
    actor: Actor,
    entry_id: uuid.UUID,
    valid_from: date,
    *,
    assignment_id: uuid.UUID,
    room: str,
) -> TimetableEntryInfo:
    """From ``valid_from`` the slot has this assignment and room. An entry that has
    not started by then is changed in place; otherwise it ends the day before and a
    new entry (same slot, same end) starts."""
    require_admin(actor, _TIMETABLE)
    v.a_date(valid_from, "Действует с")
    entry = _get_entry(session, entry_id)
    if valid_from <= entry.valid_from:
        assignment = get_assignment(session, assignment_id)
        room = v.text(room, "Кабинет", max_length=20)
        _check_clashes(
            session, assignment, entry.weekday, entry.lesson_number, entry.valid_from,
            entry.valid_to, entry.id, room,
        )
        entry.assignment_id, entry.room = assignment.id, room
        changelog.save(session, actor, entry)
        return entry_info(entry)
    if entry.valid_to is not None and valid_from > entry.valid_to:
        raise ValidationError(
            f"Урок в расписании действует только по {entry.valid_to:%d.%m.%Y}."
        )
    valid_to = entry.valid_to
    end_timetable_entry(session, actor, entry.id, valid_from - timedelta(days=1))
    return add_timetable_entry(
        session, actor, assignment_id, entry.weekday, entry.lesson_number, valid_from,
        valid_to=valid_to, room=room,
    )


def stop_timetable_entry(
    session: Session, actor: Actor, entry_id: uuid.UUID, first_day_without: date
) -> None:
    """The slot is empty from ``first_day_without``: the entry ends the day before,
    or is removed when it would not have started by then."""
    require_admin(actor, _TIMETABLE)
    v.a_date(first_day_without, "Действует с")
    entry = _get_entry(session, entry_id)
    if first_day_without <= entry.valid_from:
        changelog.delete(session, actor, entry)
    elif entry.valid_to is None or entry.valid_to >= first_day_without:
        end_timetable_entry(session, actor, entry.id, first_day_without - timedelta(days=1))


def copy_timetable_day(
    session: Session,
    actor: Actor,
    class_id: uuid.UUID,
    from_weekday: int,
    to_weekday: int,
    valid_from: date,
) -> int:
    """From ``valid_from`` the class's ``to_weekday`` has the lessons its
    ``from_weekday`` has then (same numbers, assignments, rooms); the target day's
    entries stop. Any clash refuses the whole copy (the caller rolls back).
    Returns the number of entries copied."""
    require_admin(actor, _TIMETABLE)
    from_weekday, to_weekday = v.weekday(from_weekday), v.weekday(to_weekday)
    if from_weekday == to_weekday:
        raise ValidationError("Выберите другой день недели, чем копируемый.")
    current = entries_on(session, class_id, valid_from)
    for entry in current:
        if entry.weekday == to_weekday:
            stop_timetable_entry(session, actor, entry.id, valid_from)
    session.flush()
    source = [entry for entry in current if entry.weekday == from_weekday]
    for entry in source:
        add_timetable_entry(
            session, actor, entry.assignment_id, to_weekday, entry.lesson_number, valid_from,
            valid_to=entry.valid_to, room=entry.room,
        )
    return len(source)


# Lesson generation lives in its own module; re-exported for callers of this one.
from database.services.lesson_generation import (  # noqa: E402
    GenerationResult as GenerationResult,
)
from database.services.lesson_generation import (  # noqa: E402
    RefreshResult as RefreshResult,
)
from database.services.lesson_generation import (  # noqa: E402
    generate_lessons as generate_lessons,
)
from database.services.lesson_generation import (  # noqa: E402
    refresh_future_lessons as refresh_future_lessons,
)
