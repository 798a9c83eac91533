"""Reads for the accounts window and the login slips: accounts with the person they
belong to (and the class, for grouping slips by class), and the people who have no
account yet. Account managers only (administration, system administrator)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import validation as v
from database.actor import Actor, Role
from database.display_names import class_title_of, full_name, surname_name
from database.errors import ValidationError
from database.models import (
    Account,
    Enrolment,
    Guardian,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)
from database.permissions import require_account_manager

KIND_STAFF: Final = "staff"
KIND_STUDENT: Final = "student"
KIND_GUARDIAN: Final = "guardian"

LOGIN_PREFIX: Final[dict[str, str]] = {KIND_STAFF: "", KIND_STUDENT: "s.", KIND_GUARDIAN: "p."}


@dataclass(frozen=True)
class AccountRow:
    account_id: uuid.UUID
    login: str
    role: Role
    status: str
    person_name: str
    person_kind: str  # staff | student | guardian | "" (a sysadmin without a person)
    group: str  # the class («5 «А»») of a student or of a parent's first child; staff: ""
    grade_order: tuple[int, str]  # for sorting slips by class
    detail: str  # position of staff; «мать: Иванов Иван» for parents
    must_change_password: bool
    last_login_at: datetime | None
    locked_until: datetime | None


@dataclass(frozen=True)
class AccountInfo:
    id: uuid.UUID
    login: str
    role: Role
    staff_id: uuid.UUID | None
    student_id: uuid.UUID | None
    guardian_id: uuid.UUID | None
    status: str
    must_change_password: bool
    failed_attempts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime


def account_info(account: Account) -> AccountInfo:
    return AccountInfo(
        id=account.id,
        login=account.login,
        role=Role(account.role),
        staff_id=account.staff_id,
        student_id=account.student_id,
        guardian_id=account.guardian_id,
        status=account.status,
        must_change_password=account.must_change_password,
        failed_attempts=account.failed_attempts,
        locked_until=account.locked_until,
        last_login_at=account.last_login_at,
        created_at=account.created_at,
    )


def _class_of(session: Session, student_ids: list[uuid.UUID], today: date) -> dict[
    uuid.UUID, SchoolClass
]:
    rows = session.execute(
        select(Enrolment.student_id, SchoolClass)
        .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .where(
            Enrolment.student_id.in_(student_ids),
            Enrolment.start_date <= today,
            (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= today),
        )
        .order_by(Enrolment.start_date)
    ).all()
    return {student_id: school_class for student_id, school_class in rows}


def _title(school_class: SchoolClass | None) -> str:
    return class_title_of(school_class) if school_class else ""


def _order(school_class: SchoolClass | None) -> tuple[int, str]:
    return (school_class.grade, school_class.letter) if school_class else (99, "")


def account_rows(session: Session, actor: Actor, today: date) -> list[AccountRow]:
    require_account_manager(actor)
    accounts = session.execute(select(Account).order_by(Account.login)).scalars().all()
    staff = {s.id: s for s in session.execute(select(Staff)).scalars()}
    student_ids = [a.student_id for a in accounts if a.student_id is not None]
    guardian_ids = [a.guardian_id for a in accounts if a.guardian_id is not None]
    students = {
        s.id: s
        for s in session.execute(select(Student).where(Student.id.in_(student_ids))).scalars()
    }
    guardians = {
        g.id: g
        for g in session.execute(select(Guardian).where(Guardian.id.in_(guardian_ids))).scalars()
    }
    links = session.execute(
        select(StudentGuardian.guardian_id, StudentGuardian.relation, Student)
        .join(Student, Student.id == StudentGuardian.student_id)
        .where(StudentGuardian.guardian_id.in_(guardian_ids))
        .order_by(Student.birth_date.desc())
    ).all()
    child_of: dict[uuid.UUID, tuple[str, Student]] = {}
    for guardian_id, relation, child in links:
        child_of.setdefault(guardian_id, (relation, child))
    classes = _class_of(
        session, [*student_ids, *(child.id for _, child in child_of.values())], today
    )
    rows: list[AccountRow] = []
    for a in accounts:
        kind, name, group, detail = "", "", None, ""
        if a.staff_id is not None and a.staff_id in staff:
            s = staff[a.staff_id]
            kind, name, detail = KIND_STAFF, full_name(s.surname, s.name, s.patronymic), s.position
        elif a.student_id is not None and a.student_id in students:
            st = students[a.student_id]
            kind, name = KIND_STUDENT, full_name(st.surname, st.name, st.patronymic)
            group = classes.get(st.id)
        elif a.guardian_id is not None and a.guardian_id in guardians:
            g = guardians[a.guardian_id]
            kind, name = KIND_GUARDIAN, full_name(g.surname, g.name, g.patronymic)
            if a.guardian_id in child_of:
                relation, child = child_of[a.guardian_id]
                group = classes.get(child.id)
                detail = f"{relation or 'родитель'}: {surname_name(child.surname, child.name)}"
        rows.append(
            AccountRow(
                account_id=a.id, login=a.login, role=Role(a.role), status=a.status,
                person_name=name, person_kind=kind, group=_title(group),
                grade_order=_order(group), detail=detail,
                must_change_password=a.must_change_password, last_login_at=a.last_login_at,
                locked_until=a.locked_until,
            )
        )
    return rows


@dataclass(frozen=True)
class PersonChoice:
    person_id: uuid.UUID
    kind: str
    name: str
    detail: str  # class of a student, position of staff, children of a parent
    surname: str
    first_name: str
    patronymic: str


def people_without_account(
    session: Session, actor: Actor, kind: str, today: date
) -> list[PersonChoice]:
    """Staff (working), students (enrolled now) or parents with no account yet."""
    require_account_manager(actor)
    if kind == KIND_STAFF:
        have = select(Account.staff_id).where(Account.staff_id.is_not(None))
        staff = session.execute(
            select(Staff).where(Staff.active.is_(True), Staff.id.not_in(have))
            .order_by(Staff.surname, Staff.name)
        ).scalars().all()
        return [
            PersonChoice(s.id, kind, full_name(s.surname, s.name, s.patronymic), s.position,
                         s.surname, s.name, s.patronymic)
            for s in staff
        ]
    if kind == KIND_STUDENT:
        have = select(Account.student_id).where(Account.student_id.is_not(None))
        students = session.execute(
            select(Student).where(Student.id.not_in(have)).order_by(Student.surname, Student.name)
        ).scalars().all()
        classes = _class_of(session, [s.id for s in students], today)
        return [
            PersonChoice(s.id, kind, full_name(s.surname, s.name, s.patronymic),
                         _title(classes.get(s.id)), s.surname, s.name, s.patronymic)
            for s in students
            if s.id in classes
        ]
    if kind == KIND_GUARDIAN:
        have = select(Account.guardian_id).where(Account.guardian_id.is_not(None))
        guardians = session.execute(
            select(Guardian).where(Guardian.id.not_in(have))
            .order_by(Guardian.surname, Guardian.name)
        ).scalars().all()
        children: dict[uuid.UUID, list[str]] = {}
        for guardian_id, child in session.execute(
            select(StudentGuardian.guardian_id, Student)
            .join(Student, Student.id == StudentGuardian.student_id)
        ):
            children.setdefault(guardian_id, []).append(surname_name(child.surname, child.name))
        return [
            PersonChoice(g.id, kind, full_name(g.surname, g.name, g.patronymic),
                         ", ".join(children.get(g.id, [])), g.surname, g.name, g.patronymic)
            for g in guardians
        ]
    raise ValidationError("Неизвестный вид учётной записи.")


def suggest_login_for(session: Session, choice: PersonChoice) -> str:
    from database.services.accounts import suggest_login

    return suggest_login(
        session, choice.surname, choice.first_name, choice.patronymic,
        prefix=LOGIN_PREFIX.get(choice.kind, ""),
    )


def list_accounts(
    session: Session, actor: Actor, role: Role | str | None = None
) -> list[AccountInfo]:
    """All accounts (or those of one role), by login."""
    require_account_manager(actor)
    query = select(Account).order_by(Account.login)
    if role is not None:
        query = query.where(Account.role == v.role(role).value)
    return [account_info(account) for account in session.execute(query).scalars()]
