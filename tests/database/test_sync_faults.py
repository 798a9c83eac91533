"""The faults of SYNC.md, one test each: what must (and must not) happen."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from database.actor import Actor, Role
from database.changelog import save
from database.models import ChangeLog, Lesson, Mark, SyncCursor, SyncRefused
from database.sync import identity as identity_module
from database.sync import share as share_module
from database.sync.config import load_config
from database.sync.crypto import new_signing_key
from database.sync.identity import IdentityError, load_identity
from database.sync.publish import published_position
from database.sync.segments import decode_segment, encode_segment
from database.sync.share import ShareLayout, list_segments, segment_name
from tests.database.sync_helpers import (
    NOW,
    Computer,
    Journal,
    add_journal,
    join,
    make_admin,
    same_everywhere,
    teacher_actor,
)


@dataclass
class School:
    admin: Computer
    room: Computer
    other: Computer
    journal: Journal

    @property
    def all(self) -> list[Computer]:
        return [self.admin, self.room, self.other]

    @property
    def layout(self) -> ShareLayout:
        return ShareLayout(self.admin.share)


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


def sync_all(school: School, rounds: int = 2) -> None:
    for _ in range(rounds):
        for computer in school.all:
            report = computer.sync()
            assert report.ok, report.describe()


def set_topic(computer: Computer, journal: Journal, topic: str, actor: Actor | None = None) -> None:
    with computer.maker.begin() as session:
        lesson = session.get(Lesson, journal.lesson)
        assert lesson is not None
        lesson.topic = topic
        save(session, actor or teacher_actor(computer, journal), lesson)


def topic(computer: Computer, journal: Journal) -> str:
    with computer.maker() as session:
        lesson = session.get(Lesson, journal.lesson)
        assert lesson is not None
        return lesson.topic


def cursor_of(computer: Computer, source: Computer) -> int:
    with computer.maker() as session:
        row = session.get(SyncCursor, str(source.device_id))
        return 0 if row is None else row.last_seq


def segment_files(school: School, computer: Computer) -> list[Path]:
    folder = school.layout.segments_dir(computer.device_id)
    names = list_segments(school.layout, computer.device_id)
    return [folder / segment_name(a, b) for a, b in names]


def snapshot_share(base: Path) -> dict[str, bytes]:
    return {str(p.relative_to(base)): p.read_bytes() for p in base.rglob("*") if p.is_file()}


# --- the share itself --------------------------------------------------------------------------


def test_share_unmounted_mid_sync(school: School, monkeypatch: pytest.MonkeyPatch) -> None:
    set_topic(school.room, school.journal, "Дроби")
    assert school.room.sync().ok
    hidden = school.admin.share.with_name("unmounted")
    real_apply = __import__("database.sync.round", fromlist=["_apply_ready"])._apply_ready

    def unmount_then_apply(*args: object, **kwargs: object) -> object:
        school.admin.share.rename(hidden)  # the mount goes away between publish and apply
        return real_apply(*args, **kwargs)

    monkeypatch.setattr("database.sync.round._apply_ready", unmount_then_apply)
    report = school.other.sync()
    assert not report.ok
    # Listed nothing while gone: nothing applied, and nothing created in its place.
    assert topic(school.other, school.journal) == ""
    assert not school.admin.share.exists()
    monkeypatch.undo()
    hidden.rename(school.admin.share)
    # Nothing was deleted anywhere, and the next round completes.
    assert topic(school.room, school.journal) == "Дроби"
    sync_all(school)
    assert topic(school.other, school.journal) == "Дроби"


def test_wrong_or_empty_folder_is_not_touched(school: School, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for base in (empty, tmp_path / "missing"):
        report = __import__("database.sync.round", fromlist=["sync_round"]).sync_round(
            school.room.paths, school.room.engine, base
        )
        assert not report.ok and report.unavailable
    assert list(empty.iterdir()) == []
    assert not (tmp_path / "missing").exists()


def test_foreign_share_is_unavailable(school: School, tmp_path: Path) -> None:
    other_share = tmp_path / "other-share"
    other_share.mkdir()
    foreign = make_admin(tmp_path / "foreign", other_share)
    before = snapshot_share(other_share)
    report = __import__("database.sync.round", fromlist=["sync_round"]).sync_round(
        school.room.paths, school.room.engine, other_share
    )
    assert not report.ok and "другой школы" in (report.unavailable or "")
    assert snapshot_share(other_share) == before
    foreign.close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_disk_full_or_read_only_share(
    school: School, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    set_topic(school.room, school.journal, "Дроби")

    def refuse(*args: object, **kwargs: object) -> bool:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("database.sync.publish.publish_file", refuse)
    report = school.room.sync()
    assert not report.ok
    assert ("нет места" if code == errno.ENOSPC else "только чтение") in (report.unavailable or "")
    with school.room.maker() as session:
        seq_before, _ = published_position(session)
        own = session.scalar(select(func.max(ChangeLog.device_seq)).where(
            ChangeLog.device_id == str(school.room.device_id)))
    assert seq_before < (own or 0)  # the change waits, not lost, not marked published
    monkeypatch.undo()
    sync_all(school)
    assert topic(school.other, school.journal) == "Дроби"


def test_killed_mid_write_leaves_only_a_temp_file(school: School) -> None:
    folder = school.layout.segments_dir(school.room.device_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".tmp-deadbeef00000000").write_bytes(b"SJS1\x00\x00")  # a killed writer's temp
    set_topic(school.room, school.journal, "Дроби")
    assert school.room.sync().ok
    # A truncated final file (a share that lost the tail) is "not there yet".
    newest = segment_files(school, school.room)[-1]
    whole = newest.read_bytes()
    newest.write_bytes(whole[: len(whole) // 2])
    report = school.other.sync()
    assert report.ok and str(school.room.device_id) in report.waiting
    assert topic(school.other, school.journal) == ""
    newest.write_bytes(whole)
    sync_all(school)
    assert topic(school.other, school.journal) == "Дроби"


def test_bit_flipped_or_garbage_segment_waits(school: School) -> None:
    set_topic(school.room, school.journal, "Дроби")
    assert school.room.sync().ok
    newest = segment_files(school, school.room)[-1]
    whole = bytearray(newest.read_bytes())
    seq_before = cursor_of(school.other, school.room)
    for damaged in (bytes(whole[:-70]) + bytes([whole[-70] ^ 1]) + bytes(whole[-69:]),
                    os.urandom(len(whole))):
        newest.write_bytes(damaged)
        report = school.other.sync()
        assert report.ok and str(school.room.device_id) in report.waiting
        assert cursor_of(school.other, school.room) == seq_before
        assert topic(school.other, school.journal) == ""
    newest.write_bytes(bytes(whole))
    sync_all(school)
    assert topic(school.other, school.journal) == "Дроби"


def test_duplicated_or_copied_segment_is_applied_once(school: School) -> None:
    set_topic(school.room, school.journal, "Дроби")
    assert school.room.sync().ok
    newest = segment_files(school, school.room)[-1]
    shutil.copy(newest, newest.with_name(newest.stem + " (1).sjs"))
    shutil.copy(newest, newest.with_name(newest.name + ".bak"))
    sync_all(school)
    with school.other.maker() as session:
        count = session.scalar(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.device_id == str(school.room.device_id)))
    with school.room.maker() as session:
        own = session.scalar(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.device_id == str(school.room.device_id)))
    assert count == own
    same_everywhere(school.all)


def test_later_segment_before_earlier_waits(school: School) -> None:
    set_topic(school.room, school.journal, "первая")
    assert school.room.sync().ok
    set_topic(school.room, school.journal, "вторая")
    assert school.room.sync().ok
    first, second = segment_files(school, school.room)[-2:]
    hidden = first.with_name("hidden.part")
    first.rename(hidden)  # seq 4 not visible yet, seq 5 is
    before = cursor_of(school.other, school.room)
    assert school.other.sync().ok
    assert cursor_of(school.other, school.room) == before
    assert topic(school.other, school.journal) == ""
    hidden.rename(first)
    sync_all(school)
    assert topic(school.other, school.journal) == "вторая"
    assert second.exists()


def test_deleted_segment_stops_at_the_gap(school: School) -> None:
    set_topic(school.room, school.journal, "первая")
    assert school.room.sync().ok
    set_topic(school.room, school.journal, "вторая")
    assert school.room.sync().ok
    first, _ = segment_files(school, school.room)[-2:]
    before = cursor_of(school.other, school.room)
    first.unlink()  # someone with access to the share deleted it
    sync_all(school)
    report = school.other.sync()
    assert "удалён" in report.waiting[str(school.room.device_id)]  # the head reveals it
    # The cursor did not jump the gap; nothing after it was applied; the author keeps all.
    assert cursor_of(school.other, school.room) == before
    assert topic(school.other, school.journal) == ""
    assert topic(school.room, school.journal) == "вторая"


def test_forged_segment_is_refused(school: School) -> None:
    """A file in a device's folder made by someone without that device's key."""
    set_topic(school.room, school.journal, "настоящая")
    assert school.room.sync().ok
    newest = segment_files(school, school.room)[-1]
    with school.room.maker() as session:
        config = load_config(session)
        assert config is not None
    header, rows = decode_segment(
        newest.read_bytes(), load_identity(school.room.paths.root).sign_public,
        config.keys.get,
    )
    forged = encode_segment(header, rows, config.keys[1], new_signing_key())
    newest.write_bytes(forged)
    report = school.other.sync()
    assert str(school.room.device_id) in report.waiting
    assert topic(school.other, school.journal) == ""


def test_old_registry_replayed_keeps_revocation(school: School) -> None:
    from database.sync.enrol import revoke_device

    with school.admin.maker.begin() as session:
        revoke_device(session, school.layout, str(school.room.device_id))
    sync_all_but_room = [school.admin, school.other]
    for computer in sync_all_but_room:
        assert computer.sync().ok
    newest = sorted(school.layout.registry_dir.iterdir())[-1]
    newest.unlink()  # the older registry (room still active) is all that is left
    set_topic(school.room, school.journal, "после отключения")
    from database.sync.identity import load_identity as load
    from database.sync.publish import publish

    with school.room.maker.begin() as session:
        config = load_config(session)
        assert config is not None
        publish(session, school.layout, load(school.room.paths.root), 1, config.keys[1])
    for computer in sync_all_but_room:
        computer.sync()
        assert topic(computer, school.journal) == ""
    # An old head replayed is harmless: heads decide nothing.
    head = school.layout.head(school.other.device_id)
    old = head.read_bytes()
    set_topic(school.other, school.journal, "свежая", Actor.system(school.other.device_id))
    assert school.other.sync().ok
    head.write_bytes(old)
    assert school.admin.sync().ok
    assert topic(school.admin, school.journal) == ""  # system op from a classroom: refused


def test_cloned_disk_is_detected(school: School, tmp_path: Path) -> None:
    clone_root = tmp_path / "clone"
    school.room.engine.dispose()
    shutil.copytree(school.room.paths.root, clone_root)
    with pytest.raises(IdentityError):
        load_identity(clone_root)


def test_cloned_computer_fork_is_quarantined(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clone whose fingerprint matches (a perfect image copy) forks the log."""
    school.room.engine.dispose()
    clone_paths = type(school.room.paths)(tmp_path / "clone")
    shutil.copytree(school.room.paths.root, clone_paths.root)
    real = identity_module.machine_fingerprint
    monkeypatch.setattr(
        identity_module, "machine_fingerprint",
        lambda root: real(school.room.paths.root) if root == clone_paths.root else real(root),
    )
    from database.engine import make_engine

    clone = Computer("clone", clone_paths, make_engine(clone_paths.db, school.room.data_key),
                     school.room.data_key, school.room.share)
    set_topic(school.room, school.journal, "оригинал")
    set_topic(clone, school.journal, "клон")
    set_topic(clone, school.journal, "клон ещё")
    assert school.room.sync().ok
    assert clone.sync().ok  # publishes an overlapping, different segment under the same id
    reports = [school.other.sync(), school.other.sync()]
    assert any("развилк" in p or "другую версию" in p for r in reports for p in r.problems)
    with school.other.maker() as session:
        cursor = session.get(SyncCursor, str(school.room.device_id))
        assert cursor is not None and cursor.state == "fork"
    clone.close()


