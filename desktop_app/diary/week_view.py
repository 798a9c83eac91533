"""The week as a paper diary spread: Monday to Wednesday on the left page, Thursday
to Saturday on the right; per day the lessons by number and time, subject and
teacher (the substitute, if any), topic and homework, marks with their work types,
attendance and the teacher's comments. Holidays fill their day with their name.

Display only: :meth:`DiaryWeekView.set_week` rebuilds the spread from a frozen
:class:`~database.queries.diary.DiaryWeek`; nothing here touches the database.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from database.queries.diary import DiaryDay, DiaryLesson, DiaryWeek
from desktop_app import numbers

# Paper, ink and the diary's ruled lines; marks in the colours teachers use.
STYLE = """
QFrame#diaryPage { background: #fffdf5; border: 1px solid #c9bfa5; }
QFrame#diarySpine { background: #8c7b58; }
QLabel#diaryColumnHeader { color: #6b5d3f; font-size: 8pt; font-weight: bold;
    border-bottom: 1px solid #c9bfa5; padding: 2px 4px; }
QFrame#diaryDay { background: transparent; border-bottom: 2px solid #8c7b58; }
QLabel#diaryDayTitle { color: #1d4577; font-weight: bold; font-size: 10pt;
    padding: 4px 4px 2px 4px; }
QLabel#diaryDayTitle[today="true"] { color: #b42318; }
QLabel#diaryHoliday { color: #8a5a00; font-style: italic; font-size: 11pt; padding: 14px;
    background: #f7efd9; }
