"""The КТП re-flows: the hours of the plan not given yet fall on the journal's coming
lessons in plan order; cancelling one of them moves every later topic one lesson on
(and the topic a cancelled lesson had taken is given again later), an extra lesson
moves them one back, and hours beyond the last lesson are counted as not fitting."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Lesson
from database.queries.plan_fact import PlanFact, plan_against_fact
from database.services import timetable as svc
from database.services.lessons import add_lesson, cancel_lesson, restore_lesson, update_lesson
from database.services.plans import PlanTopicInput as T
from database.services.plans import set_plan
from tests.database.conftest import TODAY, SmallSchool

UNTIL = date(2026, 12, 18)


def _planned(fact: PlanFact) -> list[list[date]]:
    return [[g.date for g in t.planned] for t in fact.topics]


def test_a_cancellation_and_an_extra_lesson_reflow_the_remaining_topics(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    svc.generate_lessons(session, s.admin, TODAY, UNTIL)
    plan = set_plan(session, s.math_teacher, s.math_assignment_id,
                    [T("Натуральные числа", 2), T("Дроби", 1), T("Проценты", 2)])
    # Today's lesson took the first hour of the first topic.
    update_lesson(session, s.math_teacher, s.math_lesson_today_id,
                  plan_topic_id=plan.topics[0].id)
    session.commit()
    coming = [day for (day,) in session.execute(
        select(Lesson.date).where(Lesson.assignment_id == s.math_assignment_id,
                                  Lesson.date > TODAY, Lesson.cancelled.is_(False))
        .order_by(Lesson.date, Lesson.lesson_number))]
    assert len(coming) >= 5
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert _planned(fact) == [coming[0:1], coming[1:2], coming[2:4]]
    assert fact.hours_not_fitting == 0

    # The next lesson is cancelled (quarantine): every remaining hour moves one on.
    cancelled_id = session.execute(select(Lesson.id).where(
        Lesson.assignment_id == s.math_assignment_id, Lesson.date == coming[0])).scalar_one()
    cancel_lesson(session, s.admin, cancelled_id, "карантин")
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert _planned(fact) == [coming[1:2], coming[2:3], coming[3:5]]

    # A lesson that had taken a topic is cancelled: that topic is given again later.
    taken_id = session.execute(select(Lesson.id).where(
        Lesson.assignment_id == s.math_assignment_id, Lesson.date == coming[1])).scalar_one()
    update_lesson(session, s.math_teacher, taken_id, plan_topic_id=plan.topics[0].id)
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert fact.topics[0].done and _planned(fact) == [[], coming[2:3], coming[3:5]]
    cancel_lesson(session, s.admin, taken_id, "болезнь учителя")
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert not fact.topics[0].done
    assert _planned(fact) == [coming[2:3], coming[3:4], coming[4:6]]

    # An extra lesson tomorrow (a make-up): the topics move one back.
    tomorrow = date(2026, 11, 19)
    assert tomorrow not in coming
    add_lesson(session, s.math_teacher, s.math_assignment_id, tomorrow, 6)
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert _planned(fact) == [[tomorrow], coming[2:3], coming[3:5]]

    # Back as it was: both lessons restored.
    for lesson_id in (cancelled_id, taken_id):
        restore_lesson(session, s.admin, lesson_id)
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert fact.topics[0].done  # the restored lesson of coming[1] took its second hour
    assert _planned(fact) == [[], [tomorrow], [coming[0], coming[2]]]


def test_hours_beyond_the_last_lesson_do_not_fit(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    set_plan(session, s.math_teacher, s.math_assignment_id, [T("Повторение", 40)] * 1)
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    coming = sum(len(t.planned) for t in fact.topics)
    assert coming >= 1  # today's lesson at least
    assert fact.hours_not_fitting == 40 - coming
