"""The class journal as a spreadsheet copy for teachers: one worksheet per subject
journal (group journals separately), the marks grid on top and the lessons' topics
and homework below it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from database.queries.journal import JournalData
from desktop_app.reports.class_book import journal_name, lesson_blocks
from desktop_app.reports.xlsx_print import set_print_setup, sheet_title

_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="E8EAEE")
_OUT = PatternFill("solid", fgColor="CCCCD1")
_PERIOD = PatternFill("solid", fgColor="F2F3F5")


def _value(text: str) -> object:
    return int(text) if text.isdigit() else text


# The topics table below the grid shares its columns: the date in B (the wide student
# column), the topic, homework and substitution each merged over some lesson columns.
_TOPIC_SPANS = (("Тема урока", 12), ("Домашнее задание", 9), ("Замена", 5))
_LESSON_COLUMN_WIDTH = 5.5


def _topics(sheet: Worksheet, journal: JournalData, start: int, grid_columns: int) -> None:
    sheet.cell(row=start - 1, column=1, value="Содержание уроков").font = Font(bold=True)
    spans: list[tuple[str, int, int]] = []  # title, first column, last column
    col = 3
    for title, span in _TOPIC_SPANS:
        spans.append((title, col, col + span - 1))
        col += span
    for number, text in ((1, "№ урока"), (2, "Дата")):
        _head_cell(sheet.cell(row=start, column=number, value=text))
    for title, first, last in spans:
        _head_cell(sheet.cell(row=start, column=first, value=title))
        sheet.merge_cells(start_row=start, start_column=first, end_row=start, end_column=last)
    sheet.row_dimensions[start].height = 30
    for last_col in range(grid_columns + 1, col):
        # Columns past the grid, used by the merged cells only, as wide as lesson columns.
        sheet.column_dimensions[get_column_letter(last_col)].width = _LESSON_COLUMN_WIDTH
    for offset, lesson in enumerate(journal.lessons, start=1):
        row = start + offset
        substitution = lesson.substitute_name + (
            f", {lesson.substitution_reason}" if lesson.substitution_reason else ""
        ) if lesson.substitute_name else ""
        topic = ("Урок отменён. " if lesson.cancelled else "") + lesson.topic
        sheet.cell(row=row, column=1, value=lesson.lesson_number).alignment = Alignment(
            horizontal="center", vertical="top")
        day = sheet.cell(row=row, column=2, value=lesson.date)
        day.number_format = "DD.MM.YYYY"
        day.alignment = Alignment(horizontal="left", vertical="top")
        lines = 1
        for (_, first, last), text in zip(spans, (topic, lesson.homework, substitution),
                                          strict=True):
            cell = sheet.cell(row=row, column=first, value=text or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
            chars = int((last - first + 1) * _LESSON_COLUMN_WIDTH)
            lines = max(lines, -(-len(text) // max(chars, 1)))
        # Excel does not grow merged cells' rows by itself: one line is 15 points.
        sheet.row_dimensions[row].height = 15 * lines
        for col in range(1, spans[-1][2] + 1):
            sheet.cell(row=row, column=col).border = _BORDER


def _head_cell(cell: Any) -> None:
    cell.font = Font(bold=True)
    cell.fill = _HEAD
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def build_journal_xlsx(path: Path, journals: Sequence[JournalData], *, title: str = "") -> Path:
    """One worksheet per journal: №, student, a column per lesson (dd.mm), period-mark
    columns after each period and year/exam/final at the end; then the topics."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    taken: set[str] = set()
    for journal in journals:
        info = journal.assignment
        sheet = workbook.create_sheet(sheet_title(journal_name(journal), taken))
        sheet["A1"] = f"{title or info.class_name} · {journal_name(journal)} · {info.year_name}"
        sheet["A1"].font = Font(bold=True, size=12)
        sheet["A2"] = f"Учитель: {info.teacher_name}"
        columns = [c for block in lesson_blocks(journal, per_page=10_000) for c in block]
        head = 4
        titles = ["№", "Ученик"]
        for column in columns:
            if column.kind == "lesson" and column.lesson is not None:
                titles.append(f"{column.lesson.date:%d.%m}")
            else:
                titles.append(column.title)
        for col, text in enumerate(titles, start=1):
            cell = sheet.cell(row=head, column=col, value=text)
            cell.font = Font(bold=True)
            cell.fill = _HEAD
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center",
                                       text_rotation=90 if col > 2 else 0)
        sheet.row_dimensions[head].height = 40
        for offset, student in enumerate(journal.students, start=1):
            row = head + offset
            note = student.note
            sheet.cell(row=row, column=1, value=student.number).border = _BORDER
            name = sheet.cell(row=row, column=2,
                              value=student.full_name + (f" ({note})" if note else ""))
            name.border = _BORDER
            name.alignment = Alignment(wrap_text=True, vertical="top")  # long names whole
            for col, column in enumerate(columns, start=3):
                if column.kind == "lesson" and column.lesson is not None:
                    data = journal.cell(student.id, column.lesson.id)
                    cell = sheet.cell(row=row, column=col,
                                      value=_value(data.text) if data is not None else None)
                    if not student.present_on(column.lesson.date):
                        cell.fill = _OUT
                else:
                    assert column.key is not None
                    mark = journal.period_marks.get((student.id, column.key), "")
                    cell = sheet.cell(row=row, column=col, value=_value(mark) if mark else None)
                    cell.fill = _PERIOD
                    cell.font = Font(bold=True)
                cell.border = _BORDER
                cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions["A"].width = 4
        sheet.column_dimensions["B"].width = 34
        for col in range(3, len(titles) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = _LESSON_COLUMN_WIDTH
        sheet.freeze_panes = sheet.cell(row=head + 1, column=3)

        start = head + len(journal.students) + 3
        _topics(sheet, journal, start, len(titles))
        name = f"{info.class_name} · {journal_name(journal)} · {info.year_name}"
        set_print_setup(sheet, title=name, title_rows=(head, head), title_columns="A:B",
                        landscape=True)
    if not journals:
        workbook.create_sheet("Журнал")
    workbook.save(path)
    return path
