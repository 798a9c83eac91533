"""Subjects and teaching assignments (class or group × subject × teacher × hours).

A row is the assignment the school has for the same class, group and subject; a
different teacher or number of hours updates it. Subjects, classes and groups that
do not exist yet are created; the teacher must already be on the staff (found by
full name, or by «Фамилия И. О.» when that is unique).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import display_names
from database import validation as v
from database.actor import Actor
from database.display_names import class_title
from database.imports.common import FIELD_TITLES, Plan, RowCells, every, optional_text
from database.imports.outcome import RowOutcome, Status
from database.imports.structure import ClassKey, GroupKey, Structure
from database.imports.table import Progress, Table
from database.imports.values import a_number, class_of, fold
from database.models import Staff, Subject, TeachingAssignment
from database.services._common import UNSET
from database.services.subjects import (
    assign_teaching,
    create_subject,
    update_assignment,
    update_subject,
)

ASSESSMENT_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(("отметки", "оценки", "отметка", "балльная", "5-балльная",
                     "пятибалльная"), "marked"),
    **dict.fromkeys(("зачет", "зачет/незачет", "зачтено", "зачетная"), "pass_fail"),
    **dict.fromkeys(("без оценок", "без оценки", "без отметок", "не оценивается",
                     "безотметочное", "нет"), "none"),
}


def _short_key(text: str) -> str:
    """«Смирнова О.П.», «Смирнова О. П.» → one key."""
    return fold(text).replace(" ", "").replace(".", "")


@dataclass
class _Row:
    number: int
    class_key: ClassKey
    group_key: GroupKey | None
    subject_key: str
    teacher_id: uuid.UUID
    hours: float
    existing: tuple[uuid.UUID, uuid.UUID, float] | None  # (id, teacher, hours)


class AssignmentsImport:
    def __init__(self, session: Session, actor: Actor, table: Table) -> None:
        self.table = table
        self.structure = Structure.load(session)
        self.subjects: dict[str, uuid.UUID] = {}
        self.subject_fields: dict[uuid.UUID, dict[str, str]] = {}
        for sid, name, short_name, assessment in session.execute(
            select(Subject.id, Subject.name, Subject.short_name, Subject.assessment)
        ):
            self.subjects[fold(name)] = sid
            self.subject_fields[sid] = {"short_name": short_name, "assessment": assessment}
        self.subject_changes: dict[uuid.UUID, dict[str, str]] = {}
        self.new_subjects: dict[str, dict[str, Any]] = {}
        self.teachers: dict[str, list[tuple[uuid.UUID, str]]] = {}
        for sid, surname, name, patronymic, active in session.execute(
            select(Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.active)
        ):
            if not active:
                continue
            full = display_names.full_name(surname, name, patronymic)
            short = display_names.short_name(surname, name, patronymic)
            for key in {fold(full), _short_key(short)}:
                self.teachers.setdefault(key, []).append((sid, full))
        self.assignments: dict[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID],
                               tuple[uuid.UUID, uuid.UUID, float]] = {
            (class_id, group_id, subject_id): (aid, teacher_id, hours)
            for aid, class_id, group_id, subject_id, teacher_id, hours in session.execute(
                select(TeachingAssignment.id, TeachingAssignment.class_id,
                       TeachingAssignment.group_id, TeachingAssignment.subject_id,
                       TeachingAssignment.teacher_id, TeachingAssignment.hours_per_week)
                .where(TeachingAssignment.year_id == self.structure.year_id)
            )
        }
        self.rows: list[_Row] = []

    def _teacher(self, cells: RowCells) -> uuid.UUID | None:
        text = cells.text("teacher")
        if not text:
            cells.refuse("teacher", "Не указан учитель.")
            return None
        found = self.teachers.get(fold(text)) or self.teachers.get(_short_key(text), [])
        if not found:
            cells.refuse("teacher", f"Учителя «{text}» нет среди работающих сотрудников: "
                         "сначала импортируйте сотрудников.")
            return None
        if len({sid for sid, _ in found}) > 1:
            cells.refuse("teacher", f"«{text}» — несколько сотрудников: напишите ФИО полностью.")
            return None
        return found[0][0]

    def _subject(self, cells: RowCells) -> str | None:
        name = cells.check("subject", lambda: v.text(cells.text("subject"), "Предмет",
                                                     max_length=200, required=True))
        if name is None:
            return None
        key = fold(name)
        if key not in self.subjects and key not in self.new_subjects:
            extra = self._subject_extra(cells)
            if extra is None:
                return None
            self.new_subjects[key] = {"name": name, "short_name": "", "assessment": "marked",
                                      **extra}
        return key

    def _subject_extra(self, cells: RowCells) -> dict[str, str] | None:
        """The short name and assessment the row gives (only those it gives)."""
        extra: dict[str, str] = {}
        if cells.text("assessment"):
            word = fold(cells.text("assessment"))
            if word not in ASSESSMENT_WORDS:
                cells.refuse("assessment", "Оценивание: «отметки», «зачёт» или «без оценок».")
                return None
            extra["assessment"] = ASSESSMENT_WORDS[word]
        short = optional_text(cells, "short_name", "Краткое название", 40)
        if short:
            extra["short_name"] = short
        return None if cells.problems else extra

    def _subject_row(self, cells: RowCells, seen: dict[str, int]) -> RowOutcome:
        """A row naming only a subject (with its short name and assessment)."""
        who = cells.text("subject")
        key = self._subject(cells)
        if key is None:
            return cells.error(who)
        if key in seen:
            cells.refuse("subject", f"Этот предмет уже есть в строке {seen[key]}.")
            return cells.error(who)
        seen[key] = cells.row.number
        subject_id = self.subjects.get(key)
        if subject_id is None:
            return RowOutcome(cells.row.number, Status.NEW, who, "предмет")
        extra = self._subject_extra(cells) or {}
        stored = self.subject_fields[subject_id]
        changes = {k: value for k, value in extra.items() if stored[k] != value}
        if not changes:
            return RowOutcome(cells.row.number, Status.UNCHANGED, who, "")
        self.subject_changes[subject_id] = changes
        titles = {"short_name": "краткое название", "assessment": "оценивание"}
        return RowOutcome(cells.row.number, Status.UPDATED, who,
                          ", ".join(titles[k] for k in changes))

    def plan(self, report: Progress) -> Plan:
        plan = Plan()
        structure = self.structure
        seen: dict[tuple[ClassKey, GroupKey | None, str], int] = {}
        subject_rows: dict[str, int] = {}
        for index, source in enumerate(self.table.rows):
            every(len(self.table.rows), report, "Проверка строк", index, 0.1, 0.6)
            cells = RowCells(self.table, source)
            if not any(cells.text(k) for k in ("class", "group", "teacher", "hours")):
                plan.outcomes.append(self._subject_row(cells, subject_rows))
                continue
            class_key = cells.check("class", class_of, cells.raw("class"))
            subject_key = self._subject(cells)
            group_key: GroupKey | None = None
            if class_key is not None and cells.text("group"):
                group_key = cells.check("group", structure.want_group, class_key,
                                        cells.text("group"))
            teacher_id = self._teacher(cells)
            hours = cells.check("hours", a_number, cells.raw("hours"), "Часов в неделю")
            if hours is not None:
                hours = cells.check("hours", v.hours_per_week, hours)
            elif not cells.text("hours"):
                cells.refuse("hours", "Не указано число часов в неделю.")
            who = ", ".join(part for part in (
                class_title(*class_key) if class_key else cells.text("class"),
                cells.text("subject"), cells.text("group"), cells.text("teacher")) if part)
            if (cells.problems or class_key is None or subject_key is None
                    or teacher_id is None or hours is None):
                plan.outcomes.append(cells.error(who))
                continue
            unit = (class_key, group_key, subject_key)
            if unit in seen:
                cells.refuse("subject", f"Эта нагрузка уже есть в строке {seen[unit]}.")
                plan.outcomes.append(cells.error(who))
                continue
            seen[unit] = source.number
            structure.want_class(class_key)
            class_id = structure.classes.get(class_key)
            group_id = structure.groups[group_key][0] if group_key in structure.groups else None
            subject_id = self.subjects.get(subject_key)
            existing = None
            if class_id is not None and subject_id is not None and (
                group_key is None or group_id is not None
            ):
                existing = self.assignments.get((class_id, group_id, subject_id))
            row = _Row(source.number, class_key, group_key, subject_key, teacher_id, hours,
                       existing)
            self.rows.append(row)
            if existing is None:
                plan.outcomes.append(RowOutcome(source.number, Status.NEW, who, ""))
                continue
            described = [FIELD_TITLES[k] for k, changed in (
                ("teacher_id", existing[1] != teacher_id),
                ("hours_per_week", existing[2] != hours)) if changed]
            status = Status.UPDATED if described else Status.UNCHANGED
            plan.outcomes.append(RowOutcome(source.number, status, who, ", ".join(described)))
        plan.created = structure.created() + tuple(
            f"предмет «{s['name']}»" for s in self.new_subjects.values()
        )
        plan.write = self.write
        return plan

    def write(self, session: Session, actor: Actor, report: Progress) -> None:
        structure = self.structure
        structure.write_new(session, actor)
        for key, subject in self.new_subjects.items():
            self.subjects[key] = create_subject(session, actor, **subject).id
        for subject_id, changes in self.subject_changes.items():
            update_subject(session, actor, subject_id,
                           short_name=changes.get("short_name", UNSET),
                           assessment=changes.get("assessment", UNSET))
        for index, row in enumerate(self.rows):
            every(len(self.rows), report, "Запись нагрузки", index, 0.75, 0.2)
            if row.existing is not None:
                aid, teacher_id, hours = row.existing
                if teacher_id != row.teacher_id or hours != row.hours:
                    update_assignment(session, actor, aid, teacher_id=row.teacher_id,
                                      hours_per_week=row.hours)
                continue
            class_id = structure.class_id(row.class_key)
            group_id = (structure.group_id(row.group_key)
                        if row.group_key is not None else None)
            assign_teaching(session, actor, structure.year_id, class_id,
                            self.subjects[row.subject_key], row.teacher_id, row.hours,
                            group_id=group_id)


def plan_assignments(session: Session, actor: Actor, table: Table, report: Progress) -> Plan:
    return AssignmentsImport(session, actor, table).plan(report)
