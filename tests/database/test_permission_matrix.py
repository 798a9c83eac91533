"""The permission matrix: every role × every write service, allowed or refused.

Each (service, role) pair runs on a fresh copy of one small school, so every call
sees the same facts. An allowed call must succeed and write change-log rows; a
refused one must raise ``PermissionDenied`` and change nothing.

Roles: ``admin``; ``sysadmin``; ``teacher`` — the math teacher, who teaches the
target journal (lessons, marks, plan of 5 «А» mathematics) and is class teacher of
5 «А»; ``other_teacher`` — teaches nothing there, and owns the account used as the
target of account services; ``student``; ``parent`` (with consent).
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import save
from database.engine import make_engine
from database.errors import PermissionDenied
from database.models import Account, ChangeLog, Consent, TimetableEntry
from database.services import (
    accounts,
    calendar_setup,
    classes,
    devices,
    lessons,
    marks,
    people,
    period_marks,
    plans,
    school,
    subjects,
    timetable,
    year_rollover,
)
from tests.database.conftest import DB_FILE, SmallSchool, database_template

ROLES = ("admin", "sysadmin", "teacher", "other_teacher", "student", "parent")
ADMIN = frozenset({"admin"})
ACCOUNTS = frozenset({"admin", "sysadmin"})
JOURNAL = frozenset({"admin", "teacher"})

Call = Callable[[Session, SmallSchool, Actor], Any]


@dataclass(frozen=True)
class Case:
    name: str
    call: Call
    allowed: frozenset[str]


def actor_for(k: SmallSchool, role: str) -> Actor:
    return {
        "admin": k.admin,
        "sysadmin": k.sysadmin,
        "teacher": k.math_teacher,
        "other_teacher": k.other_teacher,
        "student": k.student,
        "parent": k.parent,
    }[role]


# --- setup helpers: facts some services need, written by the system actor --------------


def new_staff(s: Session, k: SmallSchool) -> uuid.UUID:
    return people.add_staff(s, k.system, "Орлова", "Вера", "Павловна", gender="f",
                            position="учитель физики").id


def new_student(s: Session, k: SmallSchool) -> uuid.UUID:
    return people.add_student(s, k.system, "Егоров", "Егор", "Егорович", gender="m",
                              birth_date=date(2015, 1, 1)).id


def new_class(s: Session, k: SmallSchool) -> uuid.UUID:
    return classes.create_class(s, k.system, k.year_id, 5, "Б").id


def new_device(s: Session, k: SmallSchool) -> uuid.UUID:
    return devices.register_device(s, k.system, "Кабинет 21", "classroom").id


def consent_of(s: Session, guardian_id: uuid.UUID) -> uuid.UUID:
    return s.execute(select(Consent.id).where(Consent.guardian_id == guardian_id)).scalar_one()


def first_entry(s: Session, k: SmallSchool) -> uuid.UUID:
    return s.execute(
        select(TimetableEntry.id).where(TimetableEntry.assignment_id == k.math_assignment_id)
    ).scalars().first()  # type: ignore[return-value]


def other_account(k: SmallSchool) -> uuid.UUID:
    assert k.other_teacher.account_id is not None
    return k.other_teacher.account_id


def disabled_other(s: Session, k: SmallSchool) -> uuid.UUID:
    accounts.disable_account(s, k.system, other_account(k))
    return other_account(k)


def not_activated(s: Session, k: SmallSchool) -> uuid.UUID:
    """The other teacher's account as freshly issued (status "created")."""
    account = s.get(Account, other_account(k))
    assert account is not None
    account.status = "created"
    save(s, k.system, account)
    return account.id


def marked_cell(s: Session, k: SmallSchool) -> None:
    marks.set_cell(s, k.system, k.math_lesson_today_id, k.student_ids[0], attendance=None,
                   marks=["4"])


