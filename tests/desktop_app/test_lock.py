"""Workstation lock: Ctrl+L and idle auto-lock drop the keys, clear journal data from
the clipboard and ask for the password; a wall-clock jump (sleep) counts as idle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.clipboard import copy_to_clipboard
from desktop_app.dialogs import SignInDialog, UnlockDialog
from desktop_app.idle import IdleWatcher
from desktop_app.worker import WorkerTask
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main


def _worker_database(qtbot):  # type: ignore[no-untyped-def]
    """What the worker holds now (None after a lock)."""
    box: list[object] = []
    WorkerTask(lambda w: w._signed_in).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=30_000)
    return box[0]


def test_idle_auto_lock_and_unlock(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    login, password = DEMO["class_teacher"]
    sign_in_with_dialog(qtbot, controller, login, password)
    wait_main(qtbot, controller)
    main = controller.main
    signed = main.signed
    copy_to_clipboard("Блинова Вера\t5")

    # A short timeout instead of the school's ten minutes.
    controller.idle.timeout_s = 0.3
    controller.idle._timer.setInterval(50)
    qtbot.waitUntil(lambda: controller.locked, timeout=20_000)
    # Back to a long timeout: on a loaded machine reloading after the unlock can take
    # longer than 0.3 s, and the test would see a second (correct) lock, not the unlock.
    controller.idle.timeout_s = 600

    assert isinstance(controller.dialog, UnlockDialog)
    assert main.locked and main.ui.pageStack.count() == 0  # no journal data left
    assert not main.ui.navigationList.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    qtbot.waitUntil(lambda: signed.closed, timeout=20_000)  # key dropped, engine disposed
    assert _worker_database(qtbot) is None

    unlock = controller.dialog
    unlock.reject()  # Escape does not close the lock
    assert unlock.isVisible()
    qtbot.keyClicks(unlock.ui.passwordEdit, "wrong-password")
    qtbot.mouseClick(unlock.ui.unlockButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: unlock.ui.errorLabel.isVisibleTo(unlock), timeout=30_000)
    assert controller.locked

    qtbot.keyClicks(unlock.ui.passwordEdit, password)
    qtbot.mouseClick(unlock.ui.unlockButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.locked and main.home is not None, timeout=30_000)
    assert main.section_keys == ["my_journals", "my_class"]
    assert main.signed is not signed and not main.signed.closed
    assert controller.idle.running


def test_ctrl_l_locks_and_switch_user_returns_to_sign_in(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    main = controller.main
    main.open_accounts()
    assert main.accounts_window is not None
    main.ui.actionLock.trigger()  # Ctrl+L
    assert main.ui.actionLock.shortcut().toString() == "Ctrl+L"
    assert controller.locked and main.accounts_window is None
    unlock = controller.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.mouseClick(unlock.ui.switchUserButton, Qt.MouseButton.LeftButton)
    assert isinstance(controller.dialog, SignInDialog)
    assert controller.main is None
    assert controller.dialog.ui.loginEdit.text() == ""


def test_waking_from_sleep_counts_as_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    mono, wall = [100.0], [1_000_000.0]
    watcher = IdleWatcher(600, check_interval_ms=60_000, monotonic=lambda: mono[0],
                          wall=lambda: wall[0])
    watcher.start()
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    mono[0] += 5
    wall[0] += 5
    watcher.check()
    assert not fired
    # The lid was closed for an hour: the monotonic clock stood still, the wall
    # clock did not. The first check after waking locks.
    wall[0] += 3600
    mono[0] += 1
    watcher.check()
    assert fired == [True] and not watcher.running
    watcher.stop()


def test_a_clock_set_backwards_is_not_idle_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    mono, wall = [0.0], [5_000.0]
    watcher = IdleWatcher(600, monotonic=lambda: mono[0], wall=lambda: wall[0])
    watcher.start()
    wall[0] -= 4000
    mono[0] += 10
    assert watcher.idle_seconds() == 10
    watcher.stop()


def test_window_geometry_is_remembered_per_user(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    from desktop_app import preferences

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["class_teacher"])
    wait_main(qtbot, controller)
    controller.main.resize(1300, 760)
    controller.switch_user()  # closes the window, saving its geometry
    assert preferences.window_geometry("pavlova.lg", "mainWindow") is not None
    assert preferences.window_geometry("admin", "mainWindow") is None
    sign_in_with_dialog(qtbot, controller, *DEMO["class_teacher"])
    wait_main(qtbot, controller)
    assert controller.main.height() == 760  # (the width is clamped to the offscreen screen)
