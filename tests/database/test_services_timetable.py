"""services.timetable: entries with clash checks, and lessons generated from them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import canonical_json, column_values
from database.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from database.models import (
    ChangeLog,
    Lesson,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.queries.timetable_entries import list_timetable
from database.services import timetable as svc
from database.services.classes import create_class
from database.services.people import add_staff
from database.services.school import add_holiday
from database.services.subjects import assign_teaching, create_subject, update_assignment
from tests.database.conftest import SmallSchool
from tests.database.test_services_support import (
    assert_chain_ok,
    log_mark,
    new_log_rows,
    unchanged,
)

SEP_1 = date(2026, 9, 1)

# --- entries --------------------------------------------------------------------------


def test_add_end_and_remove_an_entry(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    entry = svc.add_timetable_entry(
        session, admin, small_school.math_assignment_id, 5, 2, SEP_1, room="14"
    )
    assert (entry.weekday, entry.lesson_number, entry.room, entry.valid_to) == (5, 2, "14", None)
    [row] = new_log_rows(session, mark)
    assert row.table_name == "timetable_entry" and row.record_id == entry.id
    assert row.fields == {
        "assignment_id": str(small_school.math_assignment_id),
        "weekday": 5,
        "lesson_number": 2,
        "room": "14",
        "valid_from": "2026-09-01",
        "valid_to": None,
    }

    mark = log_mark(session)
    ended = svc.end_timetable_entry(session, admin, entry.id, date(2026, 12, 28))
    assert ended.valid_to == date(2026, 12, 28)
    [row] = new_log_rows(session, mark)
    assert row.fields == {"valid_to": "2026-12-28"}
    with unchanged(session), pytest.raises(ValidationError, match="не может быть раньше"):
        svc.end_timetable_entry(session, admin, entry.id, date(2026, 8, 31))

    mark = log_mark(session)
    svc.remove_timetable_entry(session, admin, entry.id)
    [row] = new_log_rows(session, mark)
    assert (row.operation, row.record_id) == ("delete", entry.id)
    assert session.get(TimetableEntry, entry.id) is None
    with pytest.raises(NotFound):
        svc.remove_timetable_entry(session, admin, entry.id)
    assert [e.weekday for e in list_timetable(session, small_school.class_id)] == [1, 3, 3]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((7, 1, SEP_1), {}, "от 1 \\(понедельник\\) до 6 \\(суббота\\)"),
        ((2, 11, SEP_1), {}, "Номер урока должен быть от 1 до 10"),
        ((2, 1, date(2026, 8, 31)), {}, "«Действует с» \\(31.08.2026\\) должна быть в пределах"),
        ((2, 1, SEP_1), {"valid_to": date(2027, 6, 30)}, "«Действует по»"),
        ((2, 1, date(2026, 10, 1)), {"valid_to": SEP_1}, "не может быть раньше"),
        ((2, 1, SEP_1), {"room": "к" * 21}, "«Кабинет»: не более 20"),
    ],
)
def test_entry_validation(
    session: Session,
    small_school: SmallSchool,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    message: str,
) -> None:
    with unchanged(session), pytest.raises(ValidationError, match=message):
        svc.add_timetable_entry(
            session, small_school.admin, small_school.math_assignment_id, *args, **kwargs
        )


def test_a_class_cannot_have_two_lessons_at_once(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    # Math (whole class) where group 1 has English.
    with unchanged(session), pytest.raises(ConflictError, match="у класса в это время уже стоит"):
        svc.add_timetable_entry(session, admin, small_school.math_assignment_id, 3, 2, SEP_1)
    # The same assignment twice.
    with unchanged(session), pytest.raises(ConflictError, match="среда, 1-й урок"):
        svc.add_timetable_entry(
            session, admin, small_school.math_assignment_id, 3, 1, date(2026, 10, 1)
        )


def test_different_groups_of_a_class_may_share_a_slot(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    # Group 2's English goes to another teacher, then sits beside group 1's.
    update_assignment(
        session,
        admin,
        small_school.english2_assignment_id,
        teacher_id=small_school.other_teacher_id,
    )
    entry = svc.add_timetable_entry(
        session, admin, small_school.english2_assignment_id, 3, 2, SEP_1
    )
    assert entry.lesson_number == 2


def test_a_teacher_cannot_be_in_two_places(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    # Group 2 with the same English teacher as group 1 at the same time.
    with unchanged(session), pytest.raises(ConflictError, match=r"Кузнецова А\. И\. в это время"):
        svc.add_timetable_entry(session, admin, small_school.english2_assignment_id, 3, 2, SEP_1)
    # Math in another class by the same math teacher.
    other = create_class(session, admin, small_school.year_id, 5, "Б")
    math_b = assign_teaching(
        session,
        admin,
        small_school.year_id,
        other.id,
        small_school.math_id,
        small_school.math_teacher_id,
        5,
    )
    with unchanged(session), pytest.raises(ConflictError, match=r"Смирнова О\. П\. в это время"):
        svc.add_timetable_entry(session, admin, math_b.id, 1, 1, date(2026, 11, 16))
    # Not overlapping in dates: fine.
    first = list_timetable(session, small_school.class_id)[0]
    svc.end_timetable_entry(session, admin, first.id, date(2026, 12, 31))
    svc.add_timetable_entry(session, admin, math_b.id, 1, 1, date(2027, 1, 1))


# --- generating lessons ---------------------------------------------------------------


def _lessons(session: Session, assignment_id: uuid.UUID) -> list[tuple[date, int]]:
    return [
        (row.date, row.lesson_number)
        for row in session.execute(
            select(Lesson)
            .where(Lesson.assignment_id == assignment_id)
            .order_by(Lesson.date, Lesson.lesson_number)
        ).scalars()
    ]


def test_generate_lessons_skips_holidays_sundays_and_existing(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    add_holiday(
        session,
        admin,
        small_school.year_id,
        "День здоровья",
        date(2026, 11, 23),
        date(2026, 11, 23),
        kind="other",
    )
    # A holiday for the little ones only does not stop grade 5.
    add_holiday(
        session,
        admin,
        small_school.year_id,
        "Каникулы 1 классов",
        date(2026, 11, 25),
        date(2026, 11, 25),
        grade_from=1,
        grade_to=1,
    )
    # Group 2's English on Saturdays (a six-day week for that slot) in room 7.
    update_assignment(
        session,
        admin,
        small_school.english2_assignment_id,
        teacher_id=small_school.other_teacher_id,
    )
    svc.add_timetable_entry(
        session, admin, small_school.english2_assignment_id, 6, 3, SEP_1, room="7"
    )

    mark = log_mark(session)
    result = svc.generate_lessons(session, admin, date(2026, 11, 16), date(2026, 11, 29))
    # Math Mon+Wed: 16 new, 18 existed, 23 holiday, 25 new. English 1 Wed: 18 existed,
    # 25 new. English 2 Sat: 21, 28 new. Sundays 22 and 29 have nothing.
    assert result == svc.GenerationResult(created=5, skipped_existing=2)
    assert [
        d for d, _ in _lessons(session, small_school.math_assignment_id) if d >= date(2026, 11, 16)
    ] == [date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 25)]
    assert _lessons(session, small_school.english2_assignment_id) == [
        (date(2026, 11, 21), 3),
        (date(2026, 11, 28), 3),
    ]
    rooms = (
        session.execute(
            select(Lesson.room).where(Lesson.assignment_id == small_school.english2_assignment_id)
        )
        .scalars()
        .all()
    )
    assert rooms == ["7", "7"]

    rows = new_log_rows(session, mark)
    assert len(rows) == 5 and {r.table_name for r in rows} == {"lesson"}
    lesson_ids = set(
        session.execute(
            select(Lesson.id).where(
                Lesson.date >= date(2026, 11, 16), Lesson.date != date(2026, 11, 18)
            )
        ).scalars()
    )
    assert {r.record_id for r in rows} == lesson_ids
    assert all(r.operation == "upsert" and r.parent_op is None for r in rows)
    assert all(r.author_id == str(admin.account_id) for r in rows)
    assert_chain_ok(session)

    # Idempotent: a second run creates nothing and logs nothing.
    mark = log_mark(session)
    again = svc.generate_lessons(session, admin, date(2026, 11, 16), date(2026, 11, 29))
    assert again == svc.GenerationResult(created=0, skipped_existing=7)
    assert new_log_rows(session, mark) == []


def test_generated_lessons_log_what_save_would_log(
    session: Session, small_school: SmallSchool
) -> None:
    mark = log_mark(session)
    svc.generate_lessons(session, small_school.admin, date(2026, 11, 16), date(2026, 11, 16))
    [row] = new_log_rows(session, mark)
    lesson = session.get(Lesson, row.record_id)
    assert lesson is not None
    assert row.fields == json.loads(canonical_json(column_values(lesson)))
    assert row.fields["date"] == "2026-11-16" and row.fields["topic"] == ""
    assert row.fields["conducted"] is False and row.fields["substitute_teacher_id"] is None


def test_generate_lessons_stays_in_the_year_and_the_entry_dates(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    first = list_timetable(session, small_school.class_id)[0]  # math, Mondays
    svc.end_timetable_entry(session, admin, first.id, date(2026, 9, 14))
    result = svc.generate_lessons(
        session, admin, date(2026, 8, 1), date(2026, 9, 20), class_ids=[small_school.class_id]
    )
    math = _lessons(session, small_school.math_assignment_id)
    mondays = [d for d, _ in math if d.isoweekday() == 1]
    assert mondays == [date(2026, 9, 7), date(2026, 9, 14)]  # 07.09 existed already
    assert min(d for d, _ in math) >= SEP_1
    assert result.skipped_existing == 1
    # Before the year: nothing at all.
    assert svc.generate_lessons(session, admin, date(2026, 7, 1), date(2026, 8, 31)) == (
        svc.GenerationResult(0, 0)
    )


def test_generate_lessons_for_some_classes_only(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    other = create_class(session, admin, small_school.year_id, 7, "В")
    teacher = add_staff(session, admin, "Орлов", "Пётр")
    physics = create_subject(session, admin, "Физика")
    physics_7 = assign_teaching(
        session, admin, small_school.year_id, other.id, physics.id, teacher.id, 2
    )
    svc.add_timetable_entry(session, admin, physics_7.id, 2, 4, SEP_1)
    result = svc.generate_lessons(
        session, admin, date(2026, 11, 16), date(2026, 11, 22), class_ids=[other.id]
    )
    assert result == svc.GenerationResult(created=1, skipped_existing=0)
    assert _lessons(session, physics_7.id) == [(date(2026, 11, 17), 4)]
    assert _lessons(session, small_school.math_assignment_id)[-1] == (date(2026, 11, 18), 1)
    assert svc.generate_lessons(
        session, admin, date(2026, 11, 16), date(2026, 11, 22), class_ids=[]
    ) == svc.GenerationResult(0, 0)
    with pytest.raises(NotFound, match="Класс не найден"):
        svc.generate_lessons(
            session, admin, date(2026, 11, 16), date(2026, 11, 22), class_ids=[small_school.year_id]
        )
    with unchanged(session), pytest.raises(ValidationError, match="не может быть раньше"):
        svc.generate_lessons(session, admin, date(2026, 11, 22), date(2026, 11, 16))


@contextmanager
def _count_statements(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = session.get_bind()

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_generate_lessons_uses_a_fixed_number_of_queries(
    session: Session, small_school: SmallSchool
) -> None:
    """A bigger school: 8 classes × 25 weekly lessons for a whole year make ~6 500
    lessons, in a handful of statements (no per-lesson or per-class queries). The
    setup uses plain rows: only the generation is under test."""
    admin = small_school.admin
    subjects = [Subject(name=f"Предмет {n}") for n in range(25)]
    session.add_all(subjects)
    class_ids = []
    for index in range(8):
        school_class = SchoolClass(
            year_id=small_school.year_id, grade=6 + index // 4, letter="АБВГ"[index % 4]
        )
        session.add(school_class)
        session.flush()
        class_ids.append(school_class.id)
        for slot, subject in enumerate(subjects):
            # A teacher per (class, slot) keeps the timetable free of clashes.
            teacher = Staff(surname="Учитель", name="Имя")
            session.add(teacher)
            session.flush()
            assignment = TeachingAssignment(
                year_id=small_school.year_id,
                class_id=school_class.id,
                subject_id=subject.id,
                teacher_id=teacher.id,
            )
            session.add(assignment)
            session.flush()
            session.add(
                TimetableEntry(
                    assignment_id=assignment.id,
                    weekday=1 + slot // 5,
                    lesson_number=1 + slot % 5,
                    valid_from=SEP_1,
                )
            )
    add_holiday(
        session,
        admin,
        small_school.year_id,
        "Осенние каникулы",
        date(2026, 10, 26),
        date(2026, 11, 3),
    )
    session.flush()
    lessons_before = session.execute(select(func.count()).select_from(Lesson)).scalar_one()
    log_before = session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()

    with _count_statements(session) as statements:
        result = svc.generate_lessons(session, admin, SEP_1, date(2027, 5, 31), class_ids=class_ids)
    assert result.created > 6000
    assert len(statements) < 60, len(statements)
    lessons_after = session.execute(select(func.count()).select_from(Lesson)).scalar_one()
    log_after = session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
    assert lessons_after - lessons_before == result.created == log_after - log_before
    assert not session.execute(
        select(Lesson.id).where(
            Lesson.date.between(date(2026, 10, 26), date(2026, 11, 3)),
            Lesson.assignment_id.not_in(
                [small_school.math_assignment_id, small_school.english1_assignment_id]
            ),
        )
    ).first()
    assert_chain_ok(session)


# --- permissions ----------------------------------------------------------------------


ADMIN_ONLY: dict[str, Callable[[Session, Actor, SmallSchool], object]] = {
    "add_timetable_entry": lambda s, a, k: svc.add_timetable_entry(
        s, a, k.math_assignment_id, 5, 5, SEP_1
    ),
    "end_timetable_entry": lambda s, a, k: svc.end_timetable_entry(
        s, a, s.execute(select(TimetableEntry.id).limit(1)).scalar_one(), date(2026, 12, 1)
    ),
    "remove_timetable_entry": lambda s, a, k: svc.remove_timetable_entry(
        s, a, s.execute(select(TimetableEntry.id).limit(1)).scalar_one()
    ),
    "generate_lessons": lambda s, a, k: svc.generate_lessons(
        s, a, date(2026, 11, 16), date(2026, 11, 20)
    ),
}


@pytest.mark.parametrize("service", sorted(ADMIN_ONLY))
def test_only_the_administration_changes_the_timetable(
    session: Session, small_school: SmallSchool, service: str
) -> None:
    for role in ("sysadmin", "math_teacher", "student", "parent"):
        actor: Actor = getattr(small_school, role)
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            ADMIN_ONLY[service](session, actor, small_school)
    mark = log_mark(session)
    ADMIN_ONLY[service](session, small_school.admin, small_school)
    assert new_log_rows(session, mark)


def test_generation_by_the_system_actor_has_no_author(
    session: Session, small_school: SmallSchool
) -> None:
    mark = log_mark(session)
    svc.generate_lessons(
        session, small_school.system, date(2026, 11, 16), date(2026, 11, 16) + timedelta(days=6)
    )
    rows = new_log_rows(session, mark)
    assert rows and all(r.author_id is None for r in rows)
