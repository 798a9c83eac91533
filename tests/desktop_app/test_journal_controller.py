"""The journal controller without widgets or a database: what keys, pasted blocks,
«Delete», Ctrl+Enter, «Confirm suggested marks» and «All present» do to a hand-made
journal (the grid is a cursor, the store holds the saves)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from database.actor import Role
from desktop_app.clipboard import CLIPBOARD_MARKER
from desktop_app.journal.controller import JournalController
from desktop_app.journal.editor import JournalEditor
from desktop_app.journal.model import JournalModel
from tests.desktop_app.journal_snapshot import (
    LESSONS,
    PERIOD_COLUMN,
    QUARTER,
    STUDENTS,
    TEACHER,
    Cursor,
    RecordingStore,
    snapshot,
    teacher,
)

TODAY_COLUMN = 4
LEFT = 2  # Волков Виктор, who left on 10.11


def _page_text(text: str) -> str:
    return QCoreApplication.translate("JournalPage", text)


class Journal:
    def __init__(self, *, keeps: bool = True) -> None:
        journal = snapshot(keeps=keeps)
        self.model = JournalModel()
        self.model.set_snapshot(journal, QUARTER.id, TEACHER)
        self.store = RecordingStore()
        self.editor = JournalEditor(self.model, teacher(), journal.data.assignment.id,
                                    self.store)
        self.grid = Cursor()
        self.controller = JournalController(self.model, self.editor, self.grid, teacher())
        self.controller.set_snapshot(journal)
        self.status: list[str] = []
        self.controller.statusShown.connect(self.status.append)

    def keys(self, text: str) -> None:
        for key in text:
            self.controller.type_key(key)

    def text(self, row: int, column: int) -> str:
        cell = self.model.cell(row, column)
        return cell.text if cell is not None else ""

    def saved_texts(self) -> list[list[str]]:
        return [[" ".join(filter(None, [e.attendance or "", "/".join(m.value for m in e.marks)]))
                 for e in request.what] for request in self.store.cells]


@pytest.fixture
def journal(app) -> Journal:  # type: ignore[no-untyped-def]
    return Journal()


def test_a_mark_is_saved_and_the_cursor_moves_past_a_student_who_left(journal: Journal) -> None:
    journal.grid.go_to(1, 2)  # 16.11
    journal.keys("3")
    assert journal.text(1, 2) == "3" and journal.saved_texts() == [["3"]]
    assert journal.grid.at == (3, 2)  # row 2 left on 10.11


def test_moving_right_skips_cells_that_cannot_be_filled(journal: Journal) -> None:
    journal.controller.direction = "right"
    journal.grid.go_to(0, 2)
    journal.keys("4")
    assert journal.grid.at == (0, TODAY_COLUMN)  # 17.11 was cancelled
    journal.keys("5")
    assert journal.grid.at == (0, PERIOD_COLUMN)  # 19.11 has not taken place
    assert journal.saved_texts() == [["4"], ["5"]]


def test_a_second_part_after_a_separator_lands_in_the_same_cell(journal: Journal) -> None:
    journal.grid.go_to(0, TODAY_COLUMN)
    journal.keys("5/4")
    assert journal.text(0, TODAY_COLUMN) == "5/4" and journal.text(1, TODAY_COLUMN) == ""
    assert journal.editor.undo_stack.count() == 1  # one undo step
    journal.grid.go_to(1, TODAY_COLUMN)
    journal.keys("n 4")  # Latin layout: «н», then the mark
    assert journal.text(1, TODAY_COLUMN) == "н 4"
    journal.controller.undo()
    assert journal.text(1, TODAY_COLUMN) == ""


def test_a_cell_that_cannot_be_changed_is_refused_with_the_reason(journal: Journal) -> None:
    for column, reason in ((3, "The lesson is cancelled."),
                           (5, "The lesson has not taken place yet.")):
        journal.grid.go_to(0, column)
        journal.keys("5")
        assert journal.status[-1] == _page_text(reason)
    journal.grid.go_to(LEFT, 2)
    journal.keys("5")
    assert journal.status[-1].endswith("(выбыл 10.11)")
    assert not journal.store.cells and journal.grid.at == (LEFT, 2)


def test_a_read_only_journal_says_so(app) -> None:  # type: ignore[no-untyped-def]
    journal = Journal(keeps=False)
    journal.grid.go_to(0, TODAY_COLUMN)
    journal.keys("5")
    assert journal.status[-1] == _page_text(
        "This journal is read-only for you: it is kept by another teacher.")
    assert journal.controller.status_text() == _page_text("Read only.")
    assert not journal.store.cells


def test_the_status_line_says_saving_while_a_save_is_pending(journal: Journal) -> None:
    journal.grid.go_to(0, TODAY_COLUMN)
    journal.keys("5")
    assert journal.status[-1].startswith(_page_text("Saving…"))
    journal.store.cells[0].done([])
    assert not journal.status[-1].startswith(_page_text("Saving…"))


def test_a_key_fills_the_selection(journal: Journal) -> None:
    journal.grid.select_range(0, 1, 3, 2)
    journal.keys("н")
    assert [journal.text(r, c) for r in range(4) for c in (1, 2)] == [
        "н", "н", "н", "н", "н", "", "н", "н"]  # row 2 had left by 16.11
    assert journal.editor.undo_stack.count() == 1 and journal.grid.at == (0, 1)


def test_typing_on_a_period_cell_opens_its_editor(journal: Journal) -> None:
    journal.grid.go_to(0, PERIOD_COLUMN)
    assert journal.controller.type_key("4")
    assert journal.grid.typed_over == ["4"] and not journal.store.periods
    assert not journal.controller.type_key("/")  # left to the view


def test_suggested_period_marks_are_confirmed(journal: Journal) -> None:
    journal.grid.go_to(0, PERIOD_COLUMN)
    journal.controller.confirm_suggestion()
    assert journal.model.period_marks[(STUDENTS[0].id, QUARTER.id)] == "5"
    assert journal.grid.at == (1, PERIOD_COLUMN)
    journal.controller.confirm_all_suggestions()  # the rest: only Григорьева has one
    assert journal.model.period_marks[(STUDENTS[3].id, QUARTER.id)] == "4"
    assert [[c.value for c in r.what] for r in journal.store.periods] == [["5"], ["4"]]
    assert journal.editor.undo_stack.count() == 2


def test_delete_clears_lesson_and_period_cells(journal: Journal) -> None:
    journal.model.period_marks[(STUDENTS[3].id, QUARTER.id)] = "4"
    journal.grid.selection = [(3, 2), (3, PERIOD_COLUMN), (0, 3)]
    journal.controller.clear_selection()
    assert journal.text(3, 2) == ""
    assert (STUDENTS[3].id, QUARTER.id) not in journal.model.period_marks
    assert journal.saved_texts() == [[""]] and len(journal.store.periods) == 1


def test_all_present_removes_absences_keeps_marks_and_conducts(journal: Journal) -> None:
    journal.grid.selection = [(0, 1), (0, 2)]
    journal.grid.at = (0, TODAY_COLUMN)
    journal.controller.mark_all_present()
    assert journal.text(1, 1) == "" and journal.text(3, 2) == "4"
    assert journal.editor.undo_stack.count() == 1
    assert len(journal.store.lessons) == 1  # today's lesson is marked conducted


def test_a_block_is_pasted_at_the_selection(journal: Journal) -> None:
    journal.grid.go_to(0, 1)
    assert journal.controller.paste_text("4\t5\r\n3\t\r\n") == ""
    assert [journal.text(0, 1), journal.text(0, 2), journal.text(1, 1),
            journal.text(1, 2)] == ["4", "5", "3", ""]
    assert journal.editor.undo_stack.count() == 1
    journal.grid.select_range(0, TODAY_COLUMN, 1, TODAY_COLUMN)
    assert journal.controller.paste_text("н") == ""  # one value fills the selection
    assert journal.text(0, TODAY_COLUMN) == journal.text(1, TODAY_COLUMN) == "н"


@pytest.mark.parametrize(("at", "block", "refusal"), [
    ((3, 0), "5\n5\n", "The pasted block does not fit into the journal."),
    ((0, 6), "5", "%1: only lesson cells can be pasted into."),  # the average
    ((0, 3), "5", "%1: this cell cannot be changed."),
    ((0, 1), "7", ""),
])
def test_a_block_that_does_not_fit_changes_nothing(
        journal: Journal, at: tuple[int, int], block: str, refusal: str) -> None:
    journal.grid.go_to(*at)
    refused = journal.controller.paste_text(block)
    assert refused
    if refusal:
        assert refused.endswith(_page_text(refusal).replace("%1", "").strip())
    else:
        assert refused.startswith("Алексеева Анна, 10.11: ")  # the validation's message
    assert not journal.store.cells and journal.editor.undo_stack.count() == 0


def test_blank_values_pass_over_cells_that_cannot_change(journal: Journal) -> None:
    journal.grid.go_to(0, 2)
    assert journal.controller.paste_text("4\t\t5") == ""  # 17.11 is cancelled
    assert [journal.text(0, 2), journal.text(0, TODAY_COLUMN)] == ["4", "5"]


def test_copy_puts_the_selection_on_the_clipboard_marked(journal: Journal) -> None:
    journal.grid.selection = [(1, 1), (3, 2)]
    journal.controller.copy()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == "н\t\n\t\n\tн 4\n"  # the block the cells span
    assert mime.hasFormat(CLIPBOARD_MARKER)


def test_pasting_from_the_clipboard_warns_of_a_refusal(
        journal: Journal, recorded_messages: Any) -> None:
    QGuiApplication.clipboard().setText("5\t5\t5\t5\t5\t5")
    journal.grid.go_to(0, TODAY_COLUMN)
    journal.controller.paste()
    assert len(recorded_messages.texts("warning")) == 1
    assert not journal.store.cells


def test_the_administration_is_told_to_switch_on_corrections(app) -> None:  # type: ignore[no-untyped-def]
    journal = Journal(keeps=False)
    journal.controller.actor = teacher().__class__(Role.ADMIN, teacher().device_id)
    journal.grid.go_to(0, TODAY_COLUMN)
    journal.keys("5")
    assert journal.status[-1] == _page_text("Switch on «Corrections» to change this journal.")
    assert LESSONS[TODAY_COLUMN].id not in journal.model.substitute_lessons
