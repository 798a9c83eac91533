"""The report window on the tiny demo school (offscreen): what each role may print,
building off the UI thread with progress and cancel, the in-app preview, saving as
PDF and XLSX, printing through a printer."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.qtbot import QtBot

from database.paths import SchoolPaths
from desktop_app.report_window import ReportWindow
from tests.desktop_app.conftest import TODAY, Recorded
from tests.desktop_app.test_diary_window import _attach

WAIT_MS = 60_000


def _window(qtbot: QtBot, paths: SchoolPaths, login: str) -> ReportWindow:
    signed = _attach(qtbot, paths, login)
    window = ReportWindow(signed.actor, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(lambda: window.class_combo.count() > 0, timeout=WAIT_MS)
    return window


def _choose(window: ReportWindow, key: str) -> None:
    index = window.document_combo.findData(key)
    assert index >= 0, f"{key} is not offered"
    window.document_combo.setCurrentIndex(index)


def _build(qtbot: QtBot, window: ReportWindow) -> None:
    with qtbot.waitSignal(window.documentReady, timeout=WAIT_MS):
        qtbot.mouseClick(window.build_button, Qt.MouseButton.LeftButton)


def test_admin_builds_previews_and_saves_the_summary_sheet(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window(qtbot, demo_paths, "admin")
    offered = [window.document_combo.itemData(i) for i in range(window.document_combo.count())]
    assert offered[:2] == ["journal", "summary"]
    assert window.class_combo.currentText() == "5 «А»"
    _choose(window, "summary")
    assert not window.student_combo.isVisible() and not window.from_edit.isVisible()
    _build(qtbot, window)
    assert window.pdf.pageCount() >= 1
    assert window.pages_label.text().endswith(str(window.pdf.pageCount()))
    assert window.print_button.isEnabled() and window.save_xlsx_button.isEnabled()

    pdf_target = tmp_path / "ведомость.pdf"
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(pdf_target))
    qtbot.mouseClick(window.save_pdf_button, Qt.MouseButton.LeftButton)
    text = "".join(page.extract_text() for page in PdfReader(pdf_target).pages)
    assert "Сводная ведомость" in text

    xlsx_target = tmp_path / "ведомость"
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(xlsx_target))
    qtbot.mouseClick(window.save_xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=WAIT_MS)
    saved = tmp_path / "ведомость.xlsx"
    assert saved.exists()
    from openpyxl import load_workbook

    assert load_workbook(saved).sheetnames


def test_cancel_stops_the_journal_and_a_new_build_works(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    window = _window(qtbot, demo_paths, "admin")
    _choose(window, "journal")
    qtbot.mouseClick(window.build_button, Qt.MouseButton.LeftButton)
    assert window.progress_bar.isVisible() and window.cancel_button.isEnabled()
    assert not window.build_button.isEnabled()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.status_label.text() == QCoreApplication.translate("ReportWindow", "Cancelled.")
    assert not window.progress_bar.isVisible() and window.build_button.isEnabled()
    window.wait_for_threads()
    QCoreApplication.processEvents()  # whatever the cancelled build still signalled
    assert window.pdf_path is None and window.pdf.pageCount() == 0

    _build(qtbot, window)
    assert window.pdf.pageCount() > 5
    reader = PdfReader(str(window.pdf_path))
    assert len(reader.pages) == window.pdf.pageCount()


def test_class_teacher_prints_extracts_of_its_class_only(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    window = _window(qtbot, demo_paths, "pavlova.lg")
    offered = [window.document_combo.itemData(i) for i in range(window.document_combo.count())]
    assert "journal" not in offered
    assert [window.class_combo.itemText(i) for i in range(window.class_combo.count())] == [
        "5 «А»"]
    _choose(window, "extract")
    assert window.student_combo.isVisible() and window.from_edit.isVisible()
    assert window.range_combo.currentText() == "II четверть"
    assert window.from_edit.date().toPython() == date(2026, 11, 5)
    assert window.to_edit.date().toPython() == TODAY
    window.student_combo.setCurrentIndex(3)
    student = window.student_combo.currentText()
    _build(qtbot, window)
    assert window.pdf.pageCount() == 1
    assert not window.save_xlsx_button.isEnabled()
    text = PdfReader(str(window.pdf_path)).pages[0].extract_text()
    assert student.split()[0] in text

    _choose(window, "class_extracts")
    _build(qtbot, window)
    assert window.pdf.pageCount() == window.student_combo.count()


def test_school_documents_need_no_class(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path
) -> None:
    window = _window(qtbot, demo_paths, "admin")
    _choose(window, "activity")
    assert window.week_edit.isVisible() and not window.class_combo.isVisible()
    assert not window.from_edit.isVisible()
    _build(qtbot, window)
    text = PdfReader(str(window.pdf_path)).pages[0].extract_text()
    assert "Показатели активности" in text and "16.11.2026–22.11.2026" in text
    assert window.save_xlsx_button.isEnabled()
    out = Path(os.environ.get("DIARY_SCREENSHOTS") or tmp_path)
    qtbot.wait(300)
    assert window.grab().save(str(out / "report_window_activity.png"))


def test_a_teacher_without_a_class_checks_its_journals(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    signed = _attach(qtbot, demo_paths, "tikhomirova.ns")
    window = ReportWindow(signed.actor, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.document_combo.count() > 0, timeout=WAIT_MS)
    assert window.class_combo.count() == 0
    offered = [window.document_combo.itemData(i) for i in range(window.document_combo.count())]
    assert "control" in offered and "activity" not in offered
    _choose(window, "control")
    assert window.build_button.isEnabled() and window.range_combo.count() > 1
    assert window.range_combo.currentText().startswith("II четверть")
    _build(qtbot, window)
    text = " ".join(PdfReader(str(window.pdf_path)).pages[0].extract_text().split())
    assert "Справка по итогам контроля" in text and "Тихомирова" in text
    _choose(window, "progress")  # a class document: no class to choose
    assert not window.build_button.isEnabled()


def test_printing_draws_every_page(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path
) -> None:
    window = _window(qtbot, demo_paths, "pavlova.lg")
    _choose(window, "summary")
    _build(qtbot, window)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert window.print_to(printer) == window.pdf.pageCount()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == window.pdf.pageCount()


def test_the_landscape_journal_prints_to_pdf_landscape_with_its_text(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the print dialog (accepted with pages 2–3 to a PDF file): the pages keep
    their landscape boxes and their text, and only the range is printed."""
    from desktop_app import printing

    window = _window(qtbot, demo_paths, "admin")
    _choose(window, "journal")
    _build(qtbot, window)
    target = tmp_path / "напечатано.pdf"
    monkeypatch.setattr(printing, "has_printer", lambda: True)
    shown: list[QPageLayout.Orientation] = []

    def accept(dialog: QPrintDialog) -> bool:
        printer = dialog.printer()
        shown.append(printer.pageLayout().orientation())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return True

    monkeypatch.setattr(window, "ask_print", accept)
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    assert shown == [QPageLayout.Orientation.Landscape]  # the dialog offers landscape
    printed = PdfReader(target).pages
    original = PdfReader(str(window.pdf_path)).pages
    assert len(printed) == 2
    for page, source in zip(printed, original[1:3], strict=True):
        assert page.mediabox.width > page.mediabox.height
        assert page.extract_text() == source.extract_text()
    assert str(target) in window.status_label.text()


