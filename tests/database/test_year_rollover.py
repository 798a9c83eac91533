"""The next school year from the current one, on the tiny and the school-size demos:
students promoted, kept in the grade and graduated; the new classes with their
groups, assignments, timetable and КТП; the old year unchanged (a digest of its rows
before and after); a second run changes nothing."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import local_device_id, verify_chain
from database.demo_install import install_demo
from database.errors import ConflictError, ValidationError
from database.models import (
    SYNCED_TABLES,
    AcademicYear,
    Attendance,
    Bell,
    ChangeLog,
    ClassGroup,
    Enrolment,
    GroupMember,
    Holiday,
    Lesson,
    Mark,
    PeriodMark,
    PlanTopic,
    SchoolClass,
    Staff,
    Student,
    StudyPeriod,
    TeachingAssignment,
    TimetableEntry,
)
from database.paths import SchoolPaths
from database.queries.year_rollover import Outcome, plan_rollover, preview_counts
from database.services.people import enrol_student
from database.services.school import close_period
from database.services.year_rollover import run_rollover
from tests.conftest import DemoTemplate, copy_demo, open_demo
from tests.templates import template

ORDER = "Приказ № 45 от 30.05.2027"
SCHOOL_TODAY = date(2026, 11, 20)


def _session(paths: SchoolPaths) -> Iterator[Session]:
    engine = open_demo(paths)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def tiny(tiny_demo: DemoTemplate, tmp_path: Path) -> Iterator[Session]:
    yield from _session(copy_demo(tiny_demo.paths, tmp_path / "school"))


def _build_school(folder: Path) -> None:
    install_demo(SchoolPaths(folder / "school"), size="school", seed=1, today=SCHOOL_TODAY)


@pytest.fixture
def school(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Session]:
    folder, _ = template(tmp_path_factory, "demo-school", _build_school)
    yield from _session(copy_demo(SchoolPaths(folder / "school"), tmp_path / "school"))


def _admin(session: Session) -> Actor:
    return Actor.system(local_device_id(session))


def _close_year(session: Session, actor: Actor, year_id: uuid.UUID) -> None:
    for period_id in session.scalars(select(StudyPeriod.id).where(StudyPeriod.year_id == year_id)):
        close_period(session, actor, period_id)
    session.commit()


def _year(session: Session) -> AcademicYear:
    return session.scalars(select(AcademicYear).where(AcademicYear.is_current)).one()


# --- the old year's digest ------------------------------------------------------------------


def _rows(session: Session, model: Any, where: Any) -> list[str]:
    """Every column of the rows, as plain tuples (a school's year is ~100,000 rows:
    no ORM objects for them)."""
    return [repr(tuple(row)) for row in session.execute(select(model.__table__).where(where))]


def old_year_digest(session: Session, year: AcademicYear) -> str:
    """Every row of the old year, and its people. An enrolment reads as the old year
    shows it: a stay left open reaches to the year's last day (its class is of that
    year), so only the stays that ended earlier keep their end order and reason."""
    session.expire_all()
    classes = select(SchoolClass.id).where(SchoolClass.year_id == year.id)
    groups = select(ClassGroup.id).where(ClassGroup.class_id.in_(classes))
    assignments = select(TeachingAssignment.id).where(TeachingAssignment.year_id == year.id)
    lessons = select(Lesson.id).where(Lesson.assignment_id.in_(assignments))
    parts: list[str] = []
    parts += _rows(session, AcademicYear, AcademicYear.id == year.id)
    model: Any
    for model in (StudyPeriod, Holiday, Bell, SchoolClass, TeachingAssignment, PeriodMark):
        parts += _rows(session, model, model.year_id == year.id)
    parts += _rows(session, ClassGroup, ClassGroup.id.in_(groups))
    parts += _rows(session, GroupMember, GroupMember.group_id.in_(groups))
    for model in (TimetableEntry, PlanTopic, Lesson):
        parts += _rows(session, model, model.assignment_id.in_(assignments))
    for model in (Mark, Attendance):
        parts += _rows(session, model, model.lesson_id.in_(lessons))
    parts += _rows(session, Student, Student.id.is_not(None))
    parts += _rows(session, Staff, Staff.id.is_not(None))
    for stay in session.scalars(select(Enrolment).where(Enrolment.class_id.in_(classes))):
        ended_early = stay.end_date is not None and stay.end_date < year.end_date
        end = (stay.end_date, stay.end_order, stay.end_reason) if ended_early else "year end"
        parts.append(repr((stay.id, stay.student_id, stay.class_id, stay.start_date,
                           stay.start_order, end)))
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


def table_counts(session: Session) -> dict[str, int]:
    counts = {name: session.scalar(select(func.count()).select_from(model)) or 0
              for name, model in SYNCED_TABLES.items()}
    counts["change_log"] = session.scalar(select(func.count()).select_from(ChangeLog)) or 0
    return counts


def _new_classes(session: Session, year_id: uuid.UUID) -> list[str]:
    return [f"{grade}{letter}" for grade, letter in session.execute(
        select(SchoolClass.grade, SchoolClass.letter).where(SchoolClass.year_id == year_id)
        .order_by(SchoolClass.grade, SchoolClass.letter))]


# --- the tiny demo ---------------------------------------------------------------------------


def test_an_open_year_is_refused_and_nothing_written(tiny: Session) -> None:
    actor, year = _admin(tiny), _year(tiny)
    before = table_counts(tiny)
    with pytest.raises(ConflictError, match="ещё не закрыт"):
        run_rollover(tiny, actor, year.id, order=ORDER)
    tiny.rollback()
    assert table_counts(tiny) == before
    _close_year(tiny, actor, year.id)
    with pytest.raises(ValidationError, match="Приказ о переводе"):
        run_rollover(tiny, actor, year.id, order="  ")


def test_tiny_rollover_promotes_the_class_with_everything_it_needs(tiny: Session) -> None:
    actor, year = _admin(tiny), _year(tiny)
    _close_year(tiny, actor, year.id)
    digest = old_year_digest(tiny, year)
    plan = plan_rollover(tiny, actor, year.id)
    assert (plan.source_name, plan.target_name) == ("2026/2027", "2027/2028")
    assert [c.title for c in plan.classes] == ["5 «А»"] and not plan.open_periods
    students = plan.classes[0].students
    kept, leaving = students[0].student_id, students[1].student_id
    outcomes = {kept: Outcome.RETAIN, leaving: Outcome.LEAVE}
    preview = preview_counts(plan, outcomes)
    assert (preview.promoted, preview.retained, preview.left, preview.classes) == (
        len(students) - 2, 1, 1, 2)

    result = run_rollover(tiny, actor, year.id, order=ORDER, outcomes=outcomes)
    tiny.commit()
    created = result.created
    assert (created.promoted, created.retained, created.graduated, created.left) == (
        len(students) - 2, 1, 0, 1)
    assert created.classes == 2 and created.periods > 0 and created.holidays > 0
    assert created.bells == tiny.scalar(
        select(func.count()).select_from(Bell).where(Bell.year_id == year.id))
    new_year = tiny.get(AcademicYear, result.year_id)
    assert new_year is not None and new_year.name == "2027/2028" and not new_year.is_current
    assert new_year.start_date == date(2027, 9, 1)
    assert _new_classes(tiny, new_year.id) == ["5А", "6А"]

    six = tiny.scalars(select(SchoolClass).where(SchoolClass.year_id == new_year.id,
                                                 SchoolClass.grade == 6)).one()
    five_old = tiny.scalars(select(SchoolClass).where(SchoolClass.year_id == year.id)).one()
    assert six.class_teacher_id == five_old.class_teacher_id
    in_six = set(tiny.scalars(select(Enrolment.student_id).where(Enrolment.class_id == six.id)))
    assert len(in_six) == created.promoted and kept not in in_six and leaving not in in_six
    five_new = tiny.scalars(select(SchoolClass).where(SchoolClass.year_id == new_year.id,
                                                      SchoolClass.grade == 5)).one()
    assert list(tiny.scalars(select(Enrolment.student_id).where(
        Enrolment.class_id == five_new.id))) == [kept]
    # The old stays end on the old year's last day by the order, with the reason.
    reasons = {s.student_id: s.end_reason for s in tiny.scalars(
        select(Enrolment).where(Enrolment.class_id == five_old.id,
                                Enrolment.end_date == year.end_date))}
    assert reasons[leaving] == "выбытие" and reasons[kept].startswith("оставлен")
    assert set(reasons.values()) >= {"перевод в 6 «А» класс"}

    # What the class takes along: groups (with their members), load, timetable, КТП.
    old_groups = tiny.scalar(select(func.count()).select_from(ClassGroup).where(
        ClassGroup.class_id == five_old.id))
    assert created.groups == old_groups and created.group_members > 0
    old_load = tiny.scalars(select(TeachingAssignment).where(
        TeachingAssignment.class_id == five_old.id)).all()
    new_load = tiny.scalars(select(TeachingAssignment).where(
        TeachingAssignment.class_id == six.id)).all()
    assert created.assignments == len(old_load) == len(new_load)
    assert sorted((a.subject_id, a.teacher_id, a.hours_per_week) for a in new_load) == sorted(
        (a.subject_id, a.teacher_id, a.hours_per_week) for a in old_load)
    entries = tiny.scalars(select(TimetableEntry).where(
        TimetableEntry.assignment_id.in_([a.id for a in new_load]))).all()
    assert len(entries) == created.timetable_entries > 0
    assert {e.valid_from for e in entries} == {new_year.start_date}
    # The draft timetable generates no lessons by itself.
    assert tiny.scalar(select(func.count()).select_from(Lesson).where(
        Lesson.assignment_id.in_([a.id for a in new_load]))) == 0
    # The tiny school has only a 5th grade: no 6th-grade plan to copy from.
    assert created.plan_topics == 0
    assert old_year_digest(tiny, year) == digest
    assert verify_chain(tiny).ok

    # Again, from the state it left: nothing changes, not even the change log.
    before = table_counts(tiny)
    again = run_rollover(tiny, actor, year.id, order=ORDER, outcomes=outcomes)
    tiny.commit()
    assert again.nothing_new and again.year_id == result.year_id
    assert table_counts(tiny) == before
    assert old_year_digest(tiny, year) == digest
    # The plan now knows the kept student is placed in the new year already.
    assert [s.placed for s in plan_rollover(tiny, actor, year.id).classes[0].students
            if s.student_id in outcomes] == [True, False]


def test_a_student_not_in_the_year_is_refused(tiny: Session) -> None:
    actor, year = _admin(tiny), _year(tiny)
    _close_year(tiny, actor, year.id)
    with pytest.raises(ValidationError, match="не числится"):
        run_rollover(tiny, actor, year.id, order=ORDER, outcomes={uuid.uuid4(): Outcome.LEAVE})


def test_a_left_student_enrols_again_next_year(tiny: Session) -> None:
    """The old stay ends on the year's last day, so the one-open-stay rule lets the
    administration enrol a student who left in the next year's class later."""
    actor, year = _admin(tiny), _year(tiny)
    _close_year(tiny, actor, year.id)
    student = plan_rollover(tiny, actor, year.id).classes[0].students[0].student_id
    result = run_rollover(tiny, actor, year.id, order=ORDER,
                          outcomes={student: Outcome.LEAVE})
    six = tiny.scalars(select(SchoolClass.id).where(SchoolClass.year_id == result.year_id)).one()
    enrol_student(tiny, actor, student, six, date(2027, 10, 1), "Приказ № 60")


