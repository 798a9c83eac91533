"""Who, on which computer, when and where: the words the administration's lists of
sync conflicts and refused changes (and the journal cell's marker) are made of.

Everything is read from the change log (an op's author, device and HLC), the device
registry (a computer's name) and the current tables (a record's lesson, class,
subject and student). A record kept only as a conflict — a duplicate that lost its
unique key, or one a delete removed — has no row; its fields are then put together
from its logged ops, so it can still be described.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from database.changelog import DELETE, canonical_json, hlc_moment
from database.display_names import class_title, full_name
from database.models import (
    SYNCED_TABLES,
    Account,
    ChangeLog,
    ClassGroup,
    Guardian,
    Lesson,
    SchoolClass,
    Staff,
    Student,
    StudyPeriod,
    Subject,
    SyncDevice,
    TeachingAssignment,
)

SYSTEM_AUTHOR: Final = "система"

# What the lists call a table's record and its fields (the journal's tables first;
# people's tables as in the record history).
TABLE_TITLES: Final[dict[str, str]] = {
    "mark": "оценка", "attendance": "посещаемость", "lesson": "урок",
    "period_mark": "итоговая оценка", "plan_topic": "тема КТП", "school_class": "класс",
    "student": "ученик", "staff": "сотрудник", "guardian": "родитель",
    "account": "учётная запись", "account_key": "пароль", "subject": "предмет",
    "teaching_assignment": "нагрузка", "enrolment": "зачисление", "setting": "настройка",
    "timetable_entry": "расписание", "consent": "согласие", "school": "школа",
}  # fmt: skip
FIELD_TITLES: Final[dict[str, str]] = {
    "value": "оценка", "code": "посещаемость", "comment": "комментарий",
    "work_type": "вид работы", "weight": "вес", "topic": "тема урока",
    "homework": "домашнее задание", "control_work": "контрольная работа",
    "conducted": "урок проведён", "cancelled": "урок отменён", "position": "место в клетке",
    "substitute_teacher_id": "замещающий учитель", "substitution_reason": "причина замены",
    "plan_topic_id": "тема по КТП", "lesson_number": "номер урока", "date": "дата",
    "surname": "фамилия", "name": "имя", "patronymic": "отчество", "login": "логин",
    "role": "роль", "status": "состояние", "letter": "буква", "grade": "параллель",
    "*": "запись целиком", "unique": "повтор записи",
}  # fmt: skip
PERIOD_KINDS: Final[dict[str, str]] = {
    "year": "год", "exam": "экзамен", "final": "итоговая",
}


def field_title(field: str) -> str:
    return FIELD_TITLES.get(field, field)


def value_text(value: Any) -> str:
    """A logged value as a reader sees it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


# --- ops and the people behind them -----------------------------------------------------------


@dataclass(frozen=True)
class OpFacts:
    op_id: str
    author: str  # the person's name, or «система»
    computer: str  # the device's name in the registry
    at: datetime | None  # local time the op was made
    hlc: str
    operation: str
    fields: dict[str, Any]
    table: str
    record_id: str


