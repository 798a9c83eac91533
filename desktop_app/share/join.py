"""First start, «Join the school's share»: the share folder, the one-time code from the
administration and this computer's name → a request on the share; then waiting for
the administration (polled, with a visible state and «Cancel»), then loading the
school (progress, cancellable), then sign-in with the school's own logins.

Every step runs on the worker (:mod:`database.sync.joining`); the dialog only shows
where it is. A stopped load leaves no half school: the next «Join» loads again.
"""

from __future__ import annotations

import platform
import threading

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from database.paths import SchoolPaths
from database.sync import joining
from database.sync.share import SharePath, share_location
from database.sync.smb import SmbAddressError
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.worker import Task

POLL_MS = 3000  # how often the share is looked at while the administration decides

FORM, SENDING, WAITING, LOADING = "form", "sending", "waiting", "loading"


class JoinDialog(QDialog):
    """Emits :attr:`joined` when the school is loaded (then sign in), :attr:`back`
    when the user returns to the first-start choices."""

    joined = Signal()
    back = Signal()
    _progress = Signal(str)  # emitted on the worker, shown on the UI thread

    def __init__(self, paths: SchoolPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Join the school's share"))
        self.setMinimumWidth(600)
        self.paths = paths
        self.poll_ms = POLL_MS
        self.state = FORM
        self._cancel = threading.Event()
        self._request: tuple[SharePath, str, str] | None = None
        self.back_pressed = False
        layout = QVBoxLayout(self)
        self._layout = layout
        intro = QLabel(self.tr(
            "This computer joins a school that already works with School Journal. At the "
            "administration workstation open «Administration → Share and computers», "
            "press «Connect a computer…» and type here the code it shows."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("joinFolderEdit")
        self.folder_edit.setPlaceholderText(self.tr(r"\\server\journal, a mapped drive or a "
                                                    "mounted folder"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(self.tr("The school's share:"), folder_row)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("joinCodeEdit")
        self.code_edit.setPlaceholderText("abcde-23456")
        self.code_edit.setMaxLength(20)
        form.addRow(self.tr("Connection code:"), self.code_edit)
        self.name_edit = QLineEdit(platform.node()[:100], self)
        self.name_edit.setObjectName("joinNameEdit")
        self.name_edit.setMaxLength(100)
        form.addRow(self.tr("This computer:"), self.name_edit)
        layout.addLayout(form)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("joinStatusLabel")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 0)
        layout.addWidget(self.progress_bar)
        self.problems = ProblemLabel(self)
        self.problems.setObjectName("joinProblemLabel")
        layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("joinCancelButton")
        self.join_button = QPushButton(self.tr("Join"), self)
        self.join_button.setObjectName("joinButton")
        self.join_button.setDefault(True)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.join_button)
        layout.addLayout(buttons)
        self.browse_button.clicked.connect(self.browse)
        self.back_button.clicked.connect(self._back)
        self.cancel_button.clicked.connect(self.cancel)
        self.join_button.clicked.connect(self.submit)
        self._progress.connect(self._show_progress)
        self._set_state(FORM)
        self.adjustSize()

    # --- states ---------------------------------------------------------------------------

    def _set_state(self, state: str, text: str = "") -> None:
        self.state = state
        editing = state == FORM
        for widget in (self.folder_edit, self.browse_button, self.code_edit, self.name_edit,
                       self.join_button, self.back_button):
            widget.setEnabled(editing)
        self.cancel_button.setVisible(state in (WAITING, LOADING))
        self.progress_bar.setVisible(not editing)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        # After this turn of the event loop: a problem shown right after counts too.
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """As high as the word-wrapped texts need at the present width."""
        layout = self._layout
        height = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        self.resize(self.width(), max(height, layout.minimumSize().height()))

    def _back(self) -> None:
        self.back_pressed = True
        self.reject()
        self.back.emit()

    def reject(self) -> None:
        if self.state in (SENDING, LOADING):
            return  # a step on the worker is under way: «Cancel» stops the load
        super().reject()

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("The school's share folder"),
                                                  self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    # --- the request ------------------------------------------------------------------------

    def submit(self) -> None:
        if self.state != FORM:
            return
        text = self.folder_edit.text().strip().strip('"')
        if not text:
            self.problems.show_problems([self.tr("Type or choose the school's share folder.")])
            return
        try:
            base = share_location(text)
        except SmbAddressError as exc:
            self.problems.show_problems([str(exc)])
            return
        code, name = self.code_edit.text().strip(), self.name_edit.text().strip()
        paths = self.paths
        self.problems.clear_problems()
        self._set_state(SENDING, self.tr("Sending the request…"))

        def send() -> bool:
            if joining.identity_copied(paths):
                return False
            joining.send_request(paths, base, code, name)
            return True

        def done(sent: bool) -> None:
            if not sent:
                self._set_state(FORM)
                self._copied_identity()
                return
            self._request = (base, code, name)
            self._cancel.clear()
            self._set_state(WAITING, self.tr(
                "The request has been sent. Waiting for the administration to accept it "
                "(«Accept requests» in «Share and computers», or its next "
                "synchronisation)…"))
            self._poll_later()

        def failed(exc: BaseException) -> None:
            self._set_state(FORM)
            self.problems.show_error(exc)

        Task(send).success(done).failure(failed).run()

    def _copied_identity(self) -> None:
        if not messages.confirm(self, self.tr(
                "This computer carries the identity of another computer of the school "
                "(its disk was copied from it). It must not pose as that computer. Make a "
                "new identity for this computer and send the request with it?")):
            self.problems.show_problems([self.tr(
                "The identity copied from another computer is still here; the computer "
                "cannot join with it.")])
            return
        paths = self.paths
        Task(lambda: joining.replace_copied_identity(paths)).success(
            lambda _: self.submit()).failure(self.problems.show_error).run()

    def _poll_later(self) -> None:
        QTimer.singleShot(self.poll_ms, self._poll)

    def _poll(self) -> None:
        if self.state != WAITING or self._request is None:
            return
        paths, (base, code, name) = self.paths, self._request

        def done(state: joining.JoinState) -> None:
            if self.state != WAITING:
                return
            if state.refused:
                self._set_state(FORM)
                self.problems.show_problems([state.refused])
            elif state.enrolled:
                self._load(base)
            else:
                self._poll_later()

        def failed(exc: BaseException) -> None:
            if self.state == WAITING:  # the share went away: say so, keep waiting
                self.problems.show_error(exc)
                self._poll_later()

        Task(lambda: joining.poll_join(paths, base, code, name)).success(done).failure(
            failed).run()

    def cancel(self) -> None:
        if self.state == WAITING:
            self._set_state(FORM, self.tr(
                "Waiting stopped. The request stays on the share: if the administration "
                "accepts it, «Join» continues from there."))
        elif self.state == LOADING:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Stopping the load…"))

    # --- loading ------------------------------------------------------------------------------

    def _load(self, base: SharePath) -> None:
        self.problems.clear_problems()
        self._set_state(LOADING, self.tr("Accepted. Loading the school from the share…"))
        self.cancel_button.setEnabled(True)
        paths, cancel, emit = self.paths, self._cancel, self._progress.emit

        def progress(text: str, _fraction: float) -> None:
            if cancel.is_set():
                raise joining.JoinCancelled
            emit(text)

        def done(_: object) -> None:
            self.state = FORM
            self.joined.emit()
            self.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, joining.JoinCancelled):
                self._set_state(FORM, self.tr(
                    "The load was stopped and nothing of it was kept. Press «Join» to load "
                    "the school again (the computer stays accepted)."))
                return
            self._set_state(FORM)
            self.problems.show_error(exc)

        Task(lambda: joining.bootstrap(paths, base, progress)).success(done).failure(
            failed).run()

    def _show_progress(self, text: str) -> None:
        if self.state == LOADING and not self._cancel.is_set():
            self.status_label.setText(text)
