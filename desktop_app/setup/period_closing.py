"""Closing a study period (administration): first what the period still misses,
journal by journal (:func:`database.queries.period_closing.period_closing_check`,
read on the worker when the dialog opens), then — confirmed once more if anything is
missing — :func:`database.services.school.close_period` with the reason typed.

A journal's row opens that journal (:attr:`PeriodCloseDialog.journalRequested`);
the school-year window passes it to the main window.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from database.actor import Actor
from database.queries.academic_years import StudyPeriodInfo
from database.queries.period_closing import (
    JournalGaps,
    MissingLesson,
    PeriodCheck,
    period_closing_check,
)
from database.services.school import close_period
from desktop_app import messages
from desktop_app.setup.date_range import ru_date
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.setup.school_year import grades_text
from desktop_app.setup.service_dialog import ServiceDialog
from desktop_app.worker import DbOp

JournalRole = Qt.ItemDataRole.UserRole + 1


class PeriodCloseDialog(ServiceDialog):
    journalRequested = Signal(object)  # the assignment id

    def __init__(self, actor: Actor, period: StudyPeriodInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PeriodCloseDialog")
        self.setWindowTitle(self.tr("Close the period «%1»").replace("%1", period.name))
        self.period = period
        self.check: PeriodCheck | None = None
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("%1, grades %2: %3 – %4").replace("%1", period.name)
                         .replace("%2", grades_text(period.grade_from, period.grade_to))
                         .replace("%3", ru_date(period.start_date))
                         .replace("%4", ru_date(period.end_date)), self)
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        self.status_label = QLabel(self.tr("Checking the journals…"), self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("gapsTree")
        self.tree.setHeaderLabels([self.tr("Journal"), self.tr("Teacher"),
                                   self.tr("What is missing")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setToolTip(self.tr("Double-click a journal to open it."))
        self.tree.itemActivated.connect(self._open_journal)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.tree, 1)
        layout.addWidget(QLabel(self.tr("Reason (goes to the change log, optional):"), self))
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setMaxLength(500)
        layout.addWidget(self.reason_edit)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Close the period"))
        ok.setEnabled(False)
        layout.addWidget(self.buttons)
        self.connect_form(self.buttons, self.problems)
        period_id = period.id
        self.write = lambda s, reason: close_period(s, actor, period_id, reason=reason)
        DbOp(lambda s: period_closing_check(s, actor, period_id)).success(self._show).failure(
            self._failed).parent(self).run()

    # --- the check ----------------------------------------------------------------------

    def _show(self, check: PeriodCheck) -> None:
        self.check = check
        self.tree.clear()
        day = ru_date(check.last_day)
        if check.complete:
            self.status_label.setText(self.tr(
                "Checked up to %1: nothing is missing — every journal has its period marks, "
                "and every lesson held has its topic and attendance.").replace("%1", day))
        else:
            self.status_label.setText(self.tr(
                "Checked up to %1. Something is missing in %2 journal(s):")
                .replace("%1", day).replace("%2", str(len(check.journals))))
        for journal in check.journals:
            self.tree.addTopLevelItem(self._journal_item(journal))
        if len(check.journals) <= 5:  # a few journals: their details at a glance
            self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _journal_item(self, journal: JournalGaps) -> QTreeWidgetItem:
        item = QTreeWidgetItem([journal.journal_title, journal.teacher, journal.summary])
        item.setData(0, JournalRole, journal.assignment_id)
        if journal.without_mark:
            child = QTreeWidgetItem([self.tr("No period mark"), "",
                                     ", ".join(journal.without_mark)])
            child.setToolTip(2, "\n".join(journal.without_mark))
            item.addChild(child)
        for lesson in journal.lessons:
            item.addChild(QTreeWidgetItem([
                self.tr("%1, lesson %2").replace("%1", ru_date(lesson.date))
                .replace("%2", str(lesson.lesson_number)), "", self._lesson_text(lesson)]))
        for number in range(item.childCount()):
            child_item = item.child(number)
            if child_item is not None:
                child_item.setData(0, JournalRole, journal.assignment_id)
        return item

    def _lesson_text(self, lesson: MissingLesson) -> str:
        parts = []
        if lesson.no_topic:
            parts.append(self.tr("no topic"))
        if lesson.no_attendance:
            parts.append(self.tr("no attendance"))
        return ", ".join(parts)

    def _failed(self, exc: BaseException) -> None:
        self.status_label.setText(self.tr("The journals could not be checked."))
        self.problems.show_error(exc)

    def _open_journal(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        assignment_id = item.data(0, JournalRole)
        if isinstance(assignment_id, uuid.UUID):
            self.journalRequested.emit(assignment_id)

    # --- closing ------------------------------------------------------------------------

    def values(self) -> Any:
        return self.reason_edit.text().strip() or None

    def submit(self) -> None:
        if self.check is None:
            return
        if not self.check.complete and not messages.confirm(self, self.tr(
                "Something is missing in %1 journal(s). Close the period «%2» anyway? "
                "Its marks can then be changed only as corrections.")
                .replace("%1", str(len(self.check.journals))).replace("%2", self.period.name)):
            return
        super().submit()

