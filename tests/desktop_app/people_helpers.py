"""Driving the people screens in tests: open a screen, fill a record dialog and press
OK, wait for the list to show the result."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
)

from desktop_app.people.record_dialog import RecordDialog, to_qdate
from tests.desktop_app.journal_helpers import TODAY


def open_screen(qtbot: Any, host: Any, signed: Any, screen: str) -> tuple[Any, Any]:
    from desktop_app.people import open_people_window

    window = open_people_window(host, signed, screen, today=lambda: TODAY)
    page = window.pages[screen]
    qtbot.waitUntil(lambda: page.loaded and not page.loading, timeout=20_000)
    return window, page


def fill(dialog: RecordDialog, **values: Any) -> None:
    for key, value in values.items():
        widget = dialog.fields[key]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QComboBox):
            index = next((i for i in range(widget.count())
                          if widget.itemData(i) == value or widget.itemText(i) == value), -1)
            assert index >= 0, f"{key}: no choice {value!r}"
            widget.setCurrentIndex(index)
        elif isinstance(widget, QDateEdit):
            assert isinstance(value, date)
            widget.setDate(to_qdate(value))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setValue(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value)


def press_ok(qtbot: Any, dialog: RecordDialog) -> str:
    """OK; returns the refusal shown in the dialog, or "" once it has closed."""
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted
                    or bool(dialog.error_text()), timeout=20_000)
    return dialog.error_text()


def wait_row(qtbot: Any, page: Any, predicate: Any) -> Any:
    qtbot.waitUntil(lambda: not page.loading and any(predicate(r) for r in page.model.rows),
                    timeout=20_000)
    return next(r for r in page.model.rows if predicate(r))


def select(qtbot: Any, page: Any, row: Any) -> None:
    page.ui.searchEdit.clear()
    assert page.select_id(row.id), row
    assert page.current() == row


def run_task(qtbot: Any, fn: Any) -> Any:
    """Run ``fn()`` on the database worker (where the signed-in database lives); its
    result, or its exception raised here."""
    from desktop_app.worker import Task

    box: list[Any] = []
    errors: list[BaseException] = []
    Task(fn).success(box.append).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(box or errors), timeout=60_000)
    if errors:
        raise errors[0]
    return box[0]


def show_section(main: Any, key: str) -> Any:
    """Go to a section of the main window, as a click in its navigation does."""
    main.ui.navigationList.setCurrentRow(main.section_keys.index(key))
    return main.ui.pageStack.currentWidget()
