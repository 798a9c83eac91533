"""Identifiers for synchronisable rows.

UUIDv7 sorts by creation time, which keeps B-tree inserts local and makes the
change log readable; records created offline on different computers never collide.

Reading ids in bulk: SQLite has no UUID type, so SQLAlchemy's ``Uuid`` columns hold
the 32-character hex text (``UUID.hex``) and build a ``uuid.UUID`` for every value
read. In a journal the same few lesson and student ids come back on hundreds of rows,
and building those objects (plus the ORM's per-row bookkeeping) is most of a read's
cost. :func:`hex_id` reads the stored text as it is and :class:`IdCache` turns each
distinct text into a UUID once.
"""

from __future__ import annotations

import uuid
from typing import Any

import uuid6
from sqlalchemy import ColumnElement, String, type_coerce


def new_id() -> uuid.UUID:
    """A fresh time-ordered UUID (version 7) as a standard ``uuid.UUID``."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)


def hex_id(column: Any) -> ColumnElement[str]:
    """SQL: a ``Uuid`` column read as its stored text (no UUID built per row). The
    SQL itself is unchanged; only the Python-side conversion is skipped."""
    return type_coerce(column, String)


class IdCache(dict[str, uuid.UUID]):
    """Stored id text → ``uuid.UUID``, each distinct text converted once.

    ``ids[text]`` gives the UUID; one cache lives for one read, so equal ids read from
    different rows also come back as the same object (cheap to compare).
    """

    def __missing__(self, text: str) -> uuid.UUID:
        value = self[text] = uuid.UUID(hex=text)
        return value

    def optional(self, text: str | None) -> uuid.UUID | None:
        """For a nullable id column."""
        return None if text is None else self[text]
