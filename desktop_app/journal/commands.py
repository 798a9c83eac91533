"""Undo/redo of every grid edit (typed cells, range fills, pastes, period marks)
through one QUndoStack. A command shows its cells at once and asks the saver to
store them; a save that fails turns the command dead (its cells go back, and undo
or redo of it does nothing)."""

from __future__ import annotations

import uuid
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from database.queries.journal import JournalCell, PeriodKey

from .model import CellEdit, PeriodEdit

MERGE_ID = 4711

CellState = tuple[uuid.UUID, uuid.UUID, JournalCell | None]
PeriodState = tuple[uuid.UUID, PeriodKey, str | None]


class Saver(Protocol):
    def save_cells(self, command: CellsCommand, cells: list[CellState],
                   undoing: list[CellState]) -> None: ...

    def save_period(self, command: PeriodCommand, marks: list[PeriodState],
                    undoing: list[PeriodState]) -> None: ...


class CellsCommand(QUndoCommand):
    def __init__(self, saver: Saver, edits: list[CellEdit], text: str, *,
                 mergeable: bool = False) -> None:
        super().__init__(text)
        self.saver = saver
        self.edits = list(edits)
        self.mergeable = mergeable
        self.dead = False

    def after(self) -> list[CellState]:
        return [(e.student_id, e.lesson_id, e.after) for e in self.edits]

    def before(self) -> list[CellState]:
        return [(e.student_id, e.lesson_id, e.before) for e in self.edits]

    def redo(self) -> None:
        if not self.dead:
            self.saver.save_cells(self, self.after(), self.before())

    def undo(self) -> None:
        if not self.dead:
            self.saver.save_cells(self, self.before(), self.after())

    def id(self) -> int:
        return MERGE_ID if len(self.edits) == 1 else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """``5`` then ``/4`` on the same cell is one undo step."""
        if not isinstance(other, CellsCommand) or not other.mergeable or self.dead:
            return False
        if len(self.edits) != 1 or len(other.edits) != 1:
            return False
        mine, theirs = self.edits[0], other.edits[0]
        if (mine.student_id, mine.lesson_id) != (theirs.student_id, theirs.lesson_id):
            return False
        self.edits = [CellEdit(mine.student_id, mine.lesson_id, mine.before, theirs.after)]
        return True


class PeriodCommand(QUndoCommand):
    def __init__(self, saver: Saver, edits: list[PeriodEdit], text: str) -> None:
        super().__init__(text)
        self.saver = saver
        self.edits = list(edits)
        self.dead = False

    def redo(self) -> None:
        if not self.dead:
            self.saver.save_period(
                self, [(e.student_id, e.key, e.after) for e in self.edits],
                [(e.student_id, e.key, e.before) for e in self.edits])

    def undo(self) -> None:
        if not self.dead:
            self.saver.save_period(
                self, [(e.student_id, e.key, e.before) for e in self.edits],
                [(e.student_id, e.key, e.after) for e in self.edits])
