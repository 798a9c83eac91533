"""Snapshots, ``share compact`` and bootstrapping from a snapshot."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from database.changelog import verify_chain
from database.models import ChangeLog, Subject, SyncCursor
from database.sync import divergence
from database.sync.compact import DAY_MS, compact_share
from database.sync.config import get_meta
from database.sync.crypto import new_signing_key, sign
from database.sync.identity import load_identity
from database.sync.round import sync_round, sync_status
from database.sync.segments import decode_head
from database.sync.share import list_segments
from database.sync.snapshot import list_snapshots, snapshot_path
from tests.database.sync_helpers import (
    Computer,
    add_journal,
    join,
    make_admin,
    same_everywhere,
    teacher_actor,
)
from tests.database.test_sync_faults import School, set_topic, sync_all, topic


@pytest.fixture
def school(tmp_path: Path) -> Iterator[School]:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    journal = add_journal(admin)
    room = join(tmp_path, share, admin, "room12")
    other = join(tmp_path, share, admin, "room13")
    result = School(admin, room, other, journal)
    sync_all(result)
    yield result
    for computer in result.all:
        computer.close()


def make_conflict(school: School) -> None:
    """room12 and room13 set the same topic offline: one wins, the other is kept."""
    set_topic(school.room, school.journal, "Дроби (12)")
    set_topic(school.other, school.journal, "Дроби (13)")
    sync_all(school)


def segment_count(school: School) -> int:
    layout = school.layout
    return sum(len(list_segments(layout, c.device_id)) for c in school.all)


def log_rows(computer: Computer) -> int:
    with computer.maker() as session:
        return int(session.execute(select(func.count()).select_from(ChangeLog)).scalar_one())


def newcomer(school: School, tmp: Path, name: str = "room20") -> Computer:
    return join(tmp, school.admin.share, school.admin, name)


def enrolled(school: School, tmp: Path, name: str = "room20") -> Computer:
    """A new computer enrolled and with its database, before its first round."""
    from database.paths import SchoolPaths
    from database.sync.enrol import finish_join, new_enrolment_code, request_join

    with school.admin.maker.begin() as session:
        code = new_enrolment_code(session, name)
    request_join(tmp / name, school.admin.share, code, name)
    assert school.admin.sync().enrolled == [name]
    joined = finish_join(SchoolPaths(tmp / name), school.admin.share)
    assert joined is not None
    return Computer(name, SchoolPaths(tmp / name), joined[0], joined[1], school.admin.share)


# --- bootstrap -------------------------------------------------------------------------------


def test_bootstrap_from_snapshot_gives_the_same_state_and_conflicts(
    school: School, tmp_path: Path
) -> None:
    make_conflict(school)
    report = compact_share(school.admin.paths, school.admin.engine, school.admin.share,
                           grace_days=0)
    assert report.snapshot_new and report.removed and segment_count(school) == 0
    assert school.admin.conflicts()

    new = newcomer(school, tmp_path)
    try:
        # Every segment is gone: all of this came from the snapshot.
        assert new.digest() == school.admin.digest()
        assert new.conflicts() == school.admin.conflicts()
        assert log_rows(new) == log_rows(school.admin)
        with new.maker() as session:
            assert verify_chain(session).ok  # the whole audit trail came along
        # And it goes on like any computer: its edit reaches the others and back.
        set_topic(new, school.journal, "После снимка", teacher_actor(new, school.journal))
        set_topic(school.room, school.journal, "Ещё позже")
        for _ in range(2):
            for computer in [*school.all, new]:
                assert computer.sync().ok
        assert topic(new, school.journal) == "Ещё позже"
        same_everywhere([*school.all, new])
    finally:
        new.close()


def test_bootstrap_replays_only_what_came_after_the_snapshot(
    school: School, tmp_path: Path
) -> None:
    compact_share(school.admin.paths, school.admin.engine, school.admin.share, grace_days=0)
    set_topic(school.room, school.journal, "После снимка")
    sync_all(school)
    new = newcomer(school, tmp_path)
    try:
        assert topic(new, school.journal) == "После снимка"
        for _ in range(2):  # the others learn of the new computer's device record
            for computer in [*school.all, new]:
                assert computer.sync().ok
        same_everywhere([*school.all, new])
    finally:
        new.close()


def _truncate(raw: bytes) -> bytes:
    return raw[: len(raw) - 100]


def _flip_body(raw: bytes) -> bytes:
    data = bytearray(raw)
    data[-50] ^= 0x01
    return bytes(data)


def _flip_header(raw: bytes) -> bytes:
    data = bytearray(raw)
    data[40] ^= 0x01
    return bytes(data)


def _foreign(raw: bytes) -> bytes:
    """The same header, signed by a key that is not the share's root."""
    head_len = int.from_bytes(raw[4:8], "big")
    signed = raw[: 8 + head_len]
    return signed + sign(new_signing_key(), signed) + raw[8 + head_len + 64:]


