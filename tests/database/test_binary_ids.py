"""Domain ids stored as 16 bytes (``database.ids.UuidBlob``, migration 0005).

What is stored, that reads give ``uuid.UUID`` values as before, and that a school
stored the 0004 way (``Uuid``: the 32 hex characters) upgrades with its ids, its
relations, its journal and its change log intact.
"""

from __future__ import annotations

import importlib.util
import shutil
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlcipher3.dbapi2
from alembic import command
from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

import database.schema
from database.actor import Actor, Role
from database.changelog import local_device_id, verify_chain
from database.demo import DEMO_PASSWORDS
from database.engine import make_engine
from database.ids import IdCache, UuidBlob, raw_id, uuid_from_stored
from database.keyslots import open_slot
from database.models import (
    SYNCED_TABLES,
    Account,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Staff,
    Student,
)
from database.paths import SchoolPaths
from database.queries.journal import load_journal
from database.schema import (
    compact_after_upgrade,
    schema_version,
    upgrade_schema,
)
from database.services.marks import MarkInput, set_cell
from database.store import open_database
from database.sync.digest import state_digest
from tests.conftest import copy_demo, open_demo
from tests.database.conftest import SmallSchool
from tests.database.fixtures.make_schema_0001 import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    FIXTURE_DIR,
    TEACHER_LOGIN,
)


def _id_columns() -> list[tuple[str, str]]:
    return [
        (name, column.name)
        for name, model in sorted(SYNCED_TABLES.items())
        for column in model.__table__.columns
        if isinstance(column.type, UuidBlob)
    ]


def _stored_forms(connection: Connection) -> dict[tuple[str, str], set[tuple[str, int]]]:
    """Per id column, the (SQLite type, length) of the non-NULL values stored."""
    return {
        (table, column): {
            (str(kind), int(size)) for kind, size in connection.exec_driver_sql(
                f'SELECT DISTINCT typeof("{column}"), length("{column}") FROM "{table}" '
                f'WHERE "{column}" IS NOT NULL'
            )
        }
        for table, column in _id_columns()
    }


def test_the_type_round_trips_and_refuses_what_is_not_an_id() -> None:
    dialect = sqlite.dialect()
    bind = UuidBlob().bind_processor(dialect)
    load = UuidBlob().result_processor(dialect, None)
    some = uuid.uuid4()
    stored = bind(some)
    assert stored == some.bytes and len(stored) == 16
    loaded = load(stored)
    assert isinstance(loaded, uuid.UUID) and loaded == some and hash(loaded) == hash(some)
    assert (str(loaded), loaded.version, loaded.bytes) == (str(some), 4, some.bytes)
    assert uuid_from_stored(some.bytes) == some
    # Text (both spellings) binds as the same id; so do the stored bytes themselves.
    for spelled in (str(some), some.hex, some.bytes):
        assert bind(spelled) == some.bytes
    assert bind(None) is None and load(None) is None
    with pytest.raises(ValueError):
        bind("not-an-id")
    with pytest.raises(TypeError):
        bind(b"short")
    with pytest.raises(ValueError, match="not 16 bytes"):
        load(some.bytes[:15])


def test_every_id_column_of_the_school_holds_16_bytes(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    # A mark and a code typed as a teacher types them (the small school has none).
    set_cell(session, k.math_teacher, k.math_lesson_today_id, k.student_ids[0],
             attendance=None, marks=[MarkInput("5")])
    set_cell(session, k.math_teacher, k.math_lesson_today_id, k.student_ids[1],
             attendance="н", marks=[])
    session.commit()
    forms = _stored_forms(session.connection())
    assert {form for found in forms.values() for form in found} == {("blob", 16)}
    # Every kind of id column is there: keys, references, nullable stamps.
    for column in (("mark", "id"), ("mark", "lesson_id"), ("mark", "entered_by"),
                   ("attendance", "student_id"), ("account", "staff_id"),
                   ("lesson", "assignment_id")):
        assert forms[column] == {("blob", 16)}, column
    assert session.scalar(
        text("SELECT id FROM teaching_assignment WHERE id = :id"),
        {"id": k.math_assignment_id.bytes},
    ) == k.math_assignment_id.bytes
    # Python code keeps seeing UUIDs; raw_id reads the stored bytes and IdCache turns
    # them into the same UUIDs.
    mark = session.execute(select(Mark).limit(1)).scalar_one()
    assert isinstance(mark.id, uuid.UUID) and isinstance(mark.lesson_id, uuid.UUID)
    raw = session.execute(
        select(raw_id(Mark.id), raw_id(Mark.lesson_id)).where(Mark.id == mark.id)
    ).one()
    assert raw == (mark.id.bytes, mark.lesson_id.bytes)
    ids = IdCache()
    assert ids[raw[1]] == mark.lesson_id and ids[raw[1]] is ids[raw[1]]
    assert ids.optional(None) is None


def _school_at_0004(tmp_path: Path) -> tuple[SchoolPaths, Engine]:
    """The committed 0001 school, upgraded to 0004 by the migrations of the time."""
    target = shutil.copytree(FIXTURE_DIR, tmp_path / "school")
    paths = SchoolPaths(target)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN_LOGIN, ADMIN_PASSWORD))
    upgrade_schema(engine, "0004")
    assert schema_version(engine) == "0004"
    return paths, engine


