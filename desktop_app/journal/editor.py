"""Changing a journal: every grid edit on one undo stack, saved at once, and the
lesson operations of the lesson panel. No widgets here (tested without them).

An edit is shown at once (marked unsaved until the store has it), pushed on the
undo stack as a command whose redo and undo call back :meth:`JournalEditor.save_cells`
or :meth:`JournalEditor.save_period` (the :class:`~.commands.Saver` protocol). A save
that fails puts the cells back where nothing newer was shown since, turns its command
dead and says why; a correction the services call for has its reason asked by the
store's worker op and is saved again with it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import DomainError
from database.queries.journal import JournalCell
from database.services import lessons as lesson_service
from database.services.marks import CellEntry, CellInfo, MarkInput
from database.services.period_marks import PeriodMarkInfo
from desktop_app import messages

from .commands import CellsCommand, CellState, PeriodCommand, PeriodState
from .model import CellEdit, JournalModel, PeriodEdit, cell_from_info
from .ops import PeriodMarkChange
from .store import JournalStore, LessonChange

if TYPE_CHECKING:
    from .lesson_panel import LessonChanges


def entry_of(student_id: uuid.UUID, lesson_id: uuid.UUID, cell: JournalCell | None) -> CellEntry:
    """What the services store for a cell as the grid shows it (None clears it)."""
    if cell is None:
        return CellEntry(lesson_id, student_id, None, ())
    return CellEntry(
        lesson_id, student_id, cell.attendance,
        tuple(MarkInput(m.value, m.work_type or None, m.weight if m.work_type else None,
                        m.comment) for m in cell.marks),
    )


class JournalEditor(QObject):
    """``JournalEditor(model, actor, assignment_id, store)`` becomes the model's edit
    and period handler. Its strings keep the journal page's translation context."""

    saved = Signal()
    saveFailed = Signal(str)
    pendingChanged = Signal()  # a save began or ended («Saving…» in the status line)
    suggestionsStale = Signal()  # marks of some periods changed: read their suggestions
    lessonsChanged = Signal()  # a lesson operation was stored: the journal is read again

    def __init__(self, model: JournalModel, actor: Actor, assignment_id: uuid.UUID,
                 store: JournalStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.actor = actor
        self.assignment_id = assignment_id
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.pending_saves = 0
        self.stale_periods: set[uuid.UUID] = set()
        model.edit_handler = self.push_cells
        model.period_handler = self.push_period

    def _window(self) -> QWidget | None:
        """Where messages are shown: the page, when there is one."""
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _warn(self, error: BaseException) -> None:
        text = messages.error_text(error)
        self.saveFailed.emit(text)
        if isinstance(error, DomainError):
            messages.warning(self._window(), text)
        else:
            messages.show_error(self._window(), error)

    def _pending(self, change: int) -> None:
        self.pending_saves += change
        self.pendingChanged.emit()

    # --- undo commands ---------------------------------------------------------------

    def push_cells(self, edits: list[CellEdit], *, mergeable: bool = False,
                   text: str = "") -> None:
        label = text or (QCoreApplication.translate("JournalPage", "Edit a cell")
                         if len(edits) == 1 else QCoreApplication.translate(
                             "JournalPage", "Edit %1 cells").replace("%1", str(len(edits))))
        self.undo_stack.push(CellsCommand(self, edits, label, mergeable=mergeable))

    def push_period(self, edits: list[PeriodEdit], text: str = "") -> None:
        self.undo_stack.push(PeriodCommand(
            self, edits, text or QCoreApplication.translate("JournalPage", "Period mark")))

    def _kill(self, command: CellsCommand | PeriodCommand) -> None:
        command.dead = True
        command.setObsolete(True)
        index = self.undo_stack.index()
        if index > 0 and self.undo_stack.command(index - 1) is command:
            self.undo_stack.undo()  # removes the obsolete command; does no work

    # --- saving cells (the Saver protocol) -----------------------------------------------

    def save_cells(self, command: CellsCommand, cells: list[CellState],
                   undoing: list[CellState]) -> None:
        model = self.model
        keys = [(s, lesson) for s, lesson, _ in cells]
        model.mark_unsaved(keys, True)
        model.apply_cells(cells)
        shown = {(s, lesson): c for s, lesson, c in cells}
        self._pending(+1)

        def done(result: list[CellInfo]) -> None:
            model.mark_unsaved(keys, False)
            # The saved cells as the services stored them (late flags, work types),
            # unless a later edit already changed what the cell shows.
            model.apply_cells([
                (info.student_id, info.lesson_id, cell_from_info(info)) for info in result
                if model.cells.get((info.student_id, info.lesson_id))
                == shown.get((info.student_id, info.lesson_id))
            ])
            model.refresh_lessons(lesson for _, lesson, _ in cells)
            self._mark_stale(lesson for _, lesson, _ in cells)
            self._pending(-1)
            self.saved.emit()

        def failed(error: BaseException) -> None:
            model.mark_unsaved(keys, False)
            # Put back what was there, where nothing newer has been shown since.
            model.apply_cells([(s, lesson, c) for s, lesson, c in undoing
                               if model.cells.get((s, lesson)) == shown.get((s, lesson))])
            model.refresh_lessons(lesson for _, lesson, _ in cells)
            self._kill(command)
            self._pending(-1)
            self._warn(error)

        self.store.save_cells([entry_of(s, lesson, c) for s, lesson, c in cells],
                              done, failed)

    def _mark_stale(self, lesson_ids: Iterable[uuid.UUID]) -> None:
        """The suggested period marks of the periods these lessons fall in."""
        model = self.model
        if model.snapshot is None:
            return
        periods = model.snapshot.data.periods
        for lesson_id in lesson_ids:
            column = model.lesson_column.get(lesson_id)
            lesson = model.lesson_at(column) if column is not None else None
            if lesson is None:
                continue
            self.stale_periods.update(p.id for p in periods
                                      if p.start_date <= lesson.date <= p.end_date)
        if self.stale_periods and model.assessment == "marked":
            self.suggestionsStale.emit()

    def take_stale(self) -> list[uuid.UUID]:
        """The periods whose suggestions are to be read again (forgotten here)."""
        periods = sorted(self.stale_periods)
        self.stale_periods.clear()
        return periods

    # --- period marks ------------------------------------------------------------------

    def save_period(self, command: PeriodCommand, marks: list[PeriodState],
                    undoing: list[PeriodState]) -> None:
        snapshot = self.model.snapshot
        if snapshot is None:
            return
        self.model.apply_period(marks)
        info = snapshot.data.assignment
        self._pending(+1)

        def done(result: list[PeriodMarkInfo | None]) -> None:
            self._pending(-1)
            self.saved.emit()

        def failed(error: BaseException) -> None:
            self.model.apply_period(undoing)
            self._kill(command)
            self._pending(-1)
            text = messages.error_text(error)
            self.saveFailed.emit(text)
            messages.warning(self._window(), text)

        self.store.save_period_marks(info.subject_id, info.year_id,
                                     [PeriodMarkChange(s, k, v) for s, k, v in marks],
                                     done, failed)

    # --- lessons (the journal is read again after each) ---------------------------------

    def _change_lessons(self, change: LessonChange) -> None:
        self.store.change_lessons(change, self.lessonsChanged.emit)

    def save_lesson(self, changes: LessonChanges) -> None:
        actor, keeps = self.actor, self.model.keeps

        def run(session: Session, reason: str | None) -> None:
            lesson_service.update_lesson(
                session, actor, changes.lesson_id, topic=changes.topic,
                plan_topic_id=changes.plan_topic_id, homework=changes.homework,
                work_type=changes.work_type, control_work=changes.control_work,
                conducted=changes.conducted, reason=reason)
            if keeps and changes.substitution_changed:
                lesson_service.set_substitution(session, actor, changes.lesson_id,
                                                changes.substitute_id,
                                                changes.substitution_reason)

        self._change_lessons(run)

    def add_lesson(self, day: date, number: int) -> None:
        actor, assignment_id = self.actor, self.assignment_id
        self._change_lessons(lambda session, reason: lesson_service.add_lesson(
            session, actor, assignment_id, day, number, reason=reason))

    def move_lesson(self, lesson_id: uuid.UUID, day: date, number: int) -> None:
        actor = self.actor
        self._change_lessons(lambda session, reason: lesson_service.move_lesson(
            session, actor, lesson_id, day, number, reason=reason))

    def cancel_lesson(self, lesson_id: uuid.UUID, cancel: bool) -> None:
        """Cancelling asks why (the reason also stands for a correction's); restoring
        asks only when the services require a reason."""
        actor = self.actor
        if not cancel:
            self._change_lessons(lambda session, reason: lesson_service.restore_lesson(
                session, actor, lesson_id, reason=reason))
            return
        why = messages.ask_reason(self._window(), QCoreApplication.translate(
            "JournalPage", "Why is the lesson cancelled?"))
        if why:
            self._change_lessons(lambda session, _reason: lesson_service.cancel_lesson(
                session, actor, lesson_id, why))

    def conduct(self, lesson_ids: Sequence[uuid.UUID]) -> None:
        """These lessons took place (marked conducted)."""
        actor, ids = self.actor, list(lesson_ids)

        def run(session: Session, reason: str | None) -> None:
            for lesson_id in ids:
                lesson_service.update_lesson(session, actor, lesson_id, conducted=True,
                                             reason=reason)

        self._change_lessons(run)
