"""Writing records' state from their ops, one by one and in batches.

:func:`materialize` recomputes one record (its row, its conflict rows, a clash of a
unique key resolved); :func:`materialize_many` does it for a segment's thousands of
records at once: their ops read in one statement per chunk, or taken from the round's
:class:`OpCache` and their merge extended (:func:`database.sync.records.extend`), their
rows written with one statement per table, or only the fields that changed.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database.changelog import META_CHAIN_HEAD, _get_meta, canonical_json
from database.models import ChangeLog, SyncConflict, SyncRefused
from database.sync.records import (
    TABLES,
    Epochs,
    Folded,
    Merged,
    Op,
    decode_id,
    extend,
    fold,
    merge,
)

# Ids per ``IN (…)`` list: few statements for a 5,000-row segment, far below any
# SQLite build's bound on parameters (32,766 since 3.32).
_CHUNK = 4000


def chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _refused(session: Session) -> set[str]:
    """Op ids refused here. Compared in Python, not with ``NOT IN (SELECT …)``: the
    change log stores op ids as bytes (:mod:`database.changelog_codec`), the refused
    list as text, so SQL would never find them equal."""
    return set(session.execute(select(SyncRefused.op_id)).scalars())


def _record_ops(session: Session, table: str, record: str) -> list[Op]:
    rows = session.execute(
        select(
            ChangeLog.op_id, ChangeLog.hlc, ChangeLog.device_id, ChangeLog.device_seq,
            ChangeLog.operation, ChangeLog.fields,
        ).where(
            ChangeLog.table_name == table,
            ChangeLog.record_id == record,
        )
    ).mappings()
    refused = _refused(session)
    return [Op.from_row(r) for r in rows if r["op_id"] not in refused]


def _occupant(session: Session, table: str, record: str, row: dict[str, Any]) -> str | None:
    """Another record holding one of this row's unique keys."""
    info = TABLES[table]
    decoded = info.decode({k: row.get(k) for k in info.columns if k in row})
    rid = uuid.UUID(record)
    for columns in info.uniques:
        values = [decoded.get(c) for c in columns]
        if any(v is None and not info.table.c[c].nullable
               for c, v in zip(columns, values, strict=True)):
            continue
        # A nullable key column left empty is part of the key here (a year mark has
        # no period): SQL's unique constraint would let two such rows stand.
        found = session.execute(
            select(info.table.c.id).where(
                and_(*(info.table.c[c].is_(None) if v is None else info.table.c[c] == v
                       for c, v in zip(columns, values, strict=True))),
                info.table.c.id != rid,
            ).limit(1)
        ).scalar()
        if found is not None:
            return str(found)
    return None


def _write_conflicts(session: Session, table: str, record: str, merged: Merged) -> None:
    if merged.conflicts:
        session.execute(
            insert(SyncConflict), [c.as_row(table, record) for c in merged.conflicts]
        )


@functools.cache
def _upsert_statement(table: str) -> Any:
    """INSERT … ON CONFLICT(id) DO UPDATE of every column, built once per table."""
    target = TABLES[table].table
    statement = sqlite_insert(target)
    return statement.on_conflict_do_update(
        index_elements=[target.c.id],
        set_={c.name: statement.excluded[c.name] for c in target.columns if c.name != "id"},
    )


def _full_row(table: str, record: str, row: dict[str, Any]) -> dict[str, Any]:
    info = TABLES[table]
    values = info.decode({k: v for k, v in row.items() if k in info.columns})
    for name in info.table.columns.keys():  # noqa: SIM118 (names, not columns)
        values.setdefault(name, None)
    values["id"] = decode_id(record)
    return values


def _upsert(session: Session, table: str, record: str, row: dict[str, Any]) -> None:
    session.execute(_upsert_statement(table), [_full_row(table, record, row)])


def _remove(session: Session, table: str, record: str) -> None:
    info = TABLES[table]
    session.execute(delete(info.table).where(info.table.c.id == uuid.UUID(record)))


