"""Digests of a computer's synchronised state and of its conflicts: after every
computer has applied the same ops they must be equal (Anki's post-sync check)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Column, Float, Table, select
from sqlalchemy.orm import Session

from database.changelog import canonical_json
from database.ids import UuidBlob
from database.models import SYNCED_TABLES, SyncConflict, SyncRefused


def _normaliser(column: Column[Any]) -> Callable[[Any], Any] | None:
    """Stored values that may spell one value two ways (a float 1.0 or 1, a JSON
    document's key order) or that are digested in an older spelling (a UUID's 16
    bytes as its hex text); everything else is compared as
    SQLite stores it, which is the same on every computer (all writes go through the
    same column types)."""
    kind = column.type
    if isinstance(kind, UuidBlob):
        # As the 32 hex digits it was digested as while ids were stored as text, so a
        # digest does not depend on which storage the computer has.
        return lambda v: v.hex() if isinstance(v, bytes) else v
    if isinstance(kind, Float):
        return lambda v: int(v) if isinstance(v, float) and v.is_integer() else v
    if isinstance(kind, JSON):
        # Stored as text, which SQLite's NUMERIC affinity turns into a number when it is one.
        return lambda v: canonical_json({"v": json.loads(v) if isinstance(v, str) else v})
    return None


def state_digest(session: Session, tables: list[str] | None = None) -> str:
    """SHA-256 over every synchronised row, table by table in id order. Reads the
    stored values directly (no ORM types: this runs over the whole school)."""
    digest = hashlib.sha256()
    # The driver's own cursor: SQLAlchemy's result adds a call per row.
    driver: Any = session.connection().connection.driver_connection
    for name in sorted(tables or SYNCED_TABLES):
        table: Table = SYNCED_TABLES[name].__table__  # type: ignore[assignment]
        columns = [table.c[c] for c in sorted(table.columns.keys())]
        fixes = [(i, f) for i, c in enumerate(columns) if (f := _normaliser(c)) is not None]
        names = ", ".join(f'"{c.name}"' for c in columns)
        digest.update(name.encode())
        cursor = driver.execute(f'SELECT {names} FROM "{name}" ORDER BY id')
        for row in cursor:
            values = list(row)
            for index, fix in fixes:
                values[index] = fix(values[index])
            digest.update(repr(values).encode("utf-8"))
    return digest.hexdigest()


def conflict_set(session: Session) -> set[tuple[str, str, str, str, str]]:
    return {
        (c.table_name, c.record_id, c.field, c.winner_op, c.loser_op)
        for c in session.execute(select(SyncConflict)).scalars()
    }


def refused_ops(session: Session) -> set[str]:
    return set(session.execute(select(SyncRefused.op_id)).scalars())
