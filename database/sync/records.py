"""A record's current state as a pure function of its ops (per-field last writer wins).

For one record (table, id) and all of its accepted ops, wherever they were made:

- **existence**: the op with the greatest ``(hlc, device)`` decides — an upsert keeps
  the record, a delete removes it;
- **each field**: the upsert with the greatest ``(hlc, device)`` among those that wrote
  the field gives its value;
- **conflicts**: a losing op its winner had not *seen* (see :class:`Epochs`) and whose
  value differs is kept as a conflict row — a concurrent edit of the same field, an
  update racing a delete (the update is kept), a delete that lost to a later update.
  An op made after seeing both sides settles the conflict: the loser is then seen.

Because the result depends on the set of ops only, never on the order they arrived,
every computer computes the same state and the same conflicts.
"""

from __future__ import annotations

import bisect
import json
import operator
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, Time, select
from sqlalchemy.orm import Session

from database.changelog import DELETE, canonical_json
from database.ids import UuidBlob
from database.models import SYNCED_TABLES, SyncEpoch

# Bookkeeping every sign-in writes on its own computer: last writer wins, but two
# sign-ins on two computers are not a disagreement anyone must look at. Likewise the
# stamps of an entry (who typed it, when, whether late): two computers typing the same
# mark disagree about nothing; when the values differ, the value's conflict is shown
# and its resolution carries the chosen side's stamps along.
QUIET_FIELDS = frozenset(
    {("account", "last_login_at"), ("account", "failed_attempts"), ("account", "locked_until")}
    | {(table, stamp) for table in ("mark", "attendance", "period_mark")
       for stamp in ("entered_by", "entered_at", "late")}
    | {("lesson", "homework_entered_at"), ("lesson", "homework_late")}
)


@dataclass(frozen=True)
class Op:
    op_id: str
    hlc: str
    device: str
    seq: int
    operation: str
    fields: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return (self.hlc, self.device)

    @classmethod
    def from_row(cls, row: Any) -> Op:
        fields = row["fields"]
        return cls(
            row["op_id"], row["hlc"], row["device_id"], row["device_seq"], row["operation"],
            json.loads(fields) if isinstance(fields, str) else fields,
        )


class Epochs:
    """Per device, the ``seen`` vector in force from each ``first_seq`` on."""

    def __init__(self, session: Session | None = None) -> None:
        """Those stored in ``session``; none without one (then :meth:`add` them)."""
        self._starts: dict[str, list[int]] = {}
        self._seen: dict[str, list[dict[str, int]]] = {}
        if session is None:
            return
        for device, first, seen in session.execute(
            select(SyncEpoch.device_id, SyncEpoch.first_seq, SyncEpoch.seen).order_by(
                SyncEpoch.device_id, SyncEpoch.first_seq
            )
        ):
            self.add(device, first, json.loads(seen))

    def add(self, device: str, first: int, seen: dict[str, int]) -> None:
        starts = self._starts.setdefault(device, [])
        vectors = self._seen.setdefault(device, [])
        index = bisect.bisect_left(starts, first)
        if index < len(starts) and starts[index] == first:
            vectors[index] = seen
        else:
            starts.insert(index, first)
            vectors.insert(index, seen)

    def seen(self, device: str, seq: int) -> dict[str, int]:
        starts = self._starts.get(device)
        if not starts:
            return {}
        index = bisect.bisect_right(starts, seq) - 1
        return self._seen[device][index] if index >= 0 else {}

    def saw(self, later: Op, earlier: Op) -> bool:
        """True when ``later``'s device had applied ``earlier`` before writing it."""
        return self.saw_seq(later, earlier.device, earlier.seq)

    def saw_seq(self, later: Op, device: str, seq: int) -> bool:
        """:meth:`saw` for the op number ``seq`` of ``device`` (and so every op of that
        device before it: a ``seen`` vector holds a prefix of each log)."""
        if later.device == device:
            return seq < later.seq
        return self.seen(later.device, later.seq).get(device, 0) >= seq


# --- decoding logged values ----------------------------------------------------------------


# Decoded ids kept per logged text: a day's segments name the same lessons, students
# and accounts thousands of times, and ``uuid.UUID`` is the slowest step of a row.
# One memo for every column, emptied when full (a bootstrap names millions).
_UUID_MEMO: dict[str, uuid.UUID] = {}
_UUID_MEMO_LIMIT = 100_000


def decode_id(value: str) -> uuid.UUID:
    """UUID text as logged, decoded once per text."""
    found = _UUID_MEMO.get(value)
    if found is None:
        found = uuid.UUID(value)
        if len(_UUID_MEMO) >= _UUID_MEMO_LIMIT:
            _UUID_MEMO.clear()
        _UUID_MEMO[value] = found
    return found


def _decode_uuid(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    return decode_id(value) if isinstance(value, str) else uuid.UUID(str(value))


def _decoder(column: Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, UuidBlob):
        return _decode_uuid
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Time):
        return lambda v: None if v is None else time.fromisoformat(v)
    return None


