"""«Классы и группы»: the classes of the current school year with their class
teachers, and under them the groups of the selected class (a class split for
languages, informatics, technology) with who is in which group."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.errors import ValidationError
from database.queries.people_lists import (
    ClassGroups,
    ClassRow,
    GroupRow,
    StaffRow,
    YearRef,
    class_groups,
    class_rows,
    staff_rows,
    year_ref,
)
from database.services.classes import (
    add_group_member,
    create_class,
    create_group,
    remove_group_member,
    rename_group,
    update_class,
)
from desktop_app.people.list_page import ListPage, choices
from desktop_app.people.record_dialog import RecordDialog, from_qdate, to_qdate
from desktop_app.people.table import Column, SnapshotModel
from desktop_app.worker import DbOp


@dataclass(frozen=True)
class ClassesData:
    year: YearRef | None
    classes: list[ClassRow]
    staff: list[StaffRow]


class GroupMembersDialog(QDialog):
    """Who is in which group of one class: a tick per student and group. Moving a
    student from one group to another is two ticks; the change takes effect on the
    chosen day (the old group ends the day before)."""

    def __init__(self, title: str, data: ClassGroups, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.data = data
        self.error: str = ""
        from PySide6.QtWidgets import QDateEdit

        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Tick the groups each student is in. Changes take effect from "
                              "the date below."), self)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        table = QTableWidget(len(data.students), len(data.groups), self)
        table.setObjectName("membersTable")
        table.setHorizontalHeaderLabels([name for _, name in data.groups])
        table.setVerticalHeaderLabels([name for _, name in data.students])
        for r, (student_id, _) in enumerate(data.students):
            for c, (group_id, _) in enumerate(data.groups):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if (group_id, student_id) in data.members
                                   else Qt.CheckState.Unchecked)
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setAlternatingRowColors(True)
        self.table = table
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("From:"), self))
        self.date_edit = QDateEdit(to_qdate(today), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        row.addWidget(self.date_edit)
        row.addStretch(1)
        layout.addLayout(row)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(min(1100, 300 + 220 * len(data.groups)), 600)
        self.run_save: Callable[[list[tuple[uuid.UUID, uuid.UUID, bool]], date], None] | None = (
            None)

    def set_checked(self, student_id: uuid.UUID, group_id: uuid.UUID, checked: bool) -> None:
        r = [s for s, _ in self.data.students].index(student_id)
        c = [g for g, _ in self.data.groups].index(group_id)
        item = self.table.item(r, c)
        assert item is not None
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def changes(self) -> list[tuple[uuid.UUID, uuid.UUID, bool]]:
        """(group, student, now in it) for every tick that differs from the start."""
        result = []
        for r, (student_id, _) in enumerate(self.data.students):
            for c, (group_id, _) in enumerate(self.data.groups):
                item = self.table.item(r, c)
                assert item is not None
                now = item.checkState() == Qt.CheckState.Checked
                if now != ((group_id, student_id) in self.data.members):
                    result.append((group_id, student_id, now))
        return result

    def show_error(self, text: str) -> None:
        self.error = text
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def save(self) -> None:
        if self.run_save is not None:
            self.run_save(self.changes(), from_qdate(self.date_edit.date()))


class ClassesPage(ListPage[ClassRow]):
    history_table = "school_class"

    def __init__(self, signed: SignedIn, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(signed, today, parent)
        self.year: YearRef | None = None
        self.staff: list[StaffRow] = []
        self.members_dialog: GroupMembersDialog | None = None
        self.set_model(SnapshotModel(
            [
                Column(self.tr("Class"), lambda r: r.title,
                       sort=lambda r: f"{r.grade:02d}{r.letter}", width=80),
                Column(self.tr("Class teacher"), lambda r: r.class_teacher, width=220),
                Column(self.tr("Room"), lambda r: r.room, width=80),
                Column(self.tr("Students"), lambda r: str(r.students), sort=lambda r: r.students,
                       right=True, width=90),
                Column(self.tr("Groups"), lambda r: ", ".join(g.name for g in r.groups)),
            ],
            row_id=lambda r: r.id, parent=self,
        ))
        self.ui.searchEdit.setPlaceholderText(self.tr("Search by class or class teacher"))
        self.add_button("addClassButton", self.tr("&Add class…"), self.add, accent=True)
        self.add_button("editClassButton", self.tr("&Edit…"), self.edit,
                        enabled=lambda rows: len(rows) == 1)
        self._build_groups()
        self.ui.tableView.selectionModel().selectionChanged.connect(lambda *_: self._show_groups())

    def _build_groups(self) -> None:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        self.groups_label = QLabel(self.tr("Groups of the selected class"), box)
        layout.addWidget(self.groups_label)
        self.groups_model: SnapshotModel[GroupRow] = SnapshotModel(
            [
                Column(self.tr("Group"), lambda g: g.name, width=260),
                Column(self.tr("Students now"), lambda g: str(g.members),
                       sort=lambda g: g.members, right=True),
            ],
            row_id=lambda g: g.id, parent=self,
        )
        view = QTableView(box)
        view.setObjectName("groupsView")
        view.setModel(self.groups_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.setColumnWidth(0, 260)
        view.setMaximumHeight(170)
        self.groups_view = view
        layout.addWidget(view)
        buttons = QHBoxLayout()
        self.add_group_button = QPushButton(self.tr("Add &group…"), box)
        self.add_group_button.setObjectName("addGroupButton")
        self.add_group_button.clicked.connect(self.add_group)
        self.rename_group_button = QPushButton(self.tr("&Rename group…"), box)
        self.rename_group_button.setObjectName("renameGroupButton")
        self.rename_group_button.clicked.connect(self.rename_group)
        self.members_button = QPushButton(self.tr("Students in &groups…"), box)
        self.members_button.setObjectName("groupMembersButton")
        self.members_button.clicked.connect(self.edit_members)
        for button in (self.add_group_button, self.rename_group_button, self.members_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.ui.viewsLayout.addWidget(box)
        self._show_groups()

    def load(self, session: Session) -> ClassesData:
        return ClassesData(year_ref(session), class_rows(session, self.actor, self.today()),
                           staff_rows(session, self.actor))

    def show_data(self, data: ClassesData) -> None:
        self.year, self.staff = data.year, data.staff
        self.model.set_rows(data.classes)
        if data.year is None:
            self.set_hint(self.tr(
                "There is no school year yet: create it first (school year and study periods), "
                "then add its classes here."))
        else:
            self.set_hint(self.tr(
                "Classes of the %1 school year. A class is a grade and a Russian letter "
                "(«5 «А»»); its groups are parts taught separately.").replace(
                    "%1", data.year.name))
        self._show_groups()

    def _show_groups(self) -> None:
        row = self.current()
        self.groups_model.set_rows(list(row.groups) if row else [])
        self.groups_label.setText(
            self.tr("Groups of %1").replace("%1", row.title) if row
            else self.tr("Select a class to see its groups."))
        self.add_group_button.setEnabled(row is not None)
        self.rename_group_button.setEnabled(row is not None and bool(row.groups))
        self.members_button.setEnabled(row is not None and bool(row.groups))

    def _teacher_items(self, current: uuid.UUID | None) -> list[tuple[str, Any]]:
        people = [(s.full_name, s.id) for s in self.staff if s.active or s.id == current]
        return choices(people, none=self.tr("— not appointed —"))

    def _dialog(self, title: str, row: ClassRow | None) -> RecordDialog:
        dialog = RecordDialog(title, self, hint=self.tr(
            "The letter is Russian: «А», «Б», … (a Latin «A» is refused, so the same class "
            "is never entered twice)."))
        dialog.number("grade", self.tr("Grade:"), row.grade if row else 1, minimum=1,
                      maximum=11)
        dialog.line("letter", self.tr("Letter:"), row.letter if row else "")
        dialog.combo("teacher", self.tr("Class teacher:"),
                     self._teacher_items(row.class_teacher_id if row else None),
                     row.class_teacher_id if row else None)
        dialog.line("room", self.tr("Room:"), row.room if row else "")
        return dialog

    def add(self) -> None:
        year = self.year
        if year is None:
            from desktop_app import messages

            messages.info(self, self.tr("Create the school year first."))
            return
        actor = self.actor
        dialog = self._dialog(self.tr("New class"), None)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: create_class(s, actor, year.id, int(v["grade"]), v["letter"],
                                          class_teacher_id=v["teacher"], room=v["room"])

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = self._dialog(self.tr("Class %1").replace("%1", row.title), row)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: update_class(s, actor, row.id, grade=int(v["grade"]),
                                          letter=v["letter"], class_teacher_id=v["teacher"],
                                          room=v["room"])

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    # --- groups ---------------------------------------------------------------------------

    def current_group(self) -> GroupRow | None:
        rows = self.groups_view.selectionModel().selectedRows()
        return self.groups_model.rows[rows[0].row()] if rows else None

    def add_group(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = RecordDialog(self.tr("New group of %1").replace("%1", row.title), self)
        dialog.line("name", self.tr("Name:"), placeholder=self.tr("e.g. «Английский, 1 гр.»"))

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: create_group(s, actor, row.id, v["name"])

        dialog.submit(build, lambda _: self.refresh(select=row.id))
        self.open_dialog(dialog)

    def rename_group(self) -> None:
        row, group = self.current(), self.current_group()
        if row is None:
            return
        if group is None:
            if len(row.groups) != 1:
                from desktop_app import messages

                messages.info(self, self.tr("Select the group to rename."))
                return
            group = row.groups[0]
        actor = self.actor
        dialog = RecordDialog(self.tr("Rename group"), self)
        dialog.line("name", self.tr("Name:"), group.name)
        group_id = group.id

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: rename_group(s, actor, group_id, v["name"])

        dialog.submit(build, lambda _: self.refresh(select=row.id))
        self.open_dialog(dialog)

    def edit_members(self) -> None:
        row = self.current()
        if row is None:
            return
        actor, today = self.actor, self.today()

        def shown(data: ClassGroups) -> None:
            dialog = GroupMembersDialog(self.tr("Groups of %1").replace("%1", row.title), data,
                                        today, self)
            dialog.run_save = lambda changes, day: self._save_members(dialog, changes, day)
            self.members_dialog = dialog
            dialog.open()

        DbOp(lambda s: class_groups(s, actor, row.id, today)).success(shown).parent(self).run()

    def _save_members(self, dialog: GroupMembersDialog,
                      changes: list[tuple[uuid.UUID, uuid.UUID, bool]], day: date) -> None:
        row = self.current()
        if not changes:
            dialog.accept()
            return
        actor = self.actor

        def run(session: Session) -> None:
            # Leaving first, so a move between groups never overlaps.
            for group_id, student_id, now_in in sorted(changes, key=lambda c: c[2]):
                if now_in:
                    add_group_member(session, actor, group_id, student_id, day)
                else:
                    if day <= date.min:
                        raise ValidationError("Дата слишком ранняя.")
                    remove_group_member(session, actor, group_id, student_id,
                                        day - timedelta(days=1))

        def saved(_: None) -> None:
            dialog.accept()
            self.refresh(select=row.id if row else None)

        DbOp(run).success(saved).failure(
            lambda exc: dialog.show_error(_error_text(exc))).parent(dialog).run()


def _error_text(exc: BaseException) -> str:
    from desktop_app import messages

    return messages.error_text(exc)
