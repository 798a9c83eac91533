"""A student's card: parents (add, link an existing one for a brother or sister,
edit, unlink) with their consents, and the history of classes and groups."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.errors import ValidationError
from database.queries.guardians import ClassGuardian, GuardianChoice, guardian_choices
from database.queries.people_lists import (
    EnrolmentLine,
    MembershipLine,
    StudentCard,
    StudentRow,
    student_card,
)
from database.services.people import add_guardian, link_guardian, unlink_guardian, update_guardian
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.people.consents import ConsentsPanel
from desktop_app.people.list_page import iso_day, ru_day
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.staff import gender_choices
from desktop_app.people.table import Column, SnapshotModel, fit_columns
from desktop_app.worker import DbOp

RELATIONS = ("мать", "отец", "бабушка", "дедушка", "опекун", "попечитель")


def _table(model: SnapshotModel[Any], parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    fit_columns(view, model.columns)
    return view


class StudentCardWindow(QWidget):
    changed = Signal()

    def __init__(self, signed: SignedIn, row: StudentRow, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(app_icon())
        self.signed = signed
        self.student = row
        self.today = today
        self.card: StudentCard | None = None
        self.last_dialog: RecordDialog | None = None
        self.setWindowTitle(row.full_name)
        layout = QVBoxLayout(self)
        title = QLabel(row.full_name + (f" — {row.class_title}" if row.class_title else ""),
                       self)
        title.setObjectName("titleLabel")
        layout.addWidget(title)
        tabs = QTabWidget(self)
        self.tabs = tabs
        layout.addWidget(tabs, 1)

        actor = signed.actor
        self.panel = ConsentsPanel(signed, today, None, show_student=False, parent=tabs)
        self.panel.reloader = self.refresh
        for name, text, action in (
            ("addGuardianButton", self.tr("&Add parent…"), self.add_guardian),
            ("linkGuardianButton", self.tr("&Link a parent already entered…"), self.link),
            ("editGuardianButton", self.tr("&Edit parent…"), self.edit_guardian),
            ("unlinkGuardianButton", self.tr("&Unlink"), self.unlink),
        ):
            button = QPushButton(text, self.panel)
            button.setObjectName(name)
            button.clicked.connect(action)
            self.panel.buttons.insertWidget(self.panel.buttons.count() - 1, button)
        tabs.addTab(self.panel, self.tr("Parents and consents"))

        self.enrolments: SnapshotModel[EnrolmentLine] = SnapshotModel(
            [
                Column(self.tr("Class"), lambda e: e.class_title, width=70),
                Column(self.tr("From"), lambda e: ru_day(e.start_date),
                       sort=lambda e: iso_day(e.start_date), width=90),
                Column(self.tr("Order"), lambda e: e.start_order, width=170),
                Column(self.tr("To"), lambda e: ru_day(e.end_date),
                       sort=lambda e: iso_day(e.end_date), width=90),
                Column(self.tr("Order"), lambda e: e.end_order, width=170),
                Column(self.tr("Reason"), lambda e: e.end_reason),
            ],
            row_id=lambda e: e.id, parent=self,
        )
        tabs.addTab(_table(self.enrolments, tabs), self.tr("Classes"))
        self.groups: SnapshotModel[MembershipLine] = SnapshotModel(
            [
                Column(self.tr("Group"), lambda g: g.group_name, width=220),
                Column(self.tr("Class"), lambda g: g.class_title, width=70),
                Column(self.tr("From"), lambda g: ru_day(g.start_date),
                       sort=lambda g: iso_day(g.start_date), width=90),
                Column(self.tr("To"), lambda g: ru_day(g.end_date),
                       sort=lambda g: iso_day(g.end_date)),
            ],
            row_id=lambda g: uuid.uuid5(g.group_id, iso_day(g.start_date)), parent=self,
        )
        tabs.addTab(_table(self.groups, tabs), self.tr("Groups"))
        close = QPushButton(self.tr("&Close"), self)
        close.clicked.connect(self.close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(900, 480)
        self._actor = actor
        self.refresh(changed=False)

    def refresh(self, select: uuid.UUID | None = None, *, changed: bool = True) -> None:
        actor, student_id = self._actor, self.student.id
        DbOp(lambda s: student_card(s, actor, student_id)).success(
            lambda card: self._show(card, select)).parent(self).read_for(self).run()
        if changed:
            self.changed.emit()

    def _show(self, card: StudentCard, select: uuid.UUID | None) -> None:
        self.card = card
        self.panel.show_items(
            [ClassGuardian(self.student.id, self.student.full_name, g) for g in card.guardians],
            select)
        self.enrolments.set_rows(card.enrolments)
        self.groups.set_rows(card.groups)

    # --- parents --------------------------------------------------------------------------

    def _guardian_dialog(self, title: str) -> RecordDialog:
        dialog = RecordDialog(title, self)
        dialog.line("surname", self.tr("Surname:"))
        dialog.line("name", self.tr("Name:"))
        dialog.line("patronymic", self.tr("Patronymic:"))
        dialog.combo("gender", self.tr("Gender:"), gender_choices())
        dialog.line("phone", self.tr("Phone:"), placeholder="+7 900 000-00-00")
        return dialog

    def add_guardian(self) -> None:
        actor, student_id = self._actor, self.student.id
        dialog = self._guardian_dialog(self.tr("New parent of %1").replace(
            "%1", self.student.full_name))
        dialog.line("relation", self.tr("Relation:"), completions=RELATIONS)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            def run(s: Session) -> Any:
                info = add_guardian(s, actor, v["surname"], v["name"], v["patronymic"],
                                    gender=v["gender"], phone=v["phone"])
                link_guardian(s, actor, student_id, info.id, v["relation"])
                return info

            return run

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.last_dialog = dialog
        dialog.open()

    def link(self) -> None:
        actor, student_id = self._actor, self.student.id

        def shown(people: list[GuardianChoice]) -> None:
            dialog = RecordDialog(self.tr("Link a parent to %1").replace(
                "%1", self.student.full_name), self, hint=self.tr(
                "For brothers and sisters: the parent is entered once and linked to each "
                "child. Start typing the surname."))
            by_text = {p.text: p.id for p in people}
            dialog.line("parent", self.tr("Parent:"), completions=list(by_text))
            dialog.line("relation", self.tr("Relation:"), completions=RELATIONS)

            def build(v: dict[str, Any]) -> Callable[[Session], Any]:
                guardian_id = by_text.get(v["parent"].strip())
                if guardian_id is None:
                    raise ValidationError("Выберите родителя из списка (начните вводить фамилию).")
                return lambda s: link_guardian(s, actor, student_id, guardian_id, v["relation"])

            dialog.submit(build, lambda info: self.refresh(select=info.guardian_id))
            self.last_dialog = dialog
            dialog.open()

        DbOp(lambda s: guardian_choices(s, actor)).success(shown).parent(self).run()

    def edit_guardian(self) -> None:
        row = self.panel.current()
        if row is None or self.card is None:
            return
        guardian = next(g for g in self.card.guardians if g.id == row.id)
        actor = self._actor
        dialog = self._guardian_dialog(guardian.full_name)
        values = {"surname": guardian.surname, "name": guardian.name,
                  "patronymic": guardian.patronymic, "phone": guardian.phone}
        for key, value in values.items():
            field = dialog.fields[key]
            field.setText(value)  # type: ignore[attr-defined]
        gender = dialog.fields["gender"]
        gender.setCurrentIndex(max(gender.findText(dict(  # type: ignore[attr-defined]
            (code, text) for text, code in gender_choices()).get(guardian.gender, "—")), 0))

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: update_guardian(s, actor, guardian.id, surname=v["surname"],
                                             name=v["name"], patronymic=v["patronymic"],
                                             gender=v["gender"], phone=v["phone"])

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.last_dialog = dialog
        dialog.open()

    def unlink(self) -> None:
        row = self.panel.current()
        if row is None or not messages.confirm(self, self.tr(
            "Unlink %1 from %2? The parent will no longer see this student's diary.").replace(
                "%1", row.guardian_name).replace("%2", self.student.full_name)):
            return
        actor, student_id = self._actor, self.student.id
        DbOp(lambda s: unlink_guardian(s, actor, student_id, row.id)).success(
            lambda _: self.refresh()).parent(self).run()
