"""The journal editor without widgets or a database: a hand-made journal, a store
that holds each save until the test answers it. Edits show at once and stay marked
unsaved until stored; a refused save puts the cells back (not over a newer edit) and
its undo step goes; undo saves the cells as they were; lesson operations ask for a
cancellation's reason and have the journal read again."""

from __future__ import annotations

from typing import Any

import pytest

from database.errors import PermissionDenied, ValidationError
from desktop_app import messages
from desktop_app.journal.editor import JournalEditor
from desktop_app.journal.model import JournalModel
from tests.desktop_app.journal_snapshot import (
    LESSONS,
    PERIOD_COLUMN,
    QUARTER,
    STUDENTS,
    TEACHER,
    RecordingStore,
    snapshot,
    stored,
    teacher,
)

TODAY_COLUMN = 4


class Journal:
    def __init__(self) -> None:
        self.model = JournalModel()
        self.model.set_snapshot(snapshot(), QUARTER.id, TEACHER)
        self.store = RecordingStore()
        self.editor = JournalEditor(self.model, teacher(), snapshot().data.assignment.id,
                                    self.store)
        self.events: list[Any] = []
        self.editor.saved.connect(lambda: self.events.append("saved"))
        self.editor.saveFailed.connect(lambda text: self.events.append(("failed", text)))
        self.editor.suggestionsStale.connect(lambda: self.events.append("stale"))
        self.editor.lessonsChanged.connect(lambda: self.events.append("lessons"))

    def type(self, row: int, column: int, text: str, **kwargs: Any) -> None:
        self.editor.push_cells(self.model.edits_for_text([(row, column)], text), **kwargs)

    def text(self, row: int, column: int) -> str:
        cell = self.model.cell(row, column)
        return cell.text if cell is not None else ""


@pytest.fixture
def journal(app) -> Journal:  # type: ignore[no-untyped-def]
    return Journal()


def test_an_edit_shows_at_once_and_is_marked_until_stored(journal: Journal) -> None:
    journal.type(0, TODAY_COLUMN, "4")
    key = (STUDENTS[0].id, LESSONS[TODAY_COLUMN].id)
    assert journal.text(0, TODAY_COLUMN) == "4"
    assert key in journal.model.unsaved and journal.editor.pending_saves == 1
    (request,) = journal.store.cells
    assert [(e.student_id, e.lesson_id, e.attendance, [m.value for m in e.marks])
            for e in request.what] == [(*key, None, ["4"])]

    request.done([stored(request.what[0], late=True)])
    assert key not in journal.model.unsaved and journal.editor.pending_saves == 0
    cell = journal.model.cell(0, TODAY_COLUMN)
    assert cell is not None and cell.marks[0].late  # as the services stored it
    assert journal.events == ["stale", "saved"]
    assert journal.editor.take_stale() == [QUARTER.id]  # the suggestions to read again
    assert journal.editor.take_stale() == []


def test_a_refused_save_puts_the_cell_back_and_its_undo_step_goes(
        journal: Journal, recorded_messages: Any) -> None:
    journal.type(0, 0, "3")  # over the «5» of 09.11
    assert journal.text(0, 0) == "3" and journal.editor.undo_stack.count() == 1
    journal.store.cells[0].failed(ValidationError("Сохранить не удалось."))
    assert journal.text(0, 0) == "5"
    assert journal.editor.undo_stack.count() == 0 and journal.editor.pending_saves == 0
    assert not journal.model.unsaved
    assert journal.events == [("failed", "Сохранить не удалось.")]
    assert recorded_messages.texts("warning") == ["Сохранить не удалось."]


def test_a_refused_save_leaves_a_newer_edit_shown(journal: Journal) -> None:
    journal.type(1, TODAY_COLUMN, "4")
    journal.type(1, TODAY_COLUMN, "5")
    first, second = journal.store.cells
    first.failed(PermissionDenied("Нет прав."))
    assert journal.text(1, TODAY_COLUMN) == "5"  # not put back over the newer «5»
    second.done([stored(second.what[0])])
    assert journal.text(1, TODAY_COLUMN) == "5" and not journal.model.unsaved


def test_undo_and_redo_save_the_cells_as_they_were(journal: Journal) -> None:
    journal.type(3, 2, "5")  # «н 4» of 16.11 becomes «5»
    journal.store.cells[0].done([stored(journal.store.cells[0].what[0])])
    journal.editor.undo_stack.undo()
    assert journal.text(3, 2) == "н 4"
    undo = journal.store.cells[1].what[0]
    assert undo.attendance == "н" and [m.value for m in undo.marks] == ["4"]
    journal.editor.undo_stack.redo()
    assert journal.text(3, 2) == "5"
    assert [m.value for m in journal.store.cells[2].what[0].marks] == ["5"]


def test_a_second_part_typed_after_a_separator_is_one_undo_step(journal: Journal) -> None:
    journal.type(0, TODAY_COLUMN, "5")
    journal.type(0, TODAY_COLUMN, "5/4", mergeable=True)
    assert journal.editor.undo_stack.count() == 1
    journal.editor.undo_stack.undo()
    assert journal.text(0, TODAY_COLUMN) == ""


def test_a_period_mark_is_saved_and_put_back_when_refused(journal: Journal) -> None:
    model = journal.model
    assert model.set_period_text(0, PERIOD_COLUMN, "5")  # the model's period handler
    assert model.period_marks[(STUDENTS[0].id, QUARTER.id)] == "5"
    (request,) = journal.store.periods
    assert [(c.student_id, c.key, c.value) for c in request.what] == [
        (STUDENTS[0].id, QUARTER.id, "5")]
    request.failed(PermissionDenied("Четверть закрыта."))
    assert (STUDENTS[0].id, QUARTER.id) not in model.period_marks
    assert journal.editor.undo_stack.count() == 0
    assert journal.events == [("failed", "Четверть закрыта.")]


def test_lesson_operations_have_the_journal_read_again(journal: Journal) -> None:
    journal.editor.add_lesson(LESSONS[0].date, 7)
    journal.editor.conduct([LESSONS[TODAY_COLUMN].id])
    assert len(journal.store.lessons) == 2 and journal.events == []
    journal.store.lessons[0].done()
    assert journal.events == ["lessons"]


def test_cancelling_a_lesson_asks_why(journal: Journal, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    answers = iter([None, "карантин"])

    def ask(parent: object, text: str) -> str | None:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(messages, "ask_reason", ask)
    journal.editor.cancel_lesson(LESSONS[TODAY_COLUMN].id, True)
    assert len(asked) == 1 and not journal.store.lessons  # declined: nothing is done
    journal.editor.cancel_lesson(LESSONS[TODAY_COLUMN].id, True)
    assert len(journal.store.lessons) == 1
    journal.editor.cancel_lesson(LESSONS[3].id, False)  # restoring asks nothing first
    assert len(asked) == 2 and len(journal.store.lessons) == 2
