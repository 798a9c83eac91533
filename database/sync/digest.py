"""Digests of a computer's synchronised state and of its conflicts: after every
computer has applied the same ops they must be equal (Anki's post-sync check).

The state digest reads every synchronised row (about 3 s on the ``school`` demo).
:func:`digest_steps` computes it in steps of a given length of CPU, so the GUI can
run it on the database worker between the user's saves; over one read snapshot
(:func:`database.sync.divergence.frontier_digest`) the value is the same as in one
go, whatever is committed meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Generator
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


# Rows read from the driver at a time: between two reads the step's time is looked at.
_BATCH = 500


def state_digest(session: Session, tables: list[str] | None = None) -> str:
    """SHA-256 over every synchronised row, table by table in id order. Reads the
    stored values directly (no ORM types: this runs over the whole school)."""
    # The driver's own cursor: SQLAlchemy's result adds a call per row.
    steps = digest_steps(session.connection().connection.driver_connection, tables)
    try:
        while True:
            next(steps)
    except StopIteration as finished:
        return str(finished.value)


def digest_steps(
    driver: Any, tables: list[str] | None = None,
    step_s: Callable[[], float | None] | None = None,
) -> Generator[None, None, str]:
    """:func:`state_digest` over the DBAPI connection ``driver``, yielding each time
    about ``step_s()`` seconds of this thread's CPU went into it (never, with no
    ``step_s`` or when it says None); returns the digest. The caller keeps one read
    transaction open over all the steps, or the rows read are of several states."""
    digest = hashlib.sha256()
    began = time.thread_time()
    for name in sorted(tables or SYNCED_TABLES):
        table: Table = SYNCED_TABLES[name].__table__  # type: ignore[assignment]
        columns = [table.c[c] for c in sorted(table.columns.keys())]
        fixes = [(i, f) for i, c in enumerate(columns) if (f := _normaliser(c)) is not None]
        names = ", ".join(f'"{c.name}"' for c in columns)
        digest.update(name.encode())
        cursor = driver.execute(f'SELECT {names} FROM "{name}" ORDER BY id')
        while rows := cursor.fetchmany(_BATCH):
            for row in rows:
                values = list(row)
                for index, fix in fixes:
                    values[index] = fix(values[index])
                digest.update(repr(values).encode("utf-8"))
            budget = None if step_s is None else step_s()
            if budget is not None and time.thread_time() - began >= budget:
                yield
                began = time.thread_time()
    return digest.hexdigest()


def conflict_set(session: Session) -> set[tuple[str, str, str, str, str]]:
    return {
        (c.table_name, c.record_id, c.field, c.winner_op, c.loser_op)
        for c in session.execute(select(SyncConflict)).scalars()
    }


def refused_ops(session: Session) -> set[str]:
    return set(session.execute(select(SyncRefused.op_id)).scalars())
