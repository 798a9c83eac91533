"""«Резервные копии и целостность»: the administration's and the system
administrator's window for backups, restore and the integrity check.

- *Backups*: the school's ``backups/`` folder, each file checked (SHA-256 of every
  member) and shown as sound or damaged; «back up now» on the database worker with
  progress; restore from the chosen backup — it is checked first, the user confirms
  with their password, the program closes the database, and the data it replaces is
  kept in ``backups/before-restore-….zip`` (see :func:`database.backup.restore`).
- *Integrity*: SQLCipher's check of every page and the change-log chain, in plain
  words (:class:`database.integrity.IntegrityReport`).

:func:`offer_restore` is the sign-in dialog's answer to a damaged database
(:class:`database.errors.DamagedDatabase`): it offers the newest sound backup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from database.actor import Role
from database.auth import SignedIn
from database.backup import KIND_BEFORE_RESTORE, BackupInfo, RestoreInfo, restore
from database.backup_catalog import (
    DEFAULT_KEEP,
    BackupEntry,
    backup_folders,
    list_backups,
    take_backup,
)
from database.errors import DamagedDatabase
from database.integrity import IntegrityReport, verify_database
from database.paths import SchoolPaths
from desktop_app import messages, preferences
from desktop_app.archive_tab import ArchiveTab
from desktop_app.dialogs import app_icon
from desktop_app.worker import Task

RestoreRequest = Callable[[Path, str], None]


class _Progress(QObject):
    """Progress from the worker thread to the GUI thread (a queued signal)."""

    changed = Signal(str, float)


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} МБ" if size >= 1024 * 1024 else f"{size // 1024 + 1} КБ"


def kind_title(entry: BackupEntry) -> str:
    name = entry.path.name
    if entry.info is not None and entry.info.kind == KIND_BEFORE_RESTORE:
        return QCoreApplication.translate("BackupWindow", "data replaced by a restore")
    if name.startswith("before-upgrade-"):
        return QCoreApplication.translate("BackupWindow", "before a program update")
    return QCoreApplication.translate("BackupWindow", "backup")


class BackupWindow(QDialog):
    """Backups and the integrity check of the signed-in school."""

    backupsListed = Signal()
    backupMade = Signal(object)  # BackupInfo
    verified = Signal(object)  # IntegrityReport

    def __init__(self, signed: SignedIn, *, on_restore: RestoreRequest | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signed = signed
        self._on_restore = on_restore
        self.entries: list[BackupEntry] = []
        self._listing = 0
        self.report: IntegrityReport | None = None
        self.setWindowTitle(self.tr("Backups and integrity"))
        self.setWindowIcon(app_icon())
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(860, 520)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._backups_tab(), self.tr("Backups"))
        self.tabs.addTab(self._integrity_tab(), self.tr("Integrity check"))
        self.archive_tab: ArchiveTab | None = None
        if signed.role is Role.ADMIN:  # the class journals are the administration's
            self.archive_tab = ArchiveTab(signed, self)
            self.tabs.addTab(self.archive_tab, self.tr("Yearly archive"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        self.refresh()

    # --- building -------------------------------------------------------------------------

    def _backups_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        folder = QLabel(self.tr("Backups are kept in %1 (and in the daily folder).").replace(
            "%1", str(self.signed.paths.backups_dir)), tab)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setWordWrap(True)
        layout.addWidget(folder)
        daily = QHBoxLayout()
        self.daily_check = QCheckBox(self.tr("Every day, also copy to:"), tab)
        self.daily_check.setObjectName("dailyBackupCheck")
        self.daily_edit = QLineEdit(tab)
        self.daily_edit.setObjectName("dailyBackupFolder")
        self.daily_edit.setReadOnly(True)
        self.daily_edit.setPlaceholderText(self.tr("a network folder or a USB disk"))
        choose = QPushButton(self.tr("Choose…"), tab)
        choose.clicked.connect(self.choose_daily_folder)
        daily.addWidget(self.daily_check)
        daily.addWidget(self.daily_edit, 1)
        daily.addWidget(choose)
        layout.addLayout(daily)
        keep = QLabel(self.tr(
            "While someone is signed in on this computer, a copy is made once a day; the "
            "last %1 daily copies are kept.").replace("%1", str(DEFAULT_KEEP)), tab)
        keep.setWordWrap(True)
        layout.addWidget(keep)
        chosen = preferences.daily_backup_folder(self.signed.paths)
        self.daily_edit.setText(chosen)
        self.daily_check.setChecked(bool(chosen))
        self.daily_check.toggled.connect(self._daily_toggled)
        self.table = QTableWidget(0, 4, tab)
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Made"), self.tr("Kind"), self.tr("Size"), self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.progress = QProgressBar(tab)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = QLabel("", tab)
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"), tab)
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.setProperty("accent", True)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore from the selected backup…"), tab)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setVisible(self._on_restore is not None)
        refresh = QPushButton(self.tr("Check the backups again"), tab)
        refresh.clicked.connect(self.refresh)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        layout.addLayout(buttons)
        return tab

    def _integrity_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        hint = QLabel(self.tr(
            "The check reads every page of the database file (its encryption checksums) and "
            "walks the change log: each entry carries a checksum of the one before it, so an "
            "entry changed or deleted outside the program is found."), tab)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.verdict = QLabel("", tab)
        self.verdict.setObjectName("integrityVerdict")
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.report_view = QPlainTextEdit(tab)
        self.report_view.setObjectName("integrityReport")
        self.report_view.setReadOnly(True)
        layout.addWidget(self.report_view, 1)
        self.verify_button = QPushButton(self.tr("Check now"), tab)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setProperty("accent", True)
        self.verify_button.clicked.connect(self.verify)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    # --- backups --------------------------------------------------------------------------

    def folders(self) -> list[Path]:
        daily = preferences.daily_backup_folder(self.signed.paths)
        return backup_folders(self.signed.paths, Path(daily) if daily else None)

    def refresh(self) -> None:
        folders = self.folders()
        self.status.setText(self.tr("Checking the backups…"))
        # Only the newest listing is shown: an older one still on its way (the one
        # the window asked for when it opened) must not overwrite it.
        self._listing += 1
        listing = self._listing

        def show(entries: list[BackupEntry]) -> None:
            if listing == self._listing:
                self._show_backups(entries)

        Task(lambda: list_backups(folders)).success(show).parent(self).run()

    def ask_folder(self) -> str:
        """A folder for the daily copies (patched in tests)."""
        return QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the daily copies"),
            self.daily_edit.text() or str(Path.home()))

    def choose_daily_folder(self) -> None:
        folder = self.ask_folder()
        if not folder:
            return
        self.daily_edit.setText(folder)
        if self.daily_check.isChecked():
            self._daily_toggled(True)
        else:
            self.daily_check.setChecked(True)

    def _daily_toggled(self, on: bool) -> None:
        if on and not self.daily_edit.text():
            self.choose_daily_folder()
            if not self.daily_edit.text():
                self.daily_check.setChecked(False)
            return
        preferences.set_daily_backup_folder(
            self.signed.paths, self.daily_edit.text() if on else None)
        self.refresh()

    def _show_backups(self, entries: list[BackupEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            state = self.tr("sound") if entry.ok else (entry.problem or self.tr("damaged"))
            size = entry.info.size_bytes if entry.info is not None else entry.path.stat().st_size
            cells = [f"{entry.when.astimezone():%d.%m.%Y %H:%M}", kind_title(entry),
                     _size(size), state]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.path) if column == 0 else text)
                self.table.setItem(row, column, item)
        good = next((e for e in entries if e.ok), None)
        if good is None:
            self.status.setText(self.tr("There is no sound backup yet: make one now."))
        else:
            self.status.setText(self.tr("Last sound backup: %1.").replace(
                "%1", f"{good.when.astimezone():%d.%m.%Y %H:%M}"))
        self._update_buttons()
        self.backupsListed.emit()

    def selected_entry(self) -> BackupEntry | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.entries[min(rows)] if rows else None

    def select_backup(self, path: Path) -> None:
        for row, entry in enumerate(self.entries):
            if entry.path == path:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.restore_button.setEnabled(entry is not None and entry.ok)

    def _set_running(self, running: bool) -> None:
        self.backup_button.setEnabled(not running)
        self.restore_button.setEnabled(not running and self.selected_entry() is not None)
        self.progress.setVisible(running)
        if running:
            self.progress.setValue(0)

    def _show_progress(self, text: str, fraction: float) -> None:
        self.status.setText(text)
        self.progress.setValue(int(fraction * 100))

    def back_up_now(self) -> None:
        signed, emit = self.signed, self._progress.changed.emit
        self._set_running(True)

        def done(info: BackupInfo) -> None:
            self._set_running(False)
            self.refresh()
            messages.info(self, self.tr("The backup is saved: %1.").replace(
                "%1", str(info.path)))
            self.backupMade.emit(info)

        def failed(exc: BaseException) -> None:
            self._set_running(False)
            self.status.setText(messages.error_text(exc))
            messages.show_error(self, exc)

        Task(lambda: take_backup(signed.paths, signed.engine, progress=emit)).success(
            done).failure(failed).parent(self).busy(self.tr("Backing up…")).run()

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.ok or self._on_restore is None:
            return
        when = f"{entry.when.astimezone():%d.%m.%Y %H:%M}"
        if not messages.confirm(self, self.tr(
            "Restore the school's data from the backup of %1? Everything entered after it "
            "is replaced (the current data is kept in the backups folder as "
            "«before-restore»). The program closes the database; sign in again afterwards."
        ).replace("%1", when)):
            return
        password = self.ask_password()
        if not password:
            return
        self._on_restore(entry.path, password)

    def ask_password(self) -> str:
        """The user's password, which must open the backup (patched in tests)."""
        text, ok = QInputDialog.getText(
            self, self.tr("Restore"),
            self.tr("Your password (%1), to open the backup:").replace("%1", self.signed.login),
            QLineEdit.EchoMode.Password)
        return text if ok else ""

    # --- integrity ------------------------------------------------------------------------

    def verify(self) -> None:
        signed = self.signed
        self.verify_button.setEnabled(False)
        self.verdict.setText(self.tr("Checking…"))

        def done(report: IntegrityReport) -> None:
            self.verify_button.setEnabled(True)
            self.report = report
            self.verdict.setText(report.verdict())
            self.verdict.setStyleSheet("" if report.ok else "color: #b00020; font-weight: bold;")
            self.report_view.setPlainText("\n\n".join(
                ["\n".join(report.file_lines()), "\n".join(report.chain_lines())]))
            self.verified.emit(report)

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self.verdict.setText(messages.error_text(exc))

        Task(lambda: verify_database(signed.engine, signed.actor)).success(done).failure(
            failed).parent(self).busy(self.tr("Checking the database…")).run()


# --- a damaged database at sign-in -------------------------------------------------------------


def offer_restore(parent: QWidget, paths: SchoolPaths, damaged: DamagedDatabase, login: str,
                  password: str, done: Callable[[RestoreInfo], None] | None = None) -> None:
    """Tell what is damaged and, when there is a sound backup, offer to restore it with
    the login and password just typed (they must open the backup; nothing is replaced
    before it has passed its checks)."""
    backup = damaged.backup
    if not isinstance(backup, Path):
        messages.critical(parent, damaged.message)
        return
    question = QCoreApplication.translate("BackupWindow", "Restore the data from this backup now?")
    if not messages.confirm(parent, damaged.message + "\n\n" + question):
        return

    def restored(info: RestoreInfo) -> None:
        again = QCoreApplication.translate("BackupWindow", "Sign in again to continue.")
        messages.info(parent, info.describe() + "\n\n" + again)
        if done is not None:
            done(info)

    Task(lambda: restore(paths, backup, login, password)).success(restored).parent(
        parent).busy(QCoreApplication.translate("BackupWindow", "Restoring…")).run()
