"""Two computers of one school synchronising through a real SMB server (Samba on the
loopback address), reached by ``smb://`` without a mount — ``make smb-check``.

Not in the default suite (it starts ``smbd`` as root); see tests/smb/samba.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from database.sync.round import sync_status
from database.sync.share import ShareLayout, list_device_dirs, list_segments
from database.sync.smb import PASSWORD_ENV, SmbPath, parse_smb_address
from tests.database.sync_helpers import (
    Computer,
    Journal,
    add_journal,
    join,
    make_admin,
    same_everywhere,
)
from tests.database.test_sync_faults import set_topic, topic
from tests.smb.samba import PASSWORD, Samba, samba_server


@pytest.fixture
def samba(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Samba]:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    with samba_server(tmp_path / "samba") as server:
        yield server


@pytest.fixture
def school(tmp_path: Path, samba: Samba) -> Iterator[tuple[Computer, Computer, Journal, Samba]]:
    base = parse_smb_address(samba.address)
    admin = make_admin(tmp_path, base)
    journal = add_journal(admin)
    room = join(tmp_path, base, admin, "room12")
    for computer in (admin, room, admin):
        assert computer.sync().ok
    yield admin, room, journal, samba
    admin.close()
    room.close()


def test_marker_and_segments_are_real_files_on_the_server(
    school: tuple[Computer, Computer, Journal, Samba],
) -> None:
    admin, room, journal, samba = school
    set_topic(room, journal, "Натуральные числа")
    assert room.sync().ok
    on_disk = samba.share_dir / "SchoolJournal"
    assert (on_disk / "share.json.sig").is_file()
    layout = ShareLayout(parse_smb_address(samba.address))
    assert isinstance(layout.root, SmbPath)
    devices = list_device_dirs(layout)
    assert sorted(devices) == sorted(c.device_id.hex for c in (admin, room))
    for computer in (admin, room):
        segments = list_segments(layout, computer.device_id)
        assert segments, computer.name
        first, last = segments[-1]
        assert (on_disk / "dev" / computer.device_id.hex / "seg"
                / f"{first:010d}-{last:010d}.sjs").is_file()


def test_a_change_crosses_both_ways_over_smb(
    school: tuple[Computer, Computer, Journal, Samba],
) -> None:
    admin, room, journal, _ = school
    set_topic(room, journal, "Дроби: сложение")
    assert room.sync().ok
    assert admin.sync().ok
    assert topic(admin, journal) == "Дроби: сложение"

    set_topic(admin, journal, "Дроби: вычитание", actor=admin.system())
    assert admin.sync().ok
    assert room.sync().ok
    assert topic(room, journal) == "Дроби: вычитание"
    same_everywhere([admin, room])


def test_server_down_keeps_the_change_and_sends_it_later(
    school: tuple[Computer, Computer, Journal, Samba],
) -> None:
    admin, room, journal, samba = school
    samba.stop()
    set_topic(room, journal, "Десятичные дроби")
    report = room.sync()
    assert not report.ok
    assert report.unavailable
    with room.maker() as session:
        assert sync_status(session).pending > 0

    samba.start()
    assert room.sync().ok
    with room.maker() as session:
        assert sync_status(session).pending == 0
    assert admin.sync().ok
    assert topic(admin, journal) == "Десятичные дроби"
    same_everywhere([admin, room])


def test_a_folder_that_is_not_the_share_is_not_touched(
    school: tuple[Computer, Computer, Journal, Samba], tmp_path: Path,
) -> None:
    admin, _room, _journal, samba = school
    (samba.share_dir / "other").mkdir()
    before = sorted(p.name for p in (samba.share_dir / "other").iterdir())
    from database.sync.round import sync_round

    report = sync_round(admin.paths, admin.engine, parse_smb_address(samba.address + "/other"))
    assert not report.ok
    assert sorted(p.name for p in (samba.share_dir / "other").iterdir()) == before


def test_compact_and_a_new_computer_from_the_snapshot_over_smb(
    school: tuple[Computer, Computer, Journal, Samba], tmp_path: Path,
) -> None:
    from database.sync.compact import compact_share

    admin, room, journal, samba = school
    set_topic(room, journal, "Перед снимком")
    for computer in (room, admin, room):
        assert computer.sync().ok
    base = parse_smb_address(samba.address)
    report = compact_share(admin.paths, admin.engine, base, grace_days=0)
    assert report.snapshot_new and report.removed
    assert (samba.share_dir / "SchoolJournal" / "snap" / report.snapshot).is_file()
    new = join(tmp_path, base, admin, "room20")
    try:
        for computer in (admin, room, new, admin, room):
            assert computer.sync().ok
        assert topic(new, journal) == "Перед снимком"
        same_everywhere([admin, room, new])
    finally:
        new.close()
