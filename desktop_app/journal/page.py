"""The journal page: the title, the toolbar, the grid and the lesson panel, wired
to what a journal does (page layout and loading only).

The journal is read in the background (the grid first, then the lesson panel's
choices and the period-mark suggestions); :class:`~.controller.JournalController`
says what keys, the clipboard and the toolbar's grid actions mean, and
:class:`~.editor.JournalEditor` keeps the undo stack and saves every edit at once
through the database worker. The administration opens any journal read-only and
switches on «Corrections» to change it; a correction the services call for gets a
reason asked (:func:`desktop_app.messages.ask_reason`, patched in tests) and is saved
again with it."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from database.actor import Actor, Role
from database.queries.journal import JournalLesson
from desktop_app import messages, preferences
from desktop_app.worker import DbOp

from .conflict_bar import ConflictBar
from .controller import JournalController
from .editor import JournalEditor
from .lesson_panel import LessonPanel
from .model import JournalModel, Kind
from .ops import (
    JournalSnapshot,
    LessonChoices,
    lesson_choices,
    open_journal,
    refresh_suggestions,
)
from .store import WorkerStore, alive
from .view import JournalView

DIRECTION_KEY = "journal/direction"
VIEW_KEY = "journal/view"  # "year": journals open on the whole year; else the current period
FOLLOW_UP_DELAY_MS = 250  # when the grid is not painted (a page out of sight)
SUGGEST_DELAY_MS = 500  # suggestions are read again once typing pauses


class JournalPage(QWidget):
    """``JournalPage(actor, assignment_id)``: opens the journal in the background and emits
    :attr:`loaded` once the grid shows it; :attr:`saved` after each save."""

    loaded = Signal()
    saved = Signal()
    saveFailed = Signal(str)
    closeRequested = Signal()
    suggestionsLoaded = Signal()
    choicesLoaded = Signal()
    gridShown = Signal()  # the first paint of the grid after each (re)load
    loadFailed = Signal()  # the journal could not be opened (the user was told why)
    conflictResolved = Signal()  # a sync conflict of a cell was settled (and stored)

    def __init__(self, actor: Actor, assignment_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalPage")
        self.actor = actor
        self.assignment_id = assignment_id
        self.suggestions_ready = False
        self._follow_ups_due = False
        self.choices: LessonChoices | None = None
        self._pending_lesson: uuid.UUID | None = None  # go_to_lesson before the load
        self._pending_student: uuid.UUID | None = None
        # Ask first: the worker reads the journal while the widgets are being built.
        self.reload()
        self.snapshot: JournalSnapshot | None = None
        self.model = JournalModel(self)
        self.editor = JournalEditor(self.model, actor, self.assignment_id,
                                    WorkerStore(actor, self), self)
        self.undo_stack = self.editor.undo_stack
        self._panel_shows: tuple[Any, bool, bool] | None = None
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
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
        self.direction_box.currentIndexChanged.connect(self._direction_chosen)
        self.toolbar.addWidget(self.direction_box)
        self.confirm_action = QAction(self.tr("Confirm suggested marks"), self)
        self.confirm_action.setToolTip(self.tr(
            "Put the suggested period mark into every empty cell of the period column "
            "(Ctrl+Enter confirms one cell)"))
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
        self.toolbar.addAction(self.present_action)
        self.plan_action = QAction(self.tr("КТП…"), self)
        self.plan_action.setToolTip(self.tr(
            "The calendar-thematic plan of this journal: its topics, and on which lessons "
            "they were given"))
        self.plan_action.triggered.connect(self.open_plan)
        self.toolbar.addAction(self.plan_action)
        self.plan_window: QWidget | None = None
        self.close_action = QAction(self.tr("Close journal"), self)
        self.close_action.triggered.connect(self.closeRequested.emit)
        self.toolbar.addAction(self.close_action)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = JournalView(splitter)
        self.view.setModel(self.model)
        self.controller = JournalController(self.model, self.editor, self.view, actor, self)
        self.controller.direction = str(self.direction_box.currentData())
        self.view.controller = self.controller
        self.panel = LessonPanel(splitter)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        layout.addWidget(splitter, 1)
        self.conflict_bar = ConflictBar(self)
        self.conflict_bar.resolveRequested.connect(self.resolve_conflict)
        layout.addWidget(self.conflict_bar)
        self.status = QLabel(self)
        self.status.setObjectName("journalStatus")
        layout.addWidget(self.status)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.panel.saveRequested.connect(self.editor.save_lesson)
        self.panel.addRequested.connect(self.editor.add_lesson)
        self.panel.moveRequested.connect(self.editor.move_lesson)
        self.panel.cancelRequested.connect(self.editor.cancel_lesson)
        self.model.lesson_handler = self._lesson_updated
        self.confirm_action.triggered.connect(self.controller.confirm_all_suggestions)
        self.present_action.triggered.connect(self.controller.mark_all_present)
        self.controller.statusShown.connect(self.status.setText)
        self.editor.saved.connect(self.saved)
        self.editor.saveFailed.connect(self.saveFailed)
        self.editor.suggestionsStale.connect(lambda: self._suggest_timer.start())
        self.editor.lessonsChanged.connect(self.reload)

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
        self.controller.set_snapshot(snapshot)
        self.panel.set_work_types(list(snapshot.settings.work_types))
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
        if self._pending_lesson is not None:
            lesson, self._pending_lesson = self._pending_lesson, None
            self.go_to_lesson(lesson, self._pending_student)
        self._current_changed()
        self.controller.update_status()
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
            self.editor.stale_periods.update(p.id for p in data.periods)
            self._refresh_suggestions()
        else:
            self._suggestions_arrived({})

    def open_plan(self) -> QWidget:
        """The КТП editor of this journal (one window, raised if open); a saved plan
        refreshes the lesson panel's planned topics."""
        from desktop_app.journal.plan_editor import PlanEditorWindow

        if self.plan_window is None:
            window = PlanEditorWindow(self.actor, self.assignment_id, self)
            window.saved.connect(lambda _id: self._load_choices())
            window.destroyed.connect(lambda *_: setattr(self, "plan_window", None))
            self.plan_window = window
        self.plan_window.show()
        self.plan_window.raise_()
        self.plan_window.activateWindow()
        return self.plan_window

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

    def go_to_lesson(self, lesson_id: uuid.UUID | None,
                     student_id: uuid.UUID | None = None) -> None:
        """Put the cursor on the lesson's column (on the student's row, else the
        first), now or once the journal has loaded; a lesson outside the period shown
        switches to the year."""
        if self.snapshot is None:
            self._pending_lesson = lesson_id
            self._pending_student = student_id
            return
        if lesson_id is not None and lesson_id not in self.model.lesson_column \
                and self.current_period_id() is not None:
            self.period_box.setCurrentIndex(self.period_box.count() - 1)  # the whole year
        self._restore((student_id, lesson_id))

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
        self.controller.update_status()

    def _direction_chosen(self) -> None:
        self.controller.direction = str(self.direction_box.currentData())
        preferences.app_settings().setValue(DIRECTION_KEY, self.controller.direction)

    # --- the lesson panel -----------------------------------------------------------------

    def _current_changed(self, *args: Any) -> None:
        index = self.view.currentIndex()
        lesson = self.model.lesson_at(index.column()) if index.isValid() else None
        editable = lesson is not None and self.model.lesson_editable(lesson)
        self._show_conflicts(index.row() if index.isValid() else -1,
                             index.column() if index.isValid() else -1, lesson)
        shown = (lesson, editable, self.model.keeps)
        if shown == self._panel_shows:
            return  # moving down a column: the same lesson, nothing to refill
        self._panel_shows = shown
        self.panel.set_lesson(lesson, editable=editable, keeps=self.model.keeps)
        self.present_action.setEnabled(editable)

    # --- sync conflicts of cells ---------------------------------------------------------

    def _show_conflicts(self, row: int, column: int, lesson: JournalLesson | None) -> None:
        # The cell's own conflicts first, else those of its lesson's topic or homework.
        conflicts = self.model.cell_conflicts(row, column) or self.model.column_conflicts(column)
        if not conflicts and not self.conflict_bar.isVisible():
            return  # the usual move: nothing to show, nothing shown
        # The journal's teacher, a substitute on that lesson, or the administration.
        may_resolve = self.actor.role is Role.ADMIN or (
            lesson is not None and ((self.snapshot is not None and self.snapshot.keeps)
                                    or lesson.id in self.model.substitute_lessons))
        self.conflict_bar.show_conflicts(conflicts, may_resolve=may_resolve)

    def resolve_conflict(self, item: Any, take_other: bool) -> None:
        """Store the choice (keep the value shown, or take the other), then read the
        journal again: the cell shows the chosen value without its marker."""
        from database.services.sync_conflicts import resolve_conflict

        actor, key = self.actor, item.key
        DbOp(lambda s: resolve_conflict(s, actor, key, take_other=take_other)).success(
            alive(self, lambda _: self._resolved())).failure(
            alive(self, self._resolve_failed)).parent(self).busy(
            self.tr("Saving the choice…")).run()

    def _resolved(self) -> None:
        self.conflictResolved.emit()
        self.reload()

    def _resolve_failed(self, error: BaseException) -> None:
        messages.show_error(self, error)
        self.reload()  # settled elsewhere meanwhile, or refused: show what is stored

    def _lesson_updated(self, lesson: JournalLesson) -> None:
        if self._panel_shows is not None and self._panel_shows[0] is not None \
                and self._panel_shows[0].id == lesson.id:
            self._panel_shows = (lesson, *self._panel_shows[1:])
        self.panel.lesson_updated(lesson)

    # --- period-mark suggestions ----------------------------------------------------------

    def _refresh_suggestions(self) -> None:
        periods = self.editor.take_stale()
        actor, assignment_id = self.actor, self.assignment_id
        DbOp(lambda s: refresh_suggestions(s, actor, assignment_id, periods)).success(
            alive(self, self._suggestions_arrived)).failure(lambda e: None).read_for(self).run()

    def _suggestions_arrived(self, suggestions: dict[uuid.UUID, Any]) -> None:
        self.model.set_suggestions(suggestions)
        self.suggestions_ready = True
        self.suggestionsLoaded.emit()
