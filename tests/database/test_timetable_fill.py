"""A class's timetable is filled when every assignment is placed for its weekly hours
(the checklist's «Расписание» step); the demo seed reaches the regulation's 100%."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.models import SchoolClass, TeachingAssignment
from database.queries.activity import TIMETABLE, load_activity
from database.queries.home import current_year
from database.queries.timetable_entries import entries_on
from database.queries.timetable_fill import filled_classes
from database.services import timetable as svc
from tests.database.conftest import SmallSchool
from tests.database.test_demo_tiny import DEVICE, TODAY, build, close

SEP_1 = date(2026, 9, 1)


def _timetable_indicator(session: Session, actor: Actor, today: date) -> tuple[float, str]:
    """The order's indicator for the week of ``today`` (as of noon), checked against the
    checklist's «Расписание» step: one definition for both."""
    year = current_year(session)
    assert year is not None
    classes = session.execute(
        select(SchoolClass.id).where(SchoolClass.year_id == year.id)).scalars().all()
    filled = len(filled_classes(session, year, today) & set(classes))
    week = load_activity(session, actor, today,
                         now=datetime.combine(today, time(12, 0))).figure(TIMETABLE).week
    assert (week.part, week.whole) == (filled, len(classes))
    return week.percent, f"{filled} из {len(classes)} классов"


def test_a_class_is_filled_when_every_assignment_has_its_hours(
    session: Session, small_school: SmallSchool
) -> None:
    admin, today = small_school.admin, date(2026, 11, 18)
    # 5 «А» has math twice of its 5 hours, English group 1 once of 3: not filled.
    assert _timetable_indicator(session, admin, today) == (0.0, "0 из 1 классов")
    free = [(day, number) for day in (2, 4, 5, 6) for number in range(1, 8)]
    for assignment in session.execute(select(TeachingAssignment)).scalars().all():
        placed = len(entries_on(session, small_school.class_id, today)) and sum(
            1 for e in entries_on(session, small_school.class_id, today)
            if e.assignment_id == assignment.id
        )
        for _ in range(int(assignment.hours_per_week) - placed):
            day, number = free.pop(0)
            svc.add_timetable_entry(session, admin, assignment.id, day, number, SEP_1)
    assert _timetable_indicator(session, admin, today) == (100.0, "1 из 1 классов")
    # A change from 1 December that drops one math lesson empties it again then only.
    monday = next(e for e in entries_on(session, small_school.class_id, today)
                  if e.assignment_id == small_school.math_assignment_id)
    svc.stop_timetable_entry(session, admin, monday.id, date(2026, 12, 1))
    assert _timetable_indicator(session, admin, today)[0] == 100.0
    assert _timetable_indicator(session, admin, date(2026, 12, 1))[0] == 0.0


def test_the_demo_timetable_is_filled_for_every_class(tmp_path: Path) -> None:
    session, _ = build(tmp_path)
    try:
        value, detail = _timetable_indicator(session, Actor.system(DEVICE), TODAY)
        assert value == 100.0, detail
    finally:
        close(session)
