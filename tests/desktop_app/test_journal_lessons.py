"""The lesson panel: topic suggested from the calendar-thematic plan, homework and
flags saved; lessons added, moved and cancelled; the F2 cell editor."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app import messages
from desktop_app.journal.delegate import CellEditor
from tests.desktop_app.journal_helpers import (
    MATH_TEACHER,
    TODAY,
    find_journal,
    journals,
    lesson_on,
    open_page,
    signed_in,
    wait_saved,
)


@pytest.fixture
def page(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    return open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))


def reloaded(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.editor.pending_saves == 0)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        pass


def test_topic_from_the_plan_homework_and_flags(qtbot, page):  # type: ignore[no-untyped-def]
    panel = page.panel
    page.view.go_to(0, lesson_on(page, TODAY))
    lesson = panel.lesson
    assert lesson is not None and lesson.date == TODAY
    choices = page.choices
    assert choices.plan  # the demo has a calendar-thematic plan
    assert choices.next_topic is not None  # today's lesson has no topic yet in the demo
    assert panel.topic.itemData(0) == str(choices.next_topic.id)  # suggested first
    panel.topic.setCurrentIndex(0)
    chosen = panel.topic.currentText()
    panel.homework.setPlainText("№ 801, 802")
    panel.control_work.setChecked(True)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        panel.save_button.click()
    saved = page.model.lesson_at(lesson_on(page, TODAY))
    assert saved.topic == chosen
    assert saved.plan_topic_id is not None
    assert saved.homework == "№ 801, 802"
    assert saved.control_work
    assert not saved.homework_late  # on the lesson day, within 90 minutes of its end


def test_add_move_and_cancel_a_lesson(qtbot, page, monkeypatch):  # type: ignore[no-untyped-def]
    before = len(page.snapshot.data.lessons)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.panel.addRequested.emit(date(2026, 11, 14), 6)  # a Saturday make-up lesson
    added = [lesson for lesson in page.snapshot.data.lessons
             if lesson.date == date(2026, 11, 14)]
    assert len(page.snapshot.data.lessons) == before + 1 and len(added) == 1
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.panel.moveRequested.emit(added[0].id, date(2026, 11, 14), 7)
    moved = next(lesson for lesson in page.snapshot.data.lessons if lesson.id == added[0].id)
    assert moved.lesson_number == 7
    monkeypatch.setattr(messages, "ask_reason", lambda parent, text: "карантин")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.panel.cancelRequested.emit(added[0].id, True)
    cancelled = next(lesson for lesson in page.snapshot.data.lessons
                     if lesson.id == added[0].id)
    assert cancelled.cancelled
    column = page.model.lesson_column[cancelled.id]
    assert not page.model.cell_editable(0, column)


def test_f2_editor_sets_work_type_weight_and_comment(qtbot, page):  # type: ignore[no-untyped-def]
    column = lesson_on(page, TODAY)
    page.view.go_to(2, column)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    editor = page.view.viewport().findChild(CellEditor)
    assert editor is not None
    editor.text.setText("5/4")
    work_types = list(page.snapshot.settings.work_types)
    editor.types[0].setCurrentText(work_types[-1])
    editor.weights[0].setValue(2.0)
    editor.comments[0].setText("Отличный ответ у доски")
    page.view.commitData(editor)
    page.view.closeEditor(editor, page.view.itemDelegate().EndEditHint.NoHint)
    wait_saved(qtbot, page)
    cell = page.model.cell(2, column)
    assert [m.value for m in cell.marks] == ["5", "4"]
    assert cell.marks[0].work_type == work_types[-1]
    assert cell.marks[0].weight == 2.0
    assert cell.marks[0].comment == "Отличный ответ у доски"
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    assert page.model.cell(2, column).marks[0].comment == "Отличный ответ у доски"


def test_a_control_work_of_the_plan_marks_the_lesson(qtbot, page):  # type: ignore[no-untyped-def]
    """A КТП topic marked as a control work checks «Control work» when it is chosen,
    and the saved lesson is a control work in the journal (its «К/Р» column)."""
    panel = page.panel
    page.view.go_to(0, lesson_on(page, TODAY))
    control = next(t for t in page.choices.plan if t.control_work)
    ordinary = next(t for t in page.choices.plan if not t.control_work)
    panel.topic.setCurrentIndex(panel.topic.findData(str(ordinary.id)))
    assert not panel.control_work.isChecked()
    panel.topic.setCurrentIndex(panel.topic.findData(str(control.id)))
    assert panel.control_work.isChecked() and panel.topic.currentText() == control.topic
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        panel.save_button.click()
    saved = page.model.lesson_at(lesson_on(page, TODAY))
    assert saved.plan_topic_id == control.id and saved.control_work
