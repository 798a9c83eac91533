"""Applying one verified segment of another device, in ONE local transaction.

The transaction holds everything the segment changes here: its rows appended to the
local change log (so the audit trail and :func:`database.changelog.verify_chain` see
every device's whole chain), refused ops recorded, the segment's ``seen`` epoch, the
state of every touched record recomputed (:mod:`database.sync.materialize`), conflict
rows replaced, the cursor moved and the clock advanced. A crash anywhere before the
commit leaves the cursor where it was, so the segment is applied again next time;
rows whose op id is already here are skipped (idempotent).

Foreign keys are not enforced while applying (the caller's connection turns them off
outside the transaction): causal delivery means every record an op refers to has
arrived first, except after a delete raced a new reference, which is a conflict and
shown, not a reason to stall the school's sync forever.

Unique keys created twice offline (a class «5 «А»», a login, a mark cell): the record
created first — smallest ``(hlc, device)`` of its first upsert — keeps the key; the
other is not materialised and is listed as a ``unique`` conflict on every computer.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time as _time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.actor import Role
from database.changelog import (
    CHANGE_LOG_TABLE,
    META_CHAIN_HEAD,
    META_HLC,
    _decode_hlc,
    _encode_hlc,
    _get_meta,
    _set_meta,
)
from database.models import (
    Account,
    ChangeLog,
    SyncCursor,
    SyncEpoch,
    SyncRefused,
    SyncSegment,
    TeachingAssignment,
)
from database.sync.materialize import (
    InHand,
    OpCache,
    chunks,
    empty_key_column,
    fast_insert,
    materialize,
    materialize_many,
)
from database.sync.records import TABLES, Epochs, Folded, Op, fold
from database.sync.rules import Author, refusal
from database.sync.segments import SegmentHeader

# A remote op never drags this computer's clock further than this past its wall clock;
# a device whose clock runs further ahead is flagged to the administration.
MAX_DRAG_MS = 5 * 60 * 1000


@dataclass
class ApplyResult:
    applied: int = 0
    refused: int = 0
    skipped: int = 0
    touched_tables: set[str] = field(default_factory=set)
    touched: set[tuple[str, str]] = field(default_factory=set)


# --- state lookups for the rules --------------------------------------------------------------


class _State:
    """Current values of records, with this segment's accepted ops laid over them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.overlay: dict[tuple[str, str], dict[str, Any]] = {}
        self.cache: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.authors: dict[str, Author | None] = {}
        self.subjects: dict[str, set[str]] = {}

    def value(self, table: str, record: str, column: str) -> Any:
        pending = self.overlay.get((table, record))
        if pending is not None and column in pending:
            return pending[column]
        key = (table, record)
        if key not in self.cache:
            info = TABLES.get(table)
            row = None
            if info is not None:
                try:
                    rid = uuid.UUID(record)
                except ValueError:
                    rid = None
                if rid is not None:
                    found = self.session.execute(
                        select(info.table).where(info.table.c.id == rid)
                    ).mappings().first()
                    row = dict(found) if found is not None else None
            self.cache[key] = row
        row = self.cache[key]
        return None if row is None else row.get(column)

    def accept(self, op: dict[str, Any], fields: dict[str, Any]) -> None:
        key = (op["table_name"], op["record_id"])
        self.overlay.setdefault(key, {}).update(fields)
        if op["table_name"] == "account":
            self.authors.pop(op["record_id"], None)
        if op["table_name"] == "teaching_assignment":
            self.subjects.clear()

    def author(self, author_id: str) -> Author | None:
        if author_id not in self.authors:
            role = self.value("account", author_id, "role")
            staff = self.value("account", author_id, "staff_id")
            self.authors[author_id] = (
                None if role is None
                else Author(Role(role), None if staff is None else str(uuid.UUID(str(staff))))
            )
        return self.authors[author_id]

    def teaches_subject(self, staff_id: str, subject_id: str) -> bool:
        if staff_id not in self.subjects:
            found = {
                str(s) for s in self.session.execute(
                    select(TeachingAssignment.subject_id).where(
                        TeachingAssignment.teacher_id == uuid.UUID(staff_id)
                    )
                ).scalars()
            }
            for (table, _), values in self.overlay.items():
                if table == "teaching_assignment" and str(values.get("teacher_id")) == staff_id:
                    found.add(str(uuid.UUID(str(values.get("subject_id")))))
            self.subjects[staff_id] = found
        return subject_id in self.subjects[staff_id]


# --- the segment --------------------------------------------------------------------------------


