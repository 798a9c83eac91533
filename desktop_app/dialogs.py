"""The sign-in family of dialogs: first start, sign in, change password, unlock.

Each is a Designer form (``ui_forms/*.ui``) compiled into ``desktop_app.generated``.
Their work (Argon2, opening the database) runs on the database worker; while it
runs the dialog shows it is busy and ignores a second click. They are shown with
``open()`` (not ``exec()``), so the event loop — and tests — keep running.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from database.errors import DamagedDatabase, DomainError, ValidationError
from database.paths import SchoolPaths
from database.workstation import Workstation, normalize_login
from desktop_app import messages
from desktop_app.generated.ui_change_password_dialog import Ui_ChangePasswordDialog
from desktop_app.generated.ui_first_start_dialog import Ui_FirstStartDialog
from desktop_app.generated.ui_sign_in_dialog import Ui_SignInDialog
from desktop_app.generated.ui_unlock_dialog import Ui_UnlockDialog
from desktop_app.worker import Task, WorkerTask

if TYPE_CHECKING:
    from database.auth import SignedIn

# database.auth (and with it SQLAlchemy) is imported when first needed, so the
# sign-in dialog is on screen before the heavy imports are done.

log = logging.getLogger("school_journal.gui")

DEMO_LOGINS_FILE = "demo-logins.csv"


def app_icon() -> QIcon:
    return QIcon(":/icons/school_journal.svg")


def _set_icon(label: QWidget, size: int) -> None:
    label.setPixmap(app_icon().pixmap(size, size))  # type: ignore[attr-defined]


def _show_error(label: QWidget, parent: QWidget, exc: BaseException) -> None:
    """A user's mistake goes into the dialog's own error line; a bug into a box."""
    if isinstance(exc, DomainError):
        label.setText(exc.message)  # type: ignore[attr-defined]
        label.setVisible(True)
    else:
        label.setVisible(False)
        messages.show_error(parent, exc)


@dataclass(frozen=True)
class DemoLogin:
    login: str
    password: str
    role: str
    person: str
    note: str


def read_demo_logins(paths: SchoolPaths, per_role: int = 1) -> list[DemoLogin]:
    """A few demo logins per role from the list the demo installer leaves."""
    try:
        with (paths.root / DEMO_LOGINS_FILE).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))[1:]
    except OSError:
        return []
    chosen: list[DemoLogin] = []
    counts: dict[str, int] = {}
    for row in rows:
        if len(row) < 4:
            continue
        login, password, role, person = row[:4]
        note = row[4] if len(row) > 4 else ""
        limit = 2 if role == "teacher" else per_role
        if counts.get(role, 0) < limit:
            counts[role] = counts.get(role, 0) + 1
            chosen.append(DemoLogin(login, password, role, person, note))
    order = ["admin", "sysadmin", "teacher", "student", "parent"]
    chosen.sort(key=lambda d: order.index(d.role) if d.role in order else len(order))
    return chosen


def role_title(role: str) -> str:
    titles = {
        "admin": QCoreApplication.translate("Roles", "administration"),
        "sysadmin": QCoreApplication.translate("Roles", "system administrator"),
        "teacher": QCoreApplication.translate("Roles", "teacher"),
        "student": QCoreApplication.translate("Roles", "student"),
        "parent": QCoreApplication.translate("Roles", "parent"),
    }
    return titles.get(role, role)


# --- sign in ------------------------------------------------------------------------------


class SignInDialog(QDialog):
    """Login, password and (where the school allows it) "remember me".

    Emits :attr:`signedIn` with ``(SignedIn, password, remember)``; the password is
    handed on only for the forced password change that may follow."""

    signedIn = Signal(object, str, bool)

    def __init__(
        self,
        paths: SchoolPaths,
        workstation: Workstation,
        *,
        demo_hint: bool = False,
        login: str = "",
        warning: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        self.paths = paths
        self.setWindowIcon(app_icon())
        _set_icon(self.ui.iconLabel, 56)
        self.ui.titleLabel.setObjectName("titleLabel")
        self.ui.errorLabel.setVisible(False)
        self.ui.busyLabel.setText("")
        if workstation.school_name:
            self.ui.subtitleLabel.setText(workstation.school_name)
        self.ui.rememberCheck.setVisible(workstation.remember_me_allowed)
        self.ui.warningLabel.setText(warning)
        self.ui.warningLabel.setVisible(bool(warning))
        self._fill_demo(demo_hint)
        self.ui.loginEdit.setText(login)
        (self.ui.passwordEdit if login else self.ui.loginEdit).setFocus()
        self.ui.signInButton.clicked.connect(self.submit)
        self.ui.quitButton.clicked.connect(self.reject)
        self.ui.passwordEdit.returnPressed.connect(self.submit)
        self._busy = False
        self.adjustSize()

    def _fill_demo(self, demo_hint: bool) -> None:
        demo = read_demo_logins(self.paths) if demo_hint else []
        self.ui.demoPanel.setVisible(bool(demo))
        if not demo:
            return
        rows = "".join(
            f"<tr><td>{role_title(d.role).replace(' ', '&nbsp;')}</td>"
            f"<td>&nbsp;&nbsp;<b>{d.login}</b></td><td>&nbsp;&nbsp;&nbsp;{d.password}</td></tr>"
            for d in demo
        )
        header = self.tr("Demo school: sign in with any of these logins.")
        footer = self.tr("All logins are listed in %1.").replace(
            "%1", str(self.paths.root / DEMO_LOGINS_FILE)
        )
        self.ui.demoLabel.setText(
            f"{header}<table style='margin-top:4px'>{rows}</table>"
            f"<div style='color:#52606d'>{footer}</div>"
        )

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.ui.loginEdit, self.ui.passwordEdit, self.ui.rememberCheck,
                       self.ui.signInButton):
            widget.setEnabled(not busy)
        self.ui.busyLabel.setText(self.tr("Signing in…") if busy else "")

    def submit(self) -> None:
        if self._busy:
            return
        login = normalize_login(self.ui.loginEdit.text())
        password = self.ui.passwordEdit.text()
        if not login or not password:
            self.ui.errorLabel.setText(self.tr("Enter your login and password."))
            self.ui.errorLabel.setVisible(True)
            return
        self.ui.errorLabel.setVisible(False)
        self.set_busy(True)
        paths = self.paths
        remember = self.ui.rememberCheck.isVisible() and self.ui.rememberCheck.isChecked()

        def done(signed: SignedIn) -> None:
            self.set_busy(False)
            self.signedIn.emit(signed, password, remember)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            if isinstance(exc, DamagedDatabase):
                from desktop_app.backup_window import offer_restore

                self.ui.errorLabel.setText(self.tr(
                    "The database file is damaged. Restore it from a backup."))
                self.ui.errorLabel.setVisible(True)
                offer_restore(self, paths, exc, login, password,
                              done=lambda _: self.ui.errorLabel.setVisible(False))
                return
            _show_error(self.ui.errorLabel, self, exc)

        def work(w: Any) -> SignedIn:
            from database.auth import sign_in

            return w.attach(sign_in(paths, login, password))  # type: ignore[no-any-return]

        WorkerTask(work).success(
            done
        ).failure(failed).parent(self).run()


# --- first start ----------------------------------------------------------------------------


class FirstStartDialog(QDialog):
    """Create a new school, or ask for the demo school (:attr:`demoRequested`) or for
    joining a school's share (:attr:`joinRequested`)."""

    schoolCreated = Signal(object)  # SignedIn
    demoRequested = Signal()
    joinRequested = Signal()

    def __init__(self, paths: SchoolPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstStartDialog()
        self.ui.setupUi(self)
        self.paths = paths
        self.setWindowIcon(app_icon())
        _set_icon(self.ui.iconLabel, 56)
        self.ui.errorLabel.setVisible(False)
        self.ui.deviceKindCombo.addItem(self.tr("Administration (office)"), "admin")
        self.ui.deviceKindCombo.addItem(self.tr("Classroom"), "classroom")
        self.ui.createButton.clicked.connect(self.submit)
        self.ui.demoButton.clicked.connect(self._demo)
        self.ui.joinButton.clicked.connect(self._join)
        self.ui.quitButton.clicked.connect(self.reject)
        self._busy = False

    def _demo(self) -> None:
        self.demoRequested.emit()
        self.accept()

    def _join(self) -> None:
        self.joinRequested.emit()
        self.accept()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.ui.schoolGroup, self.ui.adminGroup, self.ui.createButton,
                       self.ui.demoButton, self.ui.joinButton):
            widget.setEnabled(not busy)

    def submit(self) -> None:
        if self._busy:
            return
        ui = self.ui
        password, repeat = ui.passwordEdit.text(), ui.repeatEdit.text()
        login = normalize_login(ui.loginEdit.text())
        try:
            for edit, label in (
                (ui.fullNameEdit, ui.fullNameLabel), (ui.shortNameEdit, ui.shortNameLabel),
                (ui.directorEdit, ui.directorLabel), (ui.deviceNameEdit, ui.deviceNameLabel),
            ):
                if not edit.text().strip():
                    edit.setFocus()
                    raise ValidationError(
                        self.tr("Fill in the field “%1”.").replace(
                            "%1", label.text().rstrip(":")
                        )
                    )
            if password != repeat:
                raise ValidationError(self.tr("The two passwords differ."))
            from database.auth import check_password_policy

            check_password_policy(password, login, 8)
        except ValidationError as exc:
            _show_error(ui.errorLabel, self, exc)
            return
        ui.errorLabel.setVisible(False)
        self.set_busy(True)
        paths = self.paths
        fields = {
            "full_name": ui.fullNameEdit.text().strip(),
            "short_name": ui.shortNameEdit.text().strip(),
            "director_name": ui.directorEdit.text().strip(),
            "admin_login": login,
            "admin_password": password,
            "device_name": ui.deviceNameEdit.text().strip(),
            "device_kind": str(ui.deviceKindCombo.currentData()),
        }

        def done(signed: SignedIn) -> None:
            self.set_busy(False)
            self.schoolCreated.emit(signed)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            _show_error(ui.errorLabel, self, exc)

        def work(w: Any) -> SignedIn:
            from database.auth import create_school

            return w.attach(create_school(paths, **fields))  # type: ignore[no-any-return]

        WorkerTask(work).success(done).failure(
            failed
        ).parent(self).busy(self.tr("Creating the school…")).run()