CASES: list[Case] = [
    # school, calendar
    Case("update_school", lambda s, k, a: school.update_school(
        s, a, full_name="МБОУ СОШ № 17", short_name="СОШ № 17", director_name="Волкова Н. С."),
        ADMIN),
    Case("set_setting", lambda s, k, a: school.set_setting(s, a, "correction_window_days", 10),
         ADMIN),
    Case("set_settings", lambda s, k, a: school.set_settings(
        s, a, {"unmarked_grades": [1, 2], "second_bells": {
            "weekdays": [6], "bells": [[1, "08:30", "09:10"]]}}), ADMIN),
    Case("create_academic_year", lambda s, k, a: school.create_academic_year(
        s, a, date(2027, 9, 1), date(2028, 5, 31)), ADMIN),
    Case("update_academic_year", lambda s, k, a: school.update_academic_year(
        s, a, k.year_id, date(2026, 9, 1), date(2027, 6, 30)), ADMIN),
    Case("set_current_year", lambda s, k, a: school.set_current_year(
        s, a, school.create_academic_year(s, k.system, date(2027, 9, 1), date(2028, 5, 31)).id),
        ADMIN),
    Case("add_study_period", lambda s, k, a: school.add_study_period(
        s, a, k.year_id, "quarter", 3, 1, 9, date(2027, 1, 12), date(2027, 3, 20)), ADMIN),
    Case("update_study_period", lambda s, k, a: school.update_study_period(
        s, a, k.q2_id, name="2-я четверть"), ADMIN),
    Case("remove_study_period", lambda s, k, a: school.remove_study_period(s, a, k.q2_id),
         ADMIN),
    Case("apply_period_preset", lambda s, k, a: (
        school.reopen_period(s, k.system, k.q1_id),
        calendar_setup.apply_period_preset(s, a, k.year_id, "trimesters")), ADMIN),
    Case("add_preset_holidays", lambda s, k, a: calendar_setup.add_preset_holidays(
        s, a, k.year_id, "quarters_halves"), ADMIN),
    Case("close_period", lambda s, k, a: school.close_period(s, a, k.q2_id), ADMIN),
    Case("run_rollover", lambda s, k, a: (
        school.close_period(s, k.system, k.q2_id),
        year_rollover.run_rollover(s, a, k.year_id, order="Приказ № 45")), ADMIN),
    Case("reopen_period", lambda s, k, a: school.reopen_period(
        s, a, k.q1_id, reason="исправление ошибки"), ADMIN),
    Case("add_holiday", lambda s, k, a: school.add_holiday(
        s, a, k.year_id, "Зимние каникулы", date(2026, 12, 29), date(2027, 1, 11)), ADMIN),
    Case("update_holiday", lambda s, k, a: school.update_holiday(
        s, a, school.add_holiday(s, k.system, k.year_id, "Каникулы", date(2026, 12, 29),
                                 date(2027, 1, 11)).id, name="Зимние каникулы"), ADMIN),
    Case("remove_holiday", lambda s, k, a: school.remove_holiday(
        s, a, school.add_holiday(s, k.system, k.year_id, "Каникулы", date(2026, 12, 29),
                                 date(2027, 1, 11)).id), ADMIN),
    Case("set_bell", lambda s, k, a: school.set_bell(
        s, a, k.year_id, 4, time(11, 25), time(12, 10)), ADMIN),
    Case("remove_bell", lambda s, k, a: school.remove_bell(s, a, k.year_id, 3), ADMIN),
    # subjects and assignments
    Case("create_subject", lambda s, k, a: subjects.create_subject(s, a, "Физика"), ADMIN),
    Case("update_subject", lambda s, k, a: subjects.update_subject(
        s, a, k.math_id, short_name="Мат."), ADMIN),
    Case("assign_teaching", lambda s, k, a: subjects.assign_teaching(
        s, a, k.year_id, k.class_id, subjects.create_subject(s, k.system, "Физика").id,
        k.other_teacher_id, 2), ADMIN),
    Case("update_assignment", lambda s, k, a: subjects.update_assignment(
        s, a, k.math_assignment_id, hours_per_week=4), ADMIN),
    Case("remove_assignment", lambda s, k, a: subjects.remove_assignment(
        s, a, k.english2_assignment_id), ADMIN),
    # classes and groups
    Case("create_class", lambda s, k, a: classes.create_class(s, a, k.year_id, 6, "Б"), ADMIN),
    Case("update_class", lambda s, k, a: classes.update_class(s, a, k.class_id, room="21"),
         ADMIN),
    Case("set_class_teacher", lambda s, k, a: classes.set_class_teacher(
        s, a, k.class_id, k.other_teacher_id), ADMIN),
    Case("create_group", lambda s, k, a: classes.create_group(
        s, a, k.class_id, "Информатика, 1 гр."), ADMIN),
    Case("rename_group", lambda s, k, a: classes.rename_group(
        s, a, k.group1_id, "Англ. 1 гр."), ADMIN),
    Case("add_group_member", lambda s, k, a: classes.add_group_member(
        s, a, k.group2_id, k.student_ids[0], date(2026, 11, 20)), ADMIN),
    Case("remove_group_member", lambda s, k, a: classes.remove_group_member(
        s, a, k.group1_id, k.student_ids[0], date(2026, 11, 20)), ADMIN),
    # people
    Case("add_staff", lambda s, k, a: people.add_staff(s, a, "Орлова", "Вера", "Павловна"),
         ADMIN),
    Case("update_staff", lambda s, k, a: people.update_staff(
        s, a, k.other_teacher_id, position="учитель истории и обществознания"), ADMIN),
    Case("deactivate_staff", lambda s, k, a: people.deactivate_staff(
        s, a, new_staff(s, k)), ADMIN),
    Case("reactivate_staff", lambda s, k, a: people.reactivate_staff(
        s, a, people.deactivate_staff(s, k.system, new_staff(s, k)).id), ADMIN),
    Case("add_student", lambda s, k, a: people.add_student(
        s, a, "Егоров", "Егор", "Егорович", gender="m", birth_date=date(2015, 1, 1)), ADMIN),
    Case("update_student", lambda s, k, a: people.update_student(
        s, a, k.student_ids[0], address="ул. Ленина, 1"), ADMIN),
    Case("enrol_student", lambda s, k, a: people.enrol_student(
        s, a, new_student(s, k), k.class_id, date(2026, 11, 19), "Приказ № 80 от 19.11.2026"),
        ADMIN),
    Case("leave_student", lambda s, k, a: people.leave_student(
        s, a, student_id=k.student_ids[0], end_date=date(2026, 11, 19),
        order="Приказ № 81-у от 19.11.2026"), ADMIN),
    Case("transfer_student", lambda s, k, a: people.transfer_student(
        s, a, k.student_ids[0], new_class(s, k), date(2026, 11, 19),
        "Приказ № 82 от 19.11.2026"), ADMIN),
    Case("add_guardian", lambda s, k, a: people.add_guardian(s, a, "Егорова", "Ольга",
                                                             "Ивановна"), ADMIN),
    Case("update_guardian", lambda s, k, a: people.update_guardian(
        s, a, k.guardian_with_consent_id, phone="+7 900 000-00-00"), ADMIN),
    Case("link_guardian", lambda s, k, a: people.link_guardian(
        s, a, k.student_ids[2], k.guardian_with_consent_id, "мать"), ADMIN),
    Case("unlink_guardian", lambda s, k, a: people.unlink_guardian(
        s, a, k.student_ids[0], k.guardian_with_consent_id), ADMIN),
    Case("register_consent", lambda s, k, a: people.register_consent(
        s, a, k.guardian_without_consent_id, "personal_data", date(2026, 11, 18),
        "Заявление № 5 от 18.11.2026"), JOURNAL),  # the class teacher of the child
    Case("withdraw_consent", lambda s, k, a: people.withdraw_consent(
        s, a, consent_of(s, k.guardian_with_consent_id), date(2026, 11, 18)), JOURNAL),
    # accounts and devices
    Case("create_account", lambda s, k, a: accounts.create_account(
        s, a, "orlova.vp", "teacher", staff_id=new_staff(s, k)), ACCOUNTS),
    Case("disable_account", lambda s, k, a: accounts.disable_account(
        s, a, other_account(k)), ACCOUNTS),
    Case("enable_account", lambda s, k, a: accounts.enable_account(
        s, a, disabled_other(s, k)), ACCOUNTS),
    Case("set_role", lambda s, k, a: accounts.set_role(s, a, other_account(k), "sysadmin"),
         ACCOUNTS),
    Case("require_password_change", lambda s, k, a: accounts.require_password_change(
        s, a, other_account(k)), ACCOUNTS),
    # Activation and login events: the administration, or the account itself.
    Case("mark_activated", lambda s, k, a: accounts.mark_activated(s, a, not_activated(s, k)),
         frozenset({"admin", "other_teacher"})),
    Case("record_login", lambda s, k, a: accounts.record_login(
        s, a, other_account(k), success=True), frozenset({"admin", "other_teacher"})),
    Case("register_device", lambda s, k, a: devices.register_device(
        s, a, "Кабинет 21", "classroom"), ACCOUNTS),
    Case("rename_device", lambda s, k, a: devices.rename_device(
        s, a, new_device(s, k), "Учительская"), ACCOUNTS),
    Case("set_device_kind", lambda s, k, a: devices.set_device_kind(
        s, a, new_device(s, k), "admin"), ACCOUNTS),
    # timetable
    Case("add_timetable_entry", lambda s, k, a: timetable.add_timetable_entry(
        s, a, k.math_assignment_id, 2, 3, date(2026, 11, 20)), ADMIN),
    Case("end_timetable_entry", lambda s, k, a: timetable.end_timetable_entry(
        s, a, first_entry(s, k), date(2026, 12, 31)), ADMIN),
    Case("remove_timetable_entry", lambda s, k, a: timetable.remove_timetable_entry(
        s, a, first_entry(s, k)), ADMIN),
    Case("generate_lessons", lambda s, k, a: timetable.generate_lessons(
        s, a, date(2026, 11, 23), date(2026, 11, 29)), ADMIN),
    # the calendar-thematic plan: the administration or the assignment's teacher
    Case("set_plan", lambda s, k, a: plans.set_plan(
        s, a, k.math_assignment_id, [plans.PlanTopicInput("Натуральные числа")]), JOURNAL),
    Case("add_plan_topic", lambda s, k, a: plans.add_plan_topic(
        s, a, k.math_assignment_id, "Обыкновенные дроби"), JOURNAL),
    # lessons
    Case("update_lesson", lambda s, k, a: lessons.update_lesson(
        s, a, k.math_lesson_today_id, topic="Сложение дробей", homework="§ 12, № 3"), JOURNAL),
    Case("set_substitution", lambda s, k, a: lessons.set_substitution(
        s, a, k.math_lesson_today_id, k.other_teacher_id, "болезнь учителя"), JOURNAL),
    Case("add_lesson", lambda s, k, a: lessons.add_lesson(
        s, a, k.math_assignment_id, date(2026, 11, 19), 2), JOURNAL),
    Case("move_lesson", lambda s, k, a: lessons.move_lesson(
        s, a, k.math_lesson_today_id, date(2026, 11, 19), 2), JOURNAL),
    Case("cancel_lesson", lambda s, k, a: lessons.cancel_lesson(
        s, a, k.math_lesson_today_id, "карантин"), JOURNAL),
    Case("restore_lesson", lambda s, k, a: lessons.restore_lesson(
        s, a, lessons.cancel_lesson(s, k.system, k.math_lesson_today_id, "карантин").id),
        JOURNAL),
    # marks and attendance
    Case("set_cell", lambda s, k, a: marks.set_cell(
        s, a, k.math_lesson_today_id, k.student_ids[0], attendance="оп", marks=["5"]), JOURNAL),
    Case("set_cells", lambda s, k, a: marks.set_cells(s, a, [
        marks.CellEntry(k.math_lesson_today_id, sid, "н") for sid in k.student_ids[:3]]),
        JOURNAL),
    Case("set_mark", lambda s, k, a: marks.set_mark(
        s, a, k.math_lesson_today_id, k.student_ids[0], "5"), JOURNAL),
    Case("set_attendance", lambda s, k, a: marks.set_attendance(
        s, a, k.math_lesson_today_id, k.student_ids[0], "б"), JOURNAL),
    Case("set_mark_comment", lambda s, k, a: (
        marked_cell(s, k),
        marks.set_mark_comment(s, a, k.math_lesson_today_id, k.student_ids[0], "Молодец!")),
        JOURNAL),
    Case("clear_cell", lambda s, k, a: (
        marked_cell(s, k), marks.clear_cell(s, a, k.math_lesson_today_id, k.student_ids[0])),
        JOURNAL),
    # period marks
    Case("set_period_mark", lambda s, k, a: period_marks.set_period_mark(
        s, a, k.student_ids[0], k.math_id, k.year_id, "period", k.q2_id, "5"), JOURNAL),
    Case("clear_period_mark", lambda s, k, a: (
        period_marks.set_period_mark(s, k.system, k.student_ids[0], k.math_id, k.year_id,
                                     "period", k.q2_id, "4"),
        period_marks.clear_period_mark(s, a, k.student_ids[0], k.math_id, k.year_id, "period",
                                       k.q2_id)), JOURNAL),
]


