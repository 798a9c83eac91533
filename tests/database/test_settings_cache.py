"""load_settings keeps one copy per transaction: never a stale one.

Run on a real (encrypted, file) engine, where a session's transaction is a real
SQLite transaction and a second session is a second connection.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from database.changelog import init_local_meta
from database.engine import make_engine
from database.errors import ValidationError
from database.keyslots import new_data_key
from database.models import Base, Setting
from database.services.marks import set_cell
from database.services.school import set_setting
from database.settings import load_settings
from tests.database.conftest import SmallSchool, build_small_school


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(tmp_path / "school.db", new_data_key())
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def school(file_engine: Engine, device_id: uuid.UUID) -> SmallSchool:
    with Session(file_engine, expire_on_commit=False) as session:
        init_local_meta(session, device_id)
        session.commit()
        return build_small_school(session, device_id)


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    return seen


def test_one_read_per_transaction(file_engine: Engine, school: SmallSchool) -> None:
    with Session(file_engine) as session:
        first = load_settings(session)
        seen = _statements(file_engine)
        assert load_settings(session) is first
        assert seen == []
        session.commit()
        load_settings(session)
        assert any("FROM setting" in statement for statement in seen)


def test_own_changes_are_seen_at_once(file_engine: Engine, school: SmallSchool) -> None:
    with Session(file_engine) as session:
        assert load_settings(session).rounding_threshold == 0.6
        set_setting(session, school.admin, "rounding_threshold", 0.7)
        assert load_settings(session).rounding_threshold == 0.7
        # A row deleted through the ORM: the default again.
        set_setting(session, school.admin, "correction_window_days", 5)
        assert load_settings(session).correction_window_days == 5
        row = session.execute(select(Setting).where(Setting.key == "correction_window_days"))
        session.delete(row.scalar_one())
        session.flush()
        assert load_settings(session).correction_window_days == 14


def test_rolled_back_changes_are_forgotten(file_engine: Engine, school: SmallSchool) -> None:
    with Session(file_engine) as session:
        set_setting(session, school.admin, "rounding_threshold", 0.7)
        assert load_settings(session).rounding_threshold == 0.7
        session.rollback()
        assert load_settings(session).rounding_threshold == 0.6

        savepoint = session.begin_nested()
        set_setting(session, school.admin, "rounding_threshold", 0.8)
        assert load_settings(session).rounding_threshold == 0.8
        savepoint.rollback()
        assert load_settings(session).rounding_threshold == 0.6


def test_another_computer_users_change_is_seen_by_the_next_write(
    file_engine: Engine, school: SmallSchool
) -> None:
    s = school
    with Session(file_engine) as teacher, Session(file_engine) as admin:
        set_cell(teacher, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=["5"])
        teacher.commit()
        set_setting(admin, s.admin, "mark_values", ["1", "2", "3", "4"])
        admin.commit()
        with pytest.raises(ValidationError, match="Недопустимая оценка"):
            set_cell(teacher, s.math_teacher, s.math_lesson_today_id, s.student_ids[1],
                     attendance=None, marks=["5"])
