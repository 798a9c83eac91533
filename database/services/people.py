"""People: staff, students (with enrolment and leaving), guardians and consents.

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ========  =======  =======  ======
function               admin  sysadmin  teacher  student  parent
=====================  =====  ========  =======  =======  ======
add_staff              yes    —         —        —        —
update_staff           yes    —         —        —        —
deactivate_staff       yes    —         —        —        —
reactivate_staff       yes    —         —        —        —
add_student            yes    —         —        —        —
update_student         yes    —         —        —        —
enrol_student          yes    —         —        —        —
leave_student          yes    —         —        —        —
transfer_student       yes    —         —        —        —
add_guardian           yes    —         —        —        —
update_guardian        yes    —         —        —        —
link_guardian          yes    —         —        —        —
unlink_guardian        yes    —         —        —        —
register_consent       yes    —         class t. —        —
withdraw_consent       yes    —         class t. —        —
=====================  =====  ========  =======  =======  ======

"class t.": the class teacher of a class one of the parent's children is in today.

Refusals raise ``PermissionDenied``; bad input ``ValidationError``; contradictions
with existing rows (overlapping enrolment, duplicate link or consent)
``ConflictError``; unknown ids ``NotFound``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.display_names import class_title_of, full_name_of
from database.errors import ConflictError, NotFound, ValidationError
from database.models import (
    AcademicYear,
    Account,
    ClassGroup,
    Consent,
    Enrolment,
    GroupMember,
    Guardian,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)
from database.permissions import (
    CONSENT_KIND_PERSONAL_DATA,
    require_admin,
    require_consent_registrar,
)
from database.services._common import UNSET, Unset, apply_changes, get_or_raise, given
from database.services.people_rules import (
    clean_guardian,
    clean_staff,
    clean_student,
)

_PEOPLE = "изменение сведений о сотрудниках, учениках и родителях"

# --- staff ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffInfo:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    position: str
    active: bool

    @property
    def full_name(self) -> str:
        return full_name_of(self)


def _staff_info(staff: Staff) -> StaffInfo:
    return StaffInfo(
        id=staff.id,
        surname=staff.surname,
        name=staff.name,
        patronymic=staff.patronymic,
        gender=staff.gender,
        position=staff.position,
        active=staff.active,
    )


def _get_staff(session: Session, staff_id: uuid.UUID) -> Staff:
    return get_or_raise(session, Staff, staff_id, "Сотрудник не найден.")


def add_staff(
    session: Session,
    actor: Actor,
    surname: str,
    name: str,
    patronymic: str = "",
    *,
    gender: str = "",
    position: str = "",
) -> StaffInfo:
    require_admin(actor, _PEOPLE)
    fields = clean_staff(
        {
            "surname": surname,
            "name": name,
            "patronymic": patronymic,
            "gender": gender,
            "position": position,
        }
    )
    staff = Staff(active=True, **fields)
    changelog.save(session, actor, staff)
    return _staff_info(staff)


def update_staff(
    session: Session,
    actor: Actor,
    staff_id: uuid.UUID,
    *,
    surname: str | Unset = UNSET,
    name: str | Unset = UNSET,
    patronymic: str | Unset = UNSET,
    gender: str | Unset = UNSET,
    position: str | Unset = UNSET,
) -> StaffInfo:
    require_admin(actor, _PEOPLE)
    fields = clean_staff(
        given(
            {
                "surname": surname,
                "name": name,
                "patronymic": patronymic,
                "gender": gender,
                "position": position,
            }
        )
    )
    staff = _get_staff(session, staff_id)
    apply_changes(staff, fields)
    changelog.save(session, actor, staff)
    return _staff_info(staff)


def deactivate_staff(
    session: Session, actor: Actor, staff_id: uuid.UUID, *, reason: str | None = None
) -> StaffInfo:
    """A staff member who left: marked inactive, and their accounts are disabled so
    nobody can sign in with them. Assignments stay until the administration gives
    them to someone else (the journal keeps its history)."""
    require_admin(actor, _PEOPLE)
    staff = _get_staff(session, staff_id)
    if staff.active:
        staff.active = False
        changelog.save(session, actor, staff, reason=reason)
    for account in session.execute(
        select(Account).where(Account.staff_id == staff.id, Account.status != "disabled")
    ).scalars():
        account.status = "disabled"
        changelog.save(session, actor, account, reason=reason)
    return _staff_info(staff)


def reactivate_staff(session: Session, actor: Actor, staff_id: uuid.UUID) -> StaffInfo:
    """Mark a staff member active again (accounts stay disabled until enabled)."""
    require_admin(actor, _PEOPLE)
    staff = _get_staff(session, staff_id)
    if not staff.active:
        staff.active = True
        changelog.save(session, actor, staff)
    return _staff_info(staff)


# --- students -------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentInfo:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    birth_date: date | None
    personal_file_no: str
    health_group: str
    pe_group: str
    address: str

    @property
    def full_name(self) -> str:
        return full_name_of(self)


def _student_info(student: Student) -> StudentInfo:
    return StudentInfo(
        id=student.id,
        surname=student.surname,
        name=student.name,
        patronymic=student.patronymic,
        gender=student.gender,
        birth_date=student.birth_date,
        personal_file_no=student.personal_file_no,
        health_group=student.health_group,
        pe_group=student.pe_group,
        address=student.address,
    )


def _get_student(session: Session, student_id: uuid.UUID) -> Student:
    return get_or_raise(session, Student, student_id, "Ученик не найден.")


def add_student(
    session: Session,
    actor: Actor,
    surname: str,
    name: str,
    patronymic: str = "",
    *,
    gender: str,
    birth_date: date | None,
    personal_file_no: str = "",
    health_group: str = "",
    pe_group: str = "",
    address: str = "",
) -> StudentInfo:
    """A new student (not yet in a class: see :func:`enrol_student`)."""
    require_admin(actor, _PEOPLE)
    fields = clean_student(
        session,
        actor,
        {
            "surname": surname,
            "name": name,
            "patronymic": patronymic,
            "gender": gender,
            "birth_date": birth_date,
            "personal_file_no": personal_file_no,
            "health_group": health_group,
            "pe_group": pe_group,
            "address": address,
        },
        None,
    )
    student = Student(**fields)
    changelog.save(session, actor, student)
    return _student_info(student)


def update_student(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    *,
    surname: str | Unset = UNSET,
    name: str | Unset = UNSET,
    patronymic: str | Unset = UNSET,
    gender: str | Unset = UNSET,
    birth_date: date | Unset | None = UNSET,
    personal_file_no: str | Unset = UNSET,
    health_group: str | Unset = UNSET,
    pe_group: str | Unset = UNSET,
    address: str | Unset = UNSET,
) -> StudentInfo:
    require_admin(actor, _PEOPLE)
    fields = clean_student(
        session,
        actor,
        given(
            {
                "surname": surname,
                "name": name,
                "patronymic": patronymic,
                "gender": gender,
                "birth_date": birth_date,
                "personal_file_no": personal_file_no,
                "health_group": health_group,
                "pe_group": pe_group,
                "address": address,
            }
        ),
        student_id,
    )
    student = _get_student(session, student_id)
    apply_changes(student, fields)
    changelog.save(session, actor, student)
    return _student_info(student)


# --- enrolment ------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentInfo:
    id: uuid.UUID
    student_id: uuid.UUID
    class_id: uuid.UUID
    start_date: date
    start_order: str
    end_date: date | None
    end_order: str
    end_reason: str


def _enrolment_info(enrolment: Enrolment) -> EnrolmentInfo:
    return EnrolmentInfo(
        id=enrolment.id,
        student_id=enrolment.student_id,
        class_id=enrolment.class_id,
        start_date=enrolment.start_date,
        start_order=enrolment.start_order,
        end_date=enrolment.end_date,
        end_order=enrolment.end_order,
        end_reason=enrolment.end_reason,
    )


def _get_class(session: Session, class_id: uuid.UUID) -> SchoolClass:
    return get_or_raise(session, SchoolClass, class_id, "Класс не найден.")


def enrol_student(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    class_id: uuid.UUID,
    start_date: date,
    order: str,
) -> EnrolmentInfo:
    """Enrol a student in a class from ``start_date`` (inside the class's year) by an
    order. Refused while the student is in a class on or after that date."""
    require_admin(actor, _PEOPLE)
    v.a_date(start_date, "Дата зачисления")
    order = v.order_number(order, "Приказ о зачислении")
    student = _get_student(session, student_id)
    school_class = _get_class(session, class_id)
    year = get_or_raise(session, AcademicYear, school_class.year_id, "Учебный год не найден.")
    v.date_within(
        start_date,
        year.start_date,
        year.end_date,
        label="Дата зачисления",
        where=f"учебного года {year.name}",
    )
    for other in session.execute(
        select(Enrolment).where(Enrolment.student_id == student.id)
    ).scalars():
        if v.ranges_overlap(start_date, None, other.start_date, other.end_date):
            other_class = _get_class(session, other.class_id)
            until = "" if other.end_date is None else f" по {v.ru_date(other.end_date)}"
            raise ConflictError(
                f"Ученик уже числится в {class_title_of(other_class)} классе "
                f"с {v.ru_date(other.start_date)}{until}: сначала оформите выбытие."
            )
    enrolment = Enrolment(
        student_id=student.id,
        class_id=school_class.id,
        start_date=start_date,
        start_order=order,
        end_date=None,
        end_order="",
        end_reason="",
    )
    changelog.save(session, actor, enrolment)
    return _enrolment_info(enrolment)


def _open_enrolment(session: Session, student_id: uuid.UUID) -> Enrolment:
    enrolment = session.execute(
        select(Enrolment)
        .where(Enrolment.student_id == student_id, Enrolment.end_date.is_(None))
        .order_by(Enrolment.start_date.desc())
        .limit(1)
    ).scalar()
    if enrolment is None:
        _get_student(session, student_id)
        raise NotFound("Ученик сейчас не числится ни в одном классе.")
    return enrolment


def _end_group_memberships(
    session: Session, actor: Actor, enrolment: Enrolment, end_date: date
) -> None:
    """Close the student's open group memberships in that class as of ``end_date``."""
    members = session.execute(
        select(GroupMember)
        .join(ClassGroup, ClassGroup.id == GroupMember.group_id)
        .where(
            ClassGroup.class_id == enrolment.class_id,
            GroupMember.student_id == enrolment.student_id,
        )
    ).scalars()
    for member in members:
        if member.end_date is None or member.end_date > end_date:
            # A membership starting after the leaving date never took place.
            if member.start_date > end_date:
                changelog.delete(session, actor, member)
            else:
                member.end_date = end_date
                changelog.save(session, actor, member)


def leave_student(
    session: Session,
    actor: Actor,
    *,
    enrolment_id: uuid.UUID | None = None,
    student_id: uuid.UUID | None = None,
    end_date: date,
    order: str,
    reason: str = "",
) -> EnrolmentInfo:
    """The student leaves the class (``end_date`` is the last day in it). Give the
    enrolment, or the student (their current, open enrolment). Group memberships in
    that class end on the same day."""
    require_admin(actor, _PEOPLE)
    if (enrolment_id is None) == (student_id is None):
        raise ValidationError("Укажите либо зачисление, либо ученика (одно из двух).")
    v.a_date(end_date, "Дата выбытия")
    order = v.order_number(order, "Приказ о выбытии")
    reason = v.text(reason, "Причина выбытия", max_length=200)
    if enrolment_id is not None:
        enrolment = get_or_raise(session, Enrolment, enrolment_id, "Зачисление не найдено.")
    else:
        assert student_id is not None
        enrolment = _open_enrolment(session, student_id)
    v.date_range(
        enrolment.start_date, end_date, start_label="Дата зачисления", end_label="Дата выбытия"
    )
    later = session.execute(
        select(Enrolment.start_date).where(
            Enrolment.student_id == enrolment.student_id,
            Enrolment.id != enrolment.id,
            Enrolment.start_date > enrolment.start_date,
            Enrolment.start_date <= end_date,
        )
    ).scalar()
    if later is not None:
        raise ConflictError(
            f"С {v.ru_date(later)} ученик уже зачислен в другой класс: дата выбытия должна "
            "быть раньше."
        )
    apply_changes(enrolment, {"end_date": end_date, "end_order": order, "end_reason": reason})
    changelog.save(session, actor, enrolment)
    _end_group_memberships(session, actor, enrolment, end_date)
    return _enrolment_info(enrolment)


def transfer_student(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    to_class_id: uuid.UUID,
    last_day: date,
    order: str,
    *,
    reason: str = "перевод в другой класс",
) -> EnrolmentInfo:
    """Move a student to another class: leaves the current class after ``last_day``
    and is enrolled in the new one from the next day, by the same order. Returns the
    new enrolment."""
    require_admin(actor, _PEOPLE)
    v.a_date(last_day, "Последний день в классе")
    order = v.order_number(order, "Приказ о переводе")
    current = _open_enrolment(session, student_id)
    if current.class_id == to_class_id:
        raise ValidationError("Ученик уже учится в этом классе.")
    # Check the new class's dates before leaving the old one, so a refusal is whole.
    new_class = _get_class(session, to_class_id)
    year = get_or_raise(session, AcademicYear, new_class.year_id, "Учебный год не найден.")
    v.date_within(
        last_day + timedelta(days=1),
        year.start_date,
        year.end_date,
        label="Дата зачисления в новый класс",
        where=f"учебного года {year.name}",
    )
    leave_student(
        session, actor, enrolment_id=current.id, end_date=last_day, order=order, reason=reason
    )
    return enrol_student(
        session, actor, student_id, to_class_id, last_day + timedelta(days=1), order
    )


# --- guardians ------------------------------------------------------------------------


@dataclass(frozen=True)
class GuardianInfo:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    phone: str

    @property
    def full_name(self) -> str:
        return full_name_of(self)


def _guardian_info(guardian: Guardian) -> GuardianInfo:
    return GuardianInfo(
        id=guardian.id,
        surname=guardian.surname,
        name=guardian.name,
        patronymic=guardian.patronymic,
        gender=guardian.gender,
        phone=guardian.phone,
    )


def _get_guardian(session: Session, guardian_id: uuid.UUID) -> Guardian:
    return get_or_raise(
        session, Guardian, guardian_id, "Родитель (законный представитель) не найден."
    )


def add_guardian(
    session: Session,
    actor: Actor,
    surname: str,
    name: str,
    patronymic: str = "",
    *,
    gender: str = "",
    phone: str = "",
) -> GuardianInfo:
    require_admin(actor, _PEOPLE)
    fields = clean_guardian(
        {
            "surname": surname,
            "name": name,
            "patronymic": patronymic,
            "gender": gender,
            "phone": phone,
        }
    )
    guardian = Guardian(**fields)
    changelog.save(session, actor, guardian)
    return _guardian_info(guardian)


def update_guardian(
    session: Session,
    actor: Actor,
    guardian_id: uuid.UUID,
    *,
    surname: str | Unset = UNSET,
    name: str | Unset = UNSET,
    patronymic: str | Unset = UNSET,
    gender: str | Unset = UNSET,
    phone: str | Unset = UNSET,
) -> GuardianInfo:
    require_admin(actor, _PEOPLE)
    fields = clean_guardian(
        given(
            {
                "surname": surname,
                "name": name,
                "patronymic": patronymic,
                "gender": gender,
                "phone": phone,
            }
        )
    )
    guardian = _get_guardian(session, guardian_id)
    apply_changes(guardian, fields)
    changelog.save(session, actor, guardian)
    return _guardian_info(guardian)


@dataclass(frozen=True)
class GuardianLinkInfo:
    id: uuid.UUID
    student_id: uuid.UUID
    guardian_id: uuid.UUID
    relation: str


def link_guardian(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    guardian_id: uuid.UUID,
    relation: str = "",
) -> GuardianLinkInfo:
    """Record that ``guardian_id`` is a parent (legal representative) of the student;
    ``relation`` is e.g. «мать», «отец», «опекун»."""
    require_admin(actor, _PEOPLE)
    relation = v.text(relation, "Кем приходится", max_length=40)
    _get_student(session, student_id)
    _get_guardian(session, guardian_id)
    if session.execute(
        select(StudentGuardian.id).where(
            StudentGuardian.student_id == student_id,
            StudentGuardian.guardian_id == guardian_id,
        )
    ).first():
        raise ConflictError("Этот родитель уже связан с учеником.")
    link = StudentGuardian(student_id=student_id, guardian_id=guardian_id, relation=relation)
    changelog.save(session, actor, link)
    return GuardianLinkInfo(
        id=link.id, student_id=student_id, guardian_id=guardian_id, relation=relation
    )


def unlink_guardian(
    session: Session, actor: Actor, student_id: uuid.UUID, guardian_id: uuid.UUID
) -> None:
    """The guardian no longer sees this student's diary."""
    require_admin(actor, _PEOPLE)
    link = session.execute(
        select(StudentGuardian).where(
            StudentGuardian.student_id == student_id,
            StudentGuardian.guardian_id == guardian_id,
        )
    ).scalar()
    if link is None:
        raise NotFound("Этот родитель не связан с учеником.")
    changelog.delete(session, actor, link)


# --- consents -------------------------------------------------------------------------


CONSENT_KINDS: Final[dict[str, str]] = {
    CONSENT_KIND_PERSONAL_DATA: "согласие на обработку персональных данных (152-ФЗ)",
}


@dataclass(frozen=True)
class ConsentInfo:
    id: uuid.UUID
    guardian_id: uuid.UUID
    kind: str
    granted_on: date
    withdrawn_on: date | None
    document_ref: str


def _consent_info(consent: Consent) -> ConsentInfo:
    return ConsentInfo(
        id=consent.id,
        guardian_id=consent.guardian_id,
        kind=consent.kind,
        granted_on=consent.granted_on,
        withdrawn_on=consent.withdrawn_on,
        document_ref=consent.document_ref,
    )


def register_consent(
    session: Session,
    actor: Actor,
    guardian_id: uuid.UUID,
    kind: str,
    granted_on: date,
    document_ref: str,
) -> ConsentInfo:
    """Register a guardian's signed consent (the paper's reference is required).
    From ``granted_on`` the parent may read their children's diaries."""
    _get_guardian(session, guardian_id)
    require_consent_registrar(session, actor, guardian_id)
    kind = v.choice(kind, CONSENT_KINDS, "Вид согласия")
    v.not_in_future(granted_on, actor.now().date(), label="Дата согласия")
    document_ref = v.document_ref(document_ref, "Документ (заявление)")
    active = session.execute(
        select(Consent).where(
            Consent.guardian_id == guardian_id,
            Consent.kind == kind,
            Consent.withdrawn_on.is_(None),
        )
    ).scalar()
    if active is not None:
        raise ConflictError(
            f"Согласие уже зарегистрировано {v.ru_date(active.granted_on)} ({active.document_ref})."
        )
    consent = Consent(
        guardian_id=guardian_id,
        kind=kind,
        granted_on=granted_on,
        withdrawn_on=None,
        document_ref=document_ref,
    )
    changelog.save(session, actor, consent)
    return _consent_info(consent)


def withdraw_consent(
    session: Session, actor: Actor, consent_id: uuid.UUID, withdrawn_on: date
) -> ConsentInfo:
    """The guardian withdrew the consent: from ``withdrawn_on`` the diary is closed to
    them (the record stays, as the law requires proof of both events)."""
    consent = get_or_raise(session, Consent, consent_id, "Согласие не найдено.")
    require_consent_registrar(session, actor, consent.guardian_id)
    v.not_in_future(withdrawn_on, actor.now().date(), label="Дата отзыва согласия")
    if consent.withdrawn_on is not None:
        raise ConflictError(f"Согласие уже отозвано {v.ru_date(consent.withdrawn_on)}.")
    v.date_range(
        consent.granted_on,
        withdrawn_on,
        start_label="Дата согласия",
        end_label="Дата отзыва согласия",
    )
    consent.withdrawn_on = withdrawn_on
    changelog.save(session, actor, consent)
    return _consent_info(consent)
