"""Period marks (services/period_marks.py) and the suggestion from current marks
(queries/period_marks.py)."""

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
from database.errors import PermissionDenied, ReasonRequired, ValidationError
from database.models import ChangeLog, Lesson, PeriodMark, Subject, TeachingAssignment
from database.queries.period_marks import (
    round_mark,
    suggest_period_mark,
    suggest_period_marks,
    suggest_year_mark,
    weighted_average,
    year_suggestion,
)
from database.services.marks import MarkInput, set_cell
from database.services.period_marks import clear_period_mark, set_period_mark
from tests.database.conftest import SmallSchool


def at(actor: Actor, moment: datetime) -> Actor:
    return replace(actor, clock=lambda: moment)


def lesson_on(session: Session, school: SmallSchool, day: date, number: int = 1) -> uuid.UUID:
    lesson = Lesson(assignment_id=school.math_assignment_id, date=day, lesson_number=number)
    save(session, school.system, lesson)
    return lesson.id


def give(
    session: Session, school: SmallSchool, lesson_id: uuid.UUID, student: uuid.UUID,
    *marks: MarkInput,
) -> None:
    set_cell(session, school.admin, lesson_id, student, attendance=None, marks=marks,
             reason="подготовка теста")


# --- the arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "average", "rounded"),
    [
        ([("5", 1.0), ("4", 1.0), ("3", 2.0)], 3.75, "4"),  # (5 + 4 + 6) / 4
        ([("4", 1.0), ("3", 1.0)], 3.5, "3"),  # below 0.6: down
        ([("4", 3.0), ("3", 2.0)], 3.6, "4"),  # exactly the threshold: up
        ([("5", 3.0), ("4", 2.0)], 4.6, "5"),  # 4.6 must not be read as 4.5999…
        ([("2", 1.0), ("2", 1.0)], 2.0, "2"),
    ],
)
def test_weighted_average_and_rounding(
    marks: list[tuple[str, float]], average: float, rounded: str
) -> None:
    result = weighted_average(marks)
    assert result == pytest.approx(average)
    assert result is not None
    assert round_mark(result, 0.6) == rounded


def test_rounding_threshold_edges() -> None:
    assert round_mark(3.59, 0.6) == "3"
    assert round_mark(3.6, 0.6) == "4"
    assert round_mark(3.5, 0.5) == "4"
    assert round_mark(5.0, 0.6) == "5"
    assert weighted_average([]) is None
    assert weighted_average([("н/а", 1.0)]) is None


# --- suggestions from the journal -------------------------------------------------------------


@pytest.fixture
def graded(session: Session, small_school: SmallSchool) -> SmallSchool:
    """Student 0 has 5, 4 (weight 1) and 3 (weight 2) in the second quarter, a 2 in the
    closed first quarter, and a 2 on a cancelled lesson."""
    s = small_school
    student = s.student_ids[0]
    give(session, s, lesson_on(session, s, date(2026, 11, 9)), student, MarkInput("5"))
    give(session, s, lesson_on(session, s, date(2026, 11, 11)), student, MarkInput("4"))
    give(session, s, lesson_on(session, s, date(2026, 11, 16)), student,
         MarkInput("3", work_type="Контрольная работа"))
    give(session, s, s.math_lesson_old_id, student, MarkInput("2"))
    cancelled = lesson_on(session, s, date(2026, 11, 13))
    give(session, s, cancelled, student, MarkInput("2"))
    lesson = session.get(Lesson, cancelled)
    assert lesson is not None
    lesson.cancelled = True
    save(session, s.admin, lesson, reason="подготовка теста")
    return s


def test_suggestion_is_the_weighted_average_rounded(
    session: Session, graded: SmallSchool
) -> None:
    s = graded
    q2 = suggest_period_mark(session, s.math_teacher, s.student_ids[0], s.math_id, s.q2_id)
    assert q2.average == pytest.approx(3.75)
    assert q2.suggested == "4"
    assert q2.count == 3
    q1 = suggest_period_mark(session, s.math_teacher, s.student_ids[0], s.math_id, s.q1_id)
    assert (q1.average, q1.suggested) == (2.0, "2")
    none = suggest_period_mark(session, s.math_teacher, s.student_ids[1], s.math_id, s.q2_id)
    assert (none.average, none.suggested, none.count) == (None, None, 0)


