"""The grid model checked by qtmodeltester, the frozen student column, and students
who left or arrived during the year."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app.journal.model import JournalModel, Kind, Roles
from tests.desktop_app.journal_helpers import (
    MATH_TEACHER,
    TODAY,
    find_journal,
    journals,
    lesson_on,
    open_page,
    signed_in,
    type_text,
    wait_saved,
)
from tests.desktop_app.model_snapshot import Q2, journal_snapshot


@pytest.fixture
def page(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    return open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))


@pytest.fixture
def model(app) -> JournalModel:  # type: ignore[no-untyped-def]
    """The grid model over a hand-made snapshot (no database, no page), in the
    second quarter as the page opens it."""
    model = JournalModel()
    snapshot = journal_snapshot()
    model.set_snapshot(snapshot, Q2.id, snapshot.data.assignment.teacher_id)
    return model


def test_qtmodeltester(qtmodeltester, model) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(model, force_py=True)
    model.set_period(None)  # the whole year
    qtmodeltester.check(model, force_py=True)


def test_qtmodeltester_on_the_page(qtmodeltester, page):  # type: ignore[no-untyped-def]
    """The same checks on the model the page filled from the demo school."""
    qtmodeltester.check(page.model, force_py=True)
    page.period_box.setCurrentIndex(page.period_box.count() - 1)  # the whole year
    qtmodeltester.check(page.model, force_py=True)


def test_only_changed_cells_are_signalled(qtbot, page):  # type: ignore[no-untyped-def]
    model = page.model
    column = model.today_column()
    changes = []
    model.dataChanged.connect(lambda a, b: changes.append(
        (a.row(), a.column(), b.row(), b.column())))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    page.view.select_range(1, column, 3, column)
    type_text(page.view, "н")
    wait_saved(qtbot, page)
    assert not resets
    cell_changes = [c for c in changes if c[1] == column]
    assert cell_changes and all(c[0] >= 1 and c[2] <= 3 for c in cell_changes)
    assert (1, column, 3, column) in cell_changes  # one run of adjacent rows


def test_headers_show_months_days_and_control_work(model) -> None:  # type: ignore[no-untyped-def]
    column = next(c for c, spec in enumerate(model.columns)
                  if spec.lesson is not None and spec.lesson.date == TODAY)
    assert model.headerData(column, Qt.Orientation.Horizontal, Roles.Month) == "ноябрь"
    assert model.headerData(column, Qt.Orientation.Horizontal, Roles.Today)
    assert model.data(model.index(0, column), Roles.Today)
    control = [c for c in model.columns if c.lesson is not None and c.lesson.control_work]
    assert control  # 17.11 in the snapshot
    kinds = [c.kind for c in model.columns]
    assert kinds[-3:] == [Kind.AVERAGE, Kind.ABSENCES, Kind.PERIOD]
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) \
        .startswith("1. ")


def test_frozen_student_column_while_dates_scroll(qtbot, page):  # type: ignore[no-untyped-def]
    view = page.view
    page.period_box.setCurrentIndex(page.period_box.count() - 1)
    view.horizontalHeader().setDefaultSectionSize(60)
    for i in range(page.model.columnCount()):
        view.horizontalHeader().resizeSection(i, 90)
    header = view.verticalHeader()
    x_before = header.mapTo(page, header.rect().topLeft()).x()
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.columnViewportPosition(0) < 0)  # the scroll has landed
    assert header.isVisible() and header.width() >= 200
    assert header.mapTo(page, header.rect().topLeft()).x() == x_before
    assert view.columnViewportPosition(0) < 0  # the first dates scrolled away…
    assert header.sectionViewportPosition(0) == 0  # …the names did not


def test_students_who_left_or_arrived(qtbot, page):  # type: ignore[no-untyped-def]
    model = page.model
    left = next(i for i, s in enumerate(model.students) if s.left_note)
    arrived = next(i for i, s in enumerate(model.students) if s.arrived_note)
    student = model.students[left]
    assert student.left_note.startswith("выбыл")
    last_day = student.left_on
    for column, spec in enumerate(model.columns):
        if spec.lesson is None:
            continue
        present = model.data(model.index(left, column), Roles.Present)
        assert present == (spec.lesson.date <= last_day)
        if not present:
            assert not model.flags(model.index(left, column)) & Qt.ItemFlag.ItemIsEditable
    newcomer = model.students[arrived]
    before_arrival = [c for c, spec in enumerate(model.columns)
                      if spec.lesson is not None and spec.lesson.date < newcomer.enrolled_from]
    assert before_arrival
    assert all(not model.data(model.index(arrived, c), Roles.Present) for c in before_arrival)
    assert all(model.cell(arrived, c) is None for c in before_arrival)
    page.view.go_to(arrived, before_arrival[0])
    type_text(page.view, "5")
    assert page.undo_stack.count() == 0
    assert newcomer.arrived_note.split()[-1] in page.status.text()
    day = date(2026, 11, 18)
    assert model.data(model.index(arrived, lesson_on(page, day)), Roles.Present)
