"""A form dialog for one record: fields added by the screen, OK runs a service on the
worker; a refusal is shown inside the dialog (in Russian, the typed values kept), so
nothing the user entered is lost.

Shared by every people screen (and fit for the set-up screens): ``line``, ``combo``,
``date``, ``number`` and ``check`` add a labelled field; ``submit(build)`` sets what OK
does — ``build(values)`` returns the function to run with the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from database.errors import DomainError
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.generated.ui_record_dialog import Ui_RecordDialog
from desktop_app.worker import DbOp

log = logging.getLogger("school_journal.gui")

NO_DATE = QDate(1900, 1, 1)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


Build = Callable[[dict[str, Any]], Callable[[Session], Any]]


class RecordDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None, *, hint: str = "") -> None:
        super().__init__(parent)
        self.ui = Ui_RecordDialog()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(title)
        self.ui.hintLabel.setText(hint)
        self.ui.hintLabel.setVisible(bool(hint))
        self.ui.errorLabel.setObjectName("errorLabel")
        self.ui.errorLabel.setVisible(False)
        self.fields: dict[str, QWidget] = {}
        self._build: Build | None = None
        self._done: Callable[[Any], None] | None = None
        self.saving = False
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    # --- fields ---------------------------------------------------------------------------

    def _add(self, key: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(f"{key}Field")
        self.fields[key] = widget
        self.ui.formLayout.addRow(label, widget)

    def line(self, key: str, label: str, value: str = "", *, placeholder: str = "",
             completions: Sequence[str] = ()) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setPlaceholderText(placeholder)
        if completions:
            completer = QCompleter(list(completions), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            edit.setCompleter(completer)
        self._add(key, label, edit)
        return edit

    def combo(self, key: str, label: str, items: Sequence[tuple[str, Any]],
              current: Any = None) -> QComboBox:
        box = QComboBox(self)
        for text, data in items:
            box.addItem(text, data)
        # Compared in Python: Qt cannot compare wrapped Python objects such as UUIDs.
        for index, (_, data) in enumerate(items):
            if current is not None and data == current:
                box.setCurrentIndex(index)
                break
        self._add(key, label, box)
        return box

    def date(self, key: str, label: str, value: date | None, *,
             optional: bool = False) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        if optional:
            # The lowest date stands for "not given" and shows as a dash.
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("—")
        edit.setDate(to_qdate(value) if value is not None else NO_DATE)
        self._add(key, label, edit)
        return edit

    def number(self, key: str, label: str, value: float, *, minimum: float, maximum: float,
               step: float = 1.0, decimals: int = 0) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(minimum, maximum)
        spin.setSingleStep(step)
        spin.setDecimals(decimals)
        spin.setValue(value)
        self._add(key, label, spin)
        return spin

    def check(self, key: str, label: str, value: bool) -> QCheckBox:
        box = QCheckBox(label, self)
        box.setChecked(value)
        box.setObjectName(f"{key}Field")
        self.fields[key] = box
        self.ui.formLayout.addRow("", box)
        return box

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                result[key] = widget.text()
            elif isinstance(widget, QComboBox):
                result[key] = widget.currentData()
            elif isinstance(widget, QDateEdit):
                day = widget.date()
                result[key] = None if day == NO_DATE else from_qdate(day)
            elif isinstance(widget, QDoubleSpinBox):
                result[key] = widget.value()
            elif isinstance(widget, QCheckBox):
                result[key] = widget.isChecked()
        return result

    # --- saving ---------------------------------------------------------------------------

    def submit(self, build: Build, done: Callable[[Any], None] | None = None) -> RecordDialog:
        self._build, self._done = build, done
        return self

    def show_error(self, exc: BaseException) -> None:
        self.saving = False
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if not isinstance(exc, DomainError):
            log.error("saving a record failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.ui.errorLabel.setText(messages.error_text(exc))
        self.ui.errorLabel.setVisible(True)

    def error_text(self) -> str:
        return self.ui.errorLabel.text() if self.ui.errorLabel.isVisible() else ""

    def save(self) -> None:
        if self._build is None or self.saving:
            self.accept()
            return
        try:
            run = self._build(self.values())
        except DomainError as exc:  # checked before the worker (e.g. a missing choice)
            self.show_error(exc)
            return
        self.saving = True
        self.ui.errorLabel.setVisible(False)  # the answer to this attempt replaces it
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        done = self._done

        def saved(result: Any) -> None:
            self.saving = False
            self.accept()
            if done is not None:
                done(result)

        DbOp(run).success(saved).failure(self.show_error).parent(self).run()
