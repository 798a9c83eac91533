"""Who may change what, as the grid shows and enforces it: another teacher's journal
is read-only, a substitute fills the lesson it substitutes, late entries are saved
and flagged, and a correction after the window needs the administration and a
reason (which goes into the change log)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from sqlalchemy import select

from database.models import ChangeLog, Staff
from database.queries.journal import load_journal
from database.services.lessons import set_substitution
from desktop_app import messages
from tests.desktop_app.journal_helpers import (
    CLASS_TEACHER,
    MATH_TEACHER,
    TODAY,
    find_journal,
    journals,
    lesson_on,
    open_page,
    run_db,
    signed_in,
    type_text,
    wait_saved,
)

LATER = datetime(2026, 11, 26, 10, 0)  # 5.11 is now older than the 14-day window


def stored_cell(qtbot, page, row, column):  # type: ignore[no-untyped-def]
    actor, assignment_id = page.actor, page.assignment_id
    lesson = page.model.lesson_at(column)
    data = run_db(qtbot, lambda s: load_journal(s, actor, assignment_id, lesson.date,
                                                lesson.date))
    return data.cell(page.model.students[row].id, lesson.id)


def test_a_teacher_cannot_edit_another_teachers_journal(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, CLASS_TEACHER)
    refs = journals(qtbot, signed)
    math = find_journal(refs, "Математика")
    assert not math.own  # the class teacher reads it
    page = open_page(qtbot, signed, math)
    model = page.model
    column = model.today_column()
    assert not model.flags(model.index(1, column)) & Qt.ItemFlag.ItemIsEditable
    before = model.cell(1, column)
    page.view.go_to(1, column)
    type_text(page.view, "2")
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    page.controller.paste("5\n")
    wait_saved(qtbot, page)
    assert model.cell(1, column) == before
    assert page.undo_stack.count() == 0
    assert "другой учитель" in page.status.text() or "another teacher" in page.status.text()
    assert not page.panel.save_button.isEnabled()
    assert stored_cell(qtbot, page, 1, column) == before


def test_a_substitute_fills_the_lesson_it_substitutes(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    owner = signed_in(qtbot, demo_paths, MATH_TEACHER)
    math = find_journal(journals(qtbot, owner), "Математика")
    substitute_id = run_db(qtbot, lambda s: s.execute(
        select(Staff.id).where(Staff.surname == "Николаева")).scalar_one())
    data = run_db(qtbot, lambda s: load_journal(s, owner.actor, math.assignment_id, TODAY,
                                                TODAY))
    lesson_id = data.lessons[0].id
    run_db(qtbot, lambda s: set_substitution(s, owner.actor, lesson_id, substitute_id,
                                             "болезнь учителя"))

    substitute = signed_in(qtbot, demo_paths, "nikolaeva.ta")
    refs = journals(qtbot, substitute)
    assert any(r.assignment_id == math.assignment_id for r in refs)
    page = open_page(qtbot, substitute, math.assignment_id)
    model = page.model
    column = lesson_on(page, TODAY)
    assert model.substitute_lessons == {lesson_id}
    assert model.flags(model.index(1, column)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, column - 1)) & Qt.ItemFlag.ItemIsEditable
    page.view.go_to(1, column)
    type_text(page.view, "5")
    wait_saved(qtbot, page)
    assert stored_cell(qtbot, page, 1, column).marks[0].value == "5"
    assert page.panel.save_button.isEnabled()  # topic and homework too
    assert not page.panel.substitute.isEnabled()  # only the journal's own teacher sets that
    page.view.go_to(1, column - 1)
    type_text(page.view, "5")
    assert page.undo_stack.count() == 1  # the other lesson took nothing
    assert not page.panel.save_button.isEnabled()


def test_late_entries_are_saved_and_flagged(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    page = open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))
    yesterday = lesson_on(page, date(2026, 11, 17))
    today = lesson_on(page, TODAY)
    page.view.go_to(2, yesterday)
    type_text(page.view, "4")
    page.view.go_to(2, today)
    type_text(page.view, "5")
    wait_saved(qtbot, page)
    assert page.model.cell(2, yesterday).marks[0].late  # entered after the lesson day
    assert not page.model.cell(2, today).marks[0].late
    assert page.model.lesson_at(yesterday).entries_late  # the header follows at once
    page.view.go_to(2, yesterday)
    assert page.panel.lesson.entries_late  # and so does the panel
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    lesson = page.model.lesson_at(yesterday)
    assert lesson.entries_late  # as stored
    assert "опозданием" in page.model.headerData(
        yesterday, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or "late" in \
        page.model.headerData(yesterday, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    # Lessons still missing something are marked in the header and the panel.
    missing = [c.lesson for c in page.model.columns if c.lesson is not None and c.lesson.missing]
    assert missing
    page.view.go_to(0, page.model.lesson_column[missing[0].id])
    assert page.panel.status.text()


def test_correction_after_the_window_needs_the_administration_and_a_reason(
    qtbot, demo_paths, app, recorded_messages, monkeypatch  # type: ignore[no-untyped-def]
):
    teacher = signed_in(qtbot, demo_paths, MATH_TEACHER, now=LATER)
    math = find_journal(journals(qtbot, teacher), "Математика")
    page = open_page(qtbot, teacher, math)
    old = lesson_on(page, date(2026, 11, 5))
    before = page.model.cell(3, old)
    page.view.go_to(3, old)
    type_text(page.view, "2")
    wait_saved(qtbot, page)
    assert page.model.cell(3, old) == before  # refused by the service, put back
    assert "администрация" in recorded_messages.texts("warning")[-1]
    page.close()

    admin = signed_in(qtbot, demo_paths, "admin", role="admin", now=LATER)
    page = open_page(qtbot, admin, math.assignment_id)
    page.view.go_to(3, old)
    type_text(page.view, "2")
    assert page.undo_stack.count() == 0  # read-only until «Corrections» is on
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_reason",
                        lambda parent, text: asked.append(text)
                        or "ошибка при вводе, служебная записка № 12")
    page.correction_action.setChecked(True)
    page.view.go_to(3, old)
    type_text(page.view, "2")
    wait_saved(qtbot, page)
    assert asked and "причину" in asked[0]
    assert page.model.cell(3, old).marks[0].value == "2"
    assert stored_cell(qtbot, page, 3, old).marks[0].value == "2"
    reasons = run_db(qtbot, lambda s: list(s.execute(
        select(ChangeLog.reason).where(ChangeLog.table_name == "mark",
                                       ChangeLog.reason.is_not(None))).scalars()))
    assert "ошибка при вводе, служебная записка № 12" in reasons
