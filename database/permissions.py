"""The permission matrix, enforced in services (the GUI only hides what is refused).

- admin: everything, including corrections with a reason.
- sysadmin: accounts, devices, backups; nothing in the journal.
- teacher: lessons, marks, attendance, topics, homework and period marks of its own
  assignments, and the lessons it is recorded as substituting; a class teacher also
  reads every subject of its class.
- student: reads its own diary; parent: its children's, once consent is registered.
- consents are registered and withdrawn by the administration and by the class
  teacher of the parent's child (parents are told to ask the class teacher).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.errors import NotFound, PermissionDenied
from database.models import (
    Consent,
    Enrolment,
    Lesson,
    SchoolClass,
    StudentGuardian,
    TeachingAssignment,
)

CONSENT_KIND_PERSONAL_DATA = "personal_data"


def require_role(actor: Actor, *roles: Role, action: str = "это действие") -> None:
    if actor.role not in roles:
        raise PermissionDenied(f"Недостаточно прав: {action} вам недоступно.")


def require_admin(actor: Actor, action: str = "это действие") -> None:
    require_role(actor, Role.ADMIN, action=action)


def require_account_manager(actor: Actor) -> None:
    require_role(actor, Role.ADMIN, Role.SYSADMIN, action="управление учётными записями")


def require_device_manager(actor: Actor) -> None:
    require_role(actor, Role.ADMIN, Role.SYSADMIN, action="управление компьютерами школы")


ASSIGNMENT_NOT_FOUND = "Нагрузка (класс, предмет, учитель) не найдена."


def get_assignment(session: Session, assignment_id: uuid.UUID) -> TeachingAssignment:
    assignment = session.get(TeachingAssignment, assignment_id)
    if assignment is None:
        raise NotFound(ASSIGNMENT_NOT_FOUND)
    return assignment


def keeps_journal(actor: Actor, teacher_id: uuid.UUID) -> bool:
    """The journal's keepers: its teacher, and the administration."""
    return actor.role is Role.ADMIN or (
        actor.role is Role.TEACHER and actor.staff_id == teacher_id
    )


def require_assignment_edit(
    session: Session, actor: Actor, assignment_id: uuid.UUID
) -> TeachingAssignment:
    """Journal-wide edits (period marks, the plan, adding lessons)."""
    assignment = get_assignment(session, assignment_id)
    if keeps_journal(actor, assignment.teacher_id):
        return assignment
    raise PermissionDenied("Недостаточно прав: это не ваш журнал.")


LESSON_EDIT_DENIED = "Недостаточно прав: этот урок ведёт другой учитель."


def may_edit_lesson(
    actor: Actor, teacher_id: uuid.UUID, substitute_teacher_id: uuid.UUID | None
) -> bool:
    """Lesson-level edits, from the assignment's teacher and the lesson's substitute
    (for callers that read those two ids together with the lesson)."""
    return keeps_journal(actor, teacher_id) or (
        actor.role is Role.TEACHER
        and actor.staff_id is not None
        and substitute_teacher_id == actor.staff_id
    )


def require_lesson_edit(session: Session, actor: Actor, lesson: Lesson) -> TeachingAssignment:
    """Lesson-level edits: its own assignment, or a lesson the teacher substitutes."""
    assignment = get_assignment(session, lesson.assignment_id)
    if may_edit_lesson(actor, assignment.teacher_id, lesson.substitute_teacher_id):
        return assignment
    raise PermissionDenied(LESSON_EDIT_DENIED)


def is_class_teacher(session: Session, actor: Actor, class_id: uuid.UUID) -> bool:
    if actor.role is not Role.TEACHER or actor.staff_id is None:
        return False
    school_class = session.get(SchoolClass, class_id)
    return school_class is not None and school_class.class_teacher_id == actor.staff_id


