"""A small two-column table edited in place — code and meaning, work type and
weight — with Add and Remove buttons; for the school's notation lists.

``set_pairs`` loads the snapshot, ``pairs`` reads what the user left (rows with an
empty first cell are dropped; duplicates are left for the service to refuse with
its message). In Designer: promote a ``QWidget`` to ``PairsEditor`` (header
``desktop_app.setup.pairs_editor``) and call :meth:`set_headers`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class PairsEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("pairsTable")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add row"), self)
        self.add_button.setObjectName("addRowButton")
        self.remove_button = QPushButton(self.tr("Remove row"), self)
        self.remove_button.setObjectName("removeRowButton")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_rows)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_headers(self, first: str, second: str, first_width: int = 140) -> None:
        self.table.setHorizontalHeaderLabels([first, second])
        self.table.setColumnWidth(0, first_width)

    def set_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.table.setRowCount(0)
        for first, second in pairs:
            self.add_row(first, second, edit=False)

    def add_row(self, first: str = "", second: str = "", *, edit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(first)
        self.table.setItem(row, 0, item)
        self.table.setItem(row, 1, QTableWidgetItem(second))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(item)

    def remove_rows(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def pairs(self) -> list[tuple[str, str]]:
        result: list[tuple[str, str]] = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in (0, 1)]
            first, second = ((c.text().strip() if c is not None else "") for c in cells)
            if first:
                result.append((first, second))
        return result
