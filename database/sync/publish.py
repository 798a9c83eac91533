"""Publishing this device's new change-log rows as segments, then its head.

Rows are cut into segments at *epoch* boundaries (where this device applied others'
ops, so every op of a segment has seen exactly the segment's ``seen`` vector) and at
:data:`MAX_ROWS`. The published position moves only after the segment is on the share
and has been read back and verified; a crash between the two finds the same name
there next time, verifies it and moves on, so nothing is published twice or lost.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.changelog import GENESIS_HASH
from database.models import ChangeLog, SyncEpoch
from database.sync import segments
from database.sync.config import META_PUBLISHED, get_meta, set_meta
from database.sync.identity import DeviceIdentity
from database.sync.segments import BadSegment, SegmentHeader
from database.sync.share import ShareLayout, publish_file, read_bytes, segment_name

# A segment is applied in one transaction, so on the applying computer it is also the
# longest a mark typed meanwhile waits for the worker: about 0.6 s for 1,000 rows on
# the shared 2-core bench machine (5,000 rows: 1.5 s typed → saved at the median),
# for some 10 % more apply time in all (per-segment work) and more, smaller files.
MAX_ROWS = 1000
HEAD_HEARTBEAT_MS = 60 * 60 * 1000
_COLUMNS = [getattr(ChangeLog, c) for c in segments.ROW_COLUMNS]


@dataclass(frozen=True)
class Published:
    segments: int
    rows: int
    seq: int
    last_hash: str


def published_position(session: Session) -> tuple[int, str]:
    value = get_meta(session, META_PUBLISHED)
    if value is None:
        return 0, GENESIS_HASH
    seq, digest = value.split(":")
    return int(seq), digest


def pending_count(session: Session, device: str) -> int:
    from sqlalchemy import func

    seq, _ = published_position(session)
    return int(session.execute(
        select(func.count()).select_from(ChangeLog).where(
            ChangeLog.device_id == device, ChangeLog.device_seq > seq
        )
    ).scalar_one())


def _epoch_starts(session: Session, device: str) -> list[tuple[int, dict[str, int]]]:
    return [
        (first, json.loads(seen))
        for first, seen in session.execute(
            select(SyncEpoch.first_seq, SyncEpoch.seen)
            .where(SyncEpoch.device_id == device)
            .order_by(SyncEpoch.first_seq)
        )
    ]


def _seen_at(
    epochs: list[tuple[int, dict[str, int]]], seq: int
) -> tuple[dict[str, int], int | None]:
    """The vector in force at ``seq`` and where the next epoch starts."""
    seen: dict[str, int] = {}
    next_start = None
    for first, vector in epochs:
        if first <= seq:
            seen = vector
        else:
            next_start = first
            break
    return seen, next_start


def publish(
    session: Session,
    layout: ShareLayout,
    identity: DeviceIdentity,
    key_id: int,
    key: bytes,
    *,
    on_segment: Callable[[int, int], None] | None = None,
) -> Published:
    """Publish every row after the published position (the caller commits)."""
    device = str(identity.device_id)
    seq, last_hash = published_position(session)
    rows = [
        dict(r)
        for r in session.execute(
            select(*_COLUMNS)
            .where(ChangeLog.device_id == device, ChangeLog.device_seq > seq)
            .order_by(ChangeLog.device_seq)
        ).mappings()
    ]
    # The segment carries every row's link in full (its format does not depend on how
    # the log is stored here, where a link is implicit: the previous row's hash).
    link = last_hash
    for row in rows:
        if row["prev_hash"] is None:
            row["prev_hash"] = link
        link = row["hash"]
    epochs = _epoch_starts(session, device)
    count = 0
    index = 0
    while index < len(rows):
        first = rows[index]["device_seq"]
        seen, next_start = _seen_at(epochs, first)
        end = index
        while (
            end < len(rows)
            and end - index < MAX_ROWS
            and (next_start is None or rows[end]["device_seq"] < next_start)
        ):
            end += 1
        chunk = rows[index:end]
        header = SegmentHeader(
            device=device, key_id=key_id, first=first, last=chunk[-1]["device_seq"],
            prev_hash=last_hash, last_hash=chunk[-1]["hash"],
            hlc_min=min(r["hlc"] for r in chunk), hlc_max=max(r["hlc"] for r in chunk),
            seen={k: v for k, v in seen.items() if k != device},
        )
        _put_segment(layout, identity, header, chunk, key)
        seq, last_hash = header.last, header.last_hash
        set_meta(session, {META_PUBLISHED: f"{seq}:{last_hash}"})
        count += 1
        if on_segment is not None:
            on_segment(header.first, header.last)
        index = end
    return Published(count, len(rows), seq, last_hash)


def _put_segment(
    layout: ShareLayout, identity: DeviceIdentity, header: SegmentHeader,
    rows: list[dict[str, Any]], key: bytes,
) -> None:
    data = segments.encode_segment(header, rows, key, identity.sign_private)
    target = layout.segments_dir(identity.device_id) / segment_name(header.first, header.last)

    def verify(raw: bytes) -> bool:
        try:
            found = segments.verify_signature(raw, identity.sign_public)
        except BadSegment:
            return False
        return found.last_hash == header.last_hash and found.prev_hash == header.prev_hash

    if not publish_file(target, data, replace=False, verify=verify):
        # Published before a crash (or by a previous attempt): fine if it is ours.
        existing = read_bytes(target)
        if existing is None or not verify(existing):
            raise OSError(f"segment {target.name} on the share is not this device's")


def write_head(
    layout: ShareLayout, identity: DeviceIdentity, seq: int, last_hash: str,
    seen: dict[str, int], *, digest: str = "", digest_at: dict[str, int] | None = None,
) -> None:
    data = segments.encode_head(
        identity.sign_private, str(identity.device_id), seq, last_hash, seen, digest,
        int(time.time() * 1000), digest_at,
    )
    publish_file(layout.head(identity.device_id), data, replace=True)


def head_is_current(
    layout: ShareLayout, identity: DeviceIdentity, seq: int, last_hash: str,
    seen: dict[str, int], digest: str = "", digest_at: dict[str, int] | None = None,
) -> bool:
    """The head on the share already says this (and was written within
    :data:`HEAD_HEARTBEAT_MS`, so its time still tells when this computer was last
    there): not rewritten, so a round that brought nothing new changes nothing the
    other computers' polls look at (else two idle computers would wake each other up
    for ever)."""
    raw = read_bytes(layout.head(identity.device_id))
    if raw is None:
        return False
    try:
        head = segments.decode_head(raw, identity.sign_public)
    except BadSegment:
        return False
    fresh = int(head.get("at") or 0) >= int(time.time() * 1000) - HEAD_HEARTBEAT_MS
    return bool(fresh and head.get("seq") == seq and head.get("hash") == last_hash
                and head.get("seen") == seen and head.get("digest") == digest
                and head.get("digest_at") == (digest_at or {}))
