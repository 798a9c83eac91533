"""Typing into the journal grid like into a spreadsheet: one key per entry, both
keyboard layouts, auto-advance, two marks in a cell, range fill, clearing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

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
def math_page(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    page = open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))
    page.signed = signed
    return page


def stored(qtbot, page):  # type: ignore[no-untyped-def]
    """The journal as the database has it now (not the model's copy)."""
    actor, assignment_id = page.actor, page.assignment_id
    return run_db(qtbot, lambda s: load_journal(s, actor, assignment_id, TODAY, TODAY))


def test_opens_on_todays_lesson(math_page):  # type: ignore[no-untyped-def]
    row, column = math_page.view.current_cell()
    assert math_page.model.lesson_at(column).date == TODAY
    assert row == 0
    assert math_page.model.period is not None  # the current quarter, by default


def test_the_whole_year_view_is_remembered(qtbot, math_page):  # type: ignore[no-untyped-def]
    math_page.period_box.setCurrentIndex(math_page.period_box.count() - 1)
    again = open_page(qtbot, math_page.signed, math_page.assignment_id)
    assert again.model.period is None  # opens on the whole year, as last chosen
    assert again.model.lesson_at(again.view.current_cell()[1]).date == TODAY
    again.period_box.setCurrentIndex(0)
    third = open_page(qtbot, math_page.signed, math_page.assignment_id)
    assert third.model.period is not None  # a period chosen: the current one again


@pytest.mark.parametrize(
    ("keys", "code"),
    [("н", "н"), ("n", "н"), ("б", "б"), ("b", "б"), ("у", "у"), ("u", "у"),
     ("п", "п"), ("p", "п"), ("оп", "оп"), ("op", "оп"), ("оp", "оп"), ("oп", "оп")],
)
def test_every_attendance_code_in_both_layouts(qtbot, math_page, keys, code):  # type: ignore[no-untyped-def]
    page = math_page
    row, column = 2, page.model.today_column()
    page.view.go_to(row, column)
    type_text(page.view, keys)
    wait_saved(qtbot, page)
    student = page.model.students[row]
    lesson = page.model.lesson_at(column)
    assert page.model.cells[(student.id, lesson.id)].attendance == code
    assert stored(qtbot, page).cell(student.id, lesson.id).attendance == code
    assert page.view.current_cell() == (row + 1, column)  # moved on to the next student


def test_marks_one_key_each_and_auto_advance_down(qtbot, math_page):  # type: ignore[no-untyped-def]
    page = math_page
    column = page.model.today_column()
    page.view.go_to(1, column)
    type_text(page.view, "543")
    assert len(page.model.unsaved) == 3  # shown at once, marked until stored
    wait_saved(qtbot, page)
    assert not page.model.unsaved
    texts = [page.model.cell(r, column).text for r in (1, 2, 3)]
    assert texts == ["5", "4", "3"]
    assert page.view.current_cell() == (4, column)
    data = stored(qtbot, page)
    lesson = page.model.lesson_at(column)
    assert [data.cell(page.model.students[r].id, lesson.id).marks[0].value
            for r in (1, 2, 3)] == ["5", "4", "3"]


def test_auto_advance_right_and_skips_students_who_left(qtbot, math_page):  # type: ignore[no-untyped-def]
    page = math_page
    model = page.model
    column = model.today_column()
    gone = next(i for i, s in enumerate(model.students) if s.left_note)
    page.view.go_to(gone - 1, column)
    type_text(page.view, "4")
    assert page.view.current_cell() == (gone + 1, column)  # no cell for the student who left
    page.direction_box.setCurrentIndex(1)  # right
    page.view.go_to(1, column - 1)
    type_text(page.view, "5")
    assert page.view.current_cell() == (1, column)
    wait_saved(qtbot, page)


@pytest.mark.parametrize(("keys", "text"), [("5/4", "5/4"), ("5 4", "5/4"), ("н 4", "н 4"),
                                              ("n/3", "н 3")])
def test_two_marks_in_one_cell(qtbot, math_page, keys, text):  # type: ignore[no-untyped-def]
    page = math_page
    column = page.model.today_column()
    page.view.go_to(3, column)
    type_text(page.view, keys)
    wait_saved(qtbot, page)
    assert page.model.cell(3, column).text == text
    assert page.view.current_cell() == (4, column)
    lesson = page.model.lesson_at(column)
    assert stored(qtbot, page).cell(page.model.students[3].id, lesson.id).text == text
    assert page.undo_stack.count() == 1  # "5" then "/4" is one undo step


def test_range_fill_and_clear(qtbot, math_page):  # type: ignore[no-untyped-def]
    page = math_page
    model = page.model
    column = model.today_column()
    page.view.select_range(1, column, 6, column)
    type_text(page.view, "н")
    wait_saved(qtbot, page)
    assert [model.cell(r, column).attendance for r in range(1, 7)] == ["н"] * 6
    assert page.undo_stack.count() == 1
    lesson = model.lesson_at(column)
    data = stored(qtbot, page)
    assert all(data.cell(model.students[r].id, lesson.id).attendance == "н"
               for r in range(1, 7))
    page.view.select_range(1, column, 3, column)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    wait_saved(qtbot, page)
    assert [model.cell(r, column) for r in range(1, 4)] == [None, None, None]
    assert model.cell(4, column).attendance == "н"


def test_refused_text_changes_nothing(qtbot, math_page, recorded_messages):  # type: ignore[no-untyped-def]
    page = math_page
    column = page.model.today_column()
    page.view.go_to(1, column)
    before = page.model.cell(1, column)
    type_text(page.view, "7")  # not a mark, not a code: ignored
    type_text(page.view, "z")
    assert page.model.cell(1, column) == before
    assert page.undo_stack.count() == 0


def test_all_present_removes_absences_keeps_marks_and_conducts(qtbot, math_page):  # type: ignore[no-untyped-def]
    page, model = math_page, math_page.model
    column = model.today_column()
    lesson_id = model.lesson_at(column).id
    page.view.go_to(0, column)
    if model.lesson_at(column).conducted:  # start from a lesson not yet marked conducted
        page.panel.conducted.setChecked(False)
        with qtbot.waitSignal(page.loaded, timeout=20_000):
            page.panel.save_button.click()
    assert not model.lesson_at(column).conducted
    type_text(page.view, "н")
    page.view.go_to(1, column)
    type_text(page.view, "н 4")
    wait_saved(qtbot, page)
    assert model.cell(1, column).text == "н 4"
    with qtbot.waitSignal(page.loaded, timeout=20_000):  # reloaded once conducted
        page.present_action.trigger()
    wait_saved(qtbot, page)
    assert model.cell(0, column) is None
    assert model.cell(1, column).attendance is None
    assert [m.value for m in model.cell(1, column).marks] == ["4"]
    journal = stored(qtbot, page)
    lesson = next(x for x in journal.lessons if x.id == lesson_id)
    assert lesson.conducted and "attendance" not in lesson.missing
    absent = {s.id for s in model.students[:2]}
    assert not [key for key, cell in journal.cells.items()
                if key[0] in absent and key[1] == lesson_id and cell.attendance]
    page.controller.undo()  # the absences come back, in one step
    wait_saved(qtbot, page)
    assert model.cell(0, column).text == "н" and model.cell(1, column).text == "н 4"
