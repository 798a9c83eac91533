"""Control works on plan topics: marked in the КТП, they reach the lesson they are
given on (the journal's «К/Р»); and the 0004 migration that adds the mark."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

import database.schema
from database.engine import make_engine
from database.imports.plan_file import read_plan_file
from database.keyslots import open_slot
from database.models import Lesson, PlanTopic
from database.paths import SchoolPaths
from database.queries.plans import read_topics
from database.services.lessons import update_lesson
from database.services.plans import PlanTopicInput, add_plan_topic, copy_plan, set_plan
from database.store import schema_version
from tests.database.conftest import SmallSchool
from tests.database.fixtures.make_schema_0001 import ADMIN_LOGIN, ADMIN_PASSWORD, FIXTURE_DIR


def _lesson(session: Session, lesson_id: uuid.UUID) -> Lesson:
    lesson = session.get(Lesson, lesson_id)
    assert lesson is not None
    session.refresh(lesson)
    return lesson


def test_choosing_a_control_topic_marks_the_lesson(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    plan = set_plan(session, k.math_teacher, k.math_assignment_id, [
        PlanTopicInput("Натуральные числа"),
        PlanTopicInput("Контрольная работа № 1", control_work=True),
    ])
    ordinary, control = plan.topics
    assert (ordinary.control_work, control.control_work) == (False, True)
    assert [t.control_work for t in read_topics(session, k.math_assignment_id)] == [False, True]

    lesson = update_lesson(session, k.math_teacher, k.math_lesson_today_id,
                           plan_topic_id=control.id)
    assert lesson.control_work and lesson.topic == "Контрольная работа № 1"
    # Another planned topic: the mark follows the plan again.
    lesson = update_lesson(session, k.math_teacher, k.math_lesson_today_id,
                           plan_topic_id=ordinary.id)
    assert not lesson.control_work
    # The teacher's own choice wins over the plan's.
    lesson = update_lesson(session, k.math_teacher, k.math_lesson_today_id,
                           plan_topic_id=control.id, control_work=False)
    assert not lesson.control_work


def test_marking_a_topic_in_the_plan_marks_its_lessons_to_come(
    session: Session, small_school: SmallSchool
) -> None:
    k = small_school
    plan = set_plan(session, k.math_teacher, k.math_assignment_id,
                    [PlanTopicInput("Дроби"), PlanTopicInput("Проценты")])
    fractions = plan.topics[0]
    update_lesson(session, k.admin, k.math_lesson_today_id, plan_topic_id=fractions.id)
    update_lesson(session, k.admin, k.math_lesson_old_id, plan_topic_id=fractions.id,
                  control_work=False, reason="тест")
    assert _lesson(session, k.math_lesson_old_id).conducted

    set_plan(session, k.math_teacher, k.math_assignment_id, [
        PlanTopicInput("Дроби", control_work=True), PlanTopicInput("Проценты")])
    assert _lesson(session, k.math_lesson_today_id).control_work
    # The lesson already held keeps what its teacher recorded.
    assert not _lesson(session, k.math_lesson_old_id).control_work
    # Unmarked again: the lesson to come follows.
    set_plan(session, k.math_teacher, k.math_assignment_id,
             [PlanTopicInput("Дроби"), PlanTopicInput("Проценты")])
    assert not _lesson(session, k.math_lesson_today_id).control_work


def test_copy_and_add_keep_the_mark(session: Session, small_school: SmallSchool) -> None:
    k = small_school
    set_plan(session, k.english_teacher, k.english1_assignment_id, [
        PlanTopicInput("Present Simple"), PlanTopicInput("Test 1", control_work=True)])
    copy_plan(session, k.english_teacher, k.english2_assignment_id, k.english1_assignment_id)
    assert [t.control_work for t in read_topics(session, k.english2_assignment_id)] == [
        False, True]
    added = add_plan_topic(session, k.english_teacher, k.english2_assignment_id,
                           "Test 2", control_work=True)
    assert added.control_work


def test_import_marks_topics_titled_as_control_works(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("Тема;Часов\nДроби;2\nКонтрольная работа № 1 по теме «Дроби»;1\n",
                    encoding="utf-8")
    topics = read_plan_file(path)
    assert [(t.topic, t.control_work) for t in topics] == [
        ("Дроби", False), ("Контрольная работа № 1 по теме «Дроби»", True)]


def test_upgrade_adds_the_mark_to_existing_topics(tmp_path: Path) -> None:
    """The committed 0001 school, brought to 0002 and given a planned topic, as a
    school's database is before this program: after the upgrade the topic is still
    there and is not a control work; downgrading to 0002 drops the column again."""
    target = shutil.copytree(FIXTURE_DIR, tmp_path / "school")
    paths = SchoolPaths(target)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN_LOGIN, ADMIN_PASSWORD))
    try:
        database.schema.upgrade_schema(engine, "0002")
        with engine.begin() as conn:
            year_id, class_id = conn.execute(text(
                "SELECT year_id, id FROM school_class LIMIT 1")).one()
            staff_id = conn.execute(text("SELECT id FROM staff LIMIT 1")).scalar_one()
            subject_id, assignment_id = uuid.uuid4().hex, uuid.uuid4().hex
            conn.execute(text(
                "INSERT INTO subject (id, name, short_name, assessment, sort_order) "
                "VALUES (:id, 'Математика', '', 'marked', 1)"), {"id": subject_id})
            conn.execute(text(
                "INSERT INTO teaching_assignment (id, year_id, class_id, group_id, subject_id, "
                "teacher_id, hours_per_week) VALUES (:id, :y, :c, NULL, :s, :t, 5)"),
                {"id": assignment_id, "y": year_id, "c": class_id, "s": subject_id,
                 "t": staff_id})
            conn.execute(text(
                "INSERT INTO plan_topic (id, assignment_id, position, topic, hours, homework) "
                "VALUES (:id, :a, 1, 'Дроби', 2, '')"), {"id": uuid.uuid4().hex,
                                                        "a": assignment_id})
        database.schema.upgrade_schema(engine)
        assert schema_version(engine) == database.schema.head_revision()
        with Session(engine) as session:
            topic = session.execute(select(PlanTopic)).scalar_one()
            assert (topic.topic, topic.hours, topic.control_work) == ("Дроби", 2, False)
        with engine.connect() as conn, conn.begin():
            command.downgrade(database.schema.alembic_config(conn), "0002")
        columns = {c["name"] for c in inspect(engine).get_columns("plan_topic")}
        assert "control_work" not in columns
    finally:
        engine.dispose()