ENTERED = datetime(2026, 9, 14, 10, 0)


def _journal_as_0004_stores_it(connection: Connection) -> dict[str, uuid.UUID]:
    """A subject, its assignment, a planned topic, two lessons (one with a topic from
    the plan and a substitute), marks, attendance and a period mark, written with
    ids as the 0004 program's ``Uuid`` columns stored them: ``UUID.hex``."""
    ids = {name: uuid.uuid4() for name in (
        "subject", "assignment", "topic", "lesson1", "lesson2", "mark1", "mark2", "mark3",
        "attendance", "period", "period_mark")}
    year, klass, teacher = connection.execute(text(
        "SELECT year_id, id, class_teacher_id FROM school_class")).one()
    first, second = connection.execute(text(
        "SELECT s.id FROM student s ORDER BY s.surname")).scalars().all()
    hexed = {name: value.hex for name, value in ids.items()} | {
        "year": year, "class": klass, "teacher": teacher, "first": first, "second": second}
    statements = (
        "INSERT INTO subject (id, name, short_name, assessment, sort_order) "
        "VALUES (:subject, 'Математика', 'Мат.', 'marked', 1)",
        "INSERT INTO teaching_assignment (id, year_id, class_id, group_id, subject_id, "
        "teacher_id, hours_per_week) VALUES (:assignment, :year, :class, NULL, :subject, "
        ":teacher, 5)",
        "INSERT INTO plan_topic (id, assignment_id, position, topic, hours, homework, "
        "control_work) VALUES (:topic, :assignment, 1, 'Дроби', 2, '', 0)",
        "INSERT INTO study_period (id, year_id, kind, number, name, grade_from, grade_to, "
        "start_date, end_date, closed, closed_at) VALUES (:period, :year, 'quarter', 1, "
        "'1 четверть', 1, 11, '2026-09-01', '2026-10-25', 0, NULL)",
        "INSERT INTO lesson (id, assignment_id, date, lesson_number, topic, plan_topic_id, "
        "homework, homework_entered_at, homework_late, work_type, control_work, conducted, "
        "cancelled, substitute_teacher_id, substitution_reason, room) VALUES (:lesson1, "
        ":assignment, '2026-09-14', 1, 'Дроби', :topic, '№ 5', NULL, 0, '', 0, 1, 0, "
        ":teacher, 'болезнь', '12')",
        "INSERT INTO lesson (id, assignment_id, date, lesson_number, topic, plan_topic_id, "
        "homework, homework_entered_at, homework_late, work_type, control_work, conducted, "
        "cancelled, substitute_teacher_id, substitution_reason, room) VALUES (:lesson2, "
        ":assignment, '2026-09-15', 2, '', NULL, '', NULL, 0, '', 0, 0, 0, NULL, '', '')",
        "INSERT INTO mark (id, lesson_id, student_id, position, value, work_type, weight, "
        "comment, entered_by, entered_at, late) VALUES (:mark1, :lesson1, :first, 1, '5', "
        "'', 1.0, '', :teacher, '2026-09-14 10:00:00.000000', 0)",
        "INSERT INTO mark (id, lesson_id, student_id, position, value, work_type, weight, "
        "comment, entered_by, entered_at, late) VALUES (:mark2, :lesson1, :first, 2, '4', "
        "'', 1.0, '', NULL, '2026-09-14 10:00:00.000000', 0)",
        "INSERT INTO mark (id, lesson_id, student_id, position, value, work_type, weight, "
        "comment, entered_by, entered_at, late) VALUES (:mark3, :lesson2, :second, 1, '3', "
        "'', 1.0, '', :teacher, '2026-09-15 10:00:00.000000', 1)",
        "INSERT INTO attendance (id, lesson_id, student_id, code, entered_by, entered_at, "
        "late) VALUES (:attendance, :lesson1, :second, 'н', :teacher, "
        "'2026-09-14 10:00:00.000000', 0)",
        "INSERT INTO period_mark (id, student_id, subject_id, year_id, kind, period_id, "
        "value, comment, entered_by, entered_at, late) VALUES (:period_mark, :first, "
        ":subject, :year, 'period', :period, '5', '', :teacher, "
        "'2026-10-25 10:00:00.000000', 0)",
    )
    for statement in statements:
        connection.execute(text(statement), hexed)
    return ids


