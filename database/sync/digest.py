"""Digests of a computer's synchronised state and of its conflicts: after every
computer has applied the same ops they must be equal (Anki's post-sync check)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from database.changelog import canonical_json
from database.models import SYNCED_TABLES, SyncConflict, SyncRefused


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def state_digest(session: Session, tables: list[str] | None = None) -> str:
    digest = hashlib.sha256()
    for name in sorted(tables or SYNCED_TABLES):
        table: Table = SYNCED_TABLES[name].__table__  # type: ignore[assignment]
        columns = sorted(table.columns.keys())
        digest.update(name.encode())
        for row in session.execute(select(table).order_by(table.c.id)).mappings():
            digest.update(
                canonical_json({c: _plain(row[c]) for c in columns}).encode("utf-8")
            )
    return digest.hexdigest()


def conflict_set(session: Session) -> set[tuple[str, str, str, str, str]]:
    return {
        (c.table_name, c.record_id, c.field, c.winner_op, c.loser_op)
        for c in session.execute(select(SyncConflict)).scalars()
    }


def refused_ops(session: Session) -> set[str]:
    return set(session.execute(select(SyncRefused.op_id)).scalars())
