"""What a snapshot holds, taken from a database and loaded into a new one.

:func:`collect` reads the synchronised state of this computer — every synced table,
the whole change log (every device's chain, refused ops included: it is the audit
trail, and later merges of a record read all of its ops), the conflicts, the refused
list and the epochs (which op saw which) — into a :class:`SnapshotWriter`.

:func:`load` puts a verified snapshot into a computer that has nothing yet (a new
computer, see :mod:`.bootstrap`), in the caller's one transaction: the rows as they
are (no merge: that is what makes it fast), each device's chain checked row by row up
to the hash the signed vector names, the cursors set to the vector, and at the end the
state digest compared with the snapshot's. Any mismatch raises :class:`BadSnapshot`
and the caller rolls everything back.

The change log's local storage is touched in exactly two places, :func:`_read_log`
and :func:`_store_log`, both in the segment row form (:data:`.segments.ROW_COLUMNS`),
so the snapshot format does not depend on how a computer stores its log.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from database.changelog import (
    CHANGE_LOG_TABLE,
    GENESIS_HASH,
    META_HLC,
    _decode_hlc,
    _encode_hlc,
    _get_meta,
    _set_meta,
    row_hash,
)
from database.models import (
    SYNCED_TABLES,
    ChangeLog,
    SyncConflict,
    SyncCursor,
    SyncEpoch,
    SyncRefused,
)
from database.sync.apply import MAX_DRAG_MS, record_own_epoch
from database.sync.digest import state_digest
from database.sync.records import TABLES, Epochs
from database.sync.segments import ROW_COLUMNS
from database.sync.snapshot import CHUNK_ROWS, BadSnapshot, Snapshot, SnapshotWriter

OnChunk = Callable[[float], None] | None
_CONFLICT_COLUMNS = ("table_name", "record_id", "field", "winner_op", "loser_op", "loser_value")
_REFUSED_COLUMNS = (
    "op_id", "device_id", "device_seq", "author_id", "table_name", "record_id", "reason",
)


def _batches(rows: Iterator[Any], size: int = CHUNK_ROWS) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the change log's storage (the only two places that know it) --------------------------


_LINK = ROW_COLUMNS.index("prev_hash")
_HASH = ROW_COLUMNS.index("hash")
_DEVICE = ROW_COLUMNS.index("device_id")


def _read_log(session: Session) -> Iterator[list[Any]]:
    """Every change-log row in the segment row form, by device and seq. The compact
    log stores a link only where it is not the previous row's hash
    (:mod:`database.changelog_codec`): the form written out has every link."""
    columns = [getattr(ChangeLog, c) for c in ROW_COLUMNS]
    device, link = None, GENESIS_HASH
    for row in session.execute(
        select(*columns).order_by(ChangeLog.device_id, ChangeLog.device_seq)
    ):
        values = list(row)
        if values[_DEVICE] != device:
            device, link = values[_DEVICE], GENESIS_HASH
        if values[_LINK] is None:
            values[_LINK] = link
        link = values[_HASH]
        yield values


def _store_log(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append rows (segment row form) to the local change log, as applying does: a
    link that is the previous row's hash (or the genesis at seq 1) is left implicit."""
    stored = []
    previous: dict[str, Any] | None = None
    for row in rows:
        row = dict(row)
        if row["device_seq"] == 1:
            implicit = row["prev_hash"] == GENESIS_HASH
        elif previous is not None and previous["device_id"] == row["device_id"] and (
                previous["device_seq"] == row["device_seq"] - 1):
            implicit = row["prev_hash"] == previous["hash"]
        else:
            implicit = row["prev_hash"] == session.execute(
                select(ChangeLog.hash).where(ChangeLog.device_id == row["device_id"],
                                             ChangeLog.device_seq == row["device_seq"] - 1)
            ).scalar()
        previous = row
        if implicit:
            row["prev_hash"] = None
        stored.append(row)
    session.execute(insert(CHANGE_LOG_TABLE), stored)


# --- collecting ---------------------------------------------------------------------------


def collect(session: Session, writer: SnapshotWriter) -> None:
    for name in sorted(SYNCED_TABLES):
        table: Table = SYNCED_TABLES[name].__table__  # type: ignore[assignment]
        columns = list(table.columns.keys())
        result = session.execute(select(*table.columns).order_by(table.c.id))
        for batch in _batches(iter(result)):
            writer.add("table", {"table": name, "columns": columns,
                                 "rows": [list(r) for r in batch]}, len(batch))
    for batch in _batches(_read_log(session)):
        writer.add("log", batch, len(batch))
    epochs = session.execute(
        select(SyncEpoch.device_id, SyncEpoch.first_seq, SyncEpoch.seen)
        .order_by(SyncEpoch.device_id, SyncEpoch.first_seq)
    )
    for batch in _batches(iter(epochs)):
        writer.add("epoch", [[d, f, json.loads(s)] for d, f, s in batch], len(batch))
    conflicts = session.execute(
        select(*(getattr(SyncConflict, c) for c in _CONFLICT_COLUMNS)).order_by(SyncConflict.id)
    )
    for batch in _batches(iter(conflicts)):
        writer.add("conflict", [list(r) for r in batch], len(batch))
    refused = session.execute(
        select(*(getattr(SyncRefused, c) for c in _REFUSED_COLUMNS)).order_by(SyncRefused.op_id)
    )
    for batch in _batches(iter(refused)):
        writer.add("refused", [list(r) for r in batch], len(batch))


