"""The permission rules, checked again on every computer for every remote op.

A computer cannot trust that another one ran the services' checks: its program may be
old, modified, or its database edited. So each remote op is checked against the role
matrix of :mod:`database.permissions` for its *author* (the account the op names), the
author's *device kind* (from the signed registry) and the records it touches, read
from the state the op's author had seen (causal delivery guarantees that state is
applied here before the op). The same op set gives the same decision on every
computer; a refused op is recorded in ``sync_refused``, never applied.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from database.actor import Role

Lookup = Callable[[str, str, str], Any]  # (table, record id, column) → current value

# Columns an account may write about itself (signing in, its own password change).
SELF_ACCOUNT_FIELDS = frozenset(
    {"last_login_at", "failed_attempts", "locked_until", "status", "must_change_password"}
)
SYSADMIN_TABLES = frozenset({"account", "account_key", "device", "login_event"})
TEACHER_JOURNAL_TABLES = frozenset({"lesson", "mark", "attendance", "period_mark", "plan_topic"})

NOT_YOURS = "изменение чужого журнала"


@dataclass(frozen=True)
class Author:
    role: Role
    staff_id: str | None


def _uuid_text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _field(op: dict[str, Any], fields: dict[str, Any], lookup: Lookup, column: str) -> Any:
    if column in fields:
        return fields[column]
    return lookup(op["table_name"], op["record_id"], column)


def _teaches(lookup: Lookup, assignment_id: str | None, staff_id: str) -> bool:
    return assignment_id is not None and _uuid_text(
        lookup("teaching_assignment", assignment_id, "teacher_id")
    ) == staff_id


def _lesson_keeper(lookup: Lookup, lesson_id: str | None, staff_id: str) -> bool:
    if lesson_id is None:
        return False
    assignment = _uuid_text(lookup("lesson", lesson_id, "assignment_id"))
    substitute = _uuid_text(lookup("lesson", lesson_id, "substitute_teacher_id"))
    return substitute == staff_id or _teaches(lookup, assignment, staff_id)


def _teacher_journal(
    op: dict[str, Any], fields: dict[str, Any], lookup: Lookup, staff_id: str,
    teaches_subject: Callable[[str, str], bool],
) -> bool:
    table = op["table_name"]
    if table == "lesson":
        if _lesson_keeper(lookup, op["record_id"], staff_id):
            return True
        assignment = _uuid_text(_field(op, fields, lookup, "assignment_id"))
        return _teaches(lookup, assignment, staff_id)
    if table in ("mark", "attendance"):
        return _lesson_keeper(lookup, _uuid_text(_field(op, fields, lookup, "lesson_id")), staff_id)
    if table == "plan_topic":
        return _teaches(lookup, _uuid_text(_field(op, fields, lookup, "assignment_id")), staff_id)
    if table == "period_mark":
        subject = _uuid_text(_field(op, fields, lookup, "subject_id"))
        return subject is not None and teaches_subject(staff_id, subject)
    return False


def refusal(
    op: dict[str, Any],
    fields: dict[str, Any],
    author: Author | None,
    device_kind: str,
    lookup: Lookup,
    teaches_subject: Callable[[str, str], bool],
) -> str | None:
    """Why ``op`` is refused (Russian, for the administration's list), or None."""
    table = op["table_name"]
    if op["author_id"] is None:
        if device_kind == "admin":
            return None
        return "системное изменение не с компьютера администрации"
    if author is None:
        return "автор изменения неизвестен"
    if author.role is Role.ADMIN:
        return None
    if author.role is Role.SYSADMIN and table in SYSADMIN_TABLES:
        return None
    own = op["author_id"]
    if table == "login_event":
        account = _uuid_text(_field(op, fields, lookup, "account_id"))
        return None if account == own else "запись о входе другого пользователя"
    if table == "account":
        if op["record_id"] != own or op["operation"] != "upsert":
            return "изменение чужой учётной записи"
        if not set(fields) <= SELF_ACCOUNT_FIELDS:
            return "изменение своей роли или логина"
        if "status" in fields and (
            fields["status"] != "activated" or lookup("account", own, "status") == "disabled"
        ):
            return "включение отключённой учётной записи"
        return None
    if table == "account_key":
        return None if op["record_id"] == own else "смена пароля другого пользователя"
    if author.role is Role.TEACHER and table in TEACHER_JOURNAL_TABLES and author.staff_id:
        if _teacher_journal(op, fields, lookup, author.staff_id, teaches_subject):
            return None
        return NOT_YOURS
    return f"недостаточно прав ({author.role.value}) для таблицы {table}"
