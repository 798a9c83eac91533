"""Segments (immutable pieces of one device's change log) and heads, as bytes.

A segment is ``MAGIC | len | header | len | body | signature``:

- the header is plain canonical JSON (format, device, key id, seq from/to, previous
  hash, last hash, HLC range, and ``seen``: what the device had applied from the
  others when it wrote these ops);
- the body is the rows in canonical form, zlib-compressed, encrypted with AES-256-GCM
  under the school key ``key_id`` with ``MAGIC | header`` as associated data;
- the signature is the device's Ed25519 signature over everything before it.

:func:`decode_segment` returns the rows only when every check passes: signature,
tag, the rows' hash chain from ``prev_hash`` to ``last_hash``, their seq numbers and
device. Anything else raises :class:`BadSegment` — for the reader, a file that is
"not there yet".
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from database.changelog import row_hash
from database.sync import crypto

MAGIC = b"SJS1"
FORMAT = 1
ROW_COLUMNS = (
    "op_id", "hlc", "device_id", "device_seq", "author_id", "table_name", "record_id",
    "operation", "fields", "parent_op", "reason", "prev_hash", "hash",
)
_LEN = struct.Struct(">I")
MAX_PART = 256 * 1024 * 1024


class BadSegment(Exception):
    """Short, damaged, unsigned or undecryptable: not (yet) a segment."""


@dataclass(frozen=True)
class SegmentHeader:
    device: str
    key_id: int
    first: int
    last: int
    prev_hash: str
    last_hash: str
    hlc_min: str
    hlc_max: str
    seen: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "device": self.device, "key_id": self.key_id,
            "from": self.first, "to": self.last, "prev_hash": self.prev_hash,
            "last_hash": self.last_hash, "hlc_min": self.hlc_min, "hlc_max": self.hlc_max,
            "seen": self.seen,
        }

    @classmethod
    def from_json(cls, data: Any) -> SegmentHeader:
        try:
            if data["format"] != FORMAT:
                raise BadSegment("unknown format")
            seen = {str(k): int(v) for k, v in dict(data["seen"]).items()}
            return cls(
                str(data["device"]), int(data["key_id"]), int(data["from"]), int(data["to"]),
                str(data["prev_hash"]), str(data["last_hash"]), str(data["hlc_min"]),
                str(data["hlc_max"]), seen,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BadSegment("bad header") from exc


def encode_segment(
    header: SegmentHeader, rows: list[dict[str, Any]], key: bytes, sign_private: bytes
) -> bytes:
    head = crypto.canonical(header.as_json())
    plain = zlib.compress(
        crypto.canonical([[row[c] for c in ROW_COLUMNS] for row in rows]), 6
    )
    body = crypto.encrypt(key, plain, MAGIC + head)
    signed = MAGIC + _LEN.pack(len(head)) + head + _LEN.pack(len(body)) + body
    return signed + crypto.sign(sign_private, signed)


def _split(raw: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    if len(raw) < 4 + 4 + 4 + crypto.SIGNATURE_BYTES or raw[:4] != MAGIC:
        raise BadSegment("short or not a segment")
    (head_len,) = _LEN.unpack_from(raw, 4)
    if head_len > MAX_PART or 8 + head_len + 4 > len(raw):
        raise BadSegment("short")
    head = raw[8 : 8 + head_len]
    (body_len,) = _LEN.unpack_from(raw, 8 + head_len)
    body_start = 12 + head_len
    if body_len > MAX_PART or body_start + body_len + crypto.SIGNATURE_BYTES != len(raw):
        raise BadSegment("short or trailing bytes")
    body = raw[body_start : body_start + body_len]
    return raw[: body_start + body_len], head, body, raw[body_start + body_len :]


def read_header(raw: bytes) -> SegmentHeader:
    """The header alone, unverified (fork checks compare it with the local log only
    after the signature has been checked by :func:`decode_segment`)."""
    _, head, _, _ = _split(raw)
    try:
        return SegmentHeader.from_json(json.loads(head.decode("utf-8")))
    except ValueError as exc:
        raise BadSegment("bad header") from exc


def verify_signature(raw: bytes, sign_public: bytes) -> SegmentHeader:
    signed, _head, _, signature = _split(raw)
    try:
        crypto.verify(sign_public, signature, signed)
    except crypto.CryptoFailure as exc:
        raise BadSegment("bad signature") from exc
    return read_header(raw)


def decode_segment(
    raw: bytes, sign_public: bytes, key_for: Callable[[int], bytes | None]
) -> tuple[SegmentHeader, list[dict[str, Any]]]:
    header = verify_signature(raw, sign_public)
    _, head, body, _ = _split(raw)
    key = key_for(header.key_id)
    if key is None:
        raise BadSegment(f"school key {header.key_id} unknown here")
    try:
        plain = zlib.decompress(crypto.decrypt(key, body, MAGIC + head))
        listed = json.loads(plain.decode("utf-8"))
        rows = [dict(zip(ROW_COLUMNS, values, strict=True)) for values in listed]
    except (crypto.CryptoFailure, zlib.error, ValueError, TypeError) as exc:
        raise BadSegment("body does not decrypt") from exc
    _check_chain(header, rows)
    return header, rows


def _check_chain(header: SegmentHeader, rows: list[dict[str, Any]]) -> None:
    if len(rows) != header.last - header.first + 1:
        raise BadSegment("row count")
    previous = header.prev_hash
    for offset, row in enumerate(rows):
        try:
            # A signed body may still hold text no canonical row has (a lone surrogate
            # escaped in its JSON cannot be encoded to hash): a bad segment, not a crash.
            hashed = row_hash(row)
        except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
            raise BadSegment("row not canonical") from exc
        if (
            row["device_id"] != header.device
            or row["device_seq"] != header.first + offset
            or row["prev_hash"] != previous
            or hashed != row["hash"]
        ):
            raise BadSegment("broken chain")
        previous = row["hash"]
    if previous != header.last_hash:
        raise BadSegment("last hash")


# --- heads ---------------------------------------------------------------------------------


def encode_head(
    sign_private: bytes, device: str, seq: int, last_hash: str, seen: dict[str, int],
    digest: str, written_at_ms: int, digest_at: dict[str, int] | None = None,
) -> bytes:
    """``digest`` is the state digest at the frontier ``digest_at`` (see
    :mod:`database.sync.divergence`); "" when none is known yet."""
    return crypto.signed_document(sign_private, {
        "device": device, "seq": seq, "hash": last_hash, "seen": seen, "digest": digest,
        "digest_at": digest_at or {}, "at": written_at_ms,
    })


def decode_head(raw: bytes, sign_public: bytes) -> dict[str, Any]:
    try:
        return crypto.open_signed_document(raw, sign_public)
    except crypto.CryptoFailure as exc:
        raise BadSegment("bad head") from exc
