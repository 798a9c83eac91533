"""«Учётные записи пакетом»: accounts for everyone of a class, a grade or the whole
school who has none yet — students, parents, staff — with logins suggested by
transliteration (unique), one-time passwords, and the login slips printed in the
same step.

The batch runs on the database worker with a progress dialog that can cancel it
(nothing is created then). The passwords live only in this screen's memory until
the window closes, so slips that could not be saved can be printed again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QProgressDialog, QPushButton, QWidget
from sqlalchemy.orm import Session

from database.account_batch import BatchCancelled, IssuedAccount, issue_batch
from database.auth import SignedIn
from database.queries.account_list import AccountRow
from database.services.account_batch import (
    BatchScope,
    PlannedAccount,
    ScopeClass,
    plan_batch,
    scope_classes,
)
from desktop_app import accounts_window as accounts_module
from desktop_app import messages
from desktop_app.dialogs import role_title
from desktop_app.people.list_page import ListPage
from desktop_app.people.table import Column, SnapshotModel
from desktop_app.reports.login_slips import build_login_slips
from desktop_app.worker import Task


@dataclass(frozen=True)
class BatchPlan:
    scope: BatchScope
    planned: list[PlannedAccount]
    classes: list[ScopeClass]


@dataclass(frozen=True)
class BatchResult:
    issued: list[IssuedAccount]
    slips: Path | None
    slips_error: str


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (a queued signal)."""

    progressed = Signal(int, int)


def slip_rows(issued: list[IssuedAccount]) -> list[AccountRow]:
    return [
        AccountRow(
            account_id=i.account_id, login=i.planned.login, role=i.planned.role,
            status="created", person_name=i.planned.name, person_kind=i.planned.kind,
            group=i.planned.group, grade_order=i.planned.grade_order, detail=i.planned.detail,
            must_change_password=True, last_login_at=None, locked_until=None,
        )
        for i in issued
    ]


def build_slips(signed: SignedIn, issued: list[IssuedAccount], path: Path, today: date) -> Path:
    passwords = {i.account_id: i.password for i in issued}
    return build_login_slips(
        path, school_name=signed.school_name,
        sheets=accounts_module.slip_sheets(slip_rows(issued), passwords), issued_on=today,
        min_length=signed.settings.password_min_length,
    )


