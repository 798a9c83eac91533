"""The import dialog: the preview before anything is written, «Import» refused while
any row has an error, the write itself, Stop, templates, and where it is opened."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from database.auth import SignedIn
from database.models import Student
from desktop_app.setup.import_dialog import ImportDialog
from desktop_app.setup.import_preview import StatusRole
from desktop_app.worker import DbOp
from tests.database.import_files import write_xlsx
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main
from tests.desktop_app.journal_helpers import run_db, signed_in

WAIT_MS = 30_000
HEADER = ["№", "ФИО", "Пол", "Дата рождения", "Класс"]


@pytest.fixture
def admin(qtbot: Any, app: Any, demo_paths: Any) -> SignedIn:
    return signed_in(qtbot, demo_paths, "admin", role="admin")


@pytest.fixture
def dialog(qtbot: Any, admin: SignedIn) -> ImportDialog:
    widget = ImportDialog(admin, "students")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def good_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "ученики.xlsx", [
        ["Список учеников 5 «А» класса"],
        HEADER,
        [1, "Новикова Алиса Романовна", "ж", "12.04.2015", "5A"],
        [2, "Орлов  Глеб Ильич", "", "03.07.2015", "5 «А»"],
    ], merges=["A1:E1"])


def statuses(dialog: ImportDialog) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, 0), StatusRole) for row in range(model.rowCount())]


def students_named(qtbot: Any, surnames: tuple[str, ...]) -> int:
    return int(run_db(qtbot, lambda s: s.execute(
        select(func.count()).select_from(Student).where(Student.surname.in_(surnames))
    ).scalar_one()))


def test_preview_then_import(qtbot: Any, dialog: ImportDialog, tmp_path: Path,
                             qtmodeltester: Any) -> None:
    path = good_file(tmp_path)
    with qtbot.waitSignal(dialog.previewShown, timeout=WAIT_MS):
        dialog.check_file(path)
    assert statuses(dialog) == ["new", "new"]
    assert dialog.model.data(dialog.model.index(0, 3)) == "Новикова Алиса Романовна, 5 «А»"
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    assert dialog.ui.importButton.isEnabled()
    assert students_named(qtbot, ("Новикова", "Орлов")) == 0  # the preview wrote nothing
    dialog.grab().save(str(tmp_path / "preview.png"))

    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    assert students_named(qtbot, ("Новикова", "Орлов")) == 2
    assert not dialog.ui.importButton.isEnabled()  # written: nothing more to do

    # The same file again: every row is unchanged, and there is nothing to import.
    with qtbot.waitSignal(dialog.previewShown, timeout=WAIT_MS):
        dialog.check_file(path)
    assert statuses(dialog) == ["unchanged", "unchanged"]
    assert not dialog.ui.importButton.isEnabled()


def test_errors_keep_import_disabled(qtbot: Any, dialog: ImportDialog, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [
        HEADER,
        [1, "Новикова Алиса Романовна", "ж", "12.04.2015", "5А"],
        [2, "Orlov Gleb", "м", "03.07.2015", "5А"],
        [3, "Зайцев Пётр", "м", "31.02.2015", "5А"],
    ])
    with qtbot.waitSignal(dialog.previewShown, timeout=WAIT_MS):
        dialog.check_file(path)
    assert statuses(dialog) == ["new", "error", "error"]
    assert not dialog.ui.importButton.isEnabled()
    model = dialog.model
    assert model.data(model.index(1, 2)) == "B3"
    assert model.data(model.index(2, 2)) == "D4"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is not None
    dialog.ui.errorsOnlyCheck.setChecked(True)
    assert dialog.proxy.rowCount() == 2
    dialog.resize(1000, 420)
    dialog.grab().save(str(tmp_path / "errors.png"))
    # Clicking the disabled button writes nothing.
    qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    assert students_named(qtbot, ("Новикова",)) == 0


def test_stop_drops_the_preview(qtbot: Any, dialog: ImportDialog, tmp_path: Path) -> None:
    """Stop pressed while the job waits its turn on the worker: it ends at its first
    progress report, nothing is shown and nothing written."""
    gate = threading.Event()
    held: list[bool] = []
    DbOp(lambda s: gate.wait(WAIT_MS / 1000)).success(held.append).run()
    dialog.check_file(good_file(tmp_path))
    assert dialog.ui.cancelButton.isVisible()
    with qtbot.waitSignal(dialog.busyChanged, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ui.cancelButton, Qt.MouseButton.LeftButton)
        gate.set()
    assert dialog.preview is None
    assert dialog.model.rowCount() == 0
    assert not dialog.ui.importButton.isEnabled()
    assert not dialog.ui.cancelButton.isVisible()


def test_template_saved(qtbot: Any, dialog: ImportDialog, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch, recorded_messages: Any) -> None:
    target = tmp_path / "шаблон.xlsx"
    monkeypatch.setattr(dialog, "ask_save_path", lambda suggested: target)
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData("parents"))
    assert "Фамилия родителя" in dialog.ui.columnsLabel.text()
    qtbot.mouseClick(dialog.ui.templateButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(recorded_messages.texts("info")), timeout=WAIT_MS)
    assert target.is_file()
    # The template it saved is read back by the import it was made for.
    with qtbot.waitSignal(dialog.previewShown, timeout=WAIT_MS):
        dialog.check_file(target)
    assert dialog.model.rowCount() == 0


def test_opened_from_the_administration_page(qtbot: Any, make_controller: Any,
                                             tmp_path: Path) -> None:
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    main = controller.main
    main.show_section("administration")
    button = main.findChild(QPushButton, "openImportButton")
    assert button is not None
    main.resize(1000, 600)
    main.grab().save(str(tmp_path / "administration.png"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    opened = main.findChildren(ImportDialog)
    assert len(opened) == 1 and opened[0].isVisible()
    assert opened[0].kind == "students"


def test_export_list(qtbot: Any, dialog: ImportDialog, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch, recorded_messages: Any) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "сотрудники.xlsx"
    monkeypatch.setattr(dialog, "ask_save_path", lambda suggested: target)
    dialog.ui.exportCombo.setCurrentIndex(dialog.ui.exportCombo.findData("staff"))
    qtbot.mouseClick(dialog.ui.exportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(recorded_messages.texts("info")), timeout=WAIT_MS)
    rows = list(load_workbook(target).worksheets[0].values)
    assert rows[0][0] == "Фамилия" and len(rows) > 5


def test_a_file_that_is_no_table_is_explained(qtbot: Any, dialog: ImportDialog,
                                              tmp_path: Path, recorded_messages: Any) -> None:
    path = tmp_path / "письмо.xlsx"
    path.write_text("это не таблица", encoding="utf-8")
    with qtbot.waitSignal(dialog.busyChanged, timeout=WAIT_MS,
                          check_params_cb=lambda busy: not busy):
        dialog.check_file(path)
    assert "не открывается как таблица Excel" in dialog.ui.summaryLabel.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.ui.importButton.isEnabled()
    assert recorded_messages.texts("critical") == []  # no "something went wrong" box
