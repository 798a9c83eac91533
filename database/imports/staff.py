"""Staff: a row is the staff member the school has with the same full name (case,
«ё» and spaces aside); a known one who had left is marked as working again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import display_names
from database.actor import Actor
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
from database.imports.table import Progress, Table
from database.imports.values import gender
from database.models import Staff
from database.services.people import add_staff, reactivate_staff, update_staff

_NAMES = ("surname", "name", "patronymic")


@dataclass
class _Change:
    staff_id: uuid.UUID | None  # None: a new staff member
    fields: dict[str, Any]
    reactivate: bool = False


def plan_staff(session: Session, actor: Actor, table: Table, report: Progress) -> Plan:
    known: dict[str, list[tuple[uuid.UUID, dict[str, Any], bool]]] = {}
    for sid, surname, name, patronymic, stored_gender, stored_position, active in session.execute(
        select(Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.gender,
               Staff.position, Staff.active)
    ):
        stored = {"surname": surname, "name": name, "patronymic": patronymic,
                  "gender": stored_gender, "position": stored_position}
        known.setdefault(name_key(surname, name, patronymic), []).append((sid, stored, active))
    plan = Plan()
    changes: list[_Change] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(table.rows):
        every(len(table.rows), report, "Проверка строк", index, 0.1, 0.6)
        cells = RowCells(table, row)
        parts = read_name(cells)
        who = display_names.full_name(*parts) if parts else cells.text("full_name") or " ".join(
            cells.text(k) for k in _NAMES if cells.text(k))
        if parts is None:
            plan.outcomes.append(cells.error(who))
            continue
        fields: dict[str, Any] = dict(zip(_NAMES, parts, strict=True))
        sex = cells.check("gender", gender, cells.raw("gender"), parts[2])
        if sex:
            fields["gender"] = sex
        position = optional_text(cells, "position", "Должность", 200)
        if position:
            fields["position"] = position
        key = name_key(*parts)
        name_cell = "surname" if cells.has("surname") else "full_name"
        if key in seen:
            cells.refuse(name_cell, f"Этот сотрудник уже есть в строке {seen[key]}.")
        seen.setdefault(key, row.number)
        matches = known.get(key, [])
        if len(matches) > 1:
            cells.refuse(name_cell, "В школе несколько сотрудников с таким ФИО: измените их "
                         "в списке сотрудников вручную.")
        if cells.problems:
            plan.outcomes.append(cells.error(who))
            continue
        if not matches:
            changes.append(_Change(None, fields))
            plan.outcomes.append(RowOutcome(row.number, Status.NEW, who, position or ""))
            continue
        staff_id, known_fields, active = matches[0]
        wanted = dict(fields)
        for k in _NAMES:
            wanted[k] = better_name(known_fields[k], wanted[k])
        diff = changed_fields(known_fields, wanted)
        described = [FIELD_TITLES[k] for k in diff]
        if not active:
            described.append("снова работает в школе")
        if diff or not active:
            changes.append(_Change(staff_id, diff, reactivate=not active))
            plan.outcomes.append(RowOutcome(row.number, Status.UPDATED, who,
                                            ", ".join(described)))
        else:
            plan.outcomes.append(RowOutcome(row.number, Status.UNCHANGED, who, ""))

    def write(session: Session, actor: Actor, report: Progress) -> None:
        for index, change in enumerate(changes):
            every(len(changes), report, "Запись сотрудников", index, 0.75, 0.2)
            if change.staff_id is None:
                f = change.fields
                add_staff(session, actor, f["surname"], f["name"], f["patronymic"],
                          gender=f.get("gender", ""), position=f.get("position", ""))
                continue
            if change.fields:
                update_staff(session, actor, change.staff_id, **change.fields)
            if change.reactivate:
                reactivate_staff(session, actor, change.staff_id)

    plan.write = write
    return plan
