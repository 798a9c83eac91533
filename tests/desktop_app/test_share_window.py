"""«Share and computers»: the share is chosen, checked and set up only after the
confirmation (a foreign share is refused and left as it was); the computers list
issues a one-time code, accepts the request made with it, and revokes a computer.

Computers are the sync tests' cheap ones (tests/database/sync_helpers.py); the
window shows the administration workstation, whose database the worker owns.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from database.auth import SignedIn, create_school
from database.models import Device
from database.paths import SchoolPaths
from database.sync.computers import ACTIVE, REQUESTED, REVOKED
from database.sync.config import share_pointer
from database.sync.enrol import finish_join, request_join
from database.sync.registry import read_registry
from database.sync.round import sync_round
from database.sync.share import ShareLayout
from desktop_app.share.window import ShareWindow
from desktop_app.worker import WorkerTask
from tests.database.sync_helpers import NOW, make_admin
from tests.desktop_app.test_sync_bar import _signed

SHOTS = os.environ.get("SJ_SHOTS")  # a folder to keep the screens' pictures in


def _shot(widget: Any, tmp_path: Path, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # the layout settles (word-wrapped labels)
    folder = Path(SHOTS) if SHOTS else tmp_path
    widget.grab().save(str(folder / f"{name}.png"))


def _attach(qtbot: Any, make: Any) -> SignedIn:
    box: list[SignedIn] = []
    WorkerTask(lambda w: w.attach(make())).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=30_000)
    return box[0]


def _window(qtbot: Any, signed: SignedIn) -> ShareWindow:
    window = ShareWindow(signed)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.data is not None, timeout=20_000)
    return window


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _check(qtbot: Any, window: ShareWindow, folder: Path) -> Any:
    window.folder_edit.setText(str(folder))
    qtbot.mouseClick(window.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.check is not None, timeout=10_000)
    return window.check


def test_share_is_set_up_only_after_confirmation(app: Any, qtbot: Any, tmp_path: Path) -> None:
    paths = SchoolPaths(tmp_path / "office")
    signed = _attach(qtbot, lambda: create_school(
        paths, full_name="МБОУ «Школа № 3»", short_name="Школа № 3",
        director_name="Петрова Анна Ивановна", admin_login="director",
        admin_password="long-enough-1", device_name="Приёмная", device_kind="admin"))
    window = _window(qtbot, signed)
    assert window.chooser.isVisible() and not window.computers_box.isVisible()
    assert "не подключён" in window.state_label.text()
    assert "ключом восстановления" in window.recovery_label.text()
    _shot(window, tmp_path, "share_not_set_up")

    # Another school's share: refused, and not a byte of it changes.
    other = tmp_path / "other-school"
    other.mkdir()
    make_admin(tmp_path / "elsewhere", other).close()
    before = _tree(other)
    check = _check(qtbot, window, other)
    assert check.kind == "foreign" and not window.setup_button.isEnabled()
    assert "другой школы" in window.check_label.text()
    _shot(window, tmp_path, "share_foreign")
    assert _tree(other) == before

    unmounted = _check(qtbot, window, tmp_path / "not-mounted")
    assert unmounted.kind == "unreachable" and not (tmp_path / "not-mounted").exists()

    # An smb:// address with the password in it is explained, and nothing is checked.
    window.folder_edit.setText("smb://director:secret@server/journal")
    qtbot.mouseClick(window.check_button, Qt.MouseButton.LeftButton)
    assert window.check is None and not window.setup_button.isEnabled()
    assert "Пароль в адресе не сохраняется" in window.check_label.text()

    share = tmp_path / "share"
    share.mkdir()
    assert _check(qtbot, window, share).kind == "empty"
    assert window.setup_button.isEnabled()
    _shot(window, tmp_path, "share_empty")
    qtbot.mouseClick(window.setup_button, Qt.MouseButton.LeftButton)
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.isVisible() and str(share) in _texts(dialog)
    _shot(dialog, tmp_path, "share_confirm")
    dialog.reject()  # changed their mind: nothing is written
    assert list(share.iterdir()) == []

    qtbot.mouseClick(window.setup_button, Qt.MouseButton.LeftButton)
    dialog = window.confirm_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password_edit, "wrong-password")
    dialog.accept()
    qtbot.waitUntil(lambda: "Неверный пароль" in window.check_label.text(), timeout=20_000)
    assert list(share.iterdir()) == []

    qtbot.mouseClick(window.setup_button, Qt.MouseButton.LeftButton)
    dialog = window.confirm_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password_edit, "long-enough-1")
    with qtbot.waitSignal(window.changed, timeout=30_000):
        dialog.accept()
    qtbot.waitUntil(lambda: window.computers_box.isVisible(), timeout=20_000)
    assert ShareLayout(share).marker.is_file() and share_pointer(paths.root) == share
    assert "доступна" in window.state_label.text()
    [me] = window.computers.view.rows if window.computers.view else []
    assert me.this_computer and me.name == "Приёмная" and me.state == ACTIVE
    assert (paths.slots_dir / "synced" / "director.slot.json").is_file()  # for the others
    _shot(window, tmp_path, "share_set_up")



def _texts(widget: Any) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in widget.findChildren(QLabel))


def test_code_approval_and_revoke_from_the_list(
        app: Any, qtbot: Any, tmp_path: Path, recorded_messages: Any) -> None:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    admin.engine.dispose()
    signed = _attach(qtbot, lambda: _signed(admin.paths, admin.data_key, "Администрация"))
    window = _window(qtbot, signed)
    panel = window.computers
    assert window.computers_box.isVisible() and panel.enrol_button.isVisible()

    qtbot.mouseClick(panel.enrol_button, Qt.MouseButton.LeftButton)
    dialog = panel.code_dialog
    assert dialog is not None
    dialog.name_edit.setText("Кабинет 12")  # (keyClicks types ASCII only)
    with qtbot.waitSignal(dialog.issued, timeout=10_000):
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    code = dialog.code
    assert code is not None and dialog.code_label.text() == code.code
    assert "действует до" in dialog.validity_label.text()
    _shot(dialog, tmp_path, "enrol_code")
    dialog.close()

    new = SchoolPaths(tmp_path / "room12")
    request_join(new.root, share, code.code, "Кабинет 12")
    window.refresh()  # (the window also reads again by itself every few seconds)
    qtbot.waitUntil(lambda: _state(panel, "Кабинет 12") == REQUESTED, timeout=10_000)
    _shot(window, tmp_path, "computers_requested")

    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _state(panel, "Кабинет 12") == ACTIVE, timeout=20_000)
    assert any("Кабинет 12" in t for t in recorded_messages.texts("info"))
    rows = {r.name: r for r in panel.view.rows} if panel.view else {}
    room = rows["Кабинет 12"]
    assert room.state == ACTIVE and room.device_id is not None
    assert room.enrolled_at is not None
    # Accepting also published it: the new computer finds itself in what it loads.
    joined = finish_join(new, share)
    assert joined is not None
    engine, _ = joined
    try:
        assert sync_round(new, engine, share).ok
        with Session(engine) as session:
            assert session.get(Device, uuid.UUID(room.device_id)).name == "Кабинет 12"
    finally:
        engine.dispose()

    panel.list.select_where(lambda r: r.name == "Кабинет 12")
    assert panel.revoke_button.isEnabled()
    recorded_messages.confirm_answer = False
    qtbot.mouseClick(panel.revoke_button, Qt.MouseButton.LeftButton)
    question = recorded_messages.texts("confirm")[-1]
    assert "ключ школы будет заменён" in question
    registry = read_registry(ShareLayout(share), _root_key(admin), 1)
    assert registry is not None and registry.devices[room.device_id].revoked_after is None

    recorded_messages.confirm_answer = True
    qtbot.mouseClick(panel.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _state(panel, "Кабинет 12") == REVOKED, timeout=20_000)
    registry = read_registry(ShareLayout(share), _root_key(admin), 1)
    assert registry is not None and registry.devices[room.device_id].revoked_after == 0
    assert registry.key_id == 2  # the school key was rotated
    _shot(window, tmp_path, "computers_revoked")
    assert NOW  # the helpers' clock is the sync tests' one



def _state(panel: Any, name: str) -> str | None:
    rows = {r.name: r for r in panel.view.rows} if panel.view else {}
    return rows[name].state if name in rows else None


def _root_key(admin: Any) -> bytes:
    from sqlalchemy.orm import Session

    from database.engine import make_engine
    from database.sync.config import load_config

    engine = make_engine(admin.paths.db, admin.data_key)
    try:
        with Session(engine) as session:
            config = load_config(session)
            assert config is not None
            return config.root_key
    finally:
        engine.dispose()


def test_a_joined_computer_says_it_has_no_recovery_key(
        app: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.database.sync_helpers import join

    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    room = join(tmp_path, share, admin, "room7")
    room.engine.dispose()
    signed = _attach(qtbot, lambda: _signed(room.paths, room.data_key, "room7"))
    window = _window(qtbot, signed)
    text = window.recovery_label.text()
    assert "нет своего ключа восстановления" in text and "подключите компьютер заново" in text
    panel = window.computers
    assert not panel.enrol_button.isVisible() and not panel.revoke_button.isVisible()
    assert {r.name for r in panel.view.rows} == {"Администрация", "room7"} if panel.view else False
    _shot(window, tmp_path, "share_joined_classroom")
    admin.close()