def test_clock_a_year_ahead_is_flagged_and_bounded(school: School) -> None:
    year_ms = 365 * 24 * 3600 * 1000
    from database.changelog import META_HLC, _set_meta

    with school.room.maker.begin() as session:
        import time

        _set_meta(session, {META_HLC: f"{int(time.time() * 1000) + year_ms:015d}:000000"})
    set_topic(school.room, school.journal, "из будущего")
    assert school.room.sync().ok
    assert school.other.sync().ok
    assert topic(school.other, school.journal) == "из будущего"  # still applied
    with school.other.maker() as session:
        cursor = session.get(SyncCursor, str(school.room.device_id))
        assert cursor is not None and cursor.clock_ahead_ms > year_ms // 2
        from database.changelog import _get_meta

        local = int((_get_meta(session, META_HLC) or "0:0").split(":")[0])
    import time

    assert local <= time.time() * 1000 + 10 * 60 * 1000  # not dragged a year ahead


def test_concurrent_edits_during_partition(school: School) -> None:
    set_topic(school.room, school.journal, "из кабинета")
    set_topic(school.other, school.journal, "из другого кабинета")
    set_topic(school.admin, school.journal, "из администрации", school.admin.system())
    sync_all(school, rounds=3)
    same_everywhere(school.all)
    conflicts = school.admin.conflicts()
    assert len([c for c in conflicts if c[2] == "topic"]) == 2  # both losers kept


