"""Application start and the sign-in life cycle.

:func:`run_gui` sets up Qt (style, icon, translations: Russian by default, English
selectable), then :class:`AppController` leads the user through first start or
sign-in (a remembered sign-in first, if there is one), a forced password change,
the main window, workstation locks (Ctrl+L, idle, wake from sleep), switching user
and signing out.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QProgressDialog

from database.paths import SchoolPaths
from database.workstation import read_workstation
from desktop_app import messages, preferences, remember
from desktop_app.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from database.auth import SignedIn
    from desktop_app.idle import IdleWatcher
    from desktop_app.main_window import MainWindow

log = logging.getLogger("school_journal.gui")

_translators: list[QTranslator] = []


def install_translations(app: QCoreApplication, language: str) -> None:
    """Load our ``.qm`` and Qt's own (standard buttons) for ``language``; English is
    the source language and needs none."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
        _install(app, resource_path("translations", f"school_journal_{language}.qm"))
        # Qt's own strings (standard buttons, file dialogs); qt_extra fills the few that
        # Qt's shipped Russian file lacks (the file dialog's «Look in:», «Files of type:»).
        _install(app, Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
                 / f"qtbase_{language}.qm")
        _install(app, resource_path("translations", f"qt_extra_{language}.qm"))
    # Qt appends the display name to every window title («Вход — Школьный журнал»).
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(QCoreApplication.translate("Messages", "School Journal"))


def _install(app: QCoreApplication, qm: Path) -> None:
    translator = QTranslator(app)
    if translator.load(str(qm)):
        app.installTranslator(translator)
        _translators.append(translator)
    else:
        log.warning("translation %s not found", qm.name)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our name, icon, style and translations (reused if one
    exists, as in tests)."""
    from desktop_app.build_forms import ensure_built

    ensure_built()
    from desktop_app.generated import resources_rc  # noqa: F401 — registers :/ resources

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        argv if argv is not None else sys.argv
    )
    app.setOrganizationName(preferences.ORGANIZATION)
    app.setApplicationName(preferences.APPLICATION)
    app.setQuitOnLastWindowClosed(False)
    app.setStyle("Fusion")
    from desktop_app.dialogs import app_icon

    app.setWindowIcon(app_icon())
    style = resource_path("styles", "school_journal.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    install_translations(app, preferences.language())
    return app


WARM_UP_MODULES = (
    "database.auth",
    "database.store",
    "database.services.accounts",
    "database.queries.home",
    "database.queries.journal",
    "desktop_app.main_window",
    # What the main window's pages import when they are first built.
    "desktop_app.journal.window",
    "desktop_app.diary.window",
    "desktop_app.report_window",
)
_warmed = False


def warm_up() -> None:
    """Import the database layer and the main window's modules on the worker while the
    user types the password, so pressing «Войти» does not wait for them (the dialog is
    shown without them)."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    import importlib

    from desktop_app.worker import Task

    def work() -> None:
        for name in WARM_UP_MODULES:
            importlib.import_module(name)

    Task(work).failure(lambda exc: log.warning("warm-up failed: %s", exc)).run()


