"""Opening a journal page on a copied demo school, signed in as a given user, with
the clock fixed on the demo's «today» (2026-11-18, a Wednesday, 10:00)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from database.auth import SignedIn, sign_in
from database.demo import DEMO_PASSWORDS
from database.paths import SchoolPaths
from database.queries.journal import JournalRef, list_journals

NOW = datetime(2026, 11, 18, 10, 0)
TODAY = NOW.date()

MATH_TEACHER = "tikhomirova.ns"  # keeps 5 «А» · Математика
CLASS_TEACHER = "pavlova.lg"  # Russian; class teacher of 5 «А» (reads its mathematics)


def clock_at(moment: datetime) -> Any:
    return lambda: moment


def signed_in(qtbot: Any, paths: SchoolPaths, login: str, role: str = "teacher",
              now: datetime = NOW) -> SignedIn:
    """Sign in on the database worker (its thread owns the engine)."""
    from desktop_app.worker import WorkerTask

    box: list[SignedIn] = []
    WorkerTask(lambda w: w.attach(sign_in(paths, login, DEMO_PASSWORDS[role],
                                          clock=clock_at(now)))).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=20_000)
    return box[0]


def journals(qtbot: Any, signed: SignedIn) -> list[JournalRef]:
    from desktop_app.worker import DbOp

    box: list[list[JournalRef]] = []
    DbOp(lambda s: list_journals(s, signed.actor)).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def run_db(qtbot: Any, fn: Any) -> Any:
    """Run ``fn(session)`` on the worker and wait for its result."""
    from desktop_app.worker import DbOp

    box: list[Any] = []
    errors: list[BaseException] = []
    DbOp(fn).success(box.append).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(box or errors), timeout=10_000)
    if errors:
        raise errors[0]
    return box[0]


def open_page(qtbot: Any, signed: SignedIn, journal: JournalRef | uuid.UUID) -> Any:
    from desktop_app.journal.page import JournalPage

    page = JournalPage(signed.actor, journal.assignment_id if isinstance(journal, JournalRef)
                       else journal)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    # The grid first, then the period-mark suggestions and the lesson panel's choices.
    qtbot.waitUntil(lambda: page.snapshot is not None and page.suggestions_ready
                    and page.choices is not None, timeout=20_000)
    return page


def wait_saved(qtbot: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: page.editor.pending_saves == 0, timeout=10_000)
    from desktop_app.worker import worker

    qtbot.waitUntil(lambda: worker().idle, timeout=10_000)


def find_journal(refs: list[JournalRef], subject: str, class_name: str = "5 «А»") -> JournalRef:
    return next(r for r in refs if r.subject_name == subject and r.class_name == class_name
                and not r.group_name)


def today_column(page: Any) -> int:
    return int(page.model.today_column())


def lesson_on(page: Any, day: date) -> int:
    for i, column in enumerate(page.model.columns):
        if column.lesson is not None and column.lesson.date == day:
            return i
    raise LookupError(day)


def type_text(widget: Any, text: str) -> None:
    """Key presses carrying ``text`` one character at a time, Cyrillic included
    (QTest.keyClicks handles Latin-1 only)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char == " ":
            key = Qt.Key.Key_Space
        elif char.isascii() and char.isalnum():
            key = Qt.Key(ord(char.upper()))
        elif char == "/":
            key = Qt.Key.Key_Slash
        else:
            key = Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     char))
