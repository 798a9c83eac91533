"""Schema migrations: head matches the models, and old databases upgrade safely.

``fixtures/schema_0001`` is a small encrypted school committed at revision 0001 (see
``fixtures/make_schema_0001.py`` for how it was made and its passwords). Every test
works on a copy of it.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

import database.schema
from database.changelog import local_device_id, verify_chain
from database.engine import make_engine, make_sessionmaker
from database.errors import StorageError
from database.keyslots import new_data_key, open_slot
from database.models import Base, Enrolment, Student
from database.paths import SchoolPaths
from database.store import SCHEMA_HEAD, open_database, schema_version
from tests.database.fixtures.make_schema_0001 import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    FIXTURE_DIR,
    REVISION,
)


@pytest.fixture
def school_0001(tmp_path: Path) -> tuple[SchoolPaths, bytes]:
    target = tmp_path / "school"
    shutil.copytree(FIXTURE_DIR, target)
    paths = SchoolPaths(target)
    return paths, open_slot(paths.slots_dir, ADMIN_LOGIN, ADMIN_PASSWORD)


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_head_matches_models_exactly(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "empty.db", new_data_key())
    try:
        database.schema.upgrade_schema(engine)
        assert schema_version(engine) == SCHEMA_HEAD
        assert _diff(engine) == []
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set(Base.metadata.tables)
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    """Keeps 0001's downgrade honest (a later revision's tests will lean on it)."""
    engine = make_engine(tmp_path / "empty.db", new_data_key())
    try:
        database.schema.upgrade_schema(engine)
        with engine.connect() as conn:
            from alembic import command

            with conn.begin():
                command.downgrade(database.schema.alembic_config(conn), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        database.schema.upgrade_schema(engine)
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_fixture_is_at_first_revision(school_0001: tuple[SchoolPaths, bytes]) -> None:
    paths, key = school_0001
    engine = make_engine(paths.db, key)
    try:
        assert schema_version(engine) == REVISION == "0001"
    finally:
        engine.dispose()


def test_open_upgrades_fixture_to_head(school_0001: tuple[SchoolPaths, bytes]) -> None:
    """A real 0001 school opened by today's program: upgraded to head (0002 adds the
    sync tables), after a backup."""
    paths, key = school_0001
    engine = open_database(paths, key)
    try:
        assert schema_version(engine) == SCHEMA_HEAD
        assert _diff(engine) == []
        with make_sessionmaker(engine)() as session:
            assert verify_chain(session).ok
            assert session.scalar(select(Student.surname).order_by(Student.surname)) == "Алексеев"
        took_backup = paths.backups_dir.exists() and any(paths.backups_dir.iterdir())
        assert took_backup == (REVISION != SCHEMA_HEAD)
    finally:
        engine.dispose()


FAKE_0002 = '''"""Test-only revision after the real head: rebuilds the student table."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate="always" forces the copy/drop/rename dance of a real SQLite change.
    with op.batch_alter_table("student", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(40), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("student", recreate="always") as batch_op:
        batch_op.drop_column("nickname")
'''


@pytest.fixture
def fake_0002(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real migrations plus a test-only revision 0002.

    Why not "stamp base" instead: a 0001 database stamped back to base still has all
    of 0001's tables, so "upgrading" it would re-run CREATE TABLE on existing tables —
    a path no school can ever be on. A real extra revision (after the real ones) applied to the
    committed 0001 database is the situation an upgrade actually meets, and it makes the
    program take its backup, run a batch table rebuild on live data, and commit.
    """
    migrations = tmp_path / "migrations"
    shutil.copytree(
        database.schema.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__")
    )
    real_head = database.schema.head_revision()
    (migrations / "versions" / "9999_fake.py").write_text(
        FAKE_0002.replace("{head}", real_head), encoding="utf-8")
    monkeypatch.setattr(database.schema, "MIGRATIONS_DIR", migrations)
    assert database.schema.head_revision() == "9999"
    return migrations


def test_older_schema_is_backed_up_then_upgraded(
    school_0001: tuple[SchoolPaths, bytes], fake_0002: Path
) -> None:
    paths, key = school_0001
    engine = open_database(paths, key)
    try:
        assert schema_version(engine) == "9999"
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("student")}
            assert "nickname" in columns
            # The rebuild kept the rows and every reference to them.
            assert conn.execute(select(Student.id)).all()
            assert len(conn.execute(select(Enrolment.id)).all()) == 2
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with make_sessionmaker(engine)() as session:
            assert verify_chain(session).ok
            local_device_id(session)
    finally:
        engine.dispose()

    backups = sorted(paths.backups_dir.glob("before-upgrade-*-schema-0001.zip"))
    assert len(backups) == 1
    with zipfile.ZipFile(backups[0]) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["schema_revision"] == "0001"
        assert {"school.db", "keyslots/admin.slot.json"} <= set(archive.namelist())

    # Opened again: already at head, no second backup.
    open_database(paths, key).dispose()
    assert len(list(paths.backups_dir.glob("before-upgrade-*"))) == 1


def test_failed_upgrade_leaves_old_schema(
    school_0001: tuple[SchoolPaths, bytes], fake_0002: Path
) -> None:
    """A migration that breaks halfway is rolled back whole (transactional DDL)."""
    broken = FAKE_0002.replace(
        '        batch_op.add_column(sa.Column("nickname", sa.String(40), nullable=False,\n'
        '                                      server_default=""))\n',
        '        batch_op.add_column(sa.Column("nickname", sa.String(40), nullable=False,\n'
        '                                      server_default=""))\n'
        '    op.execute("SELECT * FROM no_such_table")\n',
    )
    assert broken != FAKE_0002
    head = (fake_0002 / "versions" / "9999_fake.py").read_text(encoding="utf-8")
    real_head = head.split('down_revision = "')[1].split('"')[0]
    (fake_0002 / "versions" / "9999_fake.py").write_text(
        broken.replace("{head}", real_head), encoding="utf-8")
    paths, key = school_0001
    with pytest.raises(StorageError) as caught:
        open_database(paths, key)
    assert "Изменения отменены" in caught.value.message
    assert "before-upgrade-" in caught.value.message
    engine = make_engine(paths.db, key)
    try:
        assert schema_version(engine) == "0001"
        with engine.connect() as conn:
            assert "nickname" not in {c["name"] for c in inspect(conn).get_columns("student")}
            tables = conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
            assert not [t for t in tables if "alembic_tmp" in t]
    finally:
        engine.dispose()


def test_newer_schema_is_refused(school_0001: tuple[SchoolPaths, bytes]) -> None:
    paths, key = school_0001
    engine = make_engine(paths.db, key)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError) as caught:
        open_database(paths, key)
    assert caught.value.message == (
        "База данных создана более новой версией программы (схема 9999). Обновите программу."
    )
    assert not paths.backups_dir.exists() or not any(paths.backups_dir.iterdir())
