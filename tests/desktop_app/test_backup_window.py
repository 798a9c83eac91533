"""The «Резервные копии и целостность» window: back up now (on the worker, with
progress), the list of checked backups, the integrity check in plain words, restore
from a chosen backup (current data kept aside), and a damaged database refused at
sign-in with the newest sound backup offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from database.auth import sign_in
from database.backup_catalog import take_backup
from database.models import Staff
from database.paths import SchoolPaths
from database.services.people import add_staff
from desktop_app.backup_window import BackupWindow
from desktop_app.dialogs import SignInDialog
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main


@pytest.fixture
def window(qtbot, make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["sysadmin"])
    wait_main(qtbot, controller)
    controller.main.open_backups()
    win = controller.main.backup_window
    assert isinstance(win, BackupWindow)
    qtbot.waitUntil(lambda: win.status.text() != "", timeout=30_000)
    return controller, win


def _staff_surnames(paths: SchoolPaths) -> set[str]:
    signed = sign_in(paths, *DEMO["admin"])
    try:
        with signed.sessions() as session:
            return set(session.execute(select(Staff.surname)).scalars())
    finally:
        signed.close()


def test_back_up_now_lists_a_sound_backup(qtbot, window, demo_paths, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    _, win = window
    progress: list[int] = []
    win.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(win.backupMade, timeout=60_000) as made:
        qtbot.mouseClick(win.backup_button, Qt.MouseButton.LeftButton)
    info = made.args[0]
    assert info.path.parent == demo_paths.backups_dir and info.path.name.startswith("backup-")
    assert progress and max(progress) == 100
    qtbot.waitUntil(lambda: any(e.path == info.path for e in win.entries), timeout=30_000)
    entry = next(e for e in win.entries if e.path == info.path)
    assert entry.ok
    win.grab().save("/tmp/paper-backups.png")


def test_integrity_check_in_plain_words(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _, win = window
    win.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(win.verified, timeout=60_000) as done:
        win.verify()
    report = done.args[0]
    assert report.ok
    text = win.report_view.toPlainText()
    assert "все страницы прошли проверку шифрования" in text
    assert "Журнал изменений цел" in text
    assert win.verdict.text() == "Проверка пройдена."
    win.grab().save("/tmp/paper-integrity.png")


def test_restore_from_the_selected_backup_keeps_the_current_data_aside(  # type: ignore[no-untyped-def]
    qtbot, window, demo_paths, recorded_messages, monkeypatch
) -> None:
    controller, win = window
    admin = sign_in(demo_paths, *DEMO["admin"])
    try:
        backup = take_backup(demo_paths, admin.engine)
        with admin.sessions() as session:
            add_staff(session, admin.actor, "Позднякова", "Ирина", "Олеговна",
                      position="учитель музыки")
            session.commit()
    finally:
        admin.close()
    assert "Позднякова" in _staff_surnames(demo_paths)
    with qtbot.waitSignal(win.backupsListed, timeout=30_000):
        win.refresh()
    win.select_backup(backup.path)
    assert win.restore_button.isEnabled()
    monkeypatch.setattr(win, "ask_password", lambda: DEMO["sysadmin"][1])
    win.restore_selected()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, SignInDialog), timeout=60_000)
    qtbot.waitUntil(lambda: any("Восстановлено" in t for t in recorded_messages.texts("info")),
                    timeout=60_000)
    assert controller.main is None
    assert "Позднякова" not in _staff_surnames(demo_paths)
    assert list(demo_paths.backups_dir.glob("before-restore-*.zip"))


def test_a_damaged_database_is_refused_at_sign_in_and_restored(  # type: ignore[no-untyped-def]
    qtbot, make_controller, demo_paths, recorded_messages
) -> None:
    admin = sign_in(demo_paths, *DEMO["admin"])
    try:
        backup = take_backup(demo_paths, admin.engine)
    finally:
        admin.close()
    data = bytearray(demo_paths.db.read_bytes())
    data[len(data) // 2] ^= 0x01
    demo_paths.db.write_bytes(bytes(data))

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    qtbot.waitUntil(lambda: any(kind == "confirm" for kind, _ in recorded_messages.shown),
                    timeout=60_000)
    offer = next(text for kind, text in recorded_messages.shown if kind == "confirm")
    assert "повреждён" in offer and "страница" in offer and backup.path.name in offer
    assert controller.main is None  # nobody works on the damaged file
    qtbot.waitUntil(lambda: any("Восстановлено" in t for t in recorded_messages.texts("info")),
                    timeout=60_000)
    sign_in(demo_paths, *DEMO["admin"]).close()  # the restored database opens
    assert Path(backup.path).exists()


def test_daily_backup_to_the_chosen_folder_once_a_day(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path, monkeypatch
) -> None:
    from datetime import datetime, timedelta

    from desktop_app import preferences
    from desktop_app.backup_schedule import DailyBackup

    controller, win = window
    share = tmp_path / "share"
    monkeypatch.setattr(win, "ask_folder", lambda: str(share))
    with qtbot.waitSignal(win.backupsListed, timeout=30_000):
        win.daily_check.setChecked(True)
    assert preferences.daily_backup_folder(win.signed.paths) == str(share)
    assert win.daily_edit.text() == str(share)

    clock = [datetime(2026, 11, 18, 8, 30)]
    daily = DailyBackup(controller.main.signed, now=lambda: clock[0])
    with qtbot.waitSignal(daily.finished, timeout=60_000) as made:
        assert daily.check_now()
    assert made.args[0].path.parent == share
    assert made.args[0].path.name == "backup-20261118-083000.zip"
    clock[0] += timedelta(hours=5)
    assert not daily.check_now()  # today's copy is there
    clock[0] += timedelta(hours=20)
    with qtbot.waitSignal(daily.finished, timeout=60_000):
        assert daily.check_now()
    assert len(list(share.glob("backup-*.zip"))) == 2
    with qtbot.waitSignal(win.backupsListed, timeout=30_000):
        win.refresh()
    assert sum(1 for e in win.entries if e.path.parent == share and e.ok) == 2
    daily.set_signed(None)  # locked: nothing runs
    clock[0] += timedelta(days=2)
    assert not daily.check_now()
    with qtbot.waitSignal(win.backupsListed, timeout=30_000):
        win.daily_check.setChecked(False)
    assert preferences.daily_backup_folder(win.signed.paths) == ""


def test_the_administration_builds_and_verifies_the_yearly_archive(  # type: ignore[no-untyped-def]
    qtbot, make_controller, tmp_path, monkeypatch
) -> None:
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    controller.main.open_backups()
    win = controller.main.backup_window
    tab = win.archive_tab
    assert tab is not None
    qtbot.waitUntil(lambda: tab.archive_status.text() != "", timeout=30_000)
    assert tab.register == []
    with qtbot.waitSignal(tab.registerListed, timeout=120_000):
        tab.build_archive()
    assert len(tab.register) == 1
    [check] = tab.archive_checks.values()
    assert check.ok
    assert tab.archive_table.item(0, 3).text() == tab.tr("signature and every file verified")
    assert not tab.destruction_button.isEnabled()  # nothing past its retention yet

    # Six years on: the journals and the change log are due for destruction.
    journals_until = tab.register[0].keep_until["journal"]
    tab.today = lambda: journals_until.replace(year=journals_until.year + 1)
    with qtbot.waitSignal(tab.registerListed, timeout=60_000):
        tab.refresh_register()
    assert tab.destruction_button.isEnabled()
    assert "срок хранения истёк" in tab.archive_table.item(0, 3).text()
    act = tmp_path / "акт"
    monkeypatch.setattr(tab, "ask_save_path", lambda suggested: str(act))
    with qtbot.waitSignal(tab.actSaved, timeout=60_000) as saved:
        qtbot.mouseClick(tab.destruction_button, Qt.MouseButton.LeftButton)
    assert saved.args == [tmp_path / "акт.pdf"]
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(saved.args[0]).pages)
    assert "о выделении к уничтожению" in text and "Классный журнал 5А.pdf" in text
    assert win.signed.paths.root.joinpath("archive", tab.register[0].folder.name).is_dir()
    win.tabs.setCurrentWidget(tab)
    win.grab().save(str(tmp_path / "archive-tab.png"))


def test_the_system_administrator_has_no_archive_tab(window) -> None:  # type: ignore[no-untyped-def]
    _, win = window
    assert win.archive_tab is None and win.tabs.count() == 2