def materialize(
    session: Session, table: str, record: str, epochs: Epochs, ops: list[Op] | None = None
) -> None:
    """Recompute one record's state and conflicts from its accepted ops."""
    if table not in TABLES:
        return
    if ops is None:
        ops = _record_ops(session, table, record)
    merged = merge(table, ops, epochs)
    session.execute(
        delete(SyncConflict).where(
            SyncConflict.table_name == table, SyncConflict.record_id == record
        )
    )
    _write_conflicts(session, table, record, merged)
    row = merged.row
    if row is None or not TABLES[table].required <= row.keys():
        _remove(session, table, record)
        return
    occupant = _occupant(session, table, record, row)
    if occupant is not None:
        occupant_merged = merge(table, _record_ops(session, table, occupant), epochs)
        mine = (merged.created or ("", ""), record)
        theirs = (occupant_merged.created or ("", ""), occupant)
        loser, winner = (record, occupant) if theirs < mine else (occupant, record)
        loser_created = merged if loser == record else occupant_merged
        session.execute(insert(SyncConflict), [{
            "table_name": table, "record_id": loser, "field": "unique",
            "winner_op": _first_op(session, table, winner),
            "loser_op": _first_op(session, table, loser),
            "loser_value": canonical_json(loser_created.row or {}),
        }])
        if loser == record:
            _remove(session, table, record)
            return
        _remove(session, table, occupant)
    _upsert(session, table, record, row)


@dataclass(frozen=True)
class InHand:
    """Ops of the segment being applied, already decoded: not read back from the log
    (device, first and last seq of the rows just inserted)."""

    device: str
    first: int
    last: int
    ops: dict[tuple[str, str], list[Op]]


