"""Rules shared by the journal services (lessons, marks, period marks).

- Dates of stay: an enrolment or group membership covers ``start_date`` to
  ``end_date`` *inclusive* (``end_date`` is the last day in the class, the same
  convention as a timetable entry's ``valid_to``); ``None`` means "still there".
- Corrections: an entry in a closed study period — or, for marks and attendance, on a
  lesson older than ``settings.correction_window_days`` — is a correction. Teachers
  cannot make it; the administration makes it with a written reason that goes into
  the change log. The software itself (``Actor.system``: demo school, import) builds
  history and needs no reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, ScalarSelect, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from database.actor import Actor, Role
from database.errors import NotFound, PermissionDenied, ReasonRequired
from database.models import Lesson, SchoolClass, StudyPeriod, Subject, TeachingAssignment
from database.validation import ru_date

CORRECTION_BY_ADMIN = "Исправления вносит администрация с указанием причины."


def covers_day(
    start: InstrumentedAttribute[date],
    end: InstrumentedAttribute[date | None],
    day: date | ColumnElement[date],
) -> ColumnElement[bool]:
    """SQL: the stay ``start``…``end`` (inclusive, open end) includes ``day``."""
    return and_(start <= day, or_(end.is_(None), end >= day))


def overlaps_range(
    start: InstrumentedAttribute[date],
    end: InstrumentedAttribute[date | None],
    first: date,
    last: date,
) -> ColumnElement[bool]:
    """SQL: the stay ``start``…``end`` shares at least one day with ``first``…``last``."""
    return and_(start <= last, or_(end.is_(None), end >= first))


def is_system(actor: Actor) -> bool:
    """The software itself (no signed-in account)."""
    return actor.role is Role.ADMIN and actor.account_id is None


def clean_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    stripped = " ".join(reason.split())
    return stripped or None


format_day = ru_date

@dataclass(frozen=True)
class LessonPlace:
    """A lesson with what its rules depend on: assignment, class, subject."""

    lesson: Lesson
    assignment: TeachingAssignment
    school_class: SchoolClass
    subject: Subject


def load_lesson(session: Session, lesson_id: uuid.UUID) -> Lesson:
    lesson = session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("Урок не найден (возможно, его удалили).")
    return lesson


def place_of(session: Session, lesson: Lesson, assignment: TeachingAssignment) -> LessonPlace:
    school_class = session.get(SchoolClass, assignment.class_id)
    subject = session.get(Subject, assignment.subject_id)
    if school_class is None or subject is None:
        raise NotFound("Класс или предмет этого урока не найден.")
    return LessonPlace(lesson, assignment, school_class, subject)


def _closed_period_conditions(
    year_id: uuid.UUID | InstrumentedAttribute[uuid.UUID],
    grade: int | InstrumentedAttribute[int],
    day: date | InstrumentedAttribute[date],
) -> tuple[ColumnElement[bool], ...]:
    """SQL: a closed study period of this grade that contains ``day`` (each argument
    a value, or a column of the enclosing statement)."""
    return (
        StudyPeriod.year_id == year_id,
        StudyPeriod.closed.is_(True),
        StudyPeriod.grade_from <= grade,
        StudyPeriod.grade_to >= grade,
        StudyPeriod.start_date <= day,
        StudyPeriod.end_date >= day,
    )


def closed_period_on(
    session: Session, year_id: uuid.UUID, grade: int, day: date
) -> StudyPeriod | None:
    """The closed study period of this grade that contains ``day``, if any."""
    return session.execute(
        select(StudyPeriod).where(*_closed_period_conditions(year_id, grade, day)).limit(1)
    ).scalar()


def closed_period_name(
    year_id: InstrumentedAttribute[uuid.UUID],
    grade: InstrumentedAttribute[int],
    day: InstrumentedAttribute[date],
) -> ScalarSelect[str]:
    """SQL, for a statement that reads a lesson: the name of the closed study period
    :func:`closed_period_on` would find (NULL when there is none), so the
    correction check needs no statement of its own."""
    return (
        select(StudyPeriod.name)
        .where(*_closed_period_conditions(year_id, grade, day))
        .limit(1)
        .scalar_subquery()
    )


def require_correction_rights(
    session: Session,
    actor: Actor,
    school_class: SchoolClass,
    day: date,
    reason: str | None,
    *,
    window_days: int | None,
) -> bool:
    """Refuse a teacher's correction; demand a reason from the administration.
    Returns whether the change is a correction.

    ``window_days`` is the correction window for marks and attendance (None: only a
    closed period makes a change a correction, as for lesson topics and dates).
    """
    period = closed_period_on(session, school_class.year_id, school_class.grade, day)
    return check_correction_rights(
        actor, day, period.name if period is not None else None, reason,
        window_days=window_days,
    )


def check_correction_rights(
    actor: Actor,
    day: date,
    closed_period: str | None,
    reason: str | None,
    *,
    window_days: int | None,
) -> bool:
    """:func:`require_correction_rights` when the name of the closed period that
    contains ``day`` (None: no closed period) is already known."""
    why: str | None = None
    if closed_period is not None:
        why = f"Урок {format_day(day)} относится к закрытому периоду «{closed_period}»."
    elif window_days is not None and day < actor.now().date() - timedelta(days=window_days):
        why = f"С урока {format_day(day)} прошло больше {window_days} дн."
    if why is None:
        return False
    if is_system(actor):
        return True
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(f"{why} {CORRECTION_BY_ADMIN}")
    if clean_reason(reason) is None:
        raise ReasonRequired(f"{why} Укажите причину исправления.")
    return True


def require_closed_period_rights(
    session: Session,
    actor: Actor,
    period: StudyPeriod,
    reason: str | None,
) -> None:
    """A period that is closed takes changes only from the administration, with a
    reason."""
    if not period.closed or is_system(actor):
        return
    why = f"Период «{period.name}» закрыт."
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(f"{why} {CORRECTION_BY_ADMIN}")
    if clean_reason(reason) is None:
        raise ReasonRequired(f"{why} Укажите причину исправления.")
