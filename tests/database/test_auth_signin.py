"""Signing in: first-start creation, success, wrong password, lockout counted before
the slot is opened (guard file) and replayed into the database afterwards, disabled
accounts, forced password change, issued passwords, remembered device tokens."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from database.actor import Role
from database.auth import (
    TOKEN_INVALID,
    change_password,
    create_device_token,
    create_school,
    disable_access,
    enable_access,
    failed_attempts,
    forget_device_token,
    has_device_token,
    issue_password,
    read_workstation,
    sign_in,
    sign_in_with_token,
)
from database.errors import AuthError, PermissionDenied, StorageError, ValidationError
from database.keyslots import AUTH_FAILED, open_slot, recovery_slot_info, slot_info
from database.models import Account, LoginEvent, School, Setting, Staff
from database.services.accounts import disable_account
from database.services.school import set_setting
from tests.database._auth_school import (
    ADMIN_PASSWORD,
    START,
    AuthSchool,
    Clock,
    build_template,
    copy_school,
    signed_admin,
)
from tests.templates import template as template_of


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> AuthSchool:
    """Built once per run, shared by the xdist workers (tests/templates.py)."""
    return template_of(tmp_path_factory, "auth-school", build_template)[1]


@pytest.fixture
def school(template: AuthSchool, tmp_path: Path) -> AuthSchool:
    return copy_school(template, tmp_path)


def test_create_school_writes_school_director_admin_and_recovery(tmp_path: Path) -> None:
    from database.paths import SchoolPaths

    paths = SchoolPaths(tmp_path / "new")
    signed = create_school(
        paths, full_name="МБОУ «СОШ № 9»", short_name="СОШ № 9",
        director_name="Иванов  Иван Иванович", admin_login="Director",
        admin_password="очень-длинный-пароль", device_name="Кабинет 12", device_kind="classroom",
    )
    try:
        assert signed.recovery_key is not None and len(signed.recovery_key) == 35
        assert signed.login == "director"
        assert signed.role is Role.ADMIN
        assert signed.must_change_password is False
        assert signed.person_name == "Иванов Иван Иванович"
        assert (signed.device_kind, signed.device_name) == ("classroom", "Кабинет 12")
        with signed.sessions() as session:
            school = session.execute(select(School)).scalar_one()
            assert (school.short_name, school.director_name) == ("СОШ № 9", "Иванов Иван Иванович")
            assert session.execute(select(Setting)).scalars().all()  # defaults stored
            account = session.execute(select(Account)).scalar_one()
            assert account.status == "activated"
            director = session.get(Staff, account.staff_id)
            assert director is not None and director.position == "директор"
    finally:
        signed.close()
    info = slot_info(paths.slots_dir, "director")
    assert info is not None and info.profile == "standard"
    assert recovery_slot_info(paths.slots_dir) is not None
    assert read_workstation(paths).school_name == "СОШ № 9"
    with pytest.raises(StorageError):
        create_school(
            paths, full_name="x", short_name="x", director_name="А Б", admin_login="admin",
            admin_password="очень-длинный-пароль", device_name="x", device_kind="admin",
        )


def test_create_school_refuses_a_weak_password_and_leaves_nothing(tmp_path: Path) -> None:
    from database.paths import SchoolPaths

    paths = SchoolPaths(tmp_path / "new")
    with pytest.raises(ValidationError, match="не короче"):
        create_school(
            paths, full_name="x", short_name="x", director_name="А Б", admin_login="admin",
            admin_password="short", device_name="x", device_kind="admin",
        )
    assert not paths.exists()


def test_sign_in_success_builds_the_actor_and_records_the_event(school: AuthSchool) -> None:
    signed = signed_admin(school)
    try:
        assert signed.actor.account_id == signed.account_id
        assert signed.actor.staff_id is not None
        assert signed.school_name == "Школа № 5"
        with signed.sessions() as session:
            events = session.execute(select(LoginEvent)).scalars().all()
            assert any(e.success and e.account_id == signed.account_id for e in events)
    finally:
        signed.close()
    assert signed.closed
    with pytest.raises(StorageError):
        signed.data_key()


def test_wrong_password_and_unknown_login_give_the_same_message(school: AuthSchool) -> None:
    with pytest.raises(AuthError) as wrong:
        sign_in(school.paths, "admin", "не тот пароль")
    with pytest.raises(AuthError) as unknown:
        sign_in(school.paths, "nobody", "не тот пароль")
    assert wrong.value.message == unknown.value.message == AUTH_FAILED
    assert failed_attempts(school.paths, "admin") == 1
    assert failed_attempts(school.paths, "nobody") == 0  # no guard file for made-up logins


def test_lockout_after_repeated_failures_then_expiry(school: AuthSchool) -> None:
    clock = Clock()
    login = school.teacher_login
    for _ in range(4):
        with pytest.raises(AuthError, match="Неверный"):
            sign_in(school.paths, login, "wrong-password", clock=clock)
    with pytest.raises(AuthError, match="заблокирован до 09:15"):
        sign_in(school.paths, login, "wrong-password", clock=clock)
    # Locked: even the right password is refused, before the slot is opened.
    with pytest.raises(AuthError, match="заблокирован до 09:15"):
        sign_in(school.paths, login, school.teacher_password, clock=clock)
    clock.now = START + timedelta(minutes=16)
    signed = sign_in(school.paths, login, school.teacher_password, clock=clock)
    try:
        assert failed_attempts(school.paths, login) == 0
        with signed.sessions() as session:
            events = session.execute(
                select(LoginEvent).where(LoginEvent.account_id == signed.account_id)
                .order_by(LoginEvent.at)
            ).scalars().all()
            account = session.get(Account, signed.account_id)
            assert account is not None
            assert account.locked_until is None and account.failed_attempts == 0
    finally:
        signed.close()
    # The five failures made while the key was out of reach are in the audit now,
    # with their real times, followed by the success.
    assert [e.success for e in events] == [False] * 5 + [True]
    assert events[0].at == START and events[-1].at == START + timedelta(minutes=16)


def test_lockout_threshold_comes_from_school_settings(school: AuthSchool) -> None:
    signed = signed_admin(school)
    try:
        with signed.sessions() as session:
            set_setting(session, signed.actor, "lockout_attempts", 3)
            session.commit()
    finally:
        signed.close()
    signed_admin(school).close()  # refreshes the cached policy in workstation.json
    assert read_workstation(school.paths).lockout_attempts == 3
    clock = Clock()
    for _ in range(2):
        with pytest.raises(AuthError, match="Неверный"):
            sign_in(school.paths, school.teacher_login, "x-wrong-x", clock=clock)
    with pytest.raises(AuthError, match="заблокирован"):
        sign_in(school.paths, school.teacher_login, "x-wrong-x", clock=clock)


def test_disabled_account_is_refused(school: AuthSchool) -> None:
    signed = signed_admin(school)
    try:
        with signed.sessions() as session:
            account = session.execute(
                select(Account).where(Account.login == school.teacher_login)
            ).scalar_one()
            disable_account(session, signed.actor, account.id)
            session.commit()
    finally:
        signed.close()
    with pytest.raises(AuthError, match="отключена"):
        sign_in(school.paths, school.teacher_login, school.teacher_password)


def _teacher_id(school: AuthSchool) -> uuid.UUID:
    teacher = sign_in(school.paths, school.teacher_login, school.teacher_password)
    account_id = teacher.account_id
    teacher.close()
    return account_id


def test_disabled_account_loses_its_key_and_remembered_sign_in(school: AuthSchool) -> None:
    teacher = sign_in(school.paths, school.teacher_login, school.teacher_password)
    change_password(teacher, school.teacher_password, "Свой-пароль-42")
    token = create_device_token(teacher)  # an administration workstation allows it
    teacher_id = teacher.account_id
    teacher.close()
    assert has_device_token(school.paths, school.teacher_login)

    admin = signed_admin(school)
    try:
        info = disable_access(admin, teacher_id, reason="увольнение")
    finally:
        admin.close()
    assert info.status == "disabled"
    assert slot_info(school.paths.slots_dir, school.teacher_login) is None
    assert not has_device_token(school.paths, school.teacher_login)
    # Off-line, with a copy of the folder: the password unwraps nothing any more.
    with pytest.raises(AuthError):
        open_slot(school.paths.slots_dir, school.teacher_login, "Свой-пароль-42")
    with pytest.raises(AuthError, match="Неверный"):
        sign_in(school.paths, school.teacher_login, "Свой-пароль-42")
    with pytest.raises(AuthError):
        sign_in_with_token(school.paths, school.teacher_login, token)


def test_enabling_again_issues_a_one_time_password(school: AuthSchool) -> None:
    teacher_id = _teacher_id(school)
    admin = signed_admin(school)
    try:
        disable_access(admin, teacher_id)
        with pytest.raises(AuthError, match="отключена"):
            issue_password(admin, teacher_id)  # no key back through a reset
        info, password = enable_access(admin, teacher_id)
    finally:
        admin.close()
    assert (info.status, info.must_change_password) == ("created", True)
    assert password != school.teacher_password
    with pytest.raises(AuthError):
        sign_in(school.paths, school.teacher_login, school.teacher_password)
    signed = sign_in(school.paths, school.teacher_login, password)
    try:
        assert signed.must_change_password
    finally:
        signed.close()
    slot = slot_info(school.paths.slots_dir, school.teacher_login)
    assert slot is not None and slot.profile == "issued"


def test_a_status_disabled_elsewhere_removes_the_slot_at_the_next_sign_in(
    school: AuthSchool,
) -> None:
    teacher_id = _teacher_id(school)
    admin = signed_admin(school)
    try:
        with admin.sessions() as session:
            # Only the status, as when it arrives by sync from another computer.
            disable_account(session, admin.actor, teacher_id)
            session.commit()
    finally:
        admin.close()
    assert slot_info(school.paths.slots_dir, school.teacher_login) is not None
    signed_admin(school).close()
    assert slot_info(school.paths.slots_dir, school.teacher_login) is None


def test_a_database_copied_without_its_key_slots_says_so(school: AuthSchool) -> None:
    # With the slots there, an unknown login gets the usual answer (no login revealed).
    with pytest.raises(AuthError) as unknown:
        sign_in(school.paths, "nobody", ADMIN_PASSWORD)
    assert unknown.value.message == AUTH_FAILED
    for slot in school.paths.slots_dir.glob("*.slot.json"):
        slot.unlink()
    with pytest.raises(AuthError, match="нет файлов ключей") as error:
        sign_in(school.paths, "admin", ADMIN_PASSWORD)
    assert "резервной копии" in error.value.message


def test_forced_password_change(school: AuthSchool) -> None:
    signed = sign_in(school.paths, school.teacher_login, school.teacher_password)
    try:
        assert signed.must_change_password
        info = slot_info(school.paths.slots_dir, school.teacher_login)
        assert info is not None and info.profile == "issued"
        for bad, message in (
            ("short", "не короче"),
            ("my-smirnova.op-pass", "логин"),
            (school.teacher_password, "отличаться"),
        ):
            with pytest.raises(ValidationError, match=message):
                change_password(signed, school.teacher_password, bad)
        with pytest.raises(AuthError, match="Текущий пароль"):
            change_password(signed, "not-the-old-one", "Новый-пароль-1")
        change_password(signed, school.teacher_password, "Новый-пароль-1")
        assert not signed.must_change_password
        with signed.sessions() as session:
            account = session.get(Account, signed.account_id)
            assert account is not None
            assert (account.status, account.must_change_password) == ("activated", False)
    finally:
        signed.close()
    info = slot_info(school.paths.slots_dir, school.teacher_login)
    assert info is not None and info.profile == "standard"
    with pytest.raises(AuthError):
        sign_in(school.paths, school.teacher_login, school.teacher_password)
    again = sign_in(school.paths, school.teacher_login, "Новый-пароль-1")
    assert not again.must_change_password
    again.close()


def test_issue_password_is_for_account_managers_only(school: AuthSchool) -> None:
    teacher = sign_in(school.paths, school.teacher_login, school.teacher_password)
    try:
        with pytest.raises(PermissionDenied):
            issue_password(teacher, teacher.account_id)
    finally:
        teacher.close()
    admin = signed_admin(school)
    try:
        password = issue_password(admin, teacher.account_id)
    finally:
        admin.close()
    assert len(password) == 17 and password.count("-") == 2
    signed = sign_in(school.paths, school.teacher_login, password)
    assert signed.must_change_password
    signed.close()


def test_remembered_device_token(school: AuthSchool) -> None:
    signed = signed_admin(school)  # an administration workstation: allowed by default
    try:
        token = create_device_token(signed)
    finally:
        signed.close()
    assert has_device_token(school.paths, "admin")
    again = sign_in_with_token(school.paths, "admin", token)
    assert again.role is Role.ADMIN
    again.close()
    with pytest.raises(AuthError) as wrong:
        sign_in_with_token(school.paths, "admin", token + "x")
    assert wrong.value.message == TOKEN_INVALID
    assert not has_device_token(school.paths, "admin")  # a wrong token revokes it


def test_forgetting_and_password_change_revoke_the_token(school: AuthSchool) -> None:
    signed = signed_admin(school)
    token = create_device_token(signed)
    forget_device_token(school.paths, "admin")
    with pytest.raises(AuthError):
        sign_in_with_token(school.paths, "admin", token)
    token = create_device_token(signed)
    change_password(signed, ADMIN_PASSWORD, "Другой-пароль-77")
    signed.close()
    with pytest.raises(AuthError):
        sign_in_with_token(school.paths, "admin", token)


def test_policy_forbids_remembering_on_classroom_computers(school: AuthSchool) -> None:
    signed = signed_admin(school)
    try:
        token = create_device_token(signed)
        with signed.sessions() as session:
            set_setting(session, signed.actor, "remember_me_allowed",
                        {"classroom": False, "admin": False})
            session.commit()
    finally:
        signed.close()
    # The token made before the policy changed is refused and revoked.
    with pytest.raises(AuthError, match="правилам школы"):
        sign_in_with_token(school.paths, "admin", token)
    assert not has_device_token(school.paths, "admin")
    signed = signed_admin(school)
    try:
        with pytest.raises(AuthError, match="запрещено"):
            create_device_token(signed)
    finally:
        signed.close()
