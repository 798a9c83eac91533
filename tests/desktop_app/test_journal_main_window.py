"""The main window opens a journal from the list of journals; a lock takes it away."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget

from desktop_app.journal.page import JournalPage
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main


def test_double_click_opens_the_journal_and_a_lock_removes_it(qtbot, make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["teacher"])
    wait_main(qtbot, controller)
    main = controller.main
    table = main.ui.pageStack.widget(0).findChild(QTableWidget, "journalsTable")
    table.cellDoubleClicked.emit(0, 0)
    assert main.ui.pageStack.currentWidget() is not None  # the list, until loaded
    qtbot.waitUntil(lambda: isinstance(main.ui.pageStack.currentWidget(), JournalPage),
                    timeout=20_000)
    page = main.ui.pageStack.currentWidget()
    assert page.snapshot is not None and page.model.rowCount() > 0
    table.cellDoubleClicked.emit(0, 1)  # the same journal again: shown, not reopened
    assert main.ui.pageStack.currentWidget() is page
    page.close_action.trigger()
    qtbot.waitUntil(lambda: not main.ui.pageStack.findChildren(JournalPage), timeout=5_000)
    table.cellDoubleClicked.emit(0, 0)
    qtbot.waitUntil(lambda: isinstance(main.ui.pageStack.currentWidget(), JournalPage),
                    timeout=20_000)
    main.set_locked(True)
    qtbot.waitUntil(lambda: not main.findChildren(JournalPage), timeout=5_000)


def test_a_journal_that_cannot_open_leaves_the_list(qtbot, make_controller, recorded_messages,
                                                     monkeypatch):  # type: ignore[no-untyped-def]
    from database.errors import NotFound
    from desktop_app.journal import page as page_module

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise NotFound("Журнал не найден.")

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["teacher"])
    wait_main(qtbot, controller)
    main = controller.main
    listing = main.ui.pageStack.currentWidget()
    table = listing.findChild(QTableWidget, "journalsTable")
    monkeypatch.setattr(page_module, "open_journal", refuse)
    table.cellDoubleClicked.emit(0, 0)
    qtbot.waitUntil(lambda: bool(recorded_messages.shown), timeout=20_000)
    assert recorded_messages.shown == [("warning", "Журнал не найден.")]
    qtbot.waitUntil(lambda: not main.ui.pageStack.findChildren(JournalPage), timeout=5_000)
    assert main.ui.pageStack.currentWidget() is listing
