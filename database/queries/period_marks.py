"""Reading period marks' suggestions, and where a student is graded.

- the arithmetic: :func:`weighted_average` of the current marks, :func:`round_mark`
  by the school's threshold, :func:`year_suggestion` from the period marks;
- :func:`suggest_period_mark` (one student) and :func:`suggest_period_marks` (a
  whole journal, for the grid's average column), :func:`suggest_year_mark`;
- :func:`grading_target`: the subject, period, classes and assignments a period
  mark concerns, which the writes of :mod:`database.services.period_marks` check
  their rights against too.

Who may read a suggestion: :func:`suggest_period_mark` — admin; a teacher of that
subject in the student's class (or its group); the class teacher; the student and
its parents (as for the diary). :func:`suggest_period_marks` — whoever may read that
journal. sysadmin: none.

The suggestion is the weighted average of the student's marks in the subject on the
(not cancelled) lessons within the period's dates, each mark weighing its ``weight``,
rounded by ``settings.rounding_threshold``: a fractional part of at least the
threshold rounds up (threshold 0.6: 3.60 → 4, 3.59 → 3).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.errors import NotFound, PermissionDenied, ValidationError
from database.models import (
    AcademicYear,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_journal_read, require_student_read
from database.services.journal_rules import is_system, overlaps_range
from database.settings import load_settings

PERIOD_KINDS: Final[tuple[str, ...]] = ("period", "year", "exam", "final")


@dataclass(frozen=True)
class Suggestion:
    average: float | None  # None: no marks in the period
    suggested: str | None
    count: int = 0


# --- the arithmetic ---------------------------------------------------------------------------


def _counted(marks: Iterable[tuple[str, float]]) -> list[tuple[float, float]]:
    """(number, weight) of the marks that count: numeric, with a positive weight."""
    counted: list[tuple[float, float]] = []
    for value, weight in marks:
        if value.strip().isdigit() and weight > 0:
            counted.append((float(value), weight))
    return counted


def weighted_average(marks: Iterable[tuple[str, float]]) -> float | None:
    """Σ value·weight / Σ weight over numeric marks; None without any."""
    counted = _counted(marks)
    weights = sum(w for _, w in counted)
    if not counted or weights == 0:
        return None
    return sum(n * w for n, w in counted) / weights


def round_mark(average: float, threshold: float, lowest: int = 1, highest: int = 5) -> str:
    """Round by the school's rule: up when the fractional part is at least
    ``threshold`` (compared to 1e-9, so 4.6 is 4.6 and not 4.59999…)."""
    whole = math.floor(average)
    if average - whole >= threshold - 1e-9:
        whole += 1
    return str(min(max(whole, lowest), highest))


def suggestion_of(marks: Iterable[tuple[str, float]], threshold: float) -> Suggestion:
    pairs = list(marks)
    average = weighted_average(pairs)
    if average is None:
        return Suggestion(None, None, 0)
    return Suggestion(round(average, 2), round_mark(average, threshold), len(_counted(pairs)))


def year_suggestion(period_values: Sequence[str | None], threshold: float) -> Suggestion:
    """The year mark from the year's period marks, in period order (None: a period
    not yet marked). Each period weighs the same; non-numeric marks (осв., зач.) do
    not count. Nothing is suggested until every period has its mark: a year mark
    confirmed from part of the year would be wrong."""
    if not period_values or any(v is None for v in period_values):
        return Suggestion(None, None, 0)
    return suggestion_of(((v, 1.0) for v in period_values if v is not None), threshold)


# --- where a student is graded ---------------------------------------------------------------


def year_range(year: AcademicYear, period: StudyPeriod | None) -> tuple[date, date]:
    if period is not None:
        return period.start_date, period.end_date
    return year.start_date, year.end_date


def student_classes(
    session: Session, student_id: uuid.UUID, year_id: uuid.UUID, first: date, last: date
) -> list[SchoolClass]:
    """The student's classes of that year during ``first``…``last``."""
    return list(
        session.execute(
            select(SchoolClass)
            .join(Enrolment, Enrolment.class_id == SchoolClass.id)
            .where(
                SchoolClass.year_id == year_id,
                Enrolment.student_id == student_id,
                overlaps_range(Enrolment.start_date, Enrolment.end_date, first, last),
            )
            .distinct()
        ).scalars()
    )