def _known_op_ids(session: Session, op_ids: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in chunks(op_ids):
        known.update(
            session.execute(select(ChangeLog.op_id).where(ChangeLog.op_id.in_(chunk))).scalars()
        )
    return known


def _records_with_history(
    session: Session, rows: list[dict[str, Any]], cache: OpCache | None
) -> set[str]:
    """Ids of these rows' records that have ops here already: those the round's cache
    holds ops of (applied in an earlier segment) without asking the database."""
    found: set[str] = set()
    unknown: set[str] = set()
    for row in rows:
        held = None if cache is None else cache.ops.get((row["table_name"], row["record_id"]))
        if held is not None and held.ops:
            found.add(row["record_id"])
        else:
            unknown.add(row["record_id"])
    for chunk in chunks(sorted(unknown - found)):
        found.update(
            session.execute(
                select(ChangeLog.record_id).where(ChangeLog.record_id.in_(chunk)).distinct()
            ).scalars()
        )
    return found


def cursors(session: Session) -> dict[str, int]:
    return {
        device: seq
        for device, seq in session.execute(select(SyncCursor.device_id, SyncCursor.last_seq))
    }


def own_next_seq(session: Session) -> int:
    head = _get_meta(session, META_CHAIN_HEAD)
    return 1 if head is None else int(head.split(":")[0]) + 1


def record_own_epoch(session: Session, own_device: str, epochs: Epochs) -> None:
    """What this device has seen now is what its next ops will have seen."""
    first = own_next_seq(session)
    seen = cursors(session)
    statement = sqlite_insert(SyncEpoch).values(
        device_id=own_device, first_seq=first, seen=json.dumps(seen, sort_keys=True)
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SyncEpoch.device_id, SyncEpoch.first_seq],
            set_={"seen": statement.excluded.seen},
        )
    )
    epochs.add(own_device, first, seen)


