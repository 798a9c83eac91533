"""services.school: the school, settings, years, periods, holidays, bells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from database.models import AcademicYear, Bell, Holiday, School, Setting, StudyPeriod
from database.queries.academic_years import list_academic_years, list_bells, list_holidays
from database.queries.school_card import get_school
from database.services import school as svc
from database.settings import load_settings
from tests.database.conftest import NOW, SmallSchool
from tests.database.test_services_support import (
    assert_chain_ok,
    assert_logged_by,
    log_mark,
    new_log_rows,
    unchanged,
)

# --- the school -----------------------------------------------------------------------


def test_update_school_creates_then_changes_only_given_fields(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = svc.update_school(
        session,
        admin,
        full_name="Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 17»",
        short_name="МБОУ СОШ № 17",
        director_name="Волкова Наталья Сергеевна",
    )
    assert info.short_name == "МБОУ СОШ № 17" and info.address == ""
    [created] = new_log_rows(session, mark)
    assert created.table_name == "school" and created.record_id == info.id
    assert set(created.fields) == {"full_name", "short_name", "director_name", "address"}
    assert_logged_by([created], admin)

    mark = log_mark(session)
    info = svc.update_school(session, admin, address="  г. Энск,   ул. Школьная, 1 ")
    assert info.address == "г. Энск, ул. Школьная, 1"
    [changed] = new_log_rows(session, mark)
    assert changed.fields == {"address": "г. Энск, ул. Школьная, 1"}
    assert changed.parent_op is not None
    assert session.execute(select(School)).scalars().all()[0].address == info.address
    assert get_school(session) == info

    # Nothing new: nothing logged.
    mark = log_mark(session)
    svc.update_school(session, admin, short_name="МБОУ СОШ № 17")
    assert new_log_rows(session, mark) == []
    assert_chain_ok(session)


def test_first_update_school_needs_the_names(session: Session, small_school: SmallSchool) -> None:
    with unchanged(session), pytest.raises(ValidationError, match="Полное наименование"):
        svc.update_school(session, small_school.admin, short_name="СОШ № 17")
    with unchanged(session), pytest.raises(ValidationError, match="«Директор» не может быть"):
        svc.update_school(
            session, small_school.admin, full_name="Школа", short_name="Ш", director_name="  "
        )


# --- settings -------------------------------------------------------------------------


def test_set_setting_updates_the_row_and_the_typed_settings(
    session: Session, small_school: SmallSchool
) -> None:
    mark = log_mark(session)
    info = svc.set_setting(session, small_school.admin, "rounding_threshold", 0.7)
    assert info == svc.SettingInfo("rounding_threshold", 0.7)
    assert load_settings(session).rounding_threshold == 0.7
    [row] = new_log_rows(session, mark)
    assert row.table_name == "setting" and row.fields == {"value": 0.7}
    row_id = session.execute(select(Setting.id).where(Setting.key == "rounding_threshold"))
    assert row.record_id == row_id.scalar_one()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("rounding_threshold", 0.95, "от 0,5 до 0,9"),
        ("rounding_threshold", 0.4, "от 0,5 до 0,9"),
        ("rounding_threshold", "0.6", "должно быть числом"),
        ("no_such_setting", 1, "Неизвестная настройка «no_such_setting»"),
        ("attendance_codes", {}, "нужен хотя бы один"),
        ("attendance_codes", {"н": ""}, "расшифровка» не может быть пустым"),
        ("attendance_codes", {"нннnn": "слишком длинный"}, "не более 4 символов"),
        ("mark_values", [], "хотя бы одна"),
        ("mark_values", ["5", "5"], "не должны повторяться"),
        ("work_types", {"Диктант": 2.0}, "Вид работы по умолчанию («Работа на уроке»)"),
        ("work_types", {"Работа на уроке": 0}, "от 0,1 до 10"),
        ("default_work_type", "Танец", "не найден в списке видов работ"),
        ("lockout_attempts", 1, "от 3 до 20"),
        ("lockout_attempts", True, "целым числом"),
        ("idle_lock_minutes", {"classroom": 10}, "classroom"),
        ("remember_me_allowed", {"classroom": 1, "admin": True}, "«да» или «нет»"),
        ("journal_file_index", "0" * 31, "не длиннее 30 знаков"),
        ("journal_file_index", 15, "ожидается текст"),
    ],
)
def test_set_setting_refuses_bad_values(
    session: Session, small_school: SmallSchool, key: str, value: Any, message: str
) -> None:
    with unchanged(session), pytest.raises(ValidationError) as caught:
        svc.set_setting(session, small_school.admin, key, value)
    assert message in caught.value.message


def test_set_setting_creates_a_missing_row_and_checks_keys_against_each_other(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    session.delete(session.execute(select(Setting).where(Setting.key == "work_types")).scalar_one())
    session.flush()
    svc.set_setting(session, admin, "work_types", {"Работа на уроке": 1, "Диктант": 2})
    assert load_settings(session).work_types == {"Работа на уроке": 1.0, "Диктант": 2.0}
    svc.set_setting(session, admin, "default_work_type", "Диктант")
    assert load_settings(session).default_work_type == "Диктант"
    svc.set_setting(session, admin, "attendance_codes", {"Н": "отсутствовал", "оп": "опоздал"})
    assert load_settings(session).attendance_codes == {"н": "отсутствовал", "оп": "опоздал"}
    svc.set_setting(session, admin, "idle_lock_minutes", {"classroom": 5, "admin": 20})
    assert load_settings(session).idle_lock_minutes == {"classroom": 5, "admin": 20}


# --- academic years -------------------------------------------------------------------


def test_create_academic_year_and_make_it_current(
    session: Session, small_school: SmallSchool
) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = svc.create_academic_year(session, admin, date(2027, 9, 1), date(2028, 5, 31))
    assert info.name == "2027/2028" and not info.is_current
    [row] = new_log_rows(session, mark)
    assert row.table_name == "academic_year"
    assert row.fields == {
        "name": "2027/2028",
        "start_date": "2027-09-01",
        "end_date": "2028-05-31",
        "is_current": False,
    }

    mark = log_mark(session)
    current = svc.set_current_year(session, admin, info.id)
    assert current.is_current
    rows = new_log_rows(session, mark)
    assert {(r.record_id, r.fields["is_current"]) for r in rows} == {
        (small_school.year_id, False),
        (info.id, True),
    }
    assert session.get(AcademicYear, small_school.year_id).is_current is False  # type: ignore[union-attr]
    assert [y.name for y in list_academic_years(session)] == ["2026/2027", "2027/2028"]


def test_create_academic_year_refusals(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    with unchanged(session), pytest.raises(ConflictError, match="пересекаются с учебным годом"):
        svc.create_academic_year(
            session, admin, date(2027, 5, 1), date(2028, 4, 30), name="2027/2028"
        )
    with unchanged(session), pytest.raises(ConflictError, match="2026/2027 уже есть"):
        svc.create_academic_year(
            session, admin, date(2030, 9, 1), date(2031, 5, 31), name="2026/2027"
        )
    with unchanged(session), pytest.raises(ValidationError, match="не может быть раньше"):
        svc.create_academic_year(session, admin, date(2028, 9, 1), date(2028, 5, 31))
    with unchanged(session), pytest.raises(ValidationError, match="«2026/2027»"):
        svc.create_academic_year(
            session, admin, date(2028, 9, 1), date(2029, 5, 31), name="2028-2029"
        )


# --- study periods --------------------------------------------------------------------


def test_add_study_period(session: Session, small_school: SmallSchool) -> None:
    mark = log_mark(session)
    info = svc.add_study_period(
        session,
        small_school.admin,
        small_school.year_id,
        "quarter",
        3,
        1,
        9,
        date(2027, 1, 11),
        date(2027, 3, 20),
    )
    assert info.name == "III четверть" and not info.closed
    [row] = new_log_rows(session, mark)
    assert row.table_name == "study_period" and row.record_id == info.id
    assert row.fields["kind"] == "quarter" and row.fields["closed"] is False
    assert session.get(StudyPeriod, info.id) is not None
    # Half-years for the senior grades live beside the quarters of the others.
    half = svc.add_study_period(
        session,
        small_school.admin,
        small_school.year_id,
        "half",
        1,
        10,
        11,
        date(2026, 9, 1),
        date(2026, 12, 28),
    )
    assert half.name == "I полугодие"


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (
            ("quarter", 3, 1, 9, date(2026, 12, 20), date(2027, 3, 20)),
            ConflictError,
            "пересекаются с периодом «II четверть»",
        ),
        (
            ("quarter", 2, 1, 4, date(2027, 1, 11), date(2027, 3, 20)),
            ConflictError,
            "«II четверть» уже есть",
        ),
        (
            ("half", 2, 5, 11, date(2027, 1, 11), date(2027, 5, 31)),
            ConflictError,
            "уже заданы четверти",
        ),
        (
            ("quarter", 4, 1, 9, date(2027, 4, 1), date(2027, 6, 20)),
            ValidationError,
            "в пределах учебного года 2026/2027",
        ),
        (
            ("quarter", 5, 1, 9, date(2027, 4, 1), date(2027, 5, 20)),
            ValidationError,
            "«Номер периода»: число от 1 до 4",
        ),
        (
            ("season", 1, 1, 9, date(2027, 4, 1), date(2027, 5, 20)),
            ValidationError,
            "«Вид периода»",
        ),
        (
            ("quarter", 4, 9, 5, date(2027, 4, 1), date(2027, 5, 20)),
            ValidationError,
            "«с» не может быть больше",
        ),
        (("quarter", 4, 1, 12, date(2027, 4, 1), date(2027, 5, 20)), ValidationError, "от 1 до 11"),
        (
            ("quarter", 4, 1, 9, date(2027, 5, 20), date(2027, 4, 1)),
            ValidationError,
            "не может быть раньше",
        ),
    ],
)
def test_add_study_period_refusals(
    session: Session,
    small_school: SmallSchool,
    args: tuple[Any, ...],
    error: type[Exception],
    message: str,
) -> None:
    with unchanged(session), pytest.raises(error, match=message):
        svc.add_study_period(session, small_school.admin, small_school.year_id, *args)


def test_update_study_period_logs_only_changed_fields(
    session: Session, small_school: SmallSchool
) -> None:
    mark = log_mark(session)
    info = svc.update_study_period(
        session, small_school.admin, small_school.q2_id, end_date=date(2026, 12, 27)
    )
    assert info.end_date == date(2026, 12, 27)
    [row] = new_log_rows(session, mark)
    assert row.fields == {"end_date": "2026-12-27"} and row.parent_op is not None


def test_update_study_period_refusals(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    with unchanged(session), pytest.raises(ConflictError, match="пересекаются с периодом"):
        svc.update_study_period(session, admin, small_school.q2_id, start_date=date(2026, 10, 20))
    with unchanged(session), pytest.raises(ConflictError, match="закрыт"):
        svc.update_study_period(session, admin, small_school.q1_id, end_date=date(2026, 10, 25))
    # The period was not touched by the refusal.
    assert session.get(StudyPeriod, small_school.q2_id).start_date == date(2026, 11, 5)  # type: ignore[union-attr]
    # Renaming a closed period is fine.
    assert (
        svc.update_study_period(session, admin, small_school.q1_id, name="1 четверть").name
        == "1 четверть"
    )


def test_close_and_reopen_period(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = svc.close_period(session, admin, small_school.q2_id)
    assert info.closed and info.closed_at == NOW
    [row] = new_log_rows(session, mark)
    assert row.fields == {"closed": True, "closed_at": NOW.isoformat()}
    # Closing again changes nothing.
    mark = log_mark(session)
    svc.close_period(session, admin, small_school.q2_id)
    assert new_log_rows(session, mark) == []

    mark = log_mark(session)
    info = svc.reopen_period(session, admin, small_school.q2_id, reason="исправление оценок")
    assert not info.closed and info.closed_at is None
    [row] = new_log_rows(session, mark)
    assert row.fields == {"closed": False, "closed_at": None}
    assert row.reason == "исправление оценок"


# --- holidays -------------------------------------------------------------------------


def test_add_and_remove_holiday(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = svc.add_holiday(
        session,
        admin,
        small_school.year_id,
        "Зимние каникулы",
        date(2026, 12, 29),
        date(2027, 1, 10),
    )
    assert info.kind == "vacation" and (info.grade_from, info.grade_to) == (1, 11)
    [row] = new_log_rows(session, mark)
    assert row.table_name == "holiday" and row.fields["name"] == "Зимние каникулы"
    assert [h.id for h in list_holidays(session, small_school.year_id)] == [info.id]

    mark = log_mark(session)
    svc.remove_holiday(session, admin, info.id)
    [tombstone] = new_log_rows(session, mark)
    assert (tombstone.operation, tombstone.record_id, tombstone.fields) == ("delete", info.id, {})
    assert session.get(Holiday, info.id) is None
    with pytest.raises(NotFound):
        svc.remove_holiday(session, admin, info.id)


def test_add_holiday_refusals(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    with unchanged(session), pytest.raises(ValidationError, match="«Название» не может быть"):
        svc.add_holiday(
            session, admin, small_school.year_id, " ", date(2026, 11, 4), date(2026, 11, 4)
        )
    with unchanged(session), pytest.raises(ValidationError, match="в пределах учебного года"):
        svc.add_holiday(
            session, admin, small_school.year_id, "Лето", date(2027, 6, 1), date(2027, 8, 31)
        )
    with unchanged(session), pytest.raises(ValidationError, match="«Вид»"):
        svc.add_holiday(
            session,
            admin,
            small_school.year_id,
            "День",
            date(2026, 11, 4),
            date(2026, 11, 4),
            kind="fun",
        )


# --- bells ----------------------------------------------------------------------------


def test_set_bell_adds_and_updates(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    fourth = svc.set_bell(session, admin, small_school.year_id, 4, time(11, 30), time(12, 15))
    [row] = new_log_rows(session, mark)
    assert row.fields == {
        "year_id": str(small_school.year_id),
        "lesson_number": 4,
        "starts_at": "11:30:00",
        "ends_at": "12:15:00",
    }

    mark = log_mark(session)
    third = svc.set_bell(session, admin, small_school.year_id, 3, time(10, 30), time(11, 20))
    [row] = new_log_rows(session, mark)
    assert row.fields == {"ends_at": "11:20:00"}
    assert [b.lesson_number for b in list_bells(session, small_school.year_id)] == [1, 2, 3, 4]
    assert session.get(Bell, third.id).ends_at == time(11, 20)  # type: ignore[union-attr]
    svc.remove_bell(session, admin, small_school.year_id, 4)
    assert session.get(Bell, fourth.id) is None


@pytest.mark.parametrize(
    ("number", "starts_at", "ends_at", "error", "message"),
    [
        (3, time(10, 0), time(10, 45), ConflictError, "2-й урок заканчивается в 10:10"),
        (2, time(9, 25), time(10, 40), ConflictError, "3-й урок начинается в 10:30"),
        (4, time(12, 0), time(12, 0), ValidationError, "должно быть раньше окончания"),
        (11, time(18, 0), time(18, 45), ValidationError, "Номер урока должен быть от 1 до 10"),
    ],
)
def test_set_bell_refusals(
    session: Session,
    small_school: SmallSchool,
    number: int,
    starts_at: time,
    ends_at: time,
    error: type[Exception],
    message: str,
) -> None:
    with unchanged(session), pytest.raises(error, match=message):
        svc.set_bell(session, small_school.admin, small_school.year_id, number, starts_at, ends_at)


# --- permissions ----------------------------------------------------------------------


ADMIN_ONLY: dict[str, Callable[[Session, Actor, SmallSchool], object]] = {
    "update_school": lambda s, a, k: svc.update_school(s, a, address="x"),
    "set_setting": lambda s, a, k: svc.set_setting(s, a, "lockout_attempts", 5),
    "create_academic_year": lambda s, a, k: svc.create_academic_year(
        s, a, date(2027, 9, 1), date(2028, 5, 31)
    ),
    "set_current_year": lambda s, a, k: svc.set_current_year(s, a, k.year_id),
    "add_study_period": lambda s, a, k: svc.add_study_period(
        s, a, k.year_id, "quarter", 3, 1, 9, date(2027, 1, 11), date(2027, 3, 20)
    ),
    "update_study_period": lambda s, a, k: svc.update_study_period(s, a, k.q2_id, name="II"),
    "close_period": lambda s, a, k: svc.close_period(s, a, k.q2_id),
    "reopen_period": lambda s, a, k: svc.reopen_period(s, a, k.q1_id),
    "add_holiday": lambda s, a, k: svc.add_holiday(
        s, a, k.year_id, "День", date(2026, 11, 4), date(2026, 11, 4)
    ),
    "set_bell": lambda s, a, k: svc.set_bell(s, a, k.year_id, 4, time(11, 30), time(12, 15)),
    "remove_bell": lambda s, a, k: svc.remove_bell(s, a, k.year_id, 3),
}


@pytest.mark.parametrize("service", sorted(ADMIN_ONLY))
def test_only_the_administration_changes_the_school(
    session: Session, small_school: SmallSchool, service: str
) -> None:
    for role in ("sysadmin", "math_teacher", "student", "parent"):
        actor: Actor = getattr(small_school, role)
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            ADMIN_ONLY[service](session, actor, small_school)


@pytest.mark.parametrize("service", sorted(ADMIN_ONLY))
def test_the_system_actor_may_change_the_school(
    session: Session, small_school: SmallSchool, service: str
) -> None:
    if service == "update_school":
        svc.update_school(
            session,
            small_school.system,
            full_name="Школа",
            short_name="Ш",
            director_name="Волкова Н. С.",
        )
    ADMIN_ONLY[service](session, small_school.system, small_school)
    assert_chain_ok(session)


def test_nothing_is_logged_with_a_datetime_in_the_wrong_form(
    session: Session, small_school: SmallSchool
) -> None:
    info = svc.close_period(session, small_school.admin, small_school.q2_id)
    assert isinstance(info.closed_at, datetime)
