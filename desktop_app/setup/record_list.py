"""A searchable, sortable list of records with Add / Edit / Remove buttons.

Shared by the set-up screens (periods, holidays, bells, work types…) and meant for
the timetable and КТП screens too. The list shows an in-memory snapshot of frozen
rows (``set_rows``); ``data()`` never queries. Each column says how to show a row
and, if the shown text does not sort right (dates, numbers), how to sort it::

    columns = [
        Column(tr("Name"), lambda h: h.name),
        Column(tr("From"), lambda h: ru_date(h.start_date), sort=lambda h: h.start_date),
    ]
    self.ui.holidayList.configure(columns)
    self.ui.holidayList.addRequested.connect(self.add_holiday)
    self.ui.holidayList.editRequested.connect(self.edit_holiday)  # the row object
    self.ui.holidayList.removeRequested.connect(self.remove_holidays)  # list of rows

In a Designer form the widget is promoted from ``QWidget`` to ``RecordList``
(header ``desktop_app.setup.record_list``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # a key that sorts right; the text if None
    width: int = 0  # initial width in pixels; 0: fit the contents
    align_right: bool = False


class RecordTableModel(QAbstractTableModel):
    """Rows (frozen objects) × columns; the cell texts are computed once per
    snapshot so ``data()`` is a lookup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = []
        self.rows: list[Any] = []
        self._texts: list[list[str]] = []

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self._texts = [[c.text(row) for c in self.columns] for row in self.rows]
        self.endResetModel()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [[c.text(row) for c in self.columns] for row in self.rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        if role == RecordRole:
            return self.rows[index.row()]
        if role == SortRole:
            row = self.rows[index.row()]
            return column.sort(row) if column.sort else self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class _SearchFilter(QSortFilterProxyModel):
    """Keeps the rows with every word of the search somewhere in their texts; sorts
    by each column's sort key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        model = self.sourceModel()
        assert isinstance(model, RecordTableModel)
        haystack = " ".join(model._texts[source_row]).casefold()
        return all(word in haystack for word in self.words)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        try:
            return bool(a < b)
        except TypeError:  # a missing value (None) sorts first
            return a is None and b is not None


class RecordList(QWidget):
    """Search line, table, and the buttons under it. Double-click or Enter edits."""

    addRequested = Signal()
    editRequested = Signal(object)  # the row
    removeRequested = Signal(list)  # the selected rows
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordTableModel(self)
        self.proxy = _SearchFilter(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search…"))
        self.search_edit.textChanged.connect(self.proxy.set_search)
        layout.addWidget(self.search_edit)

        self.view = QTableView(self)
        self.view.setObjectName("recordView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _: self._edit())
        self.view.activated.connect(lambda _: self._edit())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setObjectName("addButton")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("editButton")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeButton")
        self.add_button.clicked.connect(self.addRequested.emit)
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        self._buttons = buttons
        buttons.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "hint")
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)
        self._selection_changed()

    # --- set-up -------------------------------------------------------------------------

    def configure(
        self, columns: Sequence[Column], *, sort_column: int = 0, editable: bool = True
    ) -> None:
        self.model.set_columns(columns)
        self.view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setVisible(editable)
        self._fit_columns()

    def set_button_texts(self, *, add: str = "", edit: str = "", remove: str = "") -> None:
        for button, text in ((self.add_button, add), (self.edit_button, edit),
                             (self.remove_button, remove)):
            if text:
                button.setText(text)

    def add_action_button(self, button: QPushButton) -> None:
        """One more button after Add / Edit / Remove (a screen's own action on the
        selected rows; the screen enables it on :attr:`selectionChanged`)."""
        self._buttons.insertWidget(self._buttons.count() - 2, button)

    def set_rows(self, rows: Sequence[Any]) -> None:
        kept = self.selected()
        self.model.set_rows(rows)
        self._fit_columns()
        self.count_label.setText(self.tr("Records: %1").replace("%1", str(len(rows))))
        if kept:
            self.select_where(lambda row: row in kept)
        self._selection_changed()

    def _fit_columns(self) -> None:
        for number, column in enumerate(self.model.columns):
            if column.width:
                self.view.setColumnWidth(number, column.width)
            else:
                self.view.resizeColumnToContents(number)

    # --- selection ------------------------------------------------------------------------

    def selected(self) -> list[Any]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def select_where(self, wanted: Callable[[Any], bool]) -> None:
        """Select the first shown row for which ``wanted(row)`` is true."""
        for r in range(self.proxy.rowCount()):
            if wanted(self.proxy.index(r, 0).data(RecordRole)):
                self.view.selectRow(r)
                return

    def rows_shown(self) -> list[Any]:
        """The rows in the order the view shows them (after search and sort)."""
        return [self.proxy.index(r, 0).data(RecordRole) for r in range(self.proxy.rowCount())]

    def _selection_changed(self, *_: object) -> None:
        chosen = len(self.selected())
        self.edit_button.setEnabled(chosen == 1)
        self.remove_button.setEnabled(chosen > 0)
        self.selectionChanged.emit()

    def _edit(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.editRequested.emit(chosen[0])

    def _remove(self) -> None:
        chosen = self.selected()
        if chosen:
            self.removeRequested.emit(chosen)
