"""People-screen figures on an already-built demo school (the ``school`` one):

- ``students_list_open_p50_ms`` — opening the people window on the students of the
  whole school: from the call until the list has its rows, sorted, and has painted
  (a new window each run, the worker warm);
- ``students_list_read_p50_ms`` — of that, the read on the worker (the snapshot);
- ``students_list_rows`` — how many students the list shows;
- ``bulk_accounts_plan_s`` / ``bulk_accounts_issue_s`` / ``bulk_accounts_per_account_ms``
  — accounts in bulk for ``BULK_PEOPLE`` new students and parents (on a copy of the
  school): planning the logins, then writing the key slots and the accounts;
- ``bulk_slot_threads`` — threads writing the slots.

Run it alone with ``python -m tests.perf.bench_people PATH``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from database.auth import SignedIn, sign_in
from database.demo import DEMO_PASSWORDS
from database.paths import SchoolPaths

BENCH_NOW = datetime(2026, 11, 20, 12, 0)
OPEN_RUNS = 7
BULK_PEOPLE = 1500  # 750 students and a parent each: a school's first day


def _wait(app: Any, done: Callable[[], bool], timeout_s: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not done():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the people window did not answer in time")


def _attach(app: Any, signed: SignedIn) -> None:
    from desktop_app.worker import WorkerTask

    box: list[object] = []
    WorkerTask(lambda w: w.attach(signed)).success(box.append).run()
    _wait(app, lambda: bool(box))


def _students_open(app: Any, signed: SignedIn, today: date) -> dict[str, float]:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QWidget

    from database.queries.people_lists import student_rows
    from desktop_app.people import open_people_window
    from desktop_app.worker import DbOp

    host = QWidget()
    opens: list[float] = []
    reads: list[float] = []
    rows = 0
    for _ in range(OPEN_RUNS):
        # An event loop that sleeps while the worker reads, as the application's does
        # (a busy processEvents loop would take the GIL from the worker).
        loop = QEventLoop()
        started = time.perf_counter()
        window: Any = open_people_window(host, signed, "students", today=lambda: today)
        page = window.pages["students"]
        page.dataShown.connect(loop.quit)
        if not page.loaded:
            loop.exec()
        page.ui.tableView.viewport().repaint()
        opens.append((time.perf_counter() - started) * 1000)
        rows = page.proxy.rowCount()
        window.close()
        window.deleteLater()
        app.processEvents()
        box: list[float] = []

        def read(session: Any) -> float:
            t0 = time.perf_counter()
            student_rows(session, signed.actor, today)
            return (time.perf_counter() - t0) * 1000

        DbOp(read).success(box.append).run()
        _wait(app, lambda box=box: bool(box))
        reads.append(box[0])
    return {
        "students_list_open_p50_ms": round(statistics.median(opens), 1),
        "students_list_read_p50_ms": round(statistics.median(reads), 1),
        "students_list_rows": rows,
    }


def _bulk_accounts(paths: SchoolPaths, today: date) -> dict[str, float]:
    """On a copy: add the new people, then plan and issue their accounts."""
    from sqlalchemy import select

    from database.account_batch import SLOT_THREADS, issue_batch
    from database.models import SchoolClass
    from database.services.account_batch import BatchScope, plan_batch
    from database.services.people import add_guardian, add_student, enrol_student, link_guardian

    with tempfile.TemporaryDirectory() as tmp:
        copy = SchoolPaths(Path(tmp) / "school")
        shutil.copytree(paths.root, copy.root)
        signed = sign_in(copy, "admin", DEMO_PASSWORDS["admin"], clock=lambda: BENCH_NOW)
        try:
            with signed.sessions() as session:
                actor = signed.actor
                class_id = session.execute(select(SchoolClass.id).limit(1)).scalar_one()
                for n in range(BULK_PEOPLE // 2):
                    student = add_student(session, actor, "Новиков", "Иван", "Петрович",
                                          gender="m", birth_date=date(2015, 1, 1 + n % 28))
                    enrol_student(session, actor, student.id, class_id, today, "№ 1")
                    parent = add_guardian(session, actor, "Новикова", "Анна", "Ивановна")
                    link_guardian(session, actor, student.id, parent.id, "мать")
                session.commit()
            started = time.perf_counter()
            with signed.sessions() as session:
                planned = plan_batch(session, signed.actor, BatchScope(), today)
            planned_at = time.perf_counter()
            issued = issue_batch(signed, planned)
            done = time.perf_counter()
        finally:
            signed.close()
    return {
        "bulk_accounts": len(issued),
        "bulk_accounts_plan_s": round(planned_at - started, 2),
        "bulk_accounts_issue_s": round(done - planned_at, 2),
        "bulk_accounts_per_account_ms": round((done - planned_at) * 1000 / max(len(issued), 1),
                                              1),
        "bulk_slot_threads": SLOT_THREADS,
    }


def people_figures(paths: SchoolPaths) -> dict[str, Any]:
    from desktop_app.app import create_application
    from desktop_app.worker import shutdown_worker

    app = create_application([])
    today = BENCH_NOW.date()
    signed = sign_in(paths, "admin", DEMO_PASSWORDS["admin"], clock=lambda: BENCH_NOW,
                     record=False)
    _attach(app, signed)
    try:
        figures: dict[str, Any] = _students_open(app, signed, today)
    finally:
        shutdown_worker()
    figures.update(_bulk_accounts(paths, today))
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(people_figures(SchoolPaths(Path(sys.argv[1]))), ensure_ascii=False,
                     indent=2))
