"""The change log: append-only audit trail, hash-chained per device, spine of sync.

Services never write ``change_log`` rows by hand: they call :func:`save` or
:func:`delete`, which change the record *and* append the log row in the caller's
transaction, so a change without its log row (or the reverse) cannot be committed.

Each device's rows are numbered ``device_seq`` = 1, 2, 3… and each row's ``hash`` is
SHA-256 over its canonical bytes, which include the previous row's hash. Altering a
byte of a row, or deleting one, breaks the chain at that row; :func:`verify_chain`
names it.
"""

from __future__ import annotations

import hashlib
import json
import time as _time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ScalarSelect, Table, bindparam, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from database.actor import Actor
from database.ids import new_id
from database.models import ChangeLog, LocalMeta, Synced

GENESIS_HASH = "0" * 64
CHANGE_LOG_TABLE: Table = ChangeLog.__table__  # type: ignore[assignment]
LOCAL_META_TABLE: Table = LocalMeta.__table__  # type: ignore[assignment]

META_DEVICE_ID = "device_id"
META_HLC = "hlc_last"
META_CHAIN_HEAD = "chain_head"  # "<device_seq>:<hash>" of this device's last row

# Set in ``session.info`` once the session has logged a change: whoever commits it
# can tell that there is something new to publish (the GUI's worker does).
WROTE_CHANGES = "changelog.wrote_changes"

UPSERT = "upsert"
DELETE = "delete"


# --- canonical encoding ---------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A JSON-ready, unambiguous form of a column value JSON cannot encode itself."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot log a value of type {type(value).__name__}")


# One pre-built encoder: the change log encodes every row twice (its fields, then the
# whole row for the hash), and this is most of the cost of a bulk write.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
)


def canonical_json(data: dict[str, Any]) -> str:
    return _ENCODER.encode(data)


_HASHED_COLUMNS = (
    "op_id",
    "hlc",
    "device_id",
    "device_seq",
    "author_id",
    "table_name",
    "record_id",
    "operation",
    "fields",
    "parent_op",
    "reason",
    "prev_hash",
)


def row_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the row's canonical bytes (which include ``prev_hash``)."""
    payload = canonical_json({k: row[k] for k in _HASHED_COLUMNS})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --- hybrid logical clock -------------------------------------------------------------


def _encode_hlc(wall_ms: int, counter: int) -> str:
    # Fixed width so that text order is time order.
    return f"{wall_ms:015d}:{counter:06d}"


def _decode_hlc(text: str) -> tuple[int, int]:
    wall, counter = text.split(":")
    return int(wall), int(counter)


def hlc_moment(text: str) -> datetime:
    """The local wall-clock time an HLC stamp was taken (for showing the history)."""
    return datetime.fromtimestamp(_decode_hlc(text)[0] / 1000)


def next_hlc(last: str | None, wall_ms: int | None = None) -> str:
    """The HLC after ``last``: wall-clock milliseconds, or a counter when the wall
    clock has not moved (or went backwards, e.g. after a clock correction)."""
    now_ms = int(_time.time() * 1000) if wall_ms is None else wall_ms
    if last is None:
        return _encode_hlc(now_ms, 0)
    last_ms, last_counter = _decode_hlc(last)
    if now_ms > last_ms:
        return _encode_hlc(now_ms, 0)
    return _encode_hlc(last_ms, last_counter + 1)


# --- the writer -----------------------------------------------------------------------


# The writer's statements are built once, here, and executed with their values bound:
# every change a service makes runs them, and building a statement anew costs more
# than SQLite takes to run it.


def _meta_value(key: str) -> ScalarSelect[str]:
    """SQL: one ``local_meta`` value (NULL when the key is not there)."""
    return select(LocalMeta.value).where(LocalMeta.key == key).scalar_subquery()


_GET_META = select(LocalMeta.value).where(LocalMeta.key == bindparam("key"))

# Insert a value, or replace the one stored under its key.
_NEW_META = sqlite_insert(LOCAL_META_TABLE)
_PUT_META = _NEW_META.on_conflict_do_update(
    index_elements=[LOCAL_META_TABLE.c.key], set_={"value": _NEW_META.excluded.value}
)

