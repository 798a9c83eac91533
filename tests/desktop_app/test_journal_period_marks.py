"""The period-mark column: the suggestion (weighted average, the school's rounding)
shown in grey, confirmed with Ctrl+Enter or all at once, or overridden by typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from database.queries.journal import load_journal
from desktop_app.journal.model import Kind, Roles
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


def stored_period_marks(qtbot, page):  # type: ignore[no-untyped-def]
    actor, assignment_id = page.actor, page.assignment_id
    return run_db(qtbot, lambda s: load_journal(s, actor, assignment_id, TODAY,
                                                TODAY)).period_marks


def period_column(page):  # type: ignore[no-untyped-def]
    return next(i for i, c in enumerate(page.model.columns) if c.kind is Kind.PERIOD)


def test_suggestion_confirmed_and_overridden(qtbot, page):  # type: ignore[no-untyped-def]
    model = page.model
    column = period_column(page)
    key = model.columns[column].period_key
    rows = [r for r in range(model.rowCount()) if model.suggestion(r, key)]
    first, second = rows[0], rows[1]
    suggested = model.data(model.index(first, column), Roles.Suggested)
    assert suggested in {"2", "3", "4", "5"}
    assert model.data(model.index(first, column), Qt.ItemDataRole.DisplayRole) == ""
    tooltip = model.data(model.index(first, column), Qt.ItemDataRole.ToolTipRole)
    assert suggested in tooltip

    page.view.go_to(first, column)  # confirm the suggestion
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    page.view.go_to(second, column)  # override it by typing
    override = "5" if model.suggestion(second, key) != "5" else "4"
    type_text(page.view, override)
    editor = page.view.viewport().findChild(QComboBox)
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_saved(qtbot, page)
    assert model.data(model.index(first, column), Qt.ItemDataRole.DisplayRole) == suggested
    assert model.data(model.index(second, column), Qt.ItemDataRole.DisplayRole) == override
    marks = stored_period_marks(qtbot, page)
    assert marks[(model.students[first].id, key)] == suggested
    assert marks[(model.students[second].id, key)] == override
    page.controller.undo()
    wait_saved(qtbot, page)
    assert (model.students[second].id, key) not in stored_period_marks(qtbot, page)


def test_confirm_all_suggestions_and_refuse_a_wrong_value(qtbot, page, recorded_messages):  # type: ignore[no-untyped-def]
    model = page.model
    column = period_column(page)
    key = model.columns[column].period_key
    expected = {model.students[r].id: model.suggestion(r, key)
                for r in range(model.rowCount())
                if model.suggestion(r, key) and model.cell_editable(r, column)}
    page.confirm_action.trigger()
    wait_saved(qtbot, page)
    marks = stored_period_marks(qtbot, page)
    assert {sid: marks[(sid, key)] for sid in expected} == expected
    assert not model.setData(model.index(0, column), "7", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, column), "на", Qt.ItemDataRole.EditRole)  # н/а
    wait_saved(qtbot, page)
    assert stored_period_marks(qtbot, page)[(model.students[0].id, key)] == "н/а"


def test_year_column_suggests_once_every_period_is_marked(qtbot, page):  # type: ignore[no-untyped-def]
    page.period_box.setCurrentIndex(page.period_box.count() - 1)  # the whole year
    model = page.model
    year = model.period_column("year")
    periods = page.snapshot.data.periods
    assert year is not None and len(periods) == 4  # quarters in grade 5
    sid = model.students[0].id
    model.apply_period([(sid, p.id, None) for p in periods])
    model.apply_period([(sid, p.id, v) for p, v in zip(periods[:3], ["4", "5", "4"],
                                                       strict=True)])
    assert model.suggestion(0, "year") == ""  # the fourth quarter has no mark yet
    seen: list[int] = []
    model.dataChanged.connect(lambda first, last, *_: seen.append(first.column()))
    model.apply_period([(sid, periods[3].id, "5")])
    assert year in seen  # the year cell repaints with its new suggestion
    assert model.suggestion(0, "year") == "4"  # 4.5: below the 0.6 threshold
    assert model.summary_text(0, year) == ("(4)", True)  # shown greyed, as a suggestion
    assert "4,50" in model.data(model.index(0, year), Qt.ItemDataRole.ToolTipRole)
    model.apply_period([(sid, periods[3].id, "5"), (sid, periods[2].id, "5")])
    assert model.suggestion(0, "year") == "5"  # 4.75
