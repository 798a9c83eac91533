"""Journal grid figures, measured by driving the real widgets offscreen.

``journal_figures(paths)`` takes an already-built demo school (the ``large`` one in
the benchmark), signs in as the teacher of the biggest class's main subject and
returns stable keys:

- ``journal_open_year_p50_ms`` — a full-year journal from the request until the grid
  has painted with its data (the page's ``gridShown``); ``…_min_ms`` the fastest of
  the runs and ``…_cpu_p50_ms`` the process's CPU time over it (both threads), which a
  busy shared machine disturbs far less than the wall time;
- ``journal_type_mark_p50_ms`` — one keystroke until the mark is committed (saved by
  the worker and shown);
- ``journal_scroll_frame_ms`` — scrolling the whole year left to right, per frame;
- ``journal_keystrokes_30_students`` / ``journal_keystrokes_per_entry`` — keys to
  record attendance and one mark each for a 30-student lesson;
- ``peak_rss_mb`` — the process's peak resident memory.

Run it alone with ``python -m tests.perf.bench_journal PATH``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from database.auth import SignedIn, sign_in
from database.demo import DEMO_PASSWORDS
from database.models import Account, Enrolment, SchoolClass, Subject, TeachingAssignment
from database.paths import SchoolPaths
from tests.perf.clock import bench_clock
from tests.perf.qt_wait import wait_idle as _wait

OPEN_RUNS = 11
TYPE_RUNS = 30
STUDENTS = 30


def _app() -> Any:
    from desktop_app.app import create_application

    return create_application([])


def _target(signed: SignedIn) -> tuple[uuid.UUID, str]:
    """The biggest class's marked whole-class subject with most hours, and the login
    of its teacher."""
    with signed.sessions() as session:
        # Not a grade taught without marks (grade 1): typing marks there is refused.
        class_id = session.execute(
            select(Enrolment.class_id)
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .where(Enrolment.end_date.is_(None),
                   SchoolClass.grade.not_in(signed.settings.unmarked_grades))
            .group_by(Enrolment.class_id, SchoolClass.grade, SchoolClass.letter)
            .order_by(func.count().desc(), SchoolClass.grade, SchoolClass.letter).limit(1)
        ).scalar_one()
        assignment = session.execute(
            select(TeachingAssignment)
            .join(Subject, Subject.id == TeachingAssignment.subject_id)
            .where(TeachingAssignment.class_id == class_id,
                   TeachingAssignment.group_id.is_(None),
                   Subject.assessment == "marked")
            .order_by(TeachingAssignment.hours_per_week.desc(), Subject.sort_order)
            .limit(1)
        ).scalar_one()
        login = session.execute(
            select(Account.login).where(Account.staff_id == assignment.teacher_id,
                                        Account.role == "teacher")
        ).scalar_one()
        return assignment.id, login


def journal_figures(paths: SchoolPaths) -> dict[str, Any]:
    app = _app()
    from PySide6.QtCore import QSettings

    # The benchmark's preferences live in a throw-away folder, not the user's.
    settings_dir = tempfile.TemporaryDirectory(prefix="bench-qsettings-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      settings_dir.name)
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QLabel, QStackedWidget

    from desktop_app import preferences
    from desktop_app.journal.page import VIEW_KEY, JournalPage
    from desktop_app.journal.window import add_journal_page
    from desktop_app.worker import WorkerTask, shutdown_worker, worker

    admin = sign_in(paths, "admin", DEMO_PASSWORDS["admin"], record=False)
    try:
        assignment_id, login = _target(admin)
    finally:
        admin.close()

    box: list[SignedIn] = []
    WorkerTask(lambda w: w.attach(sign_in(paths, login, DEMO_PASSWORDS["teacher"],
                                          clock=bench_clock, record=False))
               ).success(box.append).run()
    _wait(app, lambda: bool(box))
    actor = box[0].actor
    figures: dict[str, Any] = {"journal_teacher": login}
    try:
        # 1. Opening the full-year journal until the grid has painted, as the main
        # window does: the page goes into a shown window's page stack and replaces
        # what is on screen once loaded. The teacher chose «whole year» before, so
        # journals open on it; each open starts from a quiet application (the
        # previous page's follow-up reads finished).
        preferences.app_settings().setValue(VIEW_KEY, "year")
        host = QStackedWidget()
        host.resize(1600, 900)
        host.addWidget(QLabel("journals"))
        host.show()
        open_ms: list[float] = []
        open_cpu_ms: list[float] = []
        page: JournalPage | None = None
        for _ in range(OPEN_RUNS):
            if page is not None:
                page.closeRequested.emit()
                # The closed page is deleted now, not inside the next timed opening
                # (a user does not open the next journal in the same millisecond).
                app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            _wait(app, lambda: worker().idle)
            start, start_cpu = time.perf_counter(), time.process_time()
            page = add_journal_page(host, actor, assignment_id, lambda: host.setCurrentIndex(0))
            # Timed when the paint ends, not when the wait below notices it: the
            # event loop may go on to later work (the follow-up reads) first.
            shown: list[tuple[float, float]] = []

            def painted(into: list[tuple[float, float]] = shown) -> None:
                into.append((time.perf_counter(), time.process_time()))

            page.gridShown.connect(painted)
            _wait(app, lambda: bool(shown), wake=[page.gridShown])  # noqa: B023
            open_ms.append((shown[0][0] - start) * 1000)
            open_cpu_ms.append((shown[0][1] - start_cpu) * 1000)
        assert page is not None and page.model.period is None  # the whole year
        model = page.model
        figures["journal_open_year_p50_ms"] = round(statistics.median(open_ms), 1)
        figures["journal_open_year_min_ms"] = round(min(open_ms), 1)
        # CPU time of the whole process (UI and worker threads) over the same span:
        # what the opening costs, much less dependent on a shared machine's load.
        figures["journal_open_year_cpu_p50_ms"] = round(statistics.median(open_cpu_ms), 1)
        figures["journal_rows"] = model.rowCount()
        figures["journal_columns"] = model.columnCount()

        # 2. Typing one mark until it is committed.
        column = model.today_column()
        rows = [r for r in range(model.rowCount()) if model.cell_editable(r, column)]
        saved: list[bool] = []
        page.saved.connect(lambda: saved.append(True))
        type_ms: list[float] = []
        for i in range(TYPE_RUNS):
            row = rows[i % len(rows)]
            page.view.go_to(row, column)
            page.controller.typing_reset()
            count = len(saved)
            start = time.perf_counter()
            current = model.cell(row, column)
            _key(page.view, "4" if current is not None and current.text == "5" else "5")
            _wait(app, lambda: len(saved) > count, wake=[page.saved])  # noqa: B023
            app.processEvents()  # the changed cell repaints (not the whole grid)
            type_ms.append((time.perf_counter() - start) * 1000)
        figures["journal_type_mark_p50_ms"] = round(statistics.median(type_ms), 2)
        figures["journal_type_mark_p95_ms"] = round(sorted(type_ms)[int(0.95 * len(type_ms))],
                                                    2)

        # 3. Keystrokes for a 30-student lesson: three absent, a mark for the others.
        lesson_rows = rows[:STUDENTS]
        page.view.go_to(lesson_rows[0], column)
        page.controller.typing_reset()
        keys = 0
        for n, _row in enumerate(lesson_rows):
            _key(page.view, "н" if n % 10 == 3 else "54321"[n % 5])
            keys += 1
        _wait(app, lambda: page.editor.pending_saves == 0)
        entries = sum(1 for r in lesson_rows if model.cell(r, column) is not None)
        figures["journal_keystrokes_30_students"] = keys
        figures["journal_entries_30_students"] = entries
        figures["journal_keystrokes_per_entry"] = round(keys / max(1, entries), 2)

        # 4. Scrolling the whole year, left to right, one painted frame per step.
        bar = page.view.horizontalScrollBar()
        bar.setValue(0)
        step = max(1, page.view.viewport().width() // 4)
        frames = 0
        start = time.perf_counter()
        for value in range(0, bar.maximum() + step, step):
            bar.setValue(min(value, bar.maximum()))
            page.view.viewport().repaint()
            page.view.horizontalHeader().viewport().repaint()
            frames += 1
        elapsed = (time.perf_counter() - start) * 1000
        figures["journal_scroll_frames"] = frames
        figures["journal_scroll_frame_ms"] = round(elapsed / max(1, frames), 2)
        page.close()
    finally:
        shutdown_worker()
    from tests.perf.bench import peak_rss_mb

    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def _key(widget: Any, text: str) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    key = Qt.Key(ord(text)) if text.isascii() else Qt.Key.Key_unknown
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


if __name__ == "__main__":
    import json

    print(json.dumps(journal_figures(SchoolPaths(Path(sys.argv[1]))), ensure_ascii=False,
                     indent=2))