def subject_assignments(
    session: Session,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    class_ids: list[uuid.UUID],
    first: date,
    last: date,
) -> list[TeachingAssignment]:
    """Assignments of the subject that teach this student during ``first``…``last``."""
    if not class_ids:
        return []
    in_group = exists().where(
        GroupMember.group_id == TeachingAssignment.group_id,
        GroupMember.student_id == student_id,
        overlaps_range(GroupMember.start_date, GroupMember.end_date, first, last),
    )
    return list(
        session.execute(
            select(TeachingAssignment).where(
                TeachingAssignment.subject_id == subject_id,
                TeachingAssignment.class_id.in_(class_ids),
                TeachingAssignment.group_id.is_(None) | in_group,
            )
        ).scalars()
    )


@dataclass(frozen=True)
class GradingTarget:
    """What a period mark is given for: the subject, the year and period, and the
    student's classes and the subject's assignments teaching it then."""

    subject: Subject
    year: AcademicYear
    period: StudyPeriod | None
    classes: list[SchoolClass]
    assignments: list[TeachingAssignment]
    first: date
    last: date


def grading_target(
    session: Session,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    year_id: uuid.UUID,
    kind: str,
    period_id: uuid.UUID | None,
) -> GradingTarget:
    """Check that the student is taught the subject in that year (and period) and
    find where; a clear refusal otherwise."""
    if kind not in PERIOD_KINDS:
        raise ValidationError(
            "Вид итоговой отметки: period (четверть/полугодие/триместр), year, exam или "
            "final."
        )
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise NotFound("Предмет не найден.")
    year = session.get(AcademicYear, year_id)
    if year is None:
        raise NotFound("Учебный год не найден.")
    period: StudyPeriod | None = None
    if kind == "period":
        if period_id is None:
            raise ValidationError("Укажите четверть (полугодие, триместр) отметки.")
        period = session.get(StudyPeriod, period_id)
        if period is None or period.year_id != year_id:
            raise NotFound("Учебный период не найден в этом учебном году.")
    elif period_id is not None:
        raise ValidationError("Годовая, экзаменационная и итоговая отметки — без периода.")
    first, last = year_range(year, period)
    classes = student_classes(session, student_id, year_id, first, last)
    if not classes:
        raise ValidationError("Ученик не числится в классе в этом периоде.")
    if period is not None and not any(
        period.grade_from <= c.grade <= period.grade_to for c in classes
    ):
        raise ValidationError(f"Период «{period.name}» не относится к классу ученика.")
    assignments = subject_assignments(
        session, student_id, subject_id, [c.id for c in classes], first, last
    )
    if not assignments:
        raise ValidationError(
            f"Предмет «{subject.name}» не изучается в классе (группе) ученика."
        )
    return GradingTarget(subject, year, period, classes, assignments, first, last)


def grade_periods(session: Session, year_id: uuid.UUID, grade: int) -> list[StudyPeriod]:
    return list(
        session.execute(
            select(StudyPeriod)
            .where(
                StudyPeriod.year_id == year_id,
                StudyPeriod.grade_from <= grade,
                StudyPeriod.grade_to >= grade,
            )
            .order_by(StudyPeriod.start_date)
        ).scalars()
    )


# --- suggestions ------------------------------------------------------------------------------


def suggest_period_mark(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    period_id: uuid.UUID,
) -> Suggestion:
    """The weighted average of the student's marks in the subject within the period,
    and the mark it rounds to."""
    period = session.get(StudyPeriod, period_id)
    if period is None:
        raise NotFound("Учебный период не найден.")
    _require_suggestion_read(session, actor, student_id, subject_id, period)
    rows = session.execute(
        select(Mark.value, Mark.weight)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(
            Mark.student_id == student_id,
            TeachingAssignment.subject_id == subject_id,
            TeachingAssignment.year_id == period.year_id,
            Lesson.date >= period.start_date,
            Lesson.date <= period.end_date,
            Lesson.cancelled.is_(False),
        )
    ).all()
    threshold = load_settings(session).rounding_threshold
    return suggestion_of(((v, w) for v, w in rows), threshold)


