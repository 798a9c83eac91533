"""Backups (consistent, still encrypted, taken while the program runs) and restore."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from database.backup import backup, integrity_check, restore
from database.engine import make_engine, make_sessionmaker
from database.errors import AuthError, DomainError, StorageError
from database.keyslots import (
    KdfProfile,
    generate_recovery_key,
    list_slots,
    new_data_key,
    open_recovery_slot,
    open_slot,
    write_recovery_slot,
    write_slot,
)
from database.models import LocalMeta
from database.paths import SchoolPaths
from database.store import SCHEMA_HEAD, create_database, open_database

ADMIN, PASSWORD = "admin", "admin-password-1"


@pytest.fixture
def school(tmp_path: Path) -> tuple[SchoolPaths, bytes]:
    paths = SchoolPaths(tmp_path / "school")
    key = new_data_key()
    engine = create_database(paths, key, device_name="Учительская")
    engine.dispose()
    write_slot(paths.slots_dir, ADMIN, PASSWORD, key, account_id=None, profile=KdfProfile.ISSUED)
    return paths, key


def _note(engine: Engine, key: str, value: str) -> None:
    with make_sessionmaker(engine).begin() as session:
        session.merge(LocalMeta(key=key, value=value))


def _notes(engine: Engine) -> dict[str, str]:
    with make_sessionmaker(engine)() as session:
        return {row.key: row.value for row in session.scalars(select(LocalMeta))}


def _fingerprint(paths: SchoolPaths) -> dict[str, str]:
    files = [paths.db, *sorted(paths.slots_dir.iterdir())]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_backup_during_open_write_is_consistent_and_encrypted(
    school: tuple[SchoolPaths, bytes], tmp_path: Path
) -> None:
    paths, key = school
    engine = open_database(paths, key)
    try:
        _note(engine, "committed", "yes")
        with engine.connect() as writer:
            writer.begin()
            writer.execute(LocalMeta.__table__.insert().values(key="in-flight", value="no"))
            # The writer holds SQLite's write lock while the backup runs.
            info = backup(paths, engine, tmp_path / "out" / "copy.zip")
            writer.commit()
        assert _notes(engine)["in-flight"] == "no"
    finally:
        engine.dispose()

    assert info.schema_revision == SCHEMA_HEAD
    assert info.slot_count == 1
    assert info.size_bytes == info.path.stat().st_size
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(info.path) as archive:
        assert sorted(archive.namelist()) == [
            "keyslots/admin.slot.json", "manifest.json", "school.db"
        ]
        manifest = json.loads(archive.read("manifest.json"))
        archive.extractall(unpacked)
    copy = unpacked / "school.db"
    assert manifest["format"] == "school-journal-backup"
    assert manifest["schema_revision"] == SCHEMA_HEAD
    assert manifest["db_sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert manifest["app_version"]

    # Still encrypted: stdlib sqlite3 cannot read it…
    plain = sqlite3.connect(copy)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()
    # …the data key can, and it holds exactly what was committed.
    copy_engine = make_engine(copy, key)
    try:
        assert integrity_check(copy_engine) == []
        notes = _notes(copy_engine)
        assert notes["committed"] == "yes"
        assert "in-flight" not in notes
    finally:
        copy_engine.dispose()


def test_backup_with_key_instead_of_engine(
    school: tuple[SchoolPaths, bytes], tmp_path: Path
) -> None:
    paths, key = school
    info = backup(paths, key, tmp_path / "copy.zip")
    assert info.schema_revision == SCHEMA_HEAD
    with pytest.raises(StorageError):
        backup(SchoolPaths(tmp_path / "nowhere"), key, tmp_path / "other.zip")


def test_restore_round_trip(school: tuple[SchoolPaths, bytes], tmp_path: Path) -> None:
    paths, key = school
    recovery = generate_recovery_key()
    write_recovery_slot(paths.slots_dir, recovery, key)
    engine = open_database(paths, key)
    _note(engine, "state", "at backup time")
    saved = backup(paths, engine, tmp_path / "saved.zip")
    # Life goes on after the backup: data, a password change, a new account.
    _note(engine, "state", "after backup")
    engine.dispose()
    write_slot(paths.slots_dir, ADMIN, "changed later", key, account_id=None,
               profile=KdfProfile.ISSUED)
    write_slot(paths.slots_dir, "newcomer", "x-password", key, account_id=None,
               profile=KdfProfile.ISSUED)

    info = restore(paths, saved.path, ADMIN, PASSWORD)

    assert info.schema_revision == SCHEMA_HEAD
    assert info.backup_created_at == saved.created_at
    assert info.slot_count == 2  # admin + recovery
    assert "Восстановлено" in info.describe()
    # Slots are the backup's: the old password works again, the later account is gone.
    assert open_slot(paths.slots_dir, ADMIN, PASSWORD) == key
    assert open_recovery_slot(paths.slots_dir, recovery) == key
    assert list_slots(paths.slots_dir) == [ADMIN]
    engine = open_database(paths, key)
    try:
        assert _notes(engine)["state"] == "at backup time"
    finally:
        engine.dispose()
    leftovers = [p.name for p in paths.root.iterdir() if p.name.startswith(".")]
    assert leftovers == []

    # The replaced data was kept, and is itself restorable.
    assert info.safety_copy is not None and info.safety_copy.parent == paths.backups_dir
    assert info.safety_copy.name.startswith("before-restore-")
    restore(paths, info.safety_copy, ADMIN, "changed later")
    assert sorted(list_slots(paths.slots_dir)) == [ADMIN, "newcomer"]
    engine = open_database(paths, key)
    try:
        assert _notes(engine)["state"] == "after backup"
    finally:
        engine.dispose()


def test_restore_keeps_local_state_subfolders(
    school: tuple[SchoolPaths, bytes], tmp_path: Path
) -> None:
    """Subfolders of keyslots/ (sign-in guards, remembered tokens of this computer)
    are not in backups and survive a restore untouched."""
    paths, key = school
    saved = backup(paths, key, tmp_path / "saved.zip")
    guard = paths.slots_dir / "guard"
    guard.mkdir()
    (guard / "admin.guard.json").write_text('{"failures": 2}')
    restore(paths, saved.path, ADMIN, PASSWORD)
    assert (guard / "admin.guard.json").read_text() == '{"failures": 2}'
    with zipfile.ZipFile(backup(paths, key, tmp_path / "again.zip").path) as archive:
        assert not [n for n in archive.namelist() if "guard" in n]


def test_restore_into_an_empty_folder(school: tuple[SchoolPaths, bytes], tmp_path: Path) -> None:
    """A new computer: nothing to replace, no safety copy."""
    paths, key = school
    saved = backup(paths, key, tmp_path / "saved.zip")
    fresh = SchoolPaths(tmp_path / "new-pc")
    info = restore(fresh, saved.path, ADMIN, PASSWORD)
    assert info.safety_copy is None
    open_database(fresh, open_slot(fresh.slots_dir, ADMIN, PASSWORD)).dispose()


def test_restore_with_wrong_password_changes_nothing(
    school: tuple[SchoolPaths, bytes], tmp_path: Path
) -> None:
    paths, key = school
    saved = backup(paths, key, tmp_path / "saved.zip")
    before = _fingerprint(paths)
    with pytest.raises(AuthError):
        restore(paths, saved.path, ADMIN, "wrong")
    with pytest.raises(AuthError):
        restore(paths, saved.path, "nobody", PASSWORD)
    assert _fingerprint(paths) == before
    assert not paths.backups_dir.exists() or not list(paths.backups_dir.iterdir())


def _rezip(source: Path, target: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    edit(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _with_manifest_sums(members: dict[str, bytes]) -> None:
    """Make the manifest agree with the (edited) members, as a careful forger would."""
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in members.items()
        if name != "manifest.json"
    }
    members["manifest.json"] = json.dumps(manifest).encode()


def _flip_middle_page(members: dict[str, bytes]) -> None:
    db = bytearray(members["school.db"])
    db[len(db) // 2] ^= 0xFF
    members["school.db"] = bytes(db)
    _with_manifest_sums(members)


def _traversal(members: dict[str, bytes]) -> None:
    members["../../evil.txt"] = b"owned"


def _extra_slot_folder(members: dict[str, bytes]) -> None:
    members["keyslots/sub/admin.slot.json"] = members["keyslots/admin.slot.json"]


def _bad_sum(members: dict[str, bytes]) -> None:
    members["keyslots/admin.slot.json"] += b" "


def _no_manifest(members: dict[str, bytes]) -> None:
    del members["manifest.json"]


def _foreign_manifest(members: dict[str, bytes]) -> None:
    members["manifest.json"] = b'{"format": "something-else"}'


def _future_format(members: dict[str, bytes]) -> None:
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 99
    members["manifest.json"] = json.dumps(manifest).encode()


def _plain_sqlite_db(members: dict[str, bytes]) -> None:
    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE TABLE t (x)")
    members["school.db"] = plain.serialize()
    plain.close()
    _with_manifest_sums(members)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_flip_middle_page, "повреждена"),
        (_traversal, "посторонний файл"),
        (_extra_slot_folder, "посторонний файл"),
        (_bad_sum, "контрольная сумма"),
        (_no_manifest, "нет базы данных или её описания"),
        (_foreign_manifest, "не резервная копия"),
        (_future_format, "более новой версией"),
        (_plain_sqlite_db, "не открывается ключом из этой же копии"),
    ],
)
def test_tampered_backups_are_refused(
    school: tuple[SchoolPaths, bytes],
    tmp_path: Path,
    edit: Callable[[dict[str, bytes]], None],
    expected: str,
) -> None:
    paths, key = school
    saved = backup(paths, key, tmp_path / "saved.zip")
    bad = _rezip(saved.path, tmp_path / "bad.zip", edit)
    before = _fingerprint(paths)
    with pytest.raises(StorageError) as caught:
        restore(paths, bad, ADMIN, PASSWORD)
    assert expected.lower() in caught.value.message.lower()
    assert _fingerprint(paths) == before
    assert not (tmp_path.parent / "evil.txt").exists()
    assert not [p for p in paths.root.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:100],
        lambda data: data[:-30],
        lambda data: b"",
        lambda data: b"PK\x03\x04" + b"\x00" * 200,
        lambda data: bytes(range(256)) * 64,
        lambda data: data[: len(data) // 3] + b"\x00" * 4096 + data[len(data) // 3 + 4096 :],
    ],
)
def test_truncated_or_garbage_file_is_a_domain_error(
    school: tuple[SchoolPaths, bytes], tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    paths, key = school
    saved = backup(paths, key, tmp_path / "saved.zip")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(damage(saved.path.read_bytes()))
    before = _fingerprint(paths)
    with pytest.raises(DomainError) as caught:
        restore(paths, bad, ADMIN, PASSWORD)
    assert "Данные школы не изменены" in caught.value.message
    assert _fingerprint(paths) == before


def test_missing_backup_file(school: tuple[SchoolPaths, bytes], tmp_path: Path) -> None:
    paths, _key = school
    with pytest.raises(StorageError, match="не найден"):
        restore(paths, tmp_path / "nope.zip", ADMIN, PASSWORD)


def test_backup_is_written_atomically(
    school: tuple[SchoolPaths, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing leaves the previous backup file intact and no litter."""
    paths, key = school
    target = tmp_path / "out" / "copy.zip"
    first = backup(paths, key, target)
    original = target.read_bytes()

    def failing_writestr(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing_writestr)
    with pytest.raises(StorageError):
        backup(paths, key, target)
    monkeypatch.undo()
    assert target.read_bytes() == original
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.zip"]
    assert first.path == target


def test_integrity_check_finds_damage(school: tuple[SchoolPaths, bytes], tmp_path: Path) -> None:
    paths, key = school
    engine = open_database(paths, key)
    assert integrity_check(engine) == []
    engine.dispose()
    data = bytearray(paths.db.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    engine = make_engine(damaged, key)
    try:
        problems = integrity_check(engine)
    finally:
        engine.dispose()
    assert problems and all(isinstance(p, str) for p in problems)


def test_zip_bytes_are_not_plain_text(school: tuple[SchoolPaths, bytes], tmp_path: Path) -> None:
    """Belt and braces: nothing readable of the school's data appears in the archive."""
    paths, key = school
    saved = backup(paths, key, tmp_path / "saved.zip")
    raw = saved.path.read_bytes()
    assert "Учительская".encode() not in raw
    assert b"CREATE TABLE" not in raw
