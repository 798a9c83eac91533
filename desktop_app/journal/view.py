"""The grid view: the student column frozen (the vertical header, which stays put
while dates scroll), a two-row date header (month above, then day, weekday and
lesson number; control works and lessons still missing something marked), and
spreadsheet keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QWidget,
)

from database.queries.journal import JournalLesson, JournalStudent

from .delegate import JournalDelegate
from .model import WEEKDAYS, JournalModel, Kind, Roles
from .painting import (
    BOLD,
    CONFLICT_MARKER,
    SMALL,
    SMALL_ITALIC,
    TITLE,
    TITLE_BOLD,
    Area,
    GridPainter,
    font_variants,
    laid_out,
)

MONTH_BAND = 18
HEADER_HEIGHT = 58
LESSON_WIDTH = 40
ROW_HEIGHT = 24
GRID_COLOUR = QColor("#d5dae0")
# A translucent blue: marks and today's yellow stay readable under a selection, which
# the platform's highlight colour (often grey) does not make visible enough.
SELECTION_COLOUR = QColor(30, 136, 229, 60)
HEADER_BACKGROUND = QColor("#f4f6f8")
TODAY_HEADER = QColor("#ffe082")
CANCELLED_HEADER = QColor("#e0e0e0")
CONTROL_HEADER = QColor("#f8d7d7")
PERIOD_HEADER = QColor("#dfeedd")
HEADER_LINE = QColor("#c5cbd3")
HEADER_TEXT = QColor("#263238")
SUBTITLE_TEXT = QColor("#546e7a")
CONTROL_TEXT = QColor("#b71c1c")
SUBSTITUTE_TEXT = QColor("#1565c0")
MISSING_DOT = QColor("#ef6c00")
LATE_DOT = QColor("#8e24aa")
ODD_ROW = QColor("#fafbfc")
EVEN_ROW = QColor("#ffffff")
ROW_LINE = QColor("#d5dae0")
NUMBER_TEXT = QColor("#78909c")
NAME_TEXT = QColor("#212121")
LEFT_TEXT = QColor("#9e9e9e")
LEFT_NOTE = QColor("#c62828")
ARRIVED_NOTE = QColor("#2e7d32")


def _centred(painter: QPainter, x: int, y: int, width: int, height: int,
             text: tuple[QStaticText, float, float]) -> None:
    static, w, h = text
    painter.drawStaticText(QPointF(x + (width - w) / 2, y + (height - h) / 2), static)


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


class DateHeader(QHeaderView):
    """Month row above the lesson columns, then «18» and «ср 3» per lesson."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultSectionSize(LESSON_WIDTH)
        self.setMinimumSectionSize(30)

    def sizeHint(self) -> QSize:
        # Not QHeaderView's: it asks the model for every section's header data to
        # find the tallest, and this header's height is fixed anyway.
        return QSize(self.length(), HEADER_HEIGHT)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        model = self.model()
        if model is None or not rect.isValid():
            return
        painter.save()
        kind = model.headerData(logicalIndex, Qt.Orientation.Horizontal, Roles.Kind)
        lesson: JournalLesson | None = model.headerData(
            logicalIndex, Qt.Orientation.Horizontal, Roles.Lesson)
        body = rect.adjusted(0, MONTH_BAND, 0, 0)
        background = HEADER_BACKGROUND
        if lesson is not None:
            if model.headerData(logicalIndex, Qt.Orientation.Horizontal, Roles.Today):
                background = TODAY_HEADER
            elif lesson.cancelled:
                background = CANCELLED_HEADER
            elif lesson.control_work:
                background = CONTROL_HEADER
        elif kind == Kind.PERIOD:
            background = PERIOD_HEADER
        painter.fillRect(rect, background)
        painter.setPen(HEADER_LINE)
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        fonts, _ = font_variants(self.font())
        bold, small = fonts[BOLD], fonts[SMALL]
        if lesson is not None:
            half = body.height() // 2
            painter.setFont(bold)
            painter.setPen(CONTROL_TEXT if lesson.control_work else HEADER_TEXT)
            _centred(painter, body.x(), body.y() + 1, body.width(), half,
                     laid_out(str(lesson.date.day), bold))
            label = f"{WEEKDAYS[lesson.date.weekday()]} {lesson.lesson_number}"
            painter.setFont(small)
            painter.setPen(SUBTITLE_TEXT)
            if lesson.control_work:
                label = "К/Р"
                painter.setPen(CONTROL_TEXT)
            _centred(painter, body.x(), body.y() + half, body.width(), half - 1,
                     laid_out(label, small))
            if lesson.missing and not lesson.cancelled:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(MISSING_DOT)
                painter.drawEllipse(body.right() - 7, body.top() + 3, 5, 5)
            if lesson.entries_late or lesson.homework_late:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(LATE_DOT)
                painter.drawEllipse(body.left() + 3, body.top() + 3, 5, 5)
            if model.headerData(logicalIndex, Qt.Orientation.Horizontal, Roles.Conflicts):
                # An open sync conflict of the lesson's topic or homework: a red frame.
                painter.setPen(CONFLICT_MARKER)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(body.adjusted(1, 1, -2, -2))
            if lesson.substitute_name:
                painter.setFont(small)
                painter.setPen(SUBSTITUTE_TEXT)
                painter.drawText(body.adjusted(2, 0, 0, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                                 "з")
        else:
            text = model.headerData(logicalIndex, Qt.Orientation.Horizontal,
                                    Qt.ItemDataRole.DisplayRole) or ""
            painter.setFont(fonts[TITLE_BOLD] if kind == Kind.PERIOD else fonts[TITLE])
            painter.setPen(HEADER_TEXT)
            painter.drawText(rect.adjusted(2, 2, -2, -2),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or self.count() == 0:
            return
        painter = QPainter(self.viewport())
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        first = self.visualIndexAt(0)
        last = self.visualIndexAt(self.viewport().width() - 1)
        if first < 0:
            return
        if last < 0:
            last = self.count() - 1
        # Runs of adjacent lesson columns in the same month share one label.
        run_start = first
        run_month = None
        for visual in range(first, last + 2):
            month = None
            if visual <= last:
                month = model.headerData(self.logicalIndex(visual),
                                         Qt.Orientation.Horizontal, Roles.Month)
            if visual > last or month != run_month:
                if run_month is not None:
                    x0 = self.sectionViewportPosition(self.logicalIndex(run_start))
                    end = self.logicalIndex(visual - 1)
                    x1 = self.sectionViewportPosition(end) + self.sectionSize(end)
                    band = QRect(x0, 0, x1 - x0, MONTH_BAND)
                    painter.fillRect(band, QColor("#e3eaf2"))
                    painter.setPen(QColor("#c5cbd3"))
                    painter.drawLine(band.bottomLeft(), band.bottomRight())
                    painter.drawLine(band.topRight(), band.bottomRight())
                    painter.setPen(QColor("#37474f"))
                    # A month scrolled half out of view keeps its name readable.
                    label = QRect(max(band.left(), 0), 0, band.right() - max(band.left(), 0),
                                  MONTH_BAND)
                    painter.drawText(label.adjusted(4, 0, -2, 0),
                                     int(Qt.AlignmentFlag.AlignVCenter
                                         | Qt.AlignmentFlag.AlignLeft), run_month)
                run_start = visual
                run_month = month
        painter.end()


class StudentHeader(QHeaderView):
    """The frozen student column: number, surname and name, and «выбыл 10.11» /
    «прибыла 16.11» in grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setDefaultSectionSize(ROW_HEIGHT)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setFixedWidth(250)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        model = self.model()
        if model is None or not rect.isValid():
            return
        student: JournalStudent | None = model.headerData(
            logicalIndex, Qt.Orientation.Vertical, Roles.Student)
        painter.save()
        painter.fillRect(rect, ODD_ROW if logicalIndex % 2 else EVEN_ROW)
        painter.setPen(ROW_LINE)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if student is not None:
            font = self.font()
            gone = bool(student.left_note)
            painter.setFont(font)
            painter.setPen(NUMBER_TEXT)
            static, width, height = laid_out(str(student.number), font)
            top = rect.y() + (rect.height() - height) / 2
            painter.drawStaticText(QPointF(rect.x() + 28 - width, top), static)
            painter.setPen(LEFT_TEXT if gone else NAME_TEXT)
            static, name_width, height = laid_out(student.full_name, font)
            painter.drawStaticText(QPointF(rect.x() + 34, rect.y() + (rect.height() - height) / 2),
                                   static)
            note = student.note
            if note:
                small = font_variants(font)[0][SMALL_ITALIC]
                room = rect.width() - 34 - name_width - 12
                static, width, height = laid_out(note, small)
                if width > room:
                    # «выбыл 10.11, прибыл 17.11» beside a long name: the latest move only
                    # (the whole story is in the row's tooltip).
                    static, width, height = laid_out(note.split(", ")[-1], small)
                if width <= room:
                    painter.setFont(small)
                    painter.setPen(LEFT_NOTE if gone else ARRIVED_NOTE)
                    painter.drawStaticText(QPointF(rect.right() - 6 - width,
                                                   rect.y() + (rect.height() - height) / 2),
                                           static)
        painter.restore()


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
