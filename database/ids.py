"""Identifiers for synchronisable rows.

UUIDv7 sorts by creation time, which keeps B-tree inserts local and makes the
change log readable; records created offline on different computers never collide.

Storage: SQLite has no UUID type. The domain tables keep an id as its 16 bytes
(:class:`UuidBlob`), half the 32 hex characters SQLAlchemy's ``Uuid`` would store,
in the table and in every index over it (the ``large`` demo's marks alone carry four
ids a row). Python code sees ``uuid.UUID`` values only; the change log's ``fields``
and the sync formats keep the canonical UUID text.

Reading ids in bulk: a ``uuid.UUID`` built for every value read is, in a journal where
the same few lesson and student ids come back on hundreds of rows, most of a read's
cost. :func:`raw_id` reads the stored bytes as they are and :class:`IdCache` turns
each distinct value into a UUID once.
"""

from __future__ import annotations

import uuid
from typing import Any

import uuid6
from sqlalchemy import ColumnElement, Dialect, LargeBinary, type_coerce
from sqlalchemy.types import TypeDecorator


def new_id() -> uuid.UUID:
    """A fresh time-ordered UUID (version 7) as a standard ``uuid.UUID``."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)


_new_object = object.__new__
_set_slot = object.__setattr__
_from_bytes = int.from_bytes
_UNKNOWN = uuid.SafeUUID.unknown


def uuid_from_stored(raw: bytes) -> uuid.UUID:
    """``uuid.UUID(bytes=raw)`` at half the cost: a UUID is its 128-bit ``int`` (and an
    ``is_safe`` flag), so the object is filled in directly, as ``UUID.__init__`` itself
    ends by doing, without its argument parsing. Reading ids is most of what an ORM read
    of marks does (four per row)."""
    if len(raw) != 16:
        raise ValueError(f"a stored id is not 16 bytes: {raw!r}")
    value = _new_object(uuid.UUID)
    _set_slot(value, "int", _from_bytes(raw))
    _set_slot(value, "is_safe", _UNKNOWN)
    return value


def _stored_form(value: Any) -> bytes | None:
    if isinstance(value, uuid.UUID):
        return value.bytes
    if value is None:
        return None
    if isinstance(value, str):
        return uuid.UUID(value).bytes
    if isinstance(value, bytes) and len(value) == 16:
        return value  # already the stored form (a value read with raw_id)
    raise TypeError(f"not a UUID: {value!r}")


def _loaded(value: bytes | None) -> uuid.UUID | None:
    return None if value is None else uuid_from_stored(value)


class UuidBlob(TypeDecorator[uuid.UUID]):
    """A ``uuid.UUID`` stored as its 16 bytes (``UUID.bytes``, big-endian as written).

    Binds a UUID (or UUID text, as literals in a few queries and the sync layer's
    decoded values may be) and returns a UUID. Byte order is the text's order, so
    ``ORDER BY id`` sorts as the hex text did and UUIDv7 ids stay in creation order.
    The processors are plain functions (not TypeDecorator's per-value hooks, which
    add two calls to every value read: an ORM read of marks was 13 % slower with them).
    """

    impl = LargeBinary
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        return _stored_form

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        return _loaded

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        return _stored_form(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> uuid.UUID | None:
        return _loaded(value)


def raw_id(column: Any) -> ColumnElement[bytes]:
    """SQL: an id column read as its stored 16 bytes (no UUID built per row). The SQL
    itself is unchanged; only the Python-side conversion is skipped. Stored bytes
    of equal ids are equal, and ``bytes`` caches its hash, so they make cheap keys."""
    return type_coerce(column, LargeBinary)


class IdCache(dict[bytes, uuid.UUID]):
    """Stored id bytes → ``uuid.UUID``, each distinct value converted once.

    ``ids[raw]`` gives the UUID; one cache lives for one read, so equal ids read from
    different rows also come back as the same object (cheap to compare).
    """

    def __missing__(self, raw: bytes) -> uuid.UUID:
        value = self[raw] = uuid_from_stored(raw)
        return value

    def optional(self, raw: bytes | None) -> uuid.UUID | None:
        """For a nullable id column."""
        return None if raw is None else self[raw]
