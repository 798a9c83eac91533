"""The journal grid's two headers: the two-row date header (month above, then day,
weekday and lesson number; control works, lessons still missing something, late
entries and substitutions marked) and the frozen student column."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QStaticText
from PySide6.QtWidgets import QHeaderView, QWidget

from database.queries.journal import JournalLesson, JournalStudent

from .model import WEEKDAYS, Kind, Roles
from .painting import (
    BOLD,
    CONFLICT_MARKER,
    SMALL,
    SMALL_ITALIC,
    TITLE,
    TITLE_BOLD,
    font_variants,
    laid_out,
)

MONTH_BAND = 18
HEADER_HEIGHT = 58
LESSON_WIDTH = 40
ROW_HEIGHT = 24
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
