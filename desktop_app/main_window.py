"""The main window: navigation by role, the section pages, the status bar (its
pieces in :mod:`desktop_app.status_labels` and :mod:`desktop_app.sync_bar`), the tool
windows (:mod:`desktop_app.tool_windows`), and the locked state (nothing of the
journal visible or loaded while locked)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from database.actor import Role
from database.auth import SignedIn
from database.queries.home import ClassRoster, HomeData, load_home
from desktop_app import messages, preferences
from desktop_app.backup_schedule import DailyBackup
from desktop_app.dialogs import app_icon
from desktop_app.diary.sections import with_diary_sections
from desktop_app.generated.ui_main_window import Ui_MainWindow
from desktop_app.home_pages import (
    administration_page,
    diary_page,
    journals_page,
    my_class_page,
    reports_page,
    school_page,
    section_title,
    sections_for,
)
from desktop_app.people import SCREENS as PEOPLE_SCREENS
from desktop_app.people import SYSADMIN_SCREENS
from desktop_app.setup.openers import SetupScreens
from desktop_app.status_labels import BusyIndicator, add_signed_in_labels, workstation_text
from desktop_app.sync_bar import SyncBar
from desktop_app.tool_windows import ToolWindows
from desktop_app.worker import DbOp

if TYPE_CHECKING:
    from desktop_app.accounts_window import AccountsWindow
    from desktop_app.backup_window import BackupWindow

WINDOW_KEY = "mainWindow"


def journal_has_unsaved_edits(page: QWidget) -> bool:
    """A journal page still loading, saving, or with a cell editor open."""
    from PySide6.QtWidgets import QAbstractItemView

    view = getattr(page, "view", None)
    editor = getattr(page, "editor", None)
    return (
        getattr(page, "snapshot", None) is None
        or (editor is not None and editor.pending_saves > 0)
        or (view is not None and view.state() == QAbstractItemView.State.EditingState)
    )


class MainWindow(QMainWindow):
    """Built for one signed-in user; :meth:`set_signed` swaps the database after an
    unlock (same user). Emits :attr:`homeLoaded` when the sections are ready."""

    homeLoaded = Signal()
    closeRequested = Signal()

    def __init__(
        self,
        signed: SignedIn,
        *,
        on_lock: Callable[[], None],
        on_switch_user: Callable[[], None],
        on_sign_out: Callable[[], None],
        on_change_password: Callable[[], None],
        today: Callable[[], date] = date.today,
        on_restore: Callable[[Path, str], None] | None = None,
    ) -> None:
        super().__init__()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.signed = signed
        self.login = signed.login
        self.role = signed.role
        self._today = today
        self.locked = False
        self.home: HomeData | None = None
        self.tools = ToolWindows(self, lambda: self.signed, today, on_restore=on_restore,
                                 on_share_changed=lambda: self.sync_bar.refresh())
        self.daily_backup = DailyBackup(signed, parent=self)
        self._closing_for_good = False
        self.section_keys: list[str] = []
        self.setup_screens = SetupScreens(self, lambda: self.signed, today,
                                          self._setup_changed)

        # Qt adds « — <application display name>» (translated) to every title.
        self.setWindowTitle(signed.school_name)
        self._build_status_bar()
        self._build_locked_page()

        ui = self.ui
        ui.actionLock.triggered.connect(on_lock)
        ui.actionSwitchUser.triggered.connect(on_switch_user)
        ui.actionSignOut.triggered.connect(on_sign_out)
        ui.actionChangePassword.triggered.connect(on_change_password)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionAccounts.triggered.connect(self.open_accounts)
        ui.actionAbout.triggered.connect(self._about)
        ui.actionRussian.triggered.connect(lambda: self._set_language("ru"))
        ui.actionEnglish.triggered.connect(lambda: self._set_language("en"))
        language = preferences.language()
        ui.actionRussian.setChecked(language == "ru")
        ui.actionEnglish.setChecked(language == "en")
        # What a role may not do is not shown (the services refuse it anyway).
        manages_accounts = self.role in (Role.ADMIN, Role.SYSADMIN)
        ui.menuAdministration.menuAction().setVisible(manages_accounts)
        ui.actionAccounts.setEnabled(manages_accounts)
        self.action_backups = ui.menuAdministration.addAction(
            self.tr("Backups and integrity…"))
        self.action_backups.setObjectName("actionBackups")
        self.action_backups.triggered.connect(self.open_backups)
        self.action_share = ui.menuAdministration.addAction(self.tr("Share and computers…"))
        self.action_share.setObjectName("actionShare")
        self.action_share.triggered.connect(self.open_share)
        ui.navigationList.currentRowChanged.connect(ui.pageStack.setCurrentIndex)

        geometry = preferences.window_geometry(self.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.reload()
        self.sync_bar.refresh()
        self.sync_bar.set_active(True)

    # --- status bar --------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.ui.statusBar
        signed = self.signed
        self.user_label, self.role_label, self.workstation_label = add_signed_in_labels(
            bar, signed, self)
        self.sync_bar = SyncBar(
            self, bar, self.ui.actionSyncNow, signed.paths.root,
            open_setup=self.open_share if signed.role in (Role.ADMIN, Role.SYSADMIN) else None)
        self.sync_bar.changesApplied.connect(self.refresh_after_sync)
        self.sync_bar.detailsRequested.connect(self.open_sync_conflicts)
        self.busy = BusyIndicator(bar, self)

    # --- sections ------------------------------------------------------------------------

    def _build_locked_page(self) -> None:
        self.locked_page = QWidget(self)
        layout = QVBoxLayout(self.locked_page)
        label = QLabel(self.tr("The journal is locked."), self.locked_page)
        label.setObjectName("titleLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        self.locked_page.setVisible(False)
        self.ui.centralLayout.addWidget(self.locked_page)

    def reload(self) -> None:
        actor, today = self.signed.actor, self._today()
        DbOp(lambda s: load_home(s, actor, today)).success(self._show_home).parent(self).busy(
            self.tr("Loading…")
        ).run()

    def refresh_after_sync(self) -> None:
        """Other computers' changes arrived: the pages show them. An open journal is
        read again in place (its cursor kept) unless it has edits not yet saved, which
        a reload must not overtake; the home pages are rebuilt only when no journal is
        open, as rebuilding them would close it."""
        if self.locked or self._closing_for_good:
            return
        from desktop_app.journal.page import JournalPage

        stack = self.ui.pageStack
        journals = [page for i in range(stack.count())
                    if isinstance(page := stack.widget(i), JournalPage)]
        if not journals:
            self.reload()
            return
        for journal in journals:
            if not journal_has_unsaved_edits(journal):
                journal.reload()

    def _clear_pages(self) -> None:
        ui = self.ui
        ui.navigationList.blockSignals(True)
        ui.navigationList.clear()
        ui.navigationList.blockSignals(False)
        while ui.pageStack.count():
            page = ui.pageStack.widget(0)
            ui.pageStack.removeWidget(page)
            page.deleteLater()
        self.section_keys = []
        self.home = None

    def _show_home(self, home: HomeData) -> None:
        if self.locked:
            return  # a result that arrived after a lock is not shown
        current = self.current_section()
        self._clear_pages()
        self.home = home
        signed = self.signed
        for key in sections_for(self.role, home):
            page = with_diary_sections(key, self._page(key, home, signed), signed.actor,
                                       self._today, self.open_lesson)
            page.setObjectName(f"page_{key}")
            self.ui.pageStack.addWidget(page)
            QListWidgetItem(section_title(key), self.ui.navigationList)
            self.section_keys.append(key)
        index = self.section_keys.index(current) if current in self.section_keys else 0
        self.ui.navigationList.setCurrentRow(index)
        self.ui.pageStack.setCurrentIndex(index)
        self.homeLoaded.emit()

    def _page(self, key: str, home: HomeData, signed: SignedIn) -> QWidget:
        if key in ("journals", "my_journals"):
            from desktop_app.journal.window import attach_journal_opening

            page = journals_page(home.journals or (), own_only=key == "my_journals",
                                 setup=home.setup)
            attach_journal_opening(self, page, home.journals or ())
            return page
        if key == "my_class":
            return my_class_page(home.classes or (), self.open_class_consents)
        if key == "school":
            assert home.summary is not None
            return school_page(home.summary,
                               workstation_text(signed.device_kind, signed.device_name),
                               home.setup, self.open_setup_step)
        if key == "reports":
            return reports_page(home.indicators or (), signed.actor, self._today)
        if key == "administration":
            return administration_page(
                signed.settings, home.summary, self.open_accounts,
                self.open_import if self.role is Role.ADMIN else None,
                self.open_people,
                SYSADMIN_SCREENS if self.role is Role.SYSADMIN else PEOPLE_SCREENS,
                open_backups=self.open_backups, open_share=self.open_share,
                open_conflicts=self.open_sync_conflicts if self.role is Role.ADMIN else None,
            )
        return diary_page(home.diaries or (), self.role)

    def open_lesson(self, assignment_id: uuid.UUID, lesson_id: uuid.UUID | None,
                    student_id: uuid.UUID | None = None) -> None:
        """A journal at a lesson, from a line of a document (the control report)."""
        from desktop_app.journal.window import open_journal_at

        open_journal_at(self, assignment_id, lesson_id, student_id)

    def current_section(self) -> str | None:
        row = self.ui.navigationList.currentRow()
        return self.section_keys[row] if 0 <= row < len(self.section_keys) else None

    # --- the school's set-up ----------------------------------------------------------------

    def open_setup_step(self, key: str) -> QWidget | None:
        """Open the screen of a set-up step (the checklist's buttons)."""
        if self.locked:
            return None
        return self.setup_screens.open(key)

    def _setup_changed(self) -> None:
        if not self.locked and not self._closing_for_good:
            self.reload()

    # --- the administration's tool windows ------------------------------------------------

    @property
    def accounts_window(self) -> AccountsWindow | None:
        return self.tools.accounts

    @property
    def backup_window(self) -> BackupWindow | None:
        return self.tools.backups

    @property
    def share_window(self) -> QWidget | None:
        return self.tools.share

    def open_accounts(self) -> None:
        if self.role not in (Role.ADMIN, Role.SYSADMIN) or self.locked:
            return
        self.tools.open_accounts()

    def open_backups(self) -> None:
        if self.role not in (Role.ADMIN, Role.SYSADMIN) or self.locked:
            return
        self.tools.open_backups()

    def open_share(self) -> QWidget | None:
        """«Share and computers» (administration; the status bar's «Set up…» too)."""
        if self.role not in (Role.ADMIN, Role.SYSADMIN) or self.locked:
            return None
        return self.tools.open_share()

    def open_import(self, kind: str = "students") -> None:
        """The import dialog; the home counts are read again after an import."""
        if self.role is not Role.ADMIN or self.locked:
            return
        from desktop_app.setup.import_dialog import ImportDialog

        dialog = ImportDialog.open_for(self.signed, kind, self)
        dialog.imported.connect(lambda _kind: self._after_import())

    def _after_import(self) -> None:
        from desktop_app.people.window import PeopleWindow

        self.reload()
        for window in self.findChildren(PeopleWindow):  # open lists show the new people
            window.refresh_all()

    # --- people (subjects, staff, classes, students, load, accounts in bulk) -----------------

    def open_people(self, screen: str) -> QWidget | None:
        if self.role not in (Role.ADMIN, Role.SYSADMIN) or self.locked:
            return None
        from desktop_app.people import open_people_window

        return open_people_window(self, self.signed, screen, today=self._today)

    def open_class_consents(self, roster: ClassRoster) -> None:
        if self.locked:
            return
        from desktop_app.people.consents import open_class_consents

        open_class_consents(self, self.signed, roster.class_id, roster.title, self._today)

    def open_sync_conflicts(self) -> QWidget | None:
        """«Конфликты и отклонённые изменения» (the administration only; one window,
        raised if open). A choice made there refreshes the status bar and the pages."""
        if self.role is not Role.ADMIN or self.locked:
            return None
        from desktop_app.sync_conflicts_window import SyncConflictsWindow

        found = self.findChildren(SyncConflictsWindow)
        window = found[0] if found else None
        if window is None:
            window = SyncConflictsWindow(self.signed.actor, self.open_lesson, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.resolved.connect(self.sync_bar.refresh)
            window.resolved.connect(self.refresh_after_sync)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # --- lock -------------------------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        """Locked: every page is destroyed (no journal data left in widgets), other
        windows are closed, menus disabled except what the lock dialog needs."""
        self.locked = locked
        if locked:
            self.tools.close_all()
            self.daily_backup.set_signed(None)
            from desktop_app.setup.import_dialog import ImportDialog

            for dialog in self.findChildren(ImportDialog):  # people's names on screen
                dialog.close()
            self.setup_screens.close_all()
            self._clear_pages()
        self.sync_bar.set_active(not locked)
        self.ui.navigationList.setVisible(not locked)
        self.ui.pageStack.setVisible(not locked)
        self.locked_page.setVisible(locked)
        for action in (self.ui.actionLock, self.ui.actionChangePassword,
                       self.ui.actionAccounts, self.ui.actionSignOut, self.action_backups,
                       self.action_share):
            action.setEnabled(not locked)
        if not locked:
            self.ui.actionAccounts.setEnabled(self.role in (Role.ADMIN, Role.SYSADMIN))
            self.action_backups.setEnabled(self.role in (Role.ADMIN, Role.SYSADMIN))
            self.action_share.setEnabled(self.role in (Role.ADMIN, Role.SYSADMIN))

    def set_signed(self, signed: SignedIn) -> None:
        """After an unlock: the same user, a freshly opened database."""
        self.signed = signed
        self.daily_backup.set_signed(signed)
        self.reload()
        self.sync_bar.refresh()

    # --- misc ---------------------------------------------------------------------------------

    def _set_language(self, code: str) -> None:
        preferences.set_language(code)
        self.ui.actionRussian.setChecked(code == "ru")
        self.ui.actionEnglish.setChecked(code == "en")
        messages.info(self, self.tr("The language will change the next time the program starts."))

    def _about(self) -> None:
        messages.info(
            self,
            self.tr(
                "School Journal: an offline electronic class journal and student diary. "
                "The data of this school is encrypted on this computer."
            ),
        )

    def save_geometry(self) -> None:
        preferences.set_window_geometry(self.login, WINDOW_KEY, self.saveGeometry())

    def close_for_good(self) -> None:
        """Close without asking the application to quit (sign out, switch user)."""
        self._closing_for_good = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_bar.set_active(False)
        self.save_geometry()
        self.setup_screens.close_all()
        self.tools.close_all()
        if not self._closing_for_good:
            self.closeRequested.emit()
        event.accept()
