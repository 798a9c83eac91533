"""Subjects and teaching assignments (class or group × subject × teacher × hours).

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ========  =======  =======  ======
function               admin  sysadmin  teacher  student  parent
=====================  =====  ========  =======  =======  ======
create_subject         yes    —         —        —        —
update_subject         yes    —         —        —        —
assign_teaching        yes    —         —        —        —
update_assignment      yes    —         —        —        —
remove_assignment      yes    —         —        —        —
=====================  =====  ========  =======  =======  ======

Refusals raise ``PermissionDenied``; bad input ``ValidationError``; duplicates and
an assignment that already has lessons ``ConflictError``; unknown ids ``NotFound``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.display_names import class_title_of, short_name_of
from database.errors import ConflictError, ValidationError
from database.models import (
    AcademicYear,
    ClassGroup,
    Lesson,
    PlanTopic,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.permissions import get_assignment, require_admin
from database.services._common import UNSET, Unset, apply_changes, get_or_raise, given, name_taken

_SUBJECTS = "изменение предметов и учебной нагрузки"

ASSESSMENTS: Final[dict[str, str]] = {
    "marked": "оценивается отметками",
    "pass_fail": "зачёт/незачёт",
    "none": "без оценивания",
}


@dataclass(frozen=True)
class SubjectInfo:
    id: uuid.UUID
    name: str
    short_name: str
    assessment: str
    sort_order: int


def _subject_info(subject: Subject) -> SubjectInfo:
    return SubjectInfo(
        id=subject.id,
        name=subject.name,
        short_name=subject.short_name,
        assessment=subject.assessment,
        sort_order=subject.sort_order,
    )


def _check_subject_name(session: Session, name: str, subject_id: uuid.UUID | None) -> None:
    if name_taken(session.execute(select(Subject.id, Subject.name)), name, subject_id):
        raise ConflictError(f"Предмет «{name}» уже есть.")


def _clean_subject(changes: dict[str, object]) -> dict[str, object]:
    cleaned = dict(changes)
    if "name" in cleaned:
        cleaned["name"] = v.text(
            cleaned["name"], "Название предмета", max_length=200, required=True
        )
    if "short_name" in cleaned:
        cleaned["short_name"] = v.text(cleaned["short_name"], "Краткое название", max_length=40)
    if "assessment" in cleaned:
        cleaned["assessment"] = v.choice(cleaned["assessment"], ASSESSMENTS, "Оценивание")
    if "sort_order" in cleaned:
        cleaned["sort_order"] = v.integer(cleaned["sort_order"], "Порядок", minimum=0, maximum=9999)
    return cleaned


def create_subject(
    session: Session,
    actor: Actor,
    name: str,
    *,
    short_name: str = "",
    assessment: str = "marked",
    sort_order: int = 0,
) -> SubjectInfo:
    """A subject; ``assessment`` is marked, pass_fail or none. Names are unique."""
    require_admin(actor, _SUBJECTS)
    fields = _clean_subject(
        {"name": name, "short_name": short_name, "assessment": assessment, "sort_order": sort_order}
    )
    _check_subject_name(session, str(fields["name"]), None)
    subject = Subject(**fields)
    changelog.save(session, actor, subject)
    return _subject_info(subject)


def update_subject(
    session: Session,
    actor: Actor,
    subject_id: uuid.UUID,
    *,
    name: str | Unset = UNSET,
    short_name: str | Unset = UNSET,
    assessment: str | Unset = UNSET,
    sort_order: int | Unset = UNSET,
) -> SubjectInfo:
    require_admin(actor, _SUBJECTS)
    fields = _clean_subject(
        given(
            {
                "name": name,
                "short_name": short_name,
                "assessment": assessment,
                "sort_order": sort_order,
            }
        )
    )
    subject = get_or_raise(session, Subject, subject_id, "Предмет не найден.")
    if "name" in fields:
        _check_subject_name(session, str(fields["name"]), subject.id)
    apply_changes(subject, fields)
    changelog.save(session, actor, subject)
    return _subject_info(subject)


# --- teaching assignments -------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentInfo:
    id: uuid.UUID
    year_id: uuid.UUID
    class_id: uuid.UUID
    group_id: uuid.UUID | None
    subject_id: uuid.UUID
    teacher_id: uuid.UUID
    hours_per_week: float


def _assignment_info(assignment: TeachingAssignment) -> AssignmentInfo:
    return AssignmentInfo(
        id=assignment.id,
        year_id=assignment.year_id,
        class_id=assignment.class_id,
        group_id=assignment.group_id,
        subject_id=assignment.subject_id,
        teacher_id=assignment.teacher_id,
        hours_per_week=assignment.hours_per_week,
    )


def _check_teacher(session: Session, teacher_id: uuid.UUID) -> None:
    teacher = get_or_raise(session, Staff, teacher_id, "Учитель не найден.")
    if not teacher.active:
        raise ValidationError(
            f"{short_name_of(teacher)} "
            "больше не работает в школе: выберите другого учителя."
        )


def assign_teaching(
    session: Session,
    actor: Actor,
    year_id: uuid.UUID,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    teacher_id: uuid.UUID,
    hours_per_week: float,
    *,
    group_id: uuid.UUID | None = None,
) -> AssignmentInfo:
    """The teacher teaches the subject to the class (or one of its groups)."""
    require_admin(actor, _SUBJECTS)
    hours = v.hours_per_week(hours_per_week)
    get_or_raise(session, AcademicYear, year_id, "Учебный год не найден.")
    school_class = get_or_raise(session, SchoolClass, class_id, "Класс не найден.")
    if school_class.year_id != year_id:
        raise ValidationError("Класс относится к другому учебному году.")
    if group_id is not None:
        group = get_or_raise(session, ClassGroup, group_id, "Группа не найдена.")
        if group.class_id != class_id:
            raise ValidationError(
                f"Группа «{group.name}» относится к другому классу, а не к "
                f"{class_title_of(school_class)}."
            )
    subject = get_or_raise(session, Subject, subject_id, "Предмет не найден.")
    _check_teacher(session, teacher_id)
    duplicate = select(TeachingAssignment.id).where(
        TeachingAssignment.class_id == class_id,
        TeachingAssignment.subject_id == subject_id,
        TeachingAssignment.group_id.is_(None)
        if group_id is None
        else TeachingAssignment.group_id == group_id,
    )
    if session.execute(duplicate).first():
        whom = "этому классу" if group_id is None else "этой группе"
        raise ConflictError(
            f"Предмет «{subject.name}» {whom} уже назначен: смените учителя в "
            "существующей нагрузке."
        )
    assignment = TeachingAssignment(
        year_id=year_id,
        class_id=class_id,
        group_id=group_id,
        subject_id=subject_id,
        teacher_id=teacher_id,
        hours_per_week=hours,
    )
    changelog.save(session, actor, assignment)
    return _assignment_info(assignment)


def update_assignment(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    *,
    teacher_id: uuid.UUID | Unset = UNSET,
    hours_per_week: float | Unset = UNSET,
    reason: str | None = None,
) -> AssignmentInfo:
    """Give the assignment to another teacher (the journal and its lessons stay) or
    change its hours."""
    require_admin(actor, _SUBJECTS)
    changes = given({"teacher_id": teacher_id, "hours_per_week": hours_per_week})
    if "hours_per_week" in changes:
        changes["hours_per_week"] = v.hours_per_week(changes["hours_per_week"])
    assignment = get_assignment(session, assignment_id)
    if "teacher_id" in changes:
        _check_teacher(session, changes["teacher_id"])
    apply_changes(assignment, changes)
    changelog.save(session, actor, assignment, reason=reason)
    return _assignment_info(assignment)


def remove_assignment(session: Session, actor: Actor, assignment_id: uuid.UUID) -> None:
    """Delete an assignment made by mistake, with its timetable entries and plan.
    Refused once it has lessons: its journal must be kept."""
    require_admin(actor, _SUBJECTS)
    assignment = get_assignment(session, assignment_id)
    lessons = session.execute(
        select(func.count()).select_from(Lesson).where(Lesson.assignment_id == assignment.id)
    ).scalar_one()
    if lessons:
        raise ConflictError(
            f"Эту нагрузку удалить нельзя: по ней уже есть уроки ({lessons}). "
            "Чтобы передать её другому учителю, смените учителя."
        )
    for model in (TimetableEntry, PlanTopic):
        for row in session.execute(
            select(model).where(model.assignment_id == assignment.id)
        ).scalars():
            changelog.delete(session, actor, row)
    changelog.delete(session, actor, assignment)
