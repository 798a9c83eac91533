"""The SQLCipher engine: encrypted on disk, fail-closed keying, no secret in any log."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from database.backup import backup, restore
from database.engine import (
    NO_CIPHER,
    WRONG_KEY,
    cipher_version,
    key_raw_connection,
    make_engine,
    make_sessionmaker,
)
from database.errors import AuthError, StorageError
from database.keyslots import KdfProfile, new_data_key, open_slot, write_slot
from database.models import Device, LocalMeta
from database.paths import SchoolPaths
from database.store import create_database, open_database


@pytest.fixture
def school(tmp_path: Path) -> tuple[SchoolPaths, bytes]:
    paths = SchoolPaths(tmp_path / "school")
    key = new_data_key()
    create_database(paths, key, device_name="Кабинет 12", device_kind="classroom").dispose()
    return paths, key


@pytest.fixture
def restore_sqlalchemy_logging() -> Iterator[None]:
    """``echo=True`` attaches a stdout handler to SQLAlchemy's engine logger for the
    rest of the process; later tests would log into a closed capture stream."""
    loggers = [logging.getLogger(n) for n in ("sqlalchemy", "sqlalchemy.engine.Engine")]
    saved = [(lg, lg.level, list(lg.handlers)) for lg in loggers]
    yield
    for lg, level, handlers in saved:
        lg.setLevel(level)
        lg.handlers[:] = handlers


def test_file_is_not_readable_by_plain_sqlite(school: tuple[SchoolPaths, bytes]) -> None:
    paths, _key = school
    assert not paths.db.read_bytes().startswith(b"SQLite format 3")
    plain = sqlite3.connect(paths.db)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        plain.close()


def test_wrong_key_is_refused_with_russian_message(school: tuple[SchoolPaths, bytes]) -> None:
    paths, key = school
    wrong = new_data_key()
    engine = make_engine(paths.db, wrong)
    with pytest.raises(StorageError) as caught, engine.connect():
        pass
    engine.dispose()
    assert caught.value.message == WRONG_KEY
    assert wrong.hex() not in str(caught.value) and key.hex() not in str(caught.value)
    with pytest.raises(StorageError, match="неверный ключ"):
        open_database(paths, wrong)


def test_connection_settings(school: tuple[SchoolPaths, bytes]) -> None:
    paths, key = school
    engine = open_database(paths, key)
    try:
        assert cipher_version(engine).startswith("4.")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert cipher_version(conn) == cipher_version(engine)
        assert "x'" not in repr(engine) and key.hex() not in repr(engine)
        assert key.hex() not in str(engine.url)
    finally:
        engine.dispose()


def test_pool_serves_sessions_in_threads_and_rolls_back(
    school: tuple[SchoolPaths, bytes],
) -> None:
    paths, key = school
    engine = open_database(paths, key)
    sessions = make_sessionmaker(engine)
    try:
        # Two sessions open at once in one thread get separate, keyed connections.
        with sessions() as first, sessions() as second:
            assert first.scalar(select(Device.name)) == "Кабинет 12"
            assert second.scalar(select(Device.name)) == "Кабинет 12"
        results: list[object] = []

        def worker() -> None:
            with sessions() as session:
                results.append(session.scalar(select(Device.kind)))

        threads = [threading.Thread(target=worker) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == ["classroom"] * 3
        # SQLAlchemy emits real BEGINs: a rolled-back session leaves no trace,
        # DDL included (what makes a failed migration harmless).
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE scratch (x)")
            conn.execute(LocalMeta.__table__.insert().values(key="scratch", value="1"))
            conn.rollback()
        with sessions() as session:
            assert session.get(LocalMeta, "scratch") is None
            assert session.scalar(text("SELECT count(*) FROM sqlite_master "
                                       "WHERE name = 'scratch'")) == 0
    finally:
        engine.dispose()


def test_plain_sqlite_build_fails_closed(tmp_path: Path) -> None:
    """A library without SQLCipher ignores PRAGMA key; keying must refuse it."""
    plain = sqlite3.connect(tmp_path / "plain.db")
    try:
        with pytest.raises(StorageError) as caught:
            key_raw_connection(plain, new_data_key())
        assert caught.value.message == NO_CIPHER
    finally:
        plain.close()


def test_no_secret_in_logs_or_errors(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    restore_sqlalchemy_logging: None,
) -> None:
    """Full storage life cycle with SQLAlchemy echo at DEBUG: neither the data key
    (hex or bytes) nor a password shows up in any log record, on stdout/stderr
    (SQLCipher writes its own log there) or in an error."""
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy").setLevel(logging.DEBUG)
    paths = SchoolPaths(tmp_path / "school")
    key = new_data_key()
    password = "Очень-секретный-пароль-7"
    errors: list[BaseException] = []

    engine = create_database(paths, key, device_name="Учительская")
    write_slot(paths.slots_dir, "director", password, key, account_id=None,
               profile=KdfProfile.ISSUED)
    with make_sessionmaker(engine).begin() as session:
        session.add(LocalMeta(key="note", value="hello"))
    backup(paths, engine, tmp_path / "copy.zip")
    engine.dispose()
    echo_engine = make_engine(paths.db, open_slot(paths.slots_dir, "director", password),
                              echo=True)
    with echo_engine.connect() as conn:
        conn.exec_driver_sql("SELECT * FROM local_meta").all()
    echo_engine.dispose()
    for attempt in (
        lambda: open_slot(paths.slots_dir, "director", password + "!"),
        lambda: open_database(paths, new_data_key()),
        lambda: restore(paths, tmp_path / "copy.zip", "director", "wrong " + password),
    ):
        with pytest.raises((AuthError, StorageError)) as caught:
            attempt()
        errors.append(caught.value)
    restore(paths, tmp_path / "copy.zip", "director", password)
    open_database(paths, key).dispose()

    assert "PRAGMA" in caplog.text or "SELECT" in caplog.text  # logging really was on
    out, err = capfd.readouterr()
    secrets = (key.hex(), key.hex().upper(), repr(key), password)
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in out and secret not in err
        for exc in errors:
            chain: BaseException | None = exc
            while chain is not None:
                assert secret not in str(chain) and secret not in repr(chain)
                chain = chain.__cause__ or chain.__context__