def show_recovery_key(parent: QWidget | None, key: str) -> None:
    """The recovery key is shown once, right after the school is created."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Messages", "School Journal"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    intro = QCoreApplication.translate(
        "RecoveryKey",
        "The school has been created. Write down the recovery key and keep it in the "
        "school's safe: it opens this computer's database if every administrator's "
        "password is lost. The school's other computers, joined later through the "
        "share, have no recovery key of their own: they load the school from the share "
        "again. The key is shown only now.",
    )
    box.setText(f"{intro}<p style='font-size:14pt'><b><tt>{key}</tt></b></p>")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()


# --- change password ------------------------------------------------------------------------------


class ChangePasswordDialog(QDialog):
    """The user's own password change. ``forced`` after an issued one-time password:
    the current password was just typed, so that field is hidden."""

    def __init__(
        self,
        signed: SignedIn,
        *,
        forced: bool,
        current_password: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ChangePasswordDialog()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.signed = signed
        self.forced = forced
        self._current = current_password
        self.ui.errorLabel.setVisible(False)
        self.ui.policyLabel.setProperty("role", "hint")
        min_length = signed.settings.password_min_length
        self.ui.policyLabel.setText(
            self.tr("At least %1 characters; it must not contain your login.").replace(
                "%1", str(min_length)
            )
        )
        if forced:
            self.ui.reasonLabel.setText(
                self.tr(
                    "You signed in with a one-time password. Choose your own password "
                    "to continue; only you will know it."
                )
            )
            self.ui.oldLabel.setVisible(False)
            self.ui.oldEdit.setVisible(False)
            self.ui.newEdit.setFocus()
        else:
            self.ui.reasonLabel.setText(self.tr("Enter your current password and a new one."))
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._busy = False

    def submit(self) -> None:
        if self._busy:
            return
        old = self._current if self.forced else self.ui.oldEdit.text()
        new, repeat = self.ui.newEdit.text(), self.ui.repeatEdit.text()
        if new != repeat:
            _show_error(self.ui.errorLabel, self,
                        ValidationError(self.tr("The two new passwords differ.")))
            return
        self._busy = True
        self.ui.buttonBox.setEnabled(False)
        signed = self.signed

        def done(_: None) -> None:
            self._busy = False
            self.ui.buttonBox.setEnabled(True)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.ui.buttonBox.setEnabled(True)
            _show_error(self.ui.errorLabel, self, exc)

        def work() -> None:
            from database.auth import change_password

            change_password(signed, old, new)

        Task(work).success(done).failure(failed).parent(
            self
        ).busy(self.tr("Saving the new password…")).run()


# --- unlock ---------------------------------------------------------------------------------


class UnlockDialog(QDialog):
    """The locked workstation: the same user's password, or switch user."""

    unlocked = Signal(object)  # SignedIn
    switchUserRequested = Signal()

    def __init__(
        self,
        paths: SchoolPaths,
        login: str,
        person_name: str,
        *,
        parent: QWidget | None = None,
        sign_in_fn: Callable[..., SignedIn] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_UnlockDialog()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        _set_icon(self.ui.iconLabel, 48)
        self.paths, self.login = paths, login
        self._sign_in = sign_in_fn
        self.ui.errorLabel.setVisible(False)
        self.ui.subtitleLabel.setText(
            self.tr("%1 (%2). Enter your password to continue.")
            .replace("%1", person_name)
            .replace("%2", login)
        )
        self.ui.unlockButton.clicked.connect(self.submit)
        self.ui.passwordEdit.returnPressed.connect(self.submit)
        self.ui.switchUserButton.clicked.connect(self._switch)
        self.ui.passwordEdit.setFocus()
        self._busy = False
        self.adjustSize()

    def reject(self) -> None:
        """Escape must not close the lock: only the password or switching user."""

    def _switch(self) -> None:
        self.switchUserRequested.emit()
        self.done(QDialog.DialogCode.Rejected)

    def submit(self) -> None:
        if self._busy:
            return
        password = self.ui.passwordEdit.text()
        if not password:
            return
        self._busy = True
        self.ui.unlockButton.setEnabled(False)
        paths, login = self.paths, self.login
        if self._sign_in is None:
            from database.auth import sign_in as fn
        else:
            fn = self._sign_in

        def done(signed: SignedIn) -> None:
            self._busy = False
            self.unlocked.emit(signed)
            self.done(QDialog.DialogCode.Accepted)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.ui.unlockButton.setEnabled(True)
            self.ui.passwordEdit.clear()
            _show_error(self.ui.errorLabel, self, exc)

        WorkerTask(lambda w: w.attach(fn(paths, login, password, record=False))).success(
            done
        ).failure(failed).parent(self).run()

