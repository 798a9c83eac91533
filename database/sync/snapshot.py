"""Snapshots: the school's synchronised state in one signed, encrypted file.

A snapshot lets a new computer start from the state instead of replaying every
segment, and lets the administration remove old segments (:mod:`.compact`). It is
written only by the administration workstation (the holder of the share's root
key, which signs it) as ``snap/<frontier>.sjsnap``, ``frontier`` being the sum of its
version vector (so a newer snapshot has a greater number).

The file is ``MAGIC | len | header | signature | chunk…``:

- the header is plain canonical JSON: format, share, writer, key id, the version
  vector (per device: the last seq covered and that row's hash), the state digest,
  and per chunk its kind, length and SHA-256;
- the signature is the root key's Ed25519 signature over ``MAGIC | header``, so the
  header pins every chunk byte;
- each chunk is zlib-compressed canonical JSON encrypted with AES-256-GCM under the
  school key ``key_id`` (its position and kind as associated data).

The content is the plain *record* form, never the local storage of the change log:
table rows as logged values (:func:`database.changelog.canonical_json`), change-log
rows in the segment row form (:data:`.segments.ROW_COLUMNS`), conflicts, refused
ops and epochs. :func:`open_snapshot` verifies everything it can without a database —
signature, lengths, hashes, tags, the name — before anything is used; a file that
fails is "not a snapshot" (:class:`BadSnapshot`) and the next older one is tried.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from database.changelog import _plain
from database.sync import crypto
from database.sync.share import (
    SNAPSHOT_RE,
    ShareLayout,
    SharePath,
    list_names,
    read_bytes,
    read_prefix,
)

MAGIC = b"SJP1"
FORMAT = 1
_LEN = struct.Struct(">I")
MAX_HEADER = 16 * 1024 * 1024
CHUNK_ROWS = 20_000
KINDS = ("table", "log", "epoch", "conflict", "refused")
# Table rows hold dates, times and UUIDs: encoded as the change log encodes them.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_plain)


class BadSnapshot(Exception):
    """Short, damaged, unsigned, foreign or undecryptable: not a usable snapshot."""


def snapshot_name(frontier: int) -> str:
    return f"{frontier:010d}.sjsnap"


def list_snapshots(layout: ShareLayout) -> list[int]:
    """Frontiers of the snapshots on the share, newest first (strict names only)."""
    names = list_names(layout.snapshots_dir, SNAPSHOT_RE)
    return sorted((int(n.split(".")[0]) for n in names), reverse=True)


@dataclass(frozen=True)
class SnapshotHeader:
    share_id: str
    writer: str
    key_id: int
    vector: dict[str, tuple[int, str]]  # device → (last seq covered, that row's hash)
    digest: str
    made_at_ms: int
    counts: dict[str, int]
    chunks: tuple[tuple[str, int, str], ...]  # (kind, length, sha256)

    @property
    def frontier(self) -> int:
        return sum(seq for seq, _ in self.vector.values())

    def seqs(self) -> dict[str, int]:
        return {device: seq for device, (seq, _) in self.vector.items()}

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "share_id": self.share_id, "writer": self.writer,
            "key_id": self.key_id,
            "vector": {d: [s, h] for d, (s, h) in sorted(self.vector.items())},
            "digest": self.digest, "made_at": self.made_at_ms, "counts": self.counts,
            "chunks": [list(c) for c in self.chunks],
        }

    @classmethod
    def from_json(cls, data: Any) -> SnapshotHeader:
        try:
            if data["format"] != FORMAT:
                raise BadSnapshot("unknown format")
            vector = {str(d): (int(v[0]), str(v[1])) for d, v in dict(data["vector"]).items()}
            chunks = tuple(
                (str(kind), int(length), str(sha)) for kind, length, sha in data["chunks"]
            )
            if any(kind not in KINDS or length < 0 for kind, length, _ in chunks):
                raise BadSnapshot("bad chunk list")
            return cls(
                str(data["share_id"]), str(data["writer"]), int(data["key_id"]), vector,
                str(data["digest"]), int(data["made_at"]),
                {str(k): int(v) for k, v in dict(data["counts"]).items()}, chunks,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BadSnapshot("bad header") from exc


def _aad(share_id: str, index: int, kind: str) -> bytes:
    return MAGIC + f"{share_id}:{index}:{kind}".encode("ascii")


class SnapshotWriter:
    """Collects chunks (encrypted as they come, so memory holds compressed bytes only),
    then signs the header over them."""

    def __init__(self, share_id: str, key: bytes) -> None:
        self.share_id = share_id
        self.key = key
        self.parts: list[bytes] = []
        self.chunks: list[tuple[str, int, str]] = []
        self.counts: dict[str, int] = {}

    def add(self, kind: str, content: Any, rows: int) -> None:
        assert kind in KINDS
        plain = zlib.compress(_ENCODER.encode(content).encode("utf-8"), 6)
        sealed = crypto.encrypt(self.key, plain, _aad(self.share_id, len(self.chunks), kind))
        self.parts.append(sealed)
        self.chunks.append((kind, len(sealed), hashlib.sha256(sealed).hexdigest()))
        self.counts[kind] = self.counts.get(kind, 0) + rows

    def finish(
        self, root_private: bytes, writer: str, key_id: int,
        vector: dict[str, tuple[int, str]], digest: str, made_at_ms: int,
    ) -> tuple[SnapshotHeader, bytes]:
        header = SnapshotHeader(
            self.share_id, writer, key_id, vector, digest, made_at_ms, dict(self.counts),
            tuple(self.chunks),
        )
        head = crypto.canonical(header.as_json())
        signed = MAGIC + _LEN.pack(len(head)) + head
        return header, signed + crypto.sign(root_private, signed) + b"".join(self.parts)


@dataclass(frozen=True)
class Snapshot:
    """A verified snapshot: its header and its chunks decrypted (still compressed)."""

    header: SnapshotHeader
    size: int
    plains: tuple[bytes, ...]

    def chunks(
        self, kind: str, on_chunk: Callable[[float], None] | None = None
    ) -> Iterator[Any]:
        """The decoded content of every chunk of ``kind``, in order; ``on_chunk`` is
        told the share of the whole file's chunks done (for a progress bar)."""
        total = max(1, len(self.plains))
        for index, ((found, _, _), plain) in enumerate(
            zip(self.header.chunks, self.plains, strict=True)
        ):
            if found != kind:
                continue
            try:
                yield json.loads(zlib.decompress(plain).decode("utf-8"))
            except (zlib.error, ValueError) as exc:
                raise BadSnapshot("chunk does not decode") from exc
            if on_chunk is not None:
                on_chunk((index + 1) / total)


