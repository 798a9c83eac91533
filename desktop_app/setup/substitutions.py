"""The substitutions screen (administration): a teacher marked absent for some days,
that teacher's lessons in those days, and for the chosen lesson the teachers free at
its lesson number — those who teach its subject first. «Assign» records the
substitute on the lesson (:func:`database.services.lessons.set_substitution`: the
substitute then finds the lesson in the journals it may open and fills it in),
«Cancel lesson» marks it not held, and both can be undone here. Every read and write
runs on the worker; the list is read again after each change.

Opened from the «Школа» page («Замены…»); the day's sheet for the staff room is the
registry's «substitutions» document, saved from here or from the report window.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.queries.home import current_year
from database.queries.substitutions import (
    LessonToCover,
    TeacherOption,
    lessons_to_cover,
    teaching_staff,
)
from database.services import lessons as lesson_services
from desktop_app import messages, preferences
from desktop_app.dialogs import app_icon
from desktop_app.people.record_dialog import from_qdate
from desktop_app.setup.date_range import qdate
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.setup.timetable_grid import weekday_name
from desktop_app.worker import DbOp

WINDOW_KEY = "substitutionsWindow"
STAFF_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Year:
    id: uuid.UUID
    start: date
    end: date
    teachers: tuple[TeacherOption, ...]


def _read_year(session: Session, signed: SignedIn) -> Year | None:
    year = current_year(session)
    if year is None:
        return None
    teachers = teaching_staff(session, signed.actor, year.id)
    return Year(year.id, year.start_date, year.end_date, tuple(teachers))


class SubstitutionsWindow(QWidget):
    changed = Signal()  # a substitution or a cancellation was written

    def __init__(self, signed: SignedIn, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("SubstitutionsWindow")
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Substitutions"))
        self.resize(1220, 640)
        self.signed = signed
        self._today = today
        self.year: Year | None = None
        self.lessons: list[LessonToCover] = []
        self._asked = 0
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Absent teacher:"), self))
        self.teacher_box = QComboBox(self)
        self.teacher_box.setObjectName("teacherBox")
        self.teacher_box.setMinimumContentsLength(22)
        top.addWidget(self.teacher_box)
        top.addWidget(QLabel(self.tr("from"), self))
        self.from_edit = self._date_edit("fromDateEdit", today())
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(self.tr("to"), self))
        self.to_edit = self._date_edit("toDateEdit", today())
        top.addWidget(self.to_edit)
        top.addWidget(QLabel(self.tr("Reason:"), self))
        # The reason is written on the lesson and printed on the sheet: in Russian.
        self.reason_edit = QLineEdit(self.tr("teacher's illness"), self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setMinimumWidth(180)
        top.addWidget(self.reason_edit, 1)
        layout.addLayout(top)
        self.summary_label = QLabel(self.tr("Reading…"), self)
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = QTableWidget(0, 4, splitter)
        self.table.setObjectName("lessonTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Day"), self.tr("Lesson"), self.tr("Journal"), self.tr("Substitute")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._lesson_chosen)
        right = QWidget(splitter)
        side = QVBoxLayout(right)
        side.setContentsMargins(6, 0, 0, 0)
        self.free_label = QLabel(self.tr("Free at this lesson:"), right)
        side.addWidget(self.free_label)
        self.free_list = QListWidget(right)
        self.free_list.setObjectName("freeList")
        self.free_list.itemDoubleClicked.connect(lambda _item: self.assign())
        self.free_list.itemSelectionChanged.connect(self._update_buttons)
        side.addWidget(self.free_list, 1)
        self.assign_button = self._button(side, "assignButton", self.tr("Assign substitute"),
                                          self.assign)
        self.assign_button.setProperty("accent", True)
        self.unassign_button = self._button(side, "unassignButton",
                                            self.tr("Remove the substitution"), self.unassign)
        self.cancel_button = self._button(side, "cancelLessonButton",
                                          self.tr("Cancel the lesson"), self.cancel_lesson)
        self.restore_button = self._button(side, "restoreLessonButton",
                                           self.tr("Restore the lesson"), self.restore_lesson)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 340])
        layout.addWidget(splitter, 1)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        bottom = QHBoxLayout()
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("statusLabel")
        bottom.addWidget(self.status_label, 1)
        self.sheet_button = QPushButton(self.tr("Sheet of the day to PDF…"), self)
        self.sheet_button.setObjectName("sheetButton")
        self.sheet_button.setToolTip(self.tr(
            "The day's substitutions and cancelled lessons of the whole school, for the "
            "staff room (the first day chosen above)."))
        self.sheet_button.clicked.connect(lambda _=False: self.print_sheet())
        bottom.addWidget(self.sheet_button)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update_buttons()
        DbOp(lambda s: _read_year(s, signed)).success(self._show_year).failure(
            self.problems.show_error).parent(self).read_for(self).run()

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(qdate(day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.dateChanged.connect(lambda _: self._dates_changed(edit))
        return edit

    def _button(self, layout: QVBoxLayout, name: str, text: str,
                slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        layout.addWidget(button)
        return button

    # --- reading ------------------------------------------------------------------------

    def _show_year(self, year: Year | None) -> None:
        self.year = year
        if year is None:
            self.summary_label.setText(self.tr("No school year has been created yet."))
            return
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.setDateRange(qdate(year.start), qdate(year.end))
            edit.blockSignals(False)
        self.teacher_box.blockSignals(True)
        for teacher in year.teachers:
            self.teacher_box.addItem(teacher.name, str(teacher.staff_id))
        self.teacher_box.blockSignals(False)
        self.teacher_box.currentIndexChanged.connect(lambda _: self.load())
        self.load()

    def select_teacher(self, staff_id: uuid.UUID) -> None:
        index = self.teacher_box.findData(str(staff_id))
        if index >= 0:
            self.teacher_box.setCurrentIndex(index)

    def teacher_id(self) -> uuid.UUID | None:
        data = self.teacher_box.currentData()
        return uuid.UUID(data) if data else None

    def _dates_changed(self, edit: QDateEdit) -> None:
        # Keep the range the right way round: moving one end past the other moves both.
        first, last = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
        if last < first:
            other = self.to_edit if edit is self.from_edit else self.from_edit
            other.blockSignals(True)
            other.setDate(edit.date())
            other.blockSignals(False)
        self.load()

    def load(self, then_say: str = "") -> None:
        """Read the absent teacher's lessons again; only the latest answer shows."""
        year, teacher = self.year, self.teacher_id()
        if year is None or teacher is None:
            return
        first, last = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
        actor = self.signed.actor
        self._asked += 1
        asked = self._asked
        self.status_label.setText(then_say or self.tr("Reading…"))

        def show(lessons: list[LessonToCover]) -> None:
            if asked == self._asked:
                self._show_lessons(lessons, then_say)

        def failed(exc: BaseException) -> None:
            if asked == self._asked:
                self.status_label.setText("")
                self._show_lessons([], "")
                self.problems.show_error(exc)

        DbOp(lambda s: lessons_to_cover(s, actor, year.id, teacher, first, last)).success(
            show).failure(failed).parent(self).read_for(self).run()

    def _show_lessons(self, lessons: list[LessonToCover], then_say: str) -> None:
        chosen = self.chosen()
        self.lessons = lessons
        self.problems.clear_problems()
        self.status_label.setText(then_say)
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(lessons))
        for row, lesson in enumerate(lessons):
            day = f"{lesson.date:%d.%m.%Y}, {weekday_name(lesson.date.isoweekday()).lower()}"
            if lesson.cancelled:
                who = self.tr("cancelled")
            elif lesson.substitute:
                who = f"{lesson.substitute} ({lesson.substitution_reason})"
            else:
                who = "—"
            for column, text in enumerate((day, str(lesson.lesson_number),
                                           lesson.journal_title, who)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # long journal titles and reasons are cut
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
        table.blockSignals(False)
        uncovered = sum(1 for x in lessons if not x.substitute and not x.cancelled)
        if lessons:
            self.summary_label.setText(
                self.tr("Lessons in these days: %1; without a substitute: %2.")
                .replace("%1", str(len(lessons))).replace("%2", str(uncovered)))
        else:
            self.summary_label.setText(self.tr("The teacher has no lessons in these days."))
        row = next((i for i, x in enumerate(lessons)
                    if chosen is not None and x.lesson_id == chosen.lesson_id), 0)
        if lessons:
            table.selectRow(row)
        self._lesson_chosen()

    def chosen(self) -> LessonToCover | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.lessons):
            return None
        return self.lessons[rows[0].row()]

    def _lesson_chosen(self) -> None:
        lesson = self.chosen()
        self.free_list.clear()
        if lesson is None:
            self.free_label.setText(self.tr("Free at this lesson:"))
        else:
            self.free_label.setText(
                self.tr("Free on %1 at lesson %2 (teachers of the subject first):")
                .replace("%1", f"{lesson.date:%d.%m.%Y}").replace(
                    "%2", str(lesson.lesson_number)))
            for candidate in lesson.free:
                text = candidate.name
                if candidate.teaches_subject:
                    text += " — " + self.tr("teaches this subject")
                item = QListWidgetItem(text, self.free_list)
                item.setData(STAFF_ROLE, str(candidate.staff_id))
                item.setData(NAME_ROLE, candidate.name)
                if candidate.teaches_subject:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
            if lesson.free:
                self.free_list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        lesson = self.chosen()
        open_lesson = lesson is not None and not lesson.cancelled
        self.assign_button.setEnabled(open_lesson and self.free_list.currentItem() is not None)
        self.unassign_button.setEnabled(open_lesson and bool(lesson and lesson.substitute))
        self.cancel_button.setEnabled(open_lesson)
        self.restore_button.setEnabled(lesson is not None and lesson.cancelled)

    # --- writing ------------------------------------------------------------------------

    def _write(self, fn: Callable[[Session], Any], done: str) -> None:
        self.problems.clear_problems()

        def saved(_result: Any) -> None:
            self.changed.emit()
            self.load(done)

        DbOp(fn).success(saved).failure(self.problems.show_error).parent(self).run()

    def assign(self) -> None:
        lesson, item = self.chosen(), self.free_list.currentItem()
        if lesson is None or lesson.cancelled or item is None:
            return
        staff_id = uuid.UUID(str(item.data(STAFF_ROLE)))
        actor, reason = self.signed.actor, self.reason_edit.text()
        name = str(item.data(NAME_ROLE))
        self._write(lambda s: lesson_services.set_substitution(
            s, actor, lesson.lesson_id, staff_id, reason),
            self.tr("%1 substitutes lesson %2 on %3.").replace("%1", name).replace(
                "%2", str(lesson.lesson_number)).replace("%3", f"{lesson.date:%d.%m.%Y}"))

    def unassign(self) -> None:
        lesson = self.chosen()
        if lesson is None or not lesson.substitute:
            return
        actor = self.signed.actor
        self._write(lambda s: lesson_services.set_substitution(
            s, actor, lesson.lesson_id, None), self.tr("The substitution was removed."))

    def cancel_lesson(self) -> None:
        lesson = self.chosen()
        if lesson is None or lesson.cancelled:
            return
        if not messages.confirm(self, self.tr(
                "Cancel lesson %1 on %2 (%3)? The reason «%4» goes into the change log.")
                .replace("%1", str(lesson.lesson_number))
                .replace("%2", f"{lesson.date:%d.%m.%Y}")
                .replace("%3", lesson.journal_title)
                .replace("%4", self.reason_edit.text().strip())):
            return
        actor, reason = self.signed.actor, self.reason_edit.text()
        self._write(lambda s: lesson_services.cancel_lesson(s, actor, lesson.lesson_id, reason),
                    self.tr("The lesson was cancelled."))

    def restore_lesson(self) -> None:
        lesson = self.chosen()
        if lesson is None or not lesson.cancelled:
            return
        actor = self.signed.actor
        self._write(lambda s: lesson_services.restore_lesson(s, actor, lesson.lesson_id),
                    self.tr("The lesson was restored."))

    def choose_pdf(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the sheet"), suggested, self.tr("PDF (*.pdf)"))
        return Path(name) if name else None

    def print_sheet(self) -> None:
        """The substitutions sheet (the registry's document) of the first chosen day."""
        day = from_qdate(self.from_edit.date())
        path = self.choose_pdf(f"Замены уроков {day:%d.%m.%Y}.pdf")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        actor = self.signed.actor

        def build(session: Session) -> Path:
            from desktop_app.reports.registry import Params, document

            entry = document("substitutions")
            written: Path = entry.pdf(path, entry.load(session, actor, Params(day=day)),
                                      lambda _stage, _fraction: None)
            return written

        def built(written: Path) -> None:
            self.problems.clear_problems()
            self.status_label.setText(
                self.tr("The sheet is saved as %1.").replace("%1", str(written)))

        DbOp(build).success(built).failure(self.problems.show_error).parent(self).busy(
            self.tr("Printing the sheet…")).run()

    def show_days(self, first: date, last: date | None = None) -> None:
        """Choose the absent days (tests, and a caller that knows them)."""
        for edit, day in ((self.from_edit, first), (self.to_edit, last or first)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.load()

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        event.accept()

