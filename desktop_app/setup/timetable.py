"""The timetable screen (administration): a class's week — or a teacher's, or a
room's — as in force on a chosen day; a lesson edited in a dialog that checks
clashes live; a day copied to another, a week (the class's own of another date, or
a parallel class's) copied from a date; the import of a timetable from a
spreadsheet. Reads on the worker, writes through
:mod:`database.services.timetable`, which also brings the future lessons in line."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHeaderView, QWidget

from database.auth import SignedIn
from database.queries.timetable_week import TimetableWeek, WeekEntry, timetable_week
from desktop_app import preferences
from desktop_app.dialogs import app_icon
from desktop_app.generated.ui_timetable_window import Ui_TimetableWindow
from desktop_app.people.record_dialog import from_qdate
from desktop_app.setup.date_range import qdate, ru_date
from desktop_app.setup.timetable_dialogs import CopyDayDialog, CopyWeekDialog, LessonDialog
from desktop_app.setup.timetable_grid import TimetableGridModel
from desktop_app.worker import DbOp

WINDOW_KEY = "timetableWindow"
VIEWS = ("class", "teacher", "room")


class TimetableWindow(QWidget):
    changed = Signal()  # something was saved: the checklist reads again

    def __init__(self, signed: SignedIn, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ui = Ui_TimetableWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.signed = signed
        self._today = today
        self.week: TimetableWeek | None = None
        self._then_say = ""
        self.model = TimetableGridModel()
        ui = self.ui
        ui.grid.setModel(self.model)
        ui.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        ui.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        ui.viewCombo.addItem(self.tr("Class"), "class")
        ui.viewCombo.addItem(self.tr("Teacher"), "teacher")
        ui.viewCombo.addItem(self.tr("Room"), "room")
        ui.weekDateEdit.setDate(qdate(today()))
        ui.viewCombo.currentIndexChanged.connect(lambda _: self._fill_who())
        ui.whoCombo.currentIndexChanged.connect(lambda _: self._show_grid())
        ui.weekDateEdit.dateChanged.connect(lambda _: self.load())
        ui.grid.doubleClicked.connect(self.edit_cell)
        ui.editButton.clicked.connect(lambda: self.edit_cell(ui.grid.currentIndex()))
        ui.copyDayButton.clicked.connect(self.copy_day)
        ui.copyWeekButton.clicked.connect(self.copy_week)
        ui.importButton.clicked.connect(self.import_timetable)
        ui.closeButton.clicked.connect(self.close)
        ui.statusLabel.setText("")
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.load()

    # --- reading --------------------------------------------------------------------------

    def load(self, then_say: str = "") -> None:
        """Read the week again; ``then_say`` stays in the status line afterwards."""
        self._then_say = then_say
        actor, day = self.signed.actor, from_qdate(self.ui.weekDateEdit.date())
        self.ui.statusLabel.setText(self.tr("Reading…"))
        DbOp(lambda s: timetable_week(s, actor, day)).success(self._show).failure(
            self.ui.problemLabel.show_error).parent(self).read_for(self).run()

    def _show(self, week: TimetableWeek | None) -> None:
        self.week = week
        ui = self.ui
        ui.statusLabel.setText(self._then_say)
        if week is None:
            ui.yearLabel.setText(self.tr("No school year has been created yet."))
        else:
            ui.yearLabel.setText(
                self.tr("School year %1. The week in force on %2; double-click a cell to "
                        "change it.").replace("%1", week.year_name).replace(
                            "%2", ru_date(week.day)))
            edit = ui.weekDateEdit
            edit.blockSignals(True)
            edit.setDateRange(qdate(week.year_start), qdate(week.year_end))
            edit.setDate(qdate(week.day))
            edit.blockSignals(False)
        self._fill_who()

    def view(self) -> str:
        return str(self.ui.viewCombo.currentData())

    def _fill_who(self) -> None:
        box, week = self.ui.whoCombo, self.week
        previous = box.currentData()
        box.blockSignals(True)
        box.clear()
        if week is not None:
            items: tuple[tuple[Any, str], ...]
            if self.view() == "class":
                items = week.classes
            elif self.view() == "teacher":
                items = week.teachers
            else:
                items = tuple((room, room) for room in week.rooms)
            for data, text in items:
                box.addItem(text, data)
            for index in range(box.count()):
                if box.itemData(index) == previous:
                    box.setCurrentIndex(index)
        box.blockSignals(False)
        self._show_grid()

    def _show_grid(self) -> None:
        week, who = self.week, self.ui.whoCombo.currentData()
        entries: list[WeekEntry] = []
        if week is not None and who is not None:
            if self.view() == "class":
                entries = week.class_entries(who)
            elif self.view() == "teacher":
                entries = week.teacher_entries(who)
            else:
                entries = week.room_entries(str(who))
        self.model.show(week, entries, self.view())
        editable = week is not None and who is not None and self.view() == "class"
        self.ui.copyDayButton.setEnabled(editable)
        self.ui.copyWeekButton.setEnabled(editable)
        self.ui.editButton.setEnabled(week is not None and who is not None)

    # --- writing --------------------------------------------------------------------------

    def select_class(self, class_id: uuid.UUID) -> None:
        self.ui.viewCombo.setCurrentIndex(VIEWS.index("class"))
        box = self.ui.whoCombo
        for index in range(box.count()):
            if box.itemData(index) == class_id:
                box.setCurrentIndex(index)

    def edit_cell(self, index: QModelIndex) -> LessonDialog | None:
        """Open the lesson dialog for a cell. In a teacher's or a room's week the
        cell's (first) lesson opens in its class's week."""
        week = self.week
        if week is None or not index.isValid():
            return None
        entries = self.model.entries_at(index)
        if self.view() != "class":
            if not entries:
                self.ui.problemLabel.show_problems([self.tr(
                    "Lessons are added in a class's week: choose «Class» above.")])
                return None
            self.select_class(week.assignments[entries[0].assignment_id].class_id)
            index = self.model.index(index.row(), index.column())
            entries = self.model.entries_at(index)
        class_id = self.ui.whoCombo.currentData()
        self.ui.problemLabel.clear_problems()
        dialog = LessonDialog(
            self.signed.actor, week, class_id, index.column() + 1, index.row() + 1, entries,
            self._today(), self, done=self._saved,
        )
        dialog.open()
        return dialog

    def copy_day(self) -> CopyDayDialog | None:
        week, class_id = self.week, self.ui.whoCombo.currentData()
        if week is None or class_id is None or self.view() != "class":
            return None
        current = self.ui.grid.currentIndex()
        weekday = current.column() + 1 if current.isValid() else 1
        dialog = CopyDayDialog(self.signed.actor, week, class_id, weekday, self._today(), self,
                               done=self._saved)
        dialog.open()
        return dialog

    def copy_week(self) -> CopyWeekDialog | None:
        week, class_id = self.week, self.ui.whoCombo.currentData()
        if week is None or class_id is None or self.view() != "class":
            return None
        dialog = CopyWeekDialog(self.signed.actor, week, class_id, self._today(), self,
                                done=self._saved)
        dialog.open()
        return dialog

    def import_timetable(self) -> QWidget:
        """The import dialog for the timetable (its preview refuses a file with any
        bad row); once written, the week is read again."""
        from desktop_app.setup.import_dialog import ImportDialog

        dialog = ImportDialog.open_for(self.signed, "timetable", self)
        dialog.imported.connect(lambda _kind: self._imported())
        return dialog

    def _imported(self) -> None:
        self.load(self.tr("The timetable was imported; the future lessons follow it."))
        self.changed.emit()

    def _saved(self, result: Any) -> None:
        created = getattr(result, "created", 0)
        removed = getattr(result, "removed", 0)
        self.load(self.tr("Saved. Future lessons: %1 added, %2 removed.").replace(
            "%1", str(created)).replace("%2", str(removed)))
        self.changed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        event.accept()

