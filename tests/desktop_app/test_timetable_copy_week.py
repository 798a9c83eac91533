"""«Copy a week» on the timetable screen (tiny demo): the class's week as on today
copied from next Monday reaches the database — the old entries end the day before,
the copies start then — and the screen says how the future lessons followed; a copy
onto the same week is refused inside the dialog."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from database.models import TeachingAssignment, TimetableEntry
from desktop_app.people.record_dialog import to_qdate
from desktop_app.setup.timetable_dialogs import CopyWeekDialog
from desktop_app.worker import DbOp
from tests.desktop_app.conftest import TODAY
from tests.desktop_app.setup_helpers import WAIT
from tests.desktop_app.test_timetable_screen import timetable

__all__ = ["timetable"]  # the fixture

NEXT_MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())


def _dialog(qtbot, window) -> CopyWeekDialog:  # type: ignore[no-untyped-def]
    dialog = window.copy_week()
    assert isinstance(dialog, CopyWeekDialog)
    qtbot.addWidget(dialog)
    return dialog


def _edit(dialog: CopyWeekDialog, key: str):  # type: ignore[no-untyped-def]
    return dialog.fields[key]


def test_a_week_copied_from_a_date(qtbot, timetable) -> None:  # type: ignore[no-untyped-def]
    window = timetable
    class_id = window.ui.whoCombo.currentData()
    shown = sum(len(window.model.entries_at(window.model.index(r, c)))
                for r in range(window.model.rowCount())
                for c in range(window.model.columnCount()))
    assert shown > 0
    dialog = _dialog(qtbot, window)
    assert dialog.values()["source_class"] == class_id
    _edit(dialog, "valid_from").setDate(to_qdate(TODAY))
    dialog.save()
    qtbot.waitUntil(lambda: "другую неделю" in dialog.error_text(), timeout=WAIT)
    _edit(dialog, "valid_from").setDate(to_qdate(NEXT_MONDAY))
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        dialog.save()
    qtbot.waitUntil(lambda: "Сохранено" in window.ui.statusLabel.text(), timeout=WAIT)

    def read(session):  # type: ignore[no-untyped-def]
        rows = session.execute(
            select(TimetableEntry.valid_from, TimetableEntry.valid_to)
            .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
            .where(TeachingAssignment.class_id == class_id)).all()
        started = [r for r in rows if r.valid_from == NEXT_MONDAY]
        ended = [r for r in rows if r.valid_to == NEXT_MONDAY - timedelta(days=1)]
        return len(started), len(ended)

    results: list[object] = []
    DbOp(read).success(results.append).run()
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT)
    assert results[0] == (shown, shown)
