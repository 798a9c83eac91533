"""Painting the journal grid's cells, a whole visible area in one pass.

Cells look as in a paper journal (``н``, ``5``, ``5/4``, ``н 4``), each mark in its
colour, with a corner marker for a comment to parents, a dot for an entry made
late and a red corner and frame for an open sync conflict; days a student was not in
the class are hatched.

Why not an item delegate per cell: ``QTableView`` calls the delegate's ``paint`` and
the model's ``flags`` for every visible cell, each a Python call with wrapped
``QStyleOptionViewItem``/``QModelIndex`` arguments — with ~800 cells on a screen that
overhead alone cost more than the journal's whole opening budget. Here the view
hands one rectangle to :meth:`GridPainter.paint_area`, which fills backgrounds a
column at a time, draws each cell's text from a cache of laid-out
``QStaticText`` grouped by colour, and draws the grid lines in one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLine, QPointF, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPolygonF,
    QStaticText,
    QTransform,
)

from database.queries.journal import JournalCell

from .model import ATTENDANCE_COLOUR, MARK_COLOURS, JournalModel, Kind

TODAY_BACKGROUND = QColor("#fff6cc")
CANCELLED_BACKGROUND = QColor("#ececec")
STATS_BACKGROUND = QColor("#f5f8fc")
PERIOD_BACKGROUND = QColor("#eef4ea")
CONTROL_BACKGROUND = QColor("#fdf0f0")
COMMENT_MARKER = QColor("#e65100")
CONFLICT_MARKER = QColor("#d50000")
LATE_MARKER = QColor("#9c27b0")
SUGGESTION_COLOUR = QColor("#9e9e9e")
STATS_COLOUR = QColor("#455a64")
UNSAVED_MARKER = QColor("#90a4ae")
MARK_QCOLOURS = {value: QColor(colour) for value, colour in MARK_COLOURS.items()}
OTHER_MARK = QColor("#202020")
ATTENDANCE_QCOLOUR = QColor(ATTENDANCE_COLOUR)
SEPARATOR_COLOUR = QColor("#757575")
ABSENT_BRUSH = QBrush(QColor("#c8c8c8"), Qt.BrushStyle.BDiagPattern)
FOCUS_COLOUR = QColor("#1e88e5")
UNFOCUSED_COLOUR = QColor("#90a4ae")

Group = tuple[QColor, list[tuple[QPointF, QStaticText]]]  # a colour and what is drawn in it

# Font variants of the grid and its headers (see :func:`font_variants`): normal
# (attendance, stats, names), bold (marks, period marks, days), italic (a suggested
# period mark), small ones (a cell too full for its column, weekdays, «выбыл» notes)
# and the titles of the columns after the lessons.
NORMAL, BOLD, ITALIC, SMALL, SMALL_BOLD, SMALL_ITALIC, TITLE, TITLE_BOLD = range(8)


@dataclass(frozen=True)
class Area:
    """The visible cells to paint: rows ``rows`` with their tops and heights,
    columns ``columns`` with their lefts and widths (viewport coordinates)."""

    rows: Sequence[int]
    tops: Sequence[int]
    heights: Sequence[int]
    columns: Sequence[int]
    lefts: Sequence[int]
    widths: Sequence[int]


class GridPainter:
    """Paints cells of a :class:`JournalModel`. Keeps laid-out texts between paints
    (a journal shows a dozen distinct strings, drawn thousands of times)."""

    def __init__(self) -> None:
        self._fonts, self._font_keys = font_variants(QFont())

    def _text(self, text: str, variant: int) -> tuple[QStaticText, float, float]:
        return laid_out(text, self._fonts[variant], self._font_keys[variant])

    # --- the whole area -------------------------------------------------------------------

    def paint_area(
        self,
        painter: QPainter,
        model: JournalModel,
        area: Area,
        font: QFont,
        *,
        selected: set[tuple[int, int]] | None = None,
        highlight: QColor | None = None,
        current: tuple[int, int] | None = None,
        focused: bool = True,
        grid: QColor | None = None,
    ) -> None:
        self._fonts, self._font_keys = font_variants(font)
        columns = model.columns
        students = model.students
        cells = model.cells
        today = model.today
        if not area.rows or not area.columns:
            return
        top = area.tops[0]
        bottom = area.tops[-1] + area.heights[-1]
        span = bottom - top

        # 1. Backgrounds, a column at a time.
        for column, left, width in zip(area.columns, area.lefts, area.widths, strict=True):
            spec = columns[column]
            lesson = spec.lesson
            background: QColor | None
            if lesson is not None:
                background = (CANCELLED_BACKGROUND if lesson.cancelled
                              else TODAY_BACKGROUND if lesson.date == today
                              else CONTROL_BACKGROUND if lesson.control_work else None)
            elif spec.kind is Kind.PERIOD:
                background = PERIOD_BACKGROUND
            else:
                background = STATS_BACKGROUND
            if background is not None:
                painter.fillRect(left, top, width, span, background)

        # 2. Hatching where a student was not in the class (left, or not yet arrived).
        first_day = _first_day(model)
        for row, y, height in zip(area.rows, area.tops, area.heights, strict=True):
            student = students[row]
            if student.present_throughout(first_day):
                continue  # in the class all year: nothing to hatch (the usual row)
            for column, left, width in zip(area.columns, area.lefts, area.widths,
                                           strict=True):
                lesson = columns[column].lesson
                if lesson is not None and not student.present_on(lesson.date):
                    painter.fillRect(left, y, width, height, ABSENT_BRUSH)

        # 3. The selection.
        if selected and highlight is not None:
            for row, y, height in zip(area.rows, area.tops, area.heights, strict=True):
                for column, left, width in zip(area.columns, area.lefts, area.widths,
                                               strict=True):
                    if (row, column) in selected:
                        painter.fillRect(left, y, width, height, highlight)

        # 4. Texts, grouped by font and colour so each group sets the pen once.
        groups: dict[tuple[int, int], Group] = {}
        pieces: list[tuple[QRect, JournalCell]] = []
        markers: list[tuple[QRect, bool, bool, bool]] = []  # comment, late, unsaved
        unsaved = model.unsaved
        for column, left, width in zip(area.columns, area.lefts, area.widths, strict=True):
            spec = columns[column]
            lesson = spec.lesson
            if lesson is not None:
                lesson_id = lesson.id
                for row, y, height in zip(area.rows, area.tops, area.heights, strict=True):
                    sid = students[row].id
                    cell = cells.get((sid, lesson_id))
                    waiting = bool(unsaved) and (sid, lesson_id) in unsaved
                    if cell is None:
                        if waiting:
                            markers.append((QRect(left, y, width, height), False, False, True))
                        continue
                    marks = cell.marks
                    if len(marks) > 1 or (marks and cell.attendance):
                        pieces.append((QRect(left, y, width, height), cell))
                    else:
                        if marks:
                            text, variant = marks[0].value, BOLD
                            colour = MARK_QCOLOURS.get(marks[0].value, OTHER_MARK)
                        else:
                            text, variant, colour = cell.attendance or "", NORMAL, \
                                ATTENDANCE_QCOLOUR
                        self._place(groups, text, variant, colour, left, y, width, height)
                    comment = any(m.comment for m in marks)
                    late = cell.attendance_late or any(m.late for m in marks)
                    if comment or late or waiting:
                        markers.append((QRect(left, y, width, height), comment, late, waiting))
                continue
            for row, y, height in zip(area.rows, area.tops, area.heights, strict=True):
                text, suggested = model.summary_text(row, column)
                if not text:
                    continue
                if suggested:
                    self._place(groups, text, ITALIC, SUGGESTION_COLOUR, left, y, width, height)
                elif spec.kind is Kind.PERIOD:
                    self._place(groups, text, BOLD, MARK_QCOLOURS.get(text, OTHER_MARK),
                                left, y, width, height)
                else:
                    self._place(groups, text, NORMAL, STATS_COLOUR, left, y, width, height)
        for (variant, _), (colour, placed) in groups.items():
            painter.setFont(self._fonts[variant])
            painter.setPen(colour)
            for point, static in placed:
                painter.drawStaticText(point, static)
        for rect, cell in pieces:
            self._paint_pieces(painter, rect, cell)
        self._paint_markers(painter, markers)
        if model.conflicts:  # the usual journal has none: nothing is looked up per cell
            self._paint_conflicts(painter, model, area)

        # 5. Grid lines: the right and bottom edge of every cell, in one call.
        if grid is not None:
            right = area.lefts[-1] + area.widths[-1]
            left0 = area.lefts[0]
            lines = [QLine(left0, y + h - 1, right - 1, y + h - 1)
                     for y, h in zip(area.tops, area.heights, strict=True)]
            lines += [QLine(x + w - 1, top, x + w - 1, bottom - 1)
                      for x, w in zip(area.lefts, area.widths, strict=True)]
            painter.setPen(grid)
            painter.drawLines(lines)

        # 6. The current cell, framed above the grid lines.
        if current is not None:
            row, column = current
            if row in area.rows and column in area.columns:
                i, j = area.rows.index(row), area.columns.index(column)
                painter.setPen(FOCUS_COLOUR if focused else UNFOCUSED_COLOUR)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(area.lefts[j], area.tops[i], area.widths[j] - 2,
                                 area.heights[i] - 2)

    def _place(self, groups: dict[tuple[int, int], Group], text: str, variant: int,
               colour: QColor, left: int, top: int, width: int, height: int) -> None:
        static, w, h = self._text(text, variant)
        key = (variant, colour.rgba())  # QColor itself is not hashable
        group = groups.get(key)
        if group is None:
            group = groups[key] = (colour, [])
        group[1].append((QPointF(left + (width - w) / 2, top + (height - h) / 2), static))

    def _paint_pieces(self, painter: QPainter, rect: QRect, cell: JournalCell) -> None:
        """A code with a mark, or two marks (``н 4``, ``5/4``, ``оп 5/5``): each piece
        in its own colour, centred as a whole; in a smaller font when the normal one
        would run over the column's edges."""
        for tight in (False, True):
            pieces: list[tuple[str, int, QColor]] = []
            if cell.attendance:
                pieces.append((cell.attendance + ("" if tight else " "),
                               SMALL if tight else NORMAL, ATTENDANCE_QCOLOUR))
            for i, mark in enumerate(cell.marks):
                if i:
                    pieces.append(("/", SMALL if tight else NORMAL, SEPARATOR_COLOUR))
                pieces.append((mark.value, SMALL_BOLD if tight else BOLD,
                               MARK_QCOLOURS.get(mark.value, OTHER_MARK)))
            total = sum(self._text(text, variant)[1] for text, variant, _ in pieces)
            if total <= rect.width() - 4:
                break
        x = rect.x() + (rect.width() - total) / 2
        for text, variant, colour in pieces:
            static, width, height = self._text(text, variant)
            painter.setFont(self._fonts[variant])  # the font the text was laid out for
            painter.setPen(colour)
            painter.drawStaticText(QPointF(x, rect.y() + (rect.height() - height) / 2), static)
            x += width

    def _paint_markers(self, painter: QPainter,
                       markers: list[tuple[QRect, bool, bool, bool]]) -> None:
        if not markers:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, comment, late, waiting in markers:
            if comment:
                right, top = rect.right(), rect.top()
                painter.setBrush(COMMENT_MARKER)
                painter.drawPolygon(QPolygonF([QPointF(right - 6, top), QPointF(right + 1, top),
                                               QPointF(right + 1, top + 7)]))
            if late:
                painter.setBrush(LATE_MARKER)
                painter.drawEllipse(QPointF(rect.left() + 4, rect.bottom() - 4), 2, 2)
            if waiting:
                # Shown, not yet stored: a small grey bar until the worker commits it.
                painter.fillRect(rect.right() - 5, rect.bottom() - 3, 4, 2, UNSAVED_MARKER)


    def _paint_conflicts(self, painter: QPainter, model: JournalModel, area: Area) -> None:
        """A red top-left corner and a red frame on each visible cell with an open
        sync conflict (found from the few conflicts, not by looking at every cell)."""
        rows = {row: i for i, row in enumerate(area.rows)}
        columns = {column: j for j, column in enumerate(area.columns)}
        painter.save()
        for student_id, lesson_id in model.conflicts:
            i = rows.get(model.row_of.get(student_id, -1))
            j = columns.get(model.lesson_column.get(lesson_id, -1))
            if i is None or j is None:
                continue
            left, top = area.lefts[j], area.tops[i]
            width, height = area.widths[j], area.heights[i]
            painter.setPen(CONFLICT_MARKER)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(left + 1, top + 1, width - 4, height - 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(CONFLICT_MARKER)
            painter.drawPolygon(QPolygonF([QPointF(left, top), QPointF(left + 8, top),
                                           QPointF(left, top + 8)]))
        painter.restore()


_VARIANTS: dict[str, tuple[tuple[QFont, ...], tuple[str, ...]]] = {}


def font_variants(font: QFont) -> tuple[tuple[QFont, ...], tuple[str, ...]]:
    """The variants of ``font`` indexed by NORMAL, BOLD, … TITLE_BOLD, with their keys;
    made once per font for the whole process, not per paint."""
    found = _VARIANTS.get(font.key())
    if found is None:
        def variant(scale: float = 1.0, *, bold: bool = False,
                    italic: bool = False) -> QFont:
            derived = QFont(font)
            if scale != 1.0:
                derived.setPointSizeF(max(6.0, font.pointSizeF() * scale))
            derived.setBold(bold)
            derived.setItalic(italic)
            return derived

        fonts = (QFont(font), variant(bold=True), variant(italic=True), variant(0.8),
                 variant(0.8, bold=True), variant(0.8, italic=True), variant(0.85),
                 variant(0.85, bold=True))
        found = _VARIANTS[font.key()] = (fonts, tuple(f.key() for f in fonts))
    return found


# Laid-out texts shared by every grid and header of the process: a journal opened
# later draws the marks, codes and names an earlier one already laid out.
_LAID_OUT: dict[tuple[str, str], tuple[QStaticText, float, float]] = {}


def laid_out(text: str, font: QFont, font_key: str = "") -> tuple[QStaticText, float, float]:
    """``text`` prepared for ``font`` (its key may be passed when already known), with
    its width and height. Draw with ``painter.drawStaticText`` in that font."""
    key = (text, font_key or font.key())
    found = _LAID_OUT.get(key)
    if found is None:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(QTransform(), font)
        size = static.size()
        found = _LAID_OUT[key] = (static, size.width(), size.height())
    return found


def _first_day(model: JournalModel) -> date:
    """The first lesson day of the journal (rows enrolled since then need no hatching
    unless they left)."""
    columns = model.columns
    for spec in columns:
        if spec.lesson is not None:
            return spec.lesson.date
    return model.today
