"""Print setup of a worksheet of the administration's workbooks (shared by every
table document, :mod:`desktop_app.reports.tables`): A4, landscape where the table is
wide, fitted to the page width (as many pages down as it takes), the table's title
row repeated on every page, frozen under the title, and a running header and footer
like the PDF's — the school, the document, the date made and «Страница N из M»."""

from __future__ import annotations

from datetime import date
from typing import Final

from openpyxl.worksheet.worksheet import Worksheet

# Column widths (in characters) past which a sheet prints landscape: about what a
# portrait A4 page holds at a legible size.
PORTRAIT_CHARS: Final = 80.0


def _clean(text: str) -> str:
    """Header text: «&» starts a code in Excel's header language."""
    return text.replace("&", "&&")


def apply_print_setup(sheet: Worksheet, *, title_row: int, width_chars: float,
                      school: str, title: str, generated_on: date) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape" if width_chars > PORTRAIT_CHARS else "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.freeze_panes = f"A{title_row + 1}"
    for header in (sheet.oddHeader, sheet.evenHeader):
        if header is None:
            continue
        header.left.text = _clean(school)
        header.left.size = 8
        header.right.text = _clean(title)
        header.right.size = 8
    for footer in (sheet.oddFooter, sheet.evenFooter):
        if footer is None:
            continue
        footer.left.text = f"Сформировано {generated_on:%d.%m.%Y}"
        footer.left.size = 8
        footer.right.text = "Страница &P из &N"
        footer.right.size = 8


__all__ = ["PORTRAIT_CHARS", "apply_print_setup"]