def read_header(raw: bytes, root_key: bytes, share_id: str) -> tuple[SnapshotHeader, int]:
    """The header, its signature checked; returns it and where the chunks start."""
    if len(raw) < 8 + crypto.SIGNATURE_BYTES or raw[:4] != MAGIC:
        raise BadSnapshot("short or not a snapshot")
    (head_len,) = _LEN.unpack_from(raw, 4)
    end = 8 + head_len
    if head_len > MAX_HEADER or end + crypto.SIGNATURE_BYTES > len(raw):
        raise BadSnapshot("short")
    try:
        crypto.verify(root_key, raw[end : end + crypto.SIGNATURE_BYTES], raw[:end])
    except crypto.CryptoFailure as exc:
        raise BadSnapshot("bad signature") from exc
    try:
        header = SnapshotHeader.from_json(json.loads(raw[8:end].decode("utf-8")))
    except ValueError as exc:
        raise BadSnapshot("bad header") from exc
    if header.share_id != share_id:
        raise BadSnapshot("another share's snapshot")
    return header, end + crypto.SIGNATURE_BYTES


def open_snapshot(
    raw: bytes, root_key: bytes, share_id: str, keys: dict[int, bytes],
    expected_frontier: int | None = None,
) -> Snapshot:
    """Verify a whole snapshot file and decrypt its chunks (see the module doc)."""
    header, start = read_header(raw, root_key, share_id)
    if expected_frontier is not None and header.frontier != expected_frontier:
        raise BadSnapshot("name does not match the frontier")
    if start + sum(length for _, length, _ in header.chunks) != len(raw):
        raise BadSnapshot("short or trailing bytes")
    key = keys.get(header.key_id)
    if key is None:
        raise BadSnapshot(f"school key {header.key_id} unknown here")
    view = memoryview(raw)
    plains: list[bytes] = []
    offset = start
    for index, (kind, length, sha) in enumerate(header.chunks):
        sealed = bytes(view[offset : offset + length])
        offset += length
        if hashlib.sha256(sealed).hexdigest() != sha:
            raise BadSnapshot("chunk hash")
        try:
            plains.append(crypto.decrypt(key, sealed, _aad(share_id, index, kind)))
        except crypto.CryptoFailure as exc:
            raise BadSnapshot("chunk does not decrypt") from exc
    return Snapshot(header, len(raw), tuple(plains))


def snapshot_path(layout: ShareLayout, frontier: int) -> SharePath:
    return layout.snapshots_dir / snapshot_name(frontier)


def _read_prefix(path: SharePath) -> bytes | None:
    """The magic, header and signature of a snapshot file, without its chunks."""

    def header_part(handle: IO[bytes]) -> bytes:
        start = handle.read(8)
        if len(start) < 8 or start[:4] != MAGIC:
            return start
        (head_len,) = _LEN.unpack_from(start, 4)
        if head_len > MAX_HEADER:
            return start
        return start + handle.read(head_len + crypto.SIGNATURE_BYTES)

    return read_prefix(path, header_part)


def header_at(
    layout: ShareLayout, frontier: int, root_key: bytes, share_id: str
) -> SnapshotHeader | None:
    """The header of one snapshot if it verifies (reads only the header)."""
    raw = _read_prefix(snapshot_path(layout, frontier))
    if raw is None:
        return None
    try:
        header, _ = read_header(raw, root_key, share_id)
    except BadSnapshot:
        return None
    return header if header.frontier == frontier else None


def newest_header(
    layout: ShareLayout, root_key: bytes, share_id: str
) -> tuple[SnapshotHeader, int] | None:
    """The newest snapshot whose header verifies (cheap: one header read), and its
    frontier; None when there is none."""
    for frontier in list_snapshots(layout):
        header = header_at(layout, frontier, root_key, share_id)
        if header is not None:
            return header, frontier
    return None


def valid_snapshots(
    layout: ShareLayout, root_key: bytes, share_id: str, keys: dict[int, bytes],
    problems: list[str] | None = None,
) -> Iterator[Snapshot]:
    """Every snapshot that verifies, newest first; each refused one is named in
    ``problems`` (Russian)."""
    for frontier in list_snapshots(layout):
        raw = read_bytes(snapshot_path(layout, frontier))
        try:
            if raw is None:
                raise BadSnapshot("gone")
            snapshot = open_snapshot(raw, root_key, share_id, keys, frontier)
        except BadSnapshot:
            if problems is not None:
                problems.append(
                    f"снимок {snapshot_name(frontier)} отклонён (повреждён, не дописан "
                    "или подписан не администрацией школы)"
                )
            continue
        yield snapshot
