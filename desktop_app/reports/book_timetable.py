"""The class's timetable page of the bound journal (after the contents and legend):
lesson number and bell times down, weekdays across, each cell the subject (with the
group when the class is split) and the room."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from database.queries.class_timetable import ClassTimetable
from desktop_app.reports.fonts import BOLD, CONDENSED, CONDENSED_BOLD
from desktop_app.reports.layout import Book, Drawn, wrap_text

WEEKDAYS = {1: "Понедельник", 2: "Вторник", 3: "Среда", 4: "Четверг", 5: "Пятница",
            6: "Суббота"}
GRID = colors.Color(0.35, 0.35, 0.38)
SHADE = colors.Color(0.92, 0.93, 0.95)
SIZE = 8.0


def _cell(timetable: ClassTimetable, weekday: int, number: int, width: float) -> str:
    parts = []
    for slot in timetable.at(weekday, number):
        # A group named after its subject («Английский язык, 1-я группа») says both.
        text = (slot.group if slot.group.startswith(slot.subject)
                else slot.subject + (f" ({slot.group})" if slot.group else ""))
        if slot.room:
            text += f", каб. {slot.room}"
        parts.append(wrap_text(text, CONDENSED, SIZE, width - 4))
    return "\n".join(parts)


def timetable_table(timetable: ClassTimetable, width: float) -> Table:
    days = timetable.weekdays
    number_w, bell_w = 22.0, 58.0
    day_w = (width - number_w - bell_w) / len(days)
    bells = dict(timetable.bells)
    rows: list[list[Any]] = [["№", "Время", *(WEEKDAYS[d] for d in days)]]
    for number in timetable.lesson_numbers:
        rows.append([str(number), bells.get(number, ""),
                     *(_cell(timetable, d, number, day_w) for d in days)])
    table = Table(rows, colWidths=[number_w, bell_w, *([day_w] * len(days))], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), CONDENSED, SIZE, SIZE + 1.5),
        ("FONT", (0, 0), (-1, 0), CONDENSED_BOLD, SIZE),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def add_timetable(book: Book, timetable: ClassTimetable | None) -> None:
    """The timetable's heading and table on the current page (a line saying so when
    the class has no timetable)."""
    empty = timetable is None or not timetable.slots
    when = "" if timetable is None else f"{timetable.day:%d.%m.%Y}"

    def heading(canvas: Any, w: float, h: float) -> None:
        canvas.setFont(BOLD, 12)
        canvas.drawString(0, h - 14, "Расписание уроков")
        canvas.setFont(CONDENSED, 8.5)
        canvas.drawRightString(w, h - 14, "расписание не составлено" if empty
                               else f"действующее на {when} (день печати журнала)")

    book.bookmark("Расписание уроков", level=0, key="timetable")
    book.add(Drawn(book.frame_width, 24, heading))
    if not empty:
        assert timetable is not None
        book.add(timetable_table(timetable, book.frame_width), space_before=4)
