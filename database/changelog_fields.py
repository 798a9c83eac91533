"""How the change log stores ``fields``, its canonical JSON text, in bytes.

Every stored value starts with a format byte; formats are never changed or dropped,
because rows stay in the log for as long as the database lives:

- ``1``: the UTF-8 text as one zstd frame with the first dictionary
  (:mod:`database.changelog_dict`). Read only.
- ``2`` (written today): the text with its UUIDs and timestamps taken out, then
  compressed. A UUID is random: its 36 characters carry 16 bytes of entropy that no
  compressor finds, and each took ~19 bytes in format 1; a ``YYYY-MM-DDTHH:MM:SS``
  took ~7. So each JSON string that is exactly a lower-case UUID (quotes included)
  becomes the byte ``0xFF`` and its 16 bytes go after the frame; each that is exactly
  a real moment of 2000–2135 becomes ``0xFE`` and its seconds since 2000-01-01 go
  after those, 4 bytes each. What is left (keys, flags, numbers, names, topics) is
  one zstd frame without the 4-byte magic, with a dictionary trained on such
  skeletons (:mod:`database.changelog_dict_v2`): ``[2][frame][16 × ids][4 × times]``.

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

import zstandard

from database.changelog_dict import FIELDS_DICTIONARY_V1
from database.changelog_dict_v2 import FIELDS_DICTIONARY_V2

# A UUID or a timestamp as a whole JSON string, quotes included: the one pass that
# finds both (``re.split`` with groups: text, UUID or None, time or None, text, …).
_VALUES = re.compile(
    rb'"(?:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'
    rb'|([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}))"'
)
_UUID_MARK = b"\xff"  # stands for '"<uuid>"'
_TIME_MARK = b"\xfe"  # stands for '"<YYYY-MM-DDTHH:MM:SS>"'
_EPOCH = datetime(2000, 1, 1)
_SECOND = timedelta(seconds=1)
_TIME_LIMIT = 1 << 32

_V1_DECOMPRESSOR = zstandard.ZstdDecompressor(
    dict_data=zstandard.ZstdCompressionDict(FIELDS_DICTIONARY_V1)
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


def pack_fields(text: str) -> bytes:
    skeleton, ids, times = split_fields(text)
    return b"".join((b"\x02", _V2_COMPRESSOR.compress(skeleton), ids, times))


def _unpack_v2(stored: bytes) -> str:
    # The frame knows its own end (it carries its content size); the skeleton tells
    # how many UUIDs and timestamps follow it.
    skeleton = _V2_DECOMPRESSOR.decompress(stored[1:], allow_extra_data=True)
    n_ids, n_times = skeleton.count(_UUID_MARK), skeleton.count(_TIME_MARK)
    if not n_ids + n_times:
        return skeleton.decode("utf-8", "surrogatepass")
    start = len(stored) - 16 * n_ids - 4 * n_times
    if start < 2:
        raise ValueError("change-log fields cut short")
    if n_times:
        times = [
            b'"%s"' % (_EPOCH + int.from_bytes(stored[at : at + 4], "big") * _SECOND)
            .isoformat().encode() for at in range(start + 16 * n_ids, len(stored), 4)
        ]
        parts = skeleton.split(_TIME_MARK)
        skeleton = parts[0] + b"".join(
            value + part for value, part in zip(times, parts[1:], strict=True)
        )
    if not n_ids:
        return skeleton.decode("utf-8", "surrogatepass")
    # One %-format for all UUIDs (a time filled in holds no UUID mark): a fifth
    # faster than joining the pieces, and reading is verify's and publish's cost.
    h = stored[start : start + 16 * n_ids].hex()
    groups: list[str] = []
    for at in range(0, 32 * n_ids, 32):
        groups += (h[at : at + 8], h[at + 8 : at + 12], h[at + 12 : at + 16],
                   h[at + 16 : at + 20], h[at + 20 : at + 32])
    template = skeleton.replace(b"%", b"%%").replace(_UUID_MARK, b'"%s-%s-%s-%s-%s"')
    return template.decode("utf-8", "surrogatepass") % tuple(groups)


def unpack_fields(stored: bytes) -> str:
    """The text of a stored value; ValueError if it is of no known format or damaged."""
    version = stored[:1]
    try:
        if version == b"\x02":
            return _unpack_v2(stored)
        if version == b"\x01":
            return _V1_DECOMPRESSOR.decompress(stored[1:]).decode("utf-8")
    except zstandard.ZstdError as exc:
        raise ValueError(f"damaged change-log fields: {exc}") from exc
    raise ValueError("unknown change-log fields format")
