"""Accounts in bulk: everyone of a class, a grade or the whole school who has no
account yet (students, their parents, staff) gets one in one step.

:func:`plan_batch` reads who is missing and suggests a login for each (transliterated,
unique among the existing logins and within the batch); :func:`create_batch` creates
the accounts of a plan in the caller's transaction with one bulk insert and one
change-log row each, after checking every row (so a refusal is whole). The key slots
with the one-time passwords are written by :mod:`database.account_batch`.

Who may call: the administration and the system administrator (account managers);
the batch makes only teacher, student and parent accounts, so a system administrator
never creates an administration account this way.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import validation as v
from database.actor import Actor, Role
from database.collation import ru_name_key
from database.display_names import class_title, full_name
from database.errors import ConflictError, ValidationError
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
from database.queries.account_list import KIND_GUARDIAN, KIND_STAFF, KIND_STUDENT, LOGIN_PREFIX
from database.queries.home import current_year
from database.services.accounts import STATUS_CREATED, login_base, unique_login
from database.services.bulk import bulk_insert_logged

ROLE_OF_KIND: Final[dict[str, Role]] = {
    KIND_STAFF: Role.TEACHER,
    KIND_STUDENT: Role.STUDENT,
    KIND_GUARDIAN: Role.PARENT,
}
_LINK_OF_KIND: Final[dict[str, str]] = {
    KIND_STAFF: "staff_id",
    KIND_STUDENT: "student_id",
    KIND_GUARDIAN: "guardian_id",
}


@dataclass(frozen=True)
class BatchScope:
    """Whom the batch is for: one class, one grade, or (neither) the whole school;
    which kinds of people. Staff belong to no class: only with the whole school."""

    class_id: uuid.UUID | None = None
    grade: int | None = None
    students: bool = True
    parents: bool = True
    staff: bool = False


@dataclass(frozen=True)
class PlannedAccount:
    person_id: uuid.UUID
    kind: str  # KIND_STAFF | KIND_STUDENT | KIND_GUARDIAN
    role: Role
    name: str
    group: str  # the class («5 «А»») of a student or of the parent's child
    grade_order: tuple[int, str]
    detail: str  # position; «мать: Иванов Иван»
    login: str


_SortKey = tuple[tuple[int, str], bool, tuple[str, str, str, str]]


def _scope_students(
    session: Session, scope: BatchScope, today: date
) -> list[tuple[uuid.UUID, str, str, str, int, str]]:
    """(id, surname, name, patronymic, grade, letter) of the students in the scope now."""
    year = current_year(session)
    if year is None:
        return []
    query = (
        select(Student.id, Student.surname, Student.name, Student.patronymic,
               SchoolClass.grade, SchoolClass.letter)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .where(
            SchoolClass.year_id == year.id,
            Enrolment.start_date <= today,
            Enrolment.end_date.is_(None) | (Enrolment.end_date >= today),
        )
    )
    if scope.class_id is not None:
        query = query.where(SchoolClass.id == scope.class_id)
    elif scope.grade is not None:
        query = query.where(SchoolClass.grade == v.grade(scope.grade))
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


@dataclass(frozen=True)
class ScopeClass:
    id: uuid.UUID
    grade: int
    letter: str

    @property
    def title(self) -> str:
        return class_title(self.grade, self.letter)


def scope_classes(session: Session, actor: Actor) -> list[ScopeClass]:
    """The classes of the current year, to choose a batch's scope from."""
    require_account_manager(actor)
    year = current_year(session)
    if year is None:
        return []
    return [
        ScopeClass(id_, grade, letter)
        for id_, grade, letter in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
            .where(SchoolClass.year_id == year.id)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    ]


