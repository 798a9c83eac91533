"""Setting period marks (quarter, half-year, trimester), year, exam and final marks.
Their suggestions from the current marks are read in :mod:`database.queries.period_marks`.

Who may call what (enforced here, not only in the GUI):

- :func:`set_period_mark`, :func:`clear_period_mark` — admin; a teacher with an
  assignment of that subject in the student's class (or in a group of it the student
  belongs to) during the period. A closed period (for a year mark: the grade's last
  period of the year closed) takes changes only from admin, with a reason.
- sysadmin: none.

Period marks are due in the last ``settings.period_marks_last_days`` days of the
period (a year mark: of the grade's last period). One entered outside that window is
saved with ``late=True``, never refused. Exam and final marks have no window.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database.actor import Actor, Role
from database.errors import PermissionDenied, ValidationError
from database.journal_input import parse_period_mark
from database.models import (
    PeriodMark,
    StudyPeriod,
)
from database.queries.period_marks import GradingTarget, grade_periods, grading_target
from database.services.journal_rules import (
    clean_reason,
    require_closed_period_rights,
)
from database.settings import load_settings

MAX_COMMENT_LENGTH: Final = 1000


@dataclass(frozen=True)
class PeriodMarkInfo:
    id: uuid.UUID
    student_id: uuid.UUID
    subject_id: uuid.UUID
    year_id: uuid.UUID
    kind: str
    period_id: uuid.UUID | None
    value: str
    comment: str
    entered_at: datetime
    late: bool


def _info(row: PeriodMark) -> PeriodMarkInfo:
    return PeriodMarkInfo(
        id=row.id,
        student_id=row.student_id,
        subject_id=row.subject_id,
        year_id=row.year_id,
        kind=row.kind,
        period_id=row.period_id,
        value=row.value,
        comment=row.comment,
        entered_at=row.entered_at,
        late=row.late,
    )


# --- who may grade whom -----------------------------------------------------------------------


def _require_grading(actor: Actor, target: GradingTarget) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.TEACHER and any(
        a.teacher_id == actor.staff_id for a in target.assignments
    ):
        return
    raise PermissionDenied(
        "Недостаточно прав: итоговые отметки ставит учитель этого предмета в классе "
        "ученика или администрация."
    )


def _deadline_period(session: Session, target: GradingTarget) -> StudyPeriod | None:
    """The period whose rules (window, closing) a mark follows: its own period, or for
    a year mark the grade's last period of the year."""
    if target.period is not None:
        return target.period
    grade = max(c.grade for c in target.classes)
    periods = grade_periods(session, target.year.id, grade)
    return periods[-1] if periods else None


# --- writing ----------------------------------------------------------------------------------


def _find(
    session: Session,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    year_id: uuid.UUID,
    kind: str,
    period_id: uuid.UUID | None,
) -> PeriodMark | None:
    # SQLite's UNIQUE does not compare NULL period ids, so look up explicitly.
    period_clause = (
        PeriodMark.period_id.is_(None) if period_id is None else PeriodMark.period_id == period_id
    )
    return session.execute(
        select(PeriodMark).where(
            PeriodMark.student_id == student_id,
            PeriodMark.subject_id == subject_id,
            PeriodMark.year_id == year_id,
            PeriodMark.kind == kind,
            period_clause,
        )
    ).scalar()


def _check_closed(
    session: Session, actor: Actor, target: GradingTarget, kind: str, reason: str | None
) -> None:
    if kind in ("period", "year"):
        governing = _deadline_period(session, target)
        if governing is not None:
            require_closed_period_rights(session, actor, governing, reason)


def set_period_mark(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    year_id: uuid.UUID,
    kind: str,
    period_id: uuid.UUID | None,
    value: str,
    reason: str | None = None,
    *,
    comment: str | None = None,
) -> PeriodMarkInfo:
    """Set (or override the suggestion with) a period/year/exam/final mark.

    ``value`` is read leniently (``на``, ``n/a`` → ``н/а``; ``осв`` → ``осв.``) and
    must suit the subject's assessment (marks 1–5 or ``зач.``/``незач.``).
    """
    target = grading_target(session, student_id, subject_id, year_id, kind, period_id)
    _require_grading(actor, target)
    settings = load_settings(session)
    canonical = parse_period_mark(value, target.subject.assessment, settings.period_mark_values)
    if comment is not None and len(comment.strip()) > MAX_COMMENT_LENGTH:
        raise ValidationError(f"Комментарий: не больше {MAX_COMMENT_LENGTH} символов.")
    row = _find(session, student_id, subject_id, year_id, kind, period_id)
    new_comment = (
        comment.strip() if comment is not None else (row.comment if row is not None else "")
    )
    if row is not None and row.value == canonical and row.comment == new_comment:
        return _info(row)
    _check_closed(session, actor, target, kind, reason)

    now = actor.now()
    if row is None:
        row = PeriodMark(
            student_id=student_id, subject_id=subject_id, year_id=year_id, kind=kind,
            period_id=period_id,
        )
    if row.value != canonical:
        row.value = canonical
        row.entered_by = actor.account_id
        row.entered_at = now
        row.late = _is_late(session, target, kind, now.date(), settings.period_marks_last_days)
    row.comment = new_comment
    changelog.save(session, actor, row, reason=clean_reason(reason))
    return _info(row)


def _is_late(
    session: Session, target: GradingTarget, kind: str, today: date, last_days: int
) -> bool:
    if kind not in ("period", "year"):
        return False
    governing = _deadline_period(session, target)
    end = governing.end_date if governing is not None else target.year.end_date
    window_start = end - timedelta(days=max(last_days, 1) - 1)
    return not window_start <= today <= end


def clear_period_mark(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    year_id: uuid.UUID,
    kind: str,
    period_id: uuid.UUID | None,
    reason: str | None = None,
) -> PeriodMarkInfo | None:
    """Remove a period mark (a tombstone in the change log). Returns the removed
    mark as it was, or None when there was none."""
    target = grading_target(session, student_id, subject_id, year_id, kind, period_id)
    _require_grading(actor, target)
    row = _find(session, student_id, subject_id, year_id, kind, period_id)
    if row is None:
        return None
    _check_closed(session, actor, target, kind, reason)
    removed = _info(row)
    changelog.delete(session, actor, row, reason=clean_reason(reason))
    return removed


