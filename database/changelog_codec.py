"""How the change log is stored: compact column types with the same Python values.

The change log is most of a school's database (a term of the ``large`` demo was
700 MB of it as text), so its columns store binary forms while the program keeps
seeing exactly the values it hashed and published:

- UUID text (op, device, author, record, parent op) → 16 bytes;
- a 64-digit SHA-256 hex → 32 bytes;
- the HLC ``"<15-digit ms>:<6-digit counter>"`` → one integer ``ms * 10**6 + counter``
  (order-preserving, so ``ORDER BY hlc`` and ranges still hold);
- the table name and the operation → small integers;
- ``fields`` (canonical JSON text) → a versioned compressed form
  (:mod:`database.changelog_fields`: today its UUIDs and timestamps as bytes, the
  rest zstd with a fixed dictionary): lossless on the text itself, so the hash over
  the canonical text is unchanged.

Each type round-trips its own values exactly and stores anything it does not
recognise as it came (SQLite keeps a value's own type in any column), so a
malformed op from another computer — a forged record id, a table this version does
not know — is still stored, hashed and refused as it was, never a crash. Binds and
results are converted by SQLAlchemy, so ``ChangeLog.record_id == "…"`` and
``.in_([...])`` work with text as before; only SQL that looks *inside* a value
(``LIKE`` on ``fields``) must go through Python instead.

The sync segment format carries the text forms (:mod:`database.sync.segments`) and
never depends on this storage.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import Dialect, Integer, LargeBinary
from sqlalchemy.types import TypeDecorator

# Re-exported: the migrations and tests take them from here with the other columns'.
from database.changelog_fields import pack_fields as pack_fields
from database.changelog_fields import pack_fields_v1 as pack_fields_v1
from database.changelog_fields import unpack_fields as unpack_fields

_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_HASH_TEXT = re.compile(r"[0-9a-f]{64}\Z")
_HLC_TEXT = re.compile(r"(\d{15}):(\d{6})\Z")
_HLC_SCALE = 1_000_000


# By hex digits rather than through ``uuid.UUID``: two to three times faster, and
# the change log converts several UUIDs of every row it reads or writes.


def store_uuid(value: Any) -> Any:
    """UUID text (or a UUID) as its 16 bytes; anything else as it is."""
    if isinstance(value, uuid.UUID):
        return value.bytes
    if isinstance(value, str) and _UUID_TEXT.match(value):
        return bytes.fromhex(value.replace("-", ""))
    return value


def load_uuid(value: Any) -> Any:
    if isinstance(value, bytes) and len(value) == 16:
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return value


def store_hash(value: Any) -> Any:
    if isinstance(value, str) and _HASH_TEXT.match(value):
        return bytes.fromhex(value)
    return value


def load_hash(value: Any) -> Any:
    if isinstance(value, bytes) and len(value) == 32:
        return value.hex()
    return value


class UuidBytes(TypeDecorator[str]):
    """Lower-case UUID text stored as its 16 bytes; other text stored as text."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return store_uuid(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return load_uuid(value)  # type: ignore[no-any-return]


class HashBytes(TypeDecorator[str]):
    """A lower-case SHA-256 hex digest stored as its 32 bytes."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return store_hash(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return load_hash(value)  # type: ignore[no-any-return]


def hlc_to_int(text: str) -> int | str:
    found = _HLC_TEXT.match(text)
    if found is None:
        return text
    return int(found[1]) * _HLC_SCALE + int(found[2])


def hlc_from_int(value: int) -> str:
    wall, counter = divmod(value, _HLC_SCALE)
    return f"{wall:015d}:{counter:06d}"


class HlcInteger(TypeDecorator[str]):
    """The HLC text as one order-preserving integer."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return hlc_to_int(value) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return hlc_from_int(value) if isinstance(value, int) else value


class CodeInteger(TypeDecorator[str]):
    """A name from a fixed list stored as its number; codes are never reused or
    renumbered (stored rows keep them forever), new names are appended."""

    impl = Integer
    cache_ok = True

    def __init__(self, codes: tuple[tuple[str, int], ...]) -> None:
        super().__init__()
        self.codes = codes
        self._by_name = dict(codes)
        self._by_code = {code: name for name, code in codes}

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str):
            return self._by_name.get(value, value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if isinstance(value, int):
            return self._by_code.get(value, str(value))
        return value  # type: ignore[no-any-return]


# The synchronised tables' numbers in the change log. Append only: a number, once
# stored, names its table for as long as the database lives. A table missing here is
# stored by name (still correct, only larger).
TABLE_CODES: tuple[tuple[str, int], ...] = (
    ("school", 1), ("setting", 2), ("academic_year", 3), ("study_period", 4),
    ("holiday", 5), ("bell", 6), ("staff", 7), ("student", 8), ("guardian", 9),
    ("student_guardian", 10), ("consent", 11), ("school_class", 12), ("class_group", 13),
    ("group_member", 14), ("enrolment", 15), ("subject", 16), ("teaching_assignment", 17),
    ("timetable_entry", 18), ("lesson", 19), ("mark", 20), ("attendance", 21),
    ("period_mark", 22), ("plan_topic", 23), ("account", 24), ("login_event", 25),
    ("device", 26), ("account_key", 27),
)
OPERATION_CODES: tuple[tuple[str, int], ...] = (("upsert", 1), ("delete", 2))

class PackedJson(TypeDecorator[str]):
    """Canonical JSON text stored compressed (:mod:`database.changelog_fields`)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return pack_fields(value) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return unpack_fields(value) if isinstance(value, bytes) else value
