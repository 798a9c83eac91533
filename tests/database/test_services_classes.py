"""services.classes and services.subjects: classes, groups, subjects, assignments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from database.models import (
    GroupMember,
    PlanTopic,
    SchoolClass,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.services import classes as svc
from database.services import subjects
from database.services.people import deactivate_staff
from tests.database.conftest import SmallSchool
from tests.database.test_services_support import (
    assert_chain_ok,
    log_mark,
    new_log_rows,
    unchanged,
)

# --- classes --------------------------------------------------------------------------


def test_create_and_update_class(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = svc.create_class(
        session,
        admin,
        small_school.year_id,
        6,
        " б ",
        class_teacher_id=small_school.other_teacher_id,
        room="21",
    )
    assert (info.grade, info.letter, info.title) == (6, "Б", "6 «Б»")
    [row] = new_log_rows(session, mark)
    assert row.table_name == "school_class" and row.record_id == info.id
    assert row.fields == {
        "year_id": str(small_school.year_id),
        "grade": 6,
        "letter": "Б",
        "class_teacher_id": str(small_school.other_teacher_id),
        "room": "21",
    }

    mark = log_mark(session)
    info = svc.set_class_teacher(session, admin, info.id, None)
    assert info.class_teacher_id is None
    [row] = new_log_rows(session, mark)
    assert row.fields == {"class_teacher_id": None}

    mark = log_mark(session)
    svc.update_class(session, admin, info.id, room="22", letter="Б")
    [row] = new_log_rows(session, mark)
    assert row.fields == {"room": "22"}
    assert session.get(SchoolClass, info.id).room == "22"  # type: ignore[union-attr]


def test_class_refusals(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    year = small_school.year_id
    with unchanged(session), pytest.raises(ConflictError, match=r"5 «А» в 2026/2027 .* уже есть"):
        svc.create_class(session, admin, year, 5, "а")
    with unchanged(session), pytest.raises(ValidationError, match="от 1 до 11"):
        svc.create_class(session, admin, year, 12, "А")
    with unchanged(session), pytest.raises(ValidationError, match="английская раскладка"):
        svc.create_class(session, admin, year, 7, "A")
    with unchanged(session), pytest.raises(NotFound, match="Учебный год не найден"):
        svc.create_class(session, admin, small_school.class_id, 7, "А")
    other = svc.create_class(session, admin, year, 5, "Б")
    with unchanged(session), pytest.raises(ConflictError, match="уже есть"):
        svc.update_class(session, admin, other.id, letter="А")
    deactivate_staff(session, admin, small_school.other_teacher_id)
    with unchanged(session), pytest.raises(ValidationError, match="больше не работает"):
        svc.set_class_teacher(session, admin, other.id, small_school.other_teacher_id)


# --- groups ---------------------------------------------------------------------------


def test_groups_and_members(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    group = svc.create_group(session, admin, small_school.class_id, "Информатика, 1 гр.")
    [row] = new_log_rows(session, mark)
    assert row.fields == {"class_id": str(small_school.class_id), "name": "Информатика, 1 гр."}
    with unchanged(session), pytest.raises(ConflictError, match="уже есть группа"):
        svc.create_group(session, admin, small_school.class_id, "информатика, 1 гр.")
    assert svc.rename_group(session, admin, group.id, "Информатика-1").name == "Информатика-1"

    pupil = small_school.student_ids[0]
    mark = log_mark(session)
    member = svc.add_group_member(session, admin, group.id, pupil, date(2026, 11, 16))
    [row] = new_log_rows(session, mark)
    assert row.table_name == "group_member" and row.record_id == member.id
    assert row.fields == {
        "group_id": str(group.id),
        "student_id": str(pupil),
        "start_date": "2026-11-16",
        "end_date": None,
    }
    with unchanged(session), pytest.raises(ConflictError, match="уже в группе"):
        svc.add_group_member(session, admin, group.id, pupil, date(2026, 12, 1))

    mark = log_mark(session)
    ended = svc.remove_group_member(session, admin, group.id, pupil, date(2026, 12, 25))
    assert ended.end_date == date(2026, 12, 25)
    [row] = new_log_rows(session, mark)
    assert row.fields == {"end_date": "2026-12-25"}
    with unchanged(session), pytest.raises(NotFound, match="не состоит в этой группе"):
        svc.remove_group_member(session, admin, group.id, pupil, date(2026, 12, 26))
    assert_chain_ok(session)


def test_group_member_must_be_enrolled_in_the_class(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    gone = small_school.student_ids[-1]  # left on 10.11.2026
    with unchanged(session), pytest.raises(ValidationError, match="не числится в 5 «А»"):
        svc.add_group_member(session, admin, small_school.group1_id, gone, date(2026, 11, 16))
    with unchanged(session), pytest.raises(ValidationError, match="не может быть раньше"):
        svc.remove_group_member(
            session, admin, small_school.group1_id, small_school.student_ids[0], date(2026, 8, 1)
        )
    # Before leaving it was fine (the old membership had no end: close it first).
    session.execute(select(GroupMember)).scalars()  # nothing pending
    svc.remove_group_member(session, admin, small_school.group1_id, gone, date(2026, 11, 10))


# --- subjects -------------------------------------------------------------------------


def test_create_and_update_subject(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = subjects.create_subject(session, admin, "Физика", short_name="Физ.", sort_order=7)
    [row] = new_log_rows(session, mark)
    assert row.fields == {
        "name": "Физика",
        "short_name": "Физ.",
        "assessment": "marked",
        "sort_order": 7,
    }
    with unchanged(session), pytest.raises(ConflictError, match="«физика» уже есть"):
        subjects.create_subject(session, admin, "физика")
    with unchanged(session), pytest.raises(ValidationError, match="«Оценивание»"):
        subjects.create_subject(session, admin, "Химия", assessment="stars")
    with unchanged(session), pytest.raises(ConflictError, match="уже есть"):
        subjects.update_subject(session, admin, info.id, name="Математика")
    mark = log_mark(session)
    subjects.update_subject(session, admin, info.id, assessment="none")
    [row] = new_log_rows(session, mark)
    assert row.fields == {"assessment": "none"}
    assert session.get(Subject, info.id).assessment == "none"  # type: ignore[union-attr]


# --- assignments ----------------------------------------------------------------------


def test_assign_update_and_remove(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    physics = subjects.create_subject(session, admin, "Физика")
    mark = log_mark(session)
    info = subjects.assign_teaching(
        session,
        admin,
        small_school.year_id,
        small_school.class_id,
        physics.id,
        small_school.other_teacher_id,
        2,
    )
    assert info.hours_per_week == 2.0 and info.group_id is None
    [row] = new_log_rows(session, mark)
    assert row.table_name == "teaching_assignment" and row.record_id == info.id
    assert row.fields["teacher_id"] == str(small_school.other_teacher_id)

    mark = log_mark(session)
    info = subjects.update_assignment(
        session, admin, info.id, teacher_id=small_school.math_teacher_id, reason="замена"
    )
    [row] = new_log_rows(session, mark)
    assert row.fields == {"teacher_id": str(small_school.math_teacher_id)}
    assert row.reason == "замена"

    # Removing takes its timetable entries and plan with it.
    session.add(
        TimetableEntry(
            assignment_id=info.id, weekday=5, lesson_number=3, valid_from=date(2026, 9, 1)
        )
    )
    session.add(PlanTopic(assignment_id=info.id, position=1, topic="Введение"))
    session.flush()
    mark = log_mark(session)
    subjects.remove_assignment(session, admin, info.id)
    rows = new_log_rows(session, mark)
    assert [(r.table_name, r.operation) for r in rows] == [
        ("timetable_entry", "delete"),
        ("plan_topic", "delete"),
        ("teaching_assignment", "delete"),
    ]
    assert session.get(TeachingAssignment, info.id) is None


def test_assignment_with_lessons_cannot_be_removed(
    session: Session, small_school: SmallSchool
) -> None:
    with unchanged(session), pytest.raises(ConflictError, match="уже есть уроки \\(2\\)"):
        subjects.remove_assignment(session, small_school.admin, small_school.math_assignment_id)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"hours_per_week": 0}, ValidationError, "от 0,5 до 10"),
        ({"hours_per_week": 11}, ValidationError, "от 0,5 до 10"),
        ({"subject": "math"}, ConflictError, "«Математика» этому классу уже назначен"),
        ({"subject": "english", "group": "group1"}, ConflictError, "этой группе уже назначен"),
        ({"group": "foreign"}, ValidationError, "относится к другому классу"),
        ({"teacher": "gone"}, ValidationError, "больше не работает"),
        ({"year": "other"}, ValidationError, "к другому учебному году"),
    ],
)
def test_assign_teaching_refusals(
    session: Session,
    small_school: SmallSchool,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    from database.services.school import create_academic_year

    admin = small_school.admin
    other_year = create_academic_year(session, admin, date(2027, 9, 1), date(2028, 5, 31))
    other_class = svc.create_class(session, admin, small_school.year_id, 5, "Б")
    foreign_group = svc.create_group(session, admin, other_class.id, "Группа Б")
    gone = subjects.create_subject(session, admin, "Черчение")
    from database.services.people import add_staff

    retired = add_staff(session, admin, "Орлов", "Пётр")
    deactivate_staff(session, admin, retired.id)
    session.commit()

    subject = {"math": small_school.math_id, "english": small_school.english_id}.get(
        str(kwargs.get("subject")), gone.id
    )
    group = {"group1": small_school.group1_id, "foreign": foreign_group.id}.get(
        str(kwargs.get("group"))
    )
    teacher = retired.id if kwargs.get("teacher") == "gone" else small_school.other_teacher_id
    year = other_year.id if kwargs.get("year") == "other" else small_school.year_id
    hours = kwargs.get("hours_per_week", 1)
    with unchanged(session), pytest.raises(error, match=message):
        subjects.assign_teaching(
            session, admin, year, small_school.class_id, subject, teacher, hours, group_id=group
        )


# --- permissions ----------------------------------------------------------------------


ADMIN_ONLY: dict[str, Callable[[Session, Actor, SmallSchool], object]] = {
    "create_class": lambda s, a, k: svc.create_class(s, a, k.year_id, 6, "А"),
    "update_class": lambda s, a, k: svc.update_class(s, a, k.class_id, room="1"),
    "set_class_teacher": lambda s, a, k: svc.set_class_teacher(s, a, k.class_id, None),
    "create_group": lambda s, a, k: svc.create_group(s, a, k.class_id, "Группа"),
    "rename_group": lambda s, a, k: svc.rename_group(s, a, k.group1_id, "Группа"),
    "add_group_member": lambda s, a, k: svc.add_group_member(
        s, a, k.group2_id, k.student_ids[0], date(2026, 12, 1)
    ),
    "remove_group_member": lambda s, a, k: svc.remove_group_member(
        s, a, k.group1_id, k.student_ids[0], date(2026, 12, 1)
    ),
    "create_subject": lambda s, a, k: subjects.create_subject(s, a, "Физика"),
    "update_subject": lambda s, a, k: subjects.update_subject(s, a, k.math_id, sort_order=3),
    "assign_teaching": lambda s, a, k: subjects.assign_teaching(
        s, a, k.year_id, k.class_id, k.pe_pass_fail_id, k.math_teacher_id, 1, group_id=k.group1_id
    ),
    "update_assignment": lambda s, a, k: subjects.update_assignment(
        s, a, k.math_assignment_id, hours_per_week=4
    ),
    "remove_assignment": lambda s, a, k: subjects.remove_assignment(s, a, k.english2_assignment_id),
}


@pytest.mark.parametrize("service", sorted(ADMIN_ONLY))
def test_only_the_administration_changes_classes_and_subjects(
    session: Session, small_school: SmallSchool, service: str
) -> None:
    for role in ("sysadmin", "math_teacher", "student", "parent"):
        actor: Actor = getattr(small_school, role)
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            ADMIN_ONLY[service](session, actor, small_school)


@pytest.mark.parametrize("service", sorted(ADMIN_ONLY))
def test_the_administration_may(session: Session, small_school: SmallSchool, service: str) -> None:
    mark = log_mark(session)
    ADMIN_ONLY[service](session, small_school.admin, small_school)
    assert new_log_rows(session, mark)
    assert_chain_ok(session)
