"""``share compact``: a fresh snapshot, then old segments removed only when safe.

Only the administration workstation (the holder of the share's root key) does this.
A sync round first (its own changes published, everything ready applied), then a
snapshot of its state is written (:func:`write_snapshot`), read back and verified in
full. Then a segment ``[first, last]`` of device D is removed only when **all** hold:

1. the new snapshot covers it: ``last`` ≤ the snapshot's vector for D (so its ops,
   every acknowledged write among them, are in a verified snapshot);
2. every *active* device has applied it: its signed head's ``seen[D]`` ≥ ``last``
   (D itself: its head's seq). Active means not revoked and a head written within the
   grace period; a computer silent for longer catches up from the snapshot when it
   returns (:mod:`.bootstrap`), after publishing its own changes first;
3. it is older than the grace period (its newest op's HLC), so a slow share or a
   stale listing never meets a fresh removal.

Segments beyond a revoked device's last accepted seq are never covered and stay (they
are evidence). Older snapshots go once the new one is verified; the one before it stays
only while it can still stand in for the newest (every segment after it still there).
Nothing else on the share is touched.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import META_CHAIN_HEAD, _decode_hlc, _get_meta
from database.errors import ValidationError
from database.paths import SchoolPaths
from database.sync.config import ShareConfig, load_config
from database.sync.digest import state_digest
from database.sync.identity import DeviceIdentity, load_identity
from database.sync.publish import publish, published_position
from database.sync.registry import Registry, read_registry
from database.sync.segments import BadSegment, decode_head, read_header
from database.sync.share import (
    ShareLayout,
    SharePath,
    ShareUnavailable,
    list_segments,
    publish_file,
    read_bytes,
    segment_name,
)
from database.sync.snapshot import (
    BadSnapshot,
    SnapshotHeader,
    SnapshotWriter,
    header_at,
    list_snapshots,
    newest_header,
    open_snapshot,
    snapshot_name,
    snapshot_path,
)
from database.sync.snapshot_state import collect

GRACE_DAYS = 30
DAY_MS = 24 * 3600 * 1000


@dataclass
class CompactReport:
    snapshot: str = ""
    snapshot_bytes: int = 0
    snapshot_new: bool = False
    removed: list[tuple[str, int, int]] = field(default_factory=list)  # (device, from, to)
    freed_bytes: int = 0
    snapshots_removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # why segments stay (Russian)

    def describe(self) -> str:
        state = "записан и проверен" if self.snapshot_new else "уже был актуален"
        lines = [
            f"Снимок {self.snapshot} ({self.snapshot_bytes} байт) {state}.",
            f"Удалено файлов изменений: {len(self.removed)}, освобождено "
            f"{self.freed_bytes} байт.",
        ]
        by_device: dict[str, list[tuple[int, int]]] = {}
        for name, first, last in self.removed:
            by_device.setdefault(name, []).append((first, last))
        for name, ranges in sorted(by_device.items()):
            lines.append(
                f"  «{name}»: изменения № {min(a for a, _ in ranges)}–"
                f"{max(b for _, b in ranges)} (файлов: {len(ranges)})"
            )
        lines += [f"  удалён старый снимок {name}" for name in self.snapshots_removed]
        lines += [f"Оставлено: {why}" for why in self.kept]
        return "\n".join(lines)


def _require_admin_workstation(config: ShareConfig | None) -> bytes:
    if config is None:
        raise ValidationError("Этот компьютер не подключён к общей папке школы.")
    if config.root_private is None:
        raise ValidationError(
            "Сжимать общую папку может только компьютер администрации, который её настроил."
        )
    return config.root_private


def write_snapshot(
    session: Session, layout: ShareLayout, identity: DeviceIdentity, registry: Registry,
) -> tuple[SnapshotHeader, int, bool]:
    """A snapshot of this computer's state (in the caller's transaction, which first
    publishes whatever is still unpublished, so the vector's own entry is a published
    segment boundary). Returns the header, the file's size and whether it is new
    (an existing snapshot with the same frontier is reused, after verifying it)."""
    config = load_config(session)
    root_private = _require_admin_workstation(config)
    assert config is not None
    own = str(identity.device_id)
    publish(session, layout, identity, registry.key_id, config.keys[registry.key_id])
    seq, last_hash = published_position(session)
    head = _get_meta(session, META_CHAIN_HEAD)
    if head is not None and int(head.split(":")[0]) != seq:
        raise ValidationError("Не все изменения этого компьютера отправлены; повторите.")
    vector = {
        device: (row_seq, row_hash)
        for device, (row_seq, row_hash) in _cursor_hashes(session).items() if row_seq > 0
    }
    if seq > 0:
        vector[own] = (seq, last_hash)
    frontier = sum(s for s, _ in vector.values())
    target = snapshot_path(layout, frontier)

    def verify(raw: bytes) -> bool:
        try:
            open_snapshot(raw, config.root_key, config.share_id, config.keys, frontier)
        except BadSnapshot:
            return False
        return True

    existing = read_bytes(target)
    if existing is not None:
        if verify(existing):
            snapshot = open_snapshot(existing, config.root_key, config.share_id, config.keys)
            return snapshot.header, len(existing), False
        # Only this workstation writes snapshots: a damaged one under this name is its
        # own, and is replaced by a good one.
        target.unlink()
    writer = SnapshotWriter(config.share_id, config.keys[registry.key_id])
    collect(session, writer)
    if writer.counts.get("log", 0) != frontier:
        # Every row of the log is a device's row up to its cursor (or this computer's
        # own, all published): anything else and the vector would not describe it.
        raise ValidationError(
            "Журнал изменений этого компьютера не совпадает с принятыми изменениями; "
            "снимок не записан (проверьте целостность базы)."
        )
    header, data = writer.finish(
        root_private, own, registry.key_id, vector, state_digest(session),
        int(time.time() * 1000),
    )
    if not publish_file(target, data, replace=False, verify=verify):
        raise OSError(f"снимок {target.name} уже есть на общей папке")
    return header, len(data), True


def _cursor_hashes(session: Session) -> dict[str, tuple[int, str]]:
    from sqlalchemy import select

    from database.models import SyncCursor

    return {
        d: (s, h) for d, s, h in session.execute(
            select(SyncCursor.device_id, SyncCursor.last_seq, SyncCursor.last_hash)
        )
    }


def _acknowledgements(
    layout: ShareLayout, registry: Registry, now_ms: int, grace_ms: int,
) -> dict[str, dict[str, int]]:
    """Per active device, what it has applied (its head's ``seen`` and its own seq)."""
    active: dict[str, dict[str, int]] = {}
    for device in registry.active():
        raw = read_bytes(layout.head(device.device_id))
        if raw is None:
            continue  # never synced: it will bootstrap from the snapshot
        try:
            body = decode_head(raw, device.sign_key)
            at = int(body["at"])
            seen = {str(k): int(v) for k, v in dict(body["seen"]).items()}
            seen[device.device_id] = int(body["seq"])
        except (BadSegment, KeyError, TypeError, ValueError):
            continue  # an unreadable head acknowledges nothing, and proves no activity
        if at >= now_ms - grace_ms:
            active[device.device_id] = seen
    return active


def remove_covered_segments(
    layout: ShareLayout, registry: Registry, header: SnapshotHeader, *, own: str,
    now_ms: int, grace_ms: int, active_ms: int, report: CompactReport,
) -> None:
    acks = _acknowledgements(layout, registry, now_ms, active_ms)
    acks[own] = header.seqs()  # the snapshot is what this computer has applied
    covered = header.seqs()
    for device in sorted(registry.devices.values(), key=lambda d: d.device_id):
        upto = covered.get(device.device_id, 0)
        lagging = [
            registry.devices[a].name for a, seen in acks.items()
            if a != device.device_id and seen.get(device.device_id, 0) < upto
        ]
        for first, last in list_segments(layout, device.device_id):
            if last > upto:
                break
            if any(seen.get(device.device_id, 0) < last for seen in acks.values()):
                if lagging:
                    report.kept.append(
                        f"изменения «{device.name}» до № {upto}: ещё не приняты на "
                        + ", ".join(sorted(set(lagging)))
                    )
                break
            path = layout.segments_dir(device.device_id) / segment_name(first, last)
            raw = read_bytes(path)
            if raw is None:
                continue
            try:
                newest_ms = _decode_hlc(read_header(raw).hlc_max)[0]
            except (BadSegment, ValueError):
                continue  # not a segment at all: not ours to judge
            if newest_ms >= now_ms - grace_ms:
                report.kept.append(
                    f"изменения «{device.name}» с № {first}: моложе {grace_ms // DAY_MS} дн."
                )
                break
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                report.removed.append((device.name, first, last))
                report.freed_bytes += len(raw)


def _usable_fallback(
    layout: ShareLayout, older: SnapshotHeader, newest: SnapshotHeader,
) -> bool:
    """An older snapshot is worth keeping while it can still stand in for the newest
    one: every segment from its vector up to the newest's is still on the share."""
    for device, upto in newest.seqs().items():
        position = older.seqs().get(device, 0)
        for first, last in list_segments(layout, device):
            if first <= position + 1 <= last:
                position = last
        if position < upto:
            return False
    return True


def remove_old_snapshots(
    layout: ShareLayout, newest: SnapshotHeader, config: ShareConfig, report: CompactReport,
) -> None:
    """Once the newest is verified, the older snapshots go, except the one just before
    it while it is still a usable fallback (:func:`_usable_fallback`)."""
    older = [f for f in list_snapshots(layout) if f < newest.frontier]
    keep: int | None = None
    if older:
        previous = header_at(layout, older[0], config.root_key, config.share_id)
        if previous is not None and _usable_fallback(layout, previous, newest):
            keep = older[0]
    for frontier in older:
        if frontier == keep:
            continue
        path = snapshot_path(layout, frontier)
        raw = read_bytes(path)
        with contextlib.suppress(OSError):
            path.unlink()
            report.snapshots_removed.append(snapshot_name(frontier))
            report.freed_bytes += 0 if raw is None else len(raw)


def compact_share(
    paths: SchoolPaths, engine: Engine, base: SharePath, *, actor: Actor | None = None,
    grace_days: float = GRACE_DAYS, active_days: float | None = None,
    now_ms: int | None = None,
) -> CompactReport:
    """The whole ``share compact`` (see the module doc). Raises ShareUnavailable,
    ValidationError or OSError with a Russian reason; removes nothing on any doubt.
    ``active_days`` (default: the grace period) is how recent a head must be for its
    device to count as active; ``now_ms`` is for tests."""
    from database.sync.round import sync_round

    with Session(engine) as session:
        _require_admin_workstation(load_config(session))
    round_report = sync_round(paths, engine, base, actor=actor)
    if not round_report.ok:
        raise ShareUnavailable(round_report.unavailable or "")
    layout = ShareLayout(base)
    identity = load_identity(paths.root)
    report = CompactReport()
    with Session(engine) as session, session.begin():
        config = load_config(session)
        assert config is not None
        registry = read_registry(layout, config.root_key, config.registry_version)
        if registry is None:
            raise ShareUnavailable("список компьютеров школы на общей папке не найден")
        header, size, new = write_snapshot(session, layout, identity, registry)
    report.snapshot, report.snapshot_bytes = snapshot_name(header.frontier), size
    report.snapshot_new = new
    # Removal trusts only what the share says now: the snapshot, read back and verified.
    found = newest_header(layout, config.root_key, config.share_id)
    if found is None or found[1] != header.frontier:
        raise ShareUnavailable("новый снимок не читается с общей папки; ничего не удалено")
    now = int(time.time() * 1000) if now_ms is None else now_ms
    remove_covered_segments(
        layout, registry, header, own=str(identity.device_id), now_ms=now,
        grace_ms=int(grace_days * DAY_MS),
        active_ms=int((grace_days if active_days is None else active_days) * DAY_MS),
        report=report,
    )
    remove_old_snapshots(layout, header, config, report)
    return report
