"""The encrypted SQLAlchemy engine: SQLCipher 4 through ``sqlcipher3``.

The data key is applied to every new DBAPI connection by a pool ``connect`` listener
as a *raw* key (``PRAGMA key = "x'…'"``: no passphrase KDF, the key is already 256
random bits). It never goes into the URL, so it cannot show up in ``repr(engine)``,
in SQLAlchemy's echo/logging, or in a wrapped DBAPI exception's statement text.

Why a subclass of SQLAlchemy's ``pysqlcipher`` dialect: the stock dialect always runs
``pragma key=<URL password>`` on connect — with a password-less URL that is
``pragma key=""``, which SQLCipher 4 rejects ("PRAGMA key requires a key of one or
more characters"). Ours is identical except that it skips that step; it is
registered as ``sqlite+pysqlcipher_rawkey`` so the stock dialect stays untouched.

Transactions use SQLAlchemy's documented pysqlite recipe (the driver's own BEGIN
handling switched off, SQLAlchemy emits BEGIN): the ``sqlite3``-style driver would
otherwise autocommit DDL (a failed migration would leave half-rebuilt tables), never
BEGIN before a SELECT (reads in one session would not be repeatable) and mishandle
SAVEPOINT. With WAL that is safe for a desktop app with one database worker; the
one new failure mode is that a session that *read* and then tries to *write* after
another connection committed gets "database is locked" at once (SQLite cannot
upgrade a stale read snapshot), which is a real conflict and is reported as such.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from database.errors import StorageError

log = logging.getLogger(__name__)

WRONG_KEY = "Не удалось открыть базу данных: неверный ключ или файл повреждён."
NO_CIPHER = (
    "Установленная библиотека SQLite не поддерживает шифрование (SQLCipher): "
    "открывать журнал без шифрования нельзя. Переустановите программу."
)
DRIVER_NAME = "pysqlcipher_rawkey"
BUSY_TIMEOUT_MS = 5000


class RawKeyCipherDialect(SQLiteDialect_pysqlcipher):
    """``sqlite+pysqlcipher`` without the URL-password ``pragma key`` (see module doc)."""

    driver = DRIVER_NAME
    supports_statement_cache = True

    def on_connect_url(self, url: URL) -> Any:
        # Skip SQLiteDialect_pysqlcipher.on_connect_url (the "pragma key=<password>"
        # step) but keep pysqlite's connect setup (regexp/floor functions).
        return super(SQLiteDialect_pysqlcipher, self).on_connect_url(url)


registry.register(f"sqlite.{DRIVER_NAME}", __name__, "RawKeyCipherDialect")


class _HiddenKey:
    """Holds the data key for the connect listener; its repr never shows it (pytest
    ``--showlocals`` and debuggers print reprs of locals and closure cells)."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if not isinstance(key, bytes) or len(key) != 32:
            raise ValueError("the data key must be exactly 32 bytes")
        self._key = key

    def pragma(self) -> str:
        return f"PRAGMA key = \"x'{self._key.hex()}'\""

    def __repr__(self) -> str:
        return "<data key hidden>"


def _key_connection(dbapi_connection: Any, key: _HiddenKey) -> None:
    """Key a fresh sqlcipher3 connection and check, failing closed, that it really is
    an encrypted database opened with the right key; then set the session pragmas."""
    cursor = dbapi_connection.cursor()
    try:
        # SQLCipher prints its own diagnostics ("hmac check failed for pgno=1") to
        # stderr; the command line promises one clear Russian line per failure, and
        # the StorageError raised below already says what went wrong.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        try:
            cursor.execute(key.pragma())
            # Pin the SQLCipher 4 format: a later library with other defaults must
            # still open the school's existing files.
            cursor.execute("PRAGMA cipher_compatibility = 4")
        except sqlcipher3.dbapi2.Error:
            raise StorageError(WRONG_KEY) from None
        version = cursor.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            # A plain SQLite build silently ignores PRAGMA key: refuse rather than
            # write the school's data unencrypted.
            raise StorageError(NO_CIPHER)
        try:
            # The first read decrypts page 1: a wrong key fails here, not later in
            # the middle of the user's work.
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.dbapi2.DatabaseError:
            raise StorageError(WRONG_KEY) from None
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if not mode or str(mode[0]).lower() != "wal":
            # E.g. a network folder without shared memory: still correct, only slower
            # and without concurrent readers during a write.
            log.warning("WAL journal mode not available, using %s", mode)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Sorts and temporary indexes stay in memory, never in a temp file on disk.
        cursor.execute("PRAGMA temp_store = MEMORY")
    finally:
        cursor.close()


def make_engine(db_path: Path, data_key: bytes, *, echo: bool = False) -> Engine:
    """An engine for the encrypted database at ``db_path`` (created on first write if
    missing). Connections are opened lazily; a wrong key raises :class:`StorageError`
    on the first connection."""
    key = _HiddenKey(data_key)
    url = URL.create(f"sqlite+{DRIVER_NAME}", database=str(Path(db_path).absolute()))
    engine = create_engine(
        url,
        module=sqlcipher3.dbapi2,
        # The dialect's default SingletonThreadPool hands the *same* connection to two
        # sessions in one thread; a QueuePool gives each its own.
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        connect_args={"check_same_thread": False},
        echo=echo,
    )

    # insert=True: run before the dialect's own first-connect initialisation, which
    # already reads the database and would fail on a not-yet-keyed connection.
    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin.
        dbapi_connection.isolation_level = None
        _key_connection(dbapi_connection, key)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (services return plain
    dataclasses, but a caller may still look at an object it just saved)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def cipher_version(engine: Engine | Connection) -> str:
    """The SQLCipher version of the engine's library (e.g. ``4.19.0 community``)."""
    if isinstance(engine, Connection):
        value = engine.exec_driver_sql("PRAGMA cipher_version").scalar()
    else:
        with engine.connect() as connection:
            value = connection.exec_driver_sql("PRAGMA cipher_version").scalar()
    return "" if value is None else str(value)


def key_raw_connection(dbapi_connection: Any, data_key: bytes) -> None:
    """Key a bare ``sqlcipher3`` connection the same way engines do (for tools that
    need a DBAPI connection outside an engine, e.g. checking a backup copy)."""
    dbapi_connection.isolation_level = None
    _key_connection(dbapi_connection, _HiddenKey(data_key))