def test_a_0004_school_upgrades_with_its_ids_relations_and_journal(tmp_path: Path) -> None:
    _, engine = _school_at_0004(tmp_path)
    try:
        with engine.begin() as connection:
            ids = _journal_as_0004_stores_it(connection)
            before = _stored_forms(connection)
            students_before = {surname: id_ for surname, id_ in connection.execute(text(
                "SELECT surname, id FROM student"))}
            log_before = connection.execute(text(
                "SELECT count(*) FROM change_log")).scalar_one()
        assert before[("mark", "id")] == {("text", 32)}

        upgrade_schema(engine)  # as the program does it: keys off, checked before commit

        assert schema_version(engine) == database.schema.head_revision()
        with engine.connect() as connection:
            forms = _stored_forms(connection)
            # Every value converted (none left as text), NULLs still NULL.
            assert {form for found in forms.values() for form in found} == {("blob", 16)}
            assert all(bool(forms[key]) == bool(before[key]) for key in before)
            assert connection.execute(text(
                "SELECT count(*) FROM mark WHERE entered_by IS NULL")).scalar_one() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            # The declared types follow the models (the schema check of
            # test_storage_migrations compares them all).
            declared = {c["name"]: str(c["type"]) for c in inspect(connection).get_columns("mark")}
            assert declared["id"] == declared["lesson_id"] == "BLOB"
            # Indexes came back with the tables.
            assert {i["name"] for i in inspect(connection).get_indexes("mark")} == {
                "ix_mark_student"}
            assert connection.execute(text(
                "SELECT count(*) FROM change_log")).scalar_one() == log_before

        with Session(engine) as session:
            # The same ids, read back as UUIDs, and the relations between them.
            students = {surname: id_ for surname, id_ in session.execute(
                select(Student.surname, Student.id))}
            assert {s: i.hex for s, i in students.items()} == students_before
            lesson = session.get(Lesson, ids["lesson1"])
            assert lesson is not None
            assert (lesson.assignment_id, lesson.plan_topic_id) == (ids["assignment"], ids["topic"])
            klass = session.execute(select(SchoolClass)).scalar_one()
            assert lesson.substitute_teacher_id == klass.class_teacher_id
            joined = session.execute(
                select(Mark.id, Student.surname, Lesson.date, Mark.entered_by)
                .join(Student, Student.id == Mark.student_id)
                .join(Lesson, Lesson.id == Mark.lesson_id)
            ).all()
            assert {tuple(row) for row in joined} == {
                (ids["mark1"], "Алексеев", date(2026, 9, 14), klass.class_teacher_id),
                (ids["mark2"], "Алексеев", date(2026, 9, 14), None),
                (ids["mark3"], "Борисова", date(2026, 9, 15), klass.class_teacher_id),
            }
            assert session.scalar(select(PeriodMark.period_id)) == ids["period"]
            assert session.scalar(select(Enrolment.class_id).limit(1)) == klass.id
            petrova = session.execute(
                select(Account).where(Account.login == TEACHER_LOGIN)).scalar_one()
            assert session.get(Staff, petrova.staff_id) is not None
            # The change log still names the records the tables hold, and its chain
            # (hashed over the canonical text forms) is untouched.
            assert verify_chain(session).ok

            actor = Actor(
                account_id=session.scalar(select(Account.id).where(Account.login == ADMIN_LOGIN)),
                role=Role.ADMIN, device_id=local_device_id(session),
                clock=lambda: datetime(2026, 9, 20, 12, 0),
            )
            journal = load_journal(session, actor, ids["assignment"], date(2026, 9, 1),
                                   date(2026, 10, 25))
        first, second = (students["Алексеев"], students["Борисова"])
        assert [s.id for s in journal.students] == [first, second]
        assert [(le.id, le.plan_topic_id, le.substitute_teacher_id) for le in journal.lessons] == [
            (ids["lesson1"], ids["topic"], klass.class_teacher_id), (ids["lesson2"], None, None)]
        cells = {key: ([m.value for m in cell.marks], cell.attendance)
                 for key, cell in journal.cells.items()}
        assert cells == {
            (first, ids["lesson1"]): (["5", "4"], None),
            (second, ids["lesson1"]): ([], "н"),
            (second, ids["lesson2"]): (["3"], None),
        }
        assert journal.period_marks == {(first, ids["period"]): "5"}
    finally:
        engine.dispose()


