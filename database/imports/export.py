"""The people lists as XLSX: students with their parents, staff, accounts.

Students and staff are written in the import templates' columns, so an exported list
can be corrected in Excel and imported back (it updates the same people).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from database import display_names
from database import validation as v
from database.actor import ROLE_TITLES_RU, Actor
from database.imports.columns import PARENTS, STAFF, STUDENTS, ImportKind
from database.imports.templates import template_columns
from database.models import (
    AcademicYear,
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
    require_account_manager,
    require_admin,
)
from database.queries.account_list import account_rows

EXPORTS: Final[dict[str, str]] = {
    "students": "Ученики и родители",
    "staff": "Сотрудники",
    "accounts": "Учётные записи",
}

_STATUS: Final = {"created": "создана", "activated": "активирована", "disabled": "отключена"}


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list[Any]],
           *, first: bool = False) -> Worksheet:
    if first:
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        sheet.title = title
    else:
        sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        longest = max([len(header), *(len(str(r[index - 1] or "")) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    sheet.freeze_panes = "A2"
    return sheet


def _headers(kind: ImportKind) -> list[str]:
    return [kind.column(key).title for key in template_columns(kind)]


def _students(session: Session, today: date) -> tuple[list[list[Any]], list[list[Any]]]:
    current = session.execute(
        select(Enrolment.student_id, SchoolClass.id, SchoolClass.grade, SchoolClass.letter,
               Enrolment.start_date, Enrolment.start_order)
        .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
        .where(AcademicYear.is_current.is_(True), Enrolment.end_date.is_(None))
    ).all()
    enrolled = {row[0]: row for row in current}
    groups: dict[uuid.UUID, list[str]] = {}
    for student_id, name in session.execute(
        select(GroupMember.student_id, ClassGroup.name)
        .join(ClassGroup, ClassGroup.id == GroupMember.group_id)
        .where(GroupMember.end_date.is_(None))
        .order_by(ClassGroup.name)
    ):
        groups.setdefault(student_id, []).append(name)
    students = {s.id: s for s in session.execute(select(Student)).scalars()}
    order = sorted(
        (sid for sid in students if sid in enrolled),
        key=lambda sid: (enrolled[sid][2], enrolled[sid][3], students[sid].surname.replace(
            "ё", "е"), students[sid].name),
    )
    student_rows: list[list[Any]] = []
    for sid in order:
        s, e = students[sid], enrolled[sid]
        values = {
            "surname": s.surname, "name": s.name, "patronymic": s.patronymic,
            "gender": {"m": "м", "f": "ж"}.get(s.gender, ""),
            "birth_date": v.ru_date(s.birth_date) if s.birth_date else "",
            "class": f"{e[2]}{e[3]}", "groups": "; ".join(groups.get(sid, [])),
            "personal_file_no": s.personal_file_no, "health_group": s.health_group,
            "pe_group": s.pe_group, "address": s.address, "start_date": v.ru_date(e[4]),
            "start_order": e[5],
        }
        student_rows.append([values[key] for key in template_columns(STUDENTS)])
    parent_rows: list[list[Any]] = []
    guardians = {g.id: g for g in session.execute(select(Guardian)).scalars()}
    links = session.execute(select(StudentGuardian.student_id, StudentGuardian.guardian_id,
                                   StudentGuardian.relation)).all()
    by_student: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for student_id, guardian_id, relation in links:
        by_student.setdefault(student_id, []).append((guardian_id, relation))
    consents = {
        guardian_id: (granted, document)
        for guardian_id, granted, document in session.execute(
            select(Consent.guardian_id, Consent.granted_on, Consent.document_ref).where(
                Consent.kind == CONSENT_KIND_PERSONAL_DATA, Consent.withdrawn_on.is_(None))
        )
    }
    for sid in order:
        s, e = students[sid], enrolled[sid]
        for guardian_id, relation in by_student.get(sid, []):
            g = guardians[guardian_id]
            values = {
                "surname": g.surname, "name": g.name, "patronymic": g.patronymic,
                "gender": {"m": "м", "f": "ж"}.get(g.gender, ""), "phone": g.phone,
                "relation": relation,
                "student": display_names.full_name(s.surname, s.name, s.patronymic),
                "student_birth_date": v.ru_date(s.birth_date) if s.birth_date else "",
                "student_file_no": s.personal_file_no, "student_class": f"{e[2]}{e[3]}",
                "consent_date": v.ru_date(consents[g.id][0]) if g.id in consents else "",
                "consent_document": consents[g.id][1] if g.id in consents else "",
            }
            parent_rows.append([values[key] for key in template_columns(PARENTS)])
    return student_rows, parent_rows


def export_people(session: Session, actor: Actor, what: str, path: Path,
                  today: date | None = None) -> int:
    """Write the list ``what`` (students | staff | accounts) to ``path``; returns the
    number of rows written (students: students, not parents)."""
    day = today or actor.now().date()
    book = Workbook()
    if what == "students":
        require_admin(actor, "выгрузка списков учеников и родителей")
        students, parents = _students(session, day)
        _sheet(book, "Ученики", _headers(STUDENTS), students, first=True)
        _sheet(book, "Родители", _headers(PARENTS), parents)
        count = len(students)
    elif what == "staff":
        require_admin(actor, "выгрузка списка сотрудников")
        rows = []
        for s in session.execute(select(Staff).order_by(Staff.surname, Staff.name)).scalars():
            values = {"surname": s.surname, "name": s.name, "patronymic": s.patronymic,
                      "gender": {"m": "м", "f": "ж"}.get(s.gender, ""), "position": s.position}
            rows.append([*(values[k] for k in template_columns(STAFF)),
                         "да" if s.active else "нет"])
        _sheet(book, "Сотрудники", [*_headers(STAFF), "Работает"], rows, first=True)
        count = len(rows)
    elif what == "accounts":
        require_account_manager(actor)
        accounts = account_rows(session, actor, day)
        rows = [[a.login, ROLE_TITLES_RU[a.role], a.person_name, a.group, a.detail,
                 _STATUS.get(a.status, a.status),
                 a.last_login_at.strftime("%d.%m.%Y %H:%M") if a.last_login_at else ""]
                for a in accounts]
        _sheet(book, "Учётные записи", ["Логин", "Роль", "ФИО", "Класс", "Сведения",
                                        "Состояние", "Последний вход"], rows, first=True)
        count = len(rows)
    else:
        raise ValueError(f"unknown export {what!r}")
    book.save(path)
    return count
