"""The school's computers (administration): the list, a one-time code for a new
computer, accepting waiting requests now, revoking a computer.

The list is the screen's snapshot (:class:`~database.sync.computers.ComputersView`),
read on the worker by the window; every action goes to the worker too and the
window reads again when it is done (:attr:`ComputersPanel.changed`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from database.auth import SignedIn
from database.sync import computers as comp
from database.sync.codes import EnrolmentCode
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.setup.record_list import Column, RecordList
from desktop_app.worker import DbOp, WorkerTask


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%d.%m.%Y %H:%M")


def kind_title(kind: str) -> str:
    if kind == "admin":
        return QCoreApplication.translate("Computers", "administration")
    return QCoreApplication.translate("Computers", "classroom")


def state_title(row: comp.ComputerRow) -> str:
    if row.state == comp.REVOKED:
        return QCoreApplication.translate("Computers", "revoked")
    if row.state == comp.PENDING:
        return QCoreApplication.translate("Computers", "code issued, valid until %1").replace(
            "%1", _when(row.code_expires))
    if row.state == comp.REQUESTED:
        return QCoreApplication.translate("Computers", "request received: accept it")
    if row.this_computer:
        return QCoreApplication.translate("Computers", "active (this computer)")
    return QCoreApplication.translate("Computers", "active")


def _last_seen(row: comp.ComputerRow) -> str:
    if row.device_id is None:
        return "—"
    if row.last_seen_at is None:
        return QCoreApplication.translate("Computers", "not yet")
    if row.published == 0:
        return QCoreApplication.translate("Computers", "%1, no changes yet").replace(
            "%1", _when(row.last_seen_at))
    return QCoreApplication.translate("Computers", "%1, change no. %2").replace(
        "%1", _when(row.last_seen_at)).replace("%2", str(row.published))


class EnrolCodeDialog(QDialog):
    """The name and kind of the new computer, then its one-time code, shown large."""

    issued = Signal(object)  # EnrolmentCode

    def __init__(self, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Connect a computer"))
        self.setMinimumWidth(520)
        self.signed = signed
        self.code: EnrolmentCode | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Name the new computer as the school calls it (for example, «Кабинет 12»). "
            "The program shows a one-time code: type it on the new computer when it "
            "starts for the first time, under «Join the school's share»."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("computerNameEdit")
        self.name_edit.setMaxLength(100)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("computerKindCombo")
        self.kind_combo.addItem(kind_title("classroom"), "classroom")
        self.kind_combo.addItem(kind_title("admin"), "admin")
        form.addRow(self.tr("Computer:"), self.name_edit)
        form.addRow(self.tr("Kind:"), self.kind_combo)
        layout.addLayout(form)
        self.code_label = QLabel(self)
        self.code_label.setObjectName("enrolCodeLabel")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setStyleSheet("font-size: 28pt; font-weight: bold; "
                                      "font-family: 'DejaVu Sans Mono', monospace;")
        self.code_label.setVisible(False)
        layout.addWidget(self.code_label)
        self.validity_label = QLabel(self)
        self.validity_label.setWordWrap(True)
        self.validity_label.setVisible(False)
        layout.addWidget(self.validity_label)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(self)
        self.issue_button = self.buttons.addButton(
            self.tr("Issue the code"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setObjectName("issueCodeButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.issue_button.clicked.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()
        self.adjustSize()

    def issue(self) -> None:
        if self.code is not None:
            return
        actor = self.signed.actor
        name, kind = self.name_edit.text(), str(self.kind_combo.currentData())
        self.issue_button.setEnabled(False)

        def done(code: EnrolmentCode) -> None:
            self.code = code
            self.problems.clear_problems()
            self.name_edit.setEnabled(False)
            self.kind_combo.setEnabled(False)
            self.issue_button.setVisible(False)
            self.code_label.setText(code.code)
            self.code_label.setVisible(True)
            until = "—" if code.expires_ms is None else datetime.fromtimestamp(
                code.expires_ms / 1000).strftime("%d.%m.%Y %H:%M")
            self.validity_label.setText(self.tr(
                "The code is valid until %1 and only once. When the new computer has sent "
                "its request, it appears in the list: press «Accept requests» (the "
                "administration's synchronisation accepts it too).").replace("%1", until))
            self.validity_label.setVisible(True)
            self.adjustSize()
            self.issued.emit(code)

        def failed(exc: BaseException) -> None:
            self.issue_button.setEnabled(True)
            self.problems.show_error(exc)

        DbOp(lambda s: comp.issue_code(s, actor, name, kind)).success(done).failure(
            failed).parent(self).run()


class ComputersPanel(QWidget):
    """The list and its buttons. :attr:`changed` asks the window to read again."""

    changed = Signal()

    def __init__(self, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signed = signed
        self.view: comp.ComputersView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = RecordList(self)
        self.list.setObjectName("computerList")
        self.list.configure([
            Column(self.tr("Computer"), lambda r: r.name, width=160),
            Column(self.tr("Kind"), lambda r: kind_title(r.kind)),
            Column(self.tr("Connected"), lambda r: _when(r.enrolled_at),
                   sort=lambda r: r.enrolled_at),
            Column(self.tr("Last seen on the share"), _last_seen,
                   sort=lambda r: r.last_seen_at),
            Column(self.tr("State"), state_title),
        ], editable=False)
        self.enrol_button = QPushButton(self.tr("Connect a computer…"), self)
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_button.setProperty("accent", True)
        self.approve_button = QPushButton(self.tr("Accept requests"), self)
        self.approve_button.setObjectName("approveButton")
        self.cancel_code_button = QPushButton(self.tr("Cancel the code"), self)
        self.cancel_code_button.setObjectName("cancelCodeButton")
        self.revoke_button = QPushButton(self.tr("Revoke…"), self)
        self.revoke_button.setObjectName("revokeButton")
        for button in (self.enrol_button, self.approve_button, self.cancel_code_button,
                       self.revoke_button):
            self.list.add_action_button(button)
        self.enrol_button.clicked.connect(self.enrol)
        self.approve_button.clicked.connect(self.approve)
        self.cancel_code_button.clicked.connect(self.cancel_code)
        self.revoke_button.clicked.connect(self.revoke)
        self.list.selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.list)
        self.code_dialog: EnrolCodeDialog | None = None
        self._selection_changed()

    def show_view(self, view: comp.ComputersView) -> None:
        self.view = view
        self.list.set_rows(view.rows)
        for button in (self.enrol_button, self.approve_button, self.cancel_code_button):
            button.setVisible(view.can_enrol)
        self.revoke_button.setVisible(view.can_enrol)
        self._selection_changed()

    def _selected(self) -> comp.ComputerRow | None:
        rows = self.list.selected()
        return rows[0] if len(rows) == 1 else None

    def _selection_changed(self) -> None:
        row = self._selected()
        self.cancel_code_button.setEnabled(row is not None and row.code is not None)
        self.revoke_button.setEnabled(
            row is not None and row.device_id is not None and row.state == comp.ACTIVE
            and not row.this_computer)

    # --- actions ------------------------------------------------------------------------

    def enrol(self) -> None:
        dialog = EnrolCodeDialog(self.signed, self)
        dialog.issued.connect(lambda _code: self.changed.emit())
        self.code_dialog = dialog
        dialog.open()

    def approve(self) -> None:
        def done(names: list[str]) -> None:
            self.changed.emit()
            if names:
                messages.info(self, self.tr("Connected: %1. They load the school now and "
                                            "can be signed in to with the school's logins.")
                              .replace("%1", ", ".join(names)))
            else:
                messages.info(self, self.tr(
                    "No request with a valid code is waiting. A request made with a wrong "
                    "or expired code was answered: that computer says so."))

        WorkerTask(lambda w: comp.approve_and_publish(w.current())).success(
            done).parent(self).busy(self.tr("Accepting requests…")).run()

    def cancel_code(self) -> None:
        row = self._selected()
        if row is None or row.code is None:
            return
        actor, code = self.signed.actor, row.code
        DbOp(lambda s: comp.cancel_code(s, actor, code)).success(
            lambda _: self.changed.emit()).parent(self).run()

    def revoke(self) -> None:
        row = self._selected()
        if row is None or row.device_id is None:
            return
        text = self.tr(
            "Revoke the computer «%1»?\n\nIts new changes will be refused on every "
            "computer, and the school key will be replaced: the other computers get the "
            "new key with their next synchronisation, the revoked computer does not, so "
            "it reads nothing published from now on. What it sent before (up to change "
            "no. %2) stays. Do this for a stolen, broken or re-imaged computer; to use it "
            "again, connect it anew with a new code."
        ).replace("%1", row.name).replace("%2", str(row.applied))
        if not messages.confirm(self, text):
            return
        signed, device_id = self.signed, row.device_id

        def done(_: None) -> None:
            self.changed.emit()
            messages.info(self, self.tr("The computer «%1» is revoked; the school key has "
                                        "been replaced.").replace("%1", row.name))

        DbOp(lambda s: comp.revoke_computer(s, signed.actor, signed.paths.root, device_id)
             ).success(done).parent(self).busy(self.tr("Revoking…")).run()
