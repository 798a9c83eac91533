"""The timetable screen on the tiny demo: opened from the «Школа» page, a class's,
a teacher's and a room's week, the live clash check with the services'
explanation, a refused save kept in the dialog, and an edit from a date that
reaches the database and the future lessons."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from database.models import Lesson, TimetableEntry
from desktop_app.setup.timetable import TimetableWindow
from desktop_app.setup.timetable_dialogs import NEW, LessonDialog
from desktop_app.worker import DbOp
from tests.desktop_app.conftest import TODAY
from tests.desktop_app.setup_helpers import WAIT, signed_main


@pytest.fixture
def timetable(qtbot, make_controller) -> TimetableWindow:  # type: ignore[no-untyped-def]
    main = signed_main(qtbot, make_controller)
    page = main.ui.pageStack.widget(main.section_keys.index("school"))
    button = page.findChild(QPushButton, "open_timetable")
    assert button is not None
    button.click()
    window = main.setup_screens.windows["timetable"]
    assert isinstance(window, TimetableWindow)
    qtbot.waitUntil(lambda: window.week is not None, timeout=WAIT)
    return window


def _busy_cell(window: TimetableWindow) -> tuple[int, int]:
    """(row, column) of a cell of the class's week holding one whole-class lesson."""
    week = window.week
    assert week is not None
    for row in range(window.model.rowCount()):
        for column in range(window.model.columnCount()):
            entries = window.model.entries_at(window.model.index(row, column))
            if len(entries) == 1 and not week.assignments[entries[0].assignment_id].group:
                return row, column
    raise AssertionError("no lesson in the class's week")


def _dialog(qtbot, window: TimetableWindow, row: int, column: int) -> LessonDialog:  # type: ignore[no-untyped-def]
    dialog = window.edit_cell(window.model.index(row, column))
    assert isinstance(dialog, LessonDialog)
    qtbot.addWidget(dialog)
    return dialog


def _choose(box, data) -> None:  # type: ignore[no-untyped-def]
    for index in range(box.count()):
        if box.itemData(index) == data:
            box.setCurrentIndex(index)
            return
    raise AssertionError(f"{data!r} not offered")


def test_the_class_week_and_the_teachers_and_rooms(qtbot, timetable) -> None:  # type: ignore[no-untyped-def]
    window = timetable
    week = window.week
    assert window.ui.whoCombo.currentText() == week.classes[0][1]
    row, column = _busy_cell(window)
    [entry] = window.model.entries_at(window.model.index(row, column))
    assignment = week.assignments[entry.assignment_id]
    text = window.model.index(row, column).data()
    assert assignment.subject in text and assignment.teacher in text
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Понедельник"
    window.grab().save("/tmp/timetable_class.png")
    # The teacher's week holds the same lesson, named with its class.
    window.ui.viewCombo.setCurrentIndex(1)
    _choose(window.ui.whoCombo, assignment.teacher_id)
    assert assignment.class_title in window.model.index(row, column).data()
    if entry.room:
        window.ui.viewCombo.setCurrentIndex(2)
        _choose(window.ui.whoCombo, entry.room)
        assert entry.id in {e.id for e in window.model.entries_at(window.model.index(row,
                                                                                     column))}
    window.grab().save("/tmp/timetable_room.png")


def test_clashes_are_explained_live_and_refused(qtbot, timetable) -> None:  # type: ignore[no-untyped-def]
    window = timetable
    week = window.week
    row, column = _busy_cell(window)
    [entry] = window.model.entries_at(window.model.index(row, column))
    busy = week.assignments[entry.assignment_id]
    dialog = _dialog(qtbot, window, row, column)
    assert dialog.entry_box is not None
    _choose(dialog.entry_box, NEW)
    # The same teacher a second time at this slot: the teacher is busy.
    _choose(dialog.assignment_box, busy.id)
    qtbot.waitUntil(lambda: bool(dialog.clashes.problems), timeout=WAIT)
    assert "в это время уже ведёт урок" in dialog.clashes.text()
    assert busy.teacher in dialog.clashes.text()
    # Another whole-class lesson with another teacher: the class is busy.
    other = next(a for a in week.class_assignments(busy.class_id)
                 if not a.group and a.teacher_id != busy.teacher_id)
    _choose(dialog.assignment_box, other.id)
    qtbot.waitUntil(lambda: "у класса в это время уже стоит урок" in dialog.clashes.text(),
                    timeout=WAIT)
    dialog.grab().save("/tmp/timetable_clash.png")
    # OK is refused by the service with the same words; the dialog stays open.
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=WAIT)
    assert dialog.isVisible() and "у класса в это время уже стоит урок" in dialog.error_text()


def test_a_lesson_changed_from_a_date(qtbot, timetable) -> None:  # type: ignore[no-untyped-def]
    window = timetable
    row, column = _busy_cell(window)
    [entry] = window.model.entries_at(window.model.index(row, column))
    dialog = _dialog(qtbot, window, row, column)
    dialog.room_edit.setText("99")
    qtbot.waitUntil(lambda: not dialog.clashes.problems, timeout=WAIT)
    assert dialog.values()["valid_from"] == TODAY
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        dialog.save()
    qtbot.waitUntil(lambda: any(
        e.room == "99" for e in window.model.entries_at(window.model.index(row, column))),
        timeout=WAIT)
    assert "Сохранено" in window.ui.statusLabel.text()

    def read(session):  # type: ignore[no-untyped-def]
        old = session.get(TimetableEntry, entry.id)
        new = session.execute(select(TimetableEntry).where(
            TimetableEntry.room == "99")).scalar_one()
        future = [
            room for day, number, room in session.execute(
                select(Lesson.date, Lesson.lesson_number, Lesson.room).where(
                    Lesson.assignment_id == entry.assignment_id, Lesson.date > TODAY))
            if day.isoweekday() == entry.weekday and number == entry.lesson_number
        ]
        return old.valid_to, new.valid_from, future

    results: list[object] = []
    DbOp(read).success(results.append).run()
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT)
    valid_to, valid_from, future = results[0]  # type: ignore[misc]
    assert valid_to == date(2026, 11, 17) and valid_from == TODAY
    # The future lessons of the year were made from the new entry, in its room.
    assert future and set(future) == {"99"}
