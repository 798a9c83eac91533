"""Lessons: topics, homework lateness, substitutions, extra/moved/cancelled lessons."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import save
from database.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ReasonRequired,
    ValidationError,
)
from database.models import ChangeLog, Lesson, Mark, PlanTopic
from database.services.lessons import (
    add_lesson,
    cancel_lesson,
    move_lesson,
    restore_lesson,
    set_substitution,
    update_lesson,
)
from database.services.marks import set_cell
from tests.database.conftest import SmallSchool


def at(actor: Actor, moment: datetime) -> Actor:
    return replace(actor, clock=lambda: moment)


def log_of(session: Session, record_id: uuid.UUID) -> list[ChangeLog]:
    return list(
        session.execute(
            select(ChangeLog).where(ChangeLog.record_id == str(record_id))
            .order_by(ChangeLog.seq)
        ).scalars()
    )


# --- topic, homework, flags -------------------------------------------------------------------


def test_update_changes_only_given_fields(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    info = update_lesson(session, s.math_teacher, s.math_lesson_today_id,
                         topic="  Сложение дробей ", conducted=True)
    assert info.topic == "Сложение дробей" and info.conducted
    assert info.homework == "" and info.homework_entered_at is None
    rows = log_of(session, s.math_lesson_today_id)
    assert json.loads(rows[-1].fields) == {"topic": "Сложение дробей", "conducted": True}
    assert rows[-1].parent_op == rows[-2].op_id
    count = len(rows)
    update_lesson(session, s.math_teacher, s.math_lesson_today_id, topic="Сложение дробей")
    assert len(log_of(session, s.math_lesson_today_id)) == count  # nothing changed


def test_homework_on_time_within_90_minutes_of_the_bell(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    # Lesson 1 ends at 9:15; homework is on time until 10:45.
    on_time = update_lesson(session, at(s.math_teacher, datetime(2026, 11, 18, 10, 45)),
                            s.math_lesson_today_id, homework="№ 215, 216")
    assert on_time.homework_entered_at == datetime(2026, 11, 18, 10, 45)
    assert not on_time.homework_late
    late = update_lesson(session, at(s.math_teacher, datetime(2026, 11, 18, 10, 46)),
                         s.math_lesson_today_id, homework="№ 215, 216, 218")
    assert late.homework_late
    assert late.homework_entered_at == datetime(2026, 11, 18, 10, 46)
    cleared = update_lesson(session, s.math_teacher, s.math_lesson_today_id, homework="")
    assert cleared.homework_entered_at is None and not cleared.homework_late


def test_homework_without_a_bell_is_due_by_the_end_of_the_day(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    seventh = add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 18), 7)
    evening = update_lesson(session, at(s.math_teacher, datetime(2026, 11, 18, 23, 59)),
                            seventh.id, homework="Повторить правила")
    assert not evening.homework_late
    next_day = update_lesson(session, at(s.math_teacher, datetime(2026, 11, 19, 0, 1)),
                             seventh.id, homework="Повторить правила, § 12")
    assert next_day.homework_late


def test_plan_topic_fills_the_topic(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    planned = PlanTopic(assignment_id=s.math_assignment_id, position=1,
                        topic="Обыкновенные дроби", homework="§ 1")
    save(session, s.system, planned)
    info = update_lesson(session, s.math_teacher, s.math_lesson_today_id,
                         plan_topic_id=planned.id)
    assert info.topic == "Обыкновенные дроби" and info.plan_topic_id == planned.id
    other = PlanTopic(assignment_id=s.english1_assignment_id, position=1, topic="Greetings")
    save(session, s.system, other)
    with pytest.raises(ValidationError, match="тематическом плане"):
        update_lesson(session, s.math_teacher, s.math_lesson_today_id, plan_topic_id=other.id)


def test_work_type_and_conducted_rules(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    with pytest.raises(ValidationError, match="вид работы"):
        update_lesson(session, s.math_teacher, s.math_lesson_today_id, work_type="Пение")
    future = add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 23), 1)
    with pytest.raises(ValidationError, match="ещё не наступил"):
        update_lesson(session, s.math_teacher, future.id, conducted=True)


def test_lesson_edit_permissions(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    for actor in (s.english_teacher, s.other_teacher, s.student, s.parent, s.sysadmin):
        with pytest.raises(PermissionDenied):
            update_lesson(session, actor, s.math_lesson_today_id, topic="Чужая тема")
    with pytest.raises(NotFound):
        update_lesson(session, s.math_teacher, uuid.uuid4(), topic="Нет урока")


def test_closed_period_lesson_is_corrected_by_admin_with_reason(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    with pytest.raises(PermissionDenied, match="администрация"):
        update_lesson(session, s.math_teacher, s.math_lesson_old_id, topic="Задним числом")
    with pytest.raises(ReasonRequired):
        update_lesson(session, s.admin, s.math_lesson_old_id, topic="Задним числом")
    update_lesson(session, s.admin, s.math_lesson_old_id, topic="Натуральные числа",
                  reason="Тема не была записана, акт проверки журнала")
    assert log_of(session, s.math_lesson_old_id)[-1].reason == (
        "Тема не была записана, акт проверки журнала"
    )


# --- substitution -----------------------------------------------------------------------------


def test_substitution_by_own_teacher_or_admin(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    with pytest.raises(PermissionDenied):
        set_substitution(session, s.english_teacher, s.math_lesson_today_id,
                         s.other_teacher_id, "болезнь")
    with pytest.raises(PermissionDenied):  # a substitute does not appoint itself
        set_substitution(session, s.other_teacher, s.math_lesson_today_id,
                         s.other_teacher_id, "болезнь")
    with pytest.raises(ValidationError, match="причину"):
        set_substitution(session, s.math_teacher, s.math_lesson_today_id,
                         s.other_teacher_id, " ")
    with pytest.raises(ValidationError, match="сам себя"):
        set_substitution(session, s.admin, s.math_lesson_today_id, s.math_teacher_id,
                         "болезнь")
    info = set_substitution(session, s.admin, s.math_lesson_today_id, s.other_teacher_id,
                            "курсы повышения квалификации")
    assert info.substitute_teacher_id == s.other_teacher_id
    assert info.substitution_reason == "курсы повышения квалификации"
    # The substitute now edits that lesson.
    update_lesson(session, s.other_teacher, s.math_lesson_today_id, topic="Десятичные дроби")
    removed = set_substitution(session, s.math_teacher, s.math_lesson_today_id, None)
    assert removed.substitute_teacher_id is None and removed.substitution_reason == ""
    with pytest.raises(PermissionDenied):
        update_lesson(session, s.other_teacher, s.math_lesson_today_id, topic="Уже нельзя")


# --- extra, moved, cancelled lessons ----------------------------------------------------------


def test_add_lesson(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    info = add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 19), 4)
    assert (info.date, info.lesson_number, info.cancelled) == (date(2026, 11, 19), 4, False)
    assert log_of(session, info.id)[0].operation == "upsert"
    with pytest.raises(ConflictError, match="уже есть"):
        add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 19), 4)
    with pytest.raises(ValidationError, match="воскресенье"):
        add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 22), 1)
    with pytest.raises(ValidationError, match="вне учебного года"):
        add_lesson(session, s.math_teacher, s.math_assignment_id, date(2027, 6, 7), 1)
    with pytest.raises(ValidationError, match="Номер урока"):
        add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 19), 0)
    with pytest.raises(PermissionDenied):
        add_lesson(session, s.english_teacher, s.math_assignment_id, date(2026, 11, 20), 1)
    with pytest.raises(PermissionDenied, match="администрация"):
        add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 10, 1), 5)


def test_move_lesson_takes_its_marks_along(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
             attendance=None, marks=["5"])
    moved = move_lesson(session, s.math_teacher, s.math_lesson_today_id,
                        date(2026, 11, 17), 3)
    assert (moved.date, moved.lesson_number) == (date(2026, 11, 17), 3)
    mark = session.execute(select(Mark)).scalar_one()
    assert mark.lesson_id == s.math_lesson_today_id
    lesson = session.get(Lesson, s.math_lesson_today_id)
    assert lesson is not None and lesson.date == date(2026, 11, 17)
    other = add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 19), 2)
    with pytest.raises(ConflictError):
        move_lesson(session, s.math_teacher, other.id, date(2026, 11, 17), 3)
    with pytest.raises(PermissionDenied):  # out of the closed quarter's reach
        move_lesson(session, s.math_teacher, other.id, date(2026, 10, 5), 3)


def test_cancel_lesson(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    with pytest.raises(ValidationError, match="причину"):
        cancel_lesson(session, s.math_teacher, s.math_lesson_today_id, "")
    set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
             attendance=None, marks=["5"])
    with pytest.raises(PermissionDenied, match="администрация"):
        cancel_lesson(session, s.math_teacher, s.math_lesson_today_id, "карантин")
    info = cancel_lesson(session, s.admin, s.math_lesson_today_id, "карантин по гриппу")
    assert info.cancelled
    assert log_of(session, s.math_lesson_today_id)[-1].reason == "карантин по гриппу"
    restored = restore_lesson(session, s.admin, s.math_lesson_today_id)
    assert not restored.cancelled
    empty = add_lesson(session, s.math_teacher, s.math_assignment_id, date(2026, 11, 19), 2)
    assert cancel_lesson(session, s.math_teacher, empty.id, "экскурсия").cancelled
