"""Copy and paste rectangular ranges as tab-separated text (to and from Excel or
LibreOffice); an invalid pasted value is refused with a message and nothing else
changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from database.queries.journal import load_journal
from tests.desktop_app.journal_helpers import (
    MATH_TEACHER,
    TODAY,
    find_journal,
    journals,
    open_page,
    run_db,
    signed_in,
    wait_saved,
)


@pytest.fixture
def page(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    return open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))


def stored_texts(qtbot, page, rows, columns):  # type: ignore[no-untyped-def]
    actor, assignment_id = page.actor, page.assignment_id
    data = run_db(qtbot, lambda s: load_journal(s, actor, assignment_id, TODAY.replace(day=1),
                                                TODAY))
    result = []
    for r in rows:
        line = []
        for c in columns:
            cell = data.cell(page.model.students[r].id, page.model.lesson_at(c).id)
            line.append(cell.text if cell is not None else "")
        result.append(line)
    return result


def test_paste_a_block_from_a_spreadsheet(qtbot, page):  # type: ignore[no-untyped-def]
    today = page.model.today_column()
    page.view.go_to(1, today - 1)
    page.view.select_range(1, today - 1, 2, today)
    QGuiApplication.clipboard().setText("5\tн\r\n4/3\tоп 5\r\n")  # as Excel writes it
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, page)
    expected = [["5", "н"], ["4/3", "оп 5"]]
    shown = [[page.model.cell(r, c).text for c in (today - 1, today)] for r in (1, 2)]
    assert shown == expected
    assert stored_texts(qtbot, page, (1, 2), (today - 1, today)) == expected
    assert page.undo_stack.count() == 1


def test_copy_gives_tab_separated_text_that_pastes_back(qtbot, page):  # type: ignore[no-untyped-def]
    today = page.model.today_column()
    page.controller.paste_text("5\t4\n3\tн\n")
    page.view.go_to(3, today - 1)
    page.view.select_range(3, today - 1, 4, today)
    page.controller.paste_text("5\t4\n3\tн\n")
    wait_saved(qtbot, page)
    page.view.select_range(3, today - 1, 4, today)
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied == "5\t4\n3\tн\n"
    page.view.select_range(6, today - 1, 6, today - 1)
    page.controller.paste(copied)
    wait_saved(qtbot, page)
    assert [[page.model.cell(r, c).text if page.model.cell(r, c) else ""
             for c in (today - 1, today)] for r in (6, 7)] == [["5", "4"], ["3", "н"]]


@pytest.mark.parametrize("block", ["5\t9\n", "5\nхорошо\n", "5/4/3\n"])
def test_a_rejected_paste_changes_nothing(qtbot, page, recorded_messages, block):  # type: ignore[no-untyped-def]
    today = page.model.today_column()
    page.view.select_range(1, today, 1, today)
    before = [[page.model.cell(r, c) for c in range(today - 1, today + 1)] for r in range(1, 4)]
    stored_before = stored_texts(qtbot, page, range(1, 4), range(today - 1, today + 1))
    page.view.go_to(1, today - 1)
    page.controller.paste(block)
    wait_saved(qtbot, page)
    assert recorded_messages.texts("warning")
    assert page.undo_stack.count() == 0
    assert [[page.model.cell(r, c) for c in range(today - 1, today + 1)]
            for r in range(1, 4)] == before
    assert stored_texts(qtbot, page, range(1, 4), range(today - 1, today + 1)) == stored_before


def test_paste_onto_a_student_who_left_is_refused(qtbot, page, recorded_messages):  # type: ignore[no-untyped-def]
    model = page.model
    today = model.today_column()
    gone = next(i for i, s in enumerate(model.students) if s.left_note)
    page.view.go_to(gone - 1, today)
    page.controller.paste("5\n5\n")
    assert "Хохлов" in recorded_messages.texts("warning")[0]
    assert page.undo_stack.count() == 0