def _receive_clock(session: Session, header: SegmentHeader, wall_ms: int) -> int:
    """HLC receive rule with a bound on drag; returns how far ahead the sender's clock
    ran (ms, 0 if not beyond the bound)."""
    remote_ms, remote_counter = _decode_hlc(header.hlc_max)
    bound = wall_ms + MAX_DRAG_MS
    ahead = remote_ms - wall_ms if remote_ms > bound else 0
    candidate = (remote_ms, remote_counter) if remote_ms <= bound else (bound, 0)
    local = _get_meta(session, META_HLC)
    local_parts = _decode_hlc(local) if local is not None else (0, 0)
    best = max(local_parts, candidate, (wall_ms, 0))
    _set_meta(session, {META_HLC: _encode_hlc(*best)})
    return ahead


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while one segment is applied. A segment
    makes tens of thousands of small dicts, lists and ops, and the round's cache keeps
    many alive, so the collector would scan the whole heap again and again (a third
    of a school day's apply); the cycles made meanwhile are collected afterwards."""
    if not gc.isenabled():  # paused by someone else: theirs to resume
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@_collector_paused()
def apply_segment(
    session: Session,
    header: SegmentHeader,
    rows: list[dict[str, Any]],
    *,
    own_device: str,
    device_kind: str,
    epochs: Epochs,
    wall_ms: int | None = None,
    cache: OpCache | None = None,
) -> ApplyResult:
    """Apply a verified segment (the caller checked order, chain and signature) and
    move its cursor, all in the caller's transaction. ``cache``: the round's
    :class:`OpCache`, kept by the caller from one segment to the next."""
    result = ApplyResult()
    if cache is not None:
        cache.check(session, own_device)
    # Asked before the rows join the log; for rows already here too (their records
    # have history either way).
    history = _records_with_history(session, rows, cache)
    new_rows = _append_to_log(session, rows)
    result.skipped = len(rows) - len(new_rows)
    epochs.add(header.device, header.first, header.seen)
    session.execute(
        sqlite_insert(SyncEpoch)
        .values(device_id=header.device, first_seq=header.first,
                seen=json.dumps(header.seen, sort_keys=True))
        .on_conflict_do_nothing()
    )

    state = _State(session)
    refused_rows: list[dict[str, Any]] = []
    accepted: dict[tuple[str, str], list[Op]] = {}
    for row in new_rows:
        fields = json.loads(row["fields"])
        author = None if row["author_id"] is None else state.author(row["author_id"])
        reason = refusal(row, fields, author, device_kind, state.value, state.teaches_subject)
        if reason is not None:
            refused_rows.append({
                "op_id": row["op_id"], "device_id": row["device_id"],
                "device_seq": row["device_seq"], "author_id": row["author_id"],
                "table_name": row["table_name"], "record_id": row["record_id"],
                "reason": reason,
            })
            continue
        state.accept(row, fields)
        key = (row["table_name"], row["record_id"])
        accepted.setdefault(key, []).append(Op(
            row["op_id"], row["hlc"], row["device_id"], row["device_seq"], row["operation"],
            fields,
        ))
    if refused_rows:
        session.execute(insert(SyncRefused), refused_rows)

    fresh: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    folds: dict[tuple[str, str], Folded] = {}  # the fresh records' merges, cached
    with_history: list[tuple[str, str]] = []
    for (table, record), ops in accepted.items():
        result.touched.add((table, record))
        result.touched_tables.add(table)
        if record in history or table not in TABLES:
            with_history.append((table, record))
            continue
        folded = fold(table, ops, epochs)
        merged = folded.merged
        assert merged is not None
        if cache is not None:  # no history before this segment: all of it
            cache.put((table, record), folded)
            folds[(table, record)] = folded
        fresh_row = merged.row
        if (merged.conflicts or fresh_row is None
                or not TABLES[table].required <= fresh_row.keys()
                or empty_key_column(table, fresh_row)):
            materialize(session, table, record, epochs, ops)
            continue
        fresh.setdefault(table, []).append((record, fresh_row))
    # Every row of the segment was new here (the usual case): its ops are in hand and
    # only the older history is read back; after a partial replay, all of it is.
    in_hand = (
        InHand(header.device, header.first, header.last, accepted)
        if not result.skipped else None
    )
    materialize_many(session, with_history, epochs, in_hand, cache)
    for table, items in fresh.items():
        if fast_insert(session, table, items):
            for record, _ in items:
                if (table, record) in folds:
                    folds[(table, record)].stored = True
        else:
            for record, _ in items:
                materialize(session, table, record, epochs, accepted[(table, record)])

    result.applied = len(new_rows) - len(refused_rows)
    result.refused = len(refused_rows)
    ahead = _receive_clock(
        session, header, int(_time.time() * 1000) if wall_ms is None else wall_ms
    )
    _move_cursor(session, header, ahead)
    session.execute(
        sqlite_insert(SyncSegment)
        .values(device_id=header.device, first_seq=header.first, last_seq=header.last,
                last_hash=header.last_hash)
        .on_conflict_do_nothing()
    )
    record_own_epoch(session, own_device, epochs)
    return result


def _append_to_log(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Append the rows whose op is not here yet to the local change log; returns them.
    Usually all are new: tried at once, the op id's unique key finding any that is
    here (a segment partly replayed from a snapshot, an op id copied into another
    device's segment), and only then are the op ids looked up, the new rows appended."""
    if not rows:
        return rows
    try:
        with session.begin_nested():
            session.execute(insert(CHANGE_LOG_TABLE), _stored_rows(session, rows))
        return rows
    except IntegrityError:
        pass
    known = _known_op_ids(session, [r["op_id"] for r in rows])
    new_rows = [r for r in rows if r["op_id"] not in known]
    if new_rows:
        session.execute(insert(CHANGE_LOG_TABLE), _stored_rows(session, new_rows))
    return new_rows


def _stored_rows(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as this log stores them: a link is kept only where the row before it
    is not here (a log that starts after a snapshot); otherwise it is implicit, the
    hash of that row (the caller checked the segment continues what was applied)."""
    stored = [dict(r) if r.keys() == _LOG_KEYS else {k: r[k] for k in _LOG_COLUMNS}
              for r in rows]
    for row in stored:
        row["prev_hash"] = None
    first = stored[0]
    if first["device_seq"] > 1 and session.execute(
        select(ChangeLog.seq).where(
            ChangeLog.device_id == first["device_id"],
            ChangeLog.device_seq == first["device_seq"] - 1,
        )
    ).first() is None:
        first["prev_hash"] = rows[0]["prev_hash"]
    return stored


_LOG_COLUMNS = (
    "op_id", "hlc", "device_id", "device_seq", "author_id", "table_name", "record_id",
    "operation", "fields", "parent_op", "reason", "prev_hash", "hash",
)
_LOG_KEYS = frozenset(_LOG_COLUMNS)


def _move_cursor(session: Session, header: SegmentHeader, ahead_ms: int) -> None:
    statement = sqlite_insert(SyncCursor).values(
        device_id=header.device, last_seq=header.last, last_hash=header.last_hash,
        state="ok", problem="", clock_ahead_ms=ahead_ms,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SyncCursor.device_id],
            set_={
                "last_seq": statement.excluded.last_seq,
                "last_hash": statement.excluded.last_hash,
                "clock_ahead_ms": statement.excluded.clock_ahead_ms,
            },
        )
    )


def quarantine(session: Session, device: str, problem: str) -> None:
    """Stop applying a device's log (a fork): kept until the administration acts."""
    existing = session.get(SyncCursor, device)
    if existing is None:
        session.add(SyncCursor(
            device_id=device, last_seq=0, last_hash="0" * 64, state="fork", problem=problem,
            clock_ahead_ms=0,
        ))
    else:
        session.execute(
            update(SyncCursor).where(SyncCursor.device_id == device).values(
                state="fork", problem=problem
            )
        )


def disabled_accounts(session: Session, account_ids: set[str]) -> list[tuple[str, str]]:
    """(id, login) of those accounts now disabled."""
    if not account_ids:
        return []
    rows = session.execute(
        select(Account.id, Account.login).where(
            Account.id.in_([uuid.UUID(a) for a in account_ids]), Account.status == "disabled"
        )
    )
    return [(str(i), login) for i, login in rows]


__all__ = [
    "MAX_DRAG_MS", "ApplyResult", "OpCache", "apply_segment", "cursors", "disabled_accounts",
    "own_next_seq", "quarantine", "record_own_epoch",
]
