"""The «Годовой архив» tab of the backups window (the administration): the archive
register — each year's bundle with its retention dates and the result of verifying
its signature and every file — and building the current year's bundle on the database
worker (:func:`desktop_app.reports.archive_bundle.build_year_archive`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from database.auth import SignedIn
from desktop_app import messages
from desktop_app.reports.archive_bundle import BuiltBundle, build_year_archive
from desktop_app.worker import DbOp, Task

ARCHIVE_DIR = "archive"  # beside the database; copied to the archive's own storage too


class ArchiveTab(QWidget):
    registerListed = Signal()
    archiveBuilt = Signal(object)  # BuiltBundle

    def __init__(self, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signed = signed
        self.register: list[RegisterEntry] = []
        self.archive_checks: dict[Path, BundleCheck] = {}
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
        row.addWidget(self.archive_button)
        row.addStretch(1)
        row.addWidget(check)
        layout.addLayout(row)

    def archive_root(self) -> Path:
        return self.signed.paths.root / ARCHIVE_DIR

    def refresh_register(self) -> None:
        root = self.archive_root()

        def work() -> tuple[list[RegisterEntry], dict[Path, BundleCheck]]:
            entries = archive_register(root)
            return entries, {e.folder: verify_bundle(e.folder) for e in entries}

        Task(work).success(self._show_register).parent(self).run()

    def _show_register(self, result: tuple[list[RegisterEntry], dict[Path, BundleCheck]]) -> None:
        self.register, self.archive_checks = result
        today = date.today()
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
