"""Printing a finished PDF through the printer the system dialog chose, keeping each
page's own size and orientation and, wherever the platform allows, its vectors.

QtPdf only renders pages to images (``QPdfDocument.render``), and Qt has no way to
draw a PDF page onto a ``QPainter`` as vectors, so the route depends on the printer:

* **Print to file (PDF)** — the chosen pages are copied out of our PDF with pypdf:
  text, fonts and page boxes exactly as built, nothing rasterised.
* **A printer of the system's print service (CUPS: Linux, macOS)** — the PDF itself is
  handed to ``lp`` with the page ranges, copies and duplex the dialog chose; CUPS
  prints PDF natively (its ``pdftopdf`` filter turns each page to fit the paper).
* **Anything else (Windows' GDI printers)** — Windows has no system call that prints
  a PDF, so each page is drawn as an image at :data:`RASTER_DPI`, with the printer
  switched to that page's orientation before the page starts, so a landscape page
  fills a landscape sheet instead of being shrunk onto a portrait one.

The 1200-dpi images of ``QPrinter.HighResolution`` made a 21-page journal a 62 MB
print job; 300 dpi is what office laser printers resolve for text of this size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QMarginsF, QPointF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

RASTER_DPI = 300
LP_TIMEOUT_S = 60


class Route(Enum):
    """How the pages reached the printer."""

    PDF_FILE = "pdf-file"  # vector copy of the pages into the chosen file
    PRINT_SERVICE = "print-service"  # the PDF handed to CUPS ``lp``
    RASTER = "raster"  # pages drawn as images through QPainter


@dataclass(frozen=True)
class PrintOutcome:
    route: Route
    pages: int  # pages sent (once; copies are the printer's business)


class PrintFailed(Exception):
    """The print service refused the job; the message is the service's own words."""


class PrintCancelled(Exception):
    """Raised from the progress callback to stop drawing pages; the job is aborted."""


def has_printer() -> bool:
    """Whether the system knows of any printer at all."""
    return bool(QPrinterInfo.availablePrinterNames())


def chosen_pages(printer: QPrinter, page_count: int) -> list[int]:
    """The 0-based pages the dialog asked for (all of them unless a range was given),
    in order, limited to the pages the document has."""
    ranges = printer.pageRanges()
    if not ranges.isEmpty():
        spans = [(r.from_, r.to) for r in ranges.toRangeList()]
    elif printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
        spans = [(printer.fromPage(), printer.toPage() or page_count)]
    else:
        spans = [(1, page_count)]
    pages: dict[int, None] = {}  # ordered and without repeats («1-3,2»)
    for first, last in spans:
        for number in range(max(first, 1), min(last, page_count) + 1):
            pages[number - 1] = None
    return list(pages)


def _lp_ranges(pages: Sequence[int]) -> str:
    """``lp -P`` syntax (1-based, runs collapsed): [0, 1, 2, 5] → "1-3,6"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ",".join(f"{a + 1}-{b + 1}" if b > a else f"{a + 1}" for a, b in runs)


def _print_service() -> str | None:
    """The CUPS ``lp`` command where the system has one (never on Windows)."""
    if sys.platform == "win32":
        return None
    return shutil.which("lp")


def print_pdf(pdf_path: Path, document: QPdfDocument, printer: QPrinter,
              progress: Callable[[int, int], None] | None = None) -> PrintOutcome:
    """Send the chosen pages of ``pdf_path`` (open in ``document``) to ``printer``."""
    pages = chosen_pages(printer, document.pageCount())
    if not pages:
        return PrintOutcome(Route.PDF_FILE, 0)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        _copy_pages(pdf_path, pages, Path(printer.outputFileName()))
        return PrintOutcome(Route.PDF_FILE, len(pages))
    lp = _print_service()
    if lp is not None and printer.printerName():
        _send_to_print_service(lp, pdf_path, pages, printer)
        return PrintOutcome(Route.PRINT_SERVICE, len(pages))
    return PrintOutcome(Route.RASTER, draw_pages(document, pages, printer, progress))


def _copy_pages(pdf_path: Path, pages: Sequence[int], target: Path) -> None:
    reader = PdfReader(pdf_path)
    writer = PdfWriter()
    for page in pages:
        writer.add_page(reader.pages[page])
    writer.add_metadata({k: str(v) for k, v in (reader.metadata or {}).items()})
    with open(target, "wb") as out:
        writer.write(out)


def _send_to_print_service(lp: str, pdf_path: Path, pages: Sequence[int],
                           printer: QPrinter) -> None:
    command = [lp, "-d", printer.printerName(), "-n", str(max(printer.copyCount(), 1)),
               "-t", printer.docName() or pdf_path.stem]
    if len(pages) < PdfReader(pdf_path).get_num_pages():
        command += ["-P", _lp_ranges(pages)]
    duplex = printer.duplex()
    if duplex == QPrinter.DuplexMode.DuplexLongSide:
        command += ["-o", "sides=two-sided-long-edge"]
    elif duplex == QPrinter.DuplexMode.DuplexShortSide:
        command += ["-o", "sides=two-sided-short-edge"]
    elif duplex == QPrinter.DuplexMode.DuplexNone:
        command += ["-o", "sides=one-sided"]
    if printer.collateCopies():
        command += ["-o", "collate=true"]
    command.append(str(pdf_path))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=LP_TIMEOUT_S,
                              env={**os.environ, "LC_ALL": "C"}, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintFailed(str(exc)) from exc
    if done.returncode != 0:
        raise PrintFailed((done.stderr or done.stdout).strip() or f"lp: {done.returncode}")


def draw_pages(document: QPdfDocument, pages: Sequence[int], printer: QPrinter,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Draw ``pages`` as images, each on a sheet turned to that page's orientation
    (set before the page begins, which QPrinter allows between pages)."""
    printer.setResolution(RASTER_DPI)
    painter = QPainter()
    printer.setPageLayout(_layout_for(document, pages[0], printer))
    if not painter.begin(printer):
        raise PrintFailed("")
    printed = 0
    try:
        for number, page in enumerate(pages):
            if number:
                printer.setPageLayout(_layout_for(document, page, printer))
                printer.newPage()
            _draw_page(painter, document, page, printer)
            printed += 1
            if progress is not None:
                progress(printed, len(pages))
    except PrintCancelled:
        printer.abort()  # the spooler drops the pages drawn so far
        raise
    finally:
        painter.end()
    return printed


def _layout_for(document: QPdfDocument, page: int, printer: QPrinter) -> QPageLayout:
    """The printer's paper turned the way ``page`` is, with no margins of our own (the
    document carries its margins; the printer's hardware margins still apply)."""
    size = document.pagePointSize(page)
    orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                   else QPageLayout.Orientation.Portrait)
    paper = printer.pageLayout().pageSize()
    if not paper.isValid():
        paper = QPageSize(QPageSize.PageSizeId.A4)
    return QPageLayout(paper, orientation, QMarginsF(0, 0, 0, 0))


def _draw_page(painter: QPainter, document: QPdfDocument, page: int,
               printer: QPrinter) -> None:
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    size: QSizeF = document.pagePointSize(page)
    scale = min(area.width() / size.width(), area.height() / size.height())
    width, height = int(size.width() * scale), int(size.height() * scale)
    image: QImage = document.render(page, QSize(width, height))
    # Centred in what the printer can reach (the painter's origin is its top left).
    painter.drawImage(QPointF((area.width() - width) / 2, (area.height() - height) / 2),
                      image)
