"""services.accounts and services.devices: accounts, roles, lockout, logins, devices."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.errors import ConflictError, PermissionDenied, ValidationError
from database.models import Account, Device, LoginEvent
from database.queries.account_list import AccountInfo, list_accounts
from database.queries.devices import list_devices
from database.services import accounts as svc
from database.services import devices
from database.services.people import add_guardian, add_staff
from database.services.school import set_setting
from tests.database.conftest import NOW, SmallSchool
from tests.database.test_services_support import (
    assert_chain_ok,
    log_mark,
    new_log_rows,
    unchanged,
)


def _new_staff(session: Session, school: SmallSchool) -> uuid.UUID:
    return add_staff(session, school.admin, "Орлова", "Вера", "Павловна").id


def _acting_as(school: SmallSchool, info: AccountInfo, **clock: datetime) -> Actor:
    moment = clock.get("at", NOW)
    return Actor(
        role=info.role,
        device_id=school.admin.device_id,
        account_id=info.id,
        staff_id=info.staff_id,
        student_id=info.student_id,
        guardian_id=info.guardian_id,
        clock=lambda: moment,
    )


# --- creating ----------------------------------------------------------------------------


def test_sysadmin_creates_a_teacher_account(session: Session, small_school: SmallSchool) -> None:
    staff_id = _new_staff(session, small_school)
    mark = log_mark(session)
    info = svc.create_account(
        session, small_school.sysadmin, " Orlova.VP ", Role.TEACHER, staff_id=staff_id
    )
    assert (info.login, info.role, info.status) == ("orlova.vp", Role.TEACHER, "created")
    assert info.must_change_password and info.failed_attempts == 0
    assert info.created_at == NOW and info.last_login_at is None
    [row] = new_log_rows(session, mark)
    assert row.table_name == "account" and row.record_id == info.id
    assert row.author_id == str(small_school.sysadmin.account_id)
    assert row.fields == {
        "login": "orlova.vp",
        "role": "teacher",
        "staff_id": str(staff_id),
        "student_id": None,
        "guardian_id": None,
        "status": "created",
        "must_change_password": True,
        "failed_attempts": 0,
        "locked_until": None,
        "last_login_at": None,
        "created_at": NOW.isoformat(),
    }
    assert svc.get_account_by_login(session, "ORLOVA.VP") == info


def test_account_links_must_match_the_role(session: Session, small_school: SmallSchool) -> None:
    sysadmin = small_school.sysadmin
    staff_id = _new_staff(session, small_school)
    student_id = small_school.student_ids[2]
    cases: list[tuple[Role, dict[str, uuid.UUID], str]] = [
        (Role.STUDENT, {"staff_id": staff_id}, "«ученик»"),
        (Role.TEACHER, {}, "Укажите, кому принадлежит"),
        (Role.TEACHER, {"staff_id": staff_id, "student_id": student_id}, "«сотрудник»"),
        (Role.PARENT, {"student_id": student_id}, "«родитель»"),
    ]
    for role, links, message in cases:
        with unchanged(session), pytest.raises(ValidationError, match=message):
            svc.create_account(session, sysadmin, "new.login", role, **links)
    with unchanged(session), pytest.raises(ValidationError, match="«Роль»"):
        svc.create_account(session, sysadmin, "new.login", "director", staff_id=staff_id)
    # A sysadmin account may belong to nobody (a contractor).
    assert svc.create_account(session, sysadmin, "it.service", Role.SYSADMIN).staff_id is None
    # A student account and a parent account.
    svc.create_account(session, sysadmin, "s.vasiliev.po", "student", student_id=student_id)
    guardian = add_guardian(session, small_school.admin, "Васильева", "Ольга")
    svc.create_account(session, sysadmin, "p.vasilieva.o", "parent", guardian_id=guardian.id)


def test_duplicates_are_refused(session: Session, small_school: SmallSchool) -> None:
    sysadmin = small_school.sysadmin
    staff_id = _new_staff(session, small_school)
    with unchanged(session), pytest.raises(ConflictError, match="Логин «admin» уже занят"):
        svc.create_account(session, sysadmin, "Admin", Role.TEACHER, staff_id=staff_id)
    with unchanged(session), pytest.raises(ConflictError, match="уже есть учётная запись"):
        svc.create_account(
            session, sysadmin, "smirnova2", Role.TEACHER, staff_id=small_school.math_teacher_id
        )
    with unchanged(session), pytest.raises(ValidationError, match="латинскими буквами"):
        svc.create_account(session, sysadmin, "орлова", Role.TEACHER, staff_id=staff_id)


def test_only_the_administration_creates_administration_accounts(
    session: Session, small_school: SmallSchool
) -> None:
    staff_id = _new_staff(session, small_school)
    with unchanged(session), pytest.raises(PermissionDenied, match="только администрация"):
        svc.create_account(session, small_school.sysadmin, "deputy", Role.ADMIN, staff_id=staff_id)
    assert (
        svc.create_account(
            session, small_school.admin, "deputy", Role.ADMIN, staff_id=staff_id
        ).role
        is Role.ADMIN
    )


def test_others_may_not_manage_accounts(session: Session, small_school: SmallSchool) -> None:
    staff_id = _new_staff(session, small_school)
    target = small_school.other_teacher.account_id
    assert target is not None
    for actor in (small_school.math_teacher, small_school.student, small_school.parent):
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            svc.create_account(session, actor, "x.login", Role.TEACHER, staff_id=staff_id)
        with unchanged(session), pytest.raises(PermissionDenied):
            svc.disable_account(session, actor, target)
        with unchanged(session), pytest.raises(PermissionDenied):
            svc.enable_account(session, actor, target)
        with unchanged(session), pytest.raises(PermissionDenied):
            svc.set_role(session, actor, target, Role.ADMIN)
        with unchanged(session), pytest.raises(PermissionDenied):
            svc.require_password_change(session, actor, target)
        with pytest.raises(PermissionDenied):
            list_accounts(session, actor)


# --- status and role ---------------------------------------------------------------------


def test_disable_and_enable(session: Session, small_school: SmallSchool) -> None:
    sysadmin = small_school.sysadmin
    target = small_school.other_teacher.account_id
    assert target is not None
    mark = log_mark(session)
    assert svc.disable_account(session, sysadmin, target, reason="увольнение").status == (
        "disabled"
    )
    [row] = new_log_rows(session, mark)
    assert row.fields == {"status": "disabled"} and row.reason == "увольнение"
    # The key slot went with the disabling: enabled again, the account starts afresh
    # with a one-time password to change (issued by database.auth.enable_access).
    enabled = svc.enable_account(session, sysadmin, target)
    assert (enabled.status, enabled.must_change_password) == ("created", True)

    staff_id = _new_staff(session, small_school)
    fresh = svc.create_account(session, sysadmin, "orlova.vp", Role.TEACHER, staff_id=staff_id)
    svc.disable_account(session, sysadmin, fresh.id)
    assert svc.enable_account(session, sysadmin, fresh.id).status == "created"

    admin_account = small_school.admin.account_id
    assert admin_account is not None
    with unchanged(session), pytest.raises(PermissionDenied, match="только администрация"):
        svc.disable_account(session, sysadmin, admin_account)
    with unchanged(session), pytest.raises(PermissionDenied, match="собственную"):
        svc.disable_account(session, small_school.admin, admin_account)


def test_set_role(session: Session, small_school: SmallSchool) -> None:
    target = small_school.other_teacher.account_id
    assert target is not None
    with unchanged(session), pytest.raises(PermissionDenied, match="только администрация"):
        svc.set_role(session, small_school.sysadmin, target, Role.ADMIN)
    mark = log_mark(session)
    assert svc.set_role(session, small_school.admin, target, "admin").role is Role.ADMIN
    [row] = new_log_rows(session, mark)
    assert row.fields == {"role": "admin"}
    # Taking the role away again is also the administration's business.
    with unchanged(session), pytest.raises(PermissionDenied, match="только администрация"):
        svc.set_role(session, small_school.sysadmin, target, Role.TEACHER)
    student_account = small_school.student.account_id
    assert student_account is not None
    with unchanged(session), pytest.raises(ValidationError, match="«сотрудник»"):
        svc.set_role(session, small_school.sysadmin, student_account, Role.TEACHER)
    sysadmin_account = small_school.sysadmin.account_id
    assert sysadmin_account is not None
    with unchanged(session), pytest.raises(PermissionDenied, match="собственную"):
        svc.set_role(session, small_school.sysadmin, sysadmin_account, Role.TEACHER)


def test_mark_activated_by_the_user_or_the_administration(
    session: Session, small_school: SmallSchool
) -> None:
    staff_id = _new_staff(session, small_school)
    info = svc.create_account(
        session, small_school.sysadmin, "orlova.vp", Role.TEACHER, staff_id=staff_id
    )
    with unchanged(session), pytest.raises(PermissionDenied, match="чужая"):
        svc.mark_activated(session, small_school.math_teacher, info.id)
    mark = log_mark(session)
    done = svc.mark_activated(session, _acting_as(small_school, info), info.id)
    assert done.status == "activated" and not done.must_change_password
    [row] = new_log_rows(session, mark)
    assert row.fields == {"status": "activated", "must_change_password": False}
    assert row.author_id == str(info.id)

    assert svc.require_password_change(session, small_school.sysadmin, info.id).must_change_password
    svc.disable_account(session, small_school.admin, info.id)
    with unchanged(session), pytest.raises(ConflictError, match="отключена"):
        svc.mark_activated(session, small_school.admin, info.id)


# --- sign-in bookkeeping -------------------------------------------------------------------


def _events(session: Session, account_id: uuid.UUID) -> list[bool]:
    return list(
        session.execute(
            select(LoginEvent.success)
            .where(LoginEvent.account_id == account_id)
            .order_by(LoginEvent.at, LoginEvent.id)
        ).scalars()
    )


def test_lockout_after_repeated_failures(session: Session, small_school: SmallSchool) -> None:
    system = small_school.system
    account_id = small_school.other_teacher.account_id
    assert account_id is not None
    mark = log_mark(session)
    for attempt in range(1, 5):
        outcome = svc.record_login(session, system, account_id, False)
        assert outcome.failed_attempts == attempt and outcome.locked_until is None
        assert outcome.attempts_left == 5 - attempt
    outcome = svc.record_login(session, system, account_id, False)
    assert outcome.failed_attempts == 5
    assert outcome.locked_until == NOW + timedelta(minutes=15) and outcome.attempts_left == 0
    account = session.get(Account, account_id)
    assert account is not None
    assert svc.is_locked(account, NOW) == NOW + timedelta(minutes=15)
    assert svc.is_locked(account, NOW + timedelta(minutes=16)) is None
    assert _events(session, account_id) == [False] * 5

    rows = new_log_rows(session, mark)
    assert [r.table_name for r in rows] == ["login_event", "account"] * 5
    assert rows[1].fields == {"failed_attempts": 1}
    assert rows[-1].fields == {
        "failed_attempts": 5,
        "locked_until": (NOW + timedelta(minutes=15)).isoformat(),
    }
    assert all(r.author_id is None for r in rows)  # the system signs people in
    assert_chain_ok(session)

    # After the lock has run out the count starts again.
    later = Actor.system(system.device_id, clock=lambda: NOW + timedelta(minutes=20))
    outcome = svc.record_login(session, later, account_id, False)
    assert outcome.failed_attempts == 1 and outcome.locked_until is None
    # A success clears the count and stamps the time.
    outcome = svc.record_login(session, later, account_id, True)
    assert outcome.failed_attempts == 0 and outcome.last_login_at == NOW + timedelta(minutes=20)
    info = list_accounts(session, small_school.sysadmin, Role.TEACHER)
    assert [a.last_login_at for a in info if a.id == account_id] == [NOW + timedelta(minutes=20)]


def test_lockout_follows_the_settings(session: Session, small_school: SmallSchool) -> None:
    set_setting(session, small_school.admin, "lockout_attempts", 3)
    set_setting(session, small_school.admin, "lockout_minutes", 60)
    account_id = small_school.student.account_id
    assert account_id is not None
    for _ in range(3):
        outcome = svc.record_login(session, small_school.system, account_id, False)
    assert outcome.locked_until == NOW + timedelta(hours=1)


def test_record_login_permissions(session: Session, small_school: SmallSchool) -> None:
    account_id = small_school.other_teacher.account_id
    assert account_id is not None
    for actor in (small_school.math_teacher, small_school.sysadmin, small_school.parent):
        with unchanged(session), pytest.raises(PermissionDenied):
            svc.record_login(session, actor, account_id, False)
    # The signed-in user may record their own login.
    svc.record_login(session, small_school.other_teacher, account_id, True)
    assert _events(session, account_id) == [True]


# --- reads and login suggestions ------------------------------------------------------------


def test_list_accounts(session: Session, small_school: SmallSchool) -> None:
    every = list_accounts(session, small_school.sysadmin)
    assert [a.login for a in every] == sorted(a.login for a in every)
    assert len(every) == session.execute(select(func.count()).select_from(Account)).scalar_one()
    parents = list_accounts(session, small_school.admin, "parent")
    assert {a.login for a in parents} == {"p.alekseeva.ip", "p.borisov.an"}
    assert svc.get_account_by_login(session, "nobody") is None


def test_suggest_login(session: Session, small_school: SmallSchool) -> None:
    assert svc.suggest_login(session, "Смирнова", "Ольга", "Петровна") == "smirnova.op2"
    assert svc.suggest_login(session, "Щукина", "Юлия", "Эдуардовна") == "shchukina.ye"
    assert svc.suggest_login(session, "Алексеев", "Иван", "Петрович", prefix="s.") == (
        "s.alekseev.ip2"
    )
    assert svc.suggest_login(session, "Цой", "Хан", "") == "tsoy.k"
    assert svc.suggest_login(session, "Салтыков-Щедрин", "Михаил", "Евграфович") == (
        "saltykov-shchedrin.me"
    )
    assert svc.transliterate("Ёжиков Объездной") == "ezhikov obezdnoy".replace(" ", "")
    with pytest.raises(ValidationError):
        svc.suggest_login(session, "Иванов", "Иван", prefix="ш.")


CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50, deadline=None
)
@given(
    st.text(alphabet=CYRILLIC + "-", min_size=1, max_size=80),
    st.text(alphabet=CYRILLIC, max_size=10),
    st.text(alphabet=CYRILLIC, max_size=10),
    st.sampled_from(["", "s.", "p."]),
)
def test_suggested_logins_are_always_valid(
    session: Session, surname: str, name: str, patronymic: str, prefix: str
) -> None:
    login = svc.suggest_login(session, surname, name, patronymic, prefix)
    assert re.fullmatch(r"[a-z][a-z0-9._\-]{2,63}", login)
    assert login.startswith(prefix)


# --- devices -----------------------------------------------------------------------------------


def test_devices(session: Session, small_school: SmallSchool) -> None:
    sysadmin = small_school.sysadmin
    mark = log_mark(session)
    own = devices.register_device(
        session, sysadmin, "Кабинет 14", device_id=small_school.admin.device_id
    )
    assert own.id == small_school.admin.device_id and own.kind == "classroom"
    [row] = new_log_rows(session, mark)
    assert row.table_name == "device" and row.fields == {
        "name": "Кабинет 14",
        "kind": "classroom",
        "created_at": NOW.isoformat(),
    }
    office = devices.register_device(session, small_school.admin, "Приёмная", "admin")
    with unchanged(session), pytest.raises(ConflictError, match="уже есть"):
        devices.register_device(session, sysadmin, "кабинет 14")
    with unchanged(session), pytest.raises(ConflictError, match="уже зарегистрирован"):
        devices.register_device(session, sysadmin, "Другой", device_id=own.id)
    with unchanged(session), pytest.raises(ValidationError, match="«Вид компьютера»"):
        devices.register_device(session, sysadmin, "Другой", "laptop")
    mark = log_mark(session)
    assert devices.rename_device(session, sysadmin, office.id, "Кабинет директора").name == (
        "Кабинет директора"
    )
    assert devices.set_device_kind(session, sysadmin, own.id, "admin").kind == "admin"
    assert [r.fields for r in new_log_rows(session, mark)] == [
        {"name": "Кабинет директора"},
        {"kind": "admin"},
    ]
    assert [d.name for d in list_devices(session, sysadmin)] == [
        "Кабинет 14",
        "Кабинет директора",
    ]
    assert session.get(Device, own.id) is not None
    for actor in (small_school.math_teacher, small_school.student, small_school.parent):
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            devices.register_device(session, actor, "Ноутбук")
        with unchanged(session), pytest.raises(PermissionDenied):
            devices.rename_device(session, actor, own.id, "Ноутбук")
        with pytest.raises(PermissionDenied):
            list_devices(session, actor)
