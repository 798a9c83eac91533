"""Parents' consents (152-ФЗ): a table of parents with the state of their consent and
buttons to register one (date and the paper's reference) or withdraw it.

:class:`ConsentsPanel` is shared by the student card (administration) and by
:class:`ClassConsentsWindow`, which a class teacher opens from «Мой класс»: parents
are told to bring the signed paper to the class teacher, and until it is registered
their diary stays closed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.queries.guardians import ClassGuardian, class_guardians
from database.services.people import register_consent, withdraw_consent
from desktop_app.dialogs import app_icon
from desktop_app.people.list_page import iso_day, ru_day
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.table import Column, SnapshotFilter, SnapshotModel, fit_columns
from desktop_app.worker import DbOp

CONSENT_KIND = "personal_data"


@dataclass(frozen=True)
class ConsentRow:
    """One parent of one student, as the panel shows it."""

    id: uuid.UUID  # the guardian
    student_name: str
    guardian_name: str
    relation: str
    phone: str
    login: str
    consent_state: str
    consent_ref: str
    open_consent_id: uuid.UUID | None
    since: date | None


def consent_rows(items: list[ClassGuardian], today: date) -> list[ConsentRow]:
    rows = []
    for item in items:
        g = item.guardian
        now = g.consent_on(today)
        open_ = g.open_consent()
        if now is not None:
            state = QCoreApplication.translate("People", "given %1").replace(
                "%1", ru_day(now.granted_on)
            )
        elif open_ is not None:
            state = QCoreApplication.translate("People", "from %1").replace(
                "%1", ru_day(open_.granted_on)
            )
        elif g.consents:
            state = QCoreApplication.translate("People", "withdrawn %1").replace(
                "%1", ru_day(g.consents[0].withdrawn_on)
            )
        else:
            state = QCoreApplication.translate("People", "none — the diary is closed")
        shown = open_ or now
        rows.append(
            ConsentRow(
                g.id,
                item.student_name,
                g.full_name,
                g.relation,
                g.phone,
                g.login,
                state,
                shown.document_ref if shown is not None else "",
                open_.id if open_ else None,
                open_.granted_on if open_ else None,
            )
        )
    return rows


class ConsentsPanel(QWidget):
    """The table and the two consent buttons; ``load`` (given by the owner, run on the
    worker) returns the :class:`ClassGuardian` items to show."""

    def __init__(
        self,
        signed: SignedIn,
        today: Callable[[], date],
        load: Callable[[Session], list[ClassGuardian]] | None,
        *,
        show_student: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.signed = signed
        self.today = today
        self._load = load
        self.reloader: Callable[[uuid.UUID | None], None] | None = None
        self.loaded = False
        self.last_dialog: RecordDialog | None = None
        self.model: SnapshotModel[ConsentRow] = SnapshotModel(
            (
                [Column(self.tr("Student"), lambda r: r.student_name, width=220)]
                if show_student
                else []
            )
            + [
                Column(self.tr("Parent"), lambda r: r.guardian_name, width=240),
                Column(self.tr("Relation"), lambda r: r.relation, width=80),
                Column(self.tr("Phone"), lambda r: r.phone, width=130),
                Column(
                    self.tr("Consent"),
                    lambda r: r.consent_state,
                    width=190,
                    sort=lambda r: iso_day(r.since),
                ),
                Column(self.tr("Document"), lambda r: r.consent_ref),
            ],
            row_id=lambda r: r.id,
            muted=lambda r: r.open_consent_id is None,
            parent=self,
        )
        self.proxy = SnapshotFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        view = QTableView(self)
        view.setObjectName("consentsView")
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default is descending
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fit_columns(view, self.model.columns)
        self.view = view
        layout.addWidget(view, 1)
        buttons = QHBoxLayout()
        self.register_button = QPushButton(self.tr("&Register consent…"), self)
        self.register_button.setObjectName("registerConsentButton")
        self.register_button.setProperty("accent", True)
        self.register_button.clicked.connect(self.register)
        self.withdraw_button = QPushButton(self.tr("&Withdraw consent…"), self)
        self.withdraw_button.setObjectName("withdrawConsentButton")
        self.withdraw_button.clicked.connect(self.withdraw)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        self.buttons = buttons
        layout.addLayout(buttons)
        view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def refresh(self, select: uuid.UUID | None = None) -> None:
        """Read again (after a change); an owner that reads more than the parents sets
        :attr:`reloader` to do its own read and call :meth:`show_items`."""
        if self.reloader is not None or self._load is None:
            if self.reloader is not None:
                self.reloader(select)
            return
        DbOp(self._load).success(lambda items: self.show_items(items, select)).parent(
            self
        ).read_for(self).run()

    def show_items(self, items: list[ClassGuardian], select: uuid.UUID | None = None) -> None:
        self.model.set_rows(consent_rows(items, self.today()))
        self.loaded = True
        if select is not None:
            self.select_guardian(select)
        self._enable()

    def current(self) -> ConsentRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()] if rows else None

    def select_guardian(self, guardian_id: uuid.UUID) -> None:
        source = self.model.row_of(guardian_id)
        if source >= 0:
            self.view.selectRow(self.proxy.mapFromSource(self.model.index(source, 0)).row())

    def _enable(self) -> None:
        row = self.current()
        self.register_button.setEnabled(row is not None and row.open_consent_id is None)
        self.withdraw_button.setEnabled(row is not None and row.open_consent_id is not None)

    def register(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.signed.actor
        dialog = RecordDialog(
            self.tr("Consent of %1").replace("%1", row.guardian_name),
            self,
            hint=self.tr(
                "The parent's signed consent to the processing of personal data (152-ФЗ). From "
                "this date the parent can read the diary."
            ),
        )
        dialog.date("granted_on", self.tr("Signed on:"), self.today())
        dialog.line(
            "document_ref",
            self.tr("Document:"),
            placeholder=self.tr("e.g. «Заявление № 12 от 02.09.2026»"),
        )
        guardian_id = row.id

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: register_consent(
                s, actor, guardian_id, CONSENT_KIND, v["granted_on"], v["document_ref"]
            )

        dialog.submit(build, lambda _: self.refresh(select=guardian_id))
        self.last_dialog = dialog
        dialog.open()

    def withdraw(self) -> None:
        row = self.current()
        if row is None or row.open_consent_id is None:
            return
        actor = self.signed.actor
        dialog = RecordDialog(
            self.tr("Withdraw consent of %1").replace("%1", row.guardian_name),
            self,
            hint=self.tr(
                "From this date the diary is closed to the parent. The record of the consent stays."
            ),
        )
        dialog.date("withdrawn_on", self.tr("Withdrawn on:"), self.today())
        consent_id, guardian_id = row.open_consent_id, row.id

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: withdraw_consent(s, actor, consent_id, v["withdrawn_on"])

        dialog.submit(build, lambda _: self.refresh(select=guardian_id))
        self.last_dialog = dialog
        dialog.open()


class ClassConsentsWindow(QWidget):
    """A class teacher's window: the parents of the class and their consents."""

    def __init__(
        self,
        signed: SignedIn,
        class_id: uuid.UUID,
        class_title: str,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(app_icon())
        self.class_id = class_id
        self.setWindowTitle(self.tr("Parents' consents — %1").replace("%1", class_title))
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Parents of class %1. Register the consent a parent has signed, with the "
                "paper's reference: the parent's diary opens from that date."
            ).replace("%1", class_title),
            self,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        actor = signed.actor
        self.panel = ConsentsPanel(
            signed, today, lambda s: class_guardians(s, actor, class_id, today()), parent=self
        )
        layout.addWidget(self.panel, 1)
        close = QPushButton(self.tr("&Close"), self)
        close.clicked.connect(self.close)
        self.panel.buttons.addWidget(close)
        self.resize(1000, 560)
        self.panel.refresh()


def open_class_consents(
    parent: QWidget,
    signed: SignedIn,
    class_id: uuid.UUID,
    class_title: str,
    today: Callable[[], date],
) -> ClassConsentsWindow:
    """Open (or raise) the consents window of a class."""
    for window in parent.findChildren(ClassConsentsWindow):
        if window.class_id == class_id:
            window.show()
            window.raise_()
            return window
    window = ClassConsentsWindow(signed, class_id, class_title, today, parent)
    window.show()
    return window
