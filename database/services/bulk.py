"""Insert (or update) many rows fast and log each one exactly as ``changelog.save``
would.

``changelog.save`` flushes one ORM object and appends one log row at a time, which
is right for a user's edit and far too slow for a school year of lessons (tens of
thousands of rows). :func:`bulk_insert_logged` builds plain rows, inserts them with
SQLAlchemy Core ``executemany`` and logs them through one ``ChangeLogWriter``, so the
chain head is read once and written once per chunk.

The logged fields equal those ``save`` logs for a new object: every column except
``id``, column defaults applied. :func:`bulk_update_logged` is the same for changes
of existing rows: the changed fields, each op's parent the record's last op. No
permission check here: the calling service has already made it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Column, Table, bindparam, insert, inspect, select, update
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import UPSERT, ChangeLogWriter, batch_reason
from database.ids import new_id
from database.models import ChangeLog, Synced

CHUNK_SIZE = 5000


def _columns(model: type[Synced]) -> list[tuple[str, Column[Any]]]:
    """(attribute key, column) for every mapped column of ``model``."""
    mapper = inspect(model)
    result: list[tuple[str, Column[Any]]] = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        assert isinstance(column, Column)
        result.append((attr.key, column))
    return result


def _default(column: Column[Any]) -> Any:
    """The value the ORM would insert for a column left unset."""
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    if default.is_callable:
        return default.arg(None)  # type: ignore[attr-defined]
    raise ValueError(f"column {column.name} has a default bulk_insert_logged cannot compute")


def complete_rows(model: type[Synced], rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows with an id and every column filled in (defaults for the missing ones)."""
    columns = _columns(model)
    known = {key for key, _ in columns}
    # Scalar defaults are computed once; callable ones (the id) per row.
    template: dict[str, Any] = {}
    per_row: dict[str, Column[Any]] = {}
    required: set[str] = set()
    for key, column in columns:
        if key == "id" or (column.default is not None and not column.default.is_scalar):
            per_row[key] = column
        elif column.default is not None:
            template[key] = _default(column)
        elif column.nullable:
            template[key] = None
        else:
            required.add(key)
    order = [key for key, _ in columns]
    complete: list[dict[str, Any]] = []
    for row in rows:
        unknown = row.keys() - known
        if unknown:
            raise ValueError(f"{model.__tablename__} has no columns {sorted(unknown)}")
        missing = required - row.keys()
        if missing:
            raise ValueError(f"{model.__tablename__}.{sorted(missing)[0]} is required")
        full = {**template, **row}
        for key, column in per_row.items():
            if key not in row:
                full[key] = new_id() if key == "id" else _default(column)
        complete.append({key: full[key] for key in order})
    return complete


def bulk_insert_logged(
    session: Session,
    actor: Actor,
    model: type[Synced],
    rows: Iterable[Mapping[str, Any]],
    *,
    reason: str | None = None,
) -> list[uuid.UUID]:
    """Insert new ``model`` rows and append one change-log row each, in the caller's
    transaction. Returns the new ids in the order of ``rows``."""
    full_rows = complete_rows(model, rows)
    if not full_rows:
        return []
    table = model.__tablename__
    reason = batch_reason(session, reason)
    # Core insert into the table (no ORM bookkeeping per row); keys by column name.
    renames = {key: column.key for key, column in _columns(model) if key != column.key}
    target = model.__table__
    assert isinstance(target, Table)
    # Flush pending ORM work first: it takes SQLite's write lock before the chain
    # head is read (as ``changelog.save`` does), and keeps the insert order honest.
    session.flush()
    writer = ChangeLogWriter(session, actor.device_id)
    ids: list[uuid.UUID] = []
    for start in range(0, len(full_rows), CHUNK_SIZE):
        chunk = full_rows[start : start + CHUNK_SIZE]
        if renames:
            values = [{renames.get(k, k): value for k, value in row.items()} for row in chunk]
        else:
            values = chunk
        session.execute(insert(target), values)
        for row in chunk:
            record_id = row["id"]
            ids.append(record_id)
            writer.append(
                author_id=actor.account_id,
                table_name=table,
                record_id=record_id,
                operation=UPSERT,
                fields={key: value for key, value in row.items() if key != "id"},
                parent_op=None,
                reason=reason,
            )
        writer.flush()
    return ids


def _last_ops(session: Session, table: str, record_ids: list[uuid.UUID]) -> dict[str, str]:
    """Record id (text) → the op that last changed it (the parent of its next op)."""
    last: dict[str, str] = {}
    keys = [str(record_id) for record_id in record_ids]
    for start in range(0, len(keys), 500):
        for record_id, op_id in session.execute(
            select(ChangeLog.record_id, ChangeLog.op_id)
            .where(ChangeLog.table_name == table,
                   ChangeLog.record_id.in_(keys[start:start + 500]))
            .order_by(ChangeLog.seq)
        ):
            last[record_id] = op_id  # ordered by seq: the last one stays
    return last


def bulk_update_logged(
    session: Session,
    actor: Actor,
    model: type[Synced],
    fields: Mapping[str, Any],
    record_ids: Iterable[uuid.UUID],
    *,
    reason: str | None = None,
) -> int:
    """Set the same ``fields`` on every row of ``record_ids`` (rows that already hold
    those values are the caller's to leave out) and append one change-log row each,
    in the caller's transaction. Returns how many rows were changed. The session's
    loaded objects of those rows are not refreshed: call it before loading them."""
    ids = sorted(set(record_ids))
    if not ids:
        return 0
    table = model.__tablename__
    reason = batch_reason(session, reason)
    target = model.__table__
    assert isinstance(target, Table)
    columns = dict(_columns(model))
    values = {columns[key].name: value for key, value in fields.items()}
    session.flush()
    writer = ChangeLogWriter(session, actor.device_id)
    parents = _last_ops(session, table, ids)
    statement = update(target).where(target.c.id == bindparam("record_id")).values(values)
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start:start + CHUNK_SIZE]
        session.execute(statement, [{"record_id": record_id} for record_id in chunk])
        for record_id in chunk:
            writer.append(
                author_id=actor.account_id, table_name=table, record_id=record_id,
                operation=UPSERT, fields=dict(fields), parent_op=parents.get(str(record_id)),
                reason=reason,
            )
        writer.flush()
    return len(ids)
