"""The import dialog (administration): choose what to import and the file, see every
row's outcome before anything is written, then import it all — or nothing.

Reading the file, the preview and the write all run on the database worker
(:class:`~desktop_app.worker.DbOp`), with a progress bar and a Stop button; a stopped
write is rolled back whole. «Импортировать» stays disabled while any row has an
error. The same dialog downloads the templates and exports the people lists.

The set-up screens open it with :meth:`ImportDialog.open_for` (one kind preselected).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Final

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QWidget

from database.auth import SignedIn
from database.errors import DomainError
from database.imports.columns import KINDS
from database.imports.outcome import ImportPreview, Status
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.documents_folder import in_documents
from desktop_app.generated.ui_import_dialog import Ui_ImportDialog
from desktop_app.setup.import_preview import PreviewFilter, PreviewModel
from desktop_app.worker import DbOp, Task

KIND_TITLES: Final[dict[str, str]] = {
    "students": str(QT_TRANSLATE_NOOP("ImportDialog", "Students with classes and groups")),
    "parents": str(QT_TRANSLATE_NOOP("ImportDialog", "Parents linked to students")),
    "staff": str(QT_TRANSLATE_NOOP("ImportDialog", "Staff")),
    "assignments": str(QT_TRANSLATE_NOOP("ImportDialog", "Subjects and teaching load")),
    "timetable": str(QT_TRANSLATE_NOOP("ImportDialog", "Timetable of classes")),
}
EXPORT_TITLES: Final[dict[str, str]] = {
    "students": str(QT_TRANSLATE_NOOP("ImportDialog", "Students with parents")),
    "staff": str(QT_TRANSLATE_NOOP("ImportDialog", "Staff")),
    "accounts": str(QT_TRANSLATE_NOOP("ImportDialog", "Accounts")),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class ImportCancelled(DomainError):
    """The user pressed Stop: nothing was written."""


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal), and
    stops the job at its next report once the user pressed Stop."""

    progressed = Signal(str, float)

    def __init__(self) -> None:
        super().__init__()
        self.stop = threading.Event()
        # Translated here, on the GUI thread, not on the worker.
        self.stopped_text = QCoreApplication.translate(
            "ImportDialog", "Stopped: nothing was written.")

    def __call__(self, text: str, fraction: float) -> None:
        if self.stop.is_set():
            raise ImportCancelled(self.stopped_text)
        self.progressed.emit(text, fraction)