class Names:
    """Authors' and computers' names, each read once per list."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._authors: dict[str, str] = {}
        self._devices: dict[str, str] | None = None

    def author(self, account_id: str | None) -> str:
        if account_id is None:
            return SYSTEM_AUTHOR
        if account_id not in self._authors:
            self._authors[account_id] = self._read_author(account_id)
        return self._authors[account_id]

    def _read_author(self, account_id: str) -> str:
        try:
            key = uuid.UUID(account_id)
        except ValueError:
            return account_id
        account = self.session.get(Account, key)
        if account is None:
            return f"неизвестная учётная запись {account_id[:8]}"
        person: Staff | Student | Guardian | None = None
        if account.staff_id is not None:
            person = self.session.get(Staff, account.staff_id)
        elif account.student_id is not None:
            person = self.session.get(Student, account.student_id)
        elif account.guardian_id is not None:
            person = self.session.get(Guardian, account.guardian_id)
        if person is not None:
            return full_name(person.surname, person.name, person.patronymic)
        return account.login

    def computer(self, device_id: str) -> str:
        if self._devices is None:
            self._devices = {
                device: name for device, name in
                self.session.execute(select(SyncDevice.device_id, SyncDevice.name))
            }
        return self._devices.get(device_id, f"компьютер {device_id[:8]}")


def op_facts(session: Session, names: Names, op_ids: set[str]) -> dict[str, OpFacts]:
    found: dict[str, OpFacts] = {}
    ids = sorted(op_ids)
    for start in range(0, len(ids), 500):
        for row in session.execute(
            select(ChangeLog.op_id, ChangeLog.author_id, ChangeLog.device_id, ChangeLog.hlc,
                   ChangeLog.operation, ChangeLog.fields, ChangeLog.table_name,
                   ChangeLog.record_id)
            .where(ChangeLog.op_id.in_(ids[start:start + 500]))
        ):
            op_id, author, device, hlc, operation, fields, table, record = row
            found[op_id] = OpFacts(
                op_id, names.author(author), names.computer(device), hlc_moment(hlc), hlc,
                operation, json.loads(fields), table, record,
            )
    return found


# --- a record's fields --------------------------------------------------------------------------


def record_fields(session: Session, table: str, record_id: str) -> dict[str, Any] | None:
    """The record's current row as logged (JSON-plain) values; for a record without
    a row, its fields as its logged upserts wrote them (in HLC order); None if it has
    neither."""
    model = SYNCED_TABLES.get(table)
    if model is None:
        return None
    target: Table = model.__table__  # type: ignore[assignment]
    try:
        key = uuid.UUID(record_id)
    except ValueError:
        return None
    row = session.execute(select(target).where(target.c.id == key)).mappings().first()
    if row is not None:
        return dict(json.loads(canonical_json(dict(row))))
    fields: dict[str, Any] = {}
    found = False
    for operation, logged in session.execute(
        select(ChangeLog.operation, ChangeLog.fields)
        .where(ChangeLog.table_name == table, ChangeLog.record_id == record_id)
        .order_by(ChangeLog.hlc, ChangeLog.device_id)
    ):
        if operation != DELETE:
            fields.update(json.loads(logged))
            found = True
    return fields if found else None


# --- where a record is ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a journal record is: «5 «А» · Математика · 18.11.2026, урок 1 · Алексеев Борис»."""

    assignment_id: uuid.UUID | None = None
    lesson_id: uuid.UUID | None = None
    student_id: uuid.UUID | None = None
    class_name: str = ""
    subject_name: str = ""
    lesson_date: date | None = None
    lesson_number: int | None = None
    student_name: str = ""
    period_name: str = ""

    @property
    def text(self) -> str:
        parts = [p for p in (self.class_name, self.subject_name) if p]
        if self.lesson_date is not None:
            lesson = self.lesson_date.strftime("%d.%m.%Y")
            if self.lesson_number is not None:
                lesson += f", урок {self.lesson_number}"
            parts.append(lesson)
        if self.period_name:
            parts.append(self.period_name)
        if self.student_name:
            parts.append(self.student_name)
        return " · ".join(parts)


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def place_of(session: Session, table: str, record_id: str,
             fields: dict[str, Any] | None) -> Place:
    """Where the record is, from its fields (as :func:`record_fields` gives them)."""
    fields = fields or {}
    lesson_id = _uuid(record_id) if table == "lesson" else _uuid(fields.get("lesson_id"))
    student_id = _uuid(fields.get("student_id")) if table != "student" else _uuid(record_id)
    student_name = ""
    if student_id is not None:
        student = session.get(Student, student_id)
        if student is not None:
            student_name = f"{student.surname} {student.name}"
    if lesson_id is not None:
        row = session.execute(
            select(Lesson.date, Lesson.lesson_number, TeachingAssignment.id,
                   SchoolClass.grade, SchoolClass.letter, Subject.name, ClassGroup.name)
            .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
            .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
            .join(Subject, Subject.id == TeachingAssignment.subject_id)
            .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
            .where(Lesson.id == lesson_id)
        ).first()
        if row is not None:
            day, number, assignment_id, grade, letter, subject, group = row
            return Place(assignment_id, lesson_id, student_id, class_title(grade, letter),
                         f"{subject} ({group})" if group else subject, day, number,
                         student_name)
        return Place(None, lesson_id, student_id, student_name=student_name)
    if table == "period_mark":
        subject_id = _uuid(fields.get("subject_id"))
        subject_row = session.get(Subject, subject_id) if subject_id is not None else None
        kind = str(fields.get("kind", ""))
        period_name = PERIOD_KINDS.get(kind, kind)
        period_id = _uuid(fields.get("period_id"))
        if period_id is not None:
            period = session.get(StudyPeriod, period_id)
            if period is not None:
                period_name = period.name
        return Place(None, None, student_id, "", subject_row.name if subject_row else "",
                     student_name=student_name, period_name=period_name)
    return Place(student_id=student_id, student_name=student_name)
