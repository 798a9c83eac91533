"""Tabular documents of the administration (activity indicators, journal control,
progress, attendance): titled sections of tables and a legend, as a PDF (A4
landscape, no binding margin: these are filed, not bound) and as a workbook (one
worksheet per section, real numbers, print setup: :mod:`desktop_app.reports.xlsx_print`).

Each document's module turns its query's data into a :class:`TableDocument`; the
two builders here lay out any of them, so the PDF and the workbook always show the
same figures. Numbers print with the decimal comma (the documents are Russian).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from desktop_app.reports.fonts import CONDENSED, CONDENSED_BOLD
from desktop_app.reports.layout import LANDSCAPE_A4, Book, Drawn, PageStyle, wrap_text
from desktop_app.reports.xlsx_print import set_print_setup, sheet_title

Cell = str | int | float | None
Align = Literal["left", "center", "right"]
Progress = Callable[[str, float], None]

GRID: Final = colors.Color(0.35, 0.35, 0.38)
SHADE: Final = colors.Color(0.92, 0.93, 0.95)
WARN: Final = colors.Color(1.0, 0.9, 0.88)
FONT_SIZE: Final = 7.5
PAGE: Final = PageStyle(size=LANDSCAPE_A4, inner=12 * mm, outer=12 * mm, mirrored=False)


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 1.0  # relative share of the table's width
    align: Align = "center"
    digits: int = 1  # decimals of a float cell


@dataclass(frozen=True)
class Section:
    heading: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""  # small print under the heading
    bold_rows: frozenset[int] = frozenset()  # totals
    warn_cells: frozenset[tuple[int, int]] = frozenset()  # (row, column): below target
    empty_text: str = "Нет данных."
    # Drawn after the table in the PDF (a chart of the same figures); not in the workbook.
    figures: tuple[Flowable, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class TableDocument:
    title: str  # «Показатели активности ведения электронного журнала»
    school: str
    subtitle: str  # what it is of: «Неделя 16.11.2026–22.11.2026 …»
    generated_on: date
    sections: tuple[Section, ...]
    legend: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()  # «Заместитель директора по УВР»
    header: str = ""  # the running header's short title (default: the title)
    byline: str = ""  # printed after the subtitle under the title only («классный руководитель …»)


def number_text(value: Cell, digits: int = 1) -> str:
    """A cell as printed: floats with the decimal comma, None empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}".replace(".", ",")
    return str(value)


def _of(document: TableDocument) -> str:
    """«МБОУ СОШ № 17. 2026/2027 учебный год, …» (no school name: the rest alone)."""
    return ". ".join(part for part in (document.school, document.subtitle) if part)


# --- PDF ---------------------------------------------------------------------------------------


def _heading(text: str, width: float, sub: str = "", size: float = 11) -> Drawn:
    lines = wrap_text(sub, CONDENSED, 8, width, max_lines=4).split("\n") if sub else []
    title_lines = wrap_text(text, CONDENSED_BOLD, size, width, max_lines=2).split("\n")

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(CONDENSED_BOLD, size)
        y = h - size
        for line in title_lines:
            canvas.drawString(0, y, line)
            y -= size + 2
        canvas.setFont(CONDENSED, 8)
        for line in lines:
            y -= 1
            canvas.drawString(0, y, line)
            y -= 9.5

    return Drawn(width, (size + 2) * len(title_lines) + 10.5 * len(lines) + 2, draw)


