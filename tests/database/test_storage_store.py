"""Creating and opening a school's database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

import database.store
from database.changelog import local_device_id, verify_chain
from database.engine import make_engine, make_sessionmaker
from database.errors import StorageError, ValidationError
from database.keyslots import new_data_key
from database.models import ChangeLog, Device
from database.paths import SchoolPaths
from database.store import SCHEMA_HEAD, create_database, open_database, schema_version


def test_create_database(tmp_path: Path) -> None:
    paths = SchoolPaths(tmp_path / "deep" / "school")
    key = new_data_key()
    engine = create_database(paths, key, device_name=" Кабинет 12 ", device_kind="classroom")
    try:
        assert paths.exists() and paths.slots_dir.is_dir() and paths.backups_dir.is_dir()
        assert schema_version(engine) == SCHEMA_HEAD
        with make_sessionmaker(engine)() as session:
            device_id = local_device_id(session)
            device = session.get(Device, device_id)
            assert device is not None
            assert (device.name, device.kind) == ("Кабинет 12", "classroom")
            log = session.scalars(select(ChangeLog)).all()
            assert [(row.table_name, row.record_id, row.author_id) for row in log] == [
                ("device", str(device_id), None)
            ]
            assert log[0].device_id == str(device_id)
            assert verify_chain(session).ok
    finally:
        engine.dispose()


def test_create_refuses_existing_database(tmp_path: Path) -> None:
    paths = SchoolPaths(tmp_path)
    key = new_data_key()
    create_database(paths, key, device_name="A").dispose()
    before = paths.db.read_bytes()
    with pytest.raises(StorageError, match="уже есть база данных"):
        create_database(paths, new_data_key(), device_name="B")
    assert paths.db.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "kind"), [("", "admin"), ("   ", "admin"), ("x" * 101, "admin"), ("A", "server")]
)
def test_create_validates_device(tmp_path: Path, name: str, kind: str) -> None:
    paths = SchoolPaths(tmp_path)
    with pytest.raises(ValidationError):
        create_database(paths, new_data_key(), device_name=name, device_kind=kind)
    assert not paths.exists()


def test_failed_create_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = SchoolPaths(tmp_path)

    def broken_save(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(database.store, "save", broken_save)
    with pytest.raises(RuntimeError):
        create_database(paths, new_data_key(), device_name="A")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("school.db")]
    monkeypatch.undo()
    create_database(paths, new_data_key(), device_name="A").dispose()  # a retry works


def test_open_missing_database(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="не найдена"):
        open_database(SchoolPaths(tmp_path), new_data_key())


def test_open_foreign_encrypted_file(tmp_path: Path) -> None:
    """An encrypted database with the right key but no School Journal schema."""
    paths = SchoolPaths(tmp_path)
    key = new_data_key()
    engine = make_engine(paths.db, key)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE something (x)")
    engine.dispose()
    with pytest.raises(StorageError, match="не является базой данных School Journal"):
        open_database(paths, key)
