"""The class journal as a spreadsheet copy for teachers: one worksheet per subject
journal (group journals separately), the marks grid on top and the lessons' topics
and homework below it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from database.queries.journal import JournalData
from desktop_app.reports.class_book import journal_name, lesson_blocks

_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="E8EAEE")
_OUT = PatternFill("solid", fgColor="CCCCD1")
_PERIOD = PatternFill("solid", fgColor="F2F3F5")


def _sheet_title(text: str, taken: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text)[:31]
    title, n = clean, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _value(text: str) -> object:
    return int(text) if text.isdigit() else text


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
        sheet = workbook.create_sheet(_sheet_title(journal_name(journal), taken))
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
            note = ", ".join(n for n in (student.arrived_note, student.left_note) if n)
            sheet.cell(row=row, column=1, value=student.number).border = _BORDER
            sheet.cell(row=row, column=2,
                       value=student.full_name + (f" ({note})" if note else "")).border = _BORDER
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
            sheet.column_dimensions[get_column_letter(col)].width = 5.5
        sheet.freeze_panes = sheet.cell(row=head + 1, column=3)

        start = head + len(journal.students) + 3
        sheet.cell(row=start - 1, column=1, value="Содержание уроков").font = Font(bold=True)
        for col, text in enumerate(["Дата", "№ урока", "Тема урока", "Домашнее задание",
                                    "Замена"], start=1):
            cell = sheet.cell(row=start, column=col, value=text)
            cell.font = Font(bold=True)
            cell.fill = _HEAD
        for offset, lesson in enumerate(journal.lessons, start=1):
            substitution = lesson.substitute_name + (
                f", {lesson.substitution_reason}" if lesson.substitution_reason else ""
            ) if lesson.substitute_name else ""
            topic = ("Урок отменён. " if lesson.cancelled else "") + lesson.topic
            values: list[object] = [lesson.date, lesson.lesson_number, topic, lesson.homework,
                                    substitution]
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=start + offset, column=col, value=value)
                if col == 1:
                    cell.number_format = "DD.MM.YYYY"
    if not journals:
        workbook.create_sheet("Журнал")
    workbook.save(path)
    return path
