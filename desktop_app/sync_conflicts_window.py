"""«Конфликты и отклонённые изменения»: the administration's window for what
synchronisation could not decide alone and what it refused.

- *Conflicts*: each disagreement in words — class, subject, date and lesson,
  student, what (mark, attendance, topic…), the value shown and the other one with
  their authors, computers and times; «Открыть журнал» at that lesson, and the two
  choices (keep the value shown, take the other), stored by
  :func:`database.services.sync_conflicts.resolve_conflict`.
- *Refused changes*: who, from which computer, when, what the op tried and why the
  rules refused it (the same on every computer).

Reached from the administration page and by clicking the status bar's sync text.
Reads and writes run on the database worker; the window shows what comes back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.actor import Actor
from database.queries.sync_conflicts import ConflictItem, list_conflicts
from database.queries.sync_refused import RefusedItem, list_refused
from desktop_app import messages
from desktop_app.conflict_words import kind_text, moment_text, side_text
from desktop_app.dialogs import app_icon
from desktop_app.journal.store import alive
from desktop_app.worker import DbOp

OpenLesson = Callable[[uuid.UUID, uuid.UUID | None, uuid.UUID | None], None]


@dataclass(frozen=True)
class Lists:
    conflicts: list[ConflictItem]
    refused: list[RefusedItem]


def read_lists(session: Session, actor: Actor) -> Lists:
    return Lists(list_conflicts(session, actor), list_refused(session, actor))


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


class SyncConflictsWindow(QDialog):
    """The lists of the signed-in school; ``open_lesson(assignment, lesson)`` opens a
    journal at a lesson (the main window's)."""

    listed = Signal()
    resolved = Signal()

    def __init__(self, actor: Actor, open_lesson: OpenLesson | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.open_lesson = open_lesson
        self.lists = Lists([], [])
        self.setWindowTitle(self.tr("Conflicts and refused changes"))
        self.setWindowIcon(app_icon())
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1200, 560)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._conflicts_tab(), self.tr("Conflicts"))
        self.tabs.addTab(self._refused_tab(), self.tr("Refused changes"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh()

    # --- building ---------------------------------------------------------------------------

    def _conflicts_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.conflicts_note = QLabel(tab)
        self.conflicts_note.setWordWrap(True)
        layout.addWidget(self.conflicts_note)
        self.conflicts_table = _table(tab, [
            self.tr("Where"), self.tr("What"), self.tr("Shown now"), self.tr("Other value"),
        ])
        for column, width in enumerate((330, 210, 300)):
            self.conflicts_table.setColumnWidth(column, width)
        self.conflicts_table.itemSelectionChanged.connect(self._selection_changed)
        self.conflicts_table.itemDoubleClicked.connect(lambda *_: self.open_selected())
        layout.addWidget(self.conflicts_table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open journal"), tab)
        self.open_button.setObjectName("openJournalButton")
        self.open_button.clicked.connect(self.open_selected)
        self.keep_button = QPushButton(self.tr("Keep the value shown"), tab)
        self.keep_button.setObjectName("keepShownButton")
        self.keep_button.clicked.connect(lambda: self.resolve_selected(take_other=False))
        self.take_button = QPushButton(self.tr("Take the other value"), tab)
        self.take_button.setObjectName("takeOtherButton")
        self.take_button.clicked.connect(lambda: self.resolve_selected(take_other=True))
        for button in (self.open_button, self.keep_button, self.take_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        refresh = QPushButton(self.tr("Refresh"), tab)
        refresh.clicked.connect(self.refresh)
        buttons.addWidget(refresh)
        layout.addLayout(buttons)
        self._selection_changed()
        return tab

    def _refused_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.refused_note = QLabel(tab)
        self.refused_note.setWordWrap(True)
        layout.addWidget(self.refused_note)
        self.refused_table = _table(tab, [
            self.tr("When"), self.tr("Who"), self.tr("Computer"), self.tr("What it tried"),
            self.tr("Where"), self.tr("Why refused"),
        ])
        for column, width in enumerate((120, 210, 130, 200, 300)):
            self.refused_table.setColumnWidth(column, width)
        layout.addWidget(self.refused_table, 1)
        return tab

    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        actor = self.actor
        DbOp(lambda s: read_lists(s, actor)).success(alive(self, self._show)).failure(
            alive(self, lambda error: messages.show_error(self, error))).parent(self).busy(
            self.tr("Reading the lists…")).read_for(self).run()

    def _show(self, lists: Lists) -> None:
        self.lists = lists
        table = self.conflicts_table
        table.setRowCount(len(lists.conflicts))
        for row, item in enumerate(lists.conflicts):
            where = item.place.text or self.tr("(record no longer in the journal)")
            table.setItem(row, 0, _cell(where))
            table.setItem(row, 1, _cell(f"{item.what} — {kind_text(item)}"))
            table.setItem(row, 2, _cell(side_text(item.shown)))
            table.setItem(row, 3, _cell(side_text(item.other)))
        table.resizeRowsToContents()
        self.conflicts_note.setText(
            self.tr("Open conflicts: %1. Every computer shows the same value; the other "
                    "one is kept until someone chooses.").replace("%1", str(len(lists.conflicts)))
            if lists.conflicts else self.tr("No open conflicts."))
        refused = self.refused_table
        refused.setRowCount(len(lists.refused))
        for row, entry in enumerate(lists.refused):
            for column, text in enumerate((moment_text(entry.at), entry.author, entry.computer,
                                           entry.what, entry.place.text or "—", entry.reason)):
                refused.setItem(row, column, _cell(text))
        refused.resizeRowsToContents()
        self.refused_note.setText(
            self.tr("Refused changes: %1. No computer applied them except the one they were "
                    "made on.").replace(
                "%1", str(len(lists.refused)))
            if lists.refused else self.tr("No refused changes."))
        self.tabs.setTabText(0, self.tr("Conflicts (%1)").replace("%1", str(len(lists.conflicts))))
        self.tabs.setTabText(1, self.tr("Refused changes (%1)").replace(
            "%1", str(len(lists.refused))))
        self._selection_changed()
        self.listed.emit()

    # --- acting -----------------------------------------------------------------------------

    def selected(self) -> ConflictItem | None:
        rows = self.conflicts_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.lists.conflicts):
            return None
        return self.lists.conflicts[rows[0].row()]

    def _selection_changed(self) -> None:
        item = self.selected()
        self.keep_button.setEnabled(item is not None)
        self.take_button.setEnabled(item is not None)
        self.open_button.setEnabled(item is not None and item.place.assignment_id is not None
                                    and self.open_lesson is not None)

    def open_selected(self) -> None:
        item = self.selected()
        if item is None or item.place.assignment_id is None or self.open_lesson is None:
            return
        self.open_lesson(item.place.assignment_id, item.place.lesson_id, item.place.student_id)

    def resolve_selected(self, *, take_other: bool) -> None:
        from database.services.sync_conflicts import resolve_conflict

        item = self.selected()
        if item is None:
            return
        actor, key = self.actor, item.key
        self.keep_button.setEnabled(False)
        self.take_button.setEnabled(False)
        DbOp(lambda s: resolve_conflict(s, actor, key, take_other=take_other)).success(
            alive(self, lambda _: self._resolved())).failure(alive(self, self._failed)).parent(
            self).busy(
            self.tr("Saving the choice…")).run()

    def _resolved(self) -> None:
        self.resolved.emit()
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        messages.show_error(self, error)
        self.refresh()
