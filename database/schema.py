"""Schema revisions: running the Alembic migrations on an already keyed engine.

Kept apart from ``database.store`` so that ``database.backup`` (which ``store`` uses
before an upgrade) can ask for revisions without an import cycle. ``store`` re-exports
what the rest of the program needs.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlcipher3.dbapi2
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine

from database.errors import StorageError

log = logging.getLogger(__name__)

# Found next to this file, so it works from a source checkout, an installed wheel
# (package-data) and a PyInstaller bundle (the spec must ship database/migrations as
# data files). Tests point it at a copy to add a fake later revision.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code (no alembic.ini). Migrations run on
    ``connection``; env.py refuses to run without one."""
    config = Config()
    # ConfigParser interpolation: a "%" in a folder name must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision this program knows (migrations are one straight line)."""
    heads = script_directory().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def is_known_revision(revision: str) -> bool:
    """True if ``revision`` is one of ours, i.e. this program can upgrade from it."""
    try:
        return script_directory().get_revision(revision) is not None
    except CommandError:
        return False


def schema_version(engine: Engine | Connection) -> str | None:
    """The revision the database is at, None if it has no schema yet."""
    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def newer_schema_error(revision: str) -> StorageError:
    return StorageError(
        f"База данных создана более новой версией программы (схема {revision}). "
        "Обновите программу."
    )


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision`` in one transaction (SQLite has transactional DDL, and
    the engine emits real BEGINs), so a failed upgrade leaves the old schema intact.

    Foreign-key enforcement is off while migrating: batch mode rebuilds a table by
    copying it and dropping the original, which with enforcement on would trip (or
    cascade) on rows that point at it. The keys are checked once, before commit."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        # Must run outside a transaction, where SQLite honours this pragma.
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    tables = sorted({str(row[0]) for row in broken})
                    raise StorageError(
                        "Не удалось обновить структуру базы данных: нарушены ссылки "
                        f"между таблицами ({', '.join(tables)}). Изменения отменены."
                    )
        finally:
            try:
                driver.execute("PRAGMA foreign_keys = ON")
            except Exception:
                # Never hand a connection without enforcement back to the pool.
                connection.invalidate()


# Below this share of free pages an upgrade leaves the file as it is: new rows reuse
# free pages first, and a VACUUM rewrites the whole file.
COMPACT_FREE_SHARE = 0.2


def compact_after_upgrade(engine: Engine) -> bool:
    """``VACUUM`` the file when an upgrade has left a good part of it free pages.

    A migration that rebuilds tables (0003: the change log; 0005: every domain table)
    frees the old tables' pages only inside the file, which then is *larger* than
    before the upgrade (the ``large`` demo at 0005: 455 MB with 29 % free pages, 324 MB
    vacuumed, about 10 s). It runs after the upgrade's commit (VACUUM cannot run in a
    transaction); the data is already safe, so a VACUUM that fails (a full disk) is
    logged and the file simply stays as large. Returns True when it vacuumed."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        pages = int(driver.execute("PRAGMA page_count").fetchone()[0])
        free = int(driver.execute("PRAGMA freelist_count").fetchone()[0])
        if not pages or free < pages * COMPACT_FREE_SHARE:
            return False
        try:
            driver.execute("VACUUM")
            # Without it the write-ahead log keeps the whole rewritten file's size.
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlcipher3.dbapi2.Error:
            log.warning("VACUUM after the schema upgrade failed; the file keeps its "
                        "free pages", exc_info=True)
            return False
    return True
