"""What keys, the clipboard and the toolbar's grid actions mean to a journal: the
view's :class:`~.view.Controller`. No widgets here (tested without them): the grid
is reached through the :class:`Grid` protocol (the view implements it), changes go
to the :class:`~.editor.JournalEditor`, hints to :attr:`JournalController.statusShown`.
Its strings keep the journal page's translation context."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from database.actor import Actor, Role
from database.errors import ValidationError
from database.queries.journal import PeriodKey
from desktop_app import messages
from desktop_app.clipboard import clipboard_text, copy_to_clipboard, from_tsv, to_tsv

from .editor import JournalEditor
from .keyboard import Cell, Typing
from .model import CellEdit, JournalModel, Kind, PeriodEdit
from .ops import JournalSnapshot


class Grid(Protocol):
    """The cursor and selection of the grid the controller acts on."""

    def current_cell(self) -> Cell: ...
    def selected_cells(self) -> list[Cell]: ...
    def go_to(self, row: int, column: int) -> None: ...
    def type_over(self, text: str) -> None:
        """Open the current period cell's editor with ``text`` typed over it."""


class JournalController(QObject):
    statusShown = Signal(str)  # what the status line says now

    def __init__(self, model: JournalModel, editor: JournalEditor, grid: Grid, actor: Actor,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.editor = editor
        self.grid = grid
        self.actor = actor
        self.typing = Typing((), ())
        self.direction = "down"  # where the cursor goes after a mark: "down" or "right"
        editor.pendingChanged.connect(self.update_status)

    def set_snapshot(self, snapshot: JournalSnapshot) -> None:
        settings = snapshot.settings
        self.typing = Typing(settings.attendance_codes, settings.mark_values)

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    # --- the status line ---------------------------------------------------------------

    def status_text(self) -> str:
        if self.model.keeps:
            text = QCoreApplication.translate(
                "JournalPage", "Type a mark or н/б/у/п/оп (n/b/u/p/op); 5/4 for two marks; "
                "F2 for work type and comment; Delete clears.")
        elif self.model.substitute_lessons:
            text = QCoreApplication.translate("JournalPage",
                                              "You may fill the lessons you substitute.")
        else:
            text = QCoreApplication.translate("JournalPage", "Read only.")
        if self.editor.pending_saves:
            text = QCoreApplication.translate("JournalPage", "Saving…") + " " + text
        return text

    def update_status(self) -> None:
        if self.model.snapshot is not None:
            self.statusShown.emit(self.status_text())

    # --- typing --------------------------------------------------------------------------

    def type_key(self, text: str) -> bool:
        model, grid = self.model, self.grid
        if model.snapshot is None:
            return False
        at = grid.current_cell()
        column = model.columns[at[1]] if 0 <= at[1] < len(model.columns) else None
        if column is not None and column.kind is Kind.PERIOD:
            if model.cell_editable(*at) and (text.isdigit() or text.isalpha()):
                grid.type_over(text)  # as in a spreadsheet
                return True
            return False
        outcome = self.typing.key(text, at)
        if outcome is None:
            return False
        if outcome.move_to is not None:
            grid.go_to(*outcome.move_to)
        if outcome.pending:
            self.statusShown.emit(QCoreApplication.translate(
                "JournalPage", "Typing: %1").replace("%1", outcome.pending))
        if outcome.text is None or outcome.target is None:
            return True
        selection = grid.selected_cells()
        targets = [outcome.target]
        fill = len(selection) > 1 and not outcome.merge and outcome.target in selection
        if fill:
            targets = selection
        if not all(model.cell_editable(r, c) for r, c in targets) and not fill:
            self.typing.reset()
            self._refuse_edit(*outcome.target)
            return True
        try:
            edits = model.edits_for_text(targets, outcome.text)
        except ValidationError as error:
            self.typing.reset()
            messages.warning(self._window(), error.message)
            return True
        if edits:
            self.editor.push_cells(edits, mergeable=outcome.merge)
        if outcome.advance and not fill:
            self.advance(outcome.target)
        self.update_status()
        return True

    def _refuse_edit(self, row: int, column: int) -> None:
        model = self.model
        lesson = model.lesson_at(column)
        if lesson is None:
            return
        if not model.lesson_editable(lesson):
            if self.actor.role is Role.ADMIN:
                text = QCoreApplication.translate(
                    "JournalPage", "Switch on «Corrections» to change this journal.")
            else:
                text = QCoreApplication.translate(
                    "JournalPage", "This journal is read-only for you: it is kept by another "
                    "teacher.")
        elif lesson.cancelled:
            text = QCoreApplication.translate("JournalPage", "The lesson is cancelled.")
        elif lesson.date > model.today:
            text = QCoreApplication.translate("JournalPage",
                                              "The lesson has not taken place yet.")
        else:
            student = model.students[row]
            text = QCoreApplication.translate(
                "JournalPage", "The student was not in the class on that day.") + (
                f" ({student.note})" if student.note else "")
        self.statusShown.emit(text)

    def advance(self, origin: Cell) -> None:
        """After a mark: to the next cell that may be filled, down or right."""
        model, grid = self.model, self.grid
        row, column = origin
        if self.direction == "right":
            for c in range(column + 1, len(model.columns)):
                if model.cell_editable(row, c):
                    grid.go_to(row, c)
                    return
            return
        for r in range(row + 1, model.rowCount()):
            if model.cell_editable(r, column):
                grid.go_to(r, column)
                return
        grid.go_to(min(row + 1, model.rowCount() - 1), column)

    def move_cursor(self, rows: int, columns: int) -> None:
        row, column = self.grid.current_cell()
        self.grid.go_to(max(0, min(self.model.rowCount() - 1, row + rows)),
                        max(0, min(self.model.columnCount() - 1, column + columns)))

    def typing_reset(self) -> None:
        self.typing.reset()

    def clear_selection(self) -> None:
        model = self.model
        cells = [c for c in self.grid.selected_cells() if model.cell_editable(*c)]
        lesson_cells = [c for c in cells if model.columns[c[1]].kind is Kind.LESSON]
        period_cells = [c for c in cells if model.columns[c[1]].kind is Kind.PERIOD]
        if lesson_cells:
            edits = model.edits_for_text(lesson_cells, "")
            if edits:
                self.editor.push_cells(
                    edits, text=QCoreApplication.translate("JournalPage", "Clear"))
        for row, column in period_cells:
            model.set_period_text(row, column, "")

    def undo(self) -> None:
        self.typing.reset()
        self.editor.undo_stack.undo()

    def redo(self) -> None:
        self.typing.reset()
        self.editor.undo_stack.redo()

    # --- period marks ----------------------------------------------------------------------

    def confirm_suggestion(self) -> None:
        """Ctrl+Enter: the current period cell takes its suggestion."""
        model = self.model
        row, column = self.grid.current_cell()
        if not 0 <= column < len(model.columns) or not 0 <= row < model.rowCount():
            return
        key = model.columns[column].period_key
        if model.columns[column].kind is not Kind.PERIOD or key is None:
            return
        suggested = model.suggestion(row, key)
        if suggested and model.cell_editable(row, column):
            model.set_period_text(row, column, suggested)
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
            self.editor.push_period(edits, QCoreApplication.translate(
                "JournalPage", "Confirm %1 period marks").replace("%1", str(len(edits))))

    # --- «All present» -----------------------------------------------------------------------

    def mark_all_present(self) -> None:
        """«All present» for the selected lessons (the current one when nothing else
        is selected): absence codes go — marks stay, and it is one undoable edit —
        and each lesson is marked conducted."""
        model = self.model
        columns = sorted({c for _, c in self.grid.selected_cells()}
                         | {self.grid.current_cell()[1]})
        lessons = [lesson for lesson in (model.lesson_at(c) for c in columns)
                   if lesson is not None and model.lesson_editable(lesson)
                   and not lesson.cancelled and lesson.date <= model.today]
        if not lessons:
            return
        edits = model.edits_all_present([model.lesson_column[lesson.id] for lesson in lessons])
        if edits:
            self.editor.push_cells(
                edits, text=QCoreApplication.translate("JournalPage", "All present"))
        to_conduct = [lesson.id for lesson in lessons if not lesson.conducted]
        if to_conduct:
            self.editor.conduct(to_conduct)

    # --- copy and paste ----------------------------------------------------------------------

    def copy(self) -> None:
        """The selection's bounding block as tab-separated text (Excel pastes it)."""
        cells = self.grid.selected_cells()
        if not cells:
            return
        model = self.model
        rows = [r for r, _ in cells]
        columns = [c for _, c in cells]
        copy_to_clipboard(to_tsv([
            [str(model.data(model.index(r, c)) or "")
             for c in range(min(columns), max(columns) + 1)]
            for r in range(min(rows), max(rows) + 1)]))

    def paste(self, text: str | None = None) -> None:
        if text is None:
            text = clipboard_text()
        self.typing.reset()
        error = self.paste_text(text)
        if error:
            messages.warning(self._window(), error)

    def paste_text(self, text: str) -> str:
        """Paste a tab-separated block at the selection. Returns the refusal (nothing
        changed), or "" when the block was accepted."""
        block = from_tsv(text)
        if not block:
            return ""
        model = self.model
        selection = self.grid.selected_cells()
        top, left = self.grid.current_cell()
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
            if not (0 <= row < model.rowCount() and 0 <= column < len(model.columns)):
                return QCoreApplication.translate(
                    "JournalPage", "The pasted block does not fit into the journal.")
            if model.columns[column].kind is not Kind.LESSON:
                return QCoreApplication.translate(
                    "JournalPage", "%1: only lesson cells can be pasted into.").replace(
                    "%1", where)
            if not model.cell_editable(row, column):
                if not value.strip():
                    continue
                return QCoreApplication.translate(
                    "JournalPage", "%1: this cell cannot be changed.").replace("%1", where)
            try:
                edits.extend(model.edits_for_text([(row, column)], value))
            except ValidationError as error:
                return f"{where}: {error.message}"
        if edits:
            self.editor.push_cells(edits, text=QCoreApplication.translate(
                "JournalPage", "Paste %1 cells").replace("%1", str(len(edits))))
        return ""

    def _cell_name(self, row: int, column: int) -> str:
        model = self.model
        if not 0 <= row < len(model.students):
            return "?"
        student = model.students[row]
        lesson = model.lesson_at(column)
        return f"{student.full_name}, {lesson.date:%d.%m}" if lesson else student.full_name
