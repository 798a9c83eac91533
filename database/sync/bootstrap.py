"""Starting from a snapshot: a new computer, and one that was away too long.

Called by every sync round before the segments are applied (:func:`from_snapshot`):

- **A new computer** (nothing applied, no change of its own) loads the newest snapshot
  that verifies (:func:`.snapshot_state.load`) in one transaction; the round then
  replays only the segments after the snapshot's vector. A snapshot that fails any
  check is rolled back and named in the report, and the next older one is tried;
  with none usable the computer replays the segments as before.
- **A computer that was offline longer than the compaction grace period** finds the
  next segment of some device removed from the share. Its own new changes were
  published first in this round (SYNC.md); then the ops it lacks are taken from the
  snapshot's change log and applied through the normal path
  (:func:`.apply.apply_segment`, per-field merge, permission checks, conflicts),
  piece by piece in causal order, each piece's chain checked against its cursor.

Costs nothing in the usual round: one listing of ``snap/`` and one header read.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, exists, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from database.models import ChangeLog, SyncCursor
from database.sync.apply import apply_segment, quarantine
from database.sync.config import ShareConfig
from database.sync.records import Epochs
from database.sync.registry import Registry
from database.sync.segments import BadSegment, SegmentHeader, _check_chain
from database.sync.share import ShareLayout, list_segments
from database.sync.snapshot import (
    BadSnapshot,
    Snapshot,
    newest_header,
    valid_snapshots,
)
from database.sync.snapshot_state import load

Progress = Callable[[str, float], None]
PIECE_ROWS = 5000


def _fresh(session: Session) -> bool:
    return not session.execute(select(exists().where(ChangeLog.seq > 0))).scalar() and not (
        session.execute(select(exists().where(SyncCursor.last_seq > 0))).scalar()
    )


def _cursors(session: Session) -> dict[str, tuple[int, str, str]]:
    return {
        d: (s, h, state) for d, s, h, state in session.execute(
            select(SyncCursor.device_id, SyncCursor.last_seq, SyncCursor.last_hash,
                   SyncCursor.state)
        )
    }


def from_snapshot(
    engine: Engine, layout: ShareLayout, config: ShareConfig, registry: Registry, own: str,
    report: Any, progress: Progress | None = None,
) -> set[tuple[str, str]]:
    """Bootstrap or catch up from the newest snapshot when needed (see the module doc);
    returns the records touched."""
    found = newest_header(layout, config.root_key, config.share_id)
    if found is None:
        return set()
    header, _ = found
    with Session(engine) as session:
        fresh = _fresh(session)
        cursors = _cursors(session)
    if fresh:
        return _bootstrap(engine, layout, config, own, report, progress)
    behind = [
        d for d, (seq, _) in header.vector.items()
        if d != own and d in registry.devices and seq > cursors.get(d, (0, "", ""))[0]
        and cursors.get(d, (0, "", "ok"))[2] != "fork"
    ]
    gaps = [
        d for d in behind
        if not any(first == cursors.get(d, (0, "", ""))[0] + 1
                   for first, _ in list_segments(layout, d))
    ]
    if not gaps:
        return set()
    return _catch_up(engine, layout, config, registry, own, report, progress)


def _bootstrap(
    engine: Engine, layout: ShareLayout, config: ShareConfig, own: str, report: Any,
    progress: Progress | None,
) -> set[tuple[str, str]]:
    from database.sync.round import _fk_off

    for snapshot in valid_snapshots(layout, config.root_key, config.share_id, config.keys,
                                    report.problems):
        if progress is not None:
            progress("Загрузка снимка школы с общей папки", 0.1)
        connection, driver = _fk_off(engine)
        try:
            session = Session(bind=connection)  # type: ignore[arg-type]
            try:
                with session.begin():
                    touched = load(session, snapshot, own, None if progress is None else (
                        lambda done: progress("Загрузка снимка школы", 0.1 + 0.8 * done)
                    ))
            except (BadSnapshot, SQLAlchemyError, KeyError, TypeError, ValueError):
                report.problems.append(
                    f"снимок № {snapshot.header.frontier} не совпал с собственной проверкой "
                    "и не использован"
                )
                continue
            finally:
                session.close()
        finally:
            driver.execute("PRAGMA foreign_keys = ON")  # type: ignore[attr-defined]
            connection.close()  # type: ignore[attr-defined]
        report.applied += snapshot.header.counts.get("log", 0)
        report.touched_tables |= {t for t, _ in touched}
        return touched
    return set()


# --- catching up after a long absence ---------------------------------------------------------


def _pieces(
    snapshot: Snapshot, wanted: dict[str, int], caps: dict[str, int],
) -> dict[str, list[tuple[SegmentHeader, list[dict[str, Any]]]]]:
    """The snapshot's rows each device is missing here, cut where its ``seen`` vector
    changes (and every :data:`PIECE_ROWS`), as segment-like pieces."""
    from database.sync.segments import ROW_COLUMNS

    starts: dict[str, list[int]] = {}
    vectors: dict[str, list[dict[str, int]]] = {}
    for chunk in snapshot.chunks("epoch"):
        for device, first, seen in chunk:
            starts.setdefault(device, []).append(int(first))
            vectors.setdefault(device, []).append({str(k): int(v) for k, v in seen.items()})
    rows: dict[str, list[dict[str, Any]]] = {}
    for chunk in snapshot.chunks("log"):
        for values in chunk:
            row = dict(zip(ROW_COLUMNS, values, strict=True))
            device = row["device_id"]
            if device in wanted and wanted[device] < row["device_seq"] <= caps[device]:
                rows.setdefault(device, []).append(row)
    pieces: dict[str, list[tuple[SegmentHeader, list[dict[str, Any]]]]] = {}
    for device, found in rows.items():
        found.sort(key=lambda r: r["device_seq"])
        device_starts = starts.get(device, [])
        index = 0
        while index < len(found):
            first = found[index]["device_seq"]
            at = bisect.bisect_right(device_starts, first) - 1
            seen = vectors[device][at] if at >= 0 else {}
            boundary = device_starts[at + 1] if at + 1 < len(device_starts) else None
            end = index
            while end < len(found) and end - index < PIECE_ROWS and (
                boundary is None or found[end]["device_seq"] < boundary
            ):
                end += 1
            chunk_rows = found[index:end]
            pieces.setdefault(device, []).append((SegmentHeader(
                device=device, key_id=snapshot.header.key_id, first=first,
                last=chunk_rows[-1]["device_seq"], prev_hash=chunk_rows[0]["prev_hash"],
                last_hash=chunk_rows[-1]["hash"],
                hlc_min=min(r["hlc"] for r in chunk_rows),
                hlc_max=max(r["hlc"] for r in chunk_rows),
                seen={k: v for k, v in seen.items() if k != device},
            ), chunk_rows))
            index = end
    return pieces


def _catch_up(
    engine: Engine, layout: ShareLayout, config: ShareConfig, registry: Registry, own: str,
    report: Any, progress: Progress | None,
) -> set[tuple[str, str]]:
    from database.sync.round import _fk_off

    snapshot = next(iter(valid_snapshots(layout, config.root_key, config.share_id,
                                         config.keys, report.problems)), None)
    if snapshot is None:
        return set()
    touched: set[tuple[str, str]] = set()
    connection, driver = _fk_off(engine)
    try:
        session = Session(bind=connection, expire_on_commit=False)  # type: ignore[arg-type]
        with session.begin():
            cursors = _cursors(session)
            epochs = Epochs(session)
        wanted = {
            d: cursors.get(d, (0, "", "ok"))[0] for d in snapshot.header.vector
            if d != own and d in registry.devices and cursors.get(d, (0, "", "ok"))[2] != "fork"
        }
        caps = {}
        for device in wanted:
            cap = snapshot.header.vector[device][0]
            revoked = registry.devices[device].revoked_after
            caps[device] = cap if revoked is None else min(cap, revoked)
        try:
            pieces = _pieces(snapshot, wanted, caps)
        except (BadSnapshot, KeyError, TypeError, ValueError):
            report.problems.append("снимок на общей папке не читается; ожидание")
            session.close()
            return set()
        if progress is not None:
            progress("Догоняем школу по снимку с общей папки", 0.2)
        moved = True
        while moved:
            moved = False
            for device, queue in sorted(pieces.items()):
                while queue:
                    header, rows = queue[0]
                    with session.begin():
                        cursors = _cursors(session)
                        seq, last_hash, _ = cursors.get(device, (0, "0" * 64, "ok"))
                        if header.last <= seq:
                            queue.pop(0)  # already here
                            continue
                        if header.first != seq + 1:
                            report.problems.append(
                                f"снимок: нет изменений компьютера {device[:8]} с № {seq + 1}")
                            queue.clear()
                            break
                        if header.prev_hash != last_hash:
                            problem = (
                                f"компьютер {device[:8]}: изменения № {header.first}… в снимке "
                                "не продолжают уже принятые (развилка журнала); приём остановлен"
                            )
                            quarantine(session, device, problem)
                            report.problems.append(problem)
                            queue.clear()
                            break
                        if any(d != own and cursors.get(d, (0, "", ""))[0] < s
                               for d, s in header.seen.items()):
                            break  # waits for another device's piece
                        try:
                            _check_chain(header, rows)
                        except BadSegment:
                            report.problems.append(
                                f"снимок: изменения компьютера {device[:8]} повреждены")
                            queue.clear()
                            break
                        result = apply_segment(
                            session, header, rows, own_device=own,
                            device_kind=registry.devices[device].kind, epochs=epochs,
                        )
                    queue.pop(0)
                    moved = True
                    report.applied += result.applied
                    report.refused += result.refused
                    report.touched_tables |= result.touched_tables
                    touched |= result.touched
        session.close()
    finally:
        driver.execute("PRAGMA foreign_keys = ON")  # type: ignore[attr-defined]
        connection.close()  # type: ignore[attr-defined]
    return touched
