"""services.bulk: many rows at once, logged exactly as ``changelog.save`` logs one."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.changelog import save
from database.ids import new_id
from database.models import Account, ChangeLog, Lesson
from database.services.bulk import bulk_insert_logged, bulk_update_logged, complete_rows
from tests.database.conftest import SmallSchool
from tests.database.test_services_support import assert_chain_ok, log_mark, new_log_rows


def test_bulk_rows_log_the_same_fields_as_save(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    values = {
        "assignment_id": small_school.math_assignment_id,
        "date": date(2026, 11, 23),
        "lesson_number": 1,
    }
    mark = log_mark(session)
    save(session, admin, Lesson(**values))
    [saved] = new_log_rows(session, mark)

    mark = log_mark(session)
    [bulk_id] = bulk_insert_logged(session, admin, Lesson, [dict(values, lesson_number=2)])
    [bulk] = new_log_rows(session, mark)
    assert bulk.record_id == bulk_id
    assert bulk.fields == dict(saved.fields, lesson_number=2)
    assert (bulk.table_name, bulk.operation, bulk.parent_op) == ("lesson", "upsert", None)
    assert bulk.author_id == saved.author_id == str(admin.account_id)
    lesson = session.get(Lesson, bulk_id)
    assert lesson is not None and lesson.lesson_number == 2 and lesson.conducted is False
    assert_chain_ok(session)


def test_bulk_keeps_given_ids_and_a_reason(session: Session, small_school: SmallSchool) -> None:
    ids = [new_id(), new_id()]
    rows = [
        {
            "id": ids[n],
            "login": f"bulk{n}",
            "role": "teacher",
            "staff_id": small_school.other_teacher_id if n == 0 else None,
            "created_at": datetime(2026, 11, 18, 10, 0),
        }
        for n in range(2)
    ]
    mark = log_mark(session)
    assert bulk_insert_logged(session, small_school.system, Account, rows, reason="импорт") == ids
    logged = new_log_rows(session, mark)
    assert [r.record_id for r in logged] == ids
    assert all(r.reason == "импорт" and r.author_id is None for r in logged)
    assert logged[0].fields["status"] == "created" and logged[0].fields["failed_attempts"] == 0
    assert session.execute(select(Account.login).where(Account.id.in_(ids))).scalars().all()


def test_complete_rows_refuses_unknown_and_missing_columns() -> None:
    with pytest.raises(ValueError, match="no columns"):
        complete_rows(
            Lesson,
            [
                {
                    "assignment_id": uuid.uuid4(),
                    "date": date.today(),
                    "lesson_number": 1,
                    "colour": "red",
                }
            ],
        )
    with pytest.raises(ValueError, match=r"lesson\.date is required"):
        complete_rows(Lesson, [{"assignment_id": uuid.uuid4(), "lesson_number": 1}])
    [row] = complete_rows(
        Lesson, [{"assignment_id": uuid.uuid4(), "date": date.today(), "lesson_number": 1}]
    )
    assert isinstance(row["id"], uuid.UUID) and row["topic"] == "" and row["cancelled"] is False


def test_nothing_to_insert(session: Session, small_school: SmallSchool) -> None:
    mark = log_mark(session)
    assert bulk_insert_logged(session, small_school.admin, Lesson, []) == []
    assert new_log_rows(session, mark) == []


def test_bulk_update_logs_as_save_does(session: Session, small_school: SmallSchool) -> None:
    """Each changed row gets one op with the changed fields, its parent the row's last
    op — what ``changelog.save`` writes for an edit."""
    admin = small_school.admin
    lesson_ids = [small_school.math_lesson_today_id, small_school.english1_lesson_today_id]
    lesson = session.get(Lesson, lesson_ids[0])
    assert lesson is not None
    mark = log_mark(session)
    lesson.topic = "Дроби"
    save(session, admin, lesson)
    edited = session.scalar(select(ChangeLog.op_id).where(ChangeLog.seq > mark))
    session.expunge_all()

    mark = log_mark(session)
    changed = bulk_update_logged(session, admin, Lesson, {"room": "12", "homework": "№ 5"},
                                 lesson_ids, reason="тест")
    rows = {row.record_id: row for row in new_log_rows(session, mark)}
    assert changed == 2 and set(rows) == set(lesson_ids)
    first = rows[lesson_ids[0]]
    assert first.fields == {"room": "12", "homework": "№ 5"} and first.reason == "тест"
    assert first.parent_op == edited
    assert rows[lesson_ids[1]].parent_op is not None
    for lesson_id in lesson_ids:
        stored = session.get(Lesson, lesson_id)
        assert stored is not None and (stored.room, stored.homework) == ("12", "№ 5")
    assert_chain_ok(session)
