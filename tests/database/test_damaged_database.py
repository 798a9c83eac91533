"""A damaged database file (one flipped byte) is refused when it is opened, with the
damage named and the newest sound backup offered; backups of it say it is damaged;
the verify report speaks plain Russian; the backup catalogue lists, checks and
rotates backups."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from database.actor import Actor
from database.backup import KIND_BEFORE_RESTORE, backup, inspect_backup, restore
from database.backup_catalog import latest_good_backup, list_backups, rotate, take_backup
from database.changelog import local_device_id
from database.engine import make_engine, make_sessionmaker
from database.errors import DamagedDatabase, StorageError
from database.integrity import verify_database
from database.keyslots import KdfProfile, new_data_key, write_slot
from database.paths import SchoolPaths
from database.store import create_database, open_database

ADMIN, PASSWORD = "admin", "admin-password-1"


@pytest.fixture
def school(tmp_path: Path) -> tuple[SchoolPaths, bytes]:
    paths = SchoolPaths(tmp_path / "school")
    key = new_data_key()
    engine = create_database(paths, key, device_name="Учительская")
    engine.dispose()
    write_slot(paths.slots_dir, ADMIN, PASSWORD, key, account_id=None, profile=KdfProfile.ISSUED)
    return paths, key


def _flip_one_byte(path: Path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_flipped_byte_is_refused_at_open_with_the_latest_good_backup(
    school: tuple[SchoolPaths, bytes],
) -> None:
    paths, key = school
    engine = open_database(paths, key)
    good = take_backup(paths, engine, now=datetime(2026, 11, 17, 18, 0))
    engine.dispose()
    _flip_one_byte(paths.db)
    with pytest.raises(DamagedDatabase) as refused:
        open_database(paths, key)
    damaged = refused.value
    assert damaged.backup == good.path
    assert any("страница" in p and "повреждена" in p for p in damaged.problems)
    assert "повреждён" in damaged.message and good.path.name in damaged.message
    # The offered backup restores a sound database.
    restore(paths, good.path, ADMIN, PASSWORD)
    open_database(paths, key).dispose()


def test_verify_names_the_damage_in_plain_words(school: tuple[SchoolPaths, bytes]) -> None:
    paths, key = school
    engine = open_database(paths, key)
    with make_sessionmaker(engine)() as session:
        actor = Actor.system(local_device_id(session))
    report = verify_database(engine, actor)
    engine.dispose()
    assert report.ok and "Проверка пройдена" in report.describe()
    assert "Журнал изменений цел" in report.describe()

    _flip_one_byte(paths.db)
    engine = make_engine(paths.db, key)  # past the opening check, as `verify` reads it
    try:
        report = verify_database(engine, actor)
    finally:
        engine.dispose()
    text = report.describe()
    assert not report.ok
    assert "Файл базы данных повреждён" in text and "страница" in text
    assert "DatabaseError" not in text and "ПРОВЕРКА НЕ ПРОЙДЕНА" in text


def test_a_backup_of_a_damaged_database_says_it_is_damaged(
    school: tuple[SchoolPaths, bytes], tmp_path: Path
) -> None:
    paths, key = school
    _flip_one_byte(paths.db)
    engine = make_engine(paths.db, key)
    try:
        with pytest.raises(StorageError, match="повреждена") as refused:
            backup(paths, engine, tmp_path / "copy.zip")
    finally:
        engine.dispose()
    assert "место" not in refused.value.message


def test_catalogue_checks_each_backup_and_skips_damaged_and_before_restore(
    school: tuple[SchoolPaths, bytes],
) -> None:
    paths, key = school
    engine = open_database(paths, key)
    try:
        older = take_backup(paths, engine, now=datetime(2026, 11, 16, 18, 0))
        newer = take_backup(paths, engine, now=datetime(2026, 11, 17, 18, 0))
    finally:
        engine.dispose()
    os.utime(older.path, (1_000, 1_000))
    os.utime(newer.path, (2_000, 2_000))
    assert inspect_backup(newer.path).db_sha256 == newer.db_sha256
    _flip_one_byte(newer.path, at=0.3)
    entries = {e.path.name: e for e in list_backups([paths.backups_dir])}
    assert entries[older.path.name].ok
    assert not entries[newer.path.name].ok and "School Journal" in (
        entries[newer.path.name].problem or "")
    assert latest_good_backup([paths.backups_dir]) == inspect_backup(older.path)
    # A restore's snapshot of what it replaced is not offered as the good copy.
    info = restore(paths, older.path, ADMIN, PASSWORD)
    assert info.safety_copy is not None
    assert inspect_backup(info.safety_copy).kind == KIND_BEFORE_RESTORE
    os.utime(info.safety_copy, (3_000, 3_000))
    best = latest_good_backup([paths.backups_dir])
    assert best is not None and best.path == older.path


def test_rotation_keeps_the_newest_backups_only(school: tuple[SchoolPaths, bytes]) -> None:
    paths, key = school
    engine = open_database(paths, key)
    try:
        made = [take_backup(paths, engine, keep=None, now=datetime(2026, 11, day, 18, 0))
                for day in range(10, 15)]
    finally:
        engine.dispose()
    for index, info in enumerate(made):
        os.utime(info.path, (1_000 + index, 1_000 + index))
    upgrade = paths.backups_dir / "before-upgrade-20261101-schema-0001.zip"
    upgrade.write_bytes(made[0].path.read_bytes())
    os.utime(upgrade, (1, 1))
    removed = rotate(paths.backups_dir, keep=3)
    assert sorted(removed) == sorted(i.path for i in made[:2])
    assert upgrade.exists()  # only «backup-…» files are rotated
    assert all(i.path.exists() for i in made[2:])


def test_a_backup_is_due_once_a_day_by_the_name_of_the_last_one(tmp_path: Path) -> None:
    from datetime import timedelta

    from database.backup_catalog import backup_due, last_backup_time

    folder = tmp_path / "share"
    assert backup_due(folder, datetime(2026, 11, 18, 9, 0))  # no folder yet
    folder.mkdir()
    (folder / "backup-20261118-083000.zip").write_bytes(b"")
    (folder / "before-upgrade-20261119-000000-schema-0001.zip").write_bytes(b"")
    assert last_backup_time(folder) == datetime(2026, 11, 18, 8, 30)
    assert not backup_due(folder, datetime(2026, 11, 18, 23, 0))
    assert backup_due(folder, datetime(2026, 11, 18, 8, 30) + timedelta(hours=24))
    assert backup_due(folder, datetime(2026, 11, 17, 9, 0))  # the clock went back
