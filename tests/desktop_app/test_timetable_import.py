"""The timetable import from the timetable screen (tiny demo): «Import…» opens the
import dialog on the timetable; a file whose lessons clash is refused in the preview
(«Import» disabled, the clash explained on its row) and writes nothing; a good one
is written and the screen's week shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from database.models import TimetableEntry
from desktop_app.setup.import_dialog import ImportDialog
from desktop_app.setup.import_preview import StatusRole
from tests.database.import_files import write_xlsx
from tests.desktop_app.journal_helpers import run_db
from tests.desktop_app.setup_helpers import WAIT
from tests.desktop_app.test_timetable_screen import timetable

__all__ = ["timetable"]  # the fixture

HEADER = ["День недели", "№ урока", "Предмет", "Группа", "Кабинет", "Действует с"]


def _entries(qtbot: Any) -> int:
    return int(run_db(qtbot, lambda s: s.execute(
        select(func.count()).select_from(TimetableEntry)).scalar_one()))


def _statuses(dialog: ImportDialog) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, 0), StatusRole) for row in range(model.rowCount())]


def test_a_clash_is_refused_and_a_good_file_written(qtbot, timetable, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = timetable
    dialog = window.import_timetable()
    assert isinstance(dialog, ImportDialog) and dialog.kind == "timetable"
    qtbot.addWidget(dialog)
    before = _entries(qtbot)
    clash = write_xlsx(tmp_path / "5А.xlsx", [
        HEADER,
        ["суббота", 1, "Математика", "", "204", "18.11.2026"],  # the screen's today
        ["суббота", 1, "Русский язык", "", "201", ""],
    ])
    # The sheet is named after the class.
    book = load_workbook(clash)
    book.active.title = "5А"  # type: ignore[union-attr]
    book.save(clash)
    with qtbot.waitSignal(dialog.previewShown, timeout=WAIT):
        dialog.check_file(clash)
    assert _statuses(dialog) == ["new", "error"]
    detail = dialog.model.data(dialog.model.index(1, dialog.model.columnCount() - 1))
    assert "суббота, 1-й урок: у класса в это время уже стоит урок" in str(detail)
    assert not dialog.ui.importButton.isEnabled()
    assert _entries(qtbot) == before

    good = tmp_path / "good.xlsx"
    book = load_workbook(clash)
    book.active.delete_rows(3)  # type: ignore[union-attr]
    book.save(good)
    with qtbot.waitSignal(dialog.previewShown, timeout=WAIT):
        dialog.check_file(good)
    assert _statuses(dialog) == ["new"]
    dialog.grab().save(str(tmp_path / "import.png"))
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    # From that day the class has exactly the file's week: Saturday's mathematics.
    qtbot.waitUntil(lambda: [
        (e.weekday, e.lesson_number, e.room)
        for e in window.week.class_entries(window.ui.whoCombo.currentData())] == [(6, 1, "204")],
        timeout=WAIT)
    assert "импортировано" in window.ui.statusLabel.text()
