"""Copying a week of the timetable: a class's earlier week brought back from a date
(the temporary week between stays as it was), a parallel class's week taken with
this class's own assignments, and a copy refused whole on a clash or a subject the
class is not taught."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy.orm import Session

from database.errors import ConflictError, ValidationError
from database.models import SchoolClass
from database.queries.timetable_entries import entries_on
from database.services import timetable as svc
from database.services.classes import create_class
from database.services.people import add_staff
from database.services.subjects import assign_teaching
from database.services.timetable_copy import copy_timetable_week
from tests.database.conftest import SmallSchool

TODAY = date(2026, 11, 18)
TEMPORARY = date(2026, 11, 23)  # a week with a changed room and no Wednesday
BACK = date(2026, 11, 30)


Week = list[tuple[int, int, uuid.UUID, str]]


def _week(session: Session, class_id: uuid.UUID, day: date) -> Week:
    return sorted((e.weekday, e.lesson_number, e.assignment_id, e.room)
                  for e in entries_on(session, class_id, day))


def test_an_earlier_week_is_brought_back_from_a_date(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    usual = _week(session, s.class_id, TODAY)
    for entry in entries_on(session, s.class_id, TODAY):
        if entry.weekday == 3:
            svc.stop_timetable_entry(session, s.admin, entry.id, TEMPORARY)
        else:
            svc.change_timetable_entry(session, s.admin, entry.id, TEMPORARY,
                                       assignment_id=entry.assignment_id, room="спортзал")
    session.flush()
    temporary = _week(session, s.class_id, TEMPORARY)
    assert temporary != usual
    copied = copy_timetable_week(session, s.admin, s.class_id, TODAY, BACK)
    session.flush()
    assert copied == len(usual)
    assert _week(session, s.class_id, BACK) == usual
    assert _week(session, s.class_id, TEMPORARY) == temporary
    assert _week(session, s.class_id, TODAY) == usual
    # The same week onto itself would change nothing: refused with a reason.
    with pytest.raises(ValidationError, match="другую неделю"):
        copy_timetable_week(session, s.admin, s.class_id, BACK, BACK)


def _parallel_class(session: Session, s: SmallSchool, teacher_id: uuid.UUID) -> tuple[
        uuid.UUID, uuid.UUID]:
    """5 «Б» taught only mathematics, on Monday's third lesson in room 12."""
    other = create_class(session, s.admin, s.year_id, 5, "Б")
    math = assign_teaching(session, s.admin, s.year_id, other.id, s.math_id, teacher_id, 5)
    svc.add_timetable_entry(session, s.admin, math.id, 1, 3, date(2026, 9, 1), room="12")
    session.flush()
    return other.id, math.id


def test_a_parallel_class_week_takes_this_class_assignments(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    teacher = add_staff(session, s.admin, "Новикова", "Вера", "", position="учитель")
    other_id, _ = _parallel_class(session, s, teacher.id)
    copied = copy_timetable_week(session, s.admin, s.class_id, TODAY, BACK,
                                     source_class_id=other_id)
    session.flush()
    assert copied == 1
    # In 5 «А»'s own room: 5 «Б»'s room is taken then.
    own_room = session.get(SchoolClass, s.class_id).room  # type: ignore[union-attr]
    assert _week(session, s.class_id, BACK) == [(1, 3, s.math_assignment_id, own_room)]
    # 5 «Б» is not touched; 5 «А»'s week before the date neither.
    assert len(_week(session, other_id, BACK)) == 1
    assert len(_week(session, s.class_id, TODAY)) > 1


def test_a_copy_is_refused_whole(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    # 5 «Б»'s mathematics is taught by 5 «А»'s teacher at the same hour: a clash.
    other_id, _ = _parallel_class(session, s, s.math_teacher_id)
    before = _week(session, s.class_id, BACK)
    with pytest.raises(ConflictError, match=r"понедельник, 3-й урок: .* уже ведёт урок"):
        copy_timetable_week(session, s.admin, s.class_id, TODAY, BACK,
                                source_class_id=other_id)
    session.rollback()
    # 5 «Б» is not taught English: 5 «А»'s week cannot be its week.
    other_id, _ = _parallel_class(session, s, s.math_teacher_id)
    with pytest.raises(ValidationError, match=r"нет нагрузки по предметам.*Английский язык"):
        copy_timetable_week(session, s.admin, other_id, TODAY, BACK,
                                source_class_id=s.class_id)
    assert _week(session, s.class_id, BACK) == before
