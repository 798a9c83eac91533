"""«Нагрузка»: who teaches what to whom in the current year — class or group ×
subject × teacher × hours a week — with each teacher's total beside it. Every
assignment is a journal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.errors import ValidationError
from database.queries.people_lists import (
    AssignmentRow,
    ClassRow,
    StaffRow,
    SubjectRow,
    YearRef,
    assignment_rows,
    class_rows,
    staff_rows,
    subject_rows,
    teacher_totals,
    year_ref,
)
from database.services.subjects import assign_teaching, remove_assignment, update_assignment
from desktop_app import messages
from desktop_app.people.list_page import ListPage
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.staff import hours_text
from desktop_app.people.table import Column, SnapshotModel
from desktop_app.worker import DbOp


@dataclass(frozen=True)
class AssignmentsData:
    year: YearRef | None
    assignments: list[AssignmentRow]
    classes: list[ClassRow]
    subjects: list[SubjectRow]
    staff: list[StaffRow]


class AssignmentsPage(ListPage[AssignmentRow]):
    history_table = "teaching_assignment"

    def __init__(self, signed: SignedIn, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(signed, today, parent)
        self.data: AssignmentsData | None = None
        self.set_model(SnapshotModel(
            [
                Column(self.tr("Class"), lambda r: r.class_title,
                       sort=lambda r: f"{r.grade_order[0]:02d}{r.grade_order[1]}", width=70),
                Column(self.tr("Group"), lambda r: r.group_name or self.tr("whole class"),
                       width=170),
                Column(self.tr("Subject"), lambda r: r.subject_name, width=220),
                Column(self.tr("Teacher"), lambda r: r.teacher_name, width=170),
                Column(self.tr("Hours a week"), lambda r: hours_text(r.hours_per_week),
                       sort=lambda r: r.hours_per_week, right=True),
            ],
            row_id=lambda r: r.id, parent=self,
        ))
        self.ui.searchEdit.setPlaceholderText(self.tr("Search by class, subject or teacher"))
        one = lambda rows: len(rows) == 1  # noqa: E731
        self.add_button("addAssignmentButton", self.tr("&Add…"), self.add, accent=True)
        self.add_button("editAssignmentButton", self.tr("&Teacher or hours…"), self.edit,
                        enabled=one)
        self.add_button("removeAssignmentButton", self.tr("&Remove"), self.remove, enabled=one)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Load per teacher"), side))
        totals = QTableWidget(0, 3, side)
        totals.setObjectName("totalsTable")
        totals.setHorizontalHeaderLabels(
            [self.tr("Teacher"), self.tr("Hours"), self.tr("Journals")])
        totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        totals.verticalHeader().setVisible(False)
        totals.verticalHeader().setDefaultSectionSize(24)
        totals.setAlternatingRowColors(True)
        totals.setColumnWidth(0, 160)
        totals.setColumnWidth(1, 55)
        totals.horizontalHeader().setStretchLastSection(True)
        totals.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setFixedWidth(310)
        self.totals = totals
        side_layout.addWidget(totals)
        self.ui.bodyLayout.insertWidget(1, side)
        self.ui.bodyLayout.setStretch(0, 1)

    def load(self, session: Session) -> AssignmentsData:
        actor, today = self.actor, self.today()
        return AssignmentsData(year_ref(session), assignment_rows(session, actor),
                               class_rows(session, actor, today), subject_rows(session, actor),
                               staff_rows(session, actor))

    def show_data(self, data: AssignmentsData) -> None:
        self.data = data
        self.model.set_rows(data.assignments)
        totals = teacher_totals(data.assignments)
        self.totals.setRowCount(len(totals))
        for r, (name, hours, count) in enumerate(totals):
            for c, text in enumerate((name, hours_text(hours), str(count))):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.totals.setItem(r, c, item)
        self.set_hint(self.tr(
            "The teaching load of the %1 school year. Each line is a journal: its teacher "
            "keeps it.").replace("%1", data.year.name) if data.year else self.tr(
            "There is no school year yet: create it first."))

    def _teachers(self, current: Any = None) -> list[tuple[str, Any]]:
        assert self.data is not None
        return [(s.full_name + (f" — {s.position}" if s.position else ""), s.id)
                for s in self.data.staff if s.active or s.id == current]

    def add(self) -> None:
        data = self.data
        if data is None or data.year is None or not data.classes:
            messages.info(self, self.tr("Add the school year and its classes first."))
            return
        if not data.subjects:
            messages.info(self, self.tr("Add the subjects first."))
            return
        actor, year_id = self.actor, data.year.id
        dialog = RecordDialog(self.tr("New teaching assignment"), self)
        classes = dialog.combo("class_id", self.tr("Class:"),
                               [(c.title, c.id) for c in data.classes])
        groups = dialog.combo("group_id", self.tr("Group:"), [])

        def fill_groups() -> None:
            groups.clear()
            groups.addItem(self.tr("— the whole class —"), None)
            chosen = next((c for c in data.classes if c.id == classes.currentData()), None)
            for group in chosen.groups if chosen else ():
                groups.addItem(group.name, group.id)

        classes.currentIndexChanged.connect(fill_groups)
        fill_groups()
        dialog.combo("subject_id", self.tr("Subject:"), [(s.name, s.id) for s in data.subjects])
        dialog.combo("teacher_id", self.tr("Teacher:"), self._teachers())
        dialog.number("hours", self.tr("Hours a week:"), 2, minimum=0.5, maximum=10, step=0.5,
                      decimals=1)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            if v["teacher_id"] is None:
                raise ValidationError("Выберите учителя (сначала добавьте сотрудников).")
            return lambda s: assign_teaching(s, actor, year_id, v["class_id"], v["subject_id"],
                                             v["teacher_id"], v["hours"], group_id=v["group_id"])

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def edit(self) -> None:
        row = self.current()
        if row is None or self.data is None:
            return
        actor = self.actor
        dialog = RecordDialog(f"{row.class_title} {row.group_name} — {row.subject_name}", self,
                              hint=self.tr("Giving the journal to another teacher keeps its "
                                           "lessons and marks."))
        dialog.combo("teacher_id", self.tr("Teacher:"), self._teachers(row.teacher_id),
                     row.teacher_id)
        dialog.number("hours", self.tr("Hours a week:"), row.hours_per_week, minimum=0.5,
                      maximum=10, step=0.5, decimals=1)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: update_assignment(s, actor, row.id, teacher_id=v["teacher_id"],
                                               hours_per_week=v["hours"])

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def remove(self) -> None:
        row = self.current()
        if row is None or not messages.confirm(self, self.tr(
            "Remove the assignment %1 — %2 (%3)? Its timetable entries and plan are removed "
            "too; an assignment with lessons cannot be removed.").replace(
                "%1", row.class_title).replace("%2", row.subject_name).replace(
                "%3", row.teacher_name)):
            return
        actor = self.actor
        DbOp(lambda s: remove_assignment(s, actor, row.id)).success(
            lambda _: self.refresh()).parent(self).run()