class OpCache:
    """Accepted ops of the records applied so far in one round, with their merge
    (:class:`~database.sync.records.Folded`), so a record changed in many segments (a
    mark corrected three times in a day) is read from the log once, not once per
    segment, and its next ops extend the merge instead of redoing it. When this
    computer's own chain moved (the user saved between two segments), its new ops are
    added to the records held and their merge is redone; the cache is cleared when it
    grows past :attr:`LIMIT` ops (a bootstrap replays millions)."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.ops: dict[tuple[str, str], Folded] = {}
        self.count = 0
        self.head: str | None = None

    def check(self, session: Session, own_device: str) -> None:
        head = _get_meta(session, META_CHAIN_HEAD)
        if head == self.head:
            return
        if self.head is None or not self.ops:
            self.clear()
        else:
            since = int(self.head.split(":")[0])
            for row in session.execute(
                select(
                    ChangeLog.op_id, ChangeLog.hlc, ChangeLog.device_id, ChangeLog.device_seq,
                    ChangeLog.operation, ChangeLog.fields, ChangeLog.table_name,
                    ChangeLog.record_id,
                ).where(ChangeLog.device_id == own_device, ChangeLog.device_seq > since)
                .order_by(ChangeLog.device_seq)
            ).mappings():
                held = self.ops.get((row["table_name"], row["record_id"]))
                if held is not None:
                    held.ops.append(Op.from_row(row))
                    held.merged = None  # merged again, and sorted, when next extended
                    held.stored = False  # the user's save wrote the row, not this merge
                    self.count += 1
        self.head = head

    def clear(self) -> None:
        self.ops.clear()
        self.count = 0

    def put(self, key: tuple[str, str], folded: Folded) -> None:
        if self.count > self.LIMIT:
            self.clear()
        previous = self.ops.get(key)
        self.count += len(folded.ops) - (len(previous.ops) if previous is not None else 0)
        self.ops[key] = folded


def _folds_of(
    session: Session, keys: list[tuple[str, str]], epochs: Epochs,
    in_hand: InHand | None = None, cache: OpCache | None = None,
) -> tuple[dict[tuple[str, str], Folded], dict[tuple[str, str], frozenset[str]]]:
    """Every accepted op of these records, merged: what the round's cache holds is
    extended by the ops in hand, the rest read in one statement per chunk. Also the
    records whose database row is the previous merge's and which the new ops changed
    in a few fields only (record → those fields): they need no whole row written."""
    found: dict[tuple[str, str], Folded] = {}
    narrow: dict[tuple[str, str], frozenset[str]] = {}
    if cache is not None and in_hand is not None:
        for key in keys:
            cached = cache.ops.get(key)
            if cached is not None:
                folded = extend(key[0], cached, in_hand.ops.get(key, ()), epochs)
                if cached.stored and folded.changed is not None and folded is not cached:
                    narrow[key] = folded.changed
                found[key] = folded
    wanted: dict[tuple[str, str], list[Op]] = {k: [] for k in keys if k not in found}
    conditions: list[ColumnElement[bool]] = []
    if in_hand is not None:
        conditions.append(~and_(ChangeLog.device_id == in_hand.device,
                                ChangeLog.device_seq.between(in_hand.first, in_hand.last)))
        for key, ops in wanted.items():
            ops.extend(in_hand.ops.get(key, ()))
    refused = _refused(session) if wanted else set()
    for chunk in chunks(sorted({r for _, r in wanted})):
        for row in session.execute(
            select(
                ChangeLog.op_id, ChangeLog.hlc, ChangeLog.device_id, ChangeLog.device_seq,
                ChangeLog.operation, ChangeLog.fields, ChangeLog.table_name,
                ChangeLog.record_id,
            ).where(ChangeLog.record_id.in_(chunk), *conditions)
        ).mappings():
            key = (row["table_name"], row["record_id"])
            if key in wanted and row["op_id"] not in refused:
                wanted[key].append(Op.from_row(row))
    for key, ops in wanted.items():
        found[key] = fold(key[0], ops, epochs)
    if cache is not None:
        for key in keys:
            cache.put(key, found[key])
    return found, narrow


def _clear_conflicts(session: Session, keys: list[tuple[str, str]]) -> None:
    """Delete the conflict rows of these records: those the table has (few, often
    none) are looked up first, so a segment of thousands of records deletes only
    theirs instead of sending every id."""
    if not keys:
        return
    wanted = set(keys)
    listed = sorted({
        (t, r) for t, r in session.execute(
            select(SyncConflict.table_name, SyncConflict.record_id).distinct())
        if (t, r) in wanted
    })
    by_table: dict[str, list[str]] = {}
    for table, record in listed:
        by_table.setdefault(table, []).append(record)
    for table, records in by_table.items():
        for chunk in chunks(records):
            session.execute(delete(SyncConflict).where(
                SyncConflict.table_name == table, SyncConflict.record_id.in_(chunk)))


@functools.cache
def _key_columns(table: str) -> frozenset[str]:
    return frozenset(c for columns in TABLES[table].uniques for c in columns)


def _update_fields(
    session: Session, table: str, columns: frozenset[str],
    items: list[tuple[str, dict[str, Any]]],
) -> bool:
    """Write only ``columns`` of rows that are here; False if some row was not
    (the caller then writes whole rows)."""
    info = TABLES[table]
    names = sorted(columns & info.columns - {"id"})
    if not names:
        return True
    params = []
    for record, row in items:
        values = info.decode({c: row.get(c) for c in names})
        values["_record"] = decode_id(record)
        params.append(values)
    done = session.execute(
        update(info.table).where(info.table.c.id == bindparam("_record")), params
    )
    return int(done.rowcount) == len(params)  # type: ignore[attr-defined]


def _write_rows(
    session: Session, table: str, items: list[tuple[str, dict[str, Any]]],
    narrow: dict[tuple[str, str], frozenset[str]],
) -> bool:
    """Every row of a table's batch, in one savepoint: whole rows upserted, rows
    changed in a few fields outside any unique key updated in those; False when a
    unique key clashed (nothing of the batch is then written)."""
    whole: list[tuple[str, dict[str, Any]]] = []
    partial: dict[frozenset[str], list[tuple[str, dict[str, Any]]]] = {}
    keys = _key_columns(table)
    for record, row in items:
        changed = narrow.get((table, record))
        if changed is None or changed & keys:
            whole.append((record, row))
        else:
            partial.setdefault(changed, []).append((record, row))
    try:
        with session.begin_nested():
            for columns, group in partial.items():
                if not _update_fields(session, table, columns, group):
                    whole.extend(group)  # a row not here after all: written whole
            if whole:
                session.execute(
                    _upsert_statement(table), [_full_row(table, r, row) for r, row in whole]
                )
    except IntegrityError:
        return False
    return True


def materialize_many(
    session: Session, keys: list[tuple[str, str]], epochs: Epochs,
    in_hand: InHand | None = None, cache: OpCache | None = None,
) -> None:
    """:func:`materialize` for many records at once: their ops read together, their
    rows written with one statement per table (or per set of changed fields). A table
    whose batch clashes with a unique key falls back to the record-by-record path,
    which resolves the clash."""
    keys = [k for k in keys if k[0] in TABLES]
    folds, narrow = _folds_of(session, keys, epochs, in_hand, cache)
    merged: dict[tuple[str, str], Merged] = {}
    for key, folded in folds.items():
        assert folded.merged is not None  # extend() and fold() always merge
        merged[key] = folded.merged
        folded.stored = False  # until written below
    _clear_conflicts(session, keys)
    upserts: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    removals: dict[str, list[str]] = {}
    for (table, record), result in merged.items():
        row = result.row
        if row is None or not TABLES[table].required <= row.keys():
            removals.setdefault(table, []).append(record)
        else:
            upserts.setdefault(table, []).append((record, row))
    careful: set[tuple[str, str]] = set()
    for table, items in upserts.items():
        if _write_rows(session, table, items, narrow):
            for record, _ in items:
                folds[(table, record)].stored = True
        else:
            careful.update((table, r) for r, _ in items)
    for table, records in removals.items():
        info = TABLES[table]
        for chunk in chunks(records):
            session.execute(
                delete(info.table).where(info.table.c.id.in_([uuid.UUID(r) for r in chunk]))
            )
    conflicts = [
        c.as_row(table, record)
        for (table, record), result in merged.items() if (table, record) not in careful
        for c in result.conflicts
    ]
    if conflicts:
        session.execute(insert(SyncConflict), conflicts)
    for table, record in sorted(careful):
        materialize(session, table, record, epochs, folds[(table, record)].ops)


def _first_op(session: Session, table: str, record: str) -> str:
    ops = sorted(_record_ops(session, table, record), key=lambda o: o.key)
    upserts = [o for o in ops if o.operation != "delete"]
    return upserts[0].op_id if upserts else (ops[0].op_id if ops else "")


@functools.cache
def _nullable_key_columns(table: str) -> frozenset[str]:
    info = TABLES[table]
    return frozenset(c for columns in info.uniques for c in columns
                     if info.table.c[c].nullable)


def empty_key_column(table: str, row: dict[str, Any]) -> bool:
    """A new record whose unique key has an empty nullable column (a year, exam or
    final mark): SQLite's constraint cannot catch its duplicate, so it goes the
    record-by-record way, which looks for one."""
    nullable = _nullable_key_columns(table)
    return bool(nullable) and any(row.get(c) is None for c in nullable)


def fast_insert(session: Session, table: str, rows: list[tuple[str, dict[str, Any]]]) -> bool:
    """New records with no history here: one multi-row insert, inside a savepoint so
    a unique clash rolls back only this attempt (the caller then goes record by record)."""
    info = TABLES[table]
    values = []
    for record, row in rows:
        decoded = info.decode({k: v for k, v in row.items() if k in info.columns})
        for name in info.table.columns.keys():  # noqa: SIM118
            decoded.setdefault(name, None)
        decoded["id"] = decode_id(record)
        values.append(decoded)
    try:
        with session.begin_nested():
            session.execute(insert(info.table), values)
    except IntegrityError:
        return False
    return True
