"""First start → «Join the school's share»: a folder that is not a share and a wrong
code are told in Russian; the right code waits for the administration, the school
loads, and the new computer signs in with a login of the school made elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from database.keyslots import KdfProfile
from database.paths import SchoolPaths
from database.sync.enrol import new_enrolment_code
from database.sync.people import publish_password
from desktop_app.app import AppController
from desktop_app.dialogs import FirstStartDialog, SignInDialog
from desktop_app.share.join import FORM, WAITING, JoinDialog
from tests.database.sync_helpers import NOW, add_journal, make_admin
from tests.desktop_app.conftest import sign_in_with_dialog, wait_main
from tests.desktop_app.test_share_window import _shot


def _fill(dialog: JoinDialog, folder: Path, code: str) -> None:
    dialog.folder_edit.setText(str(folder))
    dialog.code_edit.setText(code)
    dialog.name_edit.setText("Кабинет 5")


def test_join_on_first_start_ends_at_sign_in(app: Any, qtbot: Any, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    journal = add_journal(admin)  # the teacher «petrova», made at the administration
    with admin.maker.begin() as session:
        publish_password(session, admin.system(), admin.paths, journal.teacher_account,
                         "petrova", "teacher-pass-1", KdfProfile.ISSUED)
        code = new_enrolment_code(session, "Кабинет 5")
    assert admin.sync().ok

    controller = AppController(SchoolPaths(tmp_path / "room5"), today=lambda: NOW.date())
    controller.start()
    first = controller.dialog
    assert isinstance(first, FirstStartDialog)
    assert first.ui.joinButton.text() == "&Подключиться к общей папке школы…"
    qtbot.mouseClick(first.ui.joinButton, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert isinstance(dialog, JoinDialog)
    qtbot.addWidget(dialog)
    dialog.poll_ms = 20
    _shot(dialog, tmp_path, "join_form")

    _fill(dialog, tmp_path / "not-mounted", code)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems.isVisibleTo(dialog), timeout=10_000)
    assert "не найдена или недоступна" in dialog.problems.text() and dialog.state == FORM

    _fill(dialog, tmp_path, code)  # a folder, but not a share
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "нет общей папки" in dialog.problems.text(), timeout=10_000)

    _fill(dialog, share, "wrong-codex")
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == WAITING, timeout=10_000)
    assert dialog.cancel_button.isVisible() and dialog.progress_bar.isVisible()
    _shot(dialog, tmp_path, "join_waiting")
    assert admin.sync().enrolled == []  # the administration answers: no such code
    qtbot.waitUntil(lambda: dialog.state == FORM, timeout=10_000)
    assert "Неверный код" in dialog.problems.text()
    _shot(dialog, tmp_path, "join_wrong_code")

    _fill(dialog, share, code)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == WAITING, timeout=10_000)
    with qtbot.waitSignal(dialog.joined, timeout=60_000):
        assert admin.sync().enrolled == ["Кабинет 5"]
    sign_in = controller.dialog
    assert isinstance(sign_in, SignInDialog)
    assert "подключён к школе" in sign_in.ui.warningLabel.text()
    _shot(sign_in, tmp_path, "join_sign_in")

    sign_in_with_dialog(qtbot, controller, "petrova", "teacher-pass-1")
    wait_main(qtbot, controller)
    main = controller.main
    assert main is not None and "Петрова" in main.user_label.text()
    assert "Кабинет 5" in main.workstation_label.text()
    assert main.section_keys[0] == "my_journals"
    main.close_for_good()
    admin.close()


def test_an_unfinished_load_is_dropped_at_the_next_start(app: Any, tmp_path: Path) -> None:
    """The program was closed (or the power went) while loading the school: the half
    database is removed and joining goes on."""
    from database.sync.joining import LOADING_FILE

    paths = SchoolPaths(tmp_path / "room6")
    (paths.root / "sync").mkdir(parents=True)
    (paths.root / "sync" / LOADING_FILE).write_text("{}", encoding="utf-8")
    paths.db.write_bytes(b"half a database")
    controller = AppController(paths, today=lambda: NOW.date())
    controller.start()
    assert isinstance(controller.dialog, JoinDialog)
    assert not paths.exists() and not (paths.root / "sync" / LOADING_FILE).exists()
    controller.dialog.close()


def test_the_status_bar_leads_to_the_share_screen(app: Any, qtbot: Any, tmp_path: Path) -> None:
    from database.keyslots import new_data_key
    from database.store import create_database
    from desktop_app.share.window import ShareWindow
    from tests.desktop_app.test_sync_bar import _window

    paths = SchoolPaths(tmp_path / "office")
    data_key = new_data_key()
    create_database(paths, data_key, device_name="Приёмная", device_kind="admin").dispose()
    window = _window(qtbot, paths, data_key, "Приёмная")
    bar = window.sync_bar
    assert bar.setup_button.isVisible() and not bar.button.isVisible()
    _shot(window, tmp_path, "status_bar_not_set_up")
    qtbot.mouseClick(bar.setup_button, Qt.MouseButton.LeftButton)
    assert isinstance(window.share_window, ShareWindow) and window.share_window.isVisible()
    window.share_window.close()


def test_a_copied_identity_is_replaced_after_asking(
        app: Any, qtbot: Any, tmp_path: Path, recorded_messages: Any,
        monkeypatch: Any) -> None:
    from database.sync import identity

    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker.begin() as session:
        code = new_enrolment_code(session, "Кабинет 5")
    paths = SchoolPaths(tmp_path / "room5")
    copied = identity.create_identity(paths.root, identity.uuid.uuid4()).device_id
    monkeypatch.setattr(identity, "machine_fingerprint", lambda root: "this machine")
    dialog = JoinDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(dialog, share, code)

    recorded_messages.confirm_answer = False
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems.isVisibleTo(dialog), timeout=10_000)
    assert "скопирован" in recorded_messages.texts("confirm")[-1]
    assert identity.identity_path(paths.root).is_file() and dialog.state == FORM

    recorded_messages.confirm_answer = True
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == WAITING, timeout=10_000)
    assert identity.load_identity(paths.root).device_id != copied
    dialog.cancel()
    assert dialog.state == FORM
    admin.close()


def test_a_cancelled_load_keeps_nothing_and_joins_again(
        app: Any, qtbot: Any, tmp_path: Path) -> None:
    import threading

    from desktop_app.share.join import LOADING
    from desktop_app.worker import Task

    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker.begin() as session:
        code = new_enrolment_code(session, "Кабинет 5")
    paths = SchoolPaths(tmp_path / "room5")
    dialog = JoinDialog(paths)
    qtbot.addWidget(dialog)
    dialog.poll_ms = 20
    dialog.show()
    # Hold the worker just before the load starts, so «Cancel» comes first.
    gate = threading.Event()
    load = dialog._load

    def held_load(base: Path) -> None:
        Task(gate.wait).run()
        load(base)

    dialog._load = held_load  # type: ignore[method-assign]
    _fill(dialog, share, code)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == WAITING, timeout=10_000)
    assert admin.sync().enrolled == ["Кабинет 5"]
    qtbot.waitUntil(lambda: dialog.state == LOADING, timeout=10_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: dialog.state == FORM, timeout=20_000)
    assert "остановлена" in dialog.status_label.text() and not paths.exists()
    _shot(dialog, tmp_path, "join_cancelled")

    dialog._load = load  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.joined, timeout=60_000):
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert paths.exists()
    admin.close()
