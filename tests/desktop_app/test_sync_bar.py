"""Synchronisation in the main window: the status bar's sync states, «Sync now» on
the worker, the background timer, and a mark crossing from one computer to another.

The computers are the sync tests' cheap ones (tests/database/sync_helpers.py): real
encrypted databases meeting through one share folder. The window shows computer B,
whose database the worker owns; computer A is "another computer" used directly.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from database.actor import Actor
from database.auth import SignedIn
from database.changelog import local_device_id, save
from database.engine import make_engine, make_sessionmaker
from database.keyslots import new_data_key
from database.models import Mark, Student
from database.paths import SchoolPaths
from database.settings import load_settings
from database.store import create_database
from tests.database.sync_helpers import (
    NOW,
    Computer,
    TwoComputers,
    teacher_actor,
    two_computers,
)


@pytest.fixture(autouse=True)
def slow_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The background schedule starts nothing by itself while a test runs (an hour
    to the first look); the timer tests move a fake clock instead."""
    import database.sync.watch

    monkeypatch.setattr(database.sync.watch, "FIRST_LOOK_S", 3600.0)
    monkeypatch.setattr(database.sync.watch, "POLL_INTERVAL_S", 3600.0)
    monkeypatch.setattr(database.sync.watch, "FULL_ROUND_S", 36_000.0)


@pytest.fixture
def two(tmp_path: Path) -> Iterator[TwoComputers]:
    computers = two_computers(tmp_path)
    yield computers
    computers.close()


def _signed(paths: SchoolPaths, data_key: bytes, name: str) -> SignedIn:
    """The computer's database opened as its administration (worker thread)."""
    engine = make_engine(paths.db, data_key)
    maker = make_sessionmaker(engine)
    with maker() as session:
        settings = load_settings(session)
        device = local_device_id(session)
    return SignedIn(
        paths=paths, engine=engine, sessionmaker=maker, actor=Actor.system(device),
        login="admin", account_id=uuid.uuid4(), person_name="Волкова Н. С.",
        must_change_password=False, device_name=name, device_kind="classroom",
        school_name="СОШ № 1", settings=settings, _data_key=bytearray(data_key),
    )


def _window(qtbot: Any, paths: SchoolPaths, data_key: bytes, name: str) -> Any:
    from desktop_app.main_window import MainWindow
    from desktop_app.worker import WorkerTask

    box: list[SignedIn] = []
    WorkerTask(lambda w: w.attach(_signed(paths, data_key, name))).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=20_000)
    window = MainWindow(box[0], on_lock=lambda: None, on_switch_user=lambda: None,
                        on_sign_out=lambda: None, on_change_password=lambda: None,
                        today=lambda: NOW.date())
    qtbot.addWidget(window)
    window.resize(1366, 700)  # a school computer's usual screen
    window.show()
    qtbot.waitUntil(lambda: window.home is not None and window.sync_bar.state is not None,
                    timeout=20_000)
    return window


def _sync_now(qtbot: Any, window: Any) -> Any:
    bar = window.sync_bar
    assert bar.button.isEnabled()
    with qtbot.waitSignal(bar.roundFinished, timeout=30_000) as blocker:
        qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def _mark_on(computer: Computer, two: TwoComputers, value: str) -> None:
    with computer.maker.begin() as session:
        save(session, teacher_actor(computer, two.journal), Mark(
            lesson_id=two.journal.lesson, student_id=two.student, position=1, value=value,
            entered_at=NOW))


def _marks(computer: Computer) -> list[str]:
    with computer.maker() as session:
        return list(session.execute(select(Mark.value)).scalars())


def test_not_set_up_on_this_computer(app: Any, qtbot: Any, tmp_path: Path) -> None:
    paths = SchoolPaths(tmp_path / "alone")
    data_key = new_data_key()
    create_database(paths, data_key, device_name="Кабинет 5", device_kind="classroom").dispose()
    window = _window(qtbot, paths, data_key, "Кабинет 5")
    bar = window.sync_bar
    assert not bar.state.joined
    assert bar.text() == "Синхронизация не настроена"
    assert "не подключён к общей папке" in bar.label.toolTip()
    assert not window.ui.actionSyncNow.isEnabled() and not bar.button.isVisible()
    assert not bar.sync_now(manual=False)  # the timer has nothing to do here
    window.grab().save(str(tmp_path / "not_set_up.png"))