# --- loading ------------------------------------------------------------------------------


def _load_tables(
    session: Session, snapshot: Snapshot, on_chunk: OnChunk
) -> dict[str, list[str]]:
    """Insert every table chunk; returns the record ids per table."""
    ids: dict[str, list[str]] = {}
    for chunk in snapshot.chunks("table", on_chunk):
        try:
            name, columns, rows = str(chunk["table"]), list(chunk["columns"]), chunk["rows"]
        except (KeyError, TypeError) as exc:
            raise BadSnapshot("bad table chunk") from exc
        info = TABLES.get(name)
        if info is None or "id" not in columns or not set(columns) <= info.columns:
            raise BadSnapshot(f"table {name} does not match this program's schema")
        values = []
        for row in rows:
            decoded = info.decode(dict(zip(columns, row, strict=True)))
            for column in info.columns - decoded.keys():
                decoded[column] = None
            values.append(decoded)
        if values:
            session.execute(insert(info.table), values)
            ids.setdefault(name, []).extend(str(v["id"]) for v in values)
    return ids


def _load_log(session: Session, snapshot: Snapshot, own: str, on_chunk: OnChunk) -> str:
    """Insert the change log, checking each device's chain from its first row up to
    the vector; returns the greatest HLC."""
    vector = snapshot.header.vector
    position: dict[str, tuple[int, str]] = {}
    greatest = ""
    for chunk in snapshot.chunks("log", on_chunk):
        rows = []
        for values in chunk:
            row = dict(zip(ROW_COLUMNS, values, strict=True))
            device = str(row["device_id"])
            seq, previous = position.get(device, (0, GENESIS_HASH))
            if (
                device == own or device not in vector or row["device_seq"] != seq + 1
                or row["prev_hash"] != previous or row_hash(row) != row["hash"]
            ):
                raise BadSnapshot(f"change log of {device[:8]} broken at {seq + 1}")
            position[device] = (seq + 1, row["hash"])
            greatest = max(greatest, row["hlc"])
            rows.append(row)
        if rows:
            _store_log(session, rows)
    for device, (seq, last_hash) in vector.items():
        if position.get(device, (0, GENESIS_HASH)) != (seq, last_hash if seq else GENESIS_HASH):
            raise BadSnapshot(f"change log of {device[:8]} does not reach the vector")
    return greatest


def _load_rest(session: Session, snapshot: Snapshot) -> None:
    for chunk in snapshot.chunks("epoch"):
        session.execute(insert(SyncEpoch), [
            {"device_id": d, "first_seq": int(f), "seen": json.dumps(s, sort_keys=True)}
            for d, f, s in chunk
        ])
    for chunk in snapshot.chunks("conflict"):
        session.execute(insert(SyncConflict),
                        [dict(zip(_CONFLICT_COLUMNS, r, strict=True)) for r in chunk])
    for chunk in snapshot.chunks("refused"):
        session.execute(insert(SyncRefused),
                        [dict(zip(_REFUSED_COLUMNS, r, strict=True)) for r in chunk])


def _advance_clock(session: Session, greatest: str, wall_ms: int) -> None:
    """The HLC receive rule for everything loaded, bounded like applying a segment."""
    if not greatest:
        return
    remote = _decode_hlc(greatest)
    bound = wall_ms + MAX_DRAG_MS
    candidate = remote if remote[0] <= bound else (bound, 0)
    local = _get_meta(session, META_HLC)
    best = max(_decode_hlc(local) if local else (0, 0), candidate, (wall_ms, 0))
    _set_meta(session, {META_HLC: _encode_hlc(*best)})


def load(
    session: Session, snapshot: Snapshot, own: str, on_chunk: OnChunk = None
) -> set[tuple[str, str]]:
    """Load ``snapshot`` into this computer's empty database (the caller's transaction,
    foreign keys off); returns the records loaded (for :func:`.people.after_apply`).
    ``on_chunk`` is told the share of the file loaded."""
    if own in snapshot.header.vector:
        raise BadSnapshot("the snapshot already holds this computer's own changes")
    ids = _load_tables(session, snapshot, on_chunk)
    greatest = _load_log(session, snapshot, own, on_chunk)
    _load_rest(session, snapshot)
    cursors = [
        {"device_id": d, "last_seq": s, "last_hash": h, "state": "ok", "problem": "",
         "clock_ahead_ms": 0}
        for d, (s, h) in sorted(snapshot.header.vector.items()) if s > 0
    ]
    if cursors:
        session.execute(insert(SyncCursor), cursors)
    if state_digest(session) != snapshot.header.digest:
        raise BadSnapshot("state digest differs after loading")
    _advance_clock(session, greatest, int(time.time() * 1000))
    record_own_epoch(session, own, Epochs(session))
    return {(t, str(uuid.UUID(r))) for t, records in ids.items() for r in records}