def test_whole_journal_suggestions(session: Session, graded: SmallSchool) -> None:
    s = graded
    give(session, s, s.math_lesson_today_id, s.student_ids[1], MarkInput("4"),
         MarkInput("3"))
    by_student = suggest_period_marks(session, s.math_teacher, s.math_assignment_id, s.q2_id)
    assert by_student[s.student_ids[0]].suggested == "4"
    assert by_student[s.student_ids[1]].average == pytest.approx(3.5)
    assert by_student[s.student_ids[1]].suggested == "3"
    assert s.student_ids[2] not in by_student
    with pytest.raises(PermissionDenied):
        suggest_period_marks(session, s.other_teacher, s.math_assignment_id, s.q2_id)


def test_suggestion_readers(session: Session, graded: SmallSchool) -> None:
    s = graded
    child = s.student_ids[0]
    assert suggest_period_mark(session, s.parent, child, s.math_id, s.q2_id).suggested == "4"
    assert suggest_period_mark(session, s.student, child, s.math_id, s.q2_id).suggested == "4"
    assert suggest_period_mark(session, s.admin, child, s.math_id, s.q2_id).suggested == "4"
    for actor in (s.sysadmin, s.other_teacher, s.parent_without_consent):
        with pytest.raises(PermissionDenied):
            suggest_period_mark(session, actor, child, s.math_id, s.q2_id)
    with pytest.raises(PermissionDenied):
        suggest_period_mark(session, s.student, s.student_ids[1], s.math_id, s.q2_id)


# --- setting period marks ---------------------------------------------------------------------


def test_teacher_overrides_the_suggestion(session: Session, graded: SmallSchool) -> None:
    s = graded
    student = s.student_ids[0]
    info = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                           s.q2_id, "5")
    assert info.value == "5" and info.kind == "period" and info.period_id == s.q2_id
    # 18.11 is before the last week of the quarter (22–28.12): recorded as out of time.
    assert info.late
    rows = list(session.execute(
        select(ChangeLog).where(ChangeLog.table_name == "period_mark")).scalars())
    assert len(rows) == 1 and json.loads(rows[0].fields)["value"] == "5"
    again = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                            s.q2_id, "5")
    assert again.id == info.id
    assert len(list(session.execute(
        select(ChangeLog).where(ChangeLog.table_name == "period_mark")).scalars())) == 1
    in_window = set_period_mark(session, at(s.math_teacher, datetime(2026, 12, 24, 15, 0)),
                                student, s.math_id, s.year_id, "period", s.q2_id, "4")
    assert in_window.id == info.id and in_window.value == "4" and not in_window.late


def test_lenient_values_and_assessment(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    student = s.student_ids[0]
    info = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                           s.q2_id, "на")
    assert info.value == "н/а"
    with pytest.raises(ValidationError):
        set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                        s.q2_id, "зач")
    project = s.pe_pass_fail_id
    passed = set_period_mark(session, s.other_teacher, student, project, s.year_id, "period",
                             s.q2_id, "зач")
    assert passed.value == "зач."
    with pytest.raises(ValidationError, match="не подходит"):
        set_period_mark(session, s.other_teacher, student, project, s.year_id, "period",
                        s.q2_id, "5")
    with pytest.raises(PermissionDenied):
        set_period_mark(session, s.math_teacher, student, project, s.year_id, "period",
                        s.q2_id, "незач.")


