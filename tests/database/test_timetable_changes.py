"""Changing the timetable: clash explanations, changes from a date, copying a day, and
the future lessons kept in step (moved lessons kept, holiday lessons removed, given
lessons untouched)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.errors import ConflictError
from database.models import Lesson, TimetableEntry
from database.queries.timetable_entries import entries_on
from database.services import timetable as svc
from database.services.classes import create_class
from database.services.lessons import add_lesson, move_lesson, update_lesson
from database.services.people import add_staff
from database.services.school import add_holiday
from database.services.subjects import assign_teaching
from tests.database.conftest import SmallSchool
from tests.database.test_services_support import assert_chain_ok

SEP_1 = date(2026, 9, 1)
TODAY = date(2026, 11, 18)  # a Wednesday: the small school's clock
YEAR_END = date(2027, 5, 31)


def _slots(session: Session, assignment_id: uuid.UUID) -> set[tuple[date, int]]:
    return {
        (day, number)
        for day, number in session.execute(
            select(Lesson.date, Lesson.lesson_number).where(Lesson.assignment_id == assignment_id)
        )
    }


def _entry(session: Session, assignment_id: uuid.UUID, weekday: int) -> uuid.UUID:
    return session.execute(
        select(TimetableEntry.id).where(
            TimetableEntry.assignment_id == assignment_id, TimetableEntry.weekday == weekday
        )
    ).scalar_one()


# --- clashes, each kind refused with its explanation --------------------------------------


def test_a_teacher_clash_is_explained(session: Session, small_school: SmallSchool) -> None:
    # The English teacher already teaches group 1 on Wednesday, lesson 2.
    with pytest.raises(ConflictError, match=r"среда, 2-й урок: Кузнецова А\. И\. в это время "
                                            r"уже ведёт урок \(Английский язык, 5 «А»\)"):
        svc.add_timetable_entry(
            session, small_school.admin, small_school.english2_assignment_id, 3, 2, SEP_1
        )


def test_a_class_clash_is_explained(session: Session, small_school: SmallSchool) -> None:
    other = add_staff(session, small_school.admin, "Новикова", "Вера", "", position="учитель")
    pe = assign_teaching(
        session, small_school.admin, small_school.year_id, small_school.class_id,
        small_school.english_id, other.id, 2,
    )
    with pytest.raises(ConflictError, match=r"понедельник, 1-й урок: у класса в это время "
                                            r"уже стоит урок \(Математика, 5 «А»\)"):
        svc.add_timetable_entry(session, small_school.admin, pe.id, 1, 1, SEP_1)


def test_a_group_clash_is_explained(session: Session, small_school: SmallSchool) -> None:
    other = add_staff(session, small_school.admin, "Новикова", "Вера", "", position="учитель")
    second = assign_teaching(
        session, small_school.admin, small_school.year_id, small_school.class_id,
        small_school.math_id, other.id, 2, group_id=small_school.group1_id,
    )
    with pytest.raises(ConflictError, match=r"среда, 2-й урок: у группы в это время уже "
                                            r"стоит урок \(Английский язык, 5 «А»\)"):
        svc.add_timetable_entry(session, small_school.admin, second.id, 3, 2, SEP_1)
    # The other group is free then: no clash.
    assert svc.find_clashes(session, second.id, 3, 3, SEP_1, None) == []


def test_a_room_clash_is_explained(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    svc.add_timetable_entry(session, admin, small_school.math_assignment_id, 2, 3, SEP_1,
                            room="21")
    other_class = create_class(session, admin, small_school.year_id, 6, "Б")
    history = assign_teaching(
        session, admin, small_school.year_id, other_class.id, small_school.english_id,
        small_school.other_teacher_id, 2,
    )
    assert svc.find_clashes(session, history.id, 2, 3, SEP_1, None, room="21") == [
        "вторник, 3-й урок: кабинет 21 в это время занят (Математика, 5 «А»)."
    ]
    with pytest.raises(ConflictError, match="кабинет 21 в это время занят"):
        svc.add_timetable_entry(session, admin, history.id, 2, 3, SEP_1, room="21")
    # Another room, or a date after the first entry ends, is fine.
    assert svc.find_clashes(session, history.id, 2, 3, SEP_1, None, room="22") == []
    svc.end_timetable_entry(session, admin, _entry(session, small_school.math_assignment_id, 2),
                            date(2026, 12, 31))
    svc.add_timetable_entry(session, admin, history.id, 2, 3, date(2027, 1, 1), room="21")


# --- changes from a date -------------------------------------------------------------------


def test_a_change_from_a_date_keeps_the_old_week(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    monday = _entry(session, small_school.math_assignment_id, 1)
    new = svc.change_timetable_entry(
        session, admin, monday, date(2026, 11, 23),
        assignment_id=small_school.english2_assignment_id, room="7",
    )
    assert (new.weekday, new.lesson_number, new.valid_from, new.room) == (
        1, 1, date(2026, 11, 23), "7"
    )
    old = session.get(TimetableEntry, monday)
    assert old is not None and old.valid_to == date(2026, 11, 22)
    week = {e.assignment_id for e in entries_on(session, small_school.class_id, TODAY)
            if e.weekday == 1}
    assert week == {small_school.math_assignment_id}

    svc.stop_timetable_entry(session, admin, new.id, date(2026, 11, 23))
    assert session.get(TimetableEntry, new.id) is None  # had not started: removed


def test_copy_a_day(session: Session, small_school: SmallSchool) -> None:
    copied = svc.copy_timetable_day(session, small_school.admin, small_school.class_id, 3, 5,
                                    date(2026, 11, 23))
    assert copied == 2
    friday = sorted(
        (e.lesson_number, e.assignment_id)
        for e in entries_on(session, small_school.class_id, date(2026, 11, 23))
        if e.weekday == 5
    )
    assert friday == [
        (1, small_school.math_assignment_id), (2, small_school.english1_assignment_id)
    ]


# --- the future lessons follow the timetable --------------------------------------------------


def test_a_moved_lesson_is_kept_and_its_slot_not_refilled(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    svc.generate_lessons(session, admin, TODAY, date(2026, 11, 30))
    lesson_id = session.execute(
        select(Lesson.id).where(
            Lesson.assignment_id == small_school.math_assignment_id,
            Lesson.date == date(2026, 11, 23),
        )
    ).scalar_one()
    move_lesson(session, admin, lesson_id, date(2026, 11, 24), 4)
    svc.generate_lessons(session, admin, TODAY, date(2026, 11, 30))
    result = svc.refresh_future_lessons(session, admin)
    slots = _slots(session, small_school.math_assignment_id)
    assert (date(2026, 11, 24), 4) in slots
    assert (date(2026, 11, 23), 1) not in slots
    assert result.removed == 0
    assert_chain_ok(session)


def test_a_new_holiday_removes_its_lessons_but_not_given_ones(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    svc.generate_lessons(session, admin, TODAY, YEAR_END)
    # On 2 December the math lesson was given a topic in advance; English is blank.
    given = session.execute(
        select(Lesson.id).where(
            Lesson.assignment_id == small_school.math_assignment_id,
            Lesson.date == date(2026, 12, 2),
        )
    ).scalar_one()
    update_lesson(session, admin, given, topic="Дроби")
    extra = add_lesson(session, admin, small_school.english2_assignment_id, date(2026, 12, 2), 5)
    add_holiday(session, admin, small_school.year_id, "Карантин", date(2026, 11, 30),
                date(2026, 12, 4))
    result = svc.refresh_future_lessons(session, admin)
    # Monday 30 Nov (math) and Wednesday 2 Dec (English) go; the given math lesson and
    # the extra lesson added by hand stay.
    assert result.removed == 2 and result.kept_given == 2
    math = _slots(session, small_school.math_assignment_id)
    assert (date(2026, 11, 30), 1) not in math and (date(2026, 12, 2), 1) in math
    assert (date(2026, 12, 2), 2) not in _slots(session, small_school.english1_assignment_id)
    assert session.get(Lesson, extra.id) is not None
    # Running it again changes nothing.
    again = svc.refresh_future_lessons(session, admin)
    assert (again.created, again.removed) == (0, 0)
    assert_chain_ok(session)


def test_ending_an_entry_removes_future_lessons_only(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    svc.generate_lessons(session, admin, date(2026, 11, 2), YEAR_END)
    before = _slots(session, small_school.math_assignment_id)
    svc.stop_timetable_entry(session, admin, _entry(session, small_school.math_assignment_id, 1),
                             date(2026, 11, 9))
    result = svc.refresh_future_lessons(session, admin)
    after = _slots(session, small_school.math_assignment_id)
    mondays = {slot for slot in before - after}
    assert mondays and all(day.isoweekday() == 1 and day >= TODAY for day, _ in mondays)
    # Mondays already past (9 and 16 November) stay, though the entry ended before them.
    assert {(date(2026, 11, 9), 1), (date(2026, 11, 16), 1)} <= after
    assert result.removed == len(mondays)


def test_a_new_entry_creates_its_future_lessons(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    svc.add_timetable_entry(session, admin, small_school.english2_assignment_id, 4, 3, SEP_1)
    result = svc.refresh_future_lessons(session, admin, [small_school.class_id])
    thursdays = _slots(session, small_school.english2_assignment_id)
    assert result.created > 20 and min(thursdays) == (date(2026, 11, 19), 3)
