"""The school card and rules (administration): names, director, the notation, work
types and weights, the rounding threshold, the time windows, the grades taught
without marks, password and lockout rules, idle lock and "remember me" per kind of
computer.

The card is read on the worker as one snapshot; Save sends only what changed, in
one transaction (``update_school`` and ``set_settings``): the services validate
everything, and a refusal is shown under the tabs with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCheckBox, QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.errors import ValidationError
from database.queries.school_card import SchoolCard, school_card
from database.services.school import set_settings, update_school
from desktop_app import numbers, preferences
from desktop_app.dialogs import app_icon
from desktop_app.generated.ui_school_card_window import Ui_SchoolCardWindow
from desktop_app.worker import DbOp

WINDOW_KEY = "schoolCardWindow"


def _parse_weight(text: str, name: str) -> float:
    try:
        return float(text.replace(",", ".").strip())
    except ValueError:
        raise ValidationError(
            f"Вес вида работы «{name}» должен быть числом, например 1 или 1,5."
        ) from None


class SchoolCardWindow(QWidget):
    """Emits :attr:`saved` after a save went through (the checklist re-reads)."""

    saved = Signal()

    def __init__(
        self, signed: SignedIn, parent: QWidget | None = None,
        *, today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ui = Ui_SchoolCardWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.signed = signed
        self._today = today
        self.card: SchoolCard | None = None
        ui = self.ui
        ui.attendanceEditor.set_headers(self.tr("Code"), self.tr("Meaning"), 70)
        ui.periodMarksEditor.set_headers(self.tr("Mark"), self.tr("Meaning"), 70)
        ui.workTypesEditor.set_headers(self.tr("Work type"), self.tr("Weight"), 300)
        self.grade_checks: dict[int, QCheckBox] = {}
        for grade in range(1, 12):
            check = QCheckBox(str(grade), self)
            check.setObjectName(f"unmarkedGrade{grade}")
            ui.unmarkedLayout.addWidget(check)
            self.grade_checks[grade] = check
        ui.unmarkedLayout.addStretch(1)
        ui.workTypesEditor.table.itemChanged.connect(self._work_types_changed)
        ui.saveButton.clicked.connect(self.save)
        ui.closeButton.clicked.connect(self.close)
        ui.saveButton.setEnabled(False)
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.load()

    # --- reading ------------------------------------------------------------------------

    def load(self) -> None:
        actor = self.signed.actor
        DbOp(lambda s: school_card(s, actor)).success(self._show).failure(
            self.ui.problemLabel.show_error).read_for(self).parent(self).run()

    def _show(self, card: SchoolCard) -> None:
        self.card = card
        ui = self.ui
        school = card.school
        ui.fullNameEdit.setPlainText(school.full_name if school else "")
        ui.shortNameEdit.setText(school.short_name if school else "")
        ui.directorEdit.setText(school.director_name if school else "")
        ui.addressEdit.setText(school.address if school else "")
        v = card.settings
        ui.attendanceEditor.set_pairs(v["attendance_codes"].items())
        ui.periodMarksEditor.set_pairs(v["period_mark_values"].items())
        ui.markValuesEdit.setText(", ".join(v["mark_values"]))
        unmarked = set(v["unmarked_grades"])
        for grade, check in self.grade_checks.items():
            check.setChecked(grade in unmarked)
        ui.workTypesEditor.set_pairs(
            (name, numbers.compact(float(weight))) for name, weight in v["work_types"].items())
        ui.defaultWorkTypeCombo.clear()
        ui.defaultWorkTypeCombo.addItems(list(v["work_types"]))
        ui.defaultWorkTypeCombo.setCurrentText(str(v["default_work_type"]))
        ui.roundingSpin.setValue(float(v["rounding_threshold"]))
        ui.homeworkSpin.setValue(int(v["homework_minutes_after_lesson"]))
        ui.periodDaysSpin.setValue(int(v["period_marks_last_days"]))
        ui.correctionSpin.setValue(int(v["correction_window_days"]))
        ui.fileIndexEdit.setText(str(v["journal_file_index"]))
        ui.passwordLengthSpin.setValue(int(v["password_min_length"]))
        ui.lockoutAttemptsSpin.setValue(int(v["lockout_attempts"]))
        ui.lockoutMinutesSpin.setValue(int(v["lockout_minutes"]))
        ui.classroomIdleSpin.setValue(int(v["idle_lock_minutes"]["classroom"]))
        ui.adminIdleSpin.setValue(int(v["idle_lock_minutes"]["admin"]))
        ui.classroomRememberCheck.setChecked(bool(v["remember_me_allowed"]["classroom"]))
        ui.adminRememberCheck.setChecked(bool(v["remember_me_allowed"]["admin"]))
        ui.saveButton.setEnabled(True)

    def _work_types_changed(self, *_: object) -> None:
        """The default work type is chosen among the types in the table."""
        combo = self.ui.defaultWorkTypeCombo
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([name for name, _ in self.ui.workTypesEditor.pairs()])
        combo.setCurrentText(current)
        combo.blockSignals(False)

    # --- what the form says -------------------------------------------------------------

    def school_fields(self) -> dict[str, str]:
        ui = self.ui
        return {
            "full_name": " ".join(ui.fullNameEdit.toPlainText().split()),
            "short_name": ui.shortNameEdit.text(),
            "director_name": ui.directorEdit.text(),
            "address": ui.addressEdit.text(),
        }

    def setting_values(self) -> dict[str, Any]:
        """Every setting as the form shows it (raises ValidationError for a weight
        that is not a number)."""
        ui = self.ui
        marks = [m for m in ui.markValuesEdit.text().replace(";", ",").replace(" ", ",")
                 .split(",") if m]
        return {
            "attendance_codes": dict(ui.attendanceEditor.pairs()),
            "mark_values": marks,
            "period_mark_values": dict(ui.periodMarksEditor.pairs()),
            "work_types": {name: _parse_weight(weight, name)
                           for name, weight in ui.workTypesEditor.pairs()},
            "default_work_type": ui.defaultWorkTypeCombo.currentText().strip(),
            "rounding_threshold": round(ui.roundingSpin.value(), 2),
            "homework_minutes_after_lesson": ui.homeworkSpin.value(),
            "period_marks_last_days": ui.periodDaysSpin.value(),
            "correction_window_days": ui.correctionSpin.value(),
            "journal_file_index": ui.fileIndexEdit.text().strip(),
            "password_min_length": ui.passwordLengthSpin.value(),
            "lockout_attempts": ui.lockoutAttemptsSpin.value(),
            "lockout_minutes": ui.lockoutMinutesSpin.value(),
            "idle_lock_minutes": {"classroom": ui.classroomIdleSpin.value(),
                                  "admin": ui.adminIdleSpin.value()},
            "remember_me_allowed": {"classroom": ui.classroomRememberCheck.isChecked(),
                                    "admin": ui.adminRememberCheck.isChecked()},
            "unmarked_grades": [g for g, check in self.grade_checks.items()
                                if check.isChecked()],
        }

    # --- saving -----------------------------------------------------------------------

    def save(self) -> None:
        card = self.card
        if card is None:
            return
        ui = self.ui
        try:
            values = self.setting_values()
        except ValidationError as exc:
            ui.problemLabel.show_error(exc)
            return
        settings = {k: value for k, value in values.items() if card.settings.get(k) != value}
        fields = self.school_fields()
        school = card.school
        if school is not None:
            fields = {k: value for k, value in fields.items() if getattr(school, k) != value}
        if not settings and not fields:
            ui.problemLabel.clear_problems()
            ui.statusLabel.setText(self.tr("Nothing has changed."))
            return
        actor = self.signed.actor

        def run(session: Session) -> SchoolCard:
            if fields:
                update_school(session, actor, **fields)
            if settings:
                set_settings(session, actor, settings)
            return school_card(session, actor)

        def done(fresh: SchoolCard) -> None:
            ui.problemLabel.clear_problems()
            self._show(fresh)
            ui.statusLabel.setText(self.tr("Saved."))
            self.saved.emit()

        def failed(exc: BaseException) -> None:
            ui.statusLabel.clear()
            ui.problemLabel.show_error(exc)

        ui.statusLabel.clear()
        DbOp(run).success(done).failure(failed).parent(self).busy(self.tr("Saving…")).run()

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        event.accept()
