"""Painting and editing one journal cell.

Cells are painted as in a paper journal (``н``, ``5``, ``5/4``, ``н 4``), each mark
in its colour, with a small corner marker for a comment to parents and a dot for an
entry made late; days a student was not in the class are hatched. F2 or a double
click opens the cell editor (work type, weight and comment of each mark)."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPolygonF,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from database.errors import ValidationError
from database.queries.journal import JournalCell, JournalMark

from .model import ATTENDANCE_COLOUR, MARK_COLOURS, JournalModel, Kind, Roles

Index = QModelIndex | QPersistentModelIndex

TODAY_BACKGROUND = QColor("#fff6cc")
CANCELLED_BACKGROUND = QColor("#ececec")
ABSENT_ROW_BACKGROUND = QColor("#f3f3f3")
STATS_BACKGROUND = QColor("#f5f8fc")
PERIOD_BACKGROUND = QColor("#eef4ea")
CONTROL_BACKGROUND = QColor("#fdf0f0")
COMMENT_MARKER = QColor("#e65100")
LATE_MARKER = QColor("#9c27b0")
SUGGESTION_COLOUR = QColor("#9e9e9e")
STATS_COLOUR = QColor("#455a64")
UNSAVED_MARKER = QColor("#90a4ae")
MARK_QCOLOURS = {value: QColor(colour) for value, colour in MARK_COLOURS.items()}
OTHER_MARK = QColor("#202020")
ATTENDANCE_QCOLOUR = QColor(ATTENDANCE_COLOUR)
SEPARATOR_COLOUR = QColor("#757575")
ABSENT_BRUSH = QBrush(QColor("#c8c8c8"), Qt.BrushStyle.BDiagPattern)
FOCUS_PEN = QColor("#1e88e5")
SELECTED = QStyle.StateFlag.State_Selected.value
HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
CENTER = Qt.AlignmentFlag.AlignCenter
LEFT_MIDDLE = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


def _data(index: Index, role: int) -> Any:
    """The model's data called in Python: ``QModelIndex.data`` returning None drops a
    reference to None in PySide6 6.12 (Python 3.11 then aborts after a while)."""
    return cast(JournalModel, index.model()).data(index, role)


class CellEditor(QFrame):
    """The F2 editor: the cell's text, then per mark its work type, weight and the
    comment parents see."""

    def __init__(self, parent: QWidget, work_types: dict[str, float]) -> None:
        super().__init__(parent)
        self.setObjectName("cellEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.work_types = work_types
        layout = QFormLayout(self)
        self.text = QLineEdit(self)
        self.text.setObjectName("cellText")
        layout.addRow(self.tr("Cell"), self.text)
        self.types: list[QComboBox] = []
        self.weights: list[QDoubleSpinBox] = []
        self.comments: list[QLineEdit] = []
        for number in (1, 2):
            kind = QComboBox(self)
            kind.addItems(list(work_types))
            kind.currentTextChanged.connect(
                lambda text, n=number - 1: self.weights[n].setValue(self.work_types.get(text, 1)))
            weight = QDoubleSpinBox(self)
            weight.setRange(0.1, 10)
            weight.setSingleStep(0.5)
            comment = QLineEdit(self)
            comment.setPlaceholderText(self.tr("Comment for parents"))
            layout.addRow(self.tr("Work type %1").replace("%1", str(number)), kind)
            layout.addRow(self.tr("Weight %1").replace("%1", str(number)), weight)
            layout.addRow(self.tr("Comment %1").replace("%1", str(number)), comment)
            self.types.append(kind)
            self.weights.append(weight)
            self.comments.append(comment)

    def set_cell(self, cell: JournalCell | None) -> None:
        self.text.setText(cell.text if cell is not None else "")
        marks = cell.marks if cell is not None else ()
        for i in range(2):
            mark = marks[i] if i < len(marks) else None
            if mark is not None and mark.work_type:
                self.types[i].setCurrentText(mark.work_type)
            if mark is not None:
                self.weights[i].setValue(mark.weight)
            self.comments[i].setText(mark.comment if mark is not None else "")
        self.text.selectAll()
        self.text.setFocus()

    def cell(self, model: JournalModel) -> JournalCell | None:
        typed = model.parse_lesson_text(self.text.text())  # ValidationError propagates
        if typed.is_empty:
            return None
        marks = tuple(
            JournalMark(i + 1, value, self.types[i].currentText(), self.weights[i].value(),
                        self.comments[i].text().strip(), False)
            for i, value in enumerate(typed.marks)
        )
        return JournalCell(typed.attendance, False, marks)


class JournalDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_error = ""
        self.model: JournalModel | None = None  # set by the view: saves a call per cell
        self._bold_key = ""
        self._static: dict[tuple[str, str], QStaticText] = {}
        self._widths: dict[tuple[str, str], int] = {}
        self._bold_font = QFont()

    # --- painting -------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = self.model if self.model is not None else cast(JournalModel, index.model())
        kind, lesson, cell, present, text = model.paint_info(index.row(), index.column())
        rect = option.rect
        state = option.state.value  # an int: Python-enum flag arithmetic is slow
        painter.save()
        background: QColor | None = None
        if lesson is not None:
            if lesson.cancelled:
                background = CANCELLED_BACKGROUND
            elif lesson.date == model.today:
                background = TODAY_BACKGROUND
            elif lesson.control_work:
                background = CONTROL_BACKGROUND
        elif kind is Kind.PERIOD:
            background = PERIOD_BACKGROUND
        else:
            background = STATS_BACKGROUND
        if background is not None:
            painter.fillRect(rect, background)
        if lesson is not None and not present:
            painter.fillRect(rect, ABSENT_BRUSH)
        if state & SELECTED:
            painter.fillRect(rect, self._highlight(option))
        if state & HAS_FOCUS:
            painter.setPen(FOCUS_PEN)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        font = option.font
        if lesson is not None:
            if cell is not None:
                self._paint_cell(painter, rect, font, cell)
            if model.unsaved and (model.students[index.row()].id, lesson.id) in model.unsaved:
                # Shown, not yet stored: a small grey bar until the worker commits it.
                painter.fillRect(rect.right() - 5, rect.bottom() - 3, 4, 2, UNSAVED_MARKER)
        elif text:
            if kind is Kind.PERIOD:
                font = QFont(font)
                if present:  # a period mark, not a suggestion
                    font.setBold(True)
                    painter.setPen(QColor(MARK_COLOURS.get(text, "#202020")))
                else:
                    font.setItalic(True)
                    painter.setPen(SUGGESTION_COLOUR)
            else:
                painter.setPen(STATS_COLOUR)
            painter.setFont(font)
            self._draw_centred(painter, rect, text)
        painter.restore()

    def _draw_centred(self, painter: QPainter, rect: Any, text: str) -> None:
        """Most cells hold one of a dozen strings: a laid-out QStaticText per string
        and font draws several times faster than drawText."""
        font = painter.font()
        key = (text, font.key())
        static = self._static.get(key)
        if static is None:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), font)
            self._static[key] = static
        size = static.size()
        painter.drawStaticText(QPointF(rect.x() + (rect.width() - size.width()) / 2,
                                       rect.y() + (rect.height() - size.height()) / 2), static)

    def _width(self, text: str, font: QFont) -> int:
        key = (text, font.key())
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = QFontMetrics(font).horizontalAdvance(text)
        return width

    def _bold(self, font: QFont) -> QFont:
        key = font.key()
        if key != self._bold_key:
            self._bold_font = QFont(font)
            self._bold_font.setBold(True)
            self._bold_key = key
        return self._bold_font

    def _highlight(self, option: QStyleOptionViewItem) -> QColor:
        colour = QColor(option.palette.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(70)
        return colour

    def _paint_cell(self, painter: QPainter, rect: Any, font: QFont, cell: JournalCell) -> None:
        bold = self._bold(font)
        if len(cell.marks) <= 1:
            # The usual cell: one code or one mark, drawn centred in one call.
            if cell.marks:
                painter.setFont(bold)
                painter.setPen(MARK_QCOLOURS.get(cell.marks[0].value, OTHER_MARK))
                text = cell.marks[0].value if not cell.attendance else cell.text
                if cell.attendance:
                    painter.setFont(font)
            else:
                painter.setFont(font)
                painter.setPen(ATTENDANCE_QCOLOUR)
                text = cell.attendance or ""
            self._draw_centred(painter, rect, text)
        else:
            pieces: list[tuple[str, QColor, bool]] = []
            if cell.attendance:
                pieces.append((cell.attendance + " ", ATTENDANCE_QCOLOUR, False))
            for i, mark in enumerate(cell.marks):
                if i:
                    pieces.append(("/", SEPARATOR_COLOUR, False))
                pieces.append((mark.value, MARK_QCOLOURS.get(mark.value, OTHER_MARK), True))
            widths = [self._width(text, bold if strong else font) for text, _, strong in pieces]
            x = rect.x() + (rect.width() - sum(widths)) / 2
            for (text, colour, strong), width in zip(pieces, widths, strict=True):
                painter.setFont(bold if strong else font)
                painter.setPen(colour)
                painter.drawText(int(x), rect.y(), width + 1, rect.height(), LEFT_MIDDLE, text)
                x += width
        painter.setPen(Qt.PenStyle.NoPen)
        if any(m.comment for m in cell.marks):
            right, top = rect.right(), rect.top()
            painter.setBrush(COMMENT_MARKER)
            painter.drawPolygon(QPolygonF([QPointF(right - 6, top), QPointF(right + 1, top),
                                           QPointF(right + 1, top + 7)]))
        if cell.attendance_late or any(m.late for m in cell.marks):
            painter.setBrush(LATE_MARKER)
            painter.drawEllipse(QPointF(rect.left() + 4, rect.bottom() - 4), 2, 2)

    # --- editing ----------------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        model = cast(JournalModel, index.model())
        if _data(index, Roles.Kind) == Kind.PERIOD:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(["", *model.period_values])
            return combo
        work_types = model.snapshot.settings.work_types if model.snapshot is not None else {}
        return CellEditor(parent, work_types)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CellEditor):
            editor.set_cell(_data(index, Roles.Cell))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(_data(index, Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, CellEditor):
            journal = cast(JournalModel, model)
            try:
                cell = editor.cell(journal)
            except ValidationError as error:
                self.last_error = error.message
                from desktop_app import messages

                messages.warning(editor.window(), error.message)
                return
            model.setData(index, cell, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox) and not model.setData(
            index, editor.currentText(), Qt.ItemDataRole.EditRole
        ):
            from desktop_app import messages

            messages.warning(editor.window(), self.tr("This period mark is not allowed."))

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = option.rect
        if isinstance(editor, CellEditor):
            size = editor.sizeHint()
            parent = editor.parentWidget()
            x = rect.x()
            y = rect.y()
            if parent is not None:
                x = max(0, min(x, parent.width() - size.width()))
                y = max(0, min(y, parent.height() - size.height()))
            editor.setGeometry(x, y, size.width(), size.height())
        else:
            editor.setGeometry(rect.adjusted(0, 0, 40, 0))