# --- the school-size demo -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(1200)  # builds the school-size demo first (about 2 minutes alone)
def test_school_rollover(school: Session) -> None:
    actor, year = _admin(school), _year(school)
    _close_year(school, actor, year.id)
    digest = old_year_digest(school, year)
    plan = plan_rollover(school, actor, year.id)
    assert len(plan.classes) == 22
    by_title = {c.title: c for c in plan.classes}
    # 9 «Б» finishes school; one 7 «А» student repeats the year; one 4 «Б» leaves.
    outcomes = {s.student_id: Outcome.GRADUATE for s in by_title["9 «Б»"].students}
    repeater = by_title["7 «А»"].students[0].student_id
    leaver = by_title["4 «Б»"].students[0].student_id
    outcomes |= {repeater: Outcome.RETAIN, leaver: Outcome.LEAVE}
    eleventh = sum(len(c.students) for c in plan.classes if c.grade == 11)
    preview = preview_counts(plan, outcomes)
    graduate = by_title["11 «А»"].students[0].student_id
    with pytest.raises(ValidationError, match="из 11 класса не переводят"):
        run_rollover(school, actor, year.id, order=ORDER,
                     outcomes=outcomes | {graduate: Outcome.PROMOTE})

    result = run_rollover(school, actor, year.id, order=ORDER, outcomes=outcomes)
    school.commit()
    created = result.created
    assert created.graduated == eleventh + len(by_title["9 «Б»"].students)
    assert (created.retained, created.left) == (1, 1)
    assert created.promoted == plan.students - created.graduated - 2
    assert (created.promoted, created.retained, created.graduated, created.left) == (
        preview.promoted, preview.retained, preview.graduated, preview.left)
    # Grades 2–11 from 1–10, less 10 «Б» (its 9 «Б» graduated); 7 «А» exists anyway.
    expected = [f"{c.grade + 1}{c.letter}" for c in plan.classes
                if c.grade < 11 and c.title != "9 «Б»"]
    assert _new_classes(school, result.year_id) == expected
    assert created.classes == preview.classes == len(expected) == 19
    assert created.assignments == preview.assignments > 0
    assert created.timetable_entries == preview.timetable_entries > 0
    assert created.plan_topics > 0
    in_seven = school.scalars(select(Enrolment.student_id).join(
        SchoolClass, SchoolClass.id == Enrolment.class_id).where(
        SchoolClass.year_id == result.year_id, SchoolClass.grade == 7,
        SchoolClass.letter == "А")).all()
    assert repeater in in_seven
    # The КТП of the new 6 «А» maths is last year's 6 «А» maths plan.
    new_six, old_six = (school.scalars(select(TeachingAssignment).join(
        SchoolClass, SchoolClass.id == TeachingAssignment.class_id).where(
        SchoolClass.year_id == y, SchoolClass.grade == 6, SchoolClass.letter == "А",
        TeachingAssignment.group_id.is_(None)).order_by(TeachingAssignment.subject_id)).first()
        for y in (result.year_id, year.id))
    assert new_six is not None and old_six is not None
    assert new_six.subject_id == old_six.subject_id

    def topics(assignment_id: uuid.UUID) -> list[tuple[str, bool]]:
        return [(t.topic, t.control_work) for t in school.scalars(
            select(PlanTopic).where(PlanTopic.assignment_id == assignment_id)
            .order_by(PlanTopic.position))]

    assert topics(new_six.id) == topics(old_six.id) != []
    assert old_year_digest(school, year) == digest
    assert verify_chain(school).ok

    before = table_counts(school)
    again = run_rollover(school, actor, year.id, order=ORDER, outcomes=outcomes)
    school.commit()
    assert again.nothing_new
    assert table_counts(school) == before
    assert old_year_digest(school, year) == digest