def require_journal_read(
    session: Session, actor: Actor, assignment_id: uuid.UUID
) -> TeachingAssignment:
    """Read a whole journal: its teacher, the class teacher, the administration, and a
    teacher who substituted at least one of its lessons."""
    assignment = get_assignment(session, assignment_id)
    if keeps_journal(actor, assignment.teacher_id):
        return assignment
    if is_class_teacher(session, actor, assignment.class_id):
        return assignment
    if actor.role is Role.TEACHER and actor.staff_id is not None:
        substitutes = session.execute(
            select(
                exists().where(
                    Lesson.assignment_id == assignment_id,
                    Lesson.substitute_teacher_id == actor.staff_id,
                )
            )
        ).scalar()
        if substitutes:
            return assignment
    raise PermissionDenied("Недостаточно прав: этот журнал вам недоступен.")


def leads_class_of_guardian(
    session: Session, actor: Actor, guardian_id: uuid.UUID, on: date
) -> bool:
    """Is the actor the class teacher of a class one of the guardian's children is in
    on ``on``? Parents are told to bring their consent to the class teacher."""
    if actor.role is not Role.TEACHER or actor.staff_id is None:
        return False
    children = select(StudentGuardian.student_id).where(
        StudentGuardian.guardian_id == guardian_id
    )
    return bool(
        session.execute(
            select(
                exists().where(
                    Enrolment.student_id.in_(children),
                    Enrolment.start_date <= on,
                    (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= on),
                    SchoolClass.id == Enrolment.class_id,
                    SchoolClass.class_teacher_id == actor.staff_id,
                )
            )
        ).scalar()
    )


def require_consent_registrar(session: Session, actor: Actor, guardian_id: uuid.UUID) -> None:
    """Register or withdraw a parent's consent: the administration, or the class
    teacher of one of the parent's children."""
    if actor.role is Role.ADMIN:
        return
    if leads_class_of_guardian(session, actor, guardian_id, actor.now().date()):
        return
    raise PermissionDenied(
        "Недостаточно прав: согласие родителя регистрирует администрация или классный "
        "руководитель его ребёнка."
    )


def has_consent(session: Session, guardian_id: uuid.UUID, on: date) -> bool:
    return bool(
        session.execute(
            select(
                exists().where(
                    Consent.guardian_id == guardian_id,
                    Consent.kind == CONSENT_KIND_PERSONAL_DATA,
                    Consent.granted_on <= on,
                    (Consent.withdrawn_on.is_(None)) | (Consent.withdrawn_on > on),
                )
            )
        ).scalar()
    )


def require_student_read(
    session: Session, actor: Actor, student_id: uuid.UUID, on: date
) -> None:
    """Read one student's diary."""
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.STUDENT and actor.student_id == student_id:
        return
    if actor.role is Role.PARENT and actor.guardian_id is not None:
        is_child = session.execute(
            select(
                exists().where(
                    StudentGuardian.guardian_id == actor.guardian_id,
                    StudentGuardian.student_id == student_id,
                )
            )
        ).scalar()
        if not is_child:
            raise PermissionDenied("Недостаточно прав: это не ваш ребёнок.")
        if not has_consent(session, actor.guardian_id, on):
            raise PermissionDenied(
                "Дневник откроется после того, как школа зарегистрирует ваше согласие "
                "на обработку персональных данных (152-ФЗ). Обратитесь к классному "
                "руководителю."
            )
        return
    if actor.role is Role.TEACHER and actor.staff_id is not None:
        class_ids = select(Enrolment.class_id).where(Enrolment.student_id == student_id)
        teaches_class = session.execute(
            select(
                exists().where(
                    SchoolClass.id.in_(class_ids),
                    SchoolClass.class_teacher_id == actor.staff_id,
                )
            )
        ).scalar()
        teaches_student = session.execute(
            select(
                exists().where(
                    TeachingAssignment.class_id.in_(class_ids),
                    TeachingAssignment.teacher_id == actor.staff_id,
                )
            )
        ).scalar()
        if teaches_class or teaches_student:
            return
    raise PermissionDenied("Недостаточно прав: дневник этого ученика вам недоступен.")
