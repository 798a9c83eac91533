"""The serialized database worker: results on the GUI thread, errors as Russian
message boxes, never a traceback on screen, and the busy indicator for slow work."""

from __future__ import annotations

import threading

from database.errors import ValidationError
from desktop_app import messages
from desktop_app.worker import Task, worker


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
