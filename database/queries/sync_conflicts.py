"""Open sync conflicts in words: the administration's list and the journal cell's
marker.

A conflict row (``sync_conflict``, written by :mod:`database.sync.apply`) is one
field of one record where a value lost. The rows of one losing op on one record
make one *disagreement* (:class:`ConflictItem`): two computers' versions of a mark,
a lesson's topic, a cell one computer cleared while the other changed it, or a cell
filled on both (a duplicate of a unique key, kept as a record of its own). It is
described with both sides — the value shown now and the other one, each with its
author, computer and time — and where it is (class, subject, lesson, student).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import DELETE
from database.models import Attendance, Mark, SyncConflict
from database.permissions import require_admin
from database.queries.sync_places import (
    Names,
    OpFacts,
    Place,
    field_title,
    op_facts,
    place_of,
    record_fields,
    value_text,
)

JOURNAL_CELL_TABLES: Final = ("mark", "attendance")

# The field of a record that says what it is (shown without its title).
MAIN_FIELD: Final[dict[str, str]] = {
    "mark": "value", "attendance": "code", "period_mark": "value",
}


@dataclass(frozen=True)
class ConflictKey:
    """One disagreement: the conflict rows of one losing op on one record."""

    table: str
    record_id: str
    loser_op: str


@dataclass(frozen=True)
class Side:
    op_id: str
    text: str  # the value as shown: «5», «н», «Дроби», «запись удалена»
    author: str
    computer: str
    at: datetime | None


@dataclass(frozen=True)
class ConflictItem:
    key: ConflictKey
    kind: str  # "field" | "delete" (a delete raced a change) | "unique" (filled twice)
    table: str
    fields: tuple[str, ...]  # the conflicted fields ("*" or "unique" for those kinds)
    what: str  # «оценка», «тема урока», «запись целиком»
    shown: Side  # the value every computer shows now
    other: Side  # the value that lost, kept
    place: Place

    @property
    def id_text(self) -> str:
        return f"{self.key.table}:{self.key.record_id}:{self.key.loser_op}"


def _text(table: str, fields: Collection[str], values: dict[str, Any] | None) -> str:
    if values is None:
        return "запись удалена"
    main = MAIN_FIELD.get(table)
    if len(fields) == 1:  # what it is, «тема урока», is told beside the value
        return value_text(values.get(next(iter(fields))))
    parts = []
    for name in fields:
        shown = value_text(values.get(name))
        parts.append(shown if name == main else f"{field_title(name)}: {shown}")
    return "; ".join(parts)


def _describe(
    session: Session, key: ConflictKey, rows: list[SyncConflict], ops: dict[str, OpFacts],
) -> ConflictItem:
    table, record = key.table, key.record_id
    first = rows[0]
    winner = ops.get(first.winner_op)
    loser = ops.get(key.loser_op)
    current = record_fields(session, table, record)
    if first.field == "unique":
        kind = "unique"
        other_values = json.loads(first.loser_value)
        # The record that holds the key is the winner's; what it shows is its row now.
        held = record_fields(session, table, winner.record_id) if winner else None
        main = MAIN_FIELD.get(table)
        shown_fields = [main] if main else sorted(
            k for k in other_values if not k.endswith("_id"))
        shown_text = _text(table, shown_fields, held)
        other_text = _text(table, shown_fields, other_values)
        fields: tuple[str, ...] = ("unique",)
        place_fields = other_values
        what = field_title(main) if main else field_title("unique")
    elif first.field == "*":
        kind = "delete"
        fields = ("*",)
        loser_deleted = loser is not None and loser.operation == DELETE
        main = MAIN_FIELD.get(table)
        shown_fields = [main] if main else sorted((current or {}).keys() - {"id"})
        if loser_deleted:  # the change won over a delete: the record is there
            shown_text = _text(table, shown_fields, current)
            other_text = "запись удалена"
        else:  # the delete won: the change is kept here
            other_values = json.loads(first.loser_value)
            merged = {**(current or {}), **other_values}
            shown_text = "запись удалена"
            other_text = _text(table, [main] if main else sorted(other_values), merged)
        place_fields = current
        what = field_title(main) if main else field_title("*")
    else:
        kind = "field"
        fields = tuple(sorted(r.field for r in rows))
        other_values = {r.field: json.loads(r.loser_value) for r in rows}
        shown_text = _text(table, fields, current)
        other_text = _text(table, fields, other_values)
        place_fields = current
        what = ", ".join(field_title(f) for f in fields)

    def side(op: OpFacts | None, op_id: str, text: str) -> Side:
        if op is None:
            return Side(op_id, text, "", "", None)
        return Side(op_id, text, op.author, op.computer, op.at)

    return ConflictItem(
        key=key, kind=kind, table=table, fields=fields, what=what,
        shown=side(winner, first.winner_op, shown_text),
        other=side(loser, key.loser_op, other_text),
        place=place_of(session, table, record, place_fields),
    )


def _grouped(rows: list[SyncConflict]) -> dict[ConflictKey, list[SyncConflict]]:
    groups: dict[ConflictKey, list[SyncConflict]] = {}
    for row in rows:
        groups.setdefault(ConflictKey(row.table_name, row.record_id, row.loser_op), []).append(
            row)
    return groups


def _items(session: Session, rows: list[SyncConflict]) -> list[ConflictItem]:
    groups = _grouped(rows)
    if not groups:
        return []
    names = Names(session)
    ops = op_facts(session, names, {r.winner_op for r in rows} | {r.loser_op for r in rows})
    items = [_describe(session, key, group, ops) for key, group in groups.items()]
    items.sort(key=lambda i: (
        i.place.class_name, i.place.subject_name, i.place.lesson_date or datetime.min.date(),
        i.place.lesson_number or 0, i.place.student_name, i.id_text))
    return items


def list_conflicts(session: Session, actor: Actor) -> list[ConflictItem]:
    """Every open conflict of the school (administration only)."""
    require_admin(actor, "просмотр конфликтов синхронизации")
    return _items(session, list(session.execute(select(SyncConflict)).scalars()))


def conflict_item(session: Session, key: ConflictKey) -> ConflictItem | None:
    """One disagreement, or None when it has been settled."""
    rows = list(session.execute(select(SyncConflict).where(
        SyncConflict.table_name == key.table, SyncConflict.record_id == key.record_id,
        SyncConflict.loser_op == key.loser_op)).scalars())
    items = _items(session, rows)
    return items[0] if items else None


CellKey = tuple[uuid.UUID, uuid.UUID]  # (student id, lesson id), as the journal keys cells
_CELL_LESSON: Final = {"mark": (Mark.id, Mark.lesson_id),
                       "attendance": (Attendance.id, Attendance.lesson_id)}


def _lesson_of(session: Session, row: SyncConflict) -> uuid.UUID | None:
    """The lesson of a cell's conflict row, read cheaply (so a journal describes only
    its own conflicts, however many the school has); None when only its full
    description can tell (a record a delete removed)."""
    if row.field == "unique":
        lesson = json.loads(row.loser_value).get("lesson_id")
        return uuid.UUID(str(lesson)) if lesson else None
    record, lesson_id = _CELL_LESSON[row.table_name]
    found: uuid.UUID | None = session.execute(
        select(lesson_id).where(record == uuid.UUID(row.record_id))).scalar()
    return found


def journal_cell_conflicts(
    session: Session, lesson_ids: Collection[uuid.UUID]
) -> dict[CellKey, tuple[ConflictItem, ...]]:
    """The open conflicts of the journal's cells (marks and attendance) of these
    lessons. One statement when there are none — the usual case — however big the
    journal; the caller has checked the reader may read the journal."""
    rows = list(session.execute(
        select(SyncConflict).where(SyncConflict.table_name.in_(JOURNAL_CELL_TABLES))
    ).scalars())
    if not rows:
        return {}
    wanted = set(lesson_ids)
    rows = [r for r in rows if _lesson_of(session, r) in wanted | {None}]
    cells: dict[CellKey, list[ConflictItem]] = {}
    for item in _items(session, rows):
        place = item.place
        if place.lesson_id in wanted and place.student_id is not None:
            assert place.lesson_id is not None
            cells.setdefault((place.student_id, place.lesson_id), []).append(item)
    return {key: tuple(items) for key, items in cells.items()}


def journal_lesson_conflicts(
    session: Session, lesson_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[ConflictItem, ...]]:
    """The open conflicts of these lessons' own fields (topic, homework, …), by lesson;
    one statement when the school has none."""
    rows = list(session.execute(
        select(SyncConflict).where(SyncConflict.table_name == "lesson")).scalars())
    wanted = {str(i): i for i in lesson_ids}
    rows = [r for r in rows if r.record_id in wanted]
    found: dict[uuid.UUID, list[ConflictItem]] = {}
    for item in _items(session, rows):
        found.setdefault(wanted[item.key.record_id], []).append(item)
    return {lesson: tuple(items) for lesson, items in found.items()}
