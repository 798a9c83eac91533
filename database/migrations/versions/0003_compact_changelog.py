"""The change log stored compactly.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Same rows, same values, same hashes; binary columns (see
``database.changelog_codec``): UUIDs as 16 bytes, hashes as 32, the HLC as one
integer, table and operation as small numbers, ``fields`` zstd-compressed with the
log's fixed dictionary, and ``prev_hash`` kept only where it is not the hash of the
device's previous row (a broken link stays stored, so ``verify`` still names it).

The table is rebuilt (SQLite cannot change a column's type in place): the old one
renamed, the new one created under the real name, every row converted in Python in
``device_id, device_seq`` order (to tell which links are implicit) with its ``seq``
kept, the old table dropped. The file keeps its size until it is vacuumed (the
next backup or ``VACUUM``); the pages freed are reused by new rows first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from database.changelog_codec import (
    OPERATION_CODES,
    TABLE_CODES,
    hlc_from_int,
    hlc_to_int,
    load_hash,
    load_uuid,
    pack_fields_v1,
    store_hash,
    store_uuid,
    unpack_fields,
)

revision: str = "0003"
# After 0004 (merged first into main; both were made after 0002).
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
_COLUMNS = (
    "seq", "op_id", "hlc", "device_id", "device_seq", "author_id", "table_name", "record_id",
    "operation", "fields", "parent_op", "reason", "prev_hash", "hash",
)
_BATCH = 5000


def _compact_table() -> None:
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.LargeBinary(), nullable=False),
        sa.Column("hlc", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.LargeBinary(), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.LargeBinary(), nullable=True),
        sa.Column("table_name", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.LargeBinary(), nullable=False),
        sa.Column("operation", sa.Integer(), nullable=False),
        sa.Column("fields", sa.LargeBinary(), nullable=False),
        sa.Column("parent_op", sa.LargeBinary(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.LargeBinary(), nullable=True),
        sa.Column("hash", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("operation IN (1, 2)", name=op.f("ck_change_log_operation")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
        sa.UniqueConstraint(
            "device_id", "device_seq", name=op.f("uq_change_log_device_id_device_seq")
        ),
        sa.UniqueConstraint("op_id", name=op.f("uq_change_log_op_id")),
    )


def _text_table() -> None:
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=6), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("parent_op", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "operation IN ('upsert','delete')", name=op.f("ck_change_log_operation")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
        sa.UniqueConstraint(
            "device_id", "device_seq", name=op.f("uq_change_log_device_id_device_seq")
        ),
        sa.UniqueConstraint("op_id", name=op.f("uq_change_log_op_id")),
    )


def _rows(old: str) -> Iterator[list[tuple[Any, ...]]]:
    """The old table's rows in chain order, a batch at a time."""
    cursor = op.get_bind().connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM {old} ORDER BY device_id, device_seq"
    )
    while batch := cursor.fetchmany(_BATCH):
        yield batch
    cursor.close()


def _rebuild(convert: Callable[[tuple[Any, ...], Any], tuple[Any, ...]],
             create: Callable[[], None]) -> None:
    """Rename, create anew, copy every row through ``convert`` (which gets the row
    and the hash of the chain's previous row, None at a device's first), drop."""
    op.drop_index("ix_change_log_record", table_name="change_log")
    op.rename_table("change_log", "change_log_old")
    create()
    writer = op.get_bind().connection.driver_connection.cursor()  # type: ignore[union-attr]
    insert = f"INSERT INTO change_log ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * 14)})"
    device: Any = None
    previous: Any = None
    for batch in _rows("change_log_old"):
        out = []
        for row in batch:
            if row[3] != device:
                device, previous = row[3], None
            out.append(convert(row, previous))
            previous = row[13]
        writer.executemany(insert, out)
    writer.close()
    op.drop_table("change_log_old")
    op.create_index("ix_change_log_record", "change_log", ["table_name", "record_id"],
                    unique=False)


def upgrade() -> None:
    tables = dict(TABLE_CODES)
    operations = dict(OPERATION_CODES)

    def convert(row: tuple[Any, ...], previous: str | None) -> tuple[Any, ...]:
        (seq, op_id, hlc, device, device_seq, author, table, record, operation, fields,
         parent, reason, prev_hash, digest) = row
        implicit = prev_hash == (GENESIS if previous is None and device_seq == 1 else previous)
        return (
            seq, store_uuid(op_id), hlc_to_int(hlc), store_uuid(device), device_seq,
            store_uuid(author), tables.get(table, table), store_uuid(record),
            operations.get(operation, operation), pack_fields_v1(fields), store_uuid(parent),
            reason, None if implicit else store_hash(prev_hash), store_hash(digest),
        )

    _rebuild(convert, _compact_table)


def downgrade() -> None:
    tables = {code: name for name, code in TABLE_CODES}
    operations = {code: name for name, code in OPERATION_CODES}

    def convert(row: tuple[Any, ...], previous: bytes | None) -> tuple[Any, ...]:
        (seq, op_id, hlc, device, device_seq, author, table, record, operation, fields,
         parent, reason, prev_hash, digest) = row
        if prev_hash is None:
            prev_hash = GENESIS if previous is None else load_hash(previous)
        return (
            seq, load_uuid(op_id), hlc_from_int(hlc) if isinstance(hlc, int) else hlc,
            load_uuid(device), device_seq, load_uuid(author), tables.get(table, table),
            load_uuid(record), operations.get(operation, operation),
            unpack_fields(fields) if isinstance(fields, bytes) else fields,
            load_uuid(parent), reason, load_hash(prev_hash), load_hash(digest),
        )

    _rebuild(convert, _text_table)
