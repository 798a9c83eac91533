"""Parents (legal representatives) of students with their consents: for a student's
card (administration) and for a class teacher registering the consents parents bring
(see :func:`database.permissions.require_consent_registrar`)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.collation import ru_name_key
from database.display_names import full_name
from database.errors import PermissionDenied
from database.models import Account, Consent, Enrolment, Guardian, Student, StudentGuardian
from database.permissions import is_class_teacher, require_admin


@dataclass(frozen=True)
class ConsentLine:
    id: uuid.UUID
    granted_on: date
    withdrawn_on: date | None
    document_ref: str

    def active_on(self, day: date) -> bool:
        return self.granted_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


@dataclass(frozen=True)
class GuardianLine:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    phone: str
    relation: str
    consents: tuple[ConsentLine, ...]  # newest first
    login: str

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    def consent_on(self, day: date) -> ConsentLine | None:
        return next((c for c in self.consents if c.active_on(day)), None)

    def open_consent(self) -> ConsentLine | None:
        return next((c for c in self.consents if c.withdrawn_on is None), None)


def guardian_lines(
    session: Session, student_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[GuardianLine]]:
    """The guardians of each student, with their consents (no permission check: the
    callers check who may read them)."""
    links = session.execute(
        select(StudentGuardian.student_id, StudentGuardian.relation, Guardian.id,
               Guardian.surname, Guardian.name, Guardian.patronymic, Guardian.gender,
               Guardian.phone)
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .where(StudentGuardian.student_id.in_(student_ids))
    ).all()
    guardian_ids = {row[2] for row in links}
    consents: dict[uuid.UUID, list[ConsentLine]] = defaultdict(list)
    for id_, guardian_id, granted, withdrawn, ref in session.execute(
        select(Consent.id, Consent.guardian_id, Consent.granted_on, Consent.withdrawn_on,
               Consent.document_ref)
        .where(Consent.guardian_id.in_(guardian_ids))
        .order_by(Consent.granted_on.desc())
    ):
        consents[guardian_id].append(ConsentLine(id_, granted, withdrawn, ref))
    logins = dict(
        session.execute(
            select(Account.guardian_id, Account.login).where(Account.guardian_id.in_(guardian_ids))
        ).all()
    )
    result: dict[uuid.UUID, list[GuardianLine]] = defaultdict(list)
    for student_id, relation, gid, surname, name, patronymic, gender, phone in links:
        result[student_id].append(GuardianLine(
            gid, surname, name, patronymic, gender, phone, relation,
            tuple(consents.get(gid, [])), logins.get(gid, ""),
        ))
    for lines in result.values():
        lines.sort(key=lambda g: ru_name_key(g.surname, g.name, g.patronymic))
    return result



@dataclass(frozen=True)
class ClassGuardian:
    """One parent of one student of a class (a parent of two children: two rows)."""

    student_id: uuid.UUID
    student_name: str
    guardian: GuardianLine


def class_guardians(
    session: Session, actor: Actor, class_id: uuid.UUID, today: date
) -> list[ClassGuardian]:
    """The parents of the class's students on ``today``, by student: the
    administration, and the class teacher of that class."""
    if actor.role is not Role.ADMIN and not is_class_teacher(session, actor, class_id):
        raise PermissionDenied("Недостаточно прав: это не ваш класс.")
    students = session.execute(
        select(Student.id, Student.surname, Student.name, Student.patronymic)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(
            Enrolment.class_id == class_id,
            Enrolment.start_date <= today,
            Enrolment.end_date.is_(None) | (Enrolment.end_date >= today),
        )
    ).all()
    students = sorted(students, key=lambda r: ru_name_key(r[1], r[2], r[3]))
    lines = guardian_lines(session, [row[0] for row in students])
    return [
        ClassGuardian(id_, full_name(s, n, p), guardian)
        for id_, s, n, p in students
        for guardian in lines.get(id_, [])
    ]


@dataclass(frozen=True)
class GuardianChoice:
    id: uuid.UUID
    text: str  # «Иванова Анна Петровна (Иванов Пётр, Иванова Мария)»


def guardian_choices(session: Session, actor: Actor) -> list[GuardianChoice]:
    """Every parent with their children, to link a brother or sister to the same
    parent (administration)."""
    require_admin(actor, "просмотр сведений о родителях")
    children: dict[uuid.UUID, list[str]] = defaultdict(list)
    for guardian_id, surname, name in session.execute(
        select(StudentGuardian.guardian_id, Student.surname, Student.name)
        .join(Student, Student.id == StudentGuardian.student_id)
    ):
        children[guardian_id].append(f"{surname} {name}")
    rows = session.execute(
        select(Guardian.id, Guardian.surname, Guardian.name, Guardian.patronymic)
    ).all()
    rows = sorted(rows, key=lambda r: ru_name_key(r[1], r[2], r[3]))
    return [
        GuardianChoice(id_, full_name(s, n, p) + (
            f" ({', '.join(children[id_])})" if children.get(id_) else ""))
        for id_, s, n, p in rows
    ]
