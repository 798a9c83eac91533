"""The report window: choose a document and its parameters from what the role may
print, build it off the UI thread (progress bar, cancel button), look at it inside
the program (QtPdf's ``QPdfView``), print it through the system dialog, save it as
PDF or XLSX.

Two stages, neither on the GUI thread: the data is read on the database worker
(:class:`~desktop_app.worker.DbOp`), then the file is laid out by the builders of
``desktop_app/reports`` on a thread of its own, so a long journal does not hold up
the diary or the journal grid. Cancelling drops the read result, or stops the layout
at its next progress report.

The documents offered, their fields, readers and builders are the entries of
:mod:`desktop_app.reports.registry` the actor's role may build.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QPageLayout
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from database.actor import Actor
from database.queries.report_choices import (
    ClassChoice,
    DateRange,
    ReportChoices,
    report_choices,
)
from desktop_app import messages, printing
from desktop_app.documents_folder import in_documents
from desktop_app.reports.registry import (
    Document,
    Link,
    Need,
    Params,
    Progress,
    documents_for,
)
from desktop_app.worker import DbOp, NotSignedIn


class Cancelled(Exception):
    """The user cancelled the build."""


@dataclass(frozen=True)
class Request:
    document: Document[Any]
    params: Params
    class_title: str

    def file_stem(self) -> str:
        return self.document.file_stem(self.class_title)


def _build(builder: Callable[[Path, Any, Progress], Path], data: Any, path: Path,
           progress: Progress) -> Path:
    """Run one of the document's builders (on the build thread): the bar starts at
    zero, and a cancel before the first page is noticed too."""
    progress("", 0.0)
    return builder(path, data, progress)


# --- the build thread ---------------------------------------------------------------------------


class BuildThread(QThread):
    """Runs ``fn(progress)``; ``progress`` raises :class:`Cancelled` once
    :meth:`cancel` was called. Results come back through signals (GUI thread)."""

    progressed = Signal(str, float)
    built = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Progress], Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _progress(self, text: str, fraction: float) -> None:
        if self._cancelled:
            raise Cancelled
        self.progressed.emit(text, fraction)

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as exc:  # delivered to the GUI thread
            self.failed.emit(exc)
            return
        if self._cancelled:
            self.failed.emit(Cancelled())
        else:
            self.built.emit(result)


_RUNNING: set[BuildThread] = set()  # builds outlive a destroyed window until they stop

T = TypeVar("T")


def _while_alive(widget: QWidget, callback: Callable[[T], None]) -> Callable[[T], None]:
    def call(value: T) -> None:
        # A closed window's reads stop here, so its chain of loads ends with it.
        if shiboken6.isValid(widget) and widget.window().isVisible():
            callback(value)

    return call


def _abandon(threads: list[BuildThread], tmp: tempfile.TemporaryDirectory[str]) -> None:
    for thread in threads:
        thread.cancel()
    tmp.cleanup()


# --- the window ---------------------------------------------------------------------------------


def _of_class(document: Document[Any] | None) -> bool:
    """Whether the class combo chooses what the document is of (a class, or the class
    whose student it is); other documents are about the school or a teacher's journals."""
    return document is not None and bool(document.needs & {Need.CLASS, Need.STUDENT})


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ReportWindow(QWidget):
    """Usable as a window of its own or embedded in a section of the main window."""

    documentReady = Signal(str)  # the PDF shown in the preview

    def __init__(
        self,
        actor: Actor,
        *,
        today: Callable[[], date] = date.today,
        open_lesson: Callable[[uuid.UUID, uuid.UUID | None], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``open_lesson(assignment_id, lesson_id)`` opens a journal at a lesson (the main
        window's); without it, a document's lines are not listed."""
        super().__init__(parent)
        self._open_lesson = open_lesson
        self.setObjectName("reportWindow")
        self.setWindowTitle(self.tr("Documents for printing"))
        self.actor = actor
        self._today = today
        self.choices = ReportChoices(())
        self.documents = documents_for(actor)
        self.request: Request | None = None
        self.data: Any = None
        self.pdf_path: Path | None = None
        self.build_thread: BuildThread | None = None
        self._threads: list[BuildThread] = []  # running, cancelled ones included
        self._job = 0
        self._loading = False
        self._tmp = tempfile.TemporaryDirectory(prefix="school-journal-")
        # Destroyed with its section (a lock): stop the builds, drop the temporary PDFs.
        threads, tmp = self._threads, self._tmp
        self.destroyed.connect(lambda: _abandon(threads, tmp))
        self._build()
        self.load_choices()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        box = QGroupBox(self.tr("Document"), left)
        form = QFormLayout(box)
        self.document_combo = QComboBox(box)
        self.document_combo.setObjectName("documentCombo")
        # The titles are long («Отчёт о ведении электронного журнала за период»): the list
        # opens as wide as they are, the field shows the whole title in its tooltip.
        self.document_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document_combo.setMinimumContentsLength(20)
        self.document_combo.currentTextChanged.connect(self.document_combo.setToolTip)
        self.class_combo = QComboBox(box)
        self.class_combo.setObjectName("reportClassCombo")
        self.student_combo = QComboBox(box)
        self.student_combo.setObjectName("reportStudentCombo")
        self.range_combo = QComboBox(box)
        self.range_combo.setObjectName("rangeCombo")
        self.from_edit = QDateEdit(box)
        self.from_edit.setObjectName("fromDateEdit")
        self.to_edit = QDateEdit(box)
        self.to_edit.setObjectName("toDateEdit")
        self.week_edit = QDateEdit(box)
        self.week_edit.setObjectName("weekDateEdit")
        self.week_edit.setDate(_qdate(self._today()))
        self.day_edit = QDateEdit(box)
        self.day_edit.setObjectName("dayDateEdit")
        self.day_edit.setDate(_qdate(self._today()))
        for edit in (self.from_edit, self.to_edit, self.week_edit, self.day_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        form.addRow(self.tr("Document:"), self.document_combo)
        form.addRow(self.tr("Class:"), self.class_combo)
        form.addRow(self.tr("Student:"), self.student_combo)
        form.addRow(self.tr("Period:"), self.range_combo)
        form.addRow(self.tr("From:"), self.from_edit)
        form.addRow(self.tr("To:"), self.to_edit)
        form.addRow(self.tr("Week of:"), self.week_edit)
        form.addRow(self.tr("Day:"), self.day_edit)
        self.form = form
        left_layout.addWidget(box)

        buttons = QHBoxLayout()
        self.build_button = QPushButton(self.tr("Build"), left)
        self.build_button.setObjectName("buildButton")
        self.build_button.setProperty("accent", True)
        self.cancel_button = QPushButton(self.tr("Cancel"), left)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.cancel_button)
        left_layout.addLayout(buttons)
        self.progress_bar = QProgressBar(left)
        self.progress_bar.setObjectName("buildProgress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setVisible(False)
        left_layout.addWidget(self.progress_bar)
        self.status_label = QLabel(left)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        # A wrapped label in a splitter's pane is not given its height for the width it
        # gets: room for two lines, so «Готово. Документ можно напечатать или сохранить.»
        # is never cut in half.
        self.status_label.setMinimumHeight(2 * self.status_label.fontMetrics().lineSpacing() + 4)
        left_layout.addWidget(self.status_label)

        actions = QGroupBox(self.tr("The document"), left)
        actions_layout = QVBoxLayout(actions)
        self.print_button = QPushButton(self.tr("Print…"), actions)
        self.print_button.setObjectName("printButton")
        self.save_pdf_button = QPushButton(self.tr("Save as PDF…"), actions)
        self.save_pdf_button.setObjectName("savePdfButton")
        self.save_xlsx_button = QPushButton(self.tr("Save as XLSX…"), actions)
        self.save_xlsx_button.setObjectName("saveXlsxButton")
        for button in (self.print_button, self.save_pdf_button, self.save_xlsx_button):
            button.setEnabled(False)
            actions_layout.addWidget(button)
        left_layout.addWidget(actions)
        self.links_box = QGroupBox(self.tr("Lines of the document"), left)
        links_layout = QVBoxLayout(self.links_box)
        hint = QLabel(self.tr("Double-click a line to open the journal at that lesson."),
                      self.links_box)
        hint.setWordWrap(True)
        links_layout.addWidget(hint)
        self.links_list = QListWidget(self.links_box)
        self.links_list.setObjectName("linksList")
        self.links_list.setWordWrap(True)
        self.links_list.itemActivated.connect(self._link_activated)
        links_layout.addWidget(self.links_list, 1)
        self.links_box.setVisible(False)
        left_layout.addWidget(self.links_box, 1)
        self.links: list[Link] = []
        left_layout.addStretch(0)

        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.pages_label = QLabel(right)
        self.pages_label.setObjectName("pagesLabel")
        right_layout.addWidget(self.pages_label)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(right)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        right_layout.addWidget(self.view, 1)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])

        self.document_combo.currentIndexChanged.connect(self._document_changed)
        self.class_combo.currentIndexChanged.connect(self._class_changed)
        self.range_combo.currentIndexChanged.connect(self._range_changed)
        self.build_button.clicked.connect(self.build)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.save_xlsx_button.clicked.connect(self.save_xlsx)

    # --- choices --------------------------------------------------------------------------

    def load_choices(self) -> None:
        actor = self.actor
        DbOp(lambda s: report_choices(s, actor)).success(
            _while_alive(self, self._show_choices)).failure(
            _while_alive(self, lambda exc: self._failed(self._job, exc))).parent(self).run()

    def _show_choices(self, choices: ReportChoices) -> None:
        self.choices = choices
        self.document_combo.blockSignals(True)
        self.document_combo.clear()
        for document in self.documents:
            self.document_combo.addItem(
                QCoreApplication.translate("ReportWindow", document.title), document.key)
        self.document_combo.blockSignals(False)
        self.document_combo.setToolTip(self.document_combo.currentText())
        view = self.document_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        for choice in choices.classes:
            self.class_combo.addItem(choice.title, str(choice.id))
        self.class_combo.blockSignals(False)
        self._class_changed()
        self._document_changed()

    def document(self) -> Document[Any] | None:
        key = self.document_combo.currentData()
        return next((d for d in self.documents if d.key == key), None)

    def selected_class(self) -> ClassChoice | None:
        index = self.class_combo.currentIndex()
        classes = self.choices.classes
        return classes[index] if 0 <= index < len(classes) else None

    def _document_changed(self) -> None:
        document = self.document()
        needs = document.needs if document else frozenset()
        needs_student, needs_range = Need.STUDENT in needs, Need.RANGE in needs
        needs_class = _of_class(document)
        for field, shown in ((self.class_combo, needs_class),
                             (self.student_combo, needs_student), (self.range_combo, needs_range),
                             (self.from_edit, needs_range), (self.to_edit, needs_range),
                             (self.week_edit, Need.WEEK in needs),
                             (self.day_edit, Need.DAY in needs)):
            field.setVisible(shown)
            label = self.form.labelForField(field)
            if label is not None:
                label.setVisible(shown)
        # A school-wide document (or a teacher's journals) takes the year's ranges.
        self._fill_ranges()
        can_build = document is not None and (not needs_class or bool(self.choices.classes))
        self.build_button.setEnabled(can_build and not self.is_busy())
        if (document is None or needs_class) and not self.choices.classes:
            self.status_label.setText(
                self.tr("There are no classes whose documents you may print."))
        elif self.status_label.text() == self.tr(
                "There are no classes whose documents you may print."):
            self.status_label.setText("")

    def _class_changed(self) -> None:
        choice = self.selected_class()
        self.student_combo.clear()
        if choice is not None:
            for student in choice.students:
                self.student_combo.addItem(student.full_name, str(student.id))
        self._fill_ranges()

    def _ranges(self) -> tuple[DateRange, ...]:
        """The chosen class's periods, or the school's for a document not of a class."""
        document = self.document()
        if document is not None and not _of_class(document):
            return self.choices.ranges
        choice = self.selected_class()
        return choice.ranges if choice is not None else ()

    def _fill_ranges(self) -> None:
        ranges = self._ranges()
        if [self.range_combo.itemText(i) for i in range(self.range_combo.count())] == [
                r.name for r in ranges]:
            return  # the same list: keep the user's choice
        self.range_combo.blockSignals(True)
        self.range_combo.clear()
        today = self._today()
        for span in ranges:
            self.range_combo.addItem(span.name)
        # The shortest range holding today (the quarter rather than the half-year or
        # the year); none: the last one, the whole year.
        holding = [i for i, span in enumerate(ranges) if span.start <= today <= span.end]
        current = min(holding, key=lambda i: (ranges[i].end - ranges[i].start, i)) \
            if holding else len(ranges) - 1
        self.range_combo.setCurrentIndex(current)
        self.range_combo.blockSignals(False)
        self._range_changed()

    def _range_changed(self) -> None:
        ranges = self._ranges()
        index = self.range_combo.currentIndex()
        if not 0 <= index < len(ranges):
            return
        span = ranges[index]
        self.from_edit.setDate(_qdate(span.start))
        self.to_edit.setDate(_qdate(min(span.end, max(span.start, self._today()))))

    def current_request(self) -> Request | None:
        document, choice = self.document(), self.selected_class()
        if document is None:
            return None
        needs_class = _of_class(document)
        if needs_class and choice is None:
            return None
        needs_student, needs_range = Need.STUDENT in document.needs, Need.RANGE in document.needs
        student = self.student_combo.currentData() if needs_student else None
        if needs_student and not student:
            return None
        week_day = _pydate(self.week_edit.date()) if Need.WEEK in document.needs else (
            _pydate(self.day_edit.date()) if Need.DAY in document.needs else None)
        params = Params(
            class_id=choice.id if needs_class and choice is not None else None,
            student_id=uuid.UUID(student) if student else None,
            date_from=_pydate(self.from_edit.date()) if needs_range else None,
            date_to=_pydate(self.to_edit.date()) if needs_range else None,
            today=self._today(),
            day=week_day,
        )
        of = choice.title if needs_class and choice is not None else (
            f"{week_day:%d.%m.%Y}" if week_day is not None else "")
        return Request(document, params, of)

    # --- building --------------------------------------------------------------------------

    def build(self) -> None:
        request = self.current_request()
        if request is None:
            return
        self.cancel(quiet=True)
        self._job += 1
        job = self._job
        self.request, self.data, self.pdf_path = request, None, None
        self._set_actions(False)
        self.links_list.clear()
        self.links_box.setVisible(False)
        self.pdf.close()
        self.pages_label.setText("")
        self._set_running(True, self.tr("Reading the data…"))
        self._loading = True
        actor = self.actor
        DbOp(lambda s: request.document.load(s, actor, request.params)).success(
            _while_alive(self, lambda data: self._data_loaded(job, data))).failure(
            _while_alive(self, lambda exc: self._failed(job, exc))).parent(self).run()

    def _data_loaded(self, job: int, data: Any) -> None:
        if job != self._job or not self._loading:
            return  # cancelled or superseded
        self._loading = False
        self.data = data
        request = self.request
        assert request is not None
        path = Path(self._tmp.name) / f"{request.file_stem()} {job}.pdf"
        self._set_running(True, self.tr("Laying out the pages…"))
        self._start_thread(job, lambda progress: _build(request.document.pdf, data, path,
                                                        progress), self._pdf_built)

    def _start_thread(self, job: int, fn: Callable[[Progress], Path],
                      done: Callable[[Path], None]) -> None:
        thread = BuildThread(fn, self)
        thread.progressed.connect(self._progressed)
        def built(path: Path) -> None:
            if job == self._job:
                done(path)

        thread.built.connect(built)
        thread.failed.connect(lambda exc: self._failed(job, exc))
        thread.finished.connect(lambda: self._forget(thread))
        thread.finished.connect(thread.deleteLater)
        self._threads.append(thread)
        self.build_thread = thread
        thread.start()

    def _progressed(self, text: str, fraction: float) -> None:
        if self.progress_bar.maximum() == 0 and fraction > 0:
            self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(int(fraction * 100))
        if text:
            self.status_label.setText(text)

    def _show_links(self) -> None:
        request = self.request
        links = (request.document.links(self.data)
                 if request is not None and request.document.links is not None
                 and self._open_lesson is not None and self.data is not None else [])
        self.links = links
        self.links_list.clear()
        for link in links:
            self.links_list.addItem(link.text)
        self.links_box.setVisible(bool(links))

    def _link_activated(self, item: QListWidgetItem) -> None:
        row = self.links_list.row(item)
        if self._open_lesson is not None and 0 <= row < len(self.links):
            link = self.links[row]
            self._open_lesson(link.assignment_id, link.lesson_id)

    def _pdf_built(self, path: Path) -> None:
        self.build_thread = None
        self._show_links()
        self.pdf_path = path
        self.pdf.load(str(path))
        self._set_running(False, "")
        self.pages_label.setText(self.tr("Pages: %1").replace("%1", str(self.pdf.pageCount())))
        self.status_label.setText(self.tr("Ready. Print it or save it."))
        self._set_actions(True)
        self.documentReady.emit(str(path))

    def _failed(self, job: int, exc: BaseException) -> None:
        if job != self._job:
            return
        self.build_thread = None
        self._loading = False
        self._set_running(False, "")
        if isinstance(exc, Cancelled):
            self.status_label.setText(self.tr("Cancelled."))
            return
        if isinstance(exc, NotSignedIn):
            return  # the database was closed (lock, sign-out) while the read was queued
        self.status_label.setText(messages.error_text(exc))
        messages.show_error(self, exc)

    def cancel(self, quiet: bool = False) -> None:
        """Stop whatever is being built; the preview keeps nothing half-made."""
        running = self._loading or self.build_thread is not None
        self._loading = False
        if self.build_thread is not None:
            self.build_thread.cancel()
            self.build_thread = None
        self._job += 1
        self._set_running(False, "")
        if running and not quiet:
            self.status_label.setText(self.tr("Cancelled."))

    def _set_running(self, running: bool, text: str) -> None:
        self.progress_bar.setVisible(running)
        self.progress_bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(running)
        self.build_button.setEnabled(not running)
        if text:
            self.status_label.setText(text)

    def _set_actions(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_pdf_button.setEnabled(ready)
        xlsx = ready and self.request is not None and self.request.document.xlsx is not None
        self.save_xlsx_button.setEnabled(xlsx)

    def is_busy(self) -> bool:
        return self._loading or self.build_thread is not None

    # --- saving and printing ----------------------------------------------------------------

    def ask_save_path(self, caption: str, suggested: str, pattern: str) -> str:
        """The file to save to ("" if the user cancelled). Tests patch this."""
        path, _ = QFileDialog.getSaveFileName(self, caption, in_documents(suggested), pattern)
        return path

    def save_pdf(self) -> None:
        if self.pdf_path is None or self.request is None:
            return
        target = self.ask_save_path(self.tr("Save as PDF"), f"{self.request.file_stem()}.pdf",
                                    self.tr("PDF documents (*.pdf)"))
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            messages.warning(self, self.tr("The file could not be saved: %1").replace(
                "%1", exc.strerror or str(exc)))
            return
        self.status_label.setText(self.tr("Saved: %1").replace("%1", target))

    def save_xlsx(self) -> None:
        request, data = self.request, self.data
        if request is None or data is None or request.document.xlsx is None:
            return
        builder = request.document.xlsx
        target = self.ask_save_path(self.tr("Save as XLSX"), f"{request.file_stem()}.xlsx",
                                    self.tr("Excel workbooks (*.xlsx)"))
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        self._job += 1
        job = self._job
        self._set_running(True, self.tr("Writing the workbook…"))
        path = Path(target)

        def saved(result: Path) -> None:
            self.build_thread = None
            self._set_running(False, "")
            self.status_label.setText(self.tr("Saved: %1").replace("%1", str(result)))

        self._start_thread(job, lambda progress: _build(builder, data, path, progress), saved)

    def print_dialog(self) -> None:
        if self.pdf_path is None or self.request is None:
            return
        if not printing.has_printer():
            if messages.confirm(self, self.tr(
                    "No printer is installed on this computer, so there is nothing to "
                    "print on. Install a printer in the system settings, or save the "
                    "document as PDF and print it on a computer that has one.\n\n"
                    "Save the document as PDF now?")):
                self.save_pdf()
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.request.file_stem())
        printer.setOutputFileName(in_documents(f"{self.request.file_stem()}.pdf"))
        count = self.pdf.pageCount()
        if count:
            size = self.pdf.pagePointSize(0)
            printer.setPageOrientation(
                QPageLayout.Orientation.Landscape if size.width() > size.height()
                else QPageLayout.Orientation.Portrait)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(count, 1))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        if self.ask_print(dialog):
            self.print_to(printer)

    def ask_print(self, dialog: QPrintDialog) -> bool:
        """Show the system print dialog; whether the user pressed «Печать». Tests patch this."""
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def print_to(self, printer: QPrinter) -> int:
        """Send every page (or the dialog's ranges) to ``printer``; the pages sent.
        Where pages are drawn as images (printers without a print service), a progress
        dialog counts them and can cancel the job."""
        if self.pdf_path is None:
            return 0
        self.status_label.setText(self.tr("Printing…"))
        progress = QProgressDialog(self.tr("Printing…"), self.tr("Cancel"), 0, 0, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise printing.PrintCancelled

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        problem = ""
        try:
            outcome = printing.print_pdf(self.pdf_path, self.pdf, printer, step)
        except printing.PrintCancelled:
            outcome = None
        except printing.PrintFailed as exc:
            outcome, problem = None, self.tr("The printer could not print the document.") + (
                f"\n\n{exc}" if str(exc) else "")
        except OSError as exc:
            outcome, problem = None, self.tr("The file could not be saved: %1").replace(
                "%1", exc.strerror or str(exc))
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
        if outcome is None:
            self.status_label.setText(self.tr("Printing cancelled.") if not problem else "")
            if problem:
                messages.warning(self, problem)
            return 0
        if outcome.route is printing.Route.PDF_FILE:
            self.status_label.setText(self.tr("Saved: %1").replace(
                "%1", printer.outputFileName()))
        else:
            self.status_label.setText(self.tr("Sent to the printer: %n page(s).", "",
                                              outcome.pages))
        return outcome.pages

    def _forget(self, thread: BuildThread) -> None:
        if thread in self._threads:
            self._threads.remove(thread)

    def wait_for_threads(self, timeout_ms: int = 30_000) -> None:
        """Let cancelled builds reach their next progress report and stop."""
        for thread in list(self._threads):
            thread.cancel()
            thread.wait(timeout_ms)

    def closeEvent(self, event: Any) -> None:
        self.cancel(quiet=True)
        self.wait_for_threads()
        self.pdf.close()
        super().closeEvent(event)
