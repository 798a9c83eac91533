"""The import preview as a Qt model: one row per spreadsheet row with its outcome
(new, updated, unchanged, error with the cell), errors highlighted; and the filter
that shows only the rows with errors."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from database.imports.outcome import RowOutcome, Status

Index = QModelIndex | QPersistentModelIndex

STATUS_TEXT: Final[dict[Status, str]] = {
    Status.NEW: str(QT_TRANSLATE_NOOP("ImportDialog", "new")),
    Status.UPDATED: str(QT_TRANSLATE_NOOP("ImportDialog", "updated")),
    Status.UNCHANGED: str(QT_TRANSLATE_NOOP("ImportDialog", "unchanged")),
    Status.ERROR: str(QT_TRANSLATE_NOOP("ImportDialog", "error")),
}
_COLOURS: Final[dict[Status, str]] = {
    Status.ERROR: "#f8d7d3",
    Status.NEW: "#e1f0e0",
    Status.UPDATED: "#e3ecf7",
}
StatusRole = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class PreviewModel(QAbstractTableModel):
    """Every row's outcome: row, result, cell, who, details."""

    HEADERS: Final = (
        QT_TRANSLATE_NOOP("ImportDialog", "Row"),
        QT_TRANSLATE_NOOP("ImportDialog", "Result"),
        QT_TRANSLATE_NOOP("ImportDialog", "Cell"),
        QT_TRANSLATE_NOOP("ImportDialog", "Person or record"),
        QT_TRANSLATE_NOOP("ImportDialog", "Details"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[RowOutcome, ...] = ()
        self._status = {status: _tr(text) for status, text in STATUS_TEXT.items()}
        self._brushes = {status: QBrush(QColor(c)) for status, c in _COLOURS.items()}

    def set_rows(self, rows: tuple[RowOutcome, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(str(self.HEADERS[section]))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(row.row), self._status[row.status], row.cell, row.who,
                    row.detail)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.detail:
            return row.detail
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes.get(row.status)
        if role == StatusRole:
            return row.status.value
        if role == Qt.ItemDataRole.UserRole:  # sorting: rows by number
            return row.row if column == 0 else (row.cell if column == 2 else None)
        return None


class PreviewFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.errors_only = False

    def set_errors_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.errors_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.errors_only:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return bool(model.data(index, StatusRole) == Status.ERROR.value)

    def lessThan(self, left: Index, right: Index) -> bool:
        if left.column() == 0:
            return int(left.data(Qt.ItemDataRole.UserRole)) < int(
                right.data(Qt.ItemDataRole.UserRole))
        return super().lessThan(left, right)
