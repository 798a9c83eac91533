"""The summary sheet (сводная ведомость): students × subjects with the period, year,
exam and final marks and the missed lessons, as PDF and as XLSX.

One table per column of results (each quarter, the year, the exam and final marks
when the grade has them); the year and the final tables carry the teachers' council
decision column, left blank for the council's minutes to be written in by hand (PDF)
or typed in (XLSX).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from database.queries.summary import EXAM, FINAL, YEAR, SummaryColumn, SummaryData
from desktop_app.reports.fonts import CONDENSED, CONDENSED_BOLD
from desktop_app.reports.layout import (
    EMPTY,
    Book,
    Drawn,
    RotatedText,
    fit_text,
    shrink_to_fit,
    wrap_text,
)
from desktop_app.reports.xlsx_print import set_print_setup, sheet_title

GRID = colors.Color(0.35, 0.35, 0.38)
SHADE = colors.Color(0.92, 0.93, 0.95)
FINAL_GRADES = (9, 11)
DECISION_TITLE = "Решение педсовета"
SIGNATURES_HEIGHT = 40.0


UNGRADED_GRADE = 1  # the first grade learns without marks (безотметочное обучение)
UNGRADED_NOTE = (
    "В 1 классе обучение безотметочное: отметки за учебные периоды и за год не "
    "выставляются."
)


def printed_columns(data: SummaryData) -> tuple[SummaryColumn, ...]:
    """Periods and the year always (in the first grade only those with marks: it
    learns without them); exam and final marks for graduating grades (9, 11) or
    whenever some were given."""
    shown: list[SummaryColumn] = []
    for column in data.columns:
        given = any(key == column.key for _, _, key in data.marks)
        if column.key in (EXAM, FINAL) and data.header.grade not in FINAL_GRADES and not given:
            continue
        if data.header.grade == UNGRADED_GRADE and not given:
            continue
        shown.append(column)
    return tuple(shown)


def _column_heading(column: SummaryColumn) -> str:
    names = {YEAR: "Годовые отметки", EXAM: "Экзаменационные отметки", FINAL: "Итоговые отметки"}
    if isinstance(column.key, str):
        return names.get(column.key, column.title)
    period = column.title.replace("четв.", "четверть").replace("полуг.", "полугодие")
    period = period.replace("трим.", "триместр")
    dates = (
        f" ({column.start_date:%d.%m.%Y} – {column.end_date:%d.%m.%Y})"
        if column.start_date and column.end_date
        else ""
    )
    return f"Отметки за {period}{dates}"


def _has_decision(column: SummaryColumn) -> bool:
    return column.key in (YEAR, FINAL)


def summary_table(data: SummaryData, column: SummaryColumn, width: float,
                  height: float = 10_000.0) -> Table:
    """One results table: №, student, one column per subject, missed lessons
    (total / illness), and the council's decision for the year and final marks."""
    decision = _has_decision(column)
    subjects = data.subjects
    number_w, name_w, missed_w = 16.0, 128.0, 30.0
    decision_w = 120.0 if decision else 0.0
    rest = width - number_w - name_w - 2 * missed_w - decision_w
    subject_w = min(40.0, rest / max(1, len(subjects)))
    if subject_w < 40.0 and not decision:
        name_w += 0  # keep the table as wide as the frame via the subject columns
    header_h = 78.0
    head_top: list[Any] = ["№", "Фамилия, имя"]
    head_top += [
        RotatedText(fit_text(s.short_name, CONDENSED, 7, header_h - 6), height=header_h - 4)
        for s in subjects
    ]
    head_top += ["Пропущено\nуроков", ""]
    head_sub: list[Any] = ["", ""] + [""] * len(subjects) + ["всего", "по бол."]
    if decision:
        head_top.append(DECISION_TITLE)
        head_sub.append("")
    rows: list[list[Any]] = [head_top, head_sub]
    missed_key = column.key if column.key != FINAL and column.key != EXAM else YEAR
    name_fonts: list[Any] = []
    for student in data.students:
        name = student.short_name + (f" ({student.note})" if student.note else "")
        total, illness = data.missed_of(student.id, missed_key)
        name, size = shrink_to_fit(name, CONDENSED, 7.5, name_w - 5, 9.5)
        if size != 7.5:
            name_fonts.append(("FONT", (1, len(rows)), (1, len(rows)), CONDENSED, size,
                               size * 1.12))
        row: list[Any] = [str(student.number), name]
        row += [data.mark(student.id, s.id, column.key) or EMPTY for s in subjects]
        row += [str(total) if total else "", str(illness) if illness else ""]
        if decision:
            row.append("")
        rows.append(row)
    widths = [number_w, name_w, *([subject_w] * len(subjects)), missed_w, missed_w]
    if decision:
        widths.append(decision_w)
    last = len(widths) - 1
    first_missed = 2 + len(subjects)
    style: list[Any] = [
        ("FONT", (0, 0), (-1, -1), CONDENSED, 7.5),
        ("FONT", (0, 0), (-1, 1), CONDENSED_BOLD, 7),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("ALIGN", (1, 2), (1, -1), "LEFT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (2, 0), (first_missed - 1, 0), "BOTTOM"),
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (first_missed, 0), (first_missed + 1, 0)),
        ("BACKGROUND", (0, 0), (-1, 1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    style += name_fonts
    for index in range(len(subjects)):
        style.append(("SPAN", (2 + index, 0), (2 + index, 1)))
    if decision:
        style.append(("SPAN", (last, 0), (last, 1)))
    row_h = max(10.0, min(15.0, (height - header_h - 2) / max(1, len(data.students))))
    heights = [header_h - 14, 14.0] + [row_h] * len(data.students)
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=2)
    table.setStyle(TableStyle(style))
    return table


def _heading(text: str, width: float, sub: str = "") -> Drawn:
    """A bold title and up to two lines of small print under it."""
    # The subject key is printed whole, however many lines it takes.
    lines = wrap_text(sub, CONDENSED, 8, width).split("\n") if sub else []

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(CONDENSED_BOLD, 11)
        canvas.drawString(0, h - 11, fit_text(text, CONDENSED_BOLD, 11, w))
        canvas.setFont(CONDENSED, 8)
        for index, line in enumerate(lines):
            canvas.drawString(0, h - 22 - 9.5 * index, line)

    return Drawn(width, 16 + 9.5 * len(lines), draw)


def add_summary_pages(book: Book, data: SummaryData, *, level: int = 1,
                      reserve: float = 0.0) -> None:
    """The summary sheet's tables, one per page, each with a bookmark; ``reserve``
    points are kept free under the last table (the signatures), so that it shrinks
    its rows rather than leave what follows alone on a page."""
    subject_line = "Предметы: " + "; ".join(
        f"{s.short_name} — {s.name}" for s in data.subjects if s.short_name != s.name
    )
    columns = printed_columns(data)
    if not columns:
        book.page_break()
        book.bookmark("Сводная ведомость учёта успеваемости", level=level)
        book.add(_heading("Сводная ведомость учёта успеваемости", book.frame_width,
                          UNGRADED_NOTE if data.header.grade == UNGRADED_GRADE
                          else "Итоговых отметок нет."))
    for index, column in enumerate(columns):
        last = index == len(columns) - 1
        book.page_break()
        title = _column_heading(column)
        book.bookmark(title, level=level)
        book.add(_heading(f"Сводная ведомость учёта успеваемости · {title}", book.frame_width,
                          subject_line))
        book.add(summary_table(data, column, book.frame_width,
                               book.remaining - 6 - (reserve if last else 0.0)),
                 space_before=4)


def build_summary_pdf(path: Path, data: SummaryData, *, invariant: bool | None = None) -> Path:
    """The summary sheet of one class as a PDF of its own (A4 landscape, binding margin)."""
    header = data.header
    book = Book(
        title=f"Сводная ведомость {header.class_name} класса, {header.year_name}",
        author=header.school_short_name,
        header_left=header.school_short_name,
        header_center=f"Сводная ведомость {header.class_name} класса",
        header_right=f"{header.year_name} учебный год",
        generated_on=data.generated_on,
    )
    add_summary_pages(book, data, level=0, reserve=SIGNATURES_HEIGHT + 10)

    def signatures(canvas: Canvas, w: float, h: float) -> None:
        c = canvas
        c.setFont(CONDENSED, 9)
        c.drawString(0, h - 14, f"Классный руководитель ______________________ "
                     f"{header.class_teacher_short}")
        c.drawString(0, h - 34, f"Директор ______________________ {header.director_name}")

    book.add(Drawn(book.frame_width, SIGNATURES_HEIGHT, signatures), space_before=10)
    return book.render(path, invariant=invariant)


# --- XLSX -------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8EAEE")


def build_summary_xlsx(path: Path, data: SummaryData) -> Path:
    """The summary sheet as a workbook: one worksheet per column of results."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    taken: set[str] = set()
    header = data.header
    for column in printed_columns(data):
        sheet = workbook.create_sheet(sheet_title(column.title, taken))
        decision = _has_decision(column)
        sheet["A1"] = (
            f"{header.school_short_name} · Сводная ведомость {header.class_name} класса · "
            f"{header.year_name} · {_column_heading(column)}"
        )
        sheet["A1"].font = Font(bold=True, size=12)
        titles: Sequence[str] = [
            "№", "Ученик", *(s.name for s in data.subjects),
            "Пропущено уроков, всего", "из них по болезни",
            *([DECISION_TITLE] if decision else []),
        ]
        for col, title in enumerate(titles, start=1):
            cell = sheet.cell(row=3, column=col, value=title)
            cell.font = Font(bold=True)
            cell.fill = _HEAD_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center",
                                       text_rotation=90 if 3 <= col <= 2 + len(data.subjects)
                                       else 0)
        sheet.row_dimensions[3].height = 110
        missed_key = column.key if column.key not in (EXAM, FINAL) else YEAR
        for offset, student in enumerate(data.students):
            row = 4 + offset
            total, illness = data.missed_of(student.id, missed_key)
            name = student.full_name + (f" ({student.note})" if student.note else "")
            values: list[Any] = [student.number, name]
            for subject in data.subjects:
                mark = data.mark(student.id, subject.id, column.key)
                values.append(int(mark) if mark.isdigit() else (mark or None))
            values += [total, illness]
            if decision:
                values.append(None)
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col, value=value)
                cell.border = _BORDER
                if col != 2:
                    cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions["A"].width = 5
        sheet.column_dimensions["B"].width = 38
        for col in range(3, 3 + len(data.subjects)):
            sheet.column_dimensions[get_column_letter(col)].width = 6
        for col in range(3 + len(data.subjects), len(titles) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 12
        if decision:
            sheet.column_dimensions[get_column_letter(len(titles))].width = 30
        sheet.freeze_panes = "C4"
        set_print_setup(sheet, title=str(sheet["A1"].value), title_rows=(3, 3))
    if not workbook.worksheets:  # a workbook needs a sheet: say why it has no columns
        sheet = workbook.create_sheet("Сводная ведомость")
        sheet["A1"] = f"Сводная ведомость {header.class_name} класса · {header.year_name}"
        sheet["A1"].font = Font(bold=True, size=12)
        sheet["A3"] = (UNGRADED_NOTE if header.grade == UNGRADED_GRADE
                       else "Итоговых отметок нет.")
    workbook.save(path)
    return path