def _require_suggestion_read(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    period: StudyPeriod,
) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.TEACHER and actor.staff_id is not None:
        classes = student_classes(
            session, student_id, period.year_id, period.start_date, period.end_date
        )
        if any(c.class_teacher_id == actor.staff_id for c in classes):
            return
        assignments = subject_assignments(
            session, student_id, subject_id, [c.id for c in classes],
            period.start_date, period.end_date,
        )
        if any(a.teacher_id == actor.staff_id for a in assignments):
            return
        raise PermissionDenied("Недостаточно прав: этот ученик у вас не учится.")
    if actor.role in (Role.STUDENT, Role.PARENT):
        require_student_read(session, actor, student_id, actor.now().date())
        return
    raise PermissionDenied("Недостаточно прав: отметки учеников вам недоступны.")


def suggest_period_marks(
    session: Session, actor: Actor, assignment_id: uuid.UUID, period_id: uuid.UUID
) -> Mapping[uuid.UUID, Suggestion]:
    """Suggestions for every student with marks in the journal's subject during the
    period, in one query (for the journal grid's average column). Marks from any
    journal of the subject count, so a student who changed class keeps them."""
    assignment = require_journal_read(session, actor, assignment_id)
    period = session.get(StudyPeriod, period_id)
    if period is None or period.year_id != assignment.year_id:
        raise NotFound("Учебный период не найден в этом учебном году.")
    roster = select(Enrolment.student_id).where(
        Enrolment.class_id == assignment.class_id,
        overlaps_range(Enrolment.start_date, Enrolment.end_date, period.start_date,
                       period.end_date),
    )
    rows = session.execute(
        select(Mark.student_id, Mark.value, Mark.weight)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(
            Mark.student_id.in_(roster),
            TeachingAssignment.subject_id == assignment.subject_id,
            TeachingAssignment.year_id == assignment.year_id,
            Lesson.date >= period.start_date,
            Lesson.date <= period.end_date,
            Lesson.cancelled.is_(False),
        )
    ).all()
    by_student: dict[uuid.UUID, list[tuple[str, float]]] = {}
    for student_id, value, weight in rows:
        by_student.setdefault(student_id, []).append((value, weight))
    threshold = load_settings(session).rounding_threshold
    return {s: suggestion_of(marks, threshold) for s, marks in by_student.items()}


def suggest_year_mark(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    year_id: uuid.UUID,
) -> Suggestion:
    """The year mark :func:`year_suggestion` makes of the student's period marks of
    the year in the subject (the periods of the student's grade)."""
    if actor.role is Role.TEACHER or actor.role is Role.ADMIN:
        target = grading_target(session, student_id, subject_id, year_id, "year", None)
        if not is_system(actor) and actor.role is Role.TEACHER:
            teaches = any(a.teacher_id == actor.staff_id for a in target.assignments)
            leads = any(c.class_teacher_id == actor.staff_id for c in target.classes)
            if not (teaches or leads):
                raise PermissionDenied("Недостаточно прав: этот ученик у вас не учится.")
    elif actor.role in (Role.STUDENT, Role.PARENT):
        require_student_read(session, actor, student_id, actor.now().date())
    else:
        raise PermissionDenied("Недостаточно прав: отметки учеников вам недоступны.")
    marks = {period_id: value for period_id, value in session.execute(
        select(PeriodMark.period_id, PeriodMark.value).where(
            PeriodMark.student_id == student_id,
            PeriodMark.subject_id == subject_id,
            PeriodMark.year_id == year_id,
            PeriodMark.kind == "period",
        )
    )}
    year = session.get(AcademicYear, year_id)
    if year is None:
        raise NotFound("Учебный год не найден.")
    classes = student_classes(session, student_id, year_id, *year_range(year, None))
    if not classes:
        return Suggestion(None, None, 0)
    periods = grade_periods(session, year_id, max(c.grade for c in classes))
    threshold = load_settings(session).rounding_threshold
    return year_suggestion([marks.get(p.id) for p in periods], threshold)


__all__ = [
    "PERIOD_KINDS",
    "GradingTarget",
    "Suggestion",
    "grade_periods",
    "grading_target",
    "round_mark",
    "student_classes",
    "subject_assignments",
    "suggest_period_mark",
    "suggest_period_marks",
    "suggest_year_mark",
    "suggestion_of",
    "weighted_average",
    "year_range",
    "year_suggestion",
]
