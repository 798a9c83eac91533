"""The main window opens a journal from the list of journals; a lock takes it away."""

from __future__ import annotations

import os

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


def test_a_control_line_opens_the_journal_at_its_lesson(qtbot, make_controller):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QTabWidget

    from desktop_app.report_window import ReportWindow

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    main = controller.main
    section = main.section_keys.index("reports")
    main.ui.navigationList.setCurrentRow(section)
    tabs = main.ui.pageStack.widget(section)
    assert isinstance(tabs, QTabWidget)
    tabs.setCurrentIndex(1)  # «Documents», made when first shown
    window = tabs.currentWidget()
    assert isinstance(window, ReportWindow)
    qtbot.waitUntil(lambda: window.document_combo.count() > 0, timeout=60_000)
    window.document_combo.setCurrentIndex(window.document_combo.findData("control"))
    window.from_edit.setDate(QDate(2026, 9, 1))
    with qtbot.waitSignal(window.documentReady, timeout=60_000):
        window.build()
    assert window.links_box.isVisibleTo(window) and window.links_list.count() > 0
    out = os.environ.get("DIARY_SCREENSHOTS")
    if out:  # for a person to look at
        main.resize(1400, 900)
        qtbot.wait(300)
        main.grab().save(f"{out}/report_window_control.png")
    row = next(i for i, link in enumerate(window.links) if link.lesson_id is not None)
    link = window.links[row]
    window.links_list.itemActivated.emit(window.links_list.item(row))
    qtbot.waitUntil(lambda: isinstance(main.ui.pageStack.currentWidget(), JournalPage),
                    timeout=30_000)
    page = main.ui.pageStack.currentWidget()
    assert page.assignment_id == link.assignment_id
    assert page.view.currentIndex().column() == page.model.lesson_column[link.lesson_id]
    assert page.model.lesson_at(page.view.currentIndex().column()).id == link.lesson_id


def test_a_teacher_finds_its_documents_beside_its_journals(qtbot, make_controller):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTabWidget

    from desktop_app.report_window import ReportWindow

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["teacher"])  # not a class teacher
    wait_main(qtbot, controller)
    main = controller.main
    assert main.section_keys == ["my_journals"]
    tabs = main.ui.pageStack.widget(0)
    assert isinstance(tabs, QTabWidget) and tabs.tabText(1) == "Документы"
    tabs.setCurrentIndex(1)
    window = tabs.currentWidget()
    assert isinstance(window, ReportWindow)
    qtbot.waitUntil(lambda: window.document_combo.count() > 0, timeout=60_000)
    offered = [window.document_combo.itemData(i) for i in range(window.document_combo.count())]
    assert "control" in offered and "journal" not in offered
