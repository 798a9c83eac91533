"""The side panel of the selected lesson: topic (the next planned topic of the
calendar-thematic plan suggested first), homework, work type, control work,
«lesson conducted», the substitution; adding, moving and cancelling lessons."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from database.queries.journal import JournalLesson
from database.queries.journal_choices import StaffChoice
from database.queries.plans import PlanTopicInfo
from database.validation import MAX_LESSON_NUMBER

from .model import missing_text


@dataclass(frozen=True)
class LessonChanges:
    lesson_id: uuid.UUID
    topic: str
    plan_topic_id: uuid.UUID | None
    homework: str
    work_type: str
    control_work: bool
    conducted: bool
    substitute_id: uuid.UUID | None
    substitution_reason: str
    substitution_changed: bool


class LessonPanel(QWidget):
    saveRequested = Signal(object)  # LessonChanges
    addRequested = Signal(object, int)  # date, lesson number
    moveRequested = Signal(object, object, int)  # lesson id, date, lesson number
    cancelRequested = Signal(object, bool)  # lesson id, cancel (False: restore)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.setMinimumWidth(300)
        self.lesson: JournalLesson | None = None
        self.plan: tuple[PlanTopicInfo, ...] = ()
        self.next_topic: PlanTopicInfo | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("lessonTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.status = QLabel(self)
        self.status.setObjectName("lessonStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        self.topic = QComboBox(self)
        self.topic.setObjectName("topicEdit")
        self.topic.setEditable(True)
        self.topic.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.topic.currentIndexChanged.connect(self._topic_chosen)
        form.addRow(self.tr("Topic"), self.topic)
        self.homework = QPlainTextEdit(self)
        self.homework.setObjectName("homeworkEdit")
        self.homework.setMaximumHeight(70)
        form.addRow(self.tr("Homework"), self.homework)
        self.work_type = QComboBox(self)
        self.work_type.setObjectName("workTypeEdit")
        form.addRow(self.tr("Work type"), self.work_type)
        self.control_work = QCheckBox(self.tr("Control work"), self)
        self.control_work.setObjectName("controlWorkCheck")
        form.addRow("", self.control_work)
        self.conducted = QCheckBox(self.tr("Lesson conducted"), self)
        self.conducted.setObjectName("conductedCheck")
        form.addRow("", self.conducted)
        self.substitute = QComboBox(self)
        self.substitute.setObjectName("substituteEdit")
        form.addRow(self.tr("Substituted by"), self.substitute)
        self.substitution_reason = QLineEdit(self)
        self.substitution_reason.setObjectName("substitutionReasonEdit")
        self.substitution_reason.setPlaceholderText(self.tr("for example, teacher's illness"))
        form.addRow(self.tr("Reason"), self.substitution_reason)
        layout.addLayout(form)
        self.save_button = QPushButton(self.tr("Save lesson"), self)
        self.save_button.setObjectName("saveLessonButton")
        self.save_button.clicked.connect(self._save)
        layout.addWidget(self.save_button)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add lesson…"), self)
        self.move_button = QPushButton(self.tr("Move…"), self)
        self.cancel_button = QPushButton(self.tr("Cancel lesson…"), self)
        for button in (self.add_button, self.move_button, self.cancel_button):
            row.addWidget(button)
        self.add_button.clicked.connect(self._add)
        self.move_button.clicked.connect(self._move)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addLayout(row)
        layout.addStretch(1)
        self._initial_substitute: uuid.UUID | None = None
        self._initial_reason = ""
        self.set_lesson(None, editable=False, keeps=False)

    def set_work_types(self, work_types: list[str]) -> None:
        self.work_type.clear()
        self.work_type.addItems(["", *work_types])

    def set_choices(self, staff: tuple[StaffChoice, ...], plan: tuple[PlanTopicInfo, ...],
                    next_topic: PlanTopicInfo | None) -> None:
        """The substitutes and the plan (read after the grid is shown)."""
        self.substitute.clear()
        # Item data is never None: PySide6 6.12 drops a reference to None whenever a
        # None crosses a QVariant, and Python 3.11 aborts after enough of them.
        self.substitute.addItem("—", "")
        for person in staff:
            self.substitute.addItem(person.short_name, str(person.id))
        self.plan = plan
        self.next_topic = next_topic

    def set_lesson(self, lesson: JournalLesson | None, *, editable: bool, keeps: bool) -> None:
        self.lesson = lesson
        for widget in (self.topic, self.homework, self.work_type, self.control_work,
                       self.conducted, self.save_button):
            widget.setEnabled(lesson is not None and editable and not lesson.cancelled)
        self.substitute.setEnabled(lesson is not None and keeps and not lesson.cancelled)
        self.substitution_reason.setEnabled(self.substitute.isEnabled())
        self.add_button.setEnabled(keeps)
        self.move_button.setEnabled(lesson is not None and keeps)
        self.cancel_button.setEnabled(lesson is not None and keeps)
        if lesson is None:
            self.title.setText(self.tr("Choose a lesson in the journal."))
            self.status.setText("")
            self.topic.clear()
            self.homework.setPlainText("")
            return
        title = self.tr("Lesson %1, %2").replace("%1", str(lesson.lesson_number)).replace(
            "%2", f"{lesson.date:%d.%m.%Y}")
        if lesson.cancelled:
            title += " — " + self.tr("cancelled")
        self.title.setText(title)
        self._show_notes(lesson)
        self.cancel_button.setText(self.tr("Restore lesson") if lesson.cancelled
                                   else self.tr("Cancel lesson…"))
        self.cancel_button.setEnabled(keeps)
        # Topic: the lesson's own, or the next planned topic first.
        self.topic.blockSignals(True)
        self.topic.clear()
        ordered = list(self.plan)
        if self.next_topic is not None:
            ordered.sort(key=lambda t: (t.id != self.next_topic.id  # type: ignore[union-attr]
                                        , t.position))
        for planned in ordered:
            self.topic.addItem(planned.topic, str(planned.id))
        if lesson.topic:
            self.topic.setEditText(lesson.topic)
        elif ordered and editable:
            self.topic.setCurrentIndex(0)  # the suggestion, saved only on «Save»
        else:
            self.topic.setEditText("")
        self.topic.blockSignals(False)
        line = self.topic.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # the beginning of a long topic, not its end
        self.homework.setPlainText(lesson.homework)
        self.work_type.setCurrentText(lesson.work_type)
        # A control work planned in the КТП comes with its suggested topic.
        suggested = ordered[0] if ordered and editable and not lesson.topic else None
        self.control_work.setChecked(lesson.control_work or (
            suggested is not None and suggested.control_work))
        self.conducted.setChecked(lesson.conducted)
        index = self.substitute.findData(str(lesson.substitute_teacher_id or ""))
        self.substitute.setCurrentIndex(max(0, index))
        self.substitution_reason.setText(lesson.substitution_reason)
        self._initial_substitute = lesson.substitute_teacher_id
        self._initial_reason = lesson.substitution_reason

    def _show_notes(self, lesson: JournalLesson) -> None:
        notes = [missing_text(lesson)] if lesson.missing and not lesson.cancelled else []
        if lesson.homework_late:
            notes.append(self.tr("Homework was entered late."))
        if lesson.entries_late:
            notes.append(self.tr("Some marks or attendance were entered late."))
        self.status.setText("\n".join(n for n in notes if n))

    def lesson_updated(self, lesson: JournalLesson) -> None:
        """The shown lesson's signs changed (cells saved): the notes follow, and what
        the user is typing into the panel stays."""
        if self.lesson is not None and self.lesson.id == lesson.id:
            self.lesson = lesson
            self._show_notes(lesson)

    def _topic_chosen(self, index: int) -> None:
        planned = self._planned(index)
        if planned is not None:
            self.topic.setEditText(planned.topic)
            if planned.homework and not self.homework.toPlainText().strip():
                self.homework.setPlainText(planned.homework)
            self.control_work.setChecked(planned.control_work)

    def _planned(self, index: int) -> PlanTopicInfo | None:
        if not 0 <= index < self.topic.count():
            return None
        plan_id = str(self.topic.itemData(index))
        return next((t for t in self.plan if str(t.id) == plan_id), None)

    def _save(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        text = self.topic.currentText().strip()
        planned = self._planned(self.topic.currentIndex())
        if planned is None or planned.topic != text:
            planned = next((t for t in self.plan if t.topic == text), None)
        plan_id = planned.id if planned is not None else None
        if plan_id is None and text == lesson.topic:
            plan_id = lesson.plan_topic_id
        chosen = str(self.substitute.currentData() or "") if self.substitute.count() else ""
        substitute_id = uuid.UUID(chosen) if chosen else None
        reason = self.substitution_reason.text().strip()
        self.saveRequested.emit(LessonChanges(
            lesson_id=lesson.id,
            topic=text,
            plan_topic_id=plan_id,
            homework=self.homework.toPlainText().strip(),
            work_type=self.work_type.currentText(),
            control_work=self.control_work.isChecked(),
            conducted=self.conducted.isChecked(),
            substitute_id=substitute_id,
            substitution_reason=reason,
            substitution_changed=(substitute_id != self._initial_substitute
                                  or (substitute_id is not None
                                      and reason != self._initial_reason)),
        ))

    def _ask_slot(self, title: str, day: date, number: int) -> tuple[date, int] | None:
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        form = QFormLayout(dialog)
        date_edit = QDateEdit(QDate(day.year, day.month, day.day), dialog)
        date_edit.setCalendarPopup(True)
        number_edit = QSpinBox(dialog)
        number_edit.setRange(1, MAX_LESSON_NUMBER)  # what the services accept
        number_edit.setValue(number)
        form.addRow(self.tr("Date"), date_edit)
        form.addRow(self.tr("Lesson number"), number_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return date_edit.date().toPython(), number_edit.value()  # type: ignore[return-value]

    def _add(self) -> None:
        base = self.lesson.date if self.lesson is not None else date.today()
        slot = self._ask_slot(self.tr("Add a lesson"), base, 1)
        if slot is not None:
            self.addRequested.emit(slot[0], slot[1])

    def _move(self) -> None:
        if self.lesson is None:
            return
        slot = self._ask_slot(self.tr("Move the lesson"), self.lesson.date,
                              self.lesson.lesson_number)
        if slot is not None:
            self.moveRequested.emit(self.lesson.id, slot[0], slot[1])

    def _cancel(self) -> None:
        if self.lesson is not None:
            self.cancelRequested.emit(self.lesson.id, not self.lesson.cancelled)
