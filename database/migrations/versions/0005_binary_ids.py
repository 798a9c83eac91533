"""The domain tables' UUIDs stored as 16 bytes instead of 32 hex characters.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Every id column of the synchronised tables (primary keys, foreign keys, the nullable
``entered_by`` stamps, ``login_event.device_id``) was SQLAlchemy's ``Uuid``: declared
``CHAR(32)``, holding ``UUID.hex``. From here on it is ``database.ids.UuidBlob``:
declared ``BLOB``, holding ``UUID.bytes`` — in the table and in every index over it
(a mark carries four ids and three indexes over them). Same values, same order
(bytes sort as their lower-case hex did), so every relation holds as it did.

SQLite cannot change a column's declared type in place, so each table is rebuilt as
SQLite's documented procedure does it: the new table created from the stored
``CREATE TABLE`` with only the id columns' type changed, the rows copied in one
``INSERT … SELECT`` with ``unhex()`` (in SQLite itself, no row through Python), the old
table dropped, the new one renamed, its indexes created again from their stored SQL.
Foreign keys are off while migrating and checked once before commit
(:func:`database.schema.upgrade_schema`); every side of every relation is converted
the same way, so they match afterwards. A stored id that is not a UUID's hex (none is
written by this program) stops the upgrade with the table and column named: it is
rolled back whole, nothing is lost.

``unhex()`` is SQLite 3.41's (SQLCipher 4.19 here has 3.53); an older SQLite gets the
same function from Python for the migration's connection (:func:`_ensure_unhex`).
The downgrade writes the text back with ``hex()``.

The dropped tables' pages stay in the file as free pages until it is vacuumed; new
rows reuse them first (:func:`database.schema.compact_after_upgrade`, run when the
program opens the school, decides whether to vacuum).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The synchronised tables as of 0004 (every one has a UUID primary key ``id``),
# parents before children: see ``_deferred_keys``.
DOMAIN_TABLES = (
    "academic_year", "account_key", "device", "guardian", "school", "setting", "staff",
    "student", "subject", "account", "bell", "consent", "holiday", "school_class",
    "student_guardian", "study_period", "class_group", "enrolment", "login_event",
    "period_mark", "group_member", "teaching_assignment", "plan_topic", "timetable_entry",
    "lesson", "attendance", "mark",
)
TEXT_TYPE = "CHAR(32)"
BLOB_TYPE = "BLOB"
_NEW = "_binary_ids_new"


def _column_types(table: str) -> dict[str, str]:
    rows = op.get_bind().exec_driver_sql(f'PRAGMA table_info("{table}")').all()
    return {str(row[1]): str(row[2]).upper() for row in rows}


def _schema_sql(table: str) -> tuple[str, list[str]]:
    """The table's stored ``CREATE TABLE`` and its own (not automatic) indexes'."""
    bind = op.get_bind()
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    indexes = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name", (table,)
    ).scalars().all()
    return str(create), [str(sql) for sql in indexes]


def _retyped(create: str, table: str, columns: list[str], old: str, new: str) -> str:
    """``create`` for the table ``_binary_ids_new`` with ``columns`` declared ``new``."""
    head = re.compile(rf'\ACREATE TABLE "?{re.escape(table)}"? \(')
    if not head.match(create):
        raise RuntimeError(f"{table}: unexpected table definition")
    sql = head.sub(f'CREATE TABLE "{_NEW}" (', create, count=1)
    for column in columns:
        definition = re.compile(rf'^(\s*"?{re.escape(column)}"? ){re.escape(old)}(?=[\s,]|$)',
                                re.MULTILINE | re.IGNORECASE)
        sql, found = definition.subn(lambda m: m[1] + new, sql, count=1)
        if found != 1:
            raise RuntimeError(f"{table}.{column}: column definition not found")
    return sql


def _rebuild(table: str, old_type: str, new_type: str, convert: str, bad: str) -> None:
    """Rebuild ``table`` with its ``old_type`` columns as ``new_type``, each value put
    through the SQL ``convert`` (``{}`` is the column). ``bad`` (same form) is true for
    a value that cannot be converted: the upgrade stops before anything is copied."""
    bind = op.get_bind()
    types = _column_types(table)
    ids = [name for name, kind in types.items() if kind == old_type]
    if not ids:
        return
    problem = bind.exec_driver_sql(
        f'SELECT {", ".join(f"{bad.format(_q(c))} AS {_q(c)}" for c in ids)} '
        f'FROM "{table}" WHERE {" OR ".join(bad.format(_q(c)) for c in ids)} LIMIT 1'
    ).first()
    if problem is not None:
        column = next(c for c, wrong in zip(ids, problem, strict=True) if wrong)
        raise RuntimeError(f"{table}.{column}: a stored id is not a UUID")
    create, indexes = _schema_sql(table)
    bind.exec_driver_sql(_retyped(create, table, ids, old_type, new_type))
    names = list(types)
    values = [convert.format(_q(c)) if c in ids else _q(c) for c in names]
    bind.exec_driver_sql(
        f'INSERT INTO "{_NEW}" ({", ".join(map(_q, names))}) '
        f'SELECT {", ".join(values)} FROM "{table}"'
    )
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{_NEW}" RENAME TO "{table}"')
    for sql in indexes:
        bind.exec_driver_sql(sql)
    after = _column_types(table)
    if [after[c] for c in ids] != [new_type] * len(ids):
        raise RuntimeError(f"{table}: id columns not retyped")


def _q(name: str) -> str:
    return f'"{name}"'


def _deferred_keys() -> None:
    """The program migrates with foreign keys off; a developer's ``alembic downgrade``
    may run with them on, where dropping a parent table fails at once. Deferred to
    the commit instead, they hold again by then: with parents rebuilt before their
    children, each child row copied is checked against its converted parent, and
    the violations counted when a parent's old rows went are counted off again when
    the children's old rows go."""
    op.get_bind().exec_driver_sql("PRAGMA defer_foreign_keys = ON")


