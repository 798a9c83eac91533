"""The timetable screen's dialogs: one lesson of a class's week (what, which group,
which room, from which date) with the clash check asked live as the fields change,
and copying a day or a week. OK writes through the services and brings the future lessons in
line in the same transaction; a refusal stays in the dialog."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget
from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import ValidationError
from database.queries.timetable_week import TimetableWeek, WeekEntry
from database.services import timetable as svc
from database.services.timetable_copy import copy_timetable_week
from desktop_app.people.record_dialog import RecordDialog, from_qdate
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.setup.timetable_grid import weekday_name
from desktop_app.worker import DbOp

NEW = "new"


def first_day_of_change(week: TimetableWeek, today: date) -> date:
    """A change starts today by default (or at the year's start, before it)."""
    return min(max(today, week.year_start), week.year_end)


class LessonDialog(RecordDialog):
    """One slot (weekday, lesson number) of one class. With several entries there
    (groups), ``entry`` picks the one edited; «another lesson here» adds one."""

    def __init__(
        self, actor: Actor, week: TimetableWeek, class_id: uuid.UUID, weekday: int,
        lesson_number: int, entries: list[WeekEntry], today: date,
        parent: QWidget | None = None, *, done: Callable[[Any], None] | None = None,
    ) -> None:
        title = QCoreApplication.translate("LessonDialog", "%1, lesson %2")
        title = title.replace("%1", weekday_name(weekday)).replace("%2", str(lesson_number))
        hint = QCoreApplication.translate(
            "LessonDialog",
            "The change starts on the date given: the lessons before it stay as they were, "
            "the future lessons of the journal follow the new timetable.")
        super().__init__(title, parent, hint=hint)
        self.actor, self.week, self.class_id = actor, week, class_id
        self.weekday, self.lesson_number = weekday, lesson_number
        self.entries = {entry.id: entry for entry in entries}
        self.entry_box: QComboBox | None = None
        if entries:
            items: list[tuple[str, Any]] = [
                (week.assignments[e.assignment_id].title, e.id) for e in entries]
            items.append((self.tr("Another lesson here (another group)"), NEW))
            self.entry_box = self.combo("entry", self.tr("Lesson"), items, entries[0].id)
        assignments: list[tuple[str, Any]] = [(self.tr("— no lesson —"), None)]
        assignments += [(a.title, a.id) for a in week.class_assignments(class_id)]
        self.assignment_box = self.combo("assignment", self.tr("Subject and teacher"),
                                         assignments)
        # Long «subject · teacher (group)» items must not squeeze the labels.
        for box in (self.entry_box, self.assignment_box):
            if box is not None:
                box.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                box.setMinimumContentsLength(28)
        self.room_edit: QLineEdit = self.line("room", self.tr("Room"), completions=week.rooms)
        self.from_edit: QDateEdit = self.date(
            "valid_from", self.tr("Valid from"), first_day_of_change(week, today))
        self.setMinimumWidth(560)
        self.clashes = ProblemLabel(self)
        self.clashes.setObjectName("clashLabel")
        # Under the form, not in it: a wrapping row squeezes the form's labels.
        self.ui.mainLayout.insertWidget(2, self.clashes)
        self._asked = 0
        self._entry_chosen()
        if self.entry_box is not None:
            self.entry_box.currentIndexChanged.connect(lambda _: self._entry_chosen())
        self.assignment_box.currentIndexChanged.connect(lambda _: self.check_clashes())
        self.room_edit.textChanged.connect(lambda _: self.check_clashes())
        self.from_edit.dateChanged.connect(lambda _: self.check_clashes())
        self.submit(self._write_for, done)

    def _entry(self) -> WeekEntry | None:
        if self.entry_box is None:
            return None
        data = self.entry_box.currentData()
        return self.entries.get(data) if isinstance(data, uuid.UUID) else None

    def _entry_chosen(self) -> None:
        entry = self._entry()
        wanted = entry.assignment_id if entry is not None else None
        for index in range(self.assignment_box.count()):
            if self.assignment_box.itemData(index) == wanted:
                self.assignment_box.setCurrentIndex(index)
                break
        self.room_edit.setText(entry.room if entry is not None else "")
        self.check_clashes()

    def check_clashes(self) -> None:
        """Ask the services' clash check on the worker; only the latest answer shows."""
        assignment_id = self.assignment_box.currentData()
        if not isinstance(assignment_id, uuid.UUID):
            self.clashes.clear_problems()
            return
        self._asked += 1
        asked = self._asked
        entry = self._entry()
        weekday, number = self.weekday, self.lesson_number
        room, start = self.room_edit.text(), from_qdate(self.from_edit.date())
        end = entry.valid_to if entry is not None else None

        def show(clashes: list[str]) -> None:
            if asked == self._asked:
                self.clashes.show_problems(clashes)
                self.adjustSize()  # room for the explanation's lines

        DbOp(lambda s: svc.find_clashes(
            s, assignment_id, weekday, number, start, end, room=room,
            entry_id=entry.id if entry is not None else None,
        )).success(show).failure(self.clashes.show_error).read_for(self).run()

    def _write_for(self, values: dict[str, Any]) -> Callable[[Session], Any]:
        actor, class_id = self.actor, self.class_id
        weekday, number = self.weekday, self.lesson_number
        entry = self._entry()
        assignment_id = values["assignment"]
        room, start = values["room"], values["valid_from"]
        if entry is None and assignment_id is None:
            raise ValidationError(self.tr("Choose the subject and teacher of the lesson."))

        def write(session: Session) -> Any:
            if entry is not None and assignment_id is None:
                svc.stop_timetable_entry(session, actor, entry.id, start)
            elif entry is not None:
                svc.change_timetable_entry(session, actor, entry.id, start,
                                           assignment_id=assignment_id, room=room)
            else:
                svc.add_timetable_entry(session, actor, assignment_id, weekday, number, start,
                                        room=room)
            session.flush()
            return svc.refresh_future_lessons(session, actor, [class_id])

        return write


class CopyDayDialog(RecordDialog):
    def __init__(self, actor: Actor, week: TimetableWeek, class_id: uuid.UUID, weekday: int,
                 today: date, parent: QWidget | None = None, *,
                 done: Callable[[Any], None] | None = None) -> None:
        hint = QCoreApplication.translate(
            "CopyDayDialog",
            "The lessons of one day are copied to another from the date given; that "
            "day's own lessons stop then.")
        super().__init__(QCoreApplication.translate("CopyDayDialog", "Copy a day"), parent,
                         hint=hint)
        days = [(weekday_name(day), day) for day in range(1, 7)]
        self.combo("source", self.tr("Copy"), days, weekday)
        self.combo("target", self.tr("To"), days, 6 if weekday == 5 else min(weekday + 1, 6))
        self.date("valid_from", self.tr("Valid from"), first_day_of_change(week, today))

        def build(values: dict[str, Any]) -> Callable[[Session], Any]:
            def write(session: Session) -> Any:
                svc.copy_timetable_day(session, actor, class_id, values["source"],
                                       values["target"], values["valid_from"])
                session.flush()
                return svc.refresh_future_lessons(session, actor, [class_id])

            return write

        self.submit(build, done)


class CopyWeekDialog(RecordDialog):
    """The class's week from a date is the week in force on another day — its own
    (back to the usual week after a temporary one) or a parallel class's."""

    def __init__(self, actor: Actor, week: TimetableWeek, class_id: uuid.UUID, today: date,
                 parent: QWidget | None = None, *,
                 done: Callable[[Any], None] | None = None) -> None:
        hint = QCoreApplication.translate(
            "CopyWeekDialog",
            "From the date given the class has the lessons of the week copied, at the same "
            "days and numbers; its own lessons from then stop. Another class's week takes "
            "this class's teachers of the same subjects and its own room.")
        super().__init__(QCoreApplication.translate("CopyWeekDialog", "Copy a week"), parent,
                         hint=hint)
        classes = self.combo("source_class", self.tr("Week of the class"), list(
            (title, cid) for cid, title in week.classes), class_id)
        classes.setMinimumContentsLength(12)
        self.date("source_day", self.tr("As on"), week.day)
        self.date("valid_from", self.tr("Valid from"), first_day_of_change(week, today))
        self.setMinimumWidth(520)

        def build(values: dict[str, Any]) -> Callable[[Session], Any]:
            def write(session: Session) -> Any:
                copy_timetable_week(session, actor, class_id, values["source_day"],
                                        values["valid_from"],
                                        source_class_id=values["source_class"])
                session.flush()
                return svc.refresh_future_lessons(session, actor, [class_id])

            return write

        self.submit(build, done)
