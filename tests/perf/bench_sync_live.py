"""Benchmark figures of synchronisation in real time (called from ``tests/perf/bench.py``).

Two computers of a ``tiny`` demo over a local share folder:

- ``mark_latency_s``: a mark committed on the administration computer until it is
  in the classroom computer's database, each computer driven by the default timers
  (:class:`database.sync.watch.SyncSchedule`: publish 3 s after a commit, a look at
  the others' heads every 10 s, a round when a head announces something new), the
  mark committed at a different moment of the other's poll cycle each time;
  ``mark_latency_p50_s`` / ``_max_s`` over the samples (target ≤ 30 s). The two
  computers take turns in one process (each has its own database and schedule).
- ``typing_during_apply``: on the classroom computer, signed in through the real
  GUI worker (:mod:`desktop_app.worker`), a round applies a school day of 20,000
  changes (the ``bench_sync`` day) in steps (:func:`desktop_app.sync_bar._round_step`)
  while a mark is typed every 500 ms through ``set_cell``: typed → committed while
  the apply runs (p50/p90/p95/max), the same with no apply for comparison, and
  the apply's time. The GUI's pace (database.sync.pacing): the user is at work, so
  the apply goes in steps of about 60 ms of CPU.

Run alone (offscreen Qt): ``python -m tests.perf.bench_sync_live``.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from database.actor import Actor
from database.changelog import local_device_id, save
from database.demo import DEMO_PASSWORDS
from database.engine import make_engine, make_sessionmaker
from database.keyslots import open_slot
from database.models import Mark, TeachingAssignment
from database.paths import SchoolPaths
from database.sync.demo_share import install_demo_share
from database.sync.people import open_with_synced_slot
from database.sync.round import sync_round
from database.sync.watch import SyncSchedule, poll_share
from tests.perf.bench_sync import CHANGES, _school_day, free_cells
from tests.perf.clock import BENCH_NOW, BENCH_TODAY, bench_clock
from tests.perf.qt_wait import wait_idle

SAMPLES = 4
# A quick typist: two cells a second (ten a second would measure the queue of marks
# waiting behind each other, not the apply).
TYPING_INTERVAL_MS = 500


class _Computer:
    """One computer: its database and its schedule, stepped by :func:`_run_until`."""

    def __init__(self, paths: SchoolPaths, key: bytes, share: Path) -> None:
        self.paths = paths
        self.engine: Engine = make_engine(paths.db, key)
        self.maker = make_sessionmaker(self.engine)
        self.share = share
        self.schedule = SyncSchedule(time.monotonic())

    def step(self, now: float) -> float:
        """Do what is due; return seconds until the next thing is."""
        action, wait = self.schedule.due(now)
        if action == "poll":
            with self.maker() as session:
                result = poll_share(session, self.share, self.schedule.fingerprint)
            self.schedule.polled(time.monotonic(), result.fingerprint, result.news)
            return 0.0
        if action == "round":
            self.schedule.round_started(now)
            report = sync_round(self.paths, self.engine, self.share)
            self.schedule.round_finished(time.monotonic(), report.ok)
            return 0.0
        return wait


def _free_cells(engine: Engine) -> list[tuple[Any, Any]]:
    with make_sessionmaker(engine)() as session:
        return free_cells(session)


def mark_latency(admin: _Computer, room: _Computer) -> dict[str, Any]:
    cells = _free_cells(admin.engine)
    with admin.maker() as session:
        actor = Actor.system(local_device_id(session))
    samples: list[float] = []
    for number in range(SAMPLES):
        # Commit at a different point of the classroom computer's poll cycle each time.
        offset = number * 10.0 / SAMPLES
        phase_end = time.monotonic() + offset
        while time.monotonic() < phase_end:
            waits = [admin.step(time.monotonic()), room.step(time.monotonic())]
            time.sleep(max(0.0, min(min(waits), phase_end - time.monotonic(), 0.5)))
        lesson_id, student_id = cells[number]
        with admin.maker.begin() as session:
            mark = Mark(lesson_id=lesson_id, student_id=student_id, position=1, value="5",
                        entered_at=BENCH_NOW)
            save(session, actor, mark)
            mark_id = mark.id
        committed = time.monotonic()
        admin.schedule.committed(committed)
        while True:
            waits = [admin.step(time.monotonic()), room.step(time.monotonic())]
            with room.maker() as session:
                if session.get(Mark, mark_id) is not None:
                    break
            if time.monotonic() - committed > 120:
                raise RuntimeError("the mark did not cross within two minutes")
            time.sleep(max(0.0, min(min(waits), 0.5)))
        samples.append(time.monotonic() - committed)
    return {
        "mark_latency_s": [round(s, 2) for s in samples],
        "mark_latency_p50_s": round(statistics.median(samples), 2),
        "mark_latency_max_s": round(max(samples), 2),
    }


def typing_during_apply(room_paths: SchoolPaths, share: Path) -> dict[str, Any]:
    """Marks typed through the GUI worker while a long apply runs on it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from database.auth import sign_in
    from database.queries.journal import load_journal
    from database.services.marks import MarkInput, set_cell
    from desktop_app.sync_bar import RoundOutcome, _round_step, _RoundSteps
    from desktop_app.worker import DbOp, WorkerTask, shutdown_worker

    # A QApplication (not a core one): the worker shows a busy cursor on long jobs.
    app = QApplication.instance() or QApplication(sys.argv[:1])
    box: list[Any] = []
    WorkerTask(lambda w: w.attach(sign_in(
        room_paths, "admin", DEMO_PASSWORDS["admin"], clock=bench_clock))).success(
        box.append).run()
    wait_idle(app, lambda: bool(box))
    signed = box[0]

    # Cells the administration may correct today: the last ten days' lessons.
    with signed.sessions() as session:
        assignment = session.execute(
            select(TeachingAssignment).where(TeachingAssignment.group_id.is_(None))
        ).scalars().first()
        journal = load_journal(session, signed.actor, assignment.id,
                               BENCH_TODAY - timedelta(days=10), BENCH_TODAY)
    cells = [(lesson.id, student.id) for lesson in journal.lessons for student in
             journal.students if student.present_on(lesson.date) and not lesson.cancelled]
    assert cells, "no cell to type into"
    typed: list[float] = []
    state = {"index": 0, "typing": True}

    def type_mark() -> None:
        if not state["typing"]:
            return
        index = state["index"]
        state["index"] = index + 1
        lesson_id, student_id = cells[index % len(cells)]
        value = ("5", "4", "3")[index % 3]
        started = time.perf_counter()
        DbOp(lambda s: set_cell(s, signed.actor, lesson_id, student_id, attendance=None,
                                marks=[MarkInput(value)])).success(
            lambda _: typed.append(time.perf_counter() - started)).run()

    timer = QTimer()
    timer.setInterval(TYPING_INTERVAL_MS)
    timer.timeout.connect(type_mark)

    # With no apply: the figure to compare with.
    timer.start()
    wait_idle(app, lambda: len(typed) >= 10)
    idle = list(typed)
    typed.clear()

    done: list[RoundOutcome] = []
    steps = {"n": 0}
    run = _RoundSteps(lambda _text: None)

    def step() -> None:
        steps["n"] += 1
        WorkerTask(lambda w: _round_step(w, run)).success(stepped).run()

    def stepped(outcome: RoundOutcome | None) -> None:
        if outcome is None:
            step()
        else:
            done.append(outcome)

    started = time.perf_counter()
    step()
    wait_idle(app, lambda: bool(done), timeout_s=600)
    apply_s = time.perf_counter() - started
    state["typing"] = False
    timer.stop()
    during = list(typed)
    report = done[0].report
    shutdown_worker()
    return {
        "applied": report.applied,
        "apply_with_typing_s": round(apply_s, 2),
        "round_steps": steps["n"],
        "round_step_mean_s": round(apply_s / steps["n"], 2),
        "marks_typed_during_apply": len(during),
        "mark_commit_during_apply_p50_ms": round(statistics.median(during) * 1000, 1),
        "mark_commit_during_apply_p90_ms": round(_quantile(during, 0.9) * 1000, 1),
        "mark_commit_during_apply_p95_ms": round(_quantile(during, 0.95) * 1000, 1),
        "mark_commit_during_apply_max_ms": round(max(during) * 1000, 1),
        "mark_commit_idle_p50_ms": round(statistics.median(idle) * 1000, 1),
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def live_figures(workdir: Path | None = None) -> dict[str, Any]:
    root = Path(workdir or tempfile.mkdtemp(prefix="bench-sync-live-"))
    share = root / "share"
    summary = install_demo_share(root / "demo", share, 2, size="tiny", today=BENCH_TODAY)
    admin_paths, room_paths = summary.computers
    admin_key = open_slot(admin_paths.slots_dir, "admin", DEMO_PASSWORDS["admin"])
    room_key = open_with_synced_slot(room_paths, "admin", DEMO_PASSWORDS["admin"])
    assert room_key is not None
    admin = _Computer(admin_paths, admin_key, share)
    room = _Computer(room_paths, room_key, share)
    try:
        figures = mark_latency(admin, room)
        print(f"bench_sync_live: {figures}", file=sys.stderr, flush=True)
    finally:
        admin.engine.dispose()
        room.engine.dispose()
    # A school day published by the administration computer, for the classroom
    # computer to apply while its user types.
    _school_day(admin_paths, admin_key, CHANGES)
    engine = make_engine(admin_paths.db, admin_key)
    try:
        assert sync_round(admin_paths, engine, share).ok
    finally:
        engine.dispose()
    figures["typing_during_apply"] = typing_during_apply(room_paths, share)
    figures["at"] = datetime.now().isoformat(timespec="seconds")
    return figures


if __name__ == "__main__":
    print(json.dumps(live_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else None),
                     ensure_ascii=False, indent=1))