# --- one template database, cloned for every call -------------------------------------------


@pytest.fixture
def template(
    tmp_path_factory: pytest.TempPathFactory, device_id: uuid.UUID
) -> tuple[Path, SmallSchool]:
    """The run's small-school template database (tests/database/conftest.py)."""
    folder, built = database_template(tmp_path_factory, device_id, small=True)
    assert built.small_school is not None
    return folder / DB_FILE, built.small_school


@pytest.fixture
def fresh_session(
    tmp_path_factory: pytest.TempPathFactory, device_id: uuid.UUID, tmp_path: Path
) -> Iterator[Callable[[], Session]]:
    """``fresh_session()`` → a session on a new copy of the template, opened with the
    production engine (as every database test is)."""
    folder, built = database_template(tmp_path_factory, device_id, small=True)
    opened: list[tuple[Session, Engine]] = []

    def open_copy() -> Session:
        copy = tmp_path / f"copy-{len(opened)}.db"
        shutil.copyfile(folder / DB_FILE, copy)
        engine = make_engine(copy, built.data_key)
        session = Session(engine, expire_on_commit=False)
        opened.append((session, engine))
        return session

    yield open_copy
    for session, engine in opened:
        session.close()
        engine.dispose()


def _log_rows(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(ChangeLog)).scalar_one())


