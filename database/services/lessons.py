"""Lessons: what the teacher writes about a lesson, substitutions, extra, moved and
cancelled lessons.

Who may call what (enforced here, not only in the GUI):

- :func:`update_lesson` — admin; the assignment's teacher; a teacher recorded as
  substituting that lesson.
- :func:`set_substitution` — admin; the assignment's own teacher.
- :func:`add_lesson`, :func:`move_lesson` — admin; the assignment's own teacher.
- :func:`cancel_lesson`, :func:`restore_lesson` — admin; the assignment's own
  teacher, but only while no marks or attendance are recorded on the lesson
  (otherwise admin with a reason).
- sysadmin, students and parents: none.

A change to a lesson in a closed study period is a correction: admin only, with a
reason (see :mod:`database.services.journal_rules`). Homework is due within
``settings.homework_minutes_after_lesson`` after the lesson's bell; later homework is
saved and flagged ``homework_late``, never refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from database import changelog, validation
from database.actor import Actor, Role
from database.errors import ConflictError, PermissionDenied, ValidationError
from database.models import (
    AcademicYear,
    Attendance,
    Bell,
    Lesson,
    Mark,
    PlanTopic,
    Staff,
)
from database.permissions import require_assignment_edit, require_lesson_edit
from database.services._common import UNSET, Unset
from database.services.journal_rules import (
    clean_reason,
    format_day,
    load_lesson,
    place_of,
    require_correction_rights,
)
from database.settings import load_settings

MAX_TOPIC_LENGTH: Final = 1000
MAX_HOMEWORK_LENGTH: Final = 4000
MAX_SUBSTITUTION_REASON_LENGTH: Final = 200


@dataclass(frozen=True)
class LessonInfo:
    id: uuid.UUID
    assignment_id: uuid.UUID
    date: date
    lesson_number: int
    topic: str
    plan_topic_id: uuid.UUID | None
    homework: str
    homework_entered_at: datetime | None
    homework_late: bool
    work_type: str
    control_work: bool
    conducted: bool
    cancelled: bool
    substitute_teacher_id: uuid.UUID | None
    substitution_reason: str
    room: str


def lesson_info(lesson: Lesson) -> LessonInfo:
    return LessonInfo(
        id=lesson.id,
        assignment_id=lesson.assignment_id,
        date=lesson.date,
        lesson_number=lesson.lesson_number,
        topic=lesson.topic,
        plan_topic_id=lesson.plan_topic_id,
        homework=lesson.homework,
        homework_entered_at=lesson.homework_entered_at,
        homework_late=lesson.homework_late,
        work_type=lesson.work_type,
        control_work=lesson.control_work,
        conducted=lesson.conducted,
        cancelled=lesson.cancelled,
        substitute_teacher_id=lesson.substitute_teacher_id,
        substitution_reason=lesson.substitution_reason,
        room=lesson.room,
    )


def homework_deadline(session: Session, year_id: uuid.UUID, lesson: Lesson) -> datetime:
    """When homework stops being on time: the lesson's bell end (the second schedule's
    on its weekdays) plus the school's allowance; without a bell for that lesson
    number, the end of the lesson day."""
    settings = load_settings(session)
    second = settings.second_bells.times(lesson.date.isoweekday(), lesson.lesson_number)
    ends_at = second[1] if second is not None else session.execute(
        select(Bell.ends_at).where(
            Bell.year_id == year_id, Bell.lesson_number == lesson.lesson_number
        )
    ).scalar()
    if ends_at is None:
        return datetime.combine(lesson.date + timedelta(days=1), time(0, 0))
    minutes = settings.homework_minutes_after_lesson
    return datetime.combine(lesson.date, ends_at) + timedelta(minutes=minutes)


def _apply(
    session: Session, actor: Actor, lesson: Lesson, changes: dict[str, Any], reason: str | None
) -> LessonInfo:
    for key, value in changes.items():
        setattr(lesson, key, value)
    changelog.save(session, actor, lesson, reason=clean_reason(reason))
    return lesson_info(lesson)


def _only_changed(lesson: Lesson, wanted: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if getattr(lesson, k) != v}


# --- editing a lesson ----------------------------------------------------------------------


def update_lesson(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    *,
    topic: str | Unset = UNSET,
    plan_topic_id: uuid.UUID | Unset | None = UNSET,
    homework: str | Unset = UNSET,
    work_type: str | Unset = UNSET,
    control_work: bool | Unset = UNSET,
    conducted: bool | Unset = UNSET,
    reason: str | None = None,
) -> LessonInfo:
    """Change only the given fields of a lesson.

    Choosing a planned topic (``plan_topic_id``) without a ``topic`` copies the
    planned topic's text, and without ``control_work`` its control-work mark (the
    КТП's control works reach the journal as «К/Р»). New homework stamps ``homework_entered_at`` and
    ``homework_late``; clearing it clears both.
    """
    lesson = load_lesson(session, lesson_id)
    assignment = require_lesson_edit(session, actor, lesson)
    place = place_of(session, lesson, assignment)
    settings = load_settings(session)

    wanted: dict[str, Any] = {}
    if plan_topic_id is not UNSET:
        if plan_topic_id is not None:
            planned = session.get(PlanTopic, plan_topic_id)
            if planned is None or planned.assignment_id != lesson.assignment_id:
                raise ValidationError("Тема не найдена в тематическом плане этого журнала.")
            if topic is UNSET:
                wanted["topic"] = planned.topic
            # A control work planned in the КТП makes the lesson it is given on one,
            # unless the caller says otherwise.
            if control_work is UNSET and plan_topic_id != lesson.plan_topic_id:
                wanted["control_work"] = planned.control_work
        wanted["plan_topic_id"] = plan_topic_id
    if topic is not UNSET:
        wanted["topic"] = validation.text(topic, "Тема урока", max_length=MAX_TOPIC_LENGTH)
    if homework is not UNSET:
        wanted["homework"] = validation.text(
            homework, "Домашнее задание", max_length=MAX_HOMEWORK_LENGTH, multiline=True
        )
    if work_type is not UNSET:
        cleaned = work_type.strip()
        if cleaned and cleaned not in settings.work_types:
            raise ValidationError(
                f"Неизвестный вид работы: «{cleaned}». "
                f"Допустимы: {', '.join(settings.work_types)}."
            )
        wanted["work_type"] = cleaned
    if control_work is not UNSET:
        wanted["control_work"] = bool(control_work)
    if conducted is not UNSET:
        if conducted and lesson.cancelled:
            raise ValidationError("Урок отменён: его нельзя отметить проведённым.")
        if conducted and lesson.date > actor.now().date():
            raise ValidationError(
                f"Урок {format_day(lesson.date)} ещё не наступил: его нельзя отметить "
                "проведённым."
            )
        wanted["conducted"] = bool(conducted)

    changes = _only_changed(lesson, wanted)
    if "homework" in changes:
        if changes["homework"]:
            now = actor.now()
            changes["homework_entered_at"] = now
            changes["homework_late"] = now > homework_deadline(
                session, assignment.year_id, lesson
            )
        else:
            changes["homework_entered_at"] = None
            changes["homework_late"] = False
    if not changes:
        return lesson_info(lesson)
    require_correction_rights(
        session, actor, place.school_class, lesson.date, reason, window_days=None
    )
    return _apply(session, actor, lesson, changes, reason)


# --- substitution ----------------------------------------------------------------------------


def set_substitution(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    substitute_teacher_id: uuid.UUID | None,
    reason: str = "",
) -> LessonInfo:
    """Record who substitutes the lesson and why (None removes the substitution).

    The substitute may then edit this lesson (topic, homework, marks, attendance)
    and read its journal.
    """
    lesson = load_lesson(session, lesson_id)
    assignment = require_assignment_edit(session, actor, lesson.assignment_id)
    place = place_of(session, lesson, assignment)
    wanted: dict[str, Any]
    if substitute_teacher_id is None:
        wanted = {"substitute_teacher_id": None, "substitution_reason": ""}
    else:
        substitute = session.get(Staff, substitute_teacher_id)
        if substitute is None or not substitute.active:
            raise ValidationError("Заменяющий учитель не найден среди работающих сотрудников.")
        if substitute_teacher_id == assignment.teacher_id:
            raise ValidationError("Учитель не может заменять сам себя.")
        why = validation.text(
            reason, "Причина замены", max_length=MAX_SUBSTITUTION_REASON_LENGTH
        )
        if not why:
            raise ValidationError("Укажите причину замены (например, «болезнь учителя»).")
        wanted = {"substitute_teacher_id": substitute_teacher_id, "substitution_reason": why}
    changes = _only_changed(lesson, wanted)
    if not changes:
        return lesson_info(lesson)
    # In a closed period the substitution's reason doubles as the correction's.
    correction = require_correction_rights(
        session, actor, place.school_class, lesson.date, reason, window_days=None
    )
    return _apply(session, actor, lesson, changes, reason if correction else None)


# --- extra, moved and cancelled lessons ---------------------------------------------------------


def _check_slot(
    session: Session,
    assignment_id: uuid.UUID,
    year_id: uuid.UUID,
    day: date,
    lesson_number: int,
    moving: uuid.UUID | None = None,
) -> None:
    if day.isoweekday() == 7:
        raise ValidationError(f"{format_day(day)} — воскресенье: уроков в этот день нет.")
    validation.lesson_number(lesson_number)
    year = session.get(AcademicYear, year_id)
    if year is None or not year.start_date <= day <= year.end_date:
        raise ValidationError(f"Дата {format_day(day)} вне учебного года.")
    clash = select(Lesson.id).where(
        Lesson.assignment_id == assignment_id,
        Lesson.date == day,
        Lesson.lesson_number == lesson_number,
    )
    if moving is not None:
        clash = clash.where(Lesson.id != moving)
    if session.execute(select(exists(clash))).scalar():
        raise ConflictError(
            f"В этом журнале уже есть {lesson_number}-й урок {format_day(day)}."
        )


def add_lesson(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    date: date,
    lesson_number: int,
    *,
    reason: str | None = None,
) -> LessonInfo:
    """A lesson that is not in the timetable (a make-up or extra lesson)."""
    assignment = require_assignment_edit(session, actor, assignment_id)
    _check_slot(session, assignment_id, assignment.year_id, date, lesson_number)
    lesson = Lesson(assignment_id=assignment_id, date=date, lesson_number=lesson_number)
    place = place_of(session, lesson, assignment)
    require_correction_rights(session, actor, place.school_class, date, reason, window_days=None)
    changelog.save(session, actor, lesson, reason=clean_reason(reason))
    return lesson_info(lesson)


def move_lesson(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    new_date: date,
    new_lesson_number: int,
    *,
    reason: str | None = None,
) -> LessonInfo:
    """Move a lesson to another day or lesson number; its marks and attendance move
    with it (they belong to the lesson)."""
    lesson = load_lesson(session, lesson_id)
    assignment = require_assignment_edit(session, actor, lesson.assignment_id)
    place = place_of(session, lesson, assignment)
    wanted = {"date": new_date, "lesson_number": new_lesson_number}
    changes = _only_changed(lesson, wanted)
    if not changes:
        return lesson_info(lesson)
    _check_slot(
        session, lesson.assignment_id, assignment.year_id, new_date, new_lesson_number,
        moving=lesson.id,
    )
    for day in {lesson.date, new_date}:
        require_correction_rights(
            session, actor, place.school_class, day, reason, window_days=None
        )
    return _apply(session, actor, lesson, changes, reason)


def _has_entries(session: Session, lesson_id: uuid.UUID) -> bool:
    marks = select(Mark.id).where(Mark.lesson_id == lesson_id)
    attendance = select(Attendance.id).where(Attendance.lesson_id == lesson_id)
    return bool(
        session.execute(select(exists(marks) | exists(attendance))).scalar()
    )


def cancel_lesson(
    session: Session, actor: Actor, lesson_id: uuid.UUID, reason: str
) -> LessonInfo:
    """Mark a lesson as not held (illness, quarantine, a holiday declared late).

    The reason goes into the change log. A lesson that already has marks or
    attendance is cancelled only by the administration (the entries stay on it but
    no longer count in averages).
    """
    lesson = load_lesson(session, lesson_id)
    assignment = require_assignment_edit(session, actor, lesson.assignment_id)
    place = place_of(session, lesson, assignment)
    why = clean_reason(reason)
    if why is None:
        raise ValidationError("Укажите причину отмены урока.")
    if lesson.cancelled:
        return lesson_info(lesson)
    if _has_entries(session, lesson.id) and actor.role is not Role.ADMIN:
        raise PermissionDenied(
            "На уроке уже есть оценки или отметки посещаемости: отменить его может "
            "только администрация с указанием причины. Или сначала очистите клетки."
        )
    require_correction_rights(session, actor, place.school_class, lesson.date, why,
                              window_days=None)
    changes: dict[str, Any] = {"cancelled": True}
    if lesson.conducted:
        changes["conducted"] = False
    return _apply(session, actor, lesson, changes, why)


def restore_lesson(
    session: Session, actor: Actor, lesson_id: uuid.UUID, reason: str | None = None
) -> LessonInfo:
    """Undo :func:`cancel_lesson`."""
    lesson = load_lesson(session, lesson_id)
    assignment = require_assignment_edit(session, actor, lesson.assignment_id)
    place = place_of(session, lesson, assignment)
    if not lesson.cancelled:
        return lesson_info(lesson)
    require_correction_rights(session, actor, place.school_class, lesson.date, reason,
                              window_days=None)
    return _apply(session, actor, lesson, {"cancelled": False}, reason)
