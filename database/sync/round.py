"""One sync round: check the share, refresh the registry and keys, publish this
device's new ops, apply every other device's ready segments, write the head.

Safe to call at any time from the one database worker; every failure is reported in
:class:`SyncReport` (Russian, for the status bar and the command line), never raised
past it, and leaves local data and cursors as they were. A share that is missing,
foreign or unsigned is not touched at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import local_device_id
from database.models import ChangeLog, SyncConflict, SyncCursor, SyncRefused, SyncSegment
from database.paths import SchoolPaths
from database.sync import people
from database.sync.apply import OpCache, apply_segment, cursors, quarantine
from database.sync.bootstrap import from_snapshot
from database.sync.config import META_LAST_OK, ShareConfig, load_config, set_meta, store_keys
from database.sync.divergence import (
    compare_heads,
    digest_due,
    frontier_digest,
    head_digest,
    stored_divergence,
)
from database.sync.enrol import cache_registry, cached_registry, process_requests
from database.sync.identity import DeviceIdentity, IdentityError, load_identity
from database.sync.pacing import Pace, part_of
from database.sync.publish import (
    head_is_current,
    pending_count,
    publish,
    published_position,
    write_head,
)
from database.sync.records import Epochs
from database.sync.registry import Registry, check_marker, read_registry, read_wrap
from database.sync.segments import (
    BadSegment,
    SegmentHeader,
    decode_head,
    decode_segment,
    read_header,
    verify_signature,
)
from database.sync.settle import settle_conflicts
from database.sync.share import (
    ShareLayout,
    SharePath,
    ShareUnavailable,
    list_segments,
    read_bytes,
    segment_name,
)

Progress = Callable[[str, float], None]


@dataclass
class SyncReport:
    unavailable: str | None = None
    published: int = 0
    applied: int = 0
    refused: int = 0
    enrolled: list[str] = field(default_factory=list)
    waiting: dict[str, str] = field(default_factory=dict)  # device → why (Russian)
    problems: list[str] = field(default_factory=list)
    touched_tables: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.unavailable is None

    def describe(self) -> str:
        if self.unavailable is not None:
            return f"Общая папка недоступна: {self.unavailable}"
        lines = [
            f"Отправлено изменений: {self.published}; принято: {self.applied}; "
            f"отклонено: {self.refused}."
        ]
        lines += [f"Подключён компьютер: {name}" for name in self.enrolled]
        lines += [f"Ожидание ({device[:8]}): {why}" for device, why in sorted(self.waiting.items())]
        lines += self.problems
        return "\n".join(lines)


def _fk_off(engine: Engine) -> tuple[object, object]:
    connection = engine.connect()
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys = OFF")
    return connection, driver


def _local_hash(session: Session, device: str, seq: int) -> str | None:
    return session.execute(
        select(ChangeLog.hash).where(ChangeLog.device_id == device, ChangeLog.device_seq == seq)
    ).scalar()


def _announced(layout: ShareLayout, device: str, sign_key: bytes) -> int:
    """The last seq a device's signed head announces (0 if none readable)."""
    raw = read_bytes(layout.head(device))
    if raw is None:
        return 0
    try:
        return int(decode_head(raw, sign_key)["seq"])
    except (BadSegment, KeyError, TypeError, ValueError):
        return 0


def _refresh_registry(
    session: Session, layout: ShareLayout, config: ShareConfig, identity: DeviceIdentity,
    report: SyncReport,
) -> Registry | None:
    registry = read_registry(layout, config.root_key, config.registry_version)
    if registry is None:
        registry = cached_registry(session)
        if registry is None:
            report.unavailable = "список компьютеров школы на общей папке не найден"
            return None
    elif registry.version > config.registry_version or not cached_registry(session):
        cache_registry(session, registry)
    me = registry.devices.get(str(identity.device_id))
    if me is None:
        report.unavailable = "этот компьютер не подключён к школе (нет в списке компьютеров)"
        return None
    if me.revoked_after is not None:
        report.unavailable = "этот компьютер отключён от школы администрацией"
        return None
    if registry.key_id not in config.keys:
        wrap = read_wrap(layout, config.root_key, str(identity.device_id), identity.box_private)
        if wrap is None or registry.key_id not in wrap[0]:
            report.unavailable = "новый ключ школы для этого компьютера ещё не выложен"
            return None
        store_keys(session, {**config.keys, **wrap[0]})
    return registry