def test_op_outside_authors_rights_refused_everywhere(school: School) -> None:
    """A teacher's program writing into another teacher's journal (services bypassed)."""
    intruder = Actor(role=Role.TEACHER, device_id=school.room.device_id,
                     account_id=school.journal.teacher_account, staff_id=None, clock=lambda: NOW)
    with school.admin.maker.begin() as session:
        from database.models import Staff, TeachingAssignment

        other = Staff(surname="Иванов", name="Иван", patronymic="", position="учитель")
        save(session, school.admin.system(), other)
        assignment = session.get(TeachingAssignment, school.journal.assignment)
        assert assignment is not None
        assignment.teacher_id = other.id
        save(session, school.admin.system(), assignment)
    sync_all(school)
    set_topic(school.room, school.journal, "чужая запись", intruder)
    sync_all(school)
    for computer in (school.admin, school.other):
        assert topic(computer, school.journal) == ""
        with computer.maker() as session:
            assert session.scalar(select(func.count()).select_from(SyncRefused)) == 1
    assert school.admin.conflicts() == school.other.conflicts()


def test_crash_during_apply_leaves_cursor(school: School, monkeypatch: pytest.MonkeyPatch) -> None:
    set_topic(school.room, school.journal, "Дроби")
    assert school.room.sync().ok
    before = cursor_of(school.other, school.room)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr("database.sync.apply._receive_clock", crash)
    with pytest.raises(RuntimeError):
        school.other.sync()
    assert cursor_of(school.other, school.room) == before
    assert topic(school.other, school.journal) == ""
    monkeypatch.undo()
    sync_all(school)
    assert topic(school.other, school.journal) == "Дроби"
    same_everywhere(school.all)