class AccountBatchPage(ListPage[PlannedAccount]):
    def __init__(self, signed: SignedIn, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(signed, today, parent)
        self.plan: BatchPlan | None = None
        self.passwords: dict[str, str] = {}  # login → one-time password (this window only)
        self.issued: list[IssuedAccount] = []
        self.last_slips: Path | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._cancel: threading.Event | None = None
        self.set_hint(self.tr(
            "Accounts for everyone who has none yet. Choose whom, check the suggested logins, "
            "then create the accounts: one-time passwords are issued and the login slips "
            "(a sheet per class) are saved as a PDF to print and hand out."))
        self.set_model(SnapshotModel(
            [
                Column(self.tr("Person"), lambda p: p.name, width=250),
                Column(self.tr("Role"), lambda p: role_title(p.role.value), width=100),
                Column(self.tr("Class"), lambda p: p.group,
                       sort=lambda p: f"{p.grade_order[0]:02d}{p.grade_order[1]}", width=70),
                Column(self.tr("Details"), lambda p: p.detail, width=220),
                Column(self.tr("Login"), lambda p: p.login, width=160),
                Column(self.tr("One-time password"), lambda p: self.passwords.get(p.login, "")),
            ],
            row_id=lambda p: p.person_id, parent=self,
        ), sort_column=2)
        self.ui.historyButton.setVisible(False)
        self.ui.searchEdit.setPlaceholderText(self.tr("Search by name or login"))
        combo = self.ui.filterCombo
        combo.setVisible(True)
        combo.setObjectName("scopeCombo")
        self.students_check = QCheckBox(self.tr("students"), self)
        self.parents_check = QCheckBox(self.tr("parents"), self)
        self.staff_check = QCheckBox(self.tr("staff"), self)
        for box in (self.staff_check, self.parents_check, self.students_check):
            box.setChecked(True)
            box.toggled.connect(lambda *_: self.refresh())
            self.ui.filterLayout.insertWidget(2, box)
        combo.currentIndexChanged.connect(lambda *_: self._scope_changed())
        self.create_button = self.add_button(
            "createBatchButton", self.tr("&Create accounts and print slips…"), self.create_accounts,
            accent=True)
        self.reprint_button: QPushButton = self.add_button(
            "reprintSlipsButton", self.tr("Save the slips &again…"), self.reprint,
            enabled=lambda _: bool(self.issued))

    # --- the plan -------------------------------------------------------------------------

    def scope(self) -> BatchScope:
        kind, _, value = str(self.ui.filterCombo.currentData() or "all:").partition(":")
        whole = kind == "all"
        return BatchScope(
            class_id=uuid.UUID(value) if kind == "class" else None,
            grade=int(value) if kind == "grade" else None,
            students=self.students_check.isChecked(), parents=self.parents_check.isChecked(),
            staff=whole and self.staff_check.isChecked(),
        )

    def _scope_changed(self) -> None:
        self.staff_check.setEnabled(str(self.ui.filterCombo.currentData()).startswith("all"))
        self.refresh()

    def load(self, session: Session) -> BatchPlan:
        scope, today = self.scope(), self.today()
        return BatchPlan(scope, plan_batch(session, self.actor, scope, today),
                         scope_classes(session, self.actor))

    def show_data(self, data: BatchPlan) -> None:
        self.plan = data
        combo = self.ui.filterCombo
        if combo.count() == 0:
            combo.blockSignals(True)
            combo.addItem(self.tr("Whole school"), "all:")
            for grade in sorted({c.grade for c in data.classes}):
                combo.addItem(self.tr("Grade %1 (all classes)").replace("%1", str(grade)),
                              f"grade:{grade}")
            for c in data.classes:
                combo.addItem(self.tr("Class %1").replace("%1", c.title), f"class:{c.id}")
            combo.blockSignals(False)
        self.model.set_rows(data.planned)
        count = len(data.planned)
        self.create_button.setEnabled(count > 0)
        self.create_button.setText(
            self.tr("&Create %1 accounts and print slips…").replace("%1", str(count))
            if count else self.tr("Everyone here has an account"))

    def set_scope(self, data: str) -> None:
        """Choose the scope by its key ("all:", "grade:5", "class:<id>")."""
        self.ui.filterCombo.setCurrentIndex(self.ui.filterCombo.findData(data))

    # --- creating -------------------------------------------------------------------------

    def create_accounts(self) -> None:
        plan = self.plan
        if plan is None or not plan.planned or self.loading:
            return
        planned = list(plan.planned)
        path = accounts_module.ask_slips_path(self, str(Path.home() / "login-slips.pdf"))
        if path is None:
            return
        signed, today = self.signed, self.today()
        cancel = threading.Event()
        self._cancel = cancel
        progress = _Progress(self)
        dialog = QProgressDialog(
            self.tr("Creating accounts and writing their keys…"), self.tr("Cancel"), 0,
            len(planned), self)
        dialog.setObjectName("batchProgress")
        dialog.setWindowTitle(self.tr("Accounts"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(cancel.set)
        progress.progressed.connect(lambda done, total: dialog.setValue(done))
        self.progress_dialog = dialog
        dialog.show()

        def run() -> BatchResult:
            issued = issue_batch(signed, planned, cancelled=cancel,
                                 progress=lambda done, total: progress.progressed.emit(
                                     done, total))
            try:
                return BatchResult(issued, build_slips(signed, issued, path, today), "")
            except OSError as exc:
                return BatchResult(issued, None, str(exc))

        def finished() -> None:
            dialog.canceled.disconnect()
            dialog.close()
            self.progress_dialog = None
            self._cancel = None

        def done(result: BatchResult) -> None:
            finished()
            self.issued = [*self.issued, *result.issued]
            self.passwords.update({i.planned.login: i.password for i in result.issued})
            self.model.set_rows(plan.planned)  # shows the passwords issued
            self.reprint_button.setEnabled(True)
            if result.slips is not None:
                self.last_slips = result.slips
                accounts_module.open_file(result.slips)
            else:
                messages.warning(self, self.tr(
                    "%1 accounts were created, but the slips could not be saved (%2). Their "
                    "passwords are in the table: save the slips again to another place before "
                    "closing this window.").replace("%1", str(len(result.issued))).replace(
                        "%2", result.slips_error))
            self.create_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, BatchCancelled):
                messages.info(self, exc.message)
            else:
                messages.show_error(self, exc)
            self.refresh()

        Task(run).success(done).failure(failed).parent(self).busy(
            self.tr("Creating accounts…")).run()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def reprint(self) -> None:
        if not self.issued:
            return
        path = accounts_module.ask_slips_path(self, str(Path.home() / "login-slips.pdf"))
        if path is None:
            return
        signed, issued, today = self.signed, list(self.issued), self.today()

        def done(out: Path) -> None:
            self.last_slips = out
            accounts_module.open_file(out)

        Task(lambda: build_slips(signed, issued, path, today)).success(done).parent(self).busy(
            self.tr("Preparing login slips…")).run()

    def forget_passwords(self) -> None:
        """The window closes: one-time passwords leave memory."""
        self.passwords.clear()
        self.issued = []

