"""The «Годовой архив» tab of the backups window (the administration): the archive
register — each year's bundle with its retention dates and the result of verifying
its signature and every file — building the current year's bundle on the database
worker (:func:`desktop_app.reports.archive_bundle.build_year_archive`), and, once a
bundle's documents are past their retention, the act selecting them for destruction
(PDF, to be signed by the commission and approved by the director; nothing deleted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.archive import (
    KIND_JOURNAL,
    KIND_SUMMARY,
    KIND_TITLES,
    BundleCheck,
    RegisterEntry,
    archive_register,
    verify_bundle,
)
from database.archive_destruction import DestructionItem, due_for_destruction
from database.auth import SignedIn
from database.queries.school_card import get_school
from database.settings import load_settings
from desktop_app import messages
from desktop_app.documents_folder import in_documents
from desktop_app.reports.archive_bundle import BuiltBundle, build_year_archive
from desktop_app.reports.destruction_act import ActData, build_destruction_act
from desktop_app.worker import DbOp, Task

ARCHIVE_DIR = "archive"  # beside the database; copied to the archive's own storage too

# The register, each bundle's check, and what is past its retention.
Listed = tuple[list[RegisterEntry], dict[Path, BundleCheck], list[DestructionItem]]


class ArchiveTab(QWidget):
    registerListed = Signal()
    archiveBuilt = Signal(object)  # BuiltBundle
    actSaved = Signal(object)  # Path of the destruction act

    def __init__(self, signed: SignedIn, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.signed = signed
        self.today = today
        self.register: list[RegisterEntry] = []
        self.archive_checks: dict[Path, BundleCheck] = {}
        self.due: list[DestructionItem] = []  # past retention, for the act
        self._build()
        self.refresh_register()

    def _build(self) -> None:
        tab = self
        layout = QVBoxLayout(tab)
        hint = QLabel(self.tr(
            "At the year's end: every class journal and summary sheet (PDF, XLSX) and the "
            "year's change log, with an inventory signed by the school's key. Journals are "
            "kept 5 years, summary sheets 25. The archive folder: %1").replace(
                "%1", str(self.archive_root())), tab)
        hint.setWordWrap(True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(hint)
        self.archive_table = QTableWidget(0, 4, tab)
        self.archive_table.setObjectName("archiveTable")
        self.archive_table.setHorizontalHeaderLabels([
            self.tr("Year"), self.tr("Journals kept until"), self.tr("Summary sheets kept until"),
            self.tr("State")])
        self.archive_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.archive_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.archive_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.archive_table.verticalHeader().setVisible(False)
        header = self.archive_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.archive_table, 1)
        self.archive_status = QLabel("", tab)
        self.archive_status.setWordWrap(True)
        layout.addWidget(self.archive_status)
        row = QHBoxLayout()
        self.archive_button = QPushButton(self.tr("Build this year's archive"), tab)
        self.archive_button.setObjectName("buildArchiveButton")
        self.archive_button.clicked.connect(self.build_archive)
        check = QPushButton(self.tr("Verify the archives"), tab)
        check.clicked.connect(self.refresh_register)
        self.destruction_button = QPushButton(self.tr("Act of destruction…"), tab)
        self.destruction_button.setObjectName("destructionActButton")
        self.destruction_button.setToolTip(self.tr(
            "Lists the archived documents whose storage term has ended in the act for the "
            "commission and the director to sign; nothing is deleted"))
        self.destruction_button.setEnabled(False)
        self.destruction_button.clicked.connect(self.save_destruction_act)
        row.addWidget(self.archive_button)
        row.addWidget(self.destruction_button)
        row.addStretch(1)
        row.addWidget(check)
        layout.addLayout(row)

    def archive_root(self) -> Path:
        return self.signed.paths.root / ARCHIVE_DIR

    def refresh_register(self) -> None:
        root, today = self.archive_root(), self.today()

        def work() -> Listed:
            entries = archive_register(root)
            return (entries, {e.folder: verify_bundle(e.folder) for e in entries},
                    due_for_destruction(root, today))

        Task(work).success(self._show_register).parent(self).run()

    def _show_register(self, result: Listed) -> None:
        self.register, self.archive_checks, self.due = result
        self.destruction_button.setEnabled(bool(self.due))
        today = self.today()
        self.archive_table.setRowCount(len(self.register))
        for row, entry in enumerate(self.register):
            check = self.archive_checks[entry.folder]
            state = self.tr("signature and every file verified") if check.ok else "; ".join(
                check.problems)
            expired = entry.expired(today)
            if expired:
                state += " · " + self.tr("retention ended: %1").replace(
                    "%1", ", ".join(KIND_TITLES[k] for k in expired))
            cells = [entry.year,
                     f"{entry.keep_until.get(KIND_JOURNAL, today):%d.%m.%Y}",
                     f"{entry.keep_until.get(KIND_SUMMARY, today):%d.%m.%Y}", state]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.folder) if column == 0 else text)
                self.archive_table.setItem(row, column, item)
        self.archive_status.setText(
            self.tr("No yearly archive yet.") if not self.register else "")
        self.registerListed.emit()

    def ask_save_path(self, suggested: str) -> str:
        """Where to save the act ("" if cancelled); tests patch this."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the act of destruction"), in_documents(suggested),
            self.tr("PDF documents (*.pdf)"))
        return path

    def save_destruction_act(self) -> None:
        """The act listing every archived file past its retention, as a PDF to print."""
        if not self.due:
            return
        made_on = self.today()
        target = self.ask_save_path(f"Акт о выделении к уничтожению {made_on:%d.%m.%Y}.pdf")
        if not target:
            return
        path = Path(target if target.lower().endswith(".pdf") else target + ".pdf")
        items = tuple(self.due)

        def work(session: Session) -> Path:
            school = get_school(session)
            data = ActData(
                school_full_name=school.full_name if school else "",
                director_name=school.director_name if school else "",
                file_index=load_settings(session).journal_file_index,
                items=items, made_on=made_on)
            return build_destruction_act(path, data)

        def done(saved: Path) -> None:
            self.archive_status.setText(self.tr("The act is saved: %1").replace(
                "%1", str(saved)))
            self.actSaved.emit(saved)

        def failed(exc: BaseException) -> None:
            self.archive_status.setText(messages.error_text(exc))
            messages.show_error(self, exc)

        DbOp(work).success(done).failure(failed).parent(self).busy(
            self.tr("Writing the act…")).run()

    def build_archive(self) -> None:
        signed, root = self.signed, self.archive_root()
        self.archive_button.setEnabled(False)

        def done(built: BuiltBundle) -> None:
            self.archive_button.setEnabled(True)
            self.archive_status.setText(self.tr("The archive is saved: %1 (%2 files).").replace(
                "%1", str(built.folder)).replace("%2", str(built.files)))
            self.archiveBuilt.emit(built)
            self.refresh_register()

        def failed(exc: BaseException) -> None:
            self.archive_button.setEnabled(True)
            self.archive_status.setText(messages.error_text(exc))
            messages.show_error(self, exc)

        def work(session: Session) -> BuiltBundle:
            return build_year_archive(session, signed.actor, signed.paths, signed.data_key(),
                                      root)

        DbOp(work).success(done).failure(failed).parent(self).busy(
            self.tr("Building the yearly archive…")).run()