def _check_old_segments(
    session: Session, layout: ShareLayout, device: str, sign_key: bytes, upto: int,
    names: list[tuple[int, int]], keys: dict[int, bytes], report: SyncReport,
) -> bool:
    """Segments covering what was already applied must agree with the local log; a
    different body for an applied seq is a fork. Each name is checked once."""
    checked = {
        (a, b) for a, b in session.execute(
            select(SyncSegment.first_seq, SyncSegment.last_seq).where(
                SyncSegment.device_id == device
            )
        )
    }
    for first, last in names:
        if first > upto or (first, last) in checked:
            continue
        raw = read_bytes(layout.segments_dir(device) / segment_name(first, last))
        if raw is None:
            continue
        try:
            if last <= upto:
                header = verify_signature(raw, sign_key)
                theirs = header.last_hash
                local = _local_hash(session, device, last)
            else:  # overlaps the applied end: compare the row at the cursor
                header, rows = decode_segment(raw, sign_key, keys.get)
                theirs = rows[upto - first]["hash"]
                local = _local_hash(session, device, upto)
        except BadSegment:
            continue  # not ours to judge yet: damaged, or a forgery
        if header.first != first or header.last != last:
            continue
        if local != theirs:
            problem = (
                f"компьютер {device[:8]} опубликовал другую версию уже принятых изменений "
                f"(№ {first}–{last}): похоже на копию диска; его изменения больше не "
                "принимаются, сообщите администрации"
            )
            quarantine(session, device, problem)
            report.problems.append(problem)
            return False
        if last <= upto:
            session.add(SyncSegment(device_id=device, first_seq=first, last_seq=last,
                                    last_hash=header.last_hash))
    return True


def _segment_applied(session: Session, header: SegmentHeader) -> None:
    session.execute(
        sqlite_insert(SyncSegment)
        .values(device_id=header.device, first_seq=header.first, last_seq=header.last,
                last_hash=header.last_hash)
        .on_conflict_do_nothing()
    )


def _apply_ready(
    engine: Engine, layout: ShareLayout, registry: Registry, identity: DeviceIdentity,
    report: SyncReport, progress: Progress | None, pace: Pace,
) -> Generator[None, None, set[tuple[str, str]]]:
    """Apply every ready segment, each in its own transaction (or, paced, in parts of
    a step's length: :mod:`database.sync.pacing`), yielding after each commit (see
    :func:`sync_round_steps`)."""
    own = str(identity.device_id)
    touched: set[tuple[str, str]] = set()
    connection, driver = _fk_off(engine)
    try:
        session = Session(bind=connection, expire_on_commit=False)  # type: ignore[arg-type]
        with session.begin():
            epochs = Epochs(session)
            config = load_config(session)
        assert config is not None
        cache = OpCache()
        listings = {
            d.device_id: list_segments(layout, d.device_id)
            for d in registry.devices.values() if d.device_id != own
        }
        with session.begin():
            applied_before = dict(session.execute(
                select(SyncCursor.device_id, SyncCursor.last_seq)).all())
        # For the progress shown: the segments past each cursor (a guess: some may
        # wait, or overlap what is applied).
        expected = max(1, sum(
            1 for device_id, names in listings.items() for first, _ in names
            if first > applied_before.get(device_id, 0)
        ))
        done = 0
        progress_made = True
        while progress_made:
            progress_made = False
            for device_id, names in sorted(listings.items()):
                device = registry.devices[device_id]
                with session.begin():
                    state = {
                        row.device_id: row for row in session.execute(
                            select(SyncCursor.device_id, SyncCursor.last_seq,
                                   SyncCursor.last_hash, SyncCursor.state, SyncCursor.problem)
                        )
                    }
                    cursor = state.get(device_id)
                    if cursor is not None and cursor.state == "fork":
                        report.waiting[device_id] = cursor.problem
                        continue
                    seq = 0 if cursor is None else cursor.last_seq
                    last_hash = "0" * 64 if cursor is None else cursor.last_hash
                    if not _check_old_segments(
                        session, layout, device_id, device.sign_key, seq, names, config.keys,
                        report,
                    ):
                        continue
                # The next segment, or one applied in part (a round closed, or a
                # crash, between two parts of it).
                candidates = (
                    [n for n in names if n[0] == seq + 1]
                    or [n for n in names if n[0] <= seq < n[1]]
                )
                if not candidates:
                    announced = _announced(layout, device_id, device.sign_key)
                    if announced > seq:
                        # The head tells what the listing does not show: truncation.
                        report.waiting[device_id] = (
                            f"нет файла изменений с № {seq + 1} (компьютер объявил до "
                            f"№ {announced}): файл ещё не виден или удалён с общей папки"
                        )
                    continue
                first, last = candidates[0]
                if device.revoked_after is not None and last > device.revoked_after:
                    report.waiting[device_id] = (
                        f"изменения № {first}–{last} отклонены: компьютер отключён"
                    )
                    continue
                raw = read_bytes(layout.segments_dir(device_id) / segment_name(first, last))
                try:
                    if raw is None:
                        raise BadSegment("gone")
                    header, rows = decode_segment(
                        raw, device.sign_key, lambda key_id: config.keys.get(key_id)
                    )
                except BadSegment:
                    report.waiting[device_id] = (
                        f"файл изменений № {first}–{last} пока не читается (не дописан, "
                        "повреждён или подделан)"
                    )
                    continue
                if header.first != first or header.last != last or header.device != device_id:
                    report.waiting[device_id] = (
                        f"файл изменений № {first}–{last} не совпадает с именем"
                    )
                    continue
                start = seq + 1 - first  # rows before were applied in an earlier round
                before = header.prev_hash if start == 0 else rows[start - 1]["hash"]
                if before != last_hash:
                    with session.begin():
                        problem = (
                            f"компьютер {device_id[:8]}: изменения № {first}… не продолжают "
                            "уже принятые (развилка журнала); приём остановлен"
                        )
                        quarantine(session, device_id, problem)
                    report.problems.append(problem)
                    continue
                applied_upto = {k: v.last_seq for k, v in state.items()}
                missing = [
                    d for d, s in header.seen.items() if d != own and applied_upto.get(d, 0) < s
                ]
                if missing:
                    report.waiting[device_id] = (
                        "ждёт изменений других компьютеров, которые он уже видел"
                    )
                    continue
                report.waiting.pop(device_id, None)
                progress_made = True
                if pace.sliced:
                    yield  # read and verified: the parts are steps of their own
                while start < len(rows):
                    size = pace.rows()
                    end = len(rows) if size is None else min(len(rows), start + size)
                    part_header, part = part_of(header, rows, start, end)
                    began = time.thread_time()  # this thread's CPU: see Pace.took
                    with session.begin():
                        result = apply_segment(
                            session, part_header, part, own_device=own,
                            device_kind=device.kind, epochs=epochs, cache=cache,
                        )
                        if end == len(rows) and part_header is not header:
                            # The whole file is applied: checked once, as if in one go.
                            _segment_applied(session, header)
                    pace.took(len(part), time.thread_time() - began)
                    report.applied += result.applied
                    report.refused += result.refused
                    report.touched_tables |= result.touched_tables
                    touched |= result.touched
                    if progress is not None:
                        progress(
                            f"Приняты изменения {device.name}: № {part_header.first}–"
                            f"{part_header.last}",
                            min((done + end / len(rows)) / expected, 1.0))
                    start = end
                    yield  # committed: other work may run on this database now
                done += 1
        session.close()
    finally:
        try:
            driver.execute("PRAGMA foreign_keys = ON")  # type: ignore[attr-defined]
        except Exception:
            connection.invalidate()  # type: ignore[attr-defined]
        connection.close()  # type: ignore[attr-defined]
    return touched


