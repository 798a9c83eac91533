"""«Share and computers» (administration): the school's share folder — chosen,
checked, confirmed and only then set up — its state, the recovery note, and the
school's computers (:class:`~desktop_app.share.computers.ComputersPanel`).

Nothing is written on a share before the confirmation: «Check» only reads the folder
(:func:`database.sync.share_setup.check_share_folder`); «Set up…» asks again, with
the administrator's password, and then writes the signed marker on the worker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from database.auth import SignedIn
from database.sync import share_setup
from database.sync.share import ROOT_NAME, SharePath, share_location
from database.sync.smb import SmbAddressError
from desktop_app import preferences
from desktop_app.dialogs import app_icon
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.share.computers import ComputersPanel
from desktop_app.worker import DbOp, Task, WorkerTask

WINDOW_KEY = "shareWindow"
REFRESH_MS = 5000  # while open: requests and heads appear on the share by themselves


class ConfirmShareDialog(QDialog):
    """The last word before anything is written: what will be made where, and the
    administrator's password (checked, and given to the school's other computers)."""

    def __init__(self, check: share_setup.FolderCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Set up the school's share"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "The folder %1 becomes the school's share. The program creates in it only the "
            "folder «%2» with the school's signed mark; the school's computers then meet "
            "there. Nothing else in the folder is touched.").replace(
            "%1", str(check.base)).replace("%2", ROOT_NAME), self)
        text.setWordWrap(True)
        layout.addWidget(text)
        if check.kind == share_setup.NOT_EMPTY:
            warning = ProblemLabel(self, warning=True)
            warning.show_problems([check.message])
            layout.addWidget(warning)
        hint = QLabel(self.tr(
            "Your password: it is checked once more and will work on every computer of "
            "the school."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("sharePasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password_edit)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(self.tr("Set up the share"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmShareButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password_edit.setFocus()
        self.adjustSize()  # the word-wrapped texts get their height

    def password(self) -> str:
        return self.password_edit.text()


class ShareWindow(QWidget):
    """Emits :attr:`changed` after the share was set up or the computers changed (the
    status bar reads again)."""

    changed = Signal()
    loaded = Signal()  # each time the screen's data has been shown

    def __init__(self, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Share and computers"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(980, 620)
        self.signed = signed
        self.data: share_setup.ShareScreen | None = None
        self.check: share_setup.FolderCheck | None = None
        self.confirm_dialog: ConfirmShareDialog | None = None
        layout = QVBoxLayout(self)

        share_box = QGroupBox(self.tr("The school's share"), self)
        share_layout = QVBoxLayout(share_box)
        self.state_label = QLabel(share_box)
        self.state_label.setObjectName("shareStateLabel")
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        share_layout.addWidget(self.state_label)
        self.chooser = QWidget(share_box)
        row = QHBoxLayout(self.chooser)
        row.setContentsMargins(0, 0, 0, 0)
        self.folder_edit = QLineEdit(self.chooser)
        self.folder_edit.setObjectName("shareFolderEdit")
        self.folder_edit.setPlaceholderText(self.tr(r"\\server\journal, a mapped drive or a "
                                                    "mounted folder"))
        self.browse_button = QPushButton(self.tr("Choose…"), self.chooser)
        self.check_button = QPushButton(self.tr("Check"), self.chooser)
        self.check_button.setObjectName("checkShareButton")
        self.setup_button = QPushButton(self.tr("Set up this folder…"), self.chooser)
        self.setup_button.setObjectName("setUpShareButton")
        self.setup_button.setProperty("accent", True)
        for widget in (self.folder_edit, self.browse_button, self.check_button,
                       self.setup_button):
            row.addWidget(widget, 1 if widget is self.folder_edit else 0)
        share_layout.addWidget(self.chooser)
        self.check_label = ProblemLabel(share_box)
        self.check_label.setObjectName("shareCheckLabel")
        share_layout.addWidget(self.check_label)
        self.recovery_label = QLabel(share_box)
        self.recovery_label.setObjectName("recoveryLabel")
        self.recovery_label.setWordWrap(True)
        self.recovery_label.setProperty("role", "hint")
        share_layout.addWidget(self.recovery_label)
        layout.addWidget(share_box)

        self.computers_box = QGroupBox(self.tr("The school's computers"), self)
        computers_layout = QVBoxLayout(self.computers_box)
        self.computers = ComputersPanel(signed, self.computers_box)
        self.computers.changed.connect(self.refresh)
        self.computers.changed.connect(self.changed.emit)  # the status bar reads again too
        computers_layout.addWidget(self.computers)
        layout.addWidget(self.computers_box, 1)
        layout.addStretch(0)  # takes the height while there is no list
        self._layout = layout
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)

        self.browse_button.clicked.connect(self.browse)
        self.check_button.clicked.connect(self.check_folder)
        self.folder_edit.textChanged.connect(self._folder_edited)
        self.folder_edit.returnPressed.connect(self.check_folder)
        self.setup_button.clicked.connect(self.confirm_setup)
        self.setup_button.setEnabled(False)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.refresh()
        self.timer.start()

    # --- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        paths = self.signed.paths
        DbOp(lambda s: share_setup.share_screen(s, paths)).success(self._show).failure(
            self.check_label.show_error).read_for(self).run()

    def _show(self, screen: share_setup.ShareScreen) -> None:
        self.data = screen
        state = screen.state
        joined = state.joined
        if not joined:
            text = self.tr("This computer is not connected to a school share yet.")
            if screen.admin_workstation:
                text += " " + self.tr(
                    "Choose the folder on the school's file server that the computers will "
                    "share (ask the system administrator to create it and give every "
                    "computer read and write access), check it and set it up.")
            else:
                text += " " + self.tr("The share is set up at the administration "
                                      "workstation.")
        elif state.unavailable:
            text = self.tr("Share: %1 — unavailable: %2").replace(
                "%1", str(state.share)).replace("%2", state.unavailable)
        else:
            text = self.tr("Share: %1 — available.").replace("%1", str(state.share))
        if joined:
            text += "\n" + state.status.describe()
        self.state_label.setText(text)
        self.chooser.setVisible(not joined and screen.admin_workstation)
        self.computers_box.setVisible(joined)
        self._layout.setStretch(self._layout.count() - 2, 0 if joined else 1)
        self.computers.show_view(screen.computers)
        self.recovery_label.setText(self._recovery_text(screen))
        self.loaded.emit()

    def _recovery_text(self, screen: share_setup.ShareScreen) -> str:
        if screen.has_recovery_slot:
            return self.tr(
                "Recovery: this computer's database also opens with the recovery key "
                "shown when the school was created (keep it in the school's safe).")
        if screen.state.joined and not screen.holds_root_key:
            return self.tr(
                "Recovery: this computer has no recovery key of its own. The school's "
                "recovery key opens only the administration workstation where the school "
                "was created. A forgotten password is reset by the administration and "
                "arrives here with the next synchronisation; if this computer's database "
                "is lost, connect the computer anew — the school loads from the share.")
        return self.tr("Recovery: this computer has no recovery key.")

    # --- choosing and checking ------------------------------------------------------------

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("The school's share folder"),
                                                  self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
            self.check_folder()

    def _folder_edited(self) -> None:
        self.check = None
        self.setup_button.setEnabled(False)
        self.check_label.clear_problems()

    def _typed(self) -> str:
        return self.folder_edit.text().strip().strip('"')

    def _chosen(self) -> SharePath | None:
        """The folder typed or chosen (a path or an ``smb://`` address), or None."""
        try:
            return share_location(self._typed()) if self._typed() else None
        except SmbAddressError:
            return None

    def check_folder(self) -> None:
        if not self._typed():
            self.check_label.show_problems([self.tr("Type or choose the share folder.")])
            return
        try:
            base = share_location(self._typed())
        except SmbAddressError as exc:
            self.check_label.show_problems([str(exc)])
            return
        self.check_button.setEnabled(False)

        def done(check: share_setup.FolderCheck) -> None:
            self.check_button.setEnabled(True)
            if self._chosen() != check.base:
                return  # the folder was edited while it was looked at
            self.check = check
            self.check_label.set_warning(check.usable)
            if check.kind == share_setup.EMPTY:  # good news: the ordinary colour
                self.check_label.setProperty("problem", "none")
                self.check_label.style().polish(self.check_label)
            self.check_label.show_problems([check.message])
            self.setup_button.setEnabled(check.usable)

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            self.check_label.show_error(exc)

        # Reading a network folder may take long: off the UI thread, no database needed.
        Task(lambda: share_setup.check_share_folder(base, None)).success(done).failure(
            failed).run()

    def confirm_setup(self) -> None:
        check = self.check
        if check is None or not check.usable:
            return
        dialog = ConfirmShareDialog(check, self)
        dialog.accepted.connect(lambda: self._set_up(check.base, dialog.password()))
        self.confirm_dialog = dialog
        dialog.open()

    def _set_up(self, base: SharePath, password: str) -> None:
        self.setup_button.setEnabled(False)

        def done(_: object) -> None:
            self.check = None
            self.check_label.set_warning(False)
            self.check_label.clear_problems()
            self.changed.emit()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.setup_button.setEnabled(True)
            self.check_label.set_warning(False)
            self.check_label.show_error(exc)

        WorkerTask(lambda w: share_setup.set_up_share(w.current(), base, password)).success(
            done).failure(failed).parent(self).busy(self.tr("Setting up the share…")).run()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        super().closeEvent(event)