def test_a_divergence_is_shown_on_the_bar(app: Any, qtbot: Any, tmp_path: Path) -> None:
    from database.sync.round import SyncStatus
    from database.sync.status import ShareState

    paths = SchoolPaths(tmp_path / "alone")
    data_key = new_data_key()
    create_database(paths, data_key, device_name="Кабинет 5", device_kind="classroom").dispose()
    window = _window(qtbot, paths, data_key, "Кабинет 5")
    bar = window.sync_bar
    status = SyncStatus(True, None, 0, 0, 0, [], [], divergent=("данные «Кабинет 7» …",))
    text = bar.state_text(ShareState(status, tmp_path / "share", None))
    assert "данные расходятся с компьютерами: 1" in text
    bar.label.set_full_text(text)
    window.statusBar().grab().save(str(tmp_path / "divergence.png"))
    assert "Расхождение: данные «Кабинет 7»" in status.describe()  # the tooltip's part


def test_sync_now_brings_a_mark_from_another_computer(
        app: Any, qtbot: Any, two: TwoComputers, tmp_path: Path) -> None:
    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    assert bar.state.joined and bar.state.unavailable is None
    assert bar.text().startswith("Синхронизировано ")

    _mark_on(two.a, two, "5")
    assert two.a.sync().ok
    assert _marks(two.b) == []
    with qtbot.waitSignal(window.homeLoaded, timeout=30_000):  # the pages are read again
        outcome = _sync_now(qtbot, window)
    assert outcome.report.ok and outcome.report.applied >= 1
    assert _marks(two.b) == ["5"]
    assert bar.text().startswith("Синхронизировано ")
    assert "ждут отправки" not in bar.text()
    window.grab().save(str(tmp_path / "synced.png"))


def test_changes_waiting_then_sent(app: Any, qtbot: Any, two: TwoComputers) -> None:
    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    _mark_on(two.b, two, "4")  # typed on B, not yet sent
    with qtbot.waitSignal(bar.stateShown, timeout=10_000):
        bar.refresh()
    assert "ждут отправки: " in bar.text()
    outcome = _sync_now(qtbot, window)
    assert outcome.report.published >= 1
    assert "ждут отправки" not in bar.text()
    assert two.a.sync().ok
    assert _marks(two.a) == ["4"]


def test_share_removed_is_unavailable_with_the_reason(
        app: Any, qtbot: Any, two: TwoComputers, recorded_messages: Any, tmp_path: Path) -> None:
    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    share = two.b.share
    shutil.move(str(share), str(tmp_path / "elsewhere"))  # the share unmounted
    with qtbot.waitSignal(bar.stateShown, timeout=10_000):
        bar.refresh()
    text = bar.text()
    assert text.startswith("Общая папка недоступна: ")
    assert text == "Общая папка недоступна: сеть или диск не подключены"
    assert str(share) in bar.label.toolTip()
    outcome = _sync_now(qtbot, window)
    assert not outcome.report.ok
    assert not share.exists()  # nothing was created where the share was
    assert bar.text().startswith("Общая папка недоступна: ")
    warnings = recorded_messages.texts("warning")
    assert len(warnings) == 1 and "сеть или диск не подключены" in warnings[0]
    assert "Traceback" not in warnings[0]
    window.grab().save(str(tmp_path / "unavailable.png"))


def _quiet(qtbot: Any, bar: Any) -> None:
    """Nothing under way; the timer armed for the next step."""
    qtbot.waitUntil(lambda: bar.timer.isActive() and not bar.running and not bar.polling,
                    timeout=30_000)


