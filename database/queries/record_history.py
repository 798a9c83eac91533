"""Who changed what: the change-log rows of one record (and of the records that hang
on it: a student's enrolments, group memberships and parent links; a parent's
consents), newest first, with the author's login and readable field values.

The change log is the audit trail (see ARCHITECTURE.md), so this is a plain read of
it; administration only.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import DELETE, hlc_moment
from database.display_names import full_name, short_name
from database.models import (
    Account,
    ChangeLog,
    ClassGroup,
    Consent,
    Enrolment,
    GroupMember,
    Guardian,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
    Subject,
)
from database.permissions import require_admin
from database.validation import ru_date

TABLE_TITLES: Final[dict[str, str]] = {
    "staff": "сотрудник",
    "student": "ученик",
    "guardian": "родитель",
    "enrolment": "зачисление",
    "group_member": "группа",
    "student_guardian": "связь с родителем",
    "consent": "согласие",
    "school_class": "класс",
    "class_group": "группа класса",
    "subject": "предмет",
    "teaching_assignment": "нагрузка",
    "account": "учётная запись",
}

FIELD_TITLES: Final[dict[str, str]] = {
    "surname": "фамилия", "name": "имя", "patronymic": "отчество", "gender": "пол",
    "position": "должность", "active": "работает", "birth_date": "дата рождения",
    "personal_file_no": "№ личного дела", "health_group": "группа здоровья",
    "pe_group": "группа по физкультуре", "address": "адрес", "phone": "телефон",
    "student_id": "ученик", "guardian_id": "родитель", "class_id": "класс",
    "group_id": "группа", "start_date": "с", "end_date": "по",
    "start_order": "приказ о зачислении", "end_order": "приказ о выбытии",
    "end_reason": "причина выбытия", "relation": "кем приходится", "kind": "вид",
    "granted_on": "дано", "withdrawn_on": "отозвано", "document_ref": "документ",
    "grade": "параллель", "letter": "буква", "class_teacher_id": "классный руководитель",
    "room": "кабинет", "short_name": "краткое название", "assessment": "оценивание",
    "sort_order": "порядок", "subject_id": "предмет", "teacher_id": "учитель",
    "hours_per_week": "часов в неделю", "year_id": "учебный год", "login": "логин",
    "role": "роль", "status": "состояние", "staff_id": "сотрудник",
}  # fmt: skip

# Bookkeeping fields that say nothing to a reader of the history.
_HIDDEN: Final = frozenset({
    "failed_attempts", "locked_until", "last_login_at", "created_at", "must_change_password",
})


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    author: str  # login (and name) of who made the change; «система» for the system
    what: str  # «ученик», «зачисление», …
    deleted: bool
    changes: tuple[tuple[str, str], ...]  # (field title, new value as text)
    reason: str

    @property
    def text(self) -> str:
        if self.deleted:
            return "удалено"
        return "; ".join(f"{field}: {value}" for field, value in self.changes)


def _related_ids(session: Session, table: str, record_id: uuid.UUID) -> list[uuid.UUID]:
    ids = [record_id]
    if table == "student":
        for model in (Enrolment, GroupMember, StudentGuardian):
            ids += session.execute(
                select(model.id).where(model.student_id == record_id)
            ).scalars()
    elif table == "guardian":
        ids += session.execute(select(Consent.id).where(Consent.guardian_id == record_id)).scalars()
        ids += session.execute(
            select(StudentGuardian.id).where(StudentGuardian.guardian_id == record_id)
        ).scalars()
    elif table == "school_class":
        ids += session.execute(
            select(ClassGroup.id).where(ClassGroup.class_id == record_id)
        ).scalars()
    return ids


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    """Readable titles for the ids mentioned in the logged fields."""
    wanted = []
    for text in ids:
        try:
            wanted.append(uuid.UUID(text))
        except ValueError:
            continue
    if not wanted:
        return {}
    names: dict[str, str] = {}
    for model in (Staff, Student, Guardian):
        for id_, s, n, p in session.execute(
            select(model.id, model.surname, model.name, model.patronymic).where(
                model.id.in_(wanted))
        ):
            names[str(id_)] = short_name(s, n, p) if model is Staff else full_name(s, n, p)
    for id_, grade, letter in session.execute(
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(
            SchoolClass.id.in_(wanted))
    ):
        names[str(id_)] = f"{grade} «{letter}»"
    for model_ in (ClassGroup, Subject):
        for id_, name in session.execute(
            select(model_.id, model_.name).where(model_.id.in_(wanted))
        ):
            names[str(id_)] = name
    return names


_CODES: Final[dict[str, dict[str, str]]] = {
    "gender": {"m": "мужской", "f": "женский"},
    "assessment": {"marked": "отметки", "pass_fail": "зачёт/незачёт", "none": "без оценивания"},
    "role": {"admin": "администрация", "sysadmin": "системный администратор",
             "teacher": "учитель", "student": "ученик", "parent": "родитель"},
    "status": {"created": "создана", "activated": "активирована", "disabled": "отключена"},
    "kind": {"personal_data": "обработка персональных данных"},
}


def _value_text(key: str, value: Any, names: dict[str, str]) -> str:
    if value is None or value == "":
        return "—"
    if key in _CODES and isinstance(value, str):
        return _CODES[key].get(value, value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, str):
        if value in names:
            return names[value]
        try:
            return ru_date(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def record_history(
    session: Session, actor: Actor, table: str, record_id: uuid.UUID
) -> list[HistoryEntry]:
    """Every logged change of the record and its dependants, newest first."""
    require_admin(actor, "просмотр истории изменений")
    ids = [str(i) for i in _related_ids(session, table, record_id)]
    rows = session.execute(
        select(ChangeLog.hlc, ChangeLog.author_id, ChangeLog.table_name, ChangeLog.operation,
               ChangeLog.fields, ChangeLog.reason)
        .where(ChangeLog.record_id.in_(ids))
        .order_by(ChangeLog.hlc.desc(), ChangeLog.seq.desc())
    ).all()
    parsed = [(row, json.loads(row[4])) for row in rows]
    mentioned = {v for _, fields in parsed for v in fields.values() if isinstance(v, str)}
    names = _names(session, mentioned)
    authors: dict[str, str] = {}
    author_ids = [uuid.UUID(a) for a in {row[1] for row in rows} if a]
    if author_ids:
        for id_, login in session.execute(
            select(Account.id, Account.login).where(Account.id.in_(author_ids))
        ):
            authors[str(id_)] = login
    entries: list[HistoryEntry] = []
    for (hlc, author_id, table_name, operation, _, reason), fields in parsed:
        changes = tuple(
            (FIELD_TITLES.get(key, key), _value_text(key, value, names))
            for key, value in sorted(fields.items())
            if key not in _HIDDEN
        )
        entries.append(HistoryEntry(
            at=hlc_moment(hlc),
            author=authors.get(author_id or "", "система") if author_id else "система",
            what=TABLE_TITLES.get(table_name, table_name),
            deleted=operation == DELETE,
            changes=changes,
            reason=reason or "",
        ))
    return entries