def test_subject_without_marks_refuses_period_marks(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    talks = Subject(name="Разговоры о важном", assessment="none")
    save(session, s.system, talks)
    save(session, s.system, TeachingAssignment(
        year_id=s.year_id, class_id=s.class_id, subject_id=talks.id,
        teacher_id=s.math_teacher_id))
    with pytest.raises(ValidationError, match="не выставляются"):
        set_period_mark(session, s.math_teacher, s.student_ids[0], talks.id, s.year_id,
                        "period", s.q2_id, "5")


def test_who_may_set_period_marks(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    group1_student, group2_student = s.student_ids[0], s.student_ids[1]
    for actor in (s.other_teacher, s.student, s.parent, s.sysadmin):
        with pytest.raises(PermissionDenied):
            set_period_mark(session, actor, group1_student, s.math_id, s.year_id, "period",
                            s.q2_id, "5")
    # The English teacher teaches both groups; the admin may set anything.
    set_period_mark(session, s.english_teacher, group2_student, s.english_id, s.year_id,
                    "period", s.q2_id, "4")
    set_period_mark(session, s.admin, group1_student, s.english_id, s.year_id, "period",
                    s.q2_id, "5")
    with pytest.raises(ValidationError, match="не числится"):
        set_period_mark(session, s.math_teacher, uuid.uuid4(), s.math_id, s.year_id,
                        "period", s.q2_id, "5")
    with pytest.raises(ValidationError, match="Укажите четверть"):
        set_period_mark(session, s.math_teacher, group1_student, s.math_id, s.year_id,
                        "period", None, "5")
    with pytest.raises(ValidationError, match="без периода"):
        set_period_mark(session, s.math_teacher, group1_student, s.math_id, s.year_id,
                        "year", s.q2_id, "5")


def test_closed_quarter_needs_admin_with_reason(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    student = s.student_ids[0]
    with pytest.raises(PermissionDenied, match="администрация") as refused:
        set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                        s.q1_id, "4")
    assert not isinstance(refused.value, ReasonRequired)
    with pytest.raises(ReasonRequired, match="Укажите причину исправления"):
        set_period_mark(session, s.admin, student, s.math_id, s.year_id, "period",
                        s.q1_id, "4")
    info = set_period_mark(session, s.admin, student, s.math_id, s.year_id, "period",
                           s.q1_id, "4", reason="Пересдача, приказ № 101")
    assert info.late
    row = session.execute(
        select(ChangeLog).where(ChangeLog.record_id == str(info.id))).scalar_one()
    assert row.reason == "Пересдача, приказ № 101"
    with pytest.raises(PermissionDenied):
        clear_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                          s.q1_id)


def test_clear_period_mark_logs_a_tombstone(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    student = s.student_ids[0]
    info = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                           s.q2_id, "3")
    removed = clear_period_mark(session, s.math_teacher, student, s.math_id, s.year_id,
                                "period", s.q2_id)
    assert removed is not None and removed.value == "3"
    assert session.get(PeriodMark, info.id) is None
    rows = list(session.execute(
        select(ChangeLog).where(ChangeLog.record_id == str(info.id))
        .order_by(ChangeLog.seq)).scalars())
    assert [r.operation for r in rows] == ["upsert", "delete"]
    assert rows[1].parent_op == rows[0].op_id
    assert clear_period_mark(session, s.math_teacher, student, s.math_id, s.year_id,
                             "period", s.q2_id) is None


def test_year_suggestion_waits_for_every_period() -> None:
    assert year_suggestion(["4", "5", None, "5"], 0.6).suggested is None
    assert year_suggestion([], 0.6).suggested is None
    full = year_suggestion(["4", "5", "4", "5"], 0.6)
    assert (full.average, full.suggested, full.count) == (4.5, "4", 4)  # 0.5 < 0.6
    assert year_suggestion(["4", "5", "5", "5"], 0.6).suggested == "5"  # 4.75
    # «осв.» and «зач.» are marks of the period but not numbers: they do not count.
    assert year_suggestion(["осв.", "3", "4", "4"], 0.6).suggested == "4"  # 3.67


def test_year_mark_and_its_suggestion(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    student = s.student_ids[0]
    set_period_mark(session, s.admin, student, s.math_id, s.year_id, "period", s.q1_id, "4",
                    reason="перенос с бумажного журнала")
    partial = suggest_year_mark(session, s.math_teacher, student, s.math_id, s.year_id)
    assert partial.suggested is None  # the second period has no mark yet
    set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "period",
                    s.q2_id, "5")
    suggestion = suggest_year_mark(session, s.math_teacher, student, s.math_id, s.year_id)
    assert (suggestion.average, suggestion.suggested) == (4.5, "4")
    year = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "year",
                           None, "5")
    assert year.period_id is None and year.kind == "year"
    # A second year mark replaces the first (no duplicate row with a NULL period).
    again = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "year",
                            None, "4")
    assert again.id == year.id
    exam = set_period_mark(session, s.math_teacher, student, s.math_id, s.year_id, "exam",
                           None, "4")
    assert not exam.late
