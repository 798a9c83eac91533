"""A table model over an in-memory snapshot of frozen rows, and its search filter.

Shared by every people screen: the columns are declared once (title, text, sort
key); :meth:`SnapshotModel.set_rows` prepares every cell's text, sort key and the
row's search text up front, so ``data()`` and filtering are plain lookups (calibre's
library model does the same) and a school of 1,500 students sorts and filters at
once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from database.collation import ru_sort_key

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
MUTED = QColor("#7b8794")


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    # A str or number Qt compares itself; by default the text in Russian order.
    sort: Callable[[R], str | int | float] | None = None
    right: bool = False  # numbers
    width: int = 0  # starting width in pixels; 0: fit the contents


class SnapshotModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        row_id: Callable[[R], uuid.UUID],
        muted: Callable[[R], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._row_id = row_id
        self._muted = muted
        self.rows: list[R] = []
        self._texts: list[list[str]] = []
        self._sorts: list[list[str | int | float]] = []
        self._muted_rows: list[bool] = []
        self.search_texts: list[str] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [[c.text(r) for c in self.columns] for r in self.rows]
        self._sorts = [
            [c.sort(r) if c.sort is not None else ru_sort_key(text)
             for c, text in zip(self.columns, texts, strict=True)]
            for r, texts in zip(self.rows, self._texts, strict=True)
        ]
        self._muted_rows = [bool(self._muted and self._muted(r)) for r in self.rows]
        self.search_texts = [ru_sort_key(" ".join(texts)) for texts in self._texts]
        self.endResetModel()

    def row_of(self, record_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self.rows) if self._row_id(r) == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[r][c]
        if role == SortRole:
            return self._sorts[r][c]
        if role == IdRole:
            return str(self._row_id(self.rows[r]))
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[c].right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted_rows[r]:
            return MUTED
        return None


class SnapshotFilter(QSortFilterProxyModel):
    """Sorts by :data:`SortRole`; keeps the rows whose text contains every word of
    the search (any case) and that the optional ``predicate`` accepts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._words: list[str] = []
        self.predicate: Callable[[Any], bool] | None = None

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = ru_sort_key(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self.predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, SnapshotModel)
        if self.predicate is not None and not self.predicate(model.rows[source_row]):
            return False
        haystack = model.search_texts[source_row]
        return all(word in haystack for word in self._words)