_INSERT_LOG = CHANGE_LOG_TABLE.insert()

# The op that last changed a record (table_name, record_id): the parent of its next op.
_LAST_OP = (
    select(ChangeLog.op_id)
    .where(
        ChangeLog.table_name == bindparam("table_name"),
        ChangeLog.record_id == bindparam("record_id"),
    )
    .order_by(ChangeLog.seq.desc())
    .limit(1)
)

# This device's chain head and clock; and the same with a record's last op.
_CHAIN = select(_meta_value(META_CHAIN_HEAD), _meta_value(META_HLC))
_CHAIN_AND_LAST_OP = _CHAIN.add_columns(_LAST_OP.scalar_subquery())


def _get_meta(session: Session, key: str) -> str | None:
    return session.execute(_GET_META, {"key": key}).scalar()


def _set_meta(session: Session, values: dict[str, str]) -> None:
    """Store ``local_meta`` values, inserting missing keys. Core, not the ORM: the
    change log stores its chain head on every write, and loading the rows as
    entities first would cost a statement per key."""
    session.execute(_PUT_META, [{"key": key, "value": value} for key, value in values.items()])


def local_device_id(session: Session) -> uuid.UUID:
    """This database's own device id (created with the database)."""
    value = _get_meta(session, META_DEVICE_ID)
    if value is None:
        raise RuntimeError("database has no device id; it was not created by School Journal")
    return uuid.UUID(value)


def init_local_meta(session: Session, device_id: uuid.UUID) -> None:
    """Called once when a database is created."""
    _set_meta(session, {META_DEVICE_ID: str(device_id)})


class ChangeLogWriter:
    """Appends hash-chained rows for one device. Holds the chain head in memory, so
    a bulk job (the demo school) appends thousands of rows and stores the head once.

    ``chain`` is the stored chain head and clock when the caller has already read
    them (see :func:`_log_one`); by default they are read here."""

    def __init__(
        self,
        session: Session,
        device_id: uuid.UUID,
        *,
        chain: tuple[str | None, str | None] | None = None,
    ) -> None:
        self.session = session
        self.device_id = str(device_id)
        if chain is None:
            stored = session.execute(_CHAIN).one()
            chain = (stored[0], stored[1])
        head, self.hlc = chain
        if head is None:
            self.device_seq, self.head_hash = 0, GENESIS_HASH
        else:
            seq_text, self.head_hash = head.split(":")
            self.device_seq = int(seq_text)
        self.pending: list[dict[str, Any]] = []

    def append(
        self,
        *,
        author_id: uuid.UUID | None,
        table_name: str,
        record_id: uuid.UUID,
        operation: str,
        fields: dict[str, Any],
        parent_op: str | None,
        reason: str | None,
    ) -> str:
        """Queue one log row; returns its op id."""
        self.device_seq += 1
        self.hlc = next_hlc(self.hlc)
        row: dict[str, Any] = {
            "op_id": str(new_id()),
            "hlc": self.hlc,
            "device_id": self.device_id,
            "device_seq": self.device_seq,
            "author_id": None if author_id is None else str(author_id),
            "table_name": table_name,
            "record_id": str(record_id),
            "operation": operation,
            "fields": canonical_json(fields),
            "parent_op": parent_op,
            "reason": reason,
            "prev_hash": self.head_hash,
        }
        row["hash"] = row_hash(row)
        self.head_hash = row["hash"]
        row["prev_hash"] = None  # stored implicitly: the previous row's hash
        self.pending.append(row)
        return str(row["op_id"])

    def flush(self) -> None:
        """Insert queued rows and store the chain head, in the caller's transaction."""
        if not self.pending:
            return
        # Core insert: the ORM's bulk path adds nothing for an append-only table.
        self.session.execute(_INSERT_LOG, self.pending)
        self.pending = []
        self.session.info[WROTE_CHANGES] = True
        assert self.hlc is not None
        _set_meta(
            self.session,
            {META_CHAIN_HEAD: f"{self.device_seq}:{self.head_hash}", META_HLC: self.hlc},
        )


# --- batches --------------------------------------------------------------------------

_BATCH_KEY = "changelog.batch_reason"