QLabel#diaryEmpty { color: #9aa5b1; font-style: italic; padding: 8px; }
QLabel[diaryCell="true"] { border-top: 1px solid #e6dcc3; padding: 3px 4px; }
"""



def _header_texts() -> list[str]:
    return [
        QCoreApplication.translate("DiaryWeekView", "No."),
        QCoreApplication.translate("DiaryWeekView", "Subject"),
        QCoreApplication.translate("DiaryWeekView", "Topic and homework"),
        QCoreApplication.translate("DiaryWeekView", "Mark"),
    ]


def day_title(day: date) -> str:
    """«Понедельник, 16 ноября» in the program's language."""
    text = QLocale().toString(QDate(day.year, day.month, day.day), "dddd, d MMMM")
    return text[:1].upper() + text[1:]


def _time_text(lesson: DiaryLesson) -> str:
    if lesson.starts_at is None:
        return str(lesson.lesson_number)
    ends = f"–{lesson.ends_at:%H:%M}" if lesson.ends_at else ""
    return f"<b>{lesson.lesson_number}</b><br><small>{lesson.starts_at:%H:%M}{ends}</small>"


def _small(text: str, colour: str = "#52606d") -> str:
    return f"<small style='color:{colour}'>{html.escape(text)}</small>"


def _subject_html(lesson: DiaryLesson) -> str:
    parts = [f"<b>{html.escape(lesson.subject)}</b>"]
    if lesson.substitute:
        substitute = QCoreApplication.translate("DiaryWeekView", "substitute: %1")
        parts.append(_small(substitute.replace("%1", lesson.substitute), "#8a5a00"))
        parts.append(f"<small style='color:#52606d'><s>{html.escape(lesson.teacher)}</s></small>")
    else:
        parts.append(_small(lesson.teacher))
    if lesson.room:
        room = QCoreApplication.translate("DiaryWeekView", "room %1")
        parts.append(_small(room.replace("%1", lesson.room)))
    return "<br>".join(parts)


def _work_html(lesson: DiaryLesson) -> str:
    if lesson.cancelled:
        cancelled = QCoreApplication.translate("DiaryWeekView", "The lesson was cancelled.")
        return f"<i style='color:#b42318'>{html.escape(cancelled)}</i>"
    if lesson.planned:
        planned = QCoreApplication.translate("DiaryWeekView", "By the timetable")
        return f"<i style='color:#9aa5b1'>{html.escape(planned)}</i>"
    parts: list[str] = []
    if lesson.topic:
        kind = f" <small>({html.escape(lesson.work_type)})</small>" if lesson.work_type else ""
        parts.append(f"<span style='color:#52606d'>{html.escape(lesson.topic)}</span>{kind}")
    if lesson.homework:
        label = QCoreApplication.translate("DiaryWeekView", "Homework:")
        parts.append(f"<b>{html.escape(label)}</b> {html.escape(lesson.homework)}")
    for comment in lesson.comments:
        parts.append(f"<i style='color:#2a5d9e'>«{html.escape(comment)}»</i>")
    if lesson.attendance_title:
        parts.append(_small(lesson.attendance_title, "#b42318"))
    return "<br>".join(parts)


def _marks_html(lesson: DiaryLesson) -> str:
    """The marks large (red for 1 and 2, as teachers write them), the attendance code,
    and the work types small underneath."""
    parts: list[str] = []
    if lesson.attendance:
        parts.append(f"<span style='color:#b42318'>{html.escape(lesson.attendance)}</span>")
    if lesson.marks:
        low = any(m.value in ("1", "2") for m in lesson.marks)
        colour = "#b42318" if low else "#1d4577"
        parts.append(f"<span style='color:{colour}'>{html.escape(lesson.marks_text)}</span>")
    if not parts:
        return ""
    text = f"<span style='font-size:14pt; font-weight:bold'>{' '.join(parts)}</span>"
    kinds: list[str] = []
    for mark in lesson.marks:
        if mark.work_type and mark.work_type not in kinds:
            kinds.append(mark.work_type)
    if kinds:
        text += "<br><small style='color:#52606d'>" + html.escape(", ".join(kinds)) + "</small>"
    return text


def _marks_tooltip(lesson: DiaryLesson) -> str:
    lines = []
    plain = QCoreApplication.translate("DiaryWeekView", "mark")
    for mark in lesson.marks:
        weight = f" ×{numbers.compact(mark.weight)}" if mark.weight != 1 else ""
        line = f"{mark.value} — {mark.work_type or plain}{weight}"
        if mark.comment:
            line += f": {mark.comment}"
        lines.append(line)
    if lesson.attendance:
        lines.append(f"{lesson.attendance} — {lesson.attendance_title}")
    return "\n".join(lines)


class DayBlock(QFrame):
    """One day of the diary page."""

    def __init__(self, day: DiaryDay, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diaryDay")
        self.day = day
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(0)
        title = QLabel(day_title(day.date), self)
        title.setObjectName("diaryDayTitle")
        title.setProperty("today", day.date == today)
        layout.addWidget(title)
        if day.day_off:
            text = day.holiday or QCoreApplication.translate(
                "DiaryWeekView", "No school: the school year has not begun or is over")
            note = QLabel(text, self)
            note.setObjectName("diaryHoliday")
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addStretch(1)
            return
        if not day.lessons:
            empty = QLabel(QCoreApplication.translate("DiaryWeekView", "No lessons"), self)
            empty.setObjectName("diaryEmpty")
            layout.addWidget(empty)
            layout.addStretch(1)
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 6)
        grid.setColumnMinimumWidth(0, 58)
        grid.setColumnMinimumWidth(3, 86)
        for row, lesson in enumerate(day.lessons):
            self._add_row(grid, row, lesson)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _cell(self, text: str, *, rich: bool = True) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setText(text)
        label.setWordWrap(True)
        label.setProperty("diaryCell", True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
        return label

    def _add_row(self, grid: QGridLayout, row: int, lesson: DiaryLesson) -> None:
        number = self._cell(_time_text(lesson))
        number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(number, row, 0)
        grid.addWidget(self._cell(_subject_html(lesson)), row, 1)
        grid.addWidget(self._cell(_work_html(lesson)), row, 2)
        mark = self._cell(_marks_html(lesson))
        mark.setObjectName("diaryMark")
        mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        mark.setToolTip(_marks_tooltip(lesson))
        mark.setAccessibleName(_marks_tooltip(lesson).replace("\n", "; "))
        grid.addWidget(mark, row, 3)


class DiaryPage(QFrame):
    """One page of the spread: column headers, then three days."""

    def __init__(self, days: tuple[DiaryDay, ...], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diaryPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        header = QGridLayout()
        header.setHorizontalSpacing(0)
        header.setColumnStretch(1, 3)
        header.setColumnStretch(2, 6)
        header.setColumnMinimumWidth(0, 58)
        header.setColumnMinimumWidth(3, 86)
        for column, text in enumerate(_header_texts()):
            label = QLabel(text, self)
            label.setObjectName("diaryColumnHeader")
            header.addWidget(label, 0, column)
        layout.addLayout(header)
        self.blocks = [DayBlock(day, today, self) for day in days]
        for block in self.blocks:
            layout.addWidget(block, 1)


class DiaryWeekView(QWidget):
    """The two-page spread of one week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diaryWeekView")
        self.setStyleSheet(STYLE)
        self.week: DiaryWeek | None = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.setSpacing(0)
        self.pages: list[DiaryPage] = []

    def clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.pages = []
        self.week = None

    def set_week(self, week: DiaryWeek, today: date) -> None:
        self.clear()
        self.week = week
        left = DiaryPage(week.days[:3], today, self)
        spine = QFrame(self)
        spine.setObjectName("diarySpine")
        spine.setFixedWidth(4)
        right = DiaryPage(week.days[3:], today, self)
        self._layout.addWidget(left, 1)
        self._layout.addWidget(spine)
        self._layout.addWidget(right, 1)
        self.pages = [left, right]

    def day_blocks(self) -> list[DayBlock]:
        return [block for page in self.pages for block in page.blocks]