def test_printing_without_a_printer_says_so_and_offers_pdf(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, recorded_messages: Recorded,
) -> None:
    from desktop_app import printing

    window = _window(qtbot, demo_paths, "admin")
    _choose(window, "summary")
    _build(qtbot, window)
    monkeypatch.setattr(printing, "has_printer", lambda: False)
    monkeypatch.setattr(window, "ask_print", lambda dialog: pytest.fail("no dialog"))
    saved = tmp_path / "ведомость.pdf"
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(saved))
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    (question,) = recorded_messages.texts("confirm")
    assert "не установлен ни один принтер" in question
    assert saved.exists()


def test_students_and_parents_are_offered_nothing(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    signed = _attach(qtbot, demo_paths, "s.vasilev.zm")
    window = ReportWindow(signed.actor, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.status_label.text()), timeout=WAIT_MS)
    assert window.class_combo.count() == 0 and not window.build_button.isEnabled()


def test_render_report_window_to_png(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path
) -> None:
    """Renders the window with a built journal previewed; the PNG goes to
    $DIARY_SCREENSHOTS when set, for a person to look at."""
    window = _window(qtbot, demo_paths, "admin")
    _choose(window, "journal")
    _build(qtbot, window)
    qtbot.waitExposed(window)
    # The preview renders its pages in the background: wait until the first one shows.
    qtbot.waitUntil(lambda: _has_dark_pixels(window.view.viewport().grab().toImage()),
                    timeout=WAIT_MS)
    out = Path(os.environ.get("DIARY_SCREENSHOTS") or tmp_path)
    image = window.grab().toImage()
    assert not image.isNull() and image.width() > 300 and image.height() > 200
    assert image.save(str(out / "report_window.png"))


def _has_dark_pixels(image: QImage) -> bool:
    """Whether anything darker than the preview's grey background is painted (the
    page's text and lines)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data, stride, width = bytes(gray.constBits()), gray.bytesPerLine(), gray.width()
    return any(min(data[y * stride:y * stride + width]) < 100 for y in range(gray.height()))


def test_cancel_stops_a_layout_at_its_next_progress_report(app: object, qtbot: QtBot) -> None:
    import threading

    from desktop_app.report_window import BuildThread, Cancelled

    reports: list[float] = []
    cancelled = threading.Event()

    def slow(progress):  # type: ignore[no-untyped-def]
        for step in range(200):
            progress("страница", step / 200)
            reports.append(step)
            if step == 2:  # a long page: the user cancels while it is laid out
                cancelled.wait(5)
        return Path("never.pdf")

    thread = BuildThread(slow)
    outcome: list[object] = []
    thread.built.connect(outcome.append)
    thread.failed.connect(outcome.append)
    thread.start()
    qtbot.waitUntil(lambda: len(reports) >= 3, timeout=5_000)
    thread.cancel()
    cancelled.set()
    assert thread.wait(5_000)
    qtbot.waitUntil(lambda: bool(outcome), timeout=5_000)
    assert isinstance(outcome[0], Cancelled) and len(reports) < 200