def test_antivirus_holding_a_rename_is_retried(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = {"left": 2}
    real_link, real_replace = os.link, os.replace

    def busy(real):  # type: ignore[no-untyped-def]
        def call(*args: object) -> None:
            if failures["left"] > 0:
                failures["left"] -= 1
                raise PermissionError(errno.EACCES, "used by another process")
            real(*args)

        return call

    monkeypatch.setattr(os, "link", busy(real_link))
    monkeypatch.setattr(os, "replace", busy(real_replace))
    monkeypatch.setattr(share_module, "RETRY_BASE_S", 0.0)
    set_topic(school.room, school.journal, "Дроби")
    assert school.room.sync().ok
    assert failures["left"] == 0
    monkeypatch.undo()
    assert school.other.sync().ok
    assert topic(school.other, school.journal) == "Дроби"


def test_stale_listing_catches_up_later(school: School, monkeypatch: pytest.MonkeyPatch) -> None:
    set_topic(school.room, school.journal, "первая")
    assert school.room.sync().ok
    set_topic(school.room, school.journal, "вторая")
    assert school.room.sync().ok
    real = share_module.list_segments

    def stale(layout: ShareLayout, device: object) -> list[tuple[int, int]]:
        return real(layout, device)[:-1]  # SMB's cached listing: the newest not seen yet

    monkeypatch.setattr("database.sync.round.list_segments", stale)
    assert school.other.sync().ok
    assert topic(school.other, school.journal) == "первая"
    monkeypatch.undo()
    assert school.other.sync().ok
    assert topic(school.other, school.journal) == "вторая"


def test_marks_of_the_same_cell_made_twice_offline(school: School) -> None:
    """A unique key created twice offline: one record keeps the cell, the other is kept
    as a conflict — the same on every computer, and nothing fails to apply."""
    from database.models import Enrolment, Student

    with school.admin.maker.begin() as session:
        student = Student(surname="Алексеев", name="Борис")
        save(session, school.admin.system(), student)
        from datetime import date

        save(session, school.admin.system(), Enrolment(
            student_id=student.id, class_id=school.journal.class_id,
            start_date=date(2026, 9, 1)))
        student_id = student.id
    sync_all(school)
    for computer, value in ((school.room, "5"), (school.other, "4")):
        with computer.maker.begin() as session:
            save(session, teacher_actor(computer, school.journal), Mark(
                lesson_id=school.journal.lesson, student_id=student_id, position=1, value=value,
                entered_at=NOW))
    sync_all(school, rounds=3)
    same_everywhere(school.all)
    for computer in school.all:
        with computer.maker() as session:
            assert session.scalar(select(func.count()).select_from(Mark)) == 1
    assert any(c[2] == "unique" for c in school.admin.conflicts())
