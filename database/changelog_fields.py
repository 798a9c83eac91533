"""How the change log stores ``fields``, its canonical JSON text, in bytes.

Every stored value starts with a format byte; formats (and their dictionaries and
tables) are never changed or dropped, because rows stay in the log for as long as
the database lives:

- ``1``: the UTF-8 text as one zstd frame with the first dictionary
  (:mod:`database.changelog_dict`). Read only.
- ``2`` and ``3`` (format 2, written today): the text with its UUIDs and timestamps
  taken out. A UUID is random: its 36 characters carry 16 bytes of entropy that no
  compressor finds, and each took ~19 bytes in format 1; a ``YYYY-MM-DDTHH:MM:SS``
  took ~7. So each JSON string that is exactly a lower-case UUID (quotes included)
  becomes the byte ``0xFF`` and its 16 bytes go after the rest; each that is exactly
  a real moment of 2000–2135 becomes ``0xFE`` and its seconds since 2000-01-01 go
  after those, 4 bytes each. What is left (keys, flags, numbers, names, topics) is the *skeleton*.
  Most rows share one of a few hundred (a mark «4», weight 1, «Работа на уроке», no
  comment): those are stored as their number in a fixed table
  (:mod:`database.changelog_skeletons`), ``[3][number][16 × ids][4 × times]``; any
  other is one zstd frame without the 4-byte magic, with a dictionary trained on
  such skeletons (:mod:`database.changelog_dict_v2`),
  ``[2][frame][16 × ids][4 × times]``. On the ``large`` demo: 109 → 57 bytes a row.

Lossless on the text whatever it holds: ``0xFE``/``0xFF`` never occur in UTF-8, so a
placeholder is always one; anything else (upper-case hex, a UUID inside a longer
string, a 13th month, a leap second) stays in the text as it came. Text that is not
valid Unicode (a lone surrogate — never in our canonical JSON) is kept through
``surrogatepass`` rather than refused here: storing is not the place to judge an op.
"""

from __future__ import annotations

import binascii
import re
from datetime import datetime, timedelta
from typing import NamedTuple

import zstandard

from database.changelog_dict import FIELDS_DICTIONARY_V1
from database.changelog_dict_v2 import FIELDS_DICTIONARY_V2
from database.changelog_skeletons import FIELDS_SKELETONS_V2

# A UUID or a timestamp as a whole JSON string, quotes included: the one pass that
# finds both (``re.split`` with groups: text, UUID or None, time or None, text, …).
_VALUES = re.compile(
    rb'"(?:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'
    rb'|([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}))"'
)
_UUID_MARK = b"\xff"  # stands for '"<uuid>"'
_TIME_MARK = b"\xfe"  # stands for '"<YYYY-MM-DDTHH:MM:SS>"'
_MARKS = re.compile(rb"[\xfe\xff]")
_EPOCH = datetime(2000, 1, 1)
_SECOND = timedelta(seconds=1)
_TIME_LIMIT = 1 << 32

_V1_DICTIONARY = zstandard.ZstdCompressionDict(FIELDS_DICTIONARY_V1)
_V1_DECOMPRESSOR = zstandard.ZstdDecompressor(dict_data=_V1_DICTIONARY)
_V1_COMPRESSOR = zstandard.ZstdCompressor(
    level=3, dict_data=_V1_DICTIONARY, write_checksum=False, write_content_size=True,
    write_dict_id=False,
)
_V2_DICTIONARY = zstandard.ZstdCompressionDict(FIELDS_DICTIONARY_V2)
# Level 3 as in format 1; higher levels gain a few per cent at several times the
# cost, and the demo school writes a million rows.
_V2_PARAMETERS = zstandard.ZstdCompressionParameters.from_level(
    3, format=zstandard.FORMAT_ZSTD1_MAGICLESS, write_checksum=False,
    write_content_size=True, write_dict_id=False,
)
_V2_DICTIONARY.precompute_compress(compression_params=_V2_PARAMETERS)
_V2_COMPRESSOR = zstandard.ZstdCompressor(
    dict_data=_V2_DICTIONARY, compression_params=_V2_PARAMETERS
)
_V2_DECOMPRESSOR = zstandard.ZstdDecompressor(
    dict_data=_V2_DICTIONARY, format=zstandard.FORMAT_ZSTD1_MAGICLESS
)
_SKELETON_NUMBER = {skeleton: bytes((n,)) for n, skeleton in enumerate(FIELDS_SKELETONS_V2)}


def _seconds(stamp: bytes) -> int | None:
    """Seconds since 2000 of a real moment that prints back as ``stamp``, else None."""
    text = stamp.decode("ascii")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # a 13th month, a 30th of February, a leap second
        return None
    seconds = (moment - _EPOCH) // _SECOND
    if not 0 <= seconds < _TIME_LIMIT or moment.isoformat() != text:
        return None
    return seconds


