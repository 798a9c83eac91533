"""Opening a journal from the main window's list of journals.

The main window calls :func:`attach_journal_opening` on its «Journals» / «My
journals» page; a double click (or Enter) on a row opens that journal as a page of
the main window's page stack once it has loaded, so a workstation lock, which clears
the stack, leaves nothing of it behind. The same journal opened twice is shown again,
not reloaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QTableWidget, QWidget

from database.actor import Actor
from database.queries.journal import JournalRef

from .page import JournalPage


def attach_journal_opening(window: Any, list_page: QWidget,
                           journals: tuple[JournalRef, ...]) -> None:
    """``window`` is the MainWindow (``signed``, ``ui.pageStack``, ``ui.navigationList``)."""
    table = list_page.findChild(QTableWidget, "journalsTable")
    if table is None:
        return

    def open_row(row: int) -> None:
        if 0 <= row < len(journals):
            open_journal(window, journals[row])

    table.cellDoubleClicked.connect(lambda row, _column: open_row(row))
    QShortcut(QKeySequence(Qt.Key.Key_Return), table, lambda: open_row(table.currentRow()),
              context=Qt.ShortcutContext.WidgetShortcut)
    table.setToolTip(QCoreApplication.translate("JournalWindow",
                                                "Double-click a journal to open it."))


def open_journal(window: Any, journal: JournalRef) -> JournalPage:
    return open_assignment(window, journal.assignment_id)


def open_journal_at(window: Any, assignment_id: uuid.UUID,
                    lesson_id: uuid.UUID | None,
                    student_id: uuid.UUID | None = None) -> JournalPage:
    """The journal opened (or shown again) with the cursor on ``lesson_id`` (and the
    student's row, for a conflict of a cell) — a line of the control report or of the
    conflicts list; back returns to where it was."""
    page = open_assignment(window, assignment_id)
    page.go_to_lesson(lesson_id, student_id)
    return page


def open_assignment(window: Any, assignment_id: uuid.UUID) -> JournalPage:
    """The journal's page in the main window ``window``: raised if open, else added."""
    stack: QStackedWidget = window.ui.pageStack
    for i in range(stack.count()):
        page = stack.widget(i)
        if isinstance(page, JournalPage) and page.assignment_id == assignment_id:
            stack.setCurrentWidget(page)
            return page
    section = window.ui.navigationList.currentRow()

    def back() -> None:
        if section >= 0:
            stack.setCurrentIndex(section)

    page = add_journal_page(stack, window.signed.actor, assignment_id, back)
    sync_bar = getattr(window, "sync_bar", None)
    if sync_bar is not None:  # a conflict settled here: the status bar counts one less
        page.conflictResolved.connect(sync_bar.refresh)
    return page


def add_journal_page(stack: QStackedWidget, actor: Actor, assignment_id: uuid.UUID,
                     back: Callable[[], None]) -> JournalPage:
    """A journal page in ``stack``, made current once it has loaded: until then what
    was on screen stays (no empty page painted first, which would also slow the
    reading). When it closes, or cannot open (the user is told why), it is removed
    and ``back`` shows what was there before."""
    page = JournalPage(actor, assignment_id, stack)
    page.setObjectName("page_journal")
    stack.addWidget(page)

    def show_loaded() -> None:
        page.loaded.disconnect(show_loaded)
        stack.setCurrentWidget(page)

    def close() -> None:
        stack.removeWidget(page)
        page.deleteLater()
        back()

    page.loaded.connect(show_loaded)
    page.loadFailed.connect(close)
    page.closeRequested.connect(close)
    return page