def _fake_clock(bar: Any) -> list[float]:
    """From now on the bar's schedule runs on a clock the test moves by hand."""
    from database.sync.watch import SyncSchedule

    now = [1000.0]
    bar.clock = lambda: now[0]
    bar.schedule = SyncSchedule(now[0])
    bar.schedule.poll_at = now[0]  # looks at once
    return now


def test_timer_runs_rounds_only_while_unlocked_and_never_two_at_once(
        app: Any, qtbot: Any, two: TwoComputers) -> None:
    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    _quiet(qtbot, bar)
    assert bar.sync_now(manual=True)
    assert not bar.sync_now(manual=False)  # one round at a time
    assert not window.ui.actionSyncNow.isEnabled()
    qtbot.waitUntil(lambda: not bar.running, timeout=30_000)
    window.set_locked(True)
    assert not bar.timer.isActive()
    window.set_locked(False)
    _quiet(qtbot, bar)


def test_a_poll_brings_another_computers_mark_and_an_idle_one_does_nothing(
        app: Any, qtbot: Any, two: TwoComputers) -> None:
    from database.sync.watch import POLL_INTERVAL_S

    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    _quiet(qtbot, bar)
    now = _fake_clock(bar)
    bar.next_step()  # a new schedule looks at once: the share is new to it, so a round
    qtbot.waitUntil(lambda: bar.timer.isActive() and not bar.running and not bar.polling,
                    timeout=30_000)
    rounds: list[Any] = []
    bar.roundFinished.connect(rounds.append)
    now[0] += POLL_INTERVAL_S
    bar.next_step()  # what the timer does when the poll is due: nothing new, no round
    qtbot.waitUntil(lambda: not bar.polling and bar.timer.isActive(), timeout=30_000)
    assert rounds == [] and bar.schedule.poll_at == now[0] + POLL_INTERVAL_S
    _mark_on(two.a, two, "5")
    assert two.a.sync().ok
    now[0] += POLL_INTERVAL_S
    with qtbot.waitSignal(bar.roundFinished, timeout=30_000):
        bar.next_step()  # the poll sees A's head move and starts the round itself
    assert _marks(two.b) == ["5"]


def test_a_change_committed_here_goes_out_a_few_seconds_later(
        app: Any, qtbot: Any, two: TwoComputers) -> None:
    from database.sync.watch import PUBLISH_DELAY_S
    from desktop_app.worker import DbOp

    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    _quiet(qtbot, bar)
    now = _fake_clock(bar)
    bar.schedule.polled(now[0], (("registry", 0, 0),), news=False)  # looked: nothing new
    actor = teacher_actor(two.b, two.journal)
    DbOp(lambda s: save(s, actor, Mark(lesson_id=two.journal.lesson, student_id=two.student,
                                       position=1, value="4", entered_at=NOW))).run()
    qtbot.waitUntil(lambda: bar.schedule.publish_at is not None, timeout=30_000)
    assert bar.schedule.publish_at == now[0] + PUBLISH_DELAY_S
    assert bar.timer.isActive() and not bar.running
    now[0] += PUBLISH_DELAY_S
    with qtbot.waitSignal(bar.roundFinished, timeout=30_000) as blocker:
        bar.next_step()  # the timer firing
    assert blocker.args[0].report.published >= 1
    assert two.a.sync().applied >= 1 and _marks(two.a) == ["4"]


def test_an_open_journal_with_unsaved_edits_is_not_reloaded(
        app: Any, qtbot: Any, two: TwoComputers) -> None:
    from desktop_app.journal.window import open_assignment
    from desktop_app.worker import DbOp

    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    page = open_assignment(window, two.journal.assignment)
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=20_000)
    before = page.snapshot
    page.editor.pending_saves = 1  # a save on its way: the reload must not overtake it
    window.refresh_after_sync()
    done: list[bool] = []
    DbOp(lambda s: True).success(done.append).run()  # after anything queued before it
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert page.snapshot is before
    assert window.ui.pageStack.currentWidget() is page  # the home pages were not rebuilt
    page.editor.pending_saves = 0
    window.refresh_after_sync()
    qtbot.waitUntil(lambda: page.snapshot is not before, timeout=10_000)