def split_fields(text: str) -> tuple[bytes, bytes, bytes]:
    """The text's UTF-8 with placeholders, its UUIDs' 16 bytes each, then its
    timestamps' 4 bytes each."""
    parts = _VALUES.split(text.encode("utf-8", "surrogatepass"))
    if len(parts) == 1:
        return parts[0], b"", b""
    skeleton = [parts[0]]
    ids: list[bytes] = []
    times: list[bytes] = []
    for at in range(1, len(parts), 3):
        found, stamp = parts[at], parts[at + 1]
        if found is not None:
            ids.append(found)
            skeleton.append(_UUID_MARK)
        elif (seconds := _seconds(stamp)) is not None:
            times.append(seconds.to_bytes(4, "big"))
            skeleton.append(_TIME_MARK)
        else:
            skeleton += (b'"', stamp, b'"')
        skeleton.append(parts[at + 2])
    return (b"".join(skeleton), binascii.unhexlify(b"".join(ids).replace(b"-", b"")),
            b"".join(times))


def pack_fields_v1(text: str) -> bytes:
    """Format 1, for a database taken back to a revision before format 2 (migration
    0006's downgrade): the programs of those revisions read only format 1."""
    return b"\x01" + _V1_COMPRESSOR.compress(text.encode("utf-8"))


def pack_fields(text: str) -> bytes:
    skeleton, ids, times = split_fields(text)
    number = _SKELETON_NUMBER.get(skeleton)
    if number is not None:
        return b"".join((b"\x03", number, ids, times))
    return b"".join((b"\x02", _V2_COMPRESSOR.compress(skeleton), ids, times))


class _Template(NamedTuple):
    """A skeleton ready to be filled in by one %-format: its text with ``%s`` where
    the values go, the marks in the order they come, and how many of each."""

    text: str
    marks: bytes
    ids: int
    times: int


def _template(skeleton: bytes) -> _Template:
    text = (skeleton.replace(b"%", b"%%").replace(_UUID_MARK, b'"%s-%s-%s-%s-%s"')
            .replace(_TIME_MARK, b'"%s"').decode("utf-8", "surrogatepass"))
    marks = b"".join(_MARKS.findall(skeleton))
    return _Template(text, marks, marks.count(_UUID_MARK), marks.count(_TIME_MARK))


def _fill(template: _Template, stored: bytes, start: int) -> str:
    """The text of a format-2 value whose UUIDs and timestamps begin at ``start``."""
    if start + 16 * template.ids + 4 * template.times != len(stored):
        raise ValueError("change-log fields of the wrong length")
    if not template.marks:
        return template.text % ()  # its %% back to %
    h = stored[start : start + 16 * template.ids].hex()
    at_id, at_time = 0, start + 16 * template.ids
    values: list[str] = []
    for mark in template.marks:
        if mark == 0xFF:
            values += (h[at_id : at_id + 8], h[at_id + 8 : at_id + 12],
                       h[at_id + 12 : at_id + 16], h[at_id + 16 : at_id + 20],
                       h[at_id + 20 : at_id + 32])
            at_id += 32
        else:
            seconds = int.from_bytes(stored[at_time : at_time + 4], "big")
            values.append((_EPOCH + seconds * _SECOND).isoformat())
            at_time += 4
    return template.text % tuple(values)


# Made once: the common skeletons are most rows, and reading is verify's and
# publish's cost.
_TEMPLATES = tuple(_template(skeleton) for skeleton in FIELDS_SKELETONS_V2)


def unpack_fields(stored: bytes) -> str:
    """The text of a stored value; ValueError if it is of no known format or damaged."""
    version = stored[:1]
    try:
        if version == b"\x03":
            if len(stored) < 2 or stored[1] >= len(_TEMPLATES):
                raise ValueError("change-log fields of an unknown skeleton")
            return _fill(_TEMPLATES[stored[1]], stored, 2)
        if version == b"\x02":
            # The frame knows its own end (it carries its content size); the
            # skeleton tells how many UUIDs and timestamps follow it.
            skeleton = _V2_DECOMPRESSOR.decompress(stored[1:], allow_extra_data=True)
            template = _template(skeleton)
            n_tail = 16 * template.ids + 4 * template.times
            if n_tail > len(stored) - 3:
                raise ValueError("change-log fields cut short")
            return _fill(template, stored, len(stored) - n_tail)
        if version == b"\x01":
            return _V1_DECOMPRESSOR.decompress(stored[1:]).decode("utf-8")
    except zstandard.ZstdError as exc:
        raise ValueError(f"damaged change-log fields: {exc}") from exc
    raise ValueError("unknown change-log fields format")
