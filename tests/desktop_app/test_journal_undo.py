"""Undo and redo of every edit through the QUndoStack (also saved each time), and a
save that fails putting the cell back with a message saying why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from database.errors import ValidationError
from database.queries.journal import load_journal
from tests.desktop_app.journal_helpers import (
    MATH_TEACHER,
    TODAY,
    find_journal,
    journals,
    open_page,
    run_db,
    signed_in,
    type_text,
    wait_saved,
)


@pytest.fixture
def page(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    return open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))


def stored(qtbot, page, row, column):  # type: ignore[no-untyped-def]
    actor, assignment_id = page.actor, page.assignment_id
    data = run_db(qtbot, lambda s: load_journal(s, actor, assignment_id, TODAY, TODAY))
    cell = data.cell(page.model.students[row].id, page.model.lesson_at(column).id)
    return cell.text if cell is not None else ""


def test_undo_and_redo_of_typing_range_fill_and_paste(qtbot, page):  # type: ignore[no-untyped-def]
    model = page.model
    column = model.today_column()
    texts = lambda: [model.cell(r, column).text if model.cell(r, column) else ""  # noqa: E731
                     for r in range(1, 7)]
    original = texts()
    page.view.go_to(1, column)
    type_text(page.view, "5")
    page.view.select_range(2, column, 4, column)
    type_text(page.view, "н")
    page.view.go_to(5, column)
    page.controller.paste("4\n3\n")
    wait_saved(qtbot, page)
    assert texts() == ["5", "н", "н", "н", "4", "3"]
    assert page.undo_stack.count() == 3
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the paste
    wait_saved(qtbot, page)
    assert texts() == ["5", "н", "н", "н", *original[4:]]
    assert stored(qtbot, page, 5, column) == original[4]
    page.controller.undo()  # the range fill
    wait_saved(qtbot, page)
    assert texts() == ["5", *original[1:4], *original[4:]]
    assert stored(qtbot, page, 3, column) == original[2]
    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, page)
    assert texts() == ["5", "н", "н", "н", "4", "3"]
    assert stored(qtbot, page, 3, column) == "н"
    assert stored(qtbot, page, 6, column) == "3"


def test_a_failed_save_puts_the_cell_back(qtbot, page, recorded_messages, monkeypatch):  # type: ignore[no-untyped-def]
    from desktop_app.journal import store as store_module

    column = page.model.today_column()
    page.view.go_to(1, column)
    type_text(page.view, "4")
    wait_saved(qtbot, page)
    assert page.model.cell(1, column).text == "4"

    def refuse(session, actor, entries, reason):  # type: ignore[no-untyped-def]
        raise ValidationError("Сохранить не удалось: база данных занята.")

    monkeypatch.setattr(store_module, "save_cells", refuse)
    failures = []
    page.saveFailed.connect(failures.append)
    page.view.go_to(1, column)
    type_text(page.view, "2")
    assert page.model.cell(1, column).text == "2"  # shown at once…
    wait_saved(qtbot, page)
    assert page.model.cell(1, column).text == "4"  # …and back when the save failed
    assert failures == ["Сохранить не удалось: база данных занята."]
    assert recorded_messages.texts("warning") == failures
    assert stored(qtbot, page, 1, column) == "4"
    assert page.undo_stack.count() == 1  # the failed edit is not left to undo
    monkeypatch.undo()
    page.controller.undo()
    wait_saved(qtbot, page)
    assert page.model.cell(1, column) is None
    assert stored(qtbot, page, 1, column) == ""
