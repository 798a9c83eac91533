"""The bar under the journal grid for the current cell's open sync conflict: both
values with who, on which computer and when, and the two choices — keep the value
shown or take the other one. Hidden while the current cell has no conflict.

The choice is stored by :func:`database.services.sync_conflicts.resolve_conflict`
on the worker; the bar only says what was asked for (:attr:`resolveRequested`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from database.queries.sync_conflicts import ConflictItem
from desktop_app.conflict_words import conflict_lines, keep_label, take_label


class ConflictBar(QFrame):
    resolveRequested = Signal(object, bool)  # ConflictItem, take the other value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#conflictBar { background: #fdecea; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel(self)
        self.text.setObjectName("conflictText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        buttons = QVBoxLayout()
        self.keep_button = QPushButton(self)
        self.keep_button.setObjectName("keepShownButton")
        self.take_button = QPushButton(self)
        self.take_button.setObjectName("takeOtherButton")
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        layout.addLayout(buttons)
        self.item: ConflictItem | None = None
        self.keep_button.clicked.connect(lambda: self._choose(False))
        self.take_button.clicked.connect(lambda: self._choose(True))
        self.setVisible(False)

    def show_conflicts(self, conflicts: tuple[ConflictItem, ...], *, may_resolve: bool) -> None:
        """The first disagreement of the cell (a cell rarely has two; the next one is
        shown once the first is settled)."""
        self.item = conflicts[0] if conflicts else None
        if self.item is None:
            self.setVisible(False)
            return
        lines = conflict_lines(self.item)
        if len(conflicts) > 1:
            lines.append(self.tr("%1 more in this cell").replace("%1", str(len(conflicts) - 1)))
        self.text.setText("\n".join(lines))
        self.keep_button.setText(keep_label(self.item))
        self.take_button.setText(take_label(self.item))
        for button in (self.keep_button, self.take_button):
            button.setVisible(may_resolve)
            button.setEnabled(True)
        self.setVisible(True)

    def _choose(self, take_other: bool) -> None:
        if self.item is not None:
            self.keep_button.setEnabled(False)
            self.take_button.setEnabled(False)
            self.resolveRequested.emit(self.item, take_other)
