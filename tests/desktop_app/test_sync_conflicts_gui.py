"""Sync conflicts in the window: the journal cell's marker, its tooltip and editor,
the choice under the grid closing it on both computers; the administration's window
of conflicts and refused changes, opened from the status bar.

The computers are the sync tests' cheap ones (tests/database/sync_helpers.py); the
window shows one of them, whose database the worker owns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyleOptionViewItem
from sqlalchemy import select

from database.changelog import save
from database.models import Lesson, Mark, Staff, TeachingAssignment
from database.services.marks import set_mark
from tests.database.sync_helpers import (
    NOW,
    Computer,
    TwoComputers,
    teacher_actor,
    two_computers,
)
from tests.desktop_app.test_sync_bar import _window

SHOTS = Path("/tmp")


@pytest.fixture
def two(tmp_path: Path) -> Iterator[TwoComputers]:
    computers = two_computers(tmp_path)
    yield computers
    computers.close()


def _conflict(two: TwoComputers) -> None:
    """The teacher types 5 in the classroom and, at the administration, 3 — offline."""
    for computer, value in ((two.b, "5"), (two.a, "3")):
        with computer.maker.begin() as session:
            set_mark(session, teacher_actor(computer, two.journal), two.journal.lesson,
                     two.student, value)
    two.sync()


def _mark(computer: Computer) -> str | None:
    with computer.maker() as session:
        return session.execute(select(Mark.value)).scalar()


def _teacher_window(qtbot: Any, two: TwoComputers) -> Any:
    """The main window of the classroom computer with its teacher signed in: a
    choice made there is the teacher's op, accepted by every computer's rules."""
    from database.auth import SignedIn
    from database.engine import make_engine, make_sessionmaker
    from database.settings import load_settings
    from desktop_app.main_window import MainWindow
    from desktop_app.worker import WorkerTask

    b, journal = two.b, two.journal
    actor = teacher_actor(b, journal)
    paths, data_key = b.paths, b.data_key

    def signed() -> SignedIn:
        engine = make_engine(paths.db, data_key)
        maker = make_sessionmaker(engine)
        with maker() as session:
            settings = load_settings(session)
        return SignedIn(
            paths=paths, engine=engine, sessionmaker=maker, actor=actor, login="petrova",
            account_id=journal.teacher_account, person_name="Петрова А. И.",
            must_change_password=False, device_name="room12", device_kind="classroom",
            school_name="СОШ № 1", settings=settings, _data_key=bytearray(data_key),
        )

    box: list[SignedIn] = []
    WorkerTask(lambda w: w.attach(signed())).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=20_000)
    window = MainWindow(box[0], on_lock=lambda: None, on_switch_user=lambda: None,
                        on_sign_out=lambda: None, on_change_password=lambda: None,
                        today=lambda: NOW.date())
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitUntil(lambda: window.home is not None and window.sync_bar.state is not None,
                    timeout=20_000)
    return window


def _open_journal(qtbot: Any, window: Any, two: TwoComputers) -> Any:
    from desktop_app.journal.page import JournalPage

    window.open_lesson(two.journal.assignment, two.journal.lesson)

    def page() -> Any:
        found = window.findChildren(JournalPage)
        return found[0] if found and found[0].snapshot is not None else None

    qtbot.waitUntil(lambda: page() is not None, timeout=20_000)
    return page()


def test_marker_tooltip_editor_and_resolution(qtbot: Any, two: TwoComputers) -> None:
    from desktop_app.journal.delegate import CellEditor, JournalDelegate
    from desktop_app.journal.model import Roles
    from desktop_app.journal.painting import CONFLICT_MARKER

    _conflict(two)
    winner = _mark(two.b)
    assert winner == _mark(two.a)
    other = "3" if winner == "5" else "5"
    window = _teacher_window(qtbot, two)
    assert window.sync_bar.state.status.conflicts == 1
    page = _open_journal(qtbot, window, two)
    model, view = page.model, page.view
    row, column = model.row_of[two.student], model.lesson_column[two.journal.lesson]
    index = model.index(row, column)

    # The tooltip: both values, who, which computer, when.
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert f"«{winner}»" in tip and f"«{other}»" in tip
    assert "Петрова Анна Ивановна" in tip
    assert "room12" in tip and "Администрация" in tip
    assert datetime.now().strftime("%d.%m.%Y") in tip  # when: the ops were made today

    # The marker: a red corner on this cell, none on a cell without a conflict.
    view.go_to(row, column)
    qtbot.waitUntil(lambda: not page.conflict_bar.isHidden(), timeout=5_000)
    window.grab().save(str(SHOTS / "sync_conflict_journal.png"))
    image = view.viewport().grab().toImage()
    rect = view.visualRect(index)
    assert image.pixelColor(rect.topLeft() + QPoint(1, 1)) == QColor(CONFLICT_MARKER)
    plain = view.visualRect(model.index(row, column + 1))
    assert image.pixelColor(plain.topLeft() + QPoint(1, 1)) != QColor(CONFLICT_MARKER)

    # The cell editor shows both values above the cell's text.
    delegate = JournalDelegate(view)
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, CellEditor)
    delegate.setEditorData(editor, index)
    assert not editor.conflict.isHidden()
    assert f"«{winner}»" in editor.conflict.text() and f"«{other}»" in editor.conflict.text()
    editor.deleteLater()
    assert model.data(index, Roles.Conflicts)

    # The bar under the grid: take the other value.
    bar = page.conflict_bar
    assert f"«{other}»" in bar.take_button.text()
    assert f"«{winner}»" in bar.keep_button.text()
    with qtbot.waitSignal(page.conflictResolved, timeout=20_000):
        qtbot.mouseClick(bar.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not model.conflicts and model.cell(row, column) is not None
                    and model.cell(row, column).text == other, timeout=20_000)
    qtbot.waitUntil(lambda: bar.isHidden(), timeout=5_000)
    # The status bar counts it no more.
    qtbot.waitUntil(lambda: window.sync_bar.state.status.conflicts == 0, timeout=20_000)
    assert not window.sync_bar.has_details()
    image = view.viewport().grab().toImage()
    assert image.pixelColor(rect.topLeft() + QPoint(1, 1)) != QColor(CONFLICT_MARKER)

    # Closed on the other computer too after sync, with the value chosen.
    with qtbot.waitSignal(window.sync_bar.roundFinished, timeout=30_000):
        assert window.sync_bar.sync_now(manual=False)
    assert two.a.sync().ok
    assert two.a.conflicts() == set() and two.b.conflicts() == set()
    assert _mark(two.a) == _mark(two.b) == other


def _refused_mark(two: TwoComputers) -> None:
    """The classroom's program writes a mark into another teacher's journal."""
    with two.a.maker.begin() as session:
        system = two.a.system()
        other = Staff(surname="Иванов", name="Иван", patronymic="Петрович", position="учитель")
        save(session, system, other)
        base = session.get(TeachingAssignment, two.journal.assignment)
        assert base is not None
        assignment = TeachingAssignment(year_id=base.year_id, class_id=base.class_id,
                                        subject_id=base.subject_id, teacher_id=other.id)
        save(session, system, assignment)
        lesson = Lesson(assignment_id=assignment.id, date=date(2026, 11, 18), lesson_number=2)
        save(session, system, lesson)
        lesson_id = lesson.id
    two.sync()
    with two.b.maker.begin() as session:
        save(session, teacher_actor(two.b, two.journal), Mark(
            lesson_id=lesson_id, student_id=two.student, position=1, value="2",
            entered_at=NOW))
    two.sync()


def test_administration_window_from_the_status_bar(qtbot: Any, two: TwoComputers) -> None:
    from desktop_app.sync_conflicts_window import SyncConflictsWindow

    _conflict(two)
    _refused_mark(two)
    window = _window(qtbot, two.a.paths, two.a.data_key, "Администрация")
    bar = window.sync_bar
    assert bar.has_details()
    assert "conflicts: 1" in bar.text() or "конфликтов: 1" in bar.text()
    qtbot.mouseClick(bar.label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(SyncConflictsWindow)), timeout=5_000)
    lists = window.findChildren(SyncConflictsWindow)[0]
    qtbot.waitUntil(lambda: lists.conflicts_table.rowCount() == 1
                    and lists.refused_table.rowCount() == 1, timeout=20_000)
    table = lists.conflicts_table
    where = table.item(0, 0).text()
    assert "5 «А»" in where and "Математика" in where and "18.11.2026, урок 1" in where
    assert "Алексеев Борис" in where
    shown, kept = table.item(0, 2).text(), table.item(0, 3).text()
    assert {shown[1], kept[1]} == {"5", "3"}
    assert "room12" in shown + kept and "Администрация" in shown + kept
    refused = [lists.refused_table.item(0, c).text() for c in range(6)]
    assert refused[1:4] == ["Петрова Анна Ивановна", "room12", "оценка: 2"]
    assert "урок 2" in refused[4] and refused[5] == "изменение чужого журнала"
    lists.resize(1300, 420)
    lists.grab().save(str(SHOTS / "sync_conflicts_window.png"))
    lists.tabs.setCurrentIndex(1)
    lists.grab().save(str(SHOTS / "sync_refused_window.png"))
    lists.tabs.setCurrentIndex(0)

    # «Открыть журнал» at that lesson.
    table.selectRow(0)
    assert lists.open_button.isEnabled()
    qtbot.mouseClick(lists.open_button, Qt.MouseButton.LeftButton)
    from desktop_app.journal.page import JournalPage

    qtbot.waitUntil(lambda: any(p.snapshot is not None
                                for p in window.findChildren(JournalPage)), timeout=20_000)
    journal = next(p for p in window.findChildren(JournalPage) if p.snapshot is not None)
    current = journal.view.currentIndex()
    assert (current.row(), current.column()) == (
        journal.model.row_of[two.student], journal.model.lesson_column[two.journal.lesson])
    assert not journal.conflict_bar.isHidden()  # the cursor is on the conflicted cell

    # Keep the value shown: the list empties, the value stays.
    before = _mark(two.a)
    with qtbot.waitSignal(lists.resolved, timeout=20_000):
        qtbot.mouseClick(lists.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=20_000)
    assert _mark(two.a) == before
    assert two.a.conflicts() == set()


def test_topic_conflict_on_the_lesson_header(qtbot: Any, two: TwoComputers) -> None:
    from desktop_app.journal.model import Roles

    for computer, topic in ((two.b, "Дроби"), (two.a, "Проценты")):
        with computer.maker.begin() as session:
            lesson = session.get(Lesson, two.journal.lesson)
            assert lesson is not None
            lesson.topic = topic
            save(session, teacher_actor(computer, two.journal), lesson)
    two.sync()
    window = _teacher_window(qtbot, two)
    page = _open_journal(qtbot, window, two)
    model = page.model
    column = model.lesson_column[two.journal.lesson]
    tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Дроби" in tip and "Проценты" in tip and "room12" in tip
    assert model.headerData(column, Qt.Orientation.Horizontal, Roles.Conflicts)
    page.view.go_to(model.row_of[two.student], column)  # a cell of that lesson
    bar = page.conflict_bar
    qtbot.waitUntil(lambda: not bar.isHidden(), timeout=5_000)
    assert bar.item is not None and bar.item.table == "lesson"
    other = bar.item.other.text
    assert f"«{other}»" in bar.take_button.text()
    with qtbot.waitSignal(page.conflictResolved, timeout=20_000):
        qtbot.mouseClick(bar.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not model.lesson_conflicts
                    and model.lesson_at(column).topic == other, timeout=20_000)
    assert not model.headerData(column, Qt.Orientation.Horizontal, Roles.Conflicts)
