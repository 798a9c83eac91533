"""The main window's tool windows: the administration's accounts, backups and share
windows (one of each, raised when asked for again) and the people and consent
windows. All of them hold personal data or the database, so all are closed when the
journal locks and with the main window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from database.auth import SignedIn

if TYPE_CHECKING:
    from desktop_app.accounts_window import AccountsWindow
    from desktop_app.backup_window import BackupWindow


def _bring_up(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


class ToolWindows:
    """Owned by the main window (``parent``); ``signed`` gives the current sign-in
    (it changes on an unlock). The callers check the role and the lock."""

    def __init__(
        self,
        parent: QWidget,
        signed: Callable[[], SignedIn],
        today: Callable[[], date],
        *,
        on_restore: Callable[[Path, str], None] | None,
        on_share_changed: Callable[[], None],
    ) -> None:
        self._parent = parent
        self._signed = signed
        self._today = today
        self._on_restore = on_restore
        self._on_share_changed = on_share_changed
        self.accounts: AccountsWindow | None = None
        self.backups: BackupWindow | None = None
        self.share: QWidget | None = None

    def open_accounts(self) -> AccountsWindow:
        from desktop_app.accounts_window import AccountsWindow

        if self.accounts is None:
            self.accounts = AccountsWindow(self._signed(), parent=self._parent,
                                           today=self._today)
            self.accounts.destroyed.connect(self._accounts_closed)
        _bring_up(self.accounts)
        return self.accounts

    def _accounts_closed(self) -> None:
        self.accounts = None

    def open_backups(self) -> BackupWindow:
        from desktop_app.backup_window import BackupWindow

        if self.backups is None:
            self.backups = BackupWindow(self._signed(), on_restore=self._on_restore,
                                        parent=self._parent)
            self.backups.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.backups.destroyed.connect(self._backups_closed)
        _bring_up(self.backups)
        return self.backups

    def _backups_closed(self) -> None:
        self.backups = None

    def open_share(self) -> QWidget:
        from desktop_app.share.window import ShareWindow

        if self.share is None:
            self.share = ShareWindow(self._signed(), parent=self._parent)
            self.share.changed.connect(self._on_share_changed)
            self.share.destroyed.connect(self._share_closed)
        _bring_up(self.share)
        return self.share

    def _share_closed(self) -> None:
        self.share = None

    def close_people_windows(self) -> None:
        """The people, consent and conflict windows (opened by their own modules): they
        hold personal data."""
        from desktop_app.people.consents import ClassConsentsWindow
        from desktop_app.people.window import PeopleWindow
        from desktop_app.sync_conflicts_window import SyncConflictsWindow

        parent = self._parent
        for window in [*parent.findChildren(PeopleWindow),
                       *parent.findChildren(ClassConsentsWindow),
                       *parent.findChildren(SyncConflictsWindow)]:
            window.close()

    def close_all(self) -> None:
        """Every tool window (on a lock, and with the main window)."""
        if self.accounts is not None:
            self.accounts.close()
            self.accounts = None
        if self.backups is not None:  # it holds the database being closed
            self.backups.close()
        if self.share is not None:
            self.share.close()
        self.close_people_windows()
