"""The serialized database worker: results on the GUI thread, errors as Russian
message boxes, never a traceback on screen, and the busy indicator for slow work."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import text

from database.errors import ReasonRequired, ValidationError
from desktop_app import messages
from desktop_app.worker import ReasonOp, Task, worker
from tests.desktop_app.journal_helpers import MATH_TEACHER, signed_in


def test_success_is_delivered_on_the_gui_thread(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    results: list[tuple[str, bool]] = []
    gui = threading.current_thread()
    Task(lambda: threading.current_thread().name).success(
        lambda name: results.append((name, threading.current_thread() is gui))
    ).run()
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert results[0][1]  # the callback ran on the GUI thread
    assert results[0][0] != gui.name


def test_jobs_run_in_order(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    for n in range(20):
        Task(lambda n=n: n).success(seen.append).run()
    qtbot.waitUntil(lambda: len(seen) == 20, timeout=20_000)
    assert seen == list(range(20))
    assert worker().idle


def test_domain_error_is_shown_in_russian(qtbot, app, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    def fail() -> None:
        raise ValidationError("Отметка «7» недопустима.")

    Task(fail).run()
    qtbot.waitUntil(lambda: bool(recorded_messages.shown), timeout=20_000)
    assert recorded_messages.shown == [("warning", "Отметка «7» недопустима.")]


def test_unexpected_error_is_logged_not_shown(qtbot, app, recorded_messages, caplog) -> None:  # type: ignore[no-untyped-def]
    def crash() -> None:
        raise KeyError("secret internals")

    Task(crash).run()
    qtbot.waitUntil(lambda: bool(recorded_messages.shown), timeout=20_000)
    kind, text = recorded_messages.shown[0]
    assert kind == "critical"
    assert "secret internals" not in text and "Traceback" not in text
    assert text == messages.error_text(KeyError())
    assert "secret internals" in caplog.text  # the traceback went to the log


def test_failure_callback_replaces_the_message(qtbot, app, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    caught: list[BaseException] = []
    Task(lambda: 1 / 0).failure(caught.append).run()
    qtbot.waitUntil(lambda: bool(caught), timeout=20_000)
    assert isinstance(caught[0], ZeroDivisionError)
    assert not recorded_messages.shown


def test_busy_indicator_for_slow_work(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    states: list[tuple[bool, str]] = []
    worker().busyChanged.connect(lambda busy, text: states.append((busy, text)))
    done: list[bool] = []
    release = threading.Event()
    # Slow work: it lasts until the indicator has been shown (after BUSY_DELAY_MS).
    Task(lambda: release.wait(20)).busy("Печать…").success(lambda _: done.append(True)).run()
    qtbot.waitUntil(lambda: bool(states), timeout=20_000)
    assert states == [(True, "Печать…")]
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert states == [(True, "Печать…"), (False, "")]


def test_a_read_for_a_destroyed_widget_is_skipped(qtbot, app, recorded_messages, caplog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    release = threading.Event()
    ran: list[str] = []
    delivered: list[str] = []
    closed, kept = QWidget(), QWidget()
    qtbot.addWidget(kept)
    Task(lambda: release.wait(10)).run()  # holds the worker until both reads are queued
    Task(lambda: ran.append("closed")).success(lambda _: delivered.append("closed")).read_for(
        closed).run()
    Task(lambda: ran.append("kept")).success(lambda _: delivered.append("kept")).read_for(
        kept).run()
    destroyed: list[bool] = []
    closed.destroyed.connect(lambda *_: destroyed.append(True))
    closed.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: worker().idle, timeout=20_000)
    assert ran == ["kept"] and delivered == ["kept"]
    assert not recorded_messages.shown  # a skipped read is not an error
    assert "background operation failed" not in caplog.text  # nor logged as one


def _needs_a_reason(runs: list[str | None], *, always: bool = False) -> Any:
    """An operation the services refuse until it has a reason (or always)."""

    def run(session: Any, reason: str | None) -> int:
        runs.append(reason)
        if reason is None or always:
            raise ReasonRequired("Укажите причину исправления.")
        return int(session.execute(text("SELECT 1")).scalar_one())

    return run


def _answering(reason: str, asked: list[str]) -> Any:
    def ask(parent: object, question: str) -> str:
        asked.append(question)
        return reason

    return ask


def test_a_correction_asks_for_its_reason_and_runs_again(  # type: ignore[no-untyped-def]
        qtbot, app, demo_paths, monkeypatch) -> None:
    signed_in(qtbot, demo_paths, MATH_TEACHER)
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_reason", _answering("опечатка", asked))
    runs: list[str | None] = []
    results: list[int] = []
    ReasonOp(_needs_a_reason(runs)).success(results.append).run()
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert runs == [None, "опечатка"] and results == [1]
    assert asked == ["Укажите причину исправления."]


def test_a_declined_reason_or_a_second_refusal_goes_to_the_failure_handler(  # type: ignore[no-untyped-def]
        qtbot, app, demo_paths, monkeypatch, recorded_messages) -> None:
    signed_in(qtbot, demo_paths, MATH_TEACHER)
    answers = iter([None, "опечатка"])
    monkeypatch.setattr(messages, "ask_reason", lambda parent, question: next(answers))
    runs: list[str | None] = []
    failures: list[BaseException] = []
    ReasonOp(_needs_a_reason(runs)).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    assert runs == [None] and isinstance(failures[0], ReasonRequired)  # declined

    runs.clear()
    ReasonOp(_needs_a_reason(runs, always=True)).run()  # the default handler
    qtbot.waitUntil(lambda: worker().idle and bool(recorded_messages.shown), timeout=20_000)
    assert runs == [None, "опечатка"]  # asked once, run again once
    assert recorded_messages.shown == [("warning", "Укажите причину исправления.")]


def test_nothing_is_asked_once_the_parent_is_gone(qtbot, app, demo_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    signed_in(qtbot, demo_paths, MATH_TEACHER)
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_reason", _answering("опечатка", asked))
    release = threading.Event()
    page = QWidget()
    runs: list[str | None] = []
    failures: list[BaseException] = []
    Task(lambda: release.wait(10)).run()  # holds the worker until the page is gone
    ReasonOp(_needs_a_reason(runs)).failure(failures.append).parent(page).run()
    destroyed: list[bool] = []
    page.destroyed.connect(lambda *_: destroyed.append(True))
    page.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    assert runs == [None] and not asked


def test_what_the_user_asks_for_runs_before_queued_background_work(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []
    Task(lambda: (started.set(), release.wait(20))).background().run()  # a step under way
    qtbot.waitUntil(started.is_set, timeout=20_000)
    for number in range(3):  # the steps queued behind it
        Task(lambda n=number: ran.append(f"step {n}")).background().run()
    Task(lambda: ran.append("mark")).run()  # typed meanwhile
    Task(lambda: ran.append("read")).run()
    release.set()
    qtbot.waitUntil(lambda: worker().idle, timeout=20_000)
    assert ran == ["mark", "read", "step 0", "step 1", "step 2"]


def test_background_work_shows_no_busy_indicator_but_a_user_waiting_behind_it_does(  # type: ignore[no-untyped-def]
        qtbot, app) -> None:
    states: list[tuple[bool, str]] = []
    worker().busyChanged.connect(lambda busy, text: states.append((busy, text)))
    started, release = threading.Event(), threading.Event()
    Task(lambda: (started.set(), release.wait(20))).busy("Синхронизация…").background().run()
    qtbot.waitUntil(started.is_set, timeout=20_000)  # on the worker: the save waits for it
    saved: list[bool] = []
    Task(lambda: True).busy("Сохранение…").success(saved.append).run()
    qtbot.waitUntil(lambda: bool(states), timeout=20_000)
    assert states == [(True, "Сохранение…")]  # the user's job, not the background's
    release.set()
    qtbot.waitUntil(lambda: worker().idle, timeout=20_000)
    assert saved == [True] and states == [(True, "Сохранение…"), (False, "")]