@contextmanager
def batch(session: Session, reason: str) -> Iterator[None]:
    """Every row logged in ``session`` inside the block carries ``reason`` (unless the
    service gives its own), so one user action made of many service calls — an
    import of a school's spreadsheet — reads as one batch in the change log."""
    previous = session.info.get(_BATCH_KEY)
    session.info[_BATCH_KEY] = reason
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(_BATCH_KEY, None)
        else:
            session.info[_BATCH_KEY] = previous


def batch_reason(session: Session, reason: str | None) -> str | None:
    """``reason``, or the reason of the batch ``session`` is writing, if any."""
    return reason if reason is not None else session.info.get(_BATCH_KEY)


# --- what services call ---------------------------------------------------------------


def column_values(obj: Synced, keys: Iterable[str] | None = None) -> dict[str, Any]:
    mapper = inspect(type(obj))
    names = [a.key for a in mapper.column_attrs] if keys is None else list(keys)
    return {name: getattr(obj, name) for name in names if name != "id"}


def _changed_columns(obj: Synced) -> list[str] | None:
    """Columns changed since load, or None for a new object (all columns)."""
    state = inspect(obj)
    if state.transient or state.pending:
        return None
    return [
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    ]


def _log_one(
    session: Session,
    actor: Actor,
    obj: Synced,
    operation: str,
    fields: dict[str, Any],
    reason: str | None,
    *,
    has_parent: bool,
) -> None:
    """Append the log row of one changed record. What it depends on — this device's
    chain head and clock, and the record's last op (its parent) — is read in one
    statement: services log record by record, so statements per row count."""
    table = type(obj).__tablename__
    reason = batch_reason(session, reason)
    if has_parent:
        head, hlc, parent_op = session.execute(
            _CHAIN_AND_LAST_OP, {"table_name": table, "record_id": str(obj.id)}
        ).one()
    else:
        head, hlc = session.execute(_CHAIN).one()
        parent_op = None
    writer = ChangeLogWriter(session, actor.device_id, chain=(head, hlc))
    writer.append(
        author_id=actor.account_id,
        table_name=table,
        record_id=obj.id,
        operation=operation,
        fields=fields,
        parent_op=parent_op,
        reason=reason,
    )
    writer.flush()


def save(session: Session, actor: Actor, obj: Synced, reason: str | None = None) -> bool:
    """Insert or update ``obj`` and log the changed fields. Returns False (and logs
    nothing) when nothing changed."""
    changed = _changed_columns(obj)
    if changed is not None and not changed:
        return False
    is_new = changed is None
    if obj.id is None:
        obj.id = new_id()
    session.add(obj)
    # Flushing first applies column defaults and takes SQLite's write lock before the
    # chain head is read, so two writers can never fork this device's chain.
    session.flush()
    _log_one(session, actor, obj, UPSERT, column_values(obj, changed), reason,
             has_parent=not is_new)
    return True


def delete(session: Session, actor: Actor, obj: Synced, reason: str | None = None) -> None:
    """Delete ``obj`` and log a tombstone (deletes are never inferred)."""
    session.delete(obj)
    session.flush()
    _log_one(session, actor, obj, DELETE, {}, reason, has_parent=True)


def save_fields(
    session: Session, actor: Actor, obj: Synced, names: Iterable[str], reason: str | None = None
) -> None:
    """Log ``names`` of ``obj`` as written now, even those whose value did not change.

    For a choice that settles a sync conflict: keeping the value shown changes nothing
    here, yet the op must exist — made after seeing both sides, it is what closes the
    conflict on every computer (see :mod:`database.sync.records`)."""
    if obj.id is None:
        obj.id = new_id()
    session.add(obj)
    session.flush()
    _log_one(session, actor, obj, UPSERT, column_values(obj, names), reason, has_parent=True)


