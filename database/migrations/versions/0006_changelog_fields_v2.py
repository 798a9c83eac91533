"""The change log's ``fields`` in format 2; its record index led by the record.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01

Same rows, same texts, same hashes (see ``database.changelog_fields``):

- ``fields`` format 2 (UUIDs and timestamps as bytes, common skeletons by number;
  ~half the bytes of format 1). Today's program writes it; this revision is what
  keeps a program that reads only format 1 from opening such a database (it refuses
  a newer schema). The format-1 rows are rewritten in format 2 here, each only if it
  reads back as the same text (it always should; a row that did not would stay as
  it was, still readable). The file keeps its size until it is vacuumed (the next
  backup or ``VACUUM``); the pages freed are reused by new rows first.
- ``ix_change_log_record`` on ``(record_id)`` instead of ``(table_name,
  record_id)``: a record's rows are found by its id, with or without its table (the
  apply's "which records have history", a record's history with its dependants'
  asked by id alone and scanned the whole index before). Record ids are random
  UUIDs, so the table adds nothing to the search, and the index is ~7 % smaller.
  The one query by table alone (lessons moved by hand: rows with a parent op) gets
  ``ix_change_log_with_parent``, partial over the few rows that have one.

Downgrade: the indexes back, and every format-2 row rewritten in format 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from database.changelog_fields import pack_fields, pack_fields_v1, unpack_fields

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def _repack(formats: str, pack: Callable[[str], bytes]) -> None:
    """Rewrite the ``fields`` whose first byte is one of ``formats`` (SQL blob
    literals) with ``pack``, a batch of rows at a time in ``seq`` order."""
    cursor = op.get_bind().connection.driver_connection.cursor()  # type: ignore[union-attr]
    last = 0
    while batch := cursor.execute(
        "SELECT seq, fields FROM change_log WHERE seq > ? AND typeof(fields) = 'blob' "
        f"AND substr(fields, 1, 1) IN ({formats}) ORDER BY seq LIMIT ?", (last, _BATCH),
    ).fetchall():
        out = []
        for seq, stored in batch:
            text = unpack_fields(stored)
            try:
                packed = pack(text)
            except UnicodeEncodeError as exc:  # only format 1 refuses such text
                raise RuntimeError(
                    f"change-log row {seq}: its fields cannot be written in format 1"
                ) from exc
            if unpack_fields(packed) == text:
                out.append((packed, seq))
        cursor.executemany("UPDATE change_log SET fields = ? WHERE seq = ?", out)
        last = batch[-1][0]
    cursor.close()


def upgrade() -> None:
    op.drop_index("ix_change_log_record", table_name="change_log")
    op.create_index("ix_change_log_record", "change_log", ["record_id"], unique=False)
    op.create_index("ix_change_log_with_parent", "change_log", ["table_name"], unique=False,
                    sqlite_where=sa.text("parent_op IS NOT NULL"))
    _repack("x'01'", pack_fields)


def downgrade() -> None:
    _repack("x'02', x'03'", pack_fields_v1)
    op.drop_index("ix_change_log_with_parent", table_name="change_log")
    op.drop_index("ix_change_log_record", table_name="change_log")
    op.create_index("ix_change_log_record", "change_log", ["table_name", "record_id"],
                    unique=False)