def test_a_mark_typed_during_a_long_apply_is_saved_between_two_segments(
        app: Any, qtbot: Any, two: TwoComputers, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """The round runs one segment per worker job: a save asked for while it runs is
    committed before the round ends, and the round still applies everything."""
    import database.sync.publish
    from desktop_app.worker import DbOp

    monkeypatch.setattr(database.sync.publish, "MAX_ROWS", 1)  # one segment per change
    with two.a.maker.begin() as session:
        for number in range(6):
            save(session, two.a.system(), Student(surname=f"Новиков{number}", name="Иван"))
    assert two.a.sync().ok
    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    shown: list[str] = []
    bar._progress.connect(shown.append)

    def look(_text: str) -> None:
        if len(shown) == 3:  # the bar in the middle of the round
            window.grab().save(str(tmp_path / "applying.png"))

    bar._progress.connect(look)
    order: list[str] = []
    bar.roundFinished.connect(lambda _outcome: order.append("round finished"))
    actor = teacher_actor(two.b, two.journal)
    assert bar.sync_now(manual=False)
    DbOp(lambda s: save(s, actor, Mark(lesson_id=two.journal.lesson, student_id=two.student,
                                       position=1, value="3", entered_at=NOW))).success(
        lambda _: order.append(f"saved, round running: {bar.running}")).run()
    qtbot.waitUntil(lambda: "round finished" in order, timeout=60_000)
    assert order == ["saved, round running: True", "round finished"]
    assert len([text for text in shown if "Приняты изменения" in text]) == 6
    assert shown[-1].startswith("100 % · ")
    with two.b.maker() as session:
        surnames = set(session.execute(select(Student.surname)).scalars())
    assert {f"Новиков{n}" for n in range(6)} <= surnames
    assert _marks(two.b) == ["3"]


def test_a_mark_typed_while_one_long_segment_applies_is_saved_between_two_parts(
        app: Any, qtbot: Any, two: TwoComputers, monkeypatch: pytest.MonkeyPatch) -> None:
    """One segment of many rows goes in parts of a step's length (here: the least a
    part holds, four rows): a save asked for after the first part is committed while
    the rest of that segment is still to come."""
    import database.sync.pacing as pacing
    from desktop_app.worker import DbOp

    monkeypatch.setattr(pacing, "FIRST_ROWS", 4)
    monkeypatch.setattr(pacing, "MIN_ROWS", 4)
    monkeypatch.setattr(pacing, "STEP_S", 1e-9)
    with two.a.maker.begin() as session:
        for number in range(16):
            save(session, two.a.system(), Student(surname=f"Новиков{number}", name="Иван"))
    assert two.a.sync().ok  # one segment of 16 rows
    window = _window(qtbot, two.b.paths, two.b.data_key, "room12")
    bar = window.sync_bar
    events: list[str] = []
    actor = teacher_actor(two.b, two.journal)

    def progressed(text: str) -> None:
        events.append(text)
        if len([e for e in events if "Приняты изменения" in e]) == 1:  # the first part
            DbOp(lambda s: save(s, actor, Mark(
                lesson_id=two.journal.lesson, student_id=two.student, position=1,
                value="3", entered_at=NOW))).success(lambda _: events.append("saved")).run()

    bar._progress.connect(progressed)
    bar.roundFinished.connect(lambda _outcome: events.append("round finished"))
    assert bar.sync_now(manual=False)
    qtbot.waitUntil(lambda: "round finished" in events, timeout=60_000)
    parts = [e for e in events if "Приняты изменения" in e]
    assert len(parts) == 4  # four rows each
    saved = events.index("saved")
    assert events.index(parts[0]) < saved < events.index(parts[-1])  # between two parts
    with two.b.maker() as session:
        surnames = set(session.execute(select(Student.surname)).scalars())
    assert {f"Новиков{n}" for n in range(16)} <= surnames
    assert _marks(two.b) == ["3"]
