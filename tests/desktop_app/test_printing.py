"""Printing a finished PDF (desktop_app/printing.py): each page keeps its orientation,
"print to file" keeps the vectors and text, page ranges are honoured, a system print
service gets the PDF itself, and a computer without a printer says so."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageRanges
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop_app import printing
from desktop_app.reports.fonts import REGULAR, register_fonts

pytestmark = pytest.mark.usefixtures("app")


def _mixed_pdf(path: Path) -> Path:
    """Three pages: landscape, portrait, landscape, each with its own text."""
    register_fonts()
    font = REGULAR
    canvas = Canvas(str(path))
    for number, size in enumerate((landscape(A4), A4, landscape(A4)), start=1):
        canvas.setPageSize(size)
        canvas.setFont(font, 14)
        canvas.drawString(72, size[1] - 72, f"Страница {number} журнала")
        canvas.rect(36, 36, size[0] - 72, size[1] - 72)
        canvas.showPage()
    canvas.save()
    return path


def _open(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document


def _pdf_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def _boxes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


def test_print_to_pdf_keeps_landscape_page_boxes_and_text(tmp_path: Path) -> None:
    source = _mixed_pdf(tmp_path / "book.pdf")
    document = _open(source)
    target = tmp_path / "printed.pdf"
    outcome = printing.print_pdf(source, document, _pdf_printer(target))
    assert outcome == printing.PrintOutcome(printing.Route.PDF_FILE, 3)
    boxes = _boxes(target)
    assert [w > h for w, h in boxes] == [True, False, True]
    assert boxes[0] == pytest.approx(landscape(A4), abs=0.5)
    texts = [page.extract_text() for page in PdfReader(target).pages]
    assert [f"Страница {n} журнала" in t for n, t in zip((1, 2, 3), texts, strict=True)] \
        == [True, True, True]
    assert target.stat().st_size < 3 * source.stat().st_size  # no page images


def test_page_ranges_are_honoured(tmp_path: Path) -> None:
    source = _mixed_pdf(tmp_path / "book.pdf")
    printer = _pdf_printer(tmp_path / "printed.pdf")
    ranges = QPageRanges()
    ranges.addPage(3)
    ranges.addRange(1, 1)
    printer.setPageRanges(ranges)
    assert printing.chosen_pages(printer, 3) == [0, 2]
    printing.print_pdf(source, _open(source), printer)
    texts = [page.extract_text() for page in PdfReader(tmp_path / "printed.pdf").pages]
    assert len(texts) == 2 and "Страница 1" in texts[0] and "Страница 3" in texts[1]

    printer = _pdf_printer(tmp_path / "two.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)  # past the end: up to the last page
    assert printing.chosen_pages(printer, 3) == [1, 2]


def test_drawn_pages_turn_each_sheet_to_the_page(tmp_path: Path) -> None:
    """The image route (Windows printers): a landscape page is drawn on a landscape
    sheet at full size, not shrunk onto a portrait one."""
    source = _mixed_pdf(tmp_path / "book.pdf")
    target = tmp_path / "drawn.pdf"
    printer = _pdf_printer(target)
    printed = printing.draw_pages(_open(source), [0, 1, 2], printer)
    assert printed == 3
    assert [w > h for w, h in _boxes(target)] == [True, False, True]
    assert printer.resolution() == printing.RASTER_DPI


def test_a_system_printer_gets_the_pdf_itself(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Where there is a print service (CUPS), ``lp`` receives our PDF with the range,
    copies and duplex: the printer gets vectors, not page images."""
    log = tmp_path / "lp-args"
    fake = tmp_path / "bin" / "lp"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > {log}\n'
                    'echo "request id"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(printing, "_print_service", lambda: str(fake))
    source = _mixed_pdf(tmp_path / "book.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    # This computer has no printer, so Qt will not keep a native one: pretend it chose
    # the office printer in the dialog.
    monkeypatch.setattr(printer, "outputFormat", lambda: QPrinter.OutputFormat.NativeFormat)
    monkeypatch.setattr(printer, "printerName", lambda: "Kyocera-214")
    printer.setCopyCount(2)
    monkeypatch.setattr(printer, "duplex", lambda: QPrinter.DuplexMode.DuplexLongSide)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    outcome = printing.print_pdf(source, _open(source), printer)
    assert outcome == printing.PrintOutcome(printing.Route.PRINT_SERVICE, 2)
    args = log.read_text().split("\n")
    assert args[:4] == ["-d", "Kyocera-214", "-n", "2"]
    assert "-P" in args and args[args.index("-P") + 1] == "2-3"
    assert "sides=two-sided-long-edge" in args and args[-2] == str(source)


def test_a_refused_print_job_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "lp"
    fake.write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    source = _mixed_pdf(tmp_path / "book.pdf")
    printer = QPrinter()
    with pytest.raises(printing.PrintFailed, match="does not exist"):
        printing._send_to_print_service(str(fake), source, [0], printer)


def test_lp_ranges_collapse_runs() -> None:
    assert printing._lp_ranges([0, 1, 2, 5, 7, 8]) == "1-3,6,8-9"


def test_documents_folder_is_where_saving_starts(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.documents_folder import documents_folder, in_documents

    folder = documents_folder()
    assert folder.is_dir()
    assert in_documents("журнал.pdf") == os.path.join(str(folder), "журнал.pdf")

    # The report window's save dialog is opened there.
    from PySide6.QtWidgets import QFileDialog, QWidget

    from desktop_app.report_window import ReportWindow

    asked: list[str] = []
    def ask(parent: object, caption: str, where: str, pattern: str) -> tuple[str, str]:
        asked.append(where)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    parent = QWidget()
    saved = ReportWindow.ask_save_path(parent, "Сохранить", "журнал.pdf", "*.pdf")  # type: ignore[arg-type]
    assert saved == ""
    assert asked == [os.path.join(str(folder), "журнал.pdf")]

def test_the_print_dialog_speaks_russian() -> None:
    """Qt's own print dialog (qtbase_ru.qm, plus qt_extra_ru.qm for what it lacks):
    no English word left on it, nor on its «Свойства» page's labels."""
    import re

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    dialog = QPrintDialog(QPrinter())
    dialog.setMinMax(1, 9)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("PDF", ""))]
    assert english == [] and "&Набор страниц:" in texts
    assert dialog.windowTitle() == "Печать"
    for context, source in (("QCupsJobWidget", "Job &priority:"),
                            ("QPageSetupWidget", "Pages &per sheet:")):
        assert not re.search(r"[A-Za-z]", QCoreApplication.translate(context, source))
    dialog.deleteLater()


def test_cancelling_drawn_pages_aborts_the_job(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    source = _mixed_pdf(tmp_path / "book.pdf")
    printer = _pdf_printer(tmp_path / "drawn.pdf")
    seen: list[tuple[int, int]] = []
    aborted: list[bool] = []
    def abort() -> bool:
        aborted.append(True)
        return True

    monkeypatch.setattr(printer, "abort", abort)

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:
            raise printing.PrintCancelled

    with pytest.raises(printing.PrintCancelled):
        printing.draw_pages(_open(source), [0, 1, 2], printer, progress)
    assert seen == [(1, 3)]  # stopped after the first page
    assert aborted == [True]  # and the spooler told to drop the job