def _table(section: Section, width: float) -> Table:
    weights = sum(c.width for c in section.columns)
    widths = [width * c.width / weights for c in section.columns]
    head = [wrap_text(c.title, CONDENSED_BOLD, 7, w - 4) for c, w in zip(section.columns, widths,
                                                                           strict=True)]
    body: list[list[Any]] = []
    for row in section.rows:
        cells: list[Any] = []
        for value, column, w in zip(row, section.columns, widths, strict=True):
            text = number_text(value, column.digits)
            cells.append(wrap_text(text, CONDENSED, FONT_SIZE, w - 4, max_lines=6)
                         if column.align == "left" else text)
        body.append(cells)
    style: list[Any] = [
        ("FONT", (0, 0), (-1, -1), CONDENSED, FONT_SIZE),
        ("FONT", (0, 0), (-1, 0), CONDENSED_BOLD, 7),
        ("LEADING", (0, 0), (-1, -1), 8.6),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, column in enumerate(section.columns):
        style.append(("ALIGN", (index, 1), (index, -1), column.align.upper()))
    for bold in section.bold_rows:
        style.append(("FONT", (0, bold + 1), (-1, bold + 1), CONDENSED_BOLD, FONT_SIZE))
    for warn_row, warn_col in section.warn_cells:
        style.append(("BACKGROUND", (warn_col, warn_row + 1), (warn_col, warn_row + 1), WARN))
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _lines(texts: Sequence[str], width: float, title: str) -> Drawn:
    indent = 10.0 if len(texts) < 10 else 14.0  # room for «10.»
    wrapped = [wrap_text(t, CONDENSED, 8, width - indent).split("\n") for t in texts]
    count = sum(len(w) for w in wrapped)

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(CONDENSED_BOLD, 9)
        canvas.drawString(0, h - 9, title)
        y = h - 22
        canvas.setFont(CONDENSED, 8)
        for index, lines in enumerate(wrapped, start=1):
            canvas.drawString(0, y, f"{index}.")
            for line in lines:
                canvas.drawString(indent, y, line)
                y -= 9.8
            y -= 1.5

    return Drawn(width, 16 + 9.8 * count + 1.5 * len(wrapped), draw)


def _signatures(names: Sequence[str], width: float) -> Drawn:
    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(CONDENSED, 9)
        for index, name in enumerate(names):
            canvas.drawString(0, h - 14 - 20 * index,
                              f"{name} ______________________ / ____________________ /")

    return Drawn(width, 20 * len(names) + 4, draw)


def build_table_pdf(path: Path, document: TableDocument, progress: Progress) -> Path:
    book = Book(
        title=f"{document.title}, {document.school}",
        author=document.school,
        header_left=document.school,
        header_center=document.header or document.title,
        header_right=document.subtitle,
        generated_on=document.generated_on,
        style=PAGE,
        footer_label="Страница",
    )
    width = book.frame_width
    book.add(_heading(document.title, width,
                      ", ".join(p for p in (_of(document), document.byline) if p), 13))
    for index, section in enumerate(document.sections):
        progress("Таблицы…", index / max(1, len(document.sections)) * 0.8)
        if book.remaining < 90:
            book.page_break()
        book.bookmark(section.heading)
        book.add(_heading(section.heading, width, section.note), space_before=10)
        if section.rows:
            book.add(_table(section, width), space_before=3)
        else:
            book.add(_heading("", width, section.empty_text, 1), space_before=2)
        for figure in section.figures:
            book.add(figure, space_before=8)
    if document.legend:
        book.add(_lines(document.legend, width, "Пояснения и определения"), space_before=12)
    if document.signatures:
        book.add(_signatures(document.signatures, width), space_before=14)
    return book.render(path, progress=lambda done, total: progress(
        "Страницы…", 0.8 + 0.2 * done / max(1, total)))


# --- XLSX --------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8EAEE")
_WARN_FILL = PatternFill("solid", fgColor="FFE5E0")


def build_table_xlsx(path: Path, document: TableDocument, progress: Progress) -> Path:
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    taken: set[str] = set()
    for index, section in enumerate(document.sections):
        progress("Листы…", index / max(1, len(document.sections)))
        sheet = workbook.create_sheet(sheet_title(section.heading, taken))
        sheet["A1"] = f"{document.title} · {section.heading}"
        sheet["A1"].font = Font(bold=True, size=12)
        sheet["A2"] = ", ".join(p for p in (_of(document), document.byline) if p)
        if section.note:
            sheet["A3"] = section.note
        header_row = 4
        for col, column in enumerate(section.columns, start=1):
            cell = sheet.cell(row=header_row, column=col, value=column.title)
            cell.font = Font(bold=True)
            cell.fill = _HEAD_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            sheet.column_dimensions[get_column_letter(col)].width = max(6.0, 7.0 * column.width)
        sheet.row_dimensions[header_row].height = 45
        for offset, row in enumerate(section.rows):
            for col, (value, column) in enumerate(zip(row, section.columns, strict=True),
                                                  start=1):
                cell = sheet.cell(row=header_row + 1 + offset, column=col, value=value)
                cell.border = _BORDER
                cell.alignment = Alignment(horizontal=column.align, vertical="top",
                                           wrap_text=column.align == "left")
                if isinstance(value, float):
                    cell.number_format = "0." + "0" * column.digits if column.digits else "0"
                if offset in section.bold_rows:
                    cell.font = Font(bold=True)
                if (offset, col - 1) in section.warn_cells:
                    cell.fill = _WARN_FILL
        if not section.rows:
            sheet.cell(row=header_row + 1, column=1, value=section.empty_text)
        sheet.freeze_panes = f"A{header_row + 1}"
        set_print_setup(sheet, title=document.header or document.title,
                        title_rows=(header_row, header_row),
                        school=document.school, generated_on=document.generated_on)
    if document.legend:
        sheet = workbook.create_sheet(sheet_title("Пояснения", taken))
        sheet["A1"] = "Пояснения и определения"
        sheet["A1"].font = Font(bold=True, size=12)
        for offset, text in enumerate(document.legend, start=3):
            cell = sheet.cell(row=offset, column=1, value=f"{offset - 2}. {text}")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions["A"].width = 140
        set_print_setup(sheet, title=document.header or document.title, title_rows=None,
                        school=document.school, generated_on=document.generated_on)
    workbook.save(path)
    return path


__all__ = [
    "Cell",
    "Column",
    "Section",
    "TableDocument",
    "build_table_pdf",
    "build_table_xlsx",
    "number_text",
]
