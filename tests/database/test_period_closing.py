"""The check before closing a study period: per journal, the students without a
period mark and the lessons held without a topic or attendance; administration only."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from database.errors import PermissionDenied
from database.queries.period_closing import period_closing_check
from database.services.lessons import update_lesson
from database.services.period_marks import set_period_mark
from tests.database.conftest import TODAY, SmallSchool


def test_the_check_names_missing_marks_and_lessons_per_journal(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    check = period_closing_check(session, s.admin, s.q2_id)
    assert check.last_day == TODAY and not check.complete
    by_id = {j.assignment_id: j for j in check.journals}
    math = by_id[s.math_assignment_id]
    assert math.journal_title == "5 «А» · Математика"
    assert math.teacher == "Смирнова О. П."
    # Дмитриев left on 10.11: no mark is expected of him.
    assert math.without_mark == ("Алексеев Иван", "Борисова Мария", "Васильев Пётр",
                                 "Григорьева Анна")
    assert [(m.date, m.no_topic, m.no_attendance) for m in math.lessons] == [
        (TODAY, True, True)]
    # A group's journal asks only its members.
    assert by_id[s.english1_assignment_id].without_mark == ("Алексеев Иван", "Васильев Пётр")
    assert by_id[s.english2_assignment_id].without_mark == ("Борисова Мария",
                                                            "Григорьева Анна")
    assert by_id[s.english2_assignment_id].lessons == ()
    assert "нет отметок за период: 4; уроков без темы: 1" in math.summary

    set_period_mark(session, s.admin, s.student_ids[0], s.math_id, s.year_id, "period",
                    s.q2_id, "5")
    update_lesson(session, s.admin, s.math_lesson_today_id, topic="Дроби", conducted=True)
    session.commit()
    math = {j.assignment_id: j for j in period_closing_check(
        session, s.admin, s.q2_id).journals}[s.math_assignment_id]
    assert math.without_mark == ("Борисова Мария", "Васильев Пётр", "Григорьева Анна")
    assert math.lessons == ()


def test_a_conducted_lesson_misses_only_its_topic_and_only_admin_checks(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    # The first quarter's one lesson was conducted (attendance is there), without a topic.
    first = {j.assignment_id: j for j in period_closing_check(
        session, s.admin, s.q1_id).journals}
    assert [(m.no_topic, m.no_attendance) for m in first[s.math_assignment_id].lessons] == [
        (True, False)]
    for actor in (s.math_teacher, s.sysadmin, s.student):
        with pytest.raises(PermissionDenied):
            period_closing_check(session, actor, s.q2_id)
