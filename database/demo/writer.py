"""Bulk rows with their change-log entries, fast enough for a school year.

Rows are plain dicts holding *every* column (the id included), inserted with
SQLAlchemy Core ``executemany`` in chunks; each one gets one ``upsert`` change-log
row whose fields are the row's columns except ``id`` — exactly what
``changelog.save`` would log for a new object — through a single
``ChangeLogWriter``, so ``verify_chain`` passes and a sync could replay the demo.

Buffers are flushed in the metadata's dependency order (parents before children),
so the database's foreign keys hold at every statement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from database.changelog import UPSERT, ChangeLogWriter
from database.models import Base, Synced

Row = dict[str, Any]


def column_keys(model: type[Synced]) -> tuple[str, ...]:
    return tuple(attr.key for attr in inspect(model).column_attrs)


class BulkWriter:
    def __init__(
        self,
        session: Session,
        writer: ChangeLogWriter,
        chunk_size: int = 5000,
        on_flush: Callable[[int], None] | None = None,
    ) -> None:
        self.session = session
        self.log = writer
        self.chunk_size = chunk_size
        self.on_flush = on_flush
        self._order = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}
        self._buffers: dict[str, list[Row]] = {}
        self._models: dict[str, type[Synced]] = {}
        self._columns: dict[str, frozenset[str]] = {}
        self._tables = Base.metadata.tables
        self.counts: dict[str, int] = {}
        self.rows_written = 0

    def add(self, model: type[Synced], row: Row) -> None:
        table = model.__tablename__
        buffer = self._buffers.get(table)
        if buffer is None:
            buffer = self._buffers[table] = []
            self._models[table] = model
            self._columns[table] = frozenset(column_keys(model))
        buffer.append(row)
        if len(buffer) >= self.chunk_size:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row, parents first, and their log rows."""
        for table in sorted(self._buffers, key=self._order.__getitem__):
            rows = self._buffers[table]
            if not rows:
                continue
            self._write(self._models[table], rows)
            self._buffers[table] = []
        self.log.flush()
        if self.on_flush is not None:
            self.on_flush(self.rows_written)

    def _write(self, model: type[Synced], rows: list[Row]) -> None:
        table = model.__tablename__
        expected = self._columns[table]
        for row in rows:
            if row.keys() != expected:
                missing = sorted(expected - row.keys())
                extra = sorted(row.keys() - expected)
                raise ValueError(f"{table}: row columns differ (missing {missing}, extra {extra})")
        # Core insert into the table (not the ORM's bulk path): rows are complete.
        self.session.connection().execute(insert(self._tables[table]), rows)
        append = self.log.append
        for row in rows:
            fields = dict(row)
            record_id = fields.pop("id")
            append(
                author_id=None,
                table_name=table,
                record_id=record_id,
                operation=UPSERT,
                fields=fields,
                parent_op=None,
                reason=None,
            )
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        self.rows_written += len(rows)
