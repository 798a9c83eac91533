"""People everywhere: passwords, new and disabled accounts cross computers; a revoked
computer's new segments are refused and it cannot read what is published after."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from database.actor import Role
from database.auth import change_password, issue_password, sign_in
from database.errors import AuthError
from database.keyslots import KdfProfile, write_slot
from database.models import Lesson
from database.services.accounts import create_account, disable_account
from database.services.people import add_staff
from database.sync.enrol import revoke_device
from database.sync.people import synced_dir
from database.sync.share import ShareLayout
from tests.database.sync_helpers import (
    NOW,
    Computer,
    add_journal,
    join,
    make_admin,
    same_everywhere,
)

ADMIN_PASSWORD = "director-pass-1"


@pytest.fixture
def school(tmp_path: Path) -> tuple[Computer, Computer]:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker.begin() as session:
        director = add_staff(session, admin.system(), surname="Волкова", name="Наталья",
                             patronymic="Сергеевна", position="директор")
        account = create_account(session, admin.system(), "director", Role.ADMIN,
                                 staff_id=director.id)
    write_slot(admin.paths.slots_dir, "director", ADMIN_PASSWORD, admin.data_key,
               account_id=account.id, profile=KdfProfile.ISSUED)
    room = join(tmp_path, share, admin, "room12")
    yield admin, room
    admin.close()
    room.close()


def _sync(*computers: Computer) -> None:
    for _ in range(2):
        for computer in computers:
            report = computer.sync()
            assert report.ok, report.describe()


def _new_teacher(admin: Computer) -> tuple[uuid.UUID, str]:
    """The director signs in on the administration computer and makes a teacher's
    account with an issued password (as the accounts window does)."""
    signed = sign_in(admin.paths, "director", ADMIN_PASSWORD, clock=lambda: NOW)
    try:
        with signed.sessions() as session:
            staff = add_staff(session, signed.actor, surname="Сидоров", name="Пётр",
                              patronymic="", position="учитель")
            teacher = create_account(session, signed.actor, "sidorov", Role.TEACHER,
                                     staff_id=staff.id)
            session.commit()
        return teacher.id, issue_password(signed, teacher.id)
    finally:
        signed.close()


def test_account_made_on_a_signs_in_on_b(school: tuple[Computer, Computer]) -> None:
    admin, room = school
    _, password = _new_teacher(admin)
    _sync(admin, room)
    signed = sign_in(room.paths, "sidorov", password, clock=lambda: NOW)
    assert signed.must_change_password
    signed.close()
    # The director's own password was shared at the director's first sign-in on A.
    sign_in(room.paths, "director", ADMIN_PASSWORD, clock=lambda: NOW).close()
    _sync(room, admin)  # the sign-ins' own records travel too
    same_everywhere([admin, room])


def test_password_changed_on_b_signs_in_on_a_and_old_one_stops(
    school: tuple[Computer, Computer],
) -> None:
    admin, room = school
    _, issued = _new_teacher(admin)
    _sync(admin, room)
    signed = sign_in(room.paths, "sidorov", issued, clock=lambda: NOW)
    change_password(signed, issued, "Новый-пароль-42")
    signed.close()
    _sync(room, admin)
    sign_in(admin.paths, "sidorov", "Новый-пароль-42", clock=lambda: NOW).close()
    with pytest.raises(AuthError):
        sign_in(admin.paths, "sidorov", issued, clock=lambda: NOW)
    # No password is on the share in the clear, nor the slot document.
    for path in ShareLayout(admin.share).root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"sidorov" not in data and "Новый-пароль-42".encode() not in data


def test_disabled_account_is_refused_on_b(school: tuple[Computer, Computer]) -> None:
    admin, room = school
    teacher_id, password = _new_teacher(admin)
    _sync(admin, room)
    sign_in(room.paths, "sidorov", password, clock=lambda: NOW).close()
    with admin.maker.begin() as session:
        disable_account(session, admin.system(), teacher_id, reason="уволился")
    _sync(admin, room)
    with pytest.raises(AuthError) as caught:
        sign_in(room.paths, "sidorov", password, clock=lambda: NOW)
    assert "отключена" in caught.value.message or "Неверный" in caught.value.message
    assert not (synced_dir(room.paths) / "sidorov.slot.json").exists()


def test_revoked_computer_segment_refused_and_new_key_unreadable(
    tmp_path: Path, school: tuple[Computer, Computer]
) -> None:
    admin, room = school
    journal = add_journal(admin)
    third = join(tmp_path, admin.share, admin, "room13")
    _sync(admin, room, third)
    with admin.maker.begin() as session:
        revoke_device(session, ShareLayout(admin.share), str(room.device_id))
    # The stolen computer keeps writing and publishing with its old key.
    with room.maker.begin() as session:
        lesson = session.get(Lesson, journal.lesson)
        assert lesson is not None
        lesson.topic = "после отключения"
        from database.changelog import save

        save(session, room.system(), lesson)
    report = room.sync()
    assert not report.ok and "отключён" in (report.unavailable or "")
    # It cannot publish through the round; force its segment onto the share as a thief
    # with the old key would.
    from database.sync.config import load_config
    from database.sync.identity import load_identity
    from database.sync.publish import publish

    with room.maker.begin() as session:
        config = load_config(session)
        assert config is not None
        publish(session, ShareLayout(room.share), load_identity(room.paths.root), 1,
                config.keys[1])
    for computer in (admin, third):
        report = computer.sync()
        assert report.ok
        assert any("отключён" in why for why in report.waiting.values())
        with computer.maker() as session:
            lesson = session.get(Lesson, journal.lesson)
            assert lesson is not None and lesson.topic == ""
    # What is published after the revocation uses a key the room never got.
    with admin.maker.begin() as session:
        config = load_config(session)
        assert config is not None and max(config.keys) == 2
    from database.sync.registry import read_wrap

    assert read_wrap(ShareLayout(room.share), config.root_key, str(room.device_id),
                     load_identity(room.paths.root).box_private) is None
