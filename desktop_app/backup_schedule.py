"""The daily backup of this computer: when a folder is chosen in the backups window
(a share, a USB disk), the program copies the school there once a day while someone
is signed in, keeping the last :data:`~database.backup_catalog.DEFAULT_KEEP` copies.

Checked shortly after sign-in and then every half hour, so a computer switched on
for an hour a day still makes its copy; the copy runs on the database worker like any
other database work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from database.auth import SignedIn
from database.backup import BackupInfo
from database.backup_catalog import backup_due, take_backup
from database.errors import StorageError
from desktop_app import messages, preferences
from desktop_app.worker import Task

log = logging.getLogger("school_journal.backup_schedule")

FIRST_CHECK_MS = 2 * 60 * 1000
CHECK_EVERY_MS = 30 * 60 * 1000


class DailyBackup(QObject):
    """Takes the day's backup when one is due. ``finished`` carries the BackupInfo,
    ``failed`` the Russian reason (also logged)."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, signed: SignedIn, *, now: Callable[[], datetime] = datetime.now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signed: SignedIn | None = signed
        self._now = now
        self._running = False
        self.last_error = ""
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_now)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._timer.start(CHECK_EVERY_MS))
        self._timer.start(FIRST_CHECK_MS)

    def set_signed(self, signed: SignedIn | None) -> None:
        """After a lock (None) or an unlock (the reopened database)."""
        self.signed = signed

    def folder(self) -> Path | None:
        if self.signed is None:
            return None
        chosen = preferences.daily_backup_folder(self.signed.paths)
        return Path(chosen) if chosen else None

    def check_now(self) -> bool:
        """Start the day's backup if one is due; True when it was started."""
        signed, folder = self.signed, self.folder()
        if signed is None or folder is None or self._running:
            return False
        if not backup_due(folder, self._now()):
            return False
        self._running = True

        def done(info: BackupInfo) -> None:
            self._running = False
            self.last_error = ""
            self.finished.emit(info)

        def failed(exc: BaseException) -> None:
            self._running = False
            self.last_error = messages.error_text(exc)
            log.warning("daily backup to %s failed: %s", folder, type(exc).__name__)
            self.failed.emit(self.last_error)

        def work() -> BackupInfo:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise StorageError(
                    f"Папка для ежедневных копий недоступна: {folder}. Проверьте, что "
                    "сетевая папка или диск подключены."
                ) from None
            return take_backup(signed.paths, signed.engine, folder, now=self._now())

        Task(work).success(done).failure(failed).run()
        return True