def log_tombstone(
    session: Session,
    actor: Actor,
    table_name: str,
    record_id: uuid.UUID,
    fields: dict[str, Any],
    reason: str | None = None,
) -> None:
    """A delete of a record this computer does not hold as a row: a duplicate of a
    unique key, kept only as a conflict. ``fields`` name what the record belonged to
    (a mark's lesson), so every computer can check the author's rights on it."""
    head, hlc, parent_op = session.execute(
        _CHAIN_AND_LAST_OP, {"table_name": table_name, "record_id": str(record_id)}
    ).one()
    writer = ChangeLogWriter(session, actor.device_id, chain=(head, hlc))
    writer.append(
        author_id=actor.account_id, table_name=table_name, record_id=record_id,
        operation=DELETE, fields=fields, parent_op=parent_op,
        reason=batch_reason(session, reason),
    )
    writer.flush()


def advance_clock(session: Session, past: Iterable[str]) -> None:
    """Make this device's next op later than every HLC in ``past``: a resolution must
    win over the values it settles, on every computer. (The caller keeps ``past``
    within the receive bound of :mod:`database.sync.apply`.)"""
    current = _get_meta(session, META_HLC)
    latest = max([*past, *([current] if current is not None else [])], default=None)
    if latest is not None and latest != current:
        _set_meta(session, {META_HLC: latest})


# --- verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    device_id: str
    device_seq: int
    problem: str  # Russian, for the command line and the integrity window

    def describe(self) -> str:
        where = (
            f"строка журнала изменений № {self.seq}" if self.seq is not None else "конец цепочки"
        )
        return (
            f"{where} (устройство {self.device_id}, порядковый номер {self.device_seq}): "
            f"{self.problem}"
        )


@dataclass(frozen=True)
class ChainReport:
    rows_checked: int
    devices: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows_by_device(session: Session) -> Iterator[dict[str, Any]]:
    columns = [getattr(ChangeLog, c) for c in ("seq", "hash", *_HASHED_COLUMNS)]
    result = session.execute(
        select(*columns).order_by(ChangeLog.device_id, ChangeLog.device_seq)
    )
    for row in result.mappings():
        yield dict(row)


def verify_chain(session: Session) -> ChainReport:
    """Walk every device's chain; report the first broken row (by device, then order)."""
    checked = 0
    devices: set[str] = set()
    current_device: str | None = None
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for row in _rows_by_device(session):
        checked += 1
        if row["device_id"] != current_device:
            current_device = row["device_id"]
            devices.add(current_device)
            expected_seq, prev_hash = 1, GENESIS_HASH

        def problem(text: str, r: dict[str, Any] = row, n: int = checked) -> ChainReport:
            return ChainReport(
                n, len(devices), ChainProblem(r["seq"], r["device_id"], r["device_seq"], text)
            )

        if row["device_seq"] != expected_seq:
            return problem(
                f"пропущены записи: ожидался номер {expected_seq} — строка удалена"
            )
        # A stored link (rare: kept only where it is not simply the previous row's
        # hash) must still be that hash.
        if row["prev_hash"] is not None and row["prev_hash"] != prev_hash:
            return problem("ссылка на предыдущую запись не совпадает — предыдущая строка изменена")
        row["prev_hash"] = prev_hash
        if row_hash(row) != row["hash"]:
            return problem(
                "контрольная сумма не совпадает — строка изменена"
                if expected_seq == 1
                else "контрольная сумма не совпадает — строка или предыдущая строка изменена"
            )
        expected_seq += 1
        prev_hash = row["hash"]

    # Rows deleted from the end of this device's own chain leave no gap; the stored
    # head catches them.
    head = _get_meta(session, META_CHAIN_HEAD)
    own = _get_meta(session, META_DEVICE_ID)
    if head is not None and own is not None:
        head_seq_text, head_hash = head.split(":")
        head_seq = int(head_seq_text)
        last = session.execute(
            select(ChangeLog.device_seq, ChangeLog.hash)
            .where(ChangeLog.device_id == own)
            .order_by(ChangeLog.device_seq.desc())
            .limit(1)
        ).first()
        last_seq, last_hash = (0, GENESIS_HASH) if last is None else (last[0], last[1])
        if (last_seq, last_hash) != (head_seq, head_hash):
            return ChainReport(
                checked,
                len(devices),
                ChainProblem(
                    None,
                    own,
                    last_seq + 1,
                    f"последняя запись цепочки (№ {head_seq}) отсутствует или изменена",
                ),
            )
    return ChainReport(checked, len(devices), None)
