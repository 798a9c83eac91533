"""Closing and reopening a study period from the school-year screen: the check lists
what the journals miss, closing needs a confirmation when something is missing, a
journal named there opens in the main window, and a teacher cannot close."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.journal.page import JournalPage
from desktop_app.setup.period_closing import PeriodCloseDialog
from desktop_app.setup.school_year import SchoolYearWindow
from tests.desktop_app.setup_helpers import WAIT, signed_main


@pytest.fixture
def admin_main(qtbot, make_controller):  # type: ignore[no-untyped-def]
    return signed_main(qtbot, make_controller)


def open_year(qtbot, main) -> SchoolYearWindow:  # type: ignore[no-untyped-def]
    window = main.open_setup_step("calendar")
    assert isinstance(window, SchoolYearWindow)
    qtbot.waitUntil(lambda: window.setup is not None, timeout=WAIT)
    return window


def choose(window: SchoolYearWindow, name: str) -> None:
    window.ui.periodList.view.clearSelection()
    window.ui.periodList.select_where(lambda p: p.name == name)


def period(window: SchoolYearWindow, name: str):  # type: ignore[no-untyped-def]
    assert window.setup is not None
    return next(p for p in window.setup.periods
                if p.name == name and p.grade_from <= 5 <= p.grade_to)


def test_closing_shows_what_is_missing_then_closes_and_reopens(  # type: ignore[no-untyped-def]
    qtbot, admin_main, recorded_messages
) -> None:
    window = open_year(qtbot, admin_main)
    window.show()
    current = period(window, "II четверть")
    assert not current.closed
    choose(window, current.name)
    assert window.close_period_button.isEnabled()
    assert not window.reopen_period_button.isEnabled()
    window.close_period_button.click()
    dialog = window.dialog
    assert isinstance(dialog, PeriodCloseDialog)
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=WAIT)
    check = dialog.check
    assert check is not None and not check.complete
    # The quarter is under way: its marks are not set yet, and the tree says so per journal.
    with_marks_missing = [j for j in check.journals if j.without_mark]
    assert with_marks_missing
    assert dialog.tree.topLevelItemCount() == len(check.journals)
    first = dialog.tree.topLevelItem(0)
    assert first is not None and first.text(0) == check.journals[0].journal_title
    assert "нет отметок за период" in " ".join(
        dialog.tree.topLevelItem(i).text(2) for i in range(dialog.tree.topLevelItemCount()))
    assert "journal(s)" not in dialog.status_label.text()  # translated
    dialog.grab().save("/tmp/period_close.png")

    # A journal of the list opens in the main window.
    dialog._open_journal(first)
    qtbot.waitUntil(lambda: isinstance(admin_main.ui.pageStack.currentWidget(), JournalPage),
                    timeout=WAIT)
    assert admin_main.ui.pageStack.currentWidget().assignment_id == check.journals[0].assignment_id

    # Declining the confirmation closes nothing.
    recorded_messages.confirm_answer = False
    dialog.reason_edit.setText("Проверка завершена")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert len(recorded_messages.texts("confirm")) == 1
    assert dialog.isVisible()
    recorded_messages.confirm_answer = True
    before = window.setup
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.setup is not before and period(window, current.name).closed,
                    timeout=WAIT)
    assert not dialog.isVisible()

    choose(window, current.name)
    assert window.reopen_period_button.isEnabled()
    assert not window.close_period_button.isEnabled()
    window.grab().save("/tmp/period_year.png")
    before = window.setup
    window.reopen_period_button.click()
    assert "Открыть период «II четверть»" in recorded_messages.texts("confirm")[-1]
    qtbot.waitUntil(lambda: window.setup is not before
                    and not period(window, current.name).closed, timeout=WAIT)


def test_a_teacher_cannot_check_or_close(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    admin = signed_main(qtbot, make_controller)
    window = open_year(qtbot, admin)
    current = period(window, "II четверть")
    window.close()
    teacher = signed_main(qtbot, make_controller, "teacher")
    dialog = PeriodCloseDialog(teacher.signed.actor, current, teacher)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=WAIT)
    assert "Недостаточно прав" in dialog.problems.text()
    assert dialog.check is None
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
