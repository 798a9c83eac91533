"""services.plans: the calendar-thematic plan (КТП) of an assignment."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import NotFound, PermissionDenied, ValidationError
from database.models import Lesson, PlanTopic
from database.queries import plans as reads
from database.services import plans as svc
from database.services.plans import PlanTopicInput as T
from tests.database.conftest import SmallSchool
from tests.database.test_services_support import (
    assert_chain_ok,
    log_mark,
    new_log_rows,
    unchanged,
)


def _plan(session: Session, assignment_id: object) -> list[tuple[int, str, int]]:
    rows = session.execute(
        select(PlanTopic)
        .where(PlanTopic.assignment_id == assignment_id)
        .order_by(PlanTopic.position)
    ).scalars()
    return [(row.position, row.topic, row.hours) for row in rows]


def test_set_plan_creates_topics(session: Session, small_school: SmallSchool) -> None:
    teacher = small_school.math_teacher
    mark = log_mark(session)
    plan = svc.set_plan(
        session,
        teacher,
        small_school.math_assignment_id,
        [
            T("Натуральные числа"),
            T("Сложение и вычитание", hours=2, homework="№ 1–5"),
            T("  Умножение  "),
        ],
    )
    assert [(t.position, t.topic, t.hours) for t in plan.topics] == [
        (1, "Натуральные числа", 1),
        (2, "Сложение и вычитание", 2),
        (3, "Умножение", 1),
    ]
    assert plan.total_hours == 4
    rows = new_log_rows(session, mark)
    assert [r.table_name for r in rows] == ["plan_topic"] * 3
    assert rows[1].fields == {
        "assignment_id": str(small_school.math_assignment_id),
        "position": 2,
        "topic": "Сложение и вычитание",
        "hours": 2,
        "homework": "№ 1–5",
        "control_work": False,
    }
    assert all(r.author_id == str(teacher.account_id) for r in rows)


def test_set_plan_keeps_ids_of_unchanged_topics(
    session: Session, small_school: SmallSchool
) -> None:
    teacher = small_school.math_teacher
    assignment = small_school.math_assignment_id
    first = svc.set_plan(session, teacher, assignment, [T("А"), T("Б"), T("В"), T("Г")])
    ids = {t.topic: t.id for t in first.topics}
    # A lesson already follows topic «Г».
    lesson = session.get(Lesson, small_school.math_lesson_today_id)
    assert lesson is not None
    lesson.plan_topic_id = ids["Г"]
    lesson.topic = "Г"
    save(session, small_school.system, lesson)

    mark = log_mark(session)
    second = svc.set_plan(
        session, teacher, assignment, [T("Новая"), T("А"), T("Б исправленная"), T("В", hours=3)]
    )
    by_topic = {t.topic: t for t in second.topics}
    assert by_topic["А"].id == ids["А"] and by_topic["А"].position == 2
    assert by_topic["Б исправленная"].id == ids["Б"]  # edited in place
    assert by_topic["В"].id == ids["В"] and by_topic["В"].hours == 3
    assert by_topic["Новая"].id not in ids.values()
    assert _plan(session, assignment) == [
        (1, "Новая", 1),
        (2, "А", 1),
        (3, "Б исправленная", 1),
        (4, "В", 3),
    ]

    rows = new_log_rows(session, mark)
    by_record = {(r.record_id, r.operation): r for r in rows}
    # «Г» is gone; its lesson keeps its own topic text but no longer points at the plan.
    assert (ids["Г"], "delete") in by_record
    assert session.get(PlanTopic, ids["Г"]) is None
    session.refresh(lesson)
    assert lesson.plan_topic_id is None and lesson.topic == "Г"
    assert by_record[(lesson.id, "upsert")].fields == {"plan_topic_id": None}
    # Only what changed is logged.
    assert by_record[(ids["А"], "upsert")].fields == {"position": 2}
    assert by_record[(ids["Б"], "upsert")].fields == {"position": 3, "topic": "Б исправленная"}
    assert by_record[(ids["В"], "upsert")].fields == {"position": 4, "hours": 3}
    assert len(rows) == 6  # lesson, tombstone, new topic, three updates
    assert_chain_ok(session)

    # The same plan again: nothing to log.
    mark = log_mark(session)
    svc.set_plan(
        session, teacher, assignment, [T("Новая"), T("А"), T("Б исправленная"), T("В", hours=3)]
    )
    assert new_log_rows(session, mark) == []
    # An empty plan removes everything.
    assert svc.set_plan(session, teacher, assignment, []).topics == ()
    assert _plan(session, assignment) == []


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ([T("А"), T("  ")], "«Тема № 2: тема» не может быть пустым"),
        ([T("А", hours=0)], "«Тема № 1: часов»: число от 1 до 40"),
        ([T("т" * 501)], "не более 500 символов"),
        ([T("А", homework="д" * 2001)], "домашнее задание»: не более 2000"),
    ],
)
def test_set_plan_validation(
    session: Session, small_school: SmallSchool, topics: list[T], message: str
) -> None:
    svc.set_plan(session, small_school.admin, small_school.math_assignment_id, [T("Старая")])
    with unchanged(session), pytest.raises(ValidationError, match=message):
        svc.set_plan(session, small_school.math_teacher, small_school.math_assignment_id, topics)
    assert _plan(session, small_school.math_assignment_id) == [(1, "Старая", 1)]


def test_plan_permissions(session: Session, small_school: SmallSchool) -> None:
    math = small_school.math_assignment_id
    for actor in (
        small_school.english_teacher,
        small_school.sysadmin,
        small_school.student,
        small_school.parent,
    ):
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            svc.set_plan(session, actor, math, [T("А")])
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            svc.add_plan_topic(session, actor, math, "А")
    svc.set_plan(session, small_school.admin, math, [T("А")])
    # Reading: the class teacher reads another subject's plan; others may not.
    english = small_school.english1_assignment_id
    svc.set_plan(session, small_school.english_teacher, english, [T("Present Simple")])
    assert reads.get_plan(session, small_school.math_teacher, english).topics[0].topic == (
        "Present Simple"
    )
    with pytest.raises(PermissionDenied):
        reads.get_plan(session, small_school.other_teacher, english)
    with pytest.raises(NotFound):
        svc.set_plan(session, small_school.admin, small_school.class_id, [])


def test_add_plan_topic(session: Session, small_school: SmallSchool) -> None:
    teacher = small_school.math_teacher
    assignment = small_school.math_assignment_id
    svc.set_plan(session, teacher, assignment, [T("А"), T("Б")])
    mark = log_mark(session)
    added = svc.add_plan_topic(session, teacher, assignment, "В", hours=2)
    assert added.position == 3
    [row] = new_log_rows(session, mark)
    assert row.fields["topic"] == "В" and row.fields["hours"] == 2

    mark = log_mark(session)
    svc.add_plan_topic(session, teacher, assignment, "Начало", position=1)
    assert _plan(session, assignment) == [(1, "Начало", 1), (2, "А", 1), (3, "Б", 1), (4, "В", 2)]
    rows = new_log_rows(session, mark)
    assert [r.fields for r in rows[:3]] == [{"position": 2}, {"position": 3}, {"position": 4}]
    with unchanged(session), pytest.raises(ValidationError, match="«Место в плане»"):
        svc.add_plan_topic(session, teacher, assignment, "Далеко", position=9)


def test_next_planned_topic(session: Session, small_school: SmallSchool) -> None:
    assignment = small_school.math_assignment_id
    assert reads.next_planned_topic(session, assignment) is None
    plan = svc.set_plan(
        session,
        small_school.math_teacher,
        assignment,
        [T("Один"), T("Два урока", hours=2), T("Последняя")],
    )
    one, two, last = plan.topics
    assert reads.next_planned_topic(session, assignment) == one

    def lesson_on(day: date, topic_id: object, cancelled: bool = False) -> None:
        save(
            session,
            small_school.system,
            Lesson(
                assignment_id=assignment,
                date=day,
                lesson_number=1,
                plan_topic_id=topic_id,
                cancelled=cancelled,
            ),
        )

    lesson_on(date(2026, 11, 23), one.id)
    assert reads.next_planned_topic(session, assignment) == two
    lesson_on(date(2026, 11, 25), two.id)
    assert reads.next_planned_topic(session, assignment) == two  # one of two hours done
    lesson_on(date(2026, 11, 30), two.id, cancelled=True)
    assert reads.next_planned_topic(session, assignment) == two  # a cancelled lesson: no hour
    lesson_on(date(2026, 12, 2), two.id)
    assert reads.next_planned_topic(session, assignment) == last
    lesson_on(date(2026, 12, 7), last.id)
    assert reads.next_planned_topic(session, assignment) is None