class ImportDialog(QDialog):
    """Import of one kind (the combo box switches kinds); emits :attr:`imported`
    after a successful write, so the screen that opened it can reload."""

    imported = Signal(str)  # the kind
    previewShown = Signal()
    busyChanged = Signal(bool)

    def __init__(self, signed: SignedIn, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportDialog()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.signed = signed
        self.preview: ImportPreview | None = None
        self.path: Path | None = None
        self._job: _Progress | None = None
        ui = self.ui
        for key, title in KIND_TITLES.items():
            ui.kindCombo.addItem(_tr(title), key)
        for key, title in EXPORT_TITLES.items():
            ui.exportCombo.addItem(_tr(title), key)
        ui.kindCombo.setCurrentIndex(max(0, ui.kindCombo.findData(kind)))
        self.model = PreviewModel(self)
        self.proxy = PreviewFilter(self)
        self.proxy.setSourceModel(self.model)
        ui.previewTable.setModel(self.proxy)
        ui.previewTable.verticalHeader().setVisible(False)
        header = ui.previewTable.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        ui.previewTable.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        # Enter never starts an import by accident; the accent is for «Импортировать».
        for button in (ui.templateButton, ui.browseButton, ui.exportButton, ui.cancelButton,
                       ui.closeButton, ui.importButton):
            button.setAutoDefault(False)

        ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        ui.browseButton.clicked.connect(self.choose_file)
        ui.templateButton.clicked.connect(self.save_template)
        ui.importButton.clicked.connect(self.start_import)
        ui.cancelButton.clicked.connect(self.stop)
        ui.closeButton.clicked.connect(self.close)
        ui.exportButton.clicked.connect(self.export_list)
        ui.errorsOnlyCheck.toggled.connect(self.proxy.set_errors_only)
        self._show_columns()
        self._set_busy(False)
        self._show_summary()

    # --- opening from other screens ---------------------------------------------------------

    @classmethod
    def open_for(cls, signed: SignedIn, kind: str, parent: QWidget | None = None
                 ) -> ImportDialog:
        """Show a (non-modal) import dialog for ``kind``; returns it."""
        dialog = cls(signed, kind, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()
        return dialog

    @property
    def kind(self) -> str:
        return str(self.ui.kindCombo.currentData())

    # --- asking for files (patched in tests) -------------------------------------------------

    def ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet"), "",
            self.tr("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        return Path(name) if name else None

    def ask_save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), in_documents(suggested), self.tr("Excel workbook (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    # --- the preview --------------------------------------------------------------------------

    def _show_columns(self) -> None:
        spec = KINDS[self.kind]
        required = [c.title for c in spec.columns if c.required]
        optional = [c.title for c in spec.columns if not c.required]
        self.ui.columnsLabel.setText(
            self.tr("Columns: <b>%1</b> (required); %2. The header row may be anywhere "
                    "near the top; extra columns are ignored.")
            .replace("%1", ", ".join(required)).replace("%2", ", ".join(optional))
        )

    def _kind_changed(self) -> None:
        self._show_columns()
        if self.path is not None:
            self.check_file(self.path)

    def choose_file(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.check_file(path)

    def check_file(self, path: Path) -> None:
        """Read ``path`` and show what importing it would do (nothing is written)."""
        from database.imports.engine import preview_import

        self.path = path
        self.ui.fileEdit.setText(str(path))
        self.preview = None
        self.model.set_rows(())
        kind, actor = self.kind, self.signed.actor
        job = self._start()
        DbOp(lambda s: preview_import(s, actor, kind, path, job)).success(
            lambda result: self._previewed(job, result)
        ).failure(lambda exc: self._failed(job, exc)).parent(self).run()

    def _previewed(self, job: _Progress, preview: ImportPreview) -> None:
        if not self._finish(job):
            return
        self.preview = preview
        self.model.set_rows(preview.rows)
        self._show_summary()
        self.previewShown.emit()

    def _show_summary(self, note: str = "") -> None:
        preview = self.preview
        ui = self.ui
        if preview is None:
            ui.summaryLabel.setText(note or self.tr(
                "Choose a file: every row's outcome is shown here before anything is written."))
            ui.importButton.setEnabled(False)
            return
        counts = preview.counts
        text = (self.tr("Rows: %1 — new %2, updated %3, unchanged %4, with errors %5.")
                .replace("%1", str(len(preview.rows))).replace("%2", str(counts[Status.NEW]))
                .replace("%3", str(counts[Status.UPDATED]))
                .replace("%4", str(counts[Status.UNCHANGED]))
                .replace("%5", str(counts[Status.ERROR])))
        if preview.created:
            text += " " + self.tr("Also created: %1.").replace("%1", ", ".join(preview.created))
        if preview.has_errors:
            text += " " + self.tr("Fix the rows with errors in the file and choose it again: "
                                  "nothing is imported while any row has an error.")
        if note:
            text = note + " " + text
        ui.summaryLabel.setText(text)
        ui.summaryLabel.setObjectName("errorLabel" if preview.has_errors else "summaryLabel")
        ui.summaryLabel.style().unpolish(ui.summaryLabel)
        ui.summaryLabel.style().polish(ui.summaryLabel)
        changes = counts[Status.NEW] + counts[Status.UPDATED]
        ui.importButton.setEnabled(
            not preview.has_errors and changes > 0 and not preview.written and self._job is None
        )

    # --- the import ---------------------------------------------------------------------------

    def start_import(self) -> None:
        from database.imports.engine import run_import

        preview, path = self.preview, self.path
        if preview is None or path is None or preview.has_errors:
            return
        kind, actor = preview.kind, self.signed.actor
        job = self._start()
        DbOp(lambda s: run_import(s, actor, kind, path, job)).success(
            lambda result: self._imported(job, result)
        ).failure(lambda exc: self._failed(job, exc)).parent(self).busy(
            self.tr("Importing…")).run()

    def _imported(self, job: _Progress, result: ImportPreview) -> None:
        if not self._finish(job):
            return
        self.preview = result
        self.model.set_rows(result.rows)
        counts = result.counts
        self._show_summary(self.tr("Imported: %1 new, %2 updated.")
                           .replace("%1", str(counts[Status.NEW]))
                           .replace("%2", str(counts[Status.UPDATED])))
        self.imported.emit(result.kind)

    def _failed(self, job: _Progress, exc: BaseException) -> None:
        if not self._finish(job):
            return
        from database.imports.outcome import ImportRefused

        if isinstance(exc, ImportRefused):  # the file changed since the preview
            self.preview = exc.preview
            self.model.set_rows(exc.preview.rows)
            self._show_summary()
            return
        self.preview = None
        self.model.set_rows(())
        self._show_summary(messages.error_text(exc))
        if not isinstance(exc, DomainError):
            messages.show_error(self, exc)

    # --- progress and stopping -----------------------------------------------------------------

    def _start(self) -> _Progress:
        if self._job is not None:
            self._job.stop.set()
        job = _Progress()
        job.progressed.connect(self._progressed)
        self._job = job
        self._set_busy(True)
        return job

    def _finish(self, job: _Progress) -> bool:
        """True if ``job`` is the current one (a stopped or replaced job's result is
        dropped) and the dialog still exists."""
        if not shiboken6.isValid(self) or job is not self._job:
            return False
        self._job = None
        self._set_busy(False)
        return True

    def _progressed(self, text: str, fraction: float) -> None:
        if self._job is None:
            return
        self.ui.progressLabel.setText(text)
        self.ui.progressBar.setValue(int(fraction * 1000))

    def _set_busy(self, busy: bool) -> None:
        ui = self.ui
        for widget in (ui.progressLabel, ui.progressBar, ui.cancelButton):
            widget.setVisible(busy)
        ui.progressBar.setValue(0)
        ui.progressLabel.setText(self.tr("Reading the file…") if busy else "")
        for widget in (ui.kindCombo, ui.browseButton):
            widget.setEnabled(not busy)
        if busy:
            ui.importButton.setEnabled(False)
        self.busyChanged.emit(busy)

    def stop(self) -> None:
        if self._job is not None:
            self._job.stop.set()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()  # a running write is rolled back at its next progress report
        event.accept()

    # --- templates and export --------------------------------------------------------------------

    def save_template(self) -> None:
        from database.imports.templates import write_template

        kind = self.kind
        path = self.ask_save_path(KINDS[kind].template_name)
        if path is None:
            return
        Task(lambda: write_template(kind, path)).success(
            lambda written: self._saved(self.tr("Template saved: %1").replace(
                "%1", str(written)))
        ).parent(self).run()

    def export_list(self) -> None:
        from database.imports.export import EXPORTS, export_people

        what = str(self.ui.exportCombo.currentData())
        path = self.ask_save_path(f"{EXPORTS[what]}.xlsx")
        if path is None:
            return
        actor = self.signed.actor
        DbOp(lambda s: export_people(s, actor, what, path)).success(
            lambda rows: self._saved(self.tr("List saved: %1 (rows: %2)").replace(
                "%1", str(path)).replace("%2", str(rows)))
        ).parent(self).busy(self.tr("Exporting…")).run()

    def _saved(self, text: str) -> None:
        if shiboken6.isValid(self):
            messages.info(self, text)
