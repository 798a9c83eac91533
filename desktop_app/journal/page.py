"""The journal page: the grid, the period selector, undo/redo, the lesson panel,
and saving every edit at once through the database worker.

Each edit is shown at once, pushed on the undo stack and saved off the UI thread;
a save that fails puts the cells back and says why. The administration opens any
journal read-only and switches on «Corrections» to change it; a correction the
services call for gets a reason asked (:meth:`JournalPage.ask_reason`, patched in
tests) and is saved again with it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from database.actor import Actor, Role
from database.errors import DomainError, ReasonRequired, ValidationError
from database.queries.journal import JournalCell, JournalLesson, JournalRef, PeriodKey
from database.services import lessons as lesson_service
from database.services.marks import CellEntry, CellInfo, MarkInput
from database.services.period_marks import PeriodMarkInfo
from desktop_app import messages, preferences
from desktop_app.worker import DbOp

from .commands import CellsCommand, CellState, PeriodCommand, PeriodState
from .keyboard import Typing
from .lesson_panel import LessonChanges, LessonPanel
from .model import CellEdit, JournalModel, Kind, PeriodEdit, Roles, cell_from_info
from .ops import (
    JournalSnapshot,
    LessonChoices,
    PeriodMarkChange,
    lesson_choices,
    open_journal,
    refresh_suggestions,
    save_cells,
    save_period_mark,
)
from .view import JournalView

DIRECTION_KEY = "journal/direction"
VIEW_KEY = "journal/view"  # "year": journals open on the whole year; else the current period
FOLLOW_UP_DELAY_MS = 250  # when the grid is not painted (a page out of sight)
T = TypeVar("T")


def alive(widget: QWidget, callback: Callable[[T], None]) -> Callable[[T], None]:
    """A worker callback that does nothing once ``widget`` is gone (closed journal,
    workstation lock): results may arrive after the page was destroyed."""

    def call(value: T) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return call


def entry_of(student_id: uuid.UUID, lesson_id: uuid.UUID, cell: JournalCell | None) -> CellEntry:
    if cell is None:
        return CellEntry(lesson_id, student_id, None, ())
    return CellEntry(
        lesson_id, student_id, cell.attendance,
        tuple(MarkInput(m.value, m.work_type or None, m.weight if m.work_type else None,
                        m.comment) for m in cell.marks),
    )


class JournalPage(QWidget):
    """``JournalPage(actor, journal)``: opens the journal in the background and emits
    :attr:`loaded` once the grid shows it; :attr:`saved` after each save."""

    loaded = Signal()
    saved = Signal()
    saveFailed = Signal(str)
    closeRequested = Signal()
    suggestionsLoaded = Signal()
    choicesLoaded = Signal()
    gridShown = Signal()  # the first paint of the grid after each (re)load
    loadFailed = Signal()  # the journal could not be opened (the user was told why)

    def __init__(self, actor: Actor, journal: JournalRef | uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalPage")
        self.actor = actor
        self.assignment_id = journal.assignment_id if isinstance(journal, JournalRef) \
            else journal
        self.suggestions_ready = False
        self._follow_ups_due = False
        self.choices: LessonChoices | None = None
        # Ask first: the worker reads the journal while the widgets are being built.
        self.reload()
        self.snapshot: JournalSnapshot | None = None
        self.pending_saves = 0
        self.model = JournalModel(self)
        self.model.edit_handler = self._push_edits
        self.model.period_handler = self._push_period
        self.undo_stack = QUndoStack(self)
        self.typing = Typing((), ())
        self._stale_periods: set[uuid.UUID] = set()
        self._panel_shows: tuple[Any, bool, bool] | None = None
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(500)
        self._suggest_timer.timeout.connect(self._refresh_suggestions)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(self.tr("Opening the journal…"), self)
        self.title.setObjectName("titleLabel")
        layout.addWidget(self.title)
        self.toolbar = QToolBar(self)
        layout.addWidget(self.toolbar)
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("periodBox")
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_box.currentIndexChanged.connect(self._period_chosen)
        self.toolbar.addWidget(QLabel(self.tr("Period:") + " ", self))
        self.toolbar.addWidget(self.period_box)
        self.toolbar.addSeparator()
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.undo_action.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.redo_action.setToolTip(self.tr("Redo (Ctrl+Y)"))
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.toolbar.addSeparator()
        self.direction_box = QComboBox(self)
        self.direction_box.setObjectName("directionBox")
        self.direction_box.addItem(self.tr("After a mark: move down"), "down")
        self.direction_box.addItem(self.tr("After a mark: move right"), "right")
        saved_direction = preferences.app_settings().value(DIRECTION_KEY, "down")
        self.direction_box.setCurrentIndex(1 if saved_direction == "right" else 0)
        self.direction_box.currentIndexChanged.connect(
            lambda: preferences.app_settings().setValue(DIRECTION_KEY, self.direction))
        self.toolbar.addWidget(self.direction_box)
        self.confirm_action = QAction(self.tr("Confirm suggested marks"), self)
        self.confirm_action.setToolTip(self.tr(
            "Put the suggested period mark into every empty cell of the period column "
            "(Ctrl+Enter confirms one cell)"))
        self.confirm_action.triggered.connect(self.confirm_all_suggestions)
        self.toolbar.addAction(self.confirm_action)
        self.correction_action = QAction(self.tr("Corrections"), self)
        self.correction_action.setCheckable(True)
        self.correction_action.setToolTip(self.tr(
            "The administration opens journals read-only; switch on to correct entries "
            "(a reason is asked where the rules require it)."))
        self.correction_action.toggled.connect(self._set_correcting)
        self.correction_action.setVisible(actor.role is Role.ADMIN)
        self.toolbar.addAction(self.correction_action)
        self.present_action = QAction(self.tr("All present"), self)
        self.present_action.setToolTip(self.tr(
            "Nobody absent in the selected lessons: absence codes are removed (marks stay) "
            "and the lessons are marked conducted"))
        self.present_action.triggered.connect(self.mark_all_present)
        self.toolbar.addAction(self.present_action)
        self.close_action = QAction(self.tr("Close journal"), self)
        self.close_action.triggered.connect(self.closeRequested.emit)
        self.toolbar.addAction(self.close_action)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = JournalView(splitter)
        self.view.setModel(self.model)
        self.view.controller = self
        self.panel = LessonPanel(splitter)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        layout.addWidget(splitter, 1)
        self.status = QLabel(self)
        self.status.setObjectName("journalStatus")
        layout.addWidget(self.status)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.panel.saveRequested.connect(self._save_lesson)
        self.panel.addRequested.connect(self._add_lesson)
        self.panel.moveRequested.connect(self._move_lesson)
        self.panel.cancelRequested.connect(self._cancel_lesson)
        self.model.lesson_handler = self._lesson_updated

    # --- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        actor, assignment_id = self.actor, self.assignment_id
        DbOp(lambda s: open_journal(s, actor, assignment_id, with_suggestions=False)).success(
            alive(self, self._loaded)).failure(alive(self, self._load_failed)).parent(
            self).busy(self.tr("Opening the journal…")).read_for(self).run()

    def _load_failed(self, error: BaseException) -> None:
        self.title.setText(messages.error_text(error))
        messages.show_error(self, error)
        self.loadFailed.emit()

    def _loaded(self, snapshot: JournalSnapshot) -> None:
        first_load = self.snapshot is None
        where = self._where()
        self.snapshot = snapshot
        data = snapshot.data
        info = data.assignment
        self.title.setText(f"{info.title} · {info.teacher_short_name} · {info.year_name}")
        settings = snapshot.settings
        self.typing = Typing(settings.attendance_codes, settings.mark_values)
        self.panel.set_work_types(list(settings.work_types))
        period_id = self.current_period_id()
        if first_load and preferences.app_settings().value(VIEW_KEY, "period") != "year":
            # The current period, unless the user last chose the whole year.
            period_id = next((p.id for p in data.periods
                              if p.start_date <= snapshot.today <= p.end_date), None)
        elif first_load:
            period_id = None
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in data.periods:
            self.period_box.addItem(period.name, str(period.id))
        self.period_box.addItem(self.tr("Whole year"), "year")  # never None (see below)
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(str(period_id)))
                                        if period_id is not None
                                        else self.period_box.count() - 1)
        self.period_box.blockSignals(False)
        self.model.set_snapshot(snapshot, period_id, self.actor.staff_id)
        if self.actor.role is Role.ADMIN:
            self.model.keeps = self.correction_action.isChecked()
        self.confirm_action.setVisible(info.assessment != "none")
        self._size_columns()
        if first_load or where is None:
            self.view.go_to(0, self.model.today_column())
        else:
            self._restore(where)
        self._current_changed()
        self._update_status()
        self.loaded.emit()
        # The lesson panel's choices and the period-mark suggestions follow the grid
        # rather than delay it: they are read once the grid has painted (their Python
        # work on the worker would otherwise compete with the first paint for the
        # GIL), or after a moment if the page is not on screen.
        self._follow_ups_due = True
        self.view.after_paint = self._grid_painted
        QTimer.singleShot(FOLLOW_UP_DELAY_MS, self, self._follow_ups)

    def _grid_painted(self) -> None:
        self.gridShown.emit()
        QTimer.singleShot(0, self, self._follow_ups)  # once this frame is on the screen

    def _follow_ups(self) -> None:
        if not self._follow_ups_due or self.snapshot is None:
            return
        self._follow_ups_due = False
        self.view.after_paint = None
        self._load_choices()
        data = self.snapshot.data
        if data.assignment.assessment == "marked" and data.periods:
            self._stale_periods.update(p.id for p in data.periods)
            self._refresh_suggestions()
        else:
            self._suggestions_arrived({})

    def _load_choices(self) -> None:
        """The lesson panel's plan topics and substitutes follow the grid (read again
        after every reload: saving a topic moves the next planned one on)."""
        actor, assignment_id = self.actor, self.assignment_id
        DbOp(lambda s: lesson_choices(s, actor, assignment_id)).success(
            alive(self, self._choices_arrived)).failure(
            alive(self, lambda error: messages.show_error(self, error))).read_for(self).run()

    def _choices_arrived(self, choices: LessonChoices) -> None:
        self.choices = choices
        self.panel.set_choices(choices.staff, choices.plan, choices.next_topic)
        self._panel_shows = None  # refill the panel's topics with the plan
        self._current_changed()
        self.choicesLoaded.emit()

    def _size_columns(self) -> None:
        header = self.view.horizontalHeader()
        for i, column in enumerate(self.model.columns):
            header.resizeSection(i, 40 if column.kind is Kind.LESSON
                                 else 74 if column.kind is Kind.PERIOD else 60)

    def _where(self) -> tuple[uuid.UUID | None, uuid.UUID | None] | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.model.students:
            return None
        lesson = self.model.lesson_at(index.column())
        return self.model.students[index.row()].id, lesson.id if lesson else None

    def _restore(self, where: tuple[uuid.UUID | None, uuid.UUID | None]) -> None:
        student_id, lesson_id = where
        row = self.model.row_of.get(student_id, 0) if student_id else 0
        column = self.model.lesson_column.get(lesson_id, self.model.today_column()) \
            if lesson_id else self.model.today_column()
        self.view.go_to(row, column)

    def current_period_id(self) -> uuid.UUID | None:
        # Combo item data is never None here: PySide6 6.12 drops a reference to None
        # whenever a None crosses a QVariant.
        if self.period_box.count() == 0:
            return None
        data = str(self.period_box.currentData())
        return uuid.UUID(data) if data != "year" else None

    def _period_chosen(self) -> None:
        period_id = self.current_period_id()
        preferences.app_settings().setValue(VIEW_KEY, "year" if period_id is None else "period")
        self.model.set_period(period_id)
        self._size_columns()
        self.view.go_to(0, self.model.today_column())

    def _set_correcting(self, on: bool) -> None:
        self.model.set_keeps(on)
        self._current_changed()
        self._update_status()

    @property
    def direction(self) -> str:
        return str(self.direction_box.currentData())

    # --- the lesson panel -----------------------------------------------------------------

    def _current_changed(self, *args: Any) -> None:
        index = self.view.currentIndex()
        lesson = self.model.lesson_at(index.column()) if index.isValid() else None
        editable = lesson is not None and self.model.lesson_editable(lesson)
        shown = (lesson, editable, self.model.keeps)
        if shown == self._panel_shows:
            return  # moving down a column: the same lesson, nothing to refill
        self._panel_shows = shown
        self.panel.set_lesson(lesson, editable=editable, keeps=self.model.keeps)
        self.present_action.setEnabled(editable)

    def _lesson_updated(self, lesson: JournalLesson) -> None:
        if self._panel_shows is not None and self._panel_shows[0] is not None \
                and self._panel_shows[0].id == lesson.id:
            self._panel_shows = (lesson, *self._panel_shows[1:])
        self.panel.lesson_updated(lesson)

    def _update_status(self) -> None:
        if self.snapshot is None:
            return
        if self.model.keeps:
            text = self.tr("Type a mark or н/б/у/п/оп (n/b/u/p/op); 5/4 for two marks; "
                           "F2 for work type and comment; Delete clears.")
        elif self.model.substitute_lessons:
            text = self.tr("You may fill the lessons you substitute.")
        else:
            text = self.tr("Read only.")
        if self.pending_saves:
            text = self.tr("Saving…") + " " + text
        self.status.setText(text)

    # --- saving cells (the Saver protocol of the undo commands) -------------------------

    def _push_edits(self, edits: list[CellEdit], *, mergeable: bool = False,
                    text: str = "") -> None:
        label = text or (self.tr("Edit a cell") if len(edits) == 1
                         else self.tr("Edit %1 cells").replace("%1", str(len(edits))))
        self.undo_stack.push(CellsCommand(self, edits, label, mergeable=mergeable))

    def save_cells(self, command: CellsCommand, cells: list[CellState],
                   undoing: list[CellState], reason: str | None = None) -> None:
        keys = [(s, lesson) for s, lesson, _ in cells]
        self.model.mark_unsaved(keys, True)
        self.model.apply_cells(cells)
        entries = [entry_of(s, lesson, c) for s, lesson, c in cells]
        actor = self.actor
        self.pending_saves += 1
        self._update_status()

        def done(result: list[CellInfo]) -> None:
            self.pending_saves -= 1
            self.model.mark_unsaved(keys, False)
            # The saved cells as the services stored them (late flags, work types),
            # unless a later edit already changed what the cell shows.
            shown = {(s, lesson): c for s, lesson, c in cells}
            fresh = []
            for info in result:
                key = (info.student_id, info.lesson_id)
                if self.model.cells.get(key) == shown.get(key):
                    fresh.append((info.student_id, info.lesson_id, cell_from_info(info)))
            self.model.apply_cells(fresh)
            self.model.refresh_lessons(lesson for _, lesson, _ in cells)
            self._mark_stale(cells)
            self._update_status()
            self.saved.emit()

        def failed(error: BaseException) -> None:
            self.pending_saves -= 1
            self.model.mark_unsaved(keys, False)
            if isinstance(error, ReasonRequired) and reason is None:
                why = self.ask_reason(self, error.message)
                if why:
                    self.save_cells(command, cells, undoing, why)
                    return
            # Put back what was there, where nothing newer has been shown since.
            current = {(s, lesson): c for s, lesson, c in cells}
            self.model.apply_cells([
                (s, lesson, c) for s, lesson, c in undoing
                if self.model.cells.get((s, lesson)) == current.get((s, lesson))
            ])
            self.model.refresh_lessons(lesson for _, lesson, _ in cells)
            self._kill(command)
            self._update_status()
            text = messages.error_text(error)
            self.saveFailed.emit(text)
            if isinstance(error, DomainError):
                messages.warning(self, text)
            else:
                messages.show_error(self, error)

        DbOp(lambda s: save_cells(s, actor, entries, reason)).success(alive(self, done)).failure(
            alive(self, failed)).parent(self).run()

    def _kill(self, command: CellsCommand | PeriodCommand) -> None:
        command.dead = True
        command.setObsolete(True)
        index = self.undo_stack.index()
        if index > 0 and self.undo_stack.command(index - 1) is command:
            self.undo_stack.undo()  # removes the obsolete command; does no work

    def _mark_stale(self, cells: list[CellState]) -> None:
        if self.snapshot is None:
            return
        for _, lesson_id, _ in cells:
            column = self.model.lesson_column.get(lesson_id)
            lesson = self.model.lesson_at(column) if column is not None else None
            if lesson is None:
                continue
            for period in self.snapshot.data.periods:
                if period.start_date <= lesson.date <= period.end_date:
                    self._stale_periods.add(period.id)
        if self._stale_periods and self.model.assessment == "marked":
            self._suggest_timer.start()

    def _refresh_suggestions(self) -> None:
        periods = sorted(self._stale_periods)
        self._stale_periods.clear()
        actor, assignment_id = self.actor, self.assignment_id
        DbOp(lambda s: refresh_suggestions(s, actor, assignment_id, periods)).success(
            alive(self, self._suggestions_arrived)).failure(lambda e: None).read_for(self).run()

    def _suggestions_arrived(self, suggestions: dict[uuid.UUID, Any]) -> None:
        self.model.set_suggestions(suggestions)
        self.suggestions_ready = True
        self.suggestionsLoaded.emit()

    @classmethod
    def ask_reason(cls, parent: QWidget | None, text: str) -> str | None:
        """The reason for a correction (None: the user declined)."""
        from PySide6.QtCore import QCoreApplication

        title = QCoreApplication.translate("JournalPage", "Reason for the correction")
        reason, ok = QInputDialog.getText(parent, title, text)
        return reason.strip() if ok and reason.strip() else None

    # --- period marks ------------------------------------------------------------------------

    def _push_period(self, edits: list[PeriodEdit]) -> None:
        self.undo_stack.push(PeriodCommand(self, edits, self.tr("Period mark")))

    def save_period(self, command: PeriodCommand, marks: list[PeriodState],
                    undoing: list[PeriodState], reason: str | None = None) -> None:
        if self.snapshot is None:
            return
        self.model.apply_period(marks)
        info = self.snapshot.data.assignment
        actor = self.actor
        changes = [PeriodMarkChange(s, k, v) for s, k, v in marks]

        def run(session: Any) -> list[PeriodMarkInfo | None]:
            return [save_period_mark(session, actor, info.subject_id, info.year_id, c, reason)
                    for c in changes]

        self.pending_saves += 1

        def done(result: list[PeriodMarkInfo | None]) -> None:
            self.pending_saves -= 1
            self._update_status()
            self.saved.emit()

        def failed(error: BaseException) -> None:
            self.pending_saves -= 1
            if isinstance(error, ReasonRequired) and reason is None:
                why = self.ask_reason(self, error.message)
                if why:
                    self.save_period(command, marks, undoing, why)
                    return
            self.model.apply_period(undoing)
            self._kill(command)
            text = messages.error_text(error)
            self.saveFailed.emit(text)
            messages.warning(self, text)

        DbOp(run).success(alive(self, done)).failure(alive(self, failed)).parent(self).run()

    def confirm_suggestion(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or self.model.columns[index.column()].kind is not Kind.PERIOD:
            return
        suggested = self.model.data(index, Roles.Suggested)
        if suggested and self.model.cell_editable(index.row(), index.column()):
            self.model.set_period_text(index.row(), index.column(), suggested)
            self.move_cursor(1, 0)

    def confirm_all_suggestions(self) -> None:
        model = self.model
        edits: list[PeriodEdit] = []
        for column, spec in enumerate(model.columns):
            if spec.kind is not Kind.PERIOD or spec.period_key is None:
                continue
            key: PeriodKey = spec.period_key
            for row, student in enumerate(model.students):
                if not model.cell_editable(row, column):
                    continue
                if (student.id, key) in model.period_marks:
                    continue
                suggested = model.suggestion(row, key)
                if suggested:
                    edits.append(PeriodEdit(student.id, key, None, suggested))
        if edits:
            self.undo_stack.push(PeriodCommand(
                self, edits, self.tr("Confirm %1 period marks").replace("%1", str(len(edits)))))

    # --- the keyboard (the view's Controller) ---------------------------------------------

    def selected_cells(self) -> list[tuple[int, int]]:
        return sorted((i.row(), i.column()) for i in self.view.selectionModel().selectedIndexes())

    def type_key(self, text: str) -> bool:
        if self.snapshot is None:
            return False
        at = self.view.current_cell()
        column = self.model.columns[at[1]] if 0 <= at[1] < len(self.model.columns) else None
        if column is not None and column.kind is Kind.PERIOD:
            if self.model.cell_editable(*at) and (text.isdigit() or text.isalpha()):
                self.view.edit(self.view.currentIndex())
                editors = self.view.viewport().findChildren(QComboBox)
                if editors:
                    editors[-1].setCurrentText(text)  # typed over, as in a spreadsheet
                return True
            return False
        outcome = self.typing.key(text, at)
        if outcome is None:
            return False
        if outcome.move_to is not None:
            self.view.go_to(*outcome.move_to)
        if outcome.pending:
            self.status.setText(self.tr("Typing: %1").replace("%1", outcome.pending))
        if outcome.text is None or outcome.target is None:
            return True
        selection = self.selected_cells()
        targets = [outcome.target]
        fill = len(selection) > 1 and not outcome.merge and outcome.target in selection
        if fill:
            targets = selection
        if not all(self.model.cell_editable(r, c) for r, c in targets) and not fill:
            self.typing.reset()
            self._refuse_edit(*outcome.target)
            return True
        try:
            edits = self.model.edits_for_text(targets, outcome.text)
        except ValidationError as error:
            self.typing.reset()
            messages.warning(self, error.message)
            return True
        if edits:
            self._push_edits(edits, mergeable=outcome.merge)
        if outcome.advance and not fill:
            self.advance(outcome.target)
        self._update_status()
        return True

    def _refuse_edit(self, row: int, column: int) -> None:
        lesson = self.model.lesson_at(column)
        if lesson is None:
            return
        if not self.model.lesson_editable(lesson):
            if self.actor.role is Role.ADMIN:
                text = self.tr("Switch on «Corrections» to change this journal.")
            else:
                text = self.tr("This journal is read-only for you: it is kept by another "
                               "teacher.")
        elif lesson.cancelled:
            text = self.tr("The lesson is cancelled.")
        elif lesson.date > self.model.today:
            text = self.tr("The lesson has not taken place yet.")
        else:
            student = self.model.students[row]
            text = self.tr("The student was not in the class on that day.") + (
                f" ({student.left_note or student.arrived_note})"
                if student.left_note or student.arrived_note else "")
        self.status.setText(text)

    def advance(self, origin: tuple[int, int]) -> None:
        row, column = origin
        if self.direction == "right":
            for c in range(column + 1, len(self.model.columns)):
                if self.model.cell_editable(row, c):
                    self.view.go_to(row, c)
                    return
            return
        for r in range(row + 1, self.model.rowCount()):
            if self.model.cell_editable(r, column):
                self.view.go_to(r, column)
                return
        self.view.go_to(min(row + 1, self.model.rowCount() - 1), column)

    def move_cursor(self, rows: int, columns: int) -> None:
        row, column = self.view.current_cell()
        self.view.go_to(max(0, min(self.model.rowCount() - 1, row + rows)),
                        max(0, min(self.model.columnCount() - 1, column + columns)))

    def typing_reset(self) -> None:
        self.typing.reset()

    def clear_selection(self) -> None:
        cells = [c for c in self.selected_cells() if self.model.cell_editable(*c)]
        lesson_cells = [c for c in cells if self.model.columns[c[1]].kind is Kind.LESSON]
        period_cells = [c for c in cells if self.model.columns[c[1]].kind is Kind.PERIOD]
        if lesson_cells:
            edits = self.model.edits_for_text(lesson_cells, "")
            if edits:
                self._push_edits(edits, text=self.tr("Clear"))
        for row, column in period_cells:
            self.model.set_period_text(row, column, "")

    def undo(self) -> None:
        self.typing.reset()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.typing.reset()
        self.undo_stack.redo()

    # --- copy and paste ------------------------------------------------------------------

    def copy(self) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        rows = sorted({r for r, _ in cells})
        columns = sorted({c for _, c in cells})
        lines = []
        for r in range(rows[0], rows[-1] + 1):
            lines.append("\t".join(
                str(self.model.data(self.model.index(r, c)) or "")
                for c in range(columns[0], columns[-1] + 1)))
        from desktop_app.home_pages import copy_to_clipboard

        copy_to_clipboard("\n".join(lines) + "\n")

    def paste(self, text: str | None = None) -> None:
        if text is None:
            text = QGuiApplication.clipboard().text()
        self.typing.reset()
        error = self.paste_text(text)
        if error:
            messages.warning(self, error)

    def paste_text(self, text: str) -> str:
        """Paste a tab-separated block at the selection. Returns the refusal (nothing
        changed), or "" when the block was accepted."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        if not lines:
            return ""
        block = [line.split("\t") for line in lines]
        selection = self.selected_cells()
        top, left = self.view.current_cell()
        if selection:
            top = min(r for r, _ in selection)
            left = min(c for _, c in selection)
        targets: list[tuple[int, int, str]] = []
        if len(block) == 1 and len(block[0]) == 1 and len(selection) > 1:
            targets = [(r, c, block[0][0]) for r, c in selection]  # fill the selection
        else:
            for i, line in enumerate(block):
                for j, value in enumerate(line):
                    targets.append((top + i, left + j, value))
        edits: list[CellEdit] = []
        for row, column, value in targets:
            where = self._cell_name(row, column)
            if not (0 <= row < self.model.rowCount() and 0 <= column < len(self.model.columns)):
                return self.tr("The pasted block does not fit into the journal.")
            if self.model.columns[column].kind is not Kind.LESSON:
                return self.tr("%1: only lesson cells can be pasted into.").replace("%1", where)
            if not self.model.cell_editable(row, column):
                if not value.strip():
                    continue
                return self.tr("%1: this cell cannot be changed.").replace("%1", where)
            try:
                edits.extend(self.model.edits_for_text([(row, column)], value))
            except ValidationError as error:
                return f"{where}: {error.message}"
        if edits:
            self._push_edits(edits, text=self.tr("Paste %1 cells").replace("%1",
                                                                              str(len(edits))))
        return ""

    def _cell_name(self, row: int, column: int) -> str:
        if not 0 <= row < len(self.model.students):
            return "?"
        student = self.model.students[row]
        lesson = self.model.lesson_at(column)
        return f"{student.full_name}, {lesson.date:%d.%m}" if lesson else student.full_name

    def select_range(self, top: int, left: int, bottom: int, right: int) -> None:
        selection = self.view.selectionModel()
        first = self.model.index(top, left)
        selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        from PySide6.QtCore import QItemSelection

        selection.select(QItemSelection(first, self.model.index(bottom, right)),
                         QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- lessons -----------------------------------------------------------------------

    def _lesson_op(self, fn: Callable[[Any], Any], reason: str | None = None) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, ReasonRequired) and reason is None:
                why = self.ask_reason(self, error.message)
                if why:
                    self._lesson_op(fn, why)
                    return
            messages.show_error(self, error)

        DbOp(lambda s: fn(s) if reason is None else fn((s, reason))).success(
            alive(self, lambda _: self.reload())).failure(alive(self, failed)).parent(self).run()

    def _save_lesson(self, changes: LessonChanges) -> None:
        actor = self.actor
        keeps = self.model.keeps

        def run(arg: Any) -> None:
            session, reason = arg if isinstance(arg, tuple) else (arg, None)
            lesson_service.update_lesson(
                session, actor, changes.lesson_id, topic=changes.topic,
                plan_topic_id=changes.plan_topic_id, homework=changes.homework,
                work_type=changes.work_type, control_work=changes.control_work,
                conducted=changes.conducted, reason=reason)
            if keeps and changes.substitution_changed:
                lesson_service.set_substitution(session, actor, changes.lesson_id,
                                                changes.substitute_id,
                                                changes.substitution_reason)

        self._lesson_op(run)

    def _add_lesson(self, day: date, number: int) -> None:
        actor, assignment_id = self.actor, self.assignment_id

        def run(arg: Any) -> None:
            session, reason = arg if isinstance(arg, tuple) else (arg, None)
            lesson_service.add_lesson(session, actor, assignment_id, day, number,
                                      reason=reason)

        self._lesson_op(run)

    def _move_lesson(self, lesson_id: uuid.UUID, day: date, number: int) -> None:
        actor = self.actor

        def run(arg: Any) -> None:
            session, reason = arg if isinstance(arg, tuple) else (arg, None)
            lesson_service.move_lesson(session, actor, lesson_id, day, number, reason=reason)

        self._lesson_op(run)

    def _cancel_lesson(self, lesson_id: uuid.UUID, cancel: bool) -> None:
        actor = self.actor
        if cancel:
            why = self.ask_reason(self, self.tr("Why is the lesson cancelled?"))
            if not why:
                return
            self._lesson_op(lambda arg: lesson_service.cancel_lesson(
                arg[0] if isinstance(arg, tuple) else arg, actor, lesson_id, why))
        else:
            def run(arg: Any) -> None:
                session, reason = arg if isinstance(arg, tuple) else (arg, None)
                lesson_service.restore_lesson(session, actor, lesson_id, reason=reason)

            self._lesson_op(run)

    def mark_all_present(self) -> None:
        """«All present» for the selected lessons (the current one when nothing else
        is selected): absence codes go — marks stay, and it is one undoable edit —
        and each lesson is marked conducted."""
        columns = sorted({c for _, c in self.selected_cells()} | {self.view.current_cell()[1]})
        lessons = [lesson for lesson in (self.model.lesson_at(c) for c in columns)
                   if lesson is not None and self.model.lesson_editable(lesson)
                   and not lesson.cancelled and lesson.date <= self.model.today]
        if not lessons:
            return
        edits = self.model.edits_all_present([self.model.lesson_column[lesson.id]
                                              for lesson in lessons])
        if edits:
            self._push_edits(edits, text=self.tr("All present"))
        actor = self.actor
        to_conduct = [lesson.id for lesson in lessons if not lesson.conducted]
        if to_conduct:
            def run(arg: Any) -> None:
                session, reason = arg if isinstance(arg, tuple) else (arg, None)
                for lesson_id in to_conduct:
                    lesson_service.update_lesson(session, actor, lesson_id, conducted=True,
                                                 reason=reason)

            self._lesson_op(run)
