"""Changes refused by the permission rules, in words, for the administration.

Each remote op is checked again on every computer against its author's rights
(:mod:`database.sync.rules`); a refused op stays in the change log (for its chain)
and in ``sync_refused``, never applied. Every computer that applied the segment made
the same decision, so the list reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import DELETE
from database.models import SyncRefused
from database.permissions import require_admin
from database.queries.sync_conflicts import MAIN_FIELD
from database.queries.sync_places import (
    TABLE_TITLES,
    Names,
    Place,
    field_title,
    op_facts,
    place_of,
    record_fields,
    value_text,
)

# Fields that only say where a record belongs: told by its place, not repeated.
_PLACE_FIELDS = frozenset({
    "lesson_id", "student_id", "assignment_id", "subject_id", "year_id", "period_id",
    "entered_by", "entered_at", "late", "position", "homework_entered_at", "homework_late",
})


@dataclass(frozen=True)
class RefusedItem:
    op_id: str
    author: str
    computer: str
    at: datetime | None
    table: str
    what: str  # «оценка: 2», «тема урока: Дроби», «удаление: оценка»
    reason: str  # Russian, from the rules
    place: Place


def _what(table: str, operation: str, fields: dict[str, object]) -> str:
    title = TABLE_TITLES.get(table, table)
    if operation == DELETE:
        return f"удаление: {title}"
    main = MAIN_FIELD.get(table)
    if main is not None and main in fields:
        return f"{title}: {value_text(fields[main])}"
    parts = [f"{field_title(k)}: {value_text(v)}" for k, v in sorted(fields.items())
             if k not in _PLACE_FIELDS]
    return f"{title} — {'; '.join(parts)}" if parts else title


def list_refused(session: Session, actor: Actor) -> list[RefusedItem]:
    """Every refused op, newest first (administration only)."""
    require_admin(actor, "просмотр отклонённых изменений")
    rows = list(session.execute(select(SyncRefused)).scalars())
    if not rows:
        return []
    names = Names(session)
    ops = op_facts(session, names, {r.op_id for r in rows})
    items: list[RefusedItem] = []
    for row in rows:
        op = ops.get(row.op_id)
        fields = dict(op.fields) if op is not None else {}
        located = {**(record_fields(session, row.table_name, row.record_id) or {}), **fields}
        items.append(RefusedItem(
            op_id=row.op_id,
            author=op.author if op is not None else names.author(row.author_id),
            computer=op.computer if op is not None else names.computer(row.device_id),
            at=op.at if op is not None else None,
            table=row.table_name,
            what=_what(row.table_name, op.operation if op else "", fields),
            reason=row.reason,
            place=place_of(session, row.table_name, row.record_id, located),
        ))
    items.sort(key=lambda i: (i.at or datetime.min, i.op_id), reverse=True)
    return items

