"""The calendar-thematic plan (КТП) editor of one journal, with the plan against the
fact: the ordered topics with their hours and homework, and on which lessons each
was given (:func:`database.queries.plan_fact.plan_against_fact`).

The table is edited in place (add, remove, move up and down; a file's plan or
another class's plan replaces the rows) and nothing is written until «Save», which
is one :func:`database.services.plans.set_plan` — so an import is all or nothing,
and a topic kept under its text keeps the lessons that took it. «Copy from…» is
:func:`database.services.plans.copy_plan`, written at once after a confirmation.

Teachers see their own journals in the journal box, the administration every
journal of the year. Opened from the journal page's «КТП…» and from the set-up
checklist's «КТП» step.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.imports.plan_file import read_plan_file
from database.queries.journal import JournalRef, list_journals
from database.queries.plan_fact import PlanFact, TopicFact, plan_against_fact, plan_for_print
from database.services.plans import PlanTopicInput, copy_plan, set_plan
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.worker import DbOp

TOPIC_ID = Qt.ItemDataRole.UserRole + 1
COLUMNS = 6  # topic, hours, homework, given on, planned on (the re-flow), control work
PLANNED_COLUMN = 4
CONTROL_COLUMN = 5


class PlanEditorWindow(QWidget):
    saved = Signal(object)  # the assignment id whose plan was written

    def __init__(self, actor: Actor, assignment_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("PlanEditorWindow")
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Calendar-thematic plan"))
        self.resize(980, 640)
        self.actor = actor
        self.wanted = assignment_id
        self.fact: PlanFact | None = None
        self.dirty = False
        self._filling = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Journal:"), self))
        self.journal_box = QComboBox(self)
        self.journal_box.setObjectName("journalBox")
        self.journal_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.journal_box.activated.connect(self._journal_chosen)
        top.addWidget(self.journal_box)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary_label = QLabel(self.tr("Reading the plan…"), self)
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("planTable")
        self.table.setHorizontalHeaderLabels([self.tr("Topic"), self.tr("Hours"),
                                              self.tr("Homework"), self.tr("Given on"),
                                              self.tr("Planned on"), self.tr("Test")])
        control_header = self.table.horizontalHeaderItem(CONTROL_COLUMN)
        if control_header is not None:
            control_header.setToolTip(self.tr("Control work"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 60), (2, 200), (3, 170), (PLANNED_COLUMN, 150),
                              (CONTROL_COLUMN, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self._edited)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, "addButton", self.tr("Add topic"), self.add_topic)
        self.remove_button = self._button(buttons, "removeButton", self.tr("Remove"),
                                          self.remove_topic)
        self.up_button = self._button(buttons, "upButton", self.tr("Up"),
                                      lambda: self.move_topic(-1))
        self.down_button = self._button(buttons, "downButton", self.tr("Down"),
                                        lambda: self.move_topic(1))
        buttons.addSpacing(16)
        self.import_button = self._button(buttons, "importButton", self.tr("Import…"),
                                          self.import_file)
        self.copy_button = self._button(buttons, "copyButton", self.tr("Copy from…"),
                                        self.copy_from)
        self.print_button = self._button(buttons, "printButton", self.tr("Print to PDF…"),
                                         self.print_plan)
        buttons.addStretch(1)
        self.save_button = self._button(buttons, "saveButton", self.tr("Save"), self.save)
        self.save_button.setProperty("accent", True)
        self._button(buttons, "closeButton", self.tr("Close"), self.close_asking)
        layout.addLayout(buttons)
        self._update_buttons()
        DbOp(lambda s: list_journals(s, actor)).success(self._show_journals).failure(
            self.problems.show_error).parent(self).run()

    def _button(self, layout: QHBoxLayout, name: str, text: str,
                slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        layout.addWidget(button)
        return button

    # --- reading ------------------------------------------------------------------------

    def _show_journals(self, journals: list[JournalRef]) -> None:
        editable = [j for j in journals if j.own or self.actor.role is Role.ADMIN]
        for journal in editable:
            # The id as text: a combo box finds plain strings, not Python objects.
            self.journal_box.addItem(f"{journal.title} — {journal.teacher_name}",
                                     str(journal.assignment_id))
        if not editable:
            self.summary_label.setText(self.tr("You keep no journals whose plan you may edit."))
            return
        index = self.find_journal(self.wanted) if self.wanted else 0
        self.journal_box.setCurrentIndex(max(index, 0))
        self.load()

    def find_journal(self, assignment_id: uuid.UUID) -> int:
        return self.journal_box.findData(str(assignment_id))

    @property
    def assignment_id(self) -> uuid.UUID | None:
        data = self.journal_box.currentData()
        return uuid.UUID(data) if isinstance(data, str) and data else None

    def _journal_chosen(self, _index: int) -> None:
        if self.fact is not None and self.assignment_id == self.fact.assignment_id:
            return
        if self.dirty and not messages.confirm(self, self.tr(
                "The plan has unsaved changes. Discard them?")):
            if self.fact is not None:
                self.journal_box.setCurrentIndex(self.find_journal(self.fact.assignment_id))
            return
        self.load()

    def load(self) -> None:
        actor, assignment_id = self.actor, self.assignment_id
        if assignment_id is None:
            return
        DbOp(lambda s: plan_against_fact(s, actor, assignment_id)).success(self._show).failure(
            self.problems.show_error).parent(self).run()

    def _show(self, fact: PlanFact) -> None:
        self.fact = fact
        self.problems.clear_problems()
        self._fill([(t.topic.id, t.topic.topic, t.topic.hours, t.topic.homework,
                     t.topic.control_work) for t in fact.topics])
        self.dirty = False
        self._show_summary()

    def _fill(self, rows: list[tuple[uuid.UUID | None, str, int, str, bool]]) -> None:
        self._filling = True
        self.table.setRowCount(0)
        for row in rows:
            self._insert_row(self.table.rowCount(), *row)
        self._filling = False
        self._update_buttons()

    def _insert_row(self, row: int, topic_id: uuid.UUID | None, topic: str, hours: int,
                    homework: str, control_work: bool) -> None:
        filling, self._filling = self._filling, True
        self.table.insertRow(row)
        topic_item = QTableWidgetItem(topic)
        topic_item.setData(TOPIC_ID, topic_id)
        self.table.setItem(row, 0, topic_item)
        hours_item = QTableWidgetItem()
        hours_item.setData(Qt.ItemDataRole.EditRole, hours)  # a spin box as its editor
        self.table.setItem(row, 1, hours_item)
        self.table.setItem(row, 2, QTableWidgetItem(homework))
        given = QTableWidgetItem(self._given_text(topic_id))
        given.setFlags(given.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 3, given)
        planned = QTableWidgetItem(self._planned_text(topic_id))
        planned.setFlags(planned.flags() & ~Qt.ItemFlag.ItemIsEditable)
        planned.setToolTip(self.tr(
            "The coming lessons the hours not given yet fall on; a cancelled or an extra "
            "lesson moves them."))
        self.table.setItem(row, PLANNED_COLUMN, planned)
        control = QTableWidgetItem(self.tr("Test") if control_work else "")
        control.setFlags((control.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                         & ~Qt.ItemFlag.ItemIsEditable)
        control.setCheckState(Qt.CheckState.Checked if control_work else Qt.CheckState.Unchecked)
        self.table.setItem(row, CONTROL_COLUMN, control)
        self._filling = filling

    def _fact_of(self, topic_id: uuid.UUID | None) -> TopicFact | None:
        if self.fact is None or topic_id is None:
            return None
        return next((t for t in self.fact.topics if t.topic.id == topic_id), None)

    def _given_text(self, topic_id: uuid.UUID | None) -> str:
        fact = self._fact_of(topic_id)
        if fact is None or not fact.given:
            return ""
        return ", ".join(
            f"{g.date:%d.%m}" + (self.tr(" (test)") if g.control_work else "") for g in fact.given)

    def _planned_text(self, topic_id: uuid.UUID | None) -> str:
        fact = self._fact_of(topic_id)
        if fact is None:
            return ""
        return ", ".join(f"{g.date:%d.%m}" for g in fact.planned)

    def _show_summary(self) -> None:
        fact = self.fact
        if fact is None:
            return
        hours = sum(self.rows_hours())
        text = (self.tr("%1: %2 topic(s), %3 hour(s) planned; %4 given. Lessons held: %5, "
                        "without a planned topic: %6.")
                .replace("%1", fact.title).replace("%2", str(self.table.rowCount()))
                .replace("%3", str(hours)).replace("%4", str(fact.given_hours))
                .replace("%5", str(fact.lessons_held))
                .replace("%6", str(fact.lessons_without_plan)))
        if fact.hours_not_fitting:
            text += " " + self.tr("%1 hour(s) of the plan do not fit in the lessons left this "
                                  "year.").replace("%1", str(fact.hours_not_fitting))
        if self.dirty:
            text += " " + self.tr("Not saved yet.")
        self.summary_label.setText(text)

    def rows_hours(self) -> list[int]:
        hours = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            value = item.data(Qt.ItemDataRole.EditRole) if item is not None else 1
            hours.append(value if isinstance(value, int) else 0)
        return hours

    # --- editing ------------------------------------------------------------------------

    def is_control_work(self, row: int) -> bool:
        item = self.table.item(row, CONTROL_COLUMN)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_control_work(self, row: int, control_work: bool) -> None:
        item = self.table.item(row, CONTROL_COLUMN)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if control_work else Qt.CheckState.Unchecked)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == CONTROL_COLUMN:
            # The mark's text follows its check box, so the column reads «К/Р».
            self._filling = True
            item.setText(self.tr("Test") if item.checkState() == Qt.CheckState.Checked else "")
            self._filling = False
        self._changed()

    def _changed(self) -> None:
        self.dirty = True
        self._show_summary()
        self._update_buttons()

    def _current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        row = self._current_row()
        has_journal = self.fact is not None
        for button in (self.add_button, self.import_button, self.copy_button,
                       self.print_button):
            button.setEnabled(has_journal)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.table.rowCount() - 1)
        self.save_button.setEnabled(has_journal and self.dirty)

    def add_topic(self) -> None:
        row = self._current_row()
        row = self.table.rowCount() if row < 0 else row + 1
        self._insert_row(row, None, "", 1, "", False)
        self.table.selectRow(row)
        self._changed()
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_topic(self) -> None:
        row = self._current_row()
        if row < 0:
            return
        item = self.table.item(row, 0)
        fact = self._fact_of(item.data(TOPIC_ID) if item is not None else None)
        if fact is not None and fact.given and not messages.confirm(self, self.tr(
                "The topic «%1» was given on %2 lesson(s); they keep their topic text. "
                "Remove it from the plan?").replace("%1", fact.topic.topic)
                .replace("%2", str(len(fact.given)))):
            return
        self.table.removeRow(row)
        self._changed()

    def move_topic(self, step: int) -> None:
        row = self._current_row()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self._filling = True
        items = [self.table.takeItem(row, c) for c in range(COLUMNS)]
        self.table.removeRow(row)
        self.table.insertRow(target)
        for column, item in enumerate(items):
            self.table.setItem(target, column, item)
        self._filling = False
        self.table.selectRow(target)
        self._changed()

    def topics(self) -> list[PlanTopicInput]:
        """The rows as the service takes them (it checks them: empty topics, hours)."""
        result = []
        for row, hours in enumerate(self.rows_hours()):
            topic, homework = self.table.item(row, 0), self.table.item(row, 2)
            result.append(PlanTopicInput(topic.text() if topic else "", hours,
                                         homework.text() if homework else "",
                                         self.is_control_work(row)))
        return result

    def _replace_rows(self, topics: list[PlanTopicInput]) -> None:
        self._fill([(None, t.topic, t.hours, t.homework, t.control_work) for t in topics])
        self._changed()

    # --- writing ------------------------------------------------------------------------

    def save(self) -> None:
        actor, assignment_id, topics = self.actor, self.assignment_id, self.topics()
        if assignment_id is None:
            return

        def run(session: Session) -> PlanFact:
            set_plan(session, actor, assignment_id, topics)
            return plan_against_fact(session, actor, assignment_id)

        self._write(run)

    def _write(self, run: Callable[[Session], PlanFact]) -> None:
        def done(fact: PlanFact) -> None:
            self._show(fact)
            self.saved.emit(fact.assignment_id)

        self.save_button.setEnabled(False)
        DbOp(run).success(done).failure(self._write_failed).parent(self).busy(
            self.tr("Saving…")).run()

    def _write_failed(self, exc: BaseException) -> None:
        self.problems.show_error(exc)
        self._update_buttons()

    def choose_pdf(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Print the plan"), suggested, self.tr("PDF (*.pdf)"))
        return Path(name) if name else None

    def print_plan(self) -> None:
        """The saved plan against the fact as a PDF (unsaved edits are not in it)."""
        fact, actor = self.fact, self.actor
        if fact is None:
            return
        stem = "КТП " + fact.title.replace("«", "").replace("»", "").replace(" · ", " ")
        path = self.choose_pdf(stem.replace(" ", "_") + ".pdf")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        assignment_id = fact.assignment_id
        saved_note = self.tr(" Unsaved changes are not in it.") if self.dirty else ""

        def build(session: Session) -> Path:
            from desktop_app.reports.plan_print import build_plan_pdf

            return build_plan_pdf(path, plan_for_print(session, actor, assignment_id))

        def built(written: Path) -> None:
            self.problems.clear_problems()
            self.summary_label.setText(
                self.tr("The plan is saved as %1.").replace("%1", str(written)) + saved_note)

        DbOp(build).success(built).failure(self.problems.show_error).parent(self).busy(
            self.tr("Printing the plan…")).run()

    def choose_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import the plan"), "",
            self.tr("Tables (*.xlsx *.csv);;All files (*)"))
        return Path(name) if name else None

    def import_file(self) -> None:
        path = self.choose_file()
        if path is None:
            return
        if self.table.rowCount() and not messages.confirm(self, self.tr(
                "Replace the %1 topic(s) in the table with the file's plan? Nothing is saved "
                "until «Save».").replace("%1", str(self.table.rowCount()))):
            return

        def read(_session: Session) -> list[PlanTopicInput]:
            return read_plan_file(path)

        def done(topics: list[PlanTopicInput]) -> None:
            self.problems.clear_problems()
            self._replace_rows(topics)

        DbOp(read).success(done).failure(self.problems.show_error).parent(self).busy(
            self.tr("Reading the file…")).run()

    def choose_source(self) -> uuid.UUID | None:
        assert self.fact is not None
        titles = [f"{s.title}: {s.topics}" for s in self.fact.sources]
        title, ok = QInputDialog.getItem(self, self.tr("Copy the plan"), self.tr(
            "The plan of which class?"), titles, 0, False)
        if not ok or title not in titles:
            return None
        return self.fact.sources[titles.index(title)].assignment_id

    def copy_from(self) -> None:
        if self.fact is None:
            return
        if not self.fact.sources:
            messages.info(self, self.tr(
                "No other class of this grade has a plan of this subject yet."))
            return
        source = self.choose_source()
        if source is None:
            return
        if (self.table.rowCount() or self.dirty) and not messages.confirm(self, self.tr(
                "The plan of this journal is replaced with the copy and saved. Continue?")):
            return
        actor, assignment_id = self.actor, self.fact.assignment_id

        def run(session: Session) -> PlanFact:
            copy_plan(session, actor, assignment_id, source)
            return plan_against_fact(session, actor, assignment_id)

        self._write(run)

    def close_asking(self) -> None:
        if self.dirty and not messages.confirm(self, self.tr(
                "The plan has unsaved changes. Close without saving?")):
            return
        self.dirty = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The user's own closing asks about unsaved rows; a lock or sign-out (a
        # programmatic close) closes at once — a locked screen keeps nothing open.
        if event.spontaneous() and self.dirty and not messages.confirm(self, self.tr(
                "The plan has unsaved changes. Close without saving?")):
            event.ignore()
            return
        event.accept()
