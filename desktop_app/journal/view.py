"""The grid view: the student column frozen (the vertical header, which stays put
while dates scroll), the two-row date header above (both headers are in
:mod:`.headers`), and spreadsheet keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QTableView,
    QWidget,
)

from .delegate import JournalDelegate
from .headers import DateHeader, StudentHeader
from .model import JournalModel
from .painting import Area, GridPainter

GRID_COLOUR = QColor("#d5dae0")
# A translucent blue: marks and today's yellow stay readable under a selection, which
# the platform's highlight colour (often grey) does not make visible enough.
SELECTION_COLOUR = QColor(30, 136, 229, 60)


class Controller(Protocol):
    """What the grid's keys ask for (:class:`~.controller.JournalController`)."""

    def type_key(self, text: str) -> bool: ...
    def clear_selection(self) -> None: ...
    def copy(self) -> None: ...
    def paste(self) -> None: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def confirm_suggestion(self) -> None: ...
    def move_cursor(self, rows: int, columns: int) -> None: ...
    def typing_reset(self) -> None: ...


class JournalView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: Controller | None = None
        # Called once, at the end of the next paint of the cells (the page then says
        # the grid is shown and starts its follow-up reads).
        self.after_paint: Callable[[], None] | None = None
        self.setObjectName("journalGrid")
        self.setHorizontalHeader(DateHeader(self))
        self.setVerticalHeader(StudentHeader(self))
        self.setItemDelegate(JournalDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.grid_painter = GridPainter()
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self._corner = self.findChild(QAbstractButton)
        if self._corner is not None:
            self._corner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The corner above the names says what the column is."""
        corner: QAbstractButton | None = getattr(self, "_corner", None)  # set late
        if corner is not None and watched is corner and event.type() == QEvent.Type.Paint:
            painter = QPainter(corner)
            painter.fillRect(corner.rect(), QColor("#e3eaf2"))
            painter.setPen(QColor("#c5cbd3"))
            painter.drawLine(corner.rect().topRight(), corner.rect().bottomRight())
            painter.drawLine(corner.rect().bottomLeft(), corner.rect().bottomRight())
            font = QFont(self.font())
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#37474f"))
            painter.drawText(corner.rect().adjusted(8, 0, -4, -6),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                             self.tr("No.  Student"))
            painter.end()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        controller = self.controller
        if controller is None:
            super().keyPressEvent(event)
            return
        key = event.key()
        modifiers = event.modifiers()
        if event.matches(QKeySequence.StandardKey.Copy):
            controller.copy()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            controller.paste()
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            controller.undo()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or (
            key == Qt.Key.Key_Y and modifiers & Qt.KeyboardModifier.ControlModifier
        ):
            controller.redo()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            controller.typing_reset()
            controller.clear_selection()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers & Qt.KeyboardModifier.ControlModifier:
                controller.confirm_suggestion()
                return
            controller.typing_reset()
            up = modifiers & Qt.KeyboardModifier.ShiftModifier
            controller.move_cursor(-1 if up else 1, 0)
            return
        if key == Qt.Key.Key_Tab:
            controller.typing_reset()
            controller.move_cursor(0, 1)
            return
        if key == Qt.Key.Key_Backtab:
            controller.typing_reset()
            controller.move_cursor(0, -1)
            return
        text = event.text()
        no_command = not modifiers & (Qt.KeyboardModifier.ControlModifier
                                      | Qt.KeyboardModifier.AltModifier)
        if text and text.isprintable() and no_command and controller.type_key(text):
            return
        controller.typing_reset()
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The visible cells in one pass of :class:`GridPainter` (see painting.py for
        why not a delegate call per cell); an open cell editor is a child widget and
        paints itself."""
        model = self.model()
        if not isinstance(model, JournalModel) or not model.rowCount() \
                or not model.columnCount():
            super().paintEvent(event)
            return
        area = self._area(event.rect())
        if area is None:
            return
        painter = QPainter(self.viewport())
        selected: set[tuple[int, int]] = set()
        rows, columns = area.rows, area.columns
        ranges = self.selectionModel().selection()
        for i in range(ranges.count()):
            selection = ranges.at(i)
            top, bottom = max(selection.top(), rows[0]), min(selection.bottom(), rows[-1])
            left, right = max(selection.left(), columns[0]), min(selection.right(),
                                                                  columns[-1])
            selected.update((r, c) for r in range(top, bottom + 1)
                            for c in range(left, right + 1))
        current = self.currentIndex()
        self.grid_painter.paint_area(
            painter, model, area, self.font(), selected=selected, highlight=SELECTION_COLOUR,
            current=(current.row(), current.column()) if current.isValid() else None,
            focused=self.hasFocus(), grid=GRID_COLOUR if self.showGrid() else None)
        painter.end()
        if self.after_paint is not None:
            callback, self.after_paint = self.after_paint, None
            callback()

    def _area(self, rect: QRect) -> Area | None:
        """The rows and columns that ``rect`` (viewport coordinates) touches."""
        first_row, last_row = self.rowAt(rect.top()), self.rowAt(rect.bottom())
        first_column, last_column = self.columnAt(rect.left()), self.columnAt(rect.right())
        if first_row < 0 or first_column < 0:
            return None  # below the last row or right of the last column
        if last_row < 0:
            last_row = self.model().rowCount() - 1
        if last_column < 0:
            last_column = self.model().columnCount() - 1
        rows = range(first_row, last_row + 1)
        columns = range(first_column, last_column + 1)
        return Area(
            rows=rows,
            tops=[self.rowViewportPosition(r) for r in rows],
            heights=[self.rowHeight(r) for r in rows],
            columns=columns,
            lefts=[self.columnViewportPosition(c) for c in columns],
            widths=[self.columnWidth(c) for c in columns],
        )

    # --- the Grid protocol of the controller ----------------------------------------------

    def current_cell(self) -> tuple[int, int]:
        index = self.currentIndex()
        return (index.row(), index.column()) if index.isValid() else (0, 0)

    def selected_cells(self) -> list[tuple[int, int]]:
        return sorted((i.row(), i.column()) for i in self.selectionModel().selectedIndexes())

    def select_range(self, top: int, left: int, bottom: int, right: int) -> None:
        model, selection = self.model(), self.selectionModel()
        first = model.index(top, left, QModelIndex())
        selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.select(QItemSelection(first, model.index(bottom, right, QModelIndex())),
                         QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def type_over(self, text: str) -> None:
        """The current cell's editor opened with ``text`` typed over (a period mark)."""
        self.edit(self.currentIndex())
        editors = self.viewport().findChildren(QComboBox)
        if editors:
            editors[-1].setCurrentText(text)

    def go_to(self, row: int, column: int) -> None:
        model = self.model()
        if model is None:
            return
        index = model.index(row, column, QModelIndex())
        if index.isValid():
            # Explicit, so a modifier key still held does not extend the selection.
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(index)