def plan_batch(
    session: Session, actor: Actor, scope: BatchScope, today: date
) -> list[PlannedAccount]:
    """Who in the scope has no account yet, each with a suggested free login; by
    class, then students before parents, then name (the order of the slips)."""
    require_account_manager(actor)
    taken: set[str] = set(session.execute(select(Account.login)).scalars())
    people: list[tuple[_SortKey, PlannedAccount]] = []
    whole_school = scope.class_id is None and scope.grade is None

    def add(kind: str, person_id: uuid.UUID, surname: str, name: str, patronymic: str,
            group: str, order: tuple[int, str], detail: str) -> None:
        planned = PlannedAccount(
            person_id, kind, ROLE_OF_KIND[kind], full_name(surname, name, patronymic),
            group, order, detail, login_base(surname, name, patronymic, LOGIN_PREFIX[kind]),
        )
        key = (order, kind != KIND_STUDENT, ru_name_key(surname, name, patronymic))
        people.append((key, planned))

    students = _scope_students(session, scope, today) if scope.students or scope.parents else []
    if scope.students:
        have = set(session.execute(
            select(Account.student_id).where(Account.student_id.is_not(None))).scalars())
        for id_, surname, name, patronymic, grade, letter in students:
            if id_ not in have:
                add(KIND_STUDENT, id_, surname, name, patronymic, class_title(grade, letter),
                    (grade, letter), "")
    if scope.parents and students:
        of_student = {row[0]: row for row in students}
        have = set(session.execute(
            select(Account.guardian_id).where(Account.guardian_id.is_not(None))).scalars())
        seen: set[uuid.UUID] = set()
        links = session.execute(
            select(StudentGuardian.student_id, StudentGuardian.relation, Guardian.id,
                   Guardian.surname, Guardian.name, Guardian.patronymic)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .where(StudentGuardian.student_id.in_(list(of_student)))
        ).all()
        # A parent of two children gets one account, grouped with the first child.
        for student_id, relation, gid, surname, name, patronymic in sorted(
            links, key=lambda r: (of_student[r[0]][4], of_student[r[0]][5], str(r[0]))
        ):
            if gid in have or gid in seen:
                continue
            seen.add(gid)
            child = of_student[student_id]
            add(KIND_GUARDIAN, gid, surname, name, patronymic, class_title(child[4], child[5]),
                (child[4], child[5]), f"{relation or 'родитель'}: {child[1]} {child[2]}")
    if scope.staff and whole_school:
        have = set(session.execute(
            select(Account.staff_id).where(Account.staff_id.is_not(None))).scalars())
        for id_, surname, name, patronymic, position in session.execute(
            select(Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.position)
            .where(Staff.active.is_(True))
        ):
            if id_ not in have:
                add(KIND_STAFF, id_, surname, name, patronymic, "", (0, ""), position)
    result: list[PlannedAccount] = []
    for _, planned in sorted(people, key=lambda item: item[0]):
        login = unique_login(planned.login, taken)
        taken.add(login)
        result.append(PlannedAccount(
            planned.person_id, planned.kind, planned.role, planned.name, planned.group,
            planned.grade_order, planned.detail, login,
        ))
    return result


def check_batch(session: Session, actor: Actor, planned: Sequence[PlannedAccount]) -> list[str]:
    """Check a plan without writing anything: valid, distinct logins that are free;
    people who exist (staff: still working) and have no account of that role yet.
    Returns the normalised logins. Any problem refuses the whole batch."""
    require_account_manager(actor)
    logins = [v.login(p.login) for p in planned]
    if len(set(logins)) != len(logins):
        raise ConflictError("В пакете один логин встречается дважды.")
    taken = set(session.execute(select(Account.login).where(Account.login.in_(logins)))
                .scalars())
    if taken:
        raise ConflictError(f"Логин «{sorted(taken)[0]}» уже занят: составьте список заново.")
    if any(p.role is not ROLE_OF_KIND[p.kind] for p in planned):
        raise ValidationError("Пакетом создаются только учётные записи учителей, учеников и "
                              "родителей.")
    for kind, model in ((KIND_STAFF, Staff), (KIND_STUDENT, Student), (KIND_GUARDIAN, Guardian)):
        ids = [p.person_id for p in planned if p.kind == kind]
        if not ids:
            continue
        if len(set(ids)) != len(ids):
            raise ConflictError("В пакете один человек встречается дважды.")
        column = getattr(Account, _LINK_OF_KIND[kind])
        found = set(session.execute(select(model.id).where(model.id.in_(ids))).scalars())
        if len(found) != len(ids):
            raise ValidationError("Кого-то из списка уже нет в базе: составьте список заново.")
        if kind == KIND_STAFF and session.execute(
            select(Staff.id).where(Staff.id.in_(ids), Staff.active.is_(False))
        ).first():
            raise ValidationError("Кто-то из сотрудников больше не работает в школе.")
        other = session.execute(
            select(Account.login).where(column.in_(ids), Account.role == ROLE_OF_KIND[kind].value)
        ).scalar()
        if other is not None:
            raise ConflictError(
                f"У кого-то из списка уже есть учётная запись ({other}): составьте список заново."
            )
    return logins


def create_batch(
    session: Session,
    actor: Actor,
    planned: Sequence[PlannedAccount],
    account_ids: Sequence[uuid.UUID],
) -> list[uuid.UUID]:
    """Create the planned accounts (status «создана», password to be changed at first
    sign-in) with the given ids, after :func:`check_batch`, with one bulk insert and
    one change-log row each."""
    if len(planned) != len(account_ids):
        raise ValidationError("Число учётных записей не совпадает с числом людей.")
    logins = check_batch(session, actor, planned)
    now = actor.now()
    rows = [
        {
            "id": account_id,
            "login": login,
            "role": p.role.value,
            "staff_id": p.person_id if p.kind == KIND_STAFF else None,
            "student_id": p.person_id if p.kind == KIND_STUDENT else None,
            "guardian_id": p.person_id if p.kind == KIND_GUARDIAN else None,
            "status": STATUS_CREATED,
            "must_change_password": True,
            "failed_attempts": 0,
            "locked_until": None,
            "last_login_at": None,
            "created_at": now,
        }
        for p, login, account_id in zip(planned, logins, account_ids, strict=True)
    ]
    return bulk_insert_logged(session, actor, Account, rows, reason="учётные записи пакетом")