@contextmanager
def _big_cache() -> Iterator[None]:
    """A page cache of 128 MB while the tables are rebuilt: the indexes of a big table
    (a year's marks) are built by inserts in no order of theirs, and with the usual
    8 MB most of them miss the cache (the ``large`` demo's marks: 6.7 s → 3.3 s)."""
    bind = op.get_bind()
    usual = bind.exec_driver_sql("PRAGMA cache_size").scalar()
    bind.exec_driver_sql("PRAGMA cache_size = -131072")
    try:
        yield
    finally:
        bind.exec_driver_sql(f"PRAGMA cache_size = {int(usual or -2000)}")


def _unhex(text: object) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None  # as SQLite's unhex() answers text that is not hex


def _ensure_unhex() -> None:
    bind = op.get_bind()
    try:
        bind.exec_driver_sql("SELECT unhex('00')")
    except DBAPIError:
        driver = bind.connection.driver_connection
        driver.create_function("unhex", 1, _unhex, deterministic=True)  # type: ignore[union-attr]


def upgrade() -> None:
    _deferred_keys()
    _ensure_unhex()
    with _big_cache():
        for table in DOMAIN_TABLES:
            # unhex() gives NULL for text that is not hex, so a non-NULL value must
            # become exactly 16 bytes.
            _rebuild(table, TEXT_TYPE, BLOB_TYPE, "unhex({})",
                     "({0} IS NOT NULL AND length(unhex({0})) IS NOT 16)")


def downgrade() -> None:
    _deferred_keys()
    with _big_cache():
        for table in DOMAIN_TABLES:
            # hex(NULL) is '', not NULL.
            _rebuild(table, BLOB_TYPE, TEXT_TYPE,
                     "CASE WHEN {0} IS NOT NULL THEN lower(hex({0})) END",
                     "({0} IS NOT NULL AND length({0}) IS NOT 16)")