def test_the_state_survives_a_downgrade_and_the_upgrade_back(
    demo_template: SchoolPaths, tmp_path: Path
) -> None:
    """The tiny demo (every table, thousands of ids) taken back to 0004's text form and
    upgraded again: the same state digest at each step (the digest reads the stored
    values, so it also shows the digest is the same for either storage)."""
    paths = copy_demo(demo_template, tmp_path / "school")
    engine = open_demo(paths)
    try:
        with Session(engine) as session:
            digest = state_digest(session)
        with engine.connect() as connection, connection.begin():
            # With foreign keys on, as a developer's alembic command runs it.
            command.downgrade(database.schema.alembic_config(connection), "0004")
        with engine.connect() as connection:
            forms = _stored_forms(connection)
            assert {form for found in forms.values() for form in found} == {("text", 32)}
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        with Session(engine) as session:
            assert state_digest(session) == digest
        upgrade_schema(engine)
        with Session(engine) as session:
            assert state_digest(session) == digest
            assert verify_chain(session).ok
    finally:
        engine.dispose()


def test_an_id_that_is_not_hex_stops_the_upgrade_and_changes_nothing(tmp_path: Path) -> None:
    _, engine = _school_at_0004(tmp_path)
    try:
        with engine.begin() as connection:
            # Nothing refers to the school's row, so the keys let it be changed.
            connection.execute(text("UPDATE school SET id = 'не-uuid'"))
        with pytest.raises(RuntimeError, match=r"school\.id: a stored id is not a UUID"):
            upgrade_schema(engine)
        assert schema_version(engine) == "0004"
        with engine.connect() as connection:
            assert _stored_forms(connection)[("school_class", "id")] == {("text", 32)}
    finally:
        engine.dispose()


def _pages(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (int(connection.exec_driver_sql("PRAGMA page_count").scalar_one()),
                int(connection.exec_driver_sql("PRAGMA freelist_count").scalar_one()))


def test_an_upgrade_that_frees_much_of_the_file_vacuums_it(
    demo_template: SchoolPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild frees the old tables' pages only inside the file. Left as they are
    when they are a small part of it; vacuumed away when they reach the share — also
    when the school is opened (backup, upgrade, then the VACUUM)."""
    paths = copy_demo(demo_template, tmp_path / "school")
    key = open_slot(paths.slots_dir, "admin", DEMO_PASSWORDS["admin"])
    engine = open_demo(paths)
    try:
        with engine.connect() as connection, connection.begin():
            command.downgrade(database.schema.alembic_config(connection), "0004")
    finally:
        engine.dispose()
    shutil.copytree(paths.root, tmp_path / "upgraded only")
    alone = make_engine(SchoolPaths(tmp_path / "upgraded only").db, key)
    try:
        upgrade_schema(alone)
        pages, free = _pages(alone)
        assert free > 0
        monkeypatch.setattr(database.schema, "COMPACT_FREE_SHARE", (free + 1) / pages)
        assert compact_after_upgrade(alone) is False
        assert _pages(alone) == (pages, free)
        monkeypatch.setattr(database.schema, "COMPACT_FREE_SHARE", free / pages)
        assert compact_after_upgrade(alone) is True
        vacuumed, none_free = _pages(alone)
        assert none_free == 0 and vacuumed <= pages - free
    finally:
        alone.dispose()

    monkeypatch.setattr(database.schema, "COMPACT_FREE_SHARE", free / pages / 2)
    engine = open_database(paths, key)
    try:
        assert schema_version(engine) == database.schema.head_revision()
        assert _pages(engine)[1] == 0
        with Session(engine) as session:
            assert verify_chain(session).ok
    finally:
        engine.dispose()
    assert len(list(paths.backups_dir.glob("before-upgrade-*-schema-0004.zip"))) == 1


def test_the_migrations_own_unhex_answers_as_sqlites() -> None:
    """The fallback 0005 registers where SQLite is older than 3.41 (no ``unhex()``)."""
    spec = importlib.util.spec_from_file_location(
        "binary_ids_0005",
        database.schema.MIGRATIONS_DIR / "versions" / "0005_binary_ids.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    connection = sqlcipher3.dbapi2.connect(":memory:")
    try:
        for value in (uuid.uuid4().hex, uuid.uuid4().hex.upper(), "00ff", "", "zz", "abc",
                      "не-uuid", None, 5):
            (builtin,) = connection.execute("SELECT unhex(?)", (value,)).fetchone()
            assert migration._unhex(value) == builtin, value
    finally:
        connection.close()