def test_every_role_is_covered_for_every_case() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert case.allowed <= set(ROLES), case.name


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_write_service_permissions(
    case: Case, template: tuple[Path, SmallSchool], fresh_session: Callable[[], Session]
) -> None:
    _, k = template
    for role in ROLES:
        session = fresh_session()
        actor = actor_for(k, role)
        before = _log_rows(session)
        if role in case.allowed:
            case.call(session, k, actor)
            session.flush()
            assert _log_rows(session) > before, f"{case.name} by {role} wrote no change log"
        else:
            with pytest.raises(PermissionDenied) as refused:
                case.call(session, k, actor)
            assert re.search("[а-яё]", refused.value.message), "message must be Russian"
            session.rollback()
            assert _log_rows(session) == before


def test_a_substitute_may_edit_only_the_lesson_it_substitutes(
    template: tuple[Path, SmallSchool], fresh_session: Callable[[], Session]
) -> None:
    """The matrix's conditional rule: a substitution grants that one lesson, not the
    journal (no other lesson, no period marks)."""
    _, k = template
    session = fresh_session()
    lessons.set_substitution(session, k.admin, k.math_lesson_today_id, k.other_teacher_id,
                             "болезнь учителя")
    marks.set_cell(session, k.other_teacher, k.math_lesson_today_id, k.student_ids[0],
                   attendance="н")
    with pytest.raises(PermissionDenied):
        marks.set_cell(session, k.other_teacher, k.english1_lesson_today_id, k.student_ids[0],
                       attendance="н")
    with pytest.raises(PermissionDenied):
        period_marks.set_period_mark(session, k.other_teacher, k.student_ids[0], k.math_id,
                                     k.year_id, "period", k.q2_id, "5")
