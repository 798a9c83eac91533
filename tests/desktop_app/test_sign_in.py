"""The sign-in dialog driven like a user would: success, wrong password, lockout,
forced password change, remember-me through the keyring and its fallback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from database.auth import (
    has_device_token,
    issue_password,
    read_workstation,
    sign_in,
    write_workstation,
)
from database.models import Account
from database.paths import SchoolPaths
from desktop_app import preferences
from desktop_app.dialogs import ChangePasswordDialog, SignInDialog
from tests.desktop_app.conftest import DEMO, BrokenKeyring, sign_in_with_dialog, wait_main


def test_sign_in_opens_the_main_window_with_the_status_bar(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller(demo_hint=True)
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.ui.demoPanel.isVisibleTo(dialog)
    assert "admin" in dialog.ui.demoLabel.text()
    sign_in_with_dialog(qtbot, controller, *DEMO["class_teacher"])
    wait_main(qtbot, controller)
    main = controller.main
    assert "Павлова Любовь Георгиевна" in main.user_label.text()
    assert "учитель" in main.role_label.text()
    assert "Демонстрационный компьютер" in main.workstation_label.text()
    assert preferences.last_login(controller.paths) == "pavlova.lg"


def test_wrong_password_stays_in_the_dialog_with_a_message(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, "admin", "not-the-password")
    dialog = controller.dialog
    qtbot.waitUntil(lambda: dialog.ui.errorLabel.isVisibleTo(dialog), timeout=30_000)
    assert dialog.ui.errorLabel.text() == "Неверный логин или пароль."
    assert dialog.ui.passwordEdit.text() == ""
    assert controller.main is None
    assert dialog.ui.signInButton.isEnabled()


def test_lockout_after_repeated_failures(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    dialog = controller.dialog
    login, password = DEMO["teacher"]
    for attempt in range(5):
        dialog.ui.errorLabel.setVisible(False)
        sign_in_with_dialog(qtbot, controller, login, f"wrong-{attempt}")
        qtbot.waitUntil(lambda: dialog.ui.errorLabel.isVisibleTo(dialog), timeout=30_000)
    assert "заблокирован до" in dialog.ui.errorLabel.text()
    dialog.ui.errorLabel.setVisible(False)
    sign_in_with_dialog(qtbot, controller, login, password)  # even the right one
    qtbot.waitUntil(lambda: dialog.ui.errorLabel.isVisibleTo(dialog), timeout=30_000)
    assert "заблокирован до" in dialog.ui.errorLabel.text()
    assert controller.main is None


def _issue_for(paths: SchoolPaths, login: str) -> str:
    admin = sign_in(paths, *DEMO["admin"])
    try:
        with admin.sessions() as session:
            account_id = session.execute(
                select(Account.id).where(Account.login == login)
            ).scalar_one()
        return issue_password(admin, account_id)
    finally:
        admin.close()


def test_forced_password_change_after_an_issued_password(  # type: ignore[no-untyped-def]
    qtbot, make_controller, demo_paths
) -> None:
    login = DEMO["teacher"][0]
    one_time = _issue_for(demo_paths, login)
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, login, one_time)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, ChangePasswordDialog), timeout=30_000)
    dialog = controller.dialog
    assert not dialog.ui.oldEdit.isVisibleTo(dialog)  # just typed: not asked again
    # The policy is checked: the login inside the password is refused.
    qtbot.keyClicks(dialog.ui.newEdit, f"{login}-2026")
    qtbot.keyClicks(dialog.ui.repeatEdit, f"{login}-2026")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ui.errorLabel.isVisibleTo(dialog), timeout=30_000)
    assert "логин" in dialog.ui.errorLabel.text()
    for edit in (dialog.ui.newEdit, dialog.ui.repeatEdit):
        edit.setText("Собственный-пароль-9")  # QTest types ASCII only
    dialog.submit()
    wait_main(qtbot, controller)
    signed = sign_in(demo_paths, login, "Собственный-пароль-9")
    try:
        assert not signed.must_change_password
        with signed.sessions() as session:
            assert session.get(Account, signed.account_id).status == "activated"
    finally:
        signed.close()


def test_refusing_the_forced_change_returns_to_sign_in(  # type: ignore[no-untyped-def]
    qtbot, make_controller, demo_paths
) -> None:
    login = DEMO["teacher"][0]
    one_time = _issue_for(demo_paths, login)
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, login, one_time)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, ChangePasswordDialog), timeout=30_000)
    controller.dialog.reject()
    assert isinstance(controller.dialog, SignInDialog)
    assert controller.main is None


def _admin_workstation(paths: SchoolPaths) -> None:
    """As after an earlier sign-in: the cached policy says remembering is allowed."""
    signed = sign_in(paths, *DEMO["admin"])
    signed.close()
    assert read_workstation(paths).remember_me_allowed


def test_remember_me_through_the_keyring(  # type: ignore[no-untyped-def]
    qtbot, make_controller, demo_paths, memory_keyring
) -> None:
    _admin_workstation(demo_paths)
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"], remember=True)
    wait_main(qtbot, controller)
    qtbot.waitUntil(lambda: bool(memory_keyring.entries), timeout=30_000)
    ((_service, login), token) = next(iter(memory_keyring.entries.items()))
    assert login == "admin" and token != DEMO["admin"][1]  # a device token, not the password
    assert has_device_token(demo_paths, "admin")
    controller.main.close_for_good()
    controller.main = None

    # The next start signs in without any dialog.
    again = make_controller()
    wait_main(qtbot, again)
    assert again.main.signed.login == "admin"

    # Signing out forgets it: keyring entry and token slot are gone.
    again.sign_out()
    assert not memory_keyring.entries
    assert not has_device_token(demo_paths, "admin")
    assert isinstance(again.dialog, SignInDialog)


def test_keyring_failure_falls_back_to_password_with_a_warning(  # type: ignore[no-untyped-def]
    qtbot, make_controller, demo_paths, recorded_messages
) -> None:
    import keyring

    _admin_workstation(demo_paths)
    keyring.set_keyring(BrokenKeyring())
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"], remember=True)
    wait_main(qtbot, controller)
    qtbot.waitUntil(lambda: bool(recorded_messages.texts("warning")), timeout=30_000)
    assert "хранилище паролей недоступно" in recorded_messages.texts("warning")[0]
    assert not has_device_token(demo_paths, "admin")  # no orphan token slot

    # A remembered login whose keyring cannot be read: the dialog, with a warning.
    preferences.set_remembered_login(demo_paths, "admin")
    controller.main.close_for_good()
    controller.main = None
    later = make_controller()
    dialog = later.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.ui.warningLabel.isVisibleTo(dialog)
    assert "хранилище паролей" in dialog.ui.warningLabel.text()
    sign_in_with_dialog(qtbot, later, *DEMO["admin"])
    wait_main(qtbot, later)


def test_remember_is_not_offered_where_the_policy_forbids_it(  # type: ignore[no-untyped-def]
    qtbot, make_controller, demo_paths
) -> None:
    from dataclasses import replace

    write_workstation(demo_paths, replace(read_workstation(demo_paths), device_kind="classroom",
                                          remember_me_allowed=False))
    controller = make_controller()
    dialog = controller.dialog
    assert not dialog.ui.rememberCheck.isVisibleTo(dialog)


def test_quit_button_rejects(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    dialog = controller.dialog
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.ui.quitButton, Qt.MouseButton.LeftButton)