@pytest.mark.parametrize("damage", [_truncate, _flip_body, _flip_header, _foreign,
                                    lambda raw: b"garbage"])
def test_damaged_newest_snapshot_is_refused_and_the_previous_one_used(
    school: School, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    base = school.admin.share
    # The first snapshot replaces every segment before it; the second removes nothing.
    compact_share(school.admin.paths, school.admin.engine, base, grace_days=0)
    make_conflict(school)
    compact_share(school.admin.paths, school.admin.engine, base, grace_days=365)
    frontiers = list_snapshots(school.layout)
    assert len(frontiers) == 2
    path = snapshot_path(school.layout, frontiers[0])
    path.write_bytes(damage(path.read_bytes()))

    new = enrolled(school, tmp_path)
    try:
        stages: list[tuple[str, float]] = []
        report = sync_round(new.paths, new.engine, base,
                            progress=lambda stage, done: stages.append((stage, done)))
        assert report.ok
        loading = [done for stage, done in stages if "снимка" in stage]
        assert len(loading) > 2 and loading == sorted(loading)  # a progress bar that moves
        assert any("отклонён" in p for p in report.problems), report.problems
        # The older snapshot (nothing before it is left on the share), then the
        # segments after it.
        assert any(path.name in p for p in report.problems), report.problems
        new.sync()
        assert new.digest() == school.admin.digest()
        assert new.conflicts() == school.admin.conflicts()
    finally:
        new.close()


def test_only_snapshot_damaged_and_segments_gone_is_a_clear_error(
    school: School, tmp_path: Path
) -> None:
    compact_share(school.admin.paths, school.admin.engine, school.admin.share, grace_days=0)
    path = snapshot_path(school.layout, list_snapshots(school.layout)[0])
    path.write_bytes(_flip_body(path.read_bytes()))
    new = enrolled(school, tmp_path)
    try:
        report = new.sync()
        assert any("отклонён" in p for p in report.problems)
        assert report.waiting  # says what it waits for, instead of a half state
        assert log_rows(new) == 0
    finally:
        new.close()


# --- compaction ------------------------------------------------------------------------------


def test_compaction_keeps_what_an_active_offline_computer_has_not_applied(
    school: School,
) -> None:
    before = {c.name: len(list_segments(school.layout, c.device_id)) for c in school.all}
    # room12 is offline (but was seen today): admin and room13 go on.
    set_topic(school.admin, school.journal, "Без кабинета 12",
              teacher_actor(school.admin, school.journal))
    for computer in (school.admin, school.other, school.admin):
        assert computer.sync().ok
    report = compact_share(school.admin.paths, school.admin.engine, school.admin.share,
                           grace_days=0, active_days=1)
    admin_segments = list_segments(school.layout, school.admin.device_id)
    # What room12 applied is gone; the admin's newest segment, which it has not, stays.
    assert admin_segments and admin_segments[-1][1] > 0
    assert any("room12" in why for why in report.kept), report.kept
    assert len(admin_segments) < before["admin"] + 1
    assert school.room.sync().ok
    assert topic(school.room, school.journal) == "Без кабинета 12"
    same_everywhere(school.all)


def test_compaction_removes_nothing_younger_than_the_grace_period(school: School) -> None:
    count = segment_count(school)
    report = compact_share(school.admin.paths, school.admin.engine, school.admin.share)
    assert report.removed == [] and report.freed_bytes == 0
    assert segment_count(school) == count
    assert list_snapshots(school.layout)


def test_after_compaction_a_new_and_a_long_offline_computer_converge(
    school: School, tmp_path: Path
) -> None:
    # room12 goes away for months, with an edit of its own not yet published.
    set_topic(school.room, school.journal, "Сделано в кабинете 12 офлайн")
    set_topic(school.other, school.journal, "Кабинет 13, позже")
    assert school.other.sync().ok
    set_topic(school.admin, school.journal, "Администрация",
              teacher_actor(school.admin, school.journal))
    for computer in (school.admin, school.other, school.admin):
        assert computer.sync().ok
    months_later = int(time.time() * 1000) + 60 * DAY_MS
    report = compact_share(school.admin.paths, school.admin.engine, school.admin.share,
                           grace_days=30, now_ms=months_later)
    assert report.removed
    # room12 needs ops whose segments are gone.
    with school.room.maker() as session:
        room_cursor = dict(session.execute(
            select(SyncCursor.device_id, SyncCursor.last_seq)).all())
    admin_first = list_segments(school.layout, school.admin.device_id)
    assert not admin_first or admin_first[0][0] > room_cursor[str(school.admin.device_id)] + 1

    new = newcomer(school, tmp_path)
    try:
        for _ in range(3):
            for computer in [*school.all, new]:
                assert computer.sync().ok
        same_everywhere([*school.all, new])
        # room12's offline write is there everywhere, as winner or kept loser.
        with new.maker() as session:
            values = set(session.execute(select(ChangeLog.fields)).scalars())
        assert any("Сделано в кабинете 12 офлайн" in v for v in values)
        assert school.room.conflicts()
    finally:
        new.close()


# --- the digest in heads ------------------------------------------------------------------------


def test_heads_carry_the_digest_and_a_divergence_is_reported(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(divergence, "DIGEST_EVERY_MS", 0)  # not once an hour: every time
    with school.other.maker.begin() as session:  # damaged behind the services' back
        session.execute(update(Subject).values(name="испорчено"))
    set_topic(school.admin, school.journal, "Новая тема",
              teacher_actor(school.admin, school.journal))
    reports = []
    for _ in range(3):
        for computer in school.all:
            report = computer.sync()
            assert report.ok
            reports.append((computer.name, report))
    flagged = [p for name, r in reports if name == "admin" for p in r.problems]
    assert any("room13" in p for p in flagged), flagged
    assert not any("room12" in p for p in flagged)
    with school.admin.maker() as session:
        assert any("room13" in d for d in sync_status(session).divergent)
    with school.room.maker() as session:
        assert not any("room12" in d for d in sync_status(session).divergent)


def test_honest_computers_see_no_divergence(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(divergence, "DIGEST_EVERY_MS", 0)
    make_conflict(school)
    sync_all(school, rounds=3)
    for computer in school.all:
        with computer.maker() as session:
            assert sync_status(session).divergent == ()
            digest = json.loads(get_meta(session, divergence.META_DIGEST) or "{}")
        assert digest["digest"] == school.admin.digest()
        identity = load_identity(computer.paths.root)
        head = decode_head(school.layout.head(computer.device_id).read_bytes(),
                           identity.sign_public)
        assert head["digest"] == digest["digest"] and head["digest_at"] == digest["at"]


def test_copies_and_temp_files_in_the_snapshot_folder_are_ignored(
    school: School, tmp_path: Path
) -> None:
    compact_share(school.admin.paths, school.admin.engine, school.admin.share, grace_days=0)
    folder = school.layout.snapshots_dir
    newest = snapshot_path(school.layout, list_snapshots(school.layout)[0])
    (folder / f"{newest.stem} (1).sjsnap").write_bytes(b"a conflict copy")
    (folder / "9999999999.sjsnap.tmp").write_bytes(b"half written")
    (folder / ".tmp-0123456789abcdef").write_bytes(b"temp")
    assert list_snapshots(school.layout) == [int(newest.stem)]
    new = newcomer(school, tmp_path)
    try:
        assert new.digest() == school.admin.digest()
    finally:
        new.close()


def test_an_older_snapshot_goes_once_it_can_no_longer_stand_in(school: School) -> None:
    base = school.admin.share
    compact_share(school.admin.paths, school.admin.engine, base, grace_days=0)
    first = list_snapshots(school.layout)
    make_conflict(school)
    report = compact_share(school.admin.paths, school.admin.engine, base, grace_days=0)
    # The segments between the two are gone, so the first snapshot is of no more use.
    assert report.removed and list_snapshots(school.layout) != first
    assert len(list_snapshots(school.layout)) == 1
    assert report.snapshots_removed == [snapshot_path(school.layout, first[0]).name]


def test_a_damaged_snapshot_of_the_same_frontier_is_rewritten(school: School) -> None:
    base = school.admin.share
    compact_share(school.admin.paths, school.admin.engine, base, grace_days=365)
    path = snapshot_path(school.layout, list_snapshots(school.layout)[0])
    good = path.read_bytes()
    path.write_bytes(_flip_body(good))
    report = compact_share(school.admin.paths, school.admin.engine, base, grace_days=365)
    assert report.snapshot_new and report.snapshot == path.name
    assert path.read_bytes() != _flip_body(good)


def test_a_signed_snapshot_whose_content_does_not_check_out_is_not_used(
    school: School, tmp_path: Path
) -> None:
    """Signed by the share's root, but its state is not what its digest says: loading
    is rolled back and the computer replays the segments instead."""
    from database.sync.config import load_config
    from database.sync.snapshot import SnapshotWriter, snapshot_name
    from database.sync.snapshot_state import collect

    with school.admin.maker() as session:
        config = load_config(session)
        assert config is not None and config.root_private is not None
        writer = SnapshotWriter(config.share_id, config.keys[config.current_key_id])
        collect(session, writer)
        vector = {
            d: (s, h) for d, s, h in session.execute(
                select(SyncCursor.device_id, SyncCursor.last_seq, SyncCursor.last_hash))
        }
        from database.sync.publish import published_position

        vector[str(school.admin.device_id)] = published_position(session)
        header, data = writer.finish(config.root_private, str(school.admin.device_id),
                                     config.current_key_id, vector, "0" * 64, 0)
    school.layout.snapshots_dir.mkdir(exist_ok=True)
    (school.layout.snapshots_dir / snapshot_name(header.frontier)).write_bytes(data)
    new = enrolled(school, tmp_path)
    try:
        report = new.sync()
        assert report.ok and any("не совпал" in p for p in report.problems)
        assert new.digest() == school.admin.digest()
        assert log_rows(new) == log_rows(school.admin)
    finally:
        new.close()


def test_compaction_of_an_unmounted_share_touches_nothing(
    school: School, tmp_path: Path
) -> None:
    from database.sync.share import ShareUnavailable

    missing = tmp_path / "unmounted"
    with pytest.raises(ShareUnavailable):
        compact_share(school.admin.paths, school.admin.engine, missing, grace_days=0)
    assert not missing.exists()
    assert segment_count(school) > 0 and list_snapshots(school.layout) == []
