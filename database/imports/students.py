"""Students with their class and groups, from one table.

A row is the same student as one the school has when the personal-file number
matches, otherwise when the full name (case, «ё» and spaces aside) and the birth date
match (without a birth date: the full name within the row's class, if only one).
New students are written in bulk (thousands in seconds, each row logged as the
services log it); changes to known students go through the services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import display_names
from database import validation as v
from database.actor import Actor
from database.display_names import class_title
from database.ids import new_id
from database.imports.common import (
    FIELD_TITLES,
    Plan,
    RowCells,
    better_name,
    changed_fields,
    every,
    name_key,
    optional_text,
    read_name,
)
from database.imports.outcome import RowOutcome, Status
from database.imports.structure import ClassKey, GroupKey, Structure
from database.imports.table import Progress, Table
from database.imports.values import a_date, class_of, gender, split_list
from database.models import Enrolment, GroupMember, Student
from database.services.bulk import bulk_insert_logged
from database.services.classes import add_group_member, remove_group_member
from database.services.people import enrol_student, transfer_student, update_student
from database.services.people_rules import clean_student

IMPORT_ORDER: Final = "Списочный состав класса (импорт из таблицы)"
_PERSON_FIELDS: Final = ("health_group", "pe_group", "address")


@dataclass
class _Known:
    id: uuid.UUID
    fields: dict[str, Any]
    enrolment: tuple[uuid.UUID, uuid.UUID, date] | None = None  # open: (id, class, start)
    last_end: date | None = None  # the latest end of a closed enrolment
    groups: dict[uuid.UUID, date] = field(default_factory=dict)  # open group → since


def _load(session: Session) -> list[_Known]:
    columns = ("surname", "name", "patronymic", "gender", "birth_date", "personal_file_no",
               *_PERSON_FIELDS)
    known: dict[uuid.UUID, _Known] = {}
    for row in session.execute(select(Student.id, *(getattr(Student, c) for c in columns))):
        known[row[0]] = _Known(row[0], dict(zip(columns, row[1:], strict=True)))
    for enrolment_id, student_id, class_id, start, end in session.execute(
        select(Enrolment.id, Enrolment.student_id, Enrolment.class_id, Enrolment.start_date,
               Enrolment.end_date)
    ):
        person = known.get(student_id)
        if person is None:
            continue
        if end is None:
            person.enrolment = (enrolment_id, class_id, start)
        elif person.last_end is None or end > person.last_end:
            person.last_end = end
    for group_id, student_id, start in session.execute(
        select(GroupMember.group_id, GroupMember.student_id, GroupMember.start_date).where(
            GroupMember.end_date.is_(None)
        )
    ):
        if student_id in known:
            known[student_id].groups[group_id] = start
    return list(known.values())


@dataclass
class _Row:
    """One good row: what the student should be, and what the school has."""

    number: int
    fields: dict[str, Any]
    class_key: ClassKey
    groups: list[GroupKey] | None  # None: the file has no «Группы» column
    start_date: date
    start_order: str
    known: _Known | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    move: str = ""  # "" | "enrol" | "transfer"
    add_groups: list[GroupKey] = field(default_factory=list)
    end_groups: list[uuid.UUID] = field(default_factory=list)


class StudentsImport:
    def __init__(self, session: Session, actor: Actor, table: Table) -> None:
        self.session = session
        self.actor = actor
        self.table = table
        self.structure = Structure.load(session)
        self.today = actor.now().date()
        known = _load(session)
        self.by_file_no = {k.fields["personal_file_no"]: k for k in known
                           if k.fields["personal_file_no"]}
        self.by_name_birth: dict[tuple[str, date | None], list[_Known]] = {}
        for k in known:
            f = k.fields
            self.by_name_birth.setdefault(
                (name_key(f["surname"], f["name"], f["patronymic"]), f["birth_date"]), []
            ).append(k)
        self.by_name: dict[str, list[_Known]] = {}
        for k in known:
            f = k.fields
            self.by_name.setdefault(name_key(f["surname"], f["name"], f["patronymic"]),
                                    []).append(k)
        self.rows: list[_Row] = []

    def _clean(self, key: str, value: object) -> Any:
        return clean_student(self.session, self.actor, {key: value}, None)[key]

    # --- one row -----------------------------------------------------------------------------

    def _read(self, cells: RowCells) -> tuple[_Row | None, str]:
        parts = read_name(cells)
        who = display_names.full_name(*parts) if parts else cells.text("full_name") or " ".join(
            cells.text(k) for k in ("surname", "name", "patronymic") if cells.text(k)
        )
        structure = self.structure
        class_key = cells.check("class", lambda: class_of(cells.raw("class")))
        if class_key is not None:
            who += f", {class_title(*class_key)}"
        patronymic = parts[2] if parts else cells.text("patronymic")
        sex = cells.check("gender", lambda: gender(cells.raw("gender"), patronymic))
        if sex == "" and parts is not None:
            cells.refuse("gender", "Не указан пол: напишите «м» или «ж».")
        born = cells.check("birth_date", lambda: a_date(cells.raw("birth_date"),
                                                        "Дата рождения"))
        fields: dict[str, Any] = {}
        if parts is not None:
            fields.update(surname=parts[0], name=parts[1], patronymic=parts[2])
        if sex:
            fields["gender"] = sex
        if born is not None:
            cleaned = cells.check("birth_date", lambda: clean_student(
                self.session, self.actor, {"birth_date": born}, None))
            if cleaned is not None:
                fields["birth_date"] = born
        file_no = optional_text(cells, "personal_file_no", "Номер личного дела", 40)
        if file_no:
            fields["personal_file_no"] = file_no
        for key in _PERSON_FIELDS:
            if cells.text(key):
                value = cells.check(key, self._clean, key, cells.text(key))
                if value is not None and value != "":
                    fields[key] = value
        start = cells.check("start_date", lambda: a_date(cells.raw("start_date"),
                                                         "Дата зачисления"))
        if start is not None:
            cells.check("start_date", lambda: v.date_within(
                start, structure.year_start, structure.year_end, label="Дата зачисления",
                where=f"учебного года {structure.year_name}"))
        order = optional_text(cells, "start_order", "Приказ о зачислении", v.ORDER_MAX_LENGTH)
        groups: list[GroupKey] | None = None
        if class_key is not None and cells.text("groups"):
            groups = []
            for group_name in split_list(cells.raw("groups")):
                wanted = cells.check("groups", structure.want_group, class_key, group_name)
                if wanted is not None:
                    groups.append(wanted)
        if cells.problems or class_key is None:
            return None, who
        structure.want_class(class_key)
        return _Row(cells.row.number, fields, class_key, groups, start or date.min,
                    order or ""), who

    def _match(self, row: _Row, cells: RowCells, taken: dict[uuid.UUID, int]) -> None:
        f = row.fields
        key = name_key(f["surname"], f["name"], f["patronymic"])
        known: _Known | None = None
        file_no = f.get("personal_file_no")
        if file_no and file_no in self.by_file_no:
            known = self.by_file_no[file_no]
        else:
            if "birth_date" in f:
                candidates = self.by_name_birth.get((key, f["birth_date"]), [])
            else:
                class_id = self.structure.classes.get(row.class_key)
                candidates = [k for k in self.by_name.get(key, [])
                              if k.enrolment is not None and k.enrolment[1] == class_id]
            if len(candidates) > 1:
                cells.refuse("surname" if cells.has("surname") else "full_name",
                             "В школе несколько учеников с таким ФИО"
                             + (" и датой рождения" if "birth_date" in f else " в этом классе")
                             + ": укажите № личного дела.")
                return
            known = candidates[0] if candidates else None
            if known is not None and file_no and known.fields["personal_file_no"] not in (
                "", file_no
            ):
                known = None  # a namesake born the same day, with another file
        if known is not None:
            if known.id in taken:
                cells.refuse("surname" if cells.has("surname") else "full_name",
                             f"Этот ученик уже есть в строке {taken[known.id]}.")
                return
            taken[known.id] = row.number
        row.known = known

    def _compare(self, row: _Row, cells: RowCells) -> list[str]:
        """What changes for a known student (fills row.changes/move/groups)."""
        known = row.known
        structure = self.structure
        assert known is not None
        stored = known.fields
        wanted = dict(row.fields)
        for key in ("surname", "name", "patronymic"):
            wanted[key] = better_name(stored[key], wanted[key])
        row.changes = changed_fields(stored, wanted)
        described = [FIELD_TITLES[k] for k in row.changes]
        class_id = structure.classes.get(row.class_key)
        current = known.enrolment
        in_class_since: date
        if current is not None and current[1] == class_id:
            in_class_since = current[2]
        else:
            title = class_title(*row.class_key)
            if current is None:
                row.move = "enrol"
                if row.start_date == date.min:
                    row.start_date = (structure.year_start if known.last_end is None
                                      else structure.within_year(self.today))
                if known.last_end is not None and row.start_date <= known.last_end:
                    cells.refuse("start_date" if cells.has("start_date") else "class",
                                 f"Ученик выбыл {v.ru_date(known.last_end)}: дата "
                                 "зачисления должна быть позже.")
                described.append(f"зачисление в {title}")
            else:
                row.move = "transfer"
                if row.start_date == date.min:
                    row.start_date = structure.within_year(self.today)
                if row.start_date <= current[2]:
                    cells.refuse("start_date" if cells.has("start_date") else "class",
                                 f"Перевод в {title}: дата зачисления должна быть позже "
                                 f"{v.ru_date(current[2])} (зачисления в нынешний класс).")
                old = structure.class_keys.get(current[1])
                before = class_title(*old) if old else "другого класса"
                described.append(f"перевод из {before} в {title}")
            in_class_since = row.start_date
        if row.groups is not None:
            class_groups = {
                gid for key, (gid, _) in structure.groups.items()
                if (key[0], key[1]) == row.class_key
            }
            current_groups = (
                {} if row.move else {g: s for g, s in known.groups.items() if g in class_groups}
            )
            wanted_ids = {structure.groups[g][0] for g in row.groups if g in structure.groups}
            row.add_groups = [
                g for g in row.groups
                if g not in structure.groups or structure.groups[g][0] not in current_groups
            ]
            row.end_groups = [g for g in current_groups if g not in wanted_ids]
            if row.add_groups or row.end_groups:
                described.append("группы")
        if not row.move:
            row.start_date = in_class_since
        return described

    def plan(self, report: Progress) -> Plan:
        plan = Plan()
        taken: dict[uuid.UUID, int] = {}
        file_nos: dict[str, int] = {}
        names: dict[tuple[str, date | None], int] = {}
        rows = self.table.rows
        for index, source in enumerate(rows):
            every(len(rows), report, "Проверка строк", index, 0.1, 0.6)
            cells = RowCells(self.table, source)
            row, who = self._read(cells)
            if row is None:
                plan.outcomes.append(cells.error(who))
                continue
            f = row.fields
            file_no = f.get("personal_file_no")
            if file_no:
                if file_no in file_nos:
                    cells.refuse("personal_file_no", f"Личное дело № {file_no} уже указано в "
                                 f"строке {file_nos[file_no]}.")
                file_nos.setdefault(file_no, row.number)
            same = (name_key(f["surname"], f["name"], f["patronymic"]), f.get("birth_date"))
            if not file_no and same in names:
                cells.refuse("surname" if cells.has("surname") else "full_name",
                             f"Этот ученик уже есть в строке {names[same]}.")
            names.setdefault(same, row.number)
            if not cells.problems:
                self._match(row, cells, taken)
            described: list[str] = []
            if not cells.problems and row.known is not None:
                described = self._compare(row, cells)
            if cells.problems:
                plan.outcomes.append(cells.error(who))
                continue
            self.rows.append(row)
            if row.known is None:
                groups = "; ".join(self.structure.group_name(g) for g in row.groups or ())
                plan.outcomes.append(RowOutcome(row.number, Status.NEW, who,
                                                f"группы: {groups}" if groups else ""))
            elif described:
                plan.outcomes.append(RowOutcome(row.number, Status.UPDATED, who,
                                                ", ".join(described)))
            else:
                plan.outcomes.append(RowOutcome(row.number, Status.UNCHANGED, who, ""))
        plan.created = self.structure.created()
        plan.write = self.write
        return plan

    # --- writing ---------------------------------------------------------------------------------

    def write(self, session: Session, actor: Actor, report: Progress) -> None:
        structure = self.structure
        report("Классы и группы", 0.7)
        structure.write_new(session, actor)
        students: list[dict[str, Any]] = []
        enrolments: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        for index, row in enumerate(self.rows):
            every(len(self.rows), report, "Запись учеников", index, 0.72, 0.2)
            class_id = structure.class_id(row.class_key)
            order = row.start_order or IMPORT_ORDER
            if row.known is None:
                student_id = new_id()
                students.append({"id": student_id, **row.fields})
                start = row.start_date if row.start_date != date.min else structure.year_start
                enrolments.append({"student_id": student_id, "class_id": class_id,
                                   "start_date": start, "start_order": order})
                for group_key in row.groups or ():
                    members.append({"group_id": structure.group_id(group_key),
                                    "student_id": student_id, "start_date": start})
                continue
            student_id = row.known.id
            if row.changes:
                update_student(session, actor, student_id, **row.changes)
            if row.move == "enrol":
                enrol_student(session, actor, student_id, class_id, row.start_date, order)
            elif row.move == "transfer":
                transfer_student(session, actor, student_id, class_id,
                                 row.start_date - timedelta(days=1), order)
            since = max(row.start_date, min(self.today, structure.year_end))
            if row.move:
                since = row.start_date
            for group_id in row.end_groups:
                started = row.known.groups[group_id]
                remove_group_member(session, actor, group_id, student_id,
                                    max(started, since - timedelta(days=1)))
            for group_key in row.add_groups:
                add_group_member(session, actor, structure.group_id(group_key),
                                 student_id, since)
        report("Запись учеников", 0.92)
        bulk_insert_logged(session, actor, Student, students)
        bulk_insert_logged(session, actor, Enrolment, enrolments)
        bulk_insert_logged(session, actor, GroupMember, members)
        session.expire_all()


def plan_students(session: Session, actor: Actor, table: Table, report: Progress) -> Plan:
    return StudentsImport(session, actor, table).plan(report)

