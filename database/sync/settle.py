"""This computer's conflict rows brought up to date with its own later changes.

Another computer decides a record's conflicts from all its ops when it applies them
(:func:`database.sync.materialize.materialize`). Here, a service's write after a conflict
was shown — a resolution, or simply a new value typed into that cell — changes the
record without looking at ``sync_conflict``, and its op, having seen both sides,
settles the conflict on every other computer. :func:`settle_conflicts` makes this
computer say the same: each conflicted record's rows are computed again from its ops
by the same :func:`~database.sync.records.merge`. A duplicate of a unique key stays
listed while it is alive (its row was decided by the apply that found the clash).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from database.models import ChangeLog, SyncConflict, SyncRefused
from database.sync.records import Epochs, Op, merge


def settle_conflicts(session: Session, records: Iterable[tuple[str, str]] | None = None,
                     epochs: Epochs | None = None) -> None:
    """Recompute the conflict rows of ``records`` (table, record id); by default of
    every record that has one (few: the table is empty on most days)."""
    keys = sorted(set(records) if records is not None else {
        (t, r) for t, r in session.execute(
            select(SyncConflict.table_name, SyncConflict.record_id).distinct())
    })
    if not keys:
        return
    epochs = epochs if epochs is not None else Epochs(session)
    # Compared in Python: the change log stores op ids as bytes, the refused list as
    # text (see database.changelog_codec), so SQL's NOT IN would never match them.
    refused = set(session.execute(select(SyncRefused.op_id)).scalars())
    for table, record in keys:
        rows = session.execute(
            select(ChangeLog.op_id, ChangeLog.hlc, ChangeLog.device_id, ChangeLog.device_seq,
                   ChangeLog.operation, ChangeLog.fields)
            .where(ChangeLog.table_name == table, ChangeLog.record_id == record)
        ).mappings()
        merged = merge(table, [Op.from_row(r) for r in rows if r["op_id"] not in refused],
                       epochs)
        stale = delete(SyncConflict).where(
            SyncConflict.table_name == table, SyncConflict.record_id == record)
        if merged.row is not None:  # alive: a duplicate's listing stays
            stale = stale.where(SyncConflict.field != "unique")
        session.execute(stale)
        if merged.conflicts:
            session.execute(insert(SyncConflict), [c.as_row(table, record)
                                                   for c in merged.conflicts])