@dataclass(frozen=True)
class TableInfo:
    table: Table
    decoders: dict[str, Any]
    required: frozenset[str]
    columns: frozenset[str]
    uniques: tuple[tuple[str, ...], ...]

    def decode(self, row: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in row.items():
            decoder = self.decoders.get(name)
            out[name] = decoder(value) if decoder is not None else value
        return out


def _table_info(name: str) -> TableInfo:
    table: Table = SYNCED_TABLES[name].__table__  # type: ignore[assignment]
    decoders = {c.name: d for c in table.columns if (d := _decoder(c)) is not None}
    required = frozenset(c.name for c in table.columns if not c.nullable and c.name != "id")
    uniques: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        names = tuple(c.name for c in getattr(constraint, "columns", ()))
        if constraint.__class__.__name__ == "UniqueConstraint" and names:
            uniques.append(names)
    for column in table.columns:
        if column.unique:
            uniques.append((column.name,))
    return TableInfo(
        table, decoders, required, frozenset(c.name for c in table.columns), tuple(uniques)
    )


TABLES: dict[str, TableInfo] = {name: _table_info(name) for name in SYNCED_TABLES}


# --- the merge -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    field: str
    winner_op: str
    loser_op: str
    loser_value: str

    def as_row(self, table: str, record: str) -> dict[str, Any]:
        return {
            "table_name": table, "record_id": record, "field": self.field,
            "winner_op": self.winner_op, "loser_op": self.loser_op,
            "loser_value": self.loser_value,
        }


@dataclass(frozen=True)
class Merged:
    row: dict[str, Any] | None  # logged (JSON-plain) values, None: no record
    conflicts: tuple[Conflict, ...]
    created: tuple[str, str] | None  # the key of the record's first upsert


_KEY = operator.attrgetter("hlc", "device")  # Op.key, without a property call per op


def merge(table: str, ops: Iterable[Op], epochs: Epochs) -> Merged:
    ordered = sorted(ops, key=_KEY)
    if not ordered:
        return Merged(None, (), None)
    last = ordered[-1]
    upserts = [o for o in ordered if o.operation != DELETE]
    conflicts: list[Conflict] = []
    created = upserts[0].key if upserts else None
    if last.operation == DELETE:
        for op in upserts:
            if not epochs.saw(last, op):
                conflicts.append(Conflict("*", last.op_id, op.op_id, canonical_json(op.fields)))
        return Merged(None, tuple(conflicts), created)
    row: dict[str, Any] = {}
    winners: dict[str, Op] = {}
    for op in upserts:
        for name, value in op.fields.items():
            row[name] = value
            winners[name] = op
    for op in upserts:
        for name, value in op.fields.items():
            winner = winners[name]
            if (
                winner is not op
                and value != row[name]
                and (table, name) not in QUIET_FIELDS
                and not epochs.saw(winner, op)
            ):
                conflicts.append(Conflict(name, winner.op_id, op.op_id, canonical_json(value)))
    for op in ordered:
        if op.operation == DELETE and not epochs.saw(last, op):
            conflicts.append(Conflict("*", last.op_id, op.op_id, "null"))
    return Merged(row, tuple(conflicts), created)


# --- a merge carried from one segment to the next ----------------------------------------------


@dataclass
class Folded:
    """A record's accepted ops (sorted by key) with their :func:`merge`, kept so the
    next segment's ops for the record extend it instead of merging all again.
    ``merged`` None: not computed for these ops (the next :func:`extend` merges)."""

    ops: list[Op]
    merged: Merged | None
    latest: dict[str, int]  # device → its greatest seq among ``ops``
    # Extended the quick way: the fields the new ops wrote, the only ones whose value
    # can differ from the previous merge's row (None: merged from all the ops).
    changed: frozenset[str] | None = None
    # The database row is ``merged.row`` (set by the apply that wrote it).
    stored: bool = False


def fold(table: str, ops: Iterable[Op], epochs: Epochs) -> Folded:
    ordered = sorted(ops, key=_KEY)
    latest: dict[str, int] = {}
    for op in ordered:
        if op.seq > latest.get(op.device, 0):
            latest[op.device] = op.seq
    return Folded(ordered, merge(table, ordered, epochs), latest)


def extend(table: str, folded: Folded | None, new: Sequence[Op], epochs: Epochs) -> Folded:
    """The :class:`Folded` of ``folded``'s ops and ``new`` ones, equal to
    :func:`fold` of them all. Worked out from the previous merge when the new ops are
    upserts that come after every op held (by key), each made after seeing every op
    before it — a record corrected again and again on one computer, or on several
    that synchronised in between. Then no field a new op writes can be in conflict
    (its winner saw every other writer), the conflicts of the other fields stand, and
    no delete is unseen. Anything else is merged again from all the ops."""
    if folded is None:
        return fold(table, new, epochs)
    if not new:
        if folded.merged is None:
            return fold(table, folded.ops, epochs)
        return folded
    ordered = list(new) if len(new) == 1 else sorted(new, key=_KEY)
    old = folded.merged
    held = folded.ops
    if (
        old is None or old.row is None or not held
        or _KEY(ordered[0]) <= _KEY(held[-1])
        or any(op.operation == DELETE for op in ordered)
    ):
        return fold(table, held + ordered, epochs)
    latest = dict(folded.latest)
    saw = epochs.saw_seq
    for op in ordered:
        for device, seq in latest.items():
            if not saw(op, device, seq):
                return fold(table, held + ordered, epochs)
        if op.seq > latest.get(op.device, 0):
            latest[op.device] = op.seq
    row = dict(old.row)
    for op in ordered:
        row.update(op.fields)
    changed = frozenset(ordered[0].fields) if len(ordered) == 1 else frozenset(
        name for op in ordered for name in op.fields)
    conflicts = old.conflicts and tuple(
        c for c in old.conflicts if c.field != "*" and c.field not in changed)
    return Folded(held + ordered, Merged(row, conflicts, old.created), latest, changed)
