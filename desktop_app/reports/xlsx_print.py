"""What every workbook we write needs to print well from Excel or LibreOffice: A4,
landscape when the columns are wider than a portrait page, scaled to one page wide
(as many pages down as it takes), the title rows repeated on every page, a header
with the document's name and a footer with «Стр. N из M», and date columns wide
enough that a date never shows as «####». Used by every XLSX writer of
``desktop_app/reports``.
"""

from __future__ import annotations

import math
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Character widths (Excel's unit) that hold a date in Calibri 11 with its padding.
DATE_WIDTH = 11.0  # «31.12.2026»
SHORT_DATE_WIDTH = 6.5  # «31.12»
# A portrait A4 page with 1 cm margins holds about 95 characters across, but only
# about 80 at a size still read without strain once fitted to the width; wider sheets
# print landscape.
PORTRAIT_CHARACTERS = 80.0
# What a landscape page holds scaled down to about 60 %, the smallest print a teacher
# still reads; a sheet wider than that (a year of lessons) prints on several pages
# across, each repeating the title columns (№, student).
LANDSCAPE_READABLE_CHARACTERS = 230.0
DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized

_FORBIDDEN_IN_TITLES = "[]:*?/\\"


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of ``[]:*?/\\``), unique in
    the workbook (``taken`` is updated)."""
    clean = "".join("_" if ch in _FORBIDDEN_IN_TITLES else ch for ch in text)[:31] or "Лист"
    title, n = clean, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def sheet_width(sheet: Worksheet) -> float:
    """The printed width of the used columns, in characters."""
    total = 0.0
    for col in range(1, (sheet.max_column or 1) + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(col))
        width = dimension.width if dimension is not None and dimension.width else None
        total += width or DEFAULT_WIDTH
    return total


def _header_text(text: str) -> str:
    # «&» starts a code in Excel's header language; a literal one is written twice.
    return text.replace("&", "&&")


def pages_across(width: float) -> int:
    """Pages across a sheet ``width`` characters wide prints on (1 unless very wide)."""
    return max(1, math.ceil(width / LANDSCAPE_READABLE_CHARACTERS))


def set_print_setup(sheet: Worksheet, *, title: str, title_rows: tuple[int, int] | None,
                    title_columns: str | None = None, landscape: bool | None = None,
                    school: str | None = None, generated_on: date | None = None) -> None:
    """Page setup for printing ``sheet``. ``title_rows`` (first, last) repeat at the
    top of every page and ``title_columns`` («A:B») on the left of every page across;
    ``landscape`` is chosen from the sheet's width unless given. The header names the
    document (and ``school`` on the left, as the PDF's running head does); the footer
    says when it was made (``generated_on``, else the printing day) and the page."""
    width = sheet_width(sheet)
    if landscape is None:
        landscape = width > PORTRAIT_CHARACTERS
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = pages_across(width)
    setup.fitToHeight = 0  # as many pages down as the rows need
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows is not None:
        first, last = title_rows
        sheet.print_title_rows = f"{first}:{last}"
    if title_columns is not None:
        sheet.print_title_cols = title_columns
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.25
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None  # openpyxl makes both with the sheet
    header.center.text = _header_text(title)
    header.center.size = 9
    if school:
        header.left.text = _header_text(school)
        header.left.size = 8
    footer.left.text = f"Сформировано {generated_on:%d.%m.%Y}" if generated_on else "&D"
    footer.left.size = 8
    footer.right.text = "Стр. &P из &N"
    footer.right.size = 8
    sheet.print_options.horizontalCentered = True


def widen_for_dates(sheet: Worksheet, column: int, *, short: bool = False) -> None:
    """Make ``column`` (1-based) wide enough for the dates written in it."""
    letter = get_column_letter(column)
    need = SHORT_DATE_WIDTH if short else DATE_WIDTH
    current = sheet.column_dimensions[letter].width
    if not current or current < need:
        sheet.column_dimensions[letter].width = need
