"""Helpers for the structure-service tests (no tests here).

- ``new_log_rows``: the change-log rows appended since a mark, with fields decoded.
- ``unchanged``: a refused action must leave every table (and the change log) as it
  was and nothing pending in the session.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import verify_chain
from database.models import SYNCED_TABLES, ChangeLog


@dataclass(frozen=True)
class LogRow:
    table_name: str
    record_id: uuid.UUID
    operation: str
    fields: dict[str, Any]
    author_id: str | None
    parent_op: str | None
    reason: str | None


def log_mark(session: Session) -> int:
    """The change log's current end (pass it to ``new_log_rows`` later)."""
    session.flush()
    return int(session.execute(select(func.coalesce(func.max(ChangeLog.seq), 0))).scalar_one())


def new_log_rows(session: Session, mark: int, table: str | None = None) -> list[LogRow]:
    session.flush()
    query = select(ChangeLog).where(ChangeLog.seq > mark).order_by(ChangeLog.seq)
    if table is not None:
        query = query.where(ChangeLog.table_name == table)
    return [
        LogRow(
            table_name=row.table_name,
            record_id=uuid.UUID(row.record_id),
            operation=row.operation,
            fields=json.loads(row.fields),
            author_id=row.author_id,
            parent_op=row.parent_op,
            reason=row.reason,
        )
        for row in session.execute(query).scalars()
    ]


def table_counts(session: Session) -> dict[str, int]:
    counts = {
        name: session.execute(select(func.count()).select_from(model)).scalar_one()
        for name, model in SYNCED_TABLES.items()
    }
    counts["change_log"] = session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
    return counts


@contextmanager
def unchanged(session: Session) -> Iterator[None]:
    """Assert that the block changes nothing in the database (nor leaves pending
    ORM changes that a later commit would write)."""
    before = table_counts(session)
    yield
    assert not session.new and not session.dirty and not session.deleted
    assert table_counts(session) == before


def assert_logged_by(rows: list[LogRow], actor: Actor) -> None:
    expected = None if actor.account_id is None else str(actor.account_id)
    assert all(row.author_id == expected for row in rows)


def assert_chain_ok(session: Session) -> None:
    session.flush()
    report = verify_chain(session)
    assert report.ok, report.problem