class AppController(QObject):
    """Owns the windows of one run and the signed-in state (the database itself lives
    on the worker thread)."""

    def __init__(
        self,
        paths: SchoolPaths,
        *,
        demo_hint: bool = False,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.demo_hint = demo_hint
        self._today = today
        self.signed: SignedIn | None = None
        self.login = ""
        self.person_name = ""
        self.main: MainWindow | None = None
        self.dialog: QWidget | None = None  # the sign-in family dialog on screen
        self.idle: IdleWatcher | None = None
        self.locked = False

    # --- start --------------------------------------------------------------------------------

    def start(self) -> None:
        from database.sync.joining import discard_partial_join, load_unfinished

        if load_unfinished(self.paths):
            # The last run stopped while loading the school from the share: that half
            # database is dropped, and joining goes on (the computer stays accepted).
            discard_partial_join(self.paths)
            self.show_join()
        elif not self.paths.exists():
            self.show_first_start()
        elif not self.start_remembered():
            self.show_sign_in()

    def quit(self) -> None:
        QCoreApplication.quit()

    def show_first_start(self) -> None:
        from desktop_app.dialogs import FirstStartDialog

        dialog = FirstStartDialog(self.paths)
        dialog.schoolCreated.connect(self._school_created)
        dialog.demoRequested.connect(self._open_demo)
        dialog.joinRequested.connect(self.show_join)
        dialog.rejected.connect(self.quit)
        self.dialog = dialog
        dialog.show()

    def show_join(self) -> None:
        """«Join the school's share»: ends at sign-in with the school's logins."""
        from desktop_app.share.join import JoinDialog

        dialog = JoinDialog(self.paths)
        dialog.joined.connect(self._joined)
        dialog.back.connect(self.show_first_start)
        dialog.rejected.connect(lambda: None if dialog.back_pressed else self.quit())
        self.dialog = dialog
        dialog.show()

    def _joined(self) -> None:
        self.show_sign_in(warning=self.tr(
            "This computer has joined the school. Sign in with your school login and "
            "password."))

    def _school_created(self, signed: SignedIn) -> None:
        from desktop_app.dialogs import show_recovery_key

        self._accept_signed(signed)
        self.open_main()
        if signed.recovery_key:
            show_recovery_key(self.main, signed.recovery_key)
            signed.recovery_key = None

    def _open_demo(self) -> None:
        from database.demo_install import install_demo
        from desktop_app.worker import Task

        demo_paths = SchoolPaths(self.paths.root / "demo")
        progress = QProgressDialog(
            self.tr("Creating the demo school (about a minute)…"), "", 0, 0
        )
        progress.setCancelButton(None)
        progress.setWindowTitle(self.tr("School Journal"))
        progress.show()
        self.dialog = progress

        def done(_: object) -> None:
            progress.close()
            self.paths = demo_paths
            self.demo_hint = True
            self.show_sign_in()

        def failed(exc: BaseException) -> None:
            progress.close()
            messages.show_error(None, exc)
            self.show_first_start()

        Task(
            lambda: None if demo_paths.exists() else install_demo(demo_paths, size="school")
        ).success(done).failure(failed).run()

    def start_remembered(self) -> bool:
        """Sign in with the token remembered in the keyring; True if it took over
        (successfully or by showing the sign-in dialog with a warning)."""
        from desktop_app.worker import WorkerTask

        try:
            found = remember.load_token(self.paths)
        except remember.KeyringUnavailable:
            self.show_sign_in(warning=self.tr(
                "The saved sign-in could not be read: the system keyring is not available. "
                "Sign in with your password."
            ))
            return True
        if found is None:
            return False
        login, token = found
        paths = self.paths

        def failed(exc: BaseException) -> None:
            remember.delete_token(paths, login)
            self.show_sign_in(warning=messages.error_text(exc), login=login)

        def work(w: Any) -> SignedIn:
            from database.auth import sign_in_with_token

            return w.attach(sign_in_with_token(paths, login, token))  # type: ignore[no-any-return]

        WorkerTask(work).success(
            self._remembered_ok
        ).failure(failed).run()
        return True

    def _remembered_ok(self, signed: SignedIn) -> None:
        self._accept_signed(signed)
        self.open_main()

    # --- sign in ------------------------------------------------------------------------------

    def show_sign_in(self, warning: str = "", login: str | None = None) -> None:
        from desktop_app.dialogs import SignInDialog

        dialog = SignInDialog(
            self.paths, read_workstation(self.paths), demo_hint=self.demo_hint,
            login=preferences.last_login(self.paths) if login is None else login,
            warning=warning,
        )
        dialog.signedIn.connect(self._signed_in)
        dialog.rejected.connect(self.quit)
        self.dialog = dialog
        dialog.show()
        warm_up()

    def _accept_signed(self, signed: SignedIn) -> None:
        self.signed = signed
        self.login, self.person_name = signed.login, signed.person_name
        preferences.set_last_login(self.paths, signed.login)

    def _signed_in(self, signed: SignedIn, password: str, remember_me: bool) -> None:
        self._accept_signed(signed)
        if signed.must_change_password:
            from desktop_app.dialogs import ChangePasswordDialog

            dialog = ChangePasswordDialog(signed, forced=True, current_password=password)
            dialog.accepted.connect(lambda: self._after_password(remember_me))
            dialog.rejected.connect(self._forced_change_refused)
            self.dialog = dialog
            dialog.show()
        else:
            self._after_password(remember_me)

    def _forced_change_refused(self) -> None:
        self._drop_database()
        self.show_sign_in()

    def _after_password(self, remember_me: bool) -> None:
        if remember_me:
            self.remember_current()
        self.open_main()

    def remember_current(self) -> None:
        from desktop_app.worker import WorkerTask

        paths, login = self.paths, self.login

        def store(token: str) -> None:
            try:
                remember.store_token(paths, login, token)
            except remember.KeyringUnavailable:
                from database.auth import forget_device_token

                forget_device_token(paths, login)
                messages.warning(self.main, self.tr(
                    "This computer could not remember you: the system keyring is not "
                    "available. Next time, sign in with your password."
                ))

        def work(w: Any) -> str:
            from database.auth import create_device_token

            return create_device_token(w.current())

        WorkerTask(work).success(store).failure(
            lambda exc: messages.warning(None, messages.error_text(exc))
        ).run()

    # --- the main window ----------------------------------------------------------------------

    def open_main(self) -> None:
        from desktop_app.idle import IdleWatcher
        from desktop_app.main_window import MainWindow

        assert self.signed is not None
        main = MainWindow(
            self.signed,
            on_lock=self.lock,
            on_switch_user=self.switch_user,
            on_sign_out=self.sign_out,
            on_change_password=self.change_password,
            today=self._today,
            on_restore=self.restore_backup,
        )
        main.closeRequested.connect(self._main_closed)
        self.main = main
        self.dialog = None
        main.show()
        minutes = read_workstation(self.paths).idle_lock_minutes
        idle = IdleWatcher(minutes * 60.0, parent=main)
        idle.idle.connect(self.lock)
        idle.start()
        self.idle = idle
        self.locked = False

    def _main_closed(self) -> None:
        self._stop_idle()
        self._drop_database()
        self.main = None
        self.quit()

    def _stop_idle(self) -> None:
        if self.idle is not None:
            self.idle.stop()

    def change_password(self) -> None:
        from desktop_app.dialogs import ChangePasswordDialog

        if self.signed is None or self.locked:
            return
        dialog = ChangePasswordDialog(self.signed, forced=False, parent=self.main)
        dialog.accepted.connect(lambda: messages.info(self.main, self.tr(
            "The password has been changed."
        )))
        dialog.open()

    def _drop_database(self) -> None:
        """Close the engine and forget the data key (on the worker, after any work
        already queued)."""
        from desktop_app.worker import WorkerTask

        self.signed = None
        WorkerTask(lambda w: w.detach()).run()

    # --- lock, switch user, sign out ----------------------------------------------------------

    def lock(self) -> None:
        from desktop_app.clipboard import clear_journal_clipboard
        from desktop_app.dialogs import UnlockDialog

        main = self.main
        if main is None or self.locked:
            return
        self.locked = True
        self._stop_idle()
        main.set_locked(True)
        clear_journal_clipboard()
        self._drop_database()
        dialog = UnlockDialog(self.paths, self.login, self.person_name, parent=main)
        dialog.unlocked.connect(self._unlocked)
        dialog.switchUserRequested.connect(self.switch_user)
        self.dialog = dialog
        dialog.open()

    def _unlocked(self, signed: SignedIn) -> None:
        self.signed = signed
        self.locked = False
        self.dialog = None
        main = self.main
        assert main is not None
        main.set_locked(False)
        main.set_signed(signed)
        if self.idle is not None:
            self.idle.start()

    def _close_main(self) -> None:
        self._stop_idle()
        if self.main is not None:
            self.main.close_for_good()
            self.main.deleteLater()
            self.main = None
        if not self.locked:
            self._drop_database()
        self.locked = False

    def switch_user(self) -> None:
        """Back to the sign-in dialog; this computer keeps remembering whoever it
        remembered."""
        self._close_main()
        self.show_sign_in(login="")

    def restore_backup(self, backup_file: Path, password: str) -> None:
        """Restore the school from ``backup_file`` (the backups window): close the main
        window and the database first (the worker runs the restore after the engine is
        disposed), then sign in again — on success and on failure alike, since the
        database is closed either way."""
        from database.backup import restore
        from desktop_app.worker import Task

        paths, login = self.paths, self.login
        self._close_main()

        def done(info: Any) -> None:
            messages.info(None, info.describe() + "\n\n" + self.tr("Sign in again to continue."))
            self.show_sign_in(login=login)

        def failed(exc: BaseException) -> None:
            messages.show_error(None, exc)
            self.show_sign_in(login=login)

        Task(lambda: restore(paths, backup_file, login, password)).success(done).failure(
            failed).busy(self.tr("Restoring…")).run()

    def sign_out(self) -> None:
        """Sign out and forget a remembered sign-in of this user on this computer."""
        paths, login = self.paths, self.login
        if login:
            from database.auth import forget_device_token

            remember.delete_token(paths, login)
            forget_device_token(paths, login)
        self._close_main()
        self.show_sign_in(login=login)


def run_gui(paths: SchoolPaths, *, demo_hint: bool = False) -> int:
    """The desktop application; returns the process exit code."""
    from desktop_app.worker import shutdown_worker

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_application()
    controller = AppController(paths, demo_hint=demo_hint)
    controller.start()
    code = app.exec()
    shutdown_worker()
    return int(code)