def sync_round(
    paths: SchoolPaths, engine: Engine, base: SharePath, *, actor: Actor | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Publish, then apply; see the module doc. ``actor`` signs administration acts
    (enrolments) and defaults to the system acting on this computer."""
    steps = sync_round_steps(paths, engine, base, actor=actor, progress=progress)
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]


def sync_round_steps(
    paths: SchoolPaths, engine: Engine, base: SharePath, *, actor: Actor | None = None,
    progress: Progress | None = None, pace: Pace | None = None,
) -> Generator[None, None, SyncReport]:
    """:func:`sync_round` in steps: it yields after publishing and after each applied
    segment, each a committed transaction, and returns the report. The GUI runs one
    step per worker job, so a mark typed during a long apply is saved between two
    steps instead of after the whole round; closing the generator between steps
    (signed out) leaves everything applied so far committed and the rest for the next
    round. Every step must run on the same thread (the database worker).

    ``pace``: how long a step may take (:class:`database.sync.pacing.Pace`, which the
    caller may change between steps); segments are then applied in parts of about
    that length, and reading a segment is a step of its own. None: whole segments,
    the fastest way through (the command line)."""
    report = SyncReport()
    layout = ShareLayout(base)
    try:
        identity = load_identity(paths.root)
    except IdentityError as exc:
        report.unavailable = str(exc)
        return report
    try:
        with Session(engine) as session, session.begin():
            config = load_config(session)
            if config is None:
                report.unavailable = "этот компьютер не подключён к общей папке"
                return report
            check_marker(layout, config.root_key, config.share_id)
            registry = _refresh_registry(session, layout, config, identity, report)
            if registry is None:
                return report
            config = load_config(session)
            assert config is not None
            if config.root_private is not None:
                # Committed on its own (this block): the registry it writes to the
                # share must not outlive a rolled-back ``device`` row if publishing
                # fails next.
                me = actor or Actor.system(local_device_id(session))
                registry, report.enrolled = process_requests(session, layout, config, registry, me)
        with Session(engine) as session, session.begin():
            # This computer's own edits since may have settled conflicts it shows: say
            # so as the others will when they apply them (equal conflict sets).
            settle_conflicts(session)
            published = publish(
                session, layout, identity, registry.key_id, config.keys[registry.key_id]
            )
            report.published = published.rows
        yield
        own = str(identity.device_id)
        touched = from_snapshot(engine, layout, config, registry, own, report, progress)
        if touched:
            yield  # a snapshot loaded: its own committed step
        touched |= yield from _apply_ready(
            engine, layout, registry, identity, report, progress, pace or Pace(None))
        with Session(engine) as session, session.begin():
            if touched:
                people.after_apply(session, paths, touched)
            quiet = not (report.published or report.applied or report.refused)
            due = digest_due(session, own, quiet=quiet)
        computed = None
        if due:  # paced: in steps, between the user's saves
            if progress is not None:
                progress("Сверка данных с другими компьютерами", 1.0)
            computed = yield from frontier_digest(
                engine, own, None if pace is None else lambda: pace.step_s)
        with Session(engine) as session, session.begin():
            at, digest = head_digest(session, computed)
            report.problems += compare_heads(session, layout, registry, own, at, digest,
                                             quiet=quiet)
            seq, last_hash = published_position(session)
            seen = cursors(session)
            if not head_is_current(layout, identity, seq, last_hash, seen, digest, at):
                write_head(layout, identity, seq, last_hash, seen, digest=digest,
                           digest_at=at)
            set_meta(session, {META_LAST_OK: str(int(time.time() * 1000))})
    except ShareUnavailable as exc:
        report.unavailable = exc.reason
    except OSError as exc:
        report.unavailable = os_reason(exc)
    return report


def os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "на общей папке нет места"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "запись в общую папку запрещена (только чтение или нет прав)"
    return f"ошибка доступа к общей папке ({exc.strerror or type(exc).__name__})"


@dataclass(frozen=True)
class SyncStatus:
    joined: bool
    last_ok_ms: int | None
    pending: int
    conflicts: int
    refused: int
    forks: list[str]
    clock_flags: list[str]
    divergent: tuple[str, ...] = ()  # computers whose digest differs at the same frontier

    def describe(self) -> str:
        if not self.joined:
            return "Компьютер не подключён к общей папке школы."
        from datetime import datetime

        last = (
            "ещё не было" if self.last_ok_ms is None
            else datetime.fromtimestamp(self.last_ok_ms / 1000).strftime("%d.%m.%Y %H:%M:%S")
        )
        lines = [
            f"Последняя синхронизация: {last}",
            f"Ждут отправки: {self.pending}",
            f"Конфликтов: {self.conflicts}",
            f"Отклонённых изменений: {self.refused}",
        ]
        lines += [f"Развилка: {f}" for f in self.forks]
        lines += [f"Часы спешат: {c}" for c in self.clock_flags]
        lines += [f"Расхождение: {d}" for d in self.divergent]
        return "\n".join(lines)


def open_conflict_count(session: Session) -> int:
    """Disagreements waiting for a choice: the conflict rows of one losing op on one
    record count once (as the administration's list shows them)."""
    return int(session.execute(select(func.count()).select_from(
        select(SyncConflict.table_name, SyncConflict.record_id, SyncConflict.loser_op)
        .distinct().subquery())).scalar_one())


def sync_status(session: Session) -> SyncStatus:
    from database.sync.config import get_meta

    config = load_config(session)
    if config is None:
        return SyncStatus(False, None, 0, 0, 0, [], [])
    own = str(local_device_id(session))
    last_ok = get_meta(session, META_LAST_OK)
    cursors_rows = session.execute(select(SyncCursor)).scalars().all()
    return SyncStatus(
        joined=True,
        last_ok_ms=None if last_ok is None else int(last_ok),
        pending=pending_count(session, own),
        conflicts=open_conflict_count(session),
        refused=int(session.execute(select(func.count()).select_from(SyncRefused)).scalar_one()),
        forks=[c.problem for c in cursors_rows if c.state == "fork"],
        clock_flags=[
            f"{c.device_id[:8]} на {c.clock_ahead_ms // 60000} мин" for c in cursors_rows
            if c.clock_ahead_ms > 0
        ],
        divergent=tuple(stored_divergence(session)),
    )


__all__ = [
    "SyncReport", "SyncStatus", "read_header", "sync_round", "sync_round_steps", "sync_status",
]
