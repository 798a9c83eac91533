"""Synchronisation in the main window: the status bar's sync label, «Sync now», and
the background timer.

Every round runs on the one database worker (:class:`~desktop_app.worker.WorkerTask`)
with the signed-in database; the UI thread only shows what comes back. The label
always says the truth read from the database and the share
(:func:`database.sync.status.read_share_state`): not set up on this computer, share
unavailable and why, last successful sync, changes waiting to go out, conflicts and
refused changes waiting. A round is never started while another is running, and the
timer runs only while the window is signed in and unlocked (:meth:`SyncBar.set_active`).

Typing stays quick during a long apply: each step of a round is a background job
(:meth:`desktop_app.worker._Op.background`), so whatever the user asks for meanwhile
runs before the next step, and the round's pace (:mod:`database.sync.pacing`) keeps a
step near 60 ms of CPU while the user is at work (200 ms when nobody has asked for
anything for :data:`USER_AT_WORK_S`), the state digest included.

When: :class:`database.sync.watch.SyncSchedule` decides — a round a few seconds after
changes are committed here, a cheap look at the others' heads every ten seconds and a
round only when they announce something new, a full round every five minutes, and a
backed-off pace while the share is unavailable. One single-shot timer is armed for
whatever is due next.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QToolButton, QWidget

from database.sync.watch import Fingerprint, PollResult, SyncSchedule
from desktop_app import messages
from desktop_app.worker import DbOp, DbWorker, NotSignedIn, WorkerTask, worker

if TYPE_CHECKING:
    from database.auth import SignedIn
    from database.sync.round import SyncReport
    from database.sync.status import ShareState


@dataclass(frozen=True)
class RoundOutcome:
    report: SyncReport
    state: ShareState


# The user counts as at work this long after asking the worker for anything: the
# apply then goes in short steps (see database.sync.pacing).
USER_AT_WORK_S = 30.0


class _RoundSteps:
    """A round under way: its steps (:func:`database.sync.round.sync_round_steps`), their
    pace and the database it runs on. Touched only on the worker thread."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        from database.sync.pacing import IDLE_STEP_S, Pace

        self.progress = progress
        self.steps: Generator[None, None, SyncReport] | None = None
        self.signed: SignedIn | None = None
        self.pace = Pace(IDLE_STEP_S)

    def set_pace(self, w: DbWorker) -> None:
        """Short steps while the user is at work, longer ones (cheaper: fewer
        transactions) while nobody is waiting."""
        from database.sync.pacing import IDLE_STEP_S, STEP_S

        at_work = time.monotonic() - w.user_asked_at < USER_AT_WORK_S
        self.pace.step_s = STEP_S if at_work else IDLE_STEP_S


def _round_step(w: DbWorker, run: _RoundSteps) -> RoundOutcome | None:
    """One step of a round with the signed-in database (worker thread): the outcome
    once it is done, None while there is more to do. Each step is its own worker job,
    so what the user saves meanwhile runs between two steps, not after the round."""
    from database.sync.round import SyncReport, sync_round_steps
    from database.sync.status import NO_POINTER, read_share_state, share_folder

    try:
        signed = w.current()
    except NotSignedIn:
        if run.steps is not None:
            run.steps.close()  # what was applied is committed; the rest waits
        raise
    root = signed.paths.root
    if run.steps is None:
        with signed.sessions() as session:
            base = share_folder(session, root)
            state = read_share_state(session, root)
        if not state.joined:
            return RoundOutcome(
                SyncReport(unavailable="этот компьютер не подключён к общей папке"), state)
        if base is None:
            return RoundOutcome(SyncReport(unavailable=NO_POINTER), state)
        run.signed = signed
        run.steps = sync_round_steps(
            signed.paths, signed.engine, base, actor=signed.actor, pace=run.pace,
            # The share done first: on a narrow bar the end of the text is elided.
            progress=lambda text, fraction: run.progress(f"{round(fraction * 100)} % · {text}"))
    elif signed is not run.signed:
        run.steps.close()
        raise NotSignedIn("another database was opened during the round")
    run.set_pace(w)
    try:
        next(run.steps)
        return None
    except StopIteration as finished:
        report = finished.value
    with signed.sessions() as session:
        return RoundOutcome(report, read_share_state(session, root))


def _poll(w: DbWorker, previous: Fingerprint | None) -> PollResult:
    """The cheap look at the share (worker thread)."""
    from database.sync.status import share_folder
    from database.sync.watch import poll_share

    signed = w.current()
    with signed.sessions() as session:
        base = share_folder(session, signed.paths.root)
        if base is None:
            return PollResult(None, False, "не указана общая папка")
        return poll_share(session, base, previous)


SYNC_LABEL_WIDTH = 380  # px: «Синхронизировано 10:42 · к отправке: 3» and a little more


class FittedLabel(QLabel):
    """A label that takes the status bar's free width and elides what does not fit
    (the whole text stays in :meth:`full_text` and the tooltip's first line)."""

    clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(120)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        # The sync state is what a teacher looks for on the bar: up to
        # SYNC_LABEL_WIDTH of it stays readable, the labels beside it elide first.
        self.ensurePolished()  # the style sheet's font and padding, before measuring
        frame = self.width() - self.contentsRect().width()
        wanted = self.fontMetrics().horizontalAdvance(text) + frame + 4
        self.setMinimumWidth(max(120, min(wanted, SYNC_LABEL_WIDTH)))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)

    def _fit(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   max(self.contentsRect().width() - 2, 0)))


class SyncBar(QObject):
    """The sync part of ``window``'s status bar and its «Sync now» ``action``."""

    stateShown = Signal(object)  # ShareState, each time the label is updated
    roundFinished = Signal(object)  # RoundOutcome
    changesApplied = Signal()  # a round brought other computers' changes
    detailsRequested = Signal()  # the text was clicked while it counts conflicts or refused
    _progress = Signal(str)  # emitted on the worker thread, delivered on the UI thread

    def __init__(self, window: QWidget, bar: QStatusBar, action: QAction,
                 school_root: Path, *, open_setup: Callable[[], object] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.clock = clock
        self.schedule = SyncSchedule(clock())
        self.active = False
        self.polling = False
        self._window = window
        self._school_root = school_root
        self.action = action
        self.state: ShareState | None = None
        self.running = False
        self._last_failure: str | None = None
        self.label = FittedLabel(window)
        self.label.setObjectName("syncLabel")
        self.button = QToolButton(window)
        self.button.setObjectName("syncButton")
        action.setIconText(self.tr("Sync"))  # the button's text: short, the bar is full
        self.button.setDefaultAction(action)
        bar.addWidget(self.label, 1)  # the free width between the user's labels and the button
        bar.addPermanentWidget(self.button)
        # Not set up here: the administration gets the way to the share screen instead.
        self.setup_button = QToolButton(window)
        self.setup_button.setObjectName("syncSetupButton")
        self.setup_button.setText(self.tr("Set up…"))
        self.setup_button.setToolTip(self.tr("Share and computers"))
        self.setup_button.setVisible(False)
        self._open_setup = open_setup
        if open_setup is not None:
            self.setup_button.clicked.connect(lambda: open_setup())
            bar.addPermanentWidget(self.setup_button)
        action.triggered.connect(lambda: self.sync_now(manual=True))
        self._progress.connect(self._show_progress)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.next_step)
        worker().changesCommitted.connect(self._committed)
        self.label.set_full_text(self.tr("Sync: checking…"))
        self.label.clicked.connect(self._label_clicked)

    # --- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the state again (no round): after signing in or unlocking."""
        from database.sync.status import read_share_state

        root = self._school_root
        DbOp(lambda s: read_share_state(s, root)).success(self._show_state).failure(
            self._read_failed).run()

    def _read_failed(self, error: BaseException) -> None:
        if not isinstance(error, NotSignedIn):
            self.label.set_full_text(self.tr("Sync: the state could not be read"))
            self.label.setToolTip(messages.error_text(error))

    # --- running ------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        """The timer runs only while signed in and unlocked."""
        self.active = active
        if active:
            self.next_step()
        else:
            self.timer.stop()

    def _joined(self) -> bool:
        return self.state is not None and self.state.joined

    def next_step(self) -> None:
        """Start what the schedule says is due, or arm the timer for it."""
        self.timer.stop()
        if not self.active or not self._joined() or self.running or self.polling:
            return  # nothing to sync with, or the step under way re-arms when done
        action, wait = self.schedule.due(self.clock())
        if action == "round":
            self.sync_now(manual=False)
        elif action == "poll":
            self._start_poll()
        else:
            self.timer.start(max(1, int(wait * 1000) + 1))

    def _committed(self) -> None:
        self.schedule.committed(self.clock())
        if self.active and not self.running and not self.polling:
            self.next_step()

    def _start_poll(self) -> None:
        self.polling = True
        previous = self.schedule.fingerprint
        WorkerTask(lambda w: _poll(w, previous)).success(self._polled).failure(
            self._poll_failed).background().run()

    def _polled(self, result: PollResult) -> None:
        self.polling = False
        was_available = self.schedule.failures == 0
        self.schedule.polled(self.clock(), result.fingerprint, result.news)
        if was_available != (self.schedule.failures == 0):
            # The share went away or came back: the label says so now, not at the
            # next round (reading the state is local and cheap).
            self._last_failure = result.unavailable
            self.refresh()
        self.next_step()

    def _poll_failed(self, error: BaseException) -> None:
        self.polling = False
        if not isinstance(error, NotSignedIn):
            self.schedule.polled(self.clock(), None, False)
        self.next_step()

    def sync_now(self, *, manual: bool) -> bool:
        """Start a round on the worker; False if one is already running (or, from the
        timer, if this computer has no share to sync with)."""
        if self.running:
            return False
        if not manual and not self._joined():
            return False
        self.timer.stop()
        self.schedule.round_started(self.clock())
        self.running = True
        self.action.setEnabled(False)
        self.label.set_full_text(self.tr("Synchronising…"))
        self._step(_RoundSteps(self._progress.emit), manual)
        return True

    def _step(self, run: _RoundSteps, manual: bool) -> None:
        # In the background even when asked for: the round's own steps must not
        # queue ahead of what the user saves meanwhile.
        WorkerTask(lambda w: _round_step(w, run)).success(
            lambda outcome: self._stepped(outcome, run, manual)).failure(
            lambda error: self._failed(error, manual)).background().run()

    def _stepped(self, outcome: RoundOutcome | None, run: _RoundSteps, manual: bool) -> None:
        if outcome is None:
            self._step(run, manual)  # queued after whatever the user asked for meanwhile
        else:
            self._finished(outcome, manual)

    def has_details(self) -> bool:
        """Whether the label counts conflicts or refused changes (a click opens them)."""
        status = self.state.status if self.state is not None else None
        return status is not None and bool(status.conflicts or status.refused)

    def _label_clicked(self) -> None:
        if self.has_details():
            self.detailsRequested.emit()

    def text(self) -> str:
        """What the sync label says (whole, however narrow the window)."""
        return self.label.full_text()

    def _show_progress(self, text: str) -> None:
        if self.running:
            self.label.set_full_text(self.tr("Synchronising: %1").replace("%1", text))

    def _finished(self, outcome: RoundOutcome, manual: bool) -> None:
        self.running = False
        self.action.setEnabled(True)
        report = outcome.report
        self.schedule.round_finished(self.clock(), report.ok)
        self._last_failure = report.unavailable
        self._show_state(outcome.state)
        self.roundFinished.emit(outcome)
        if manual and not report.ok:
            messages.warning(self._window, report.describe())
        if report.applied:
            self.changesApplied.emit()
        self.next_step()

    def _failed(self, error: BaseException, manual: bool) -> None:
        self.running = False
        self.action.setEnabled(True)
        if isinstance(error, NotSignedIn):
            return  # locked or signed out while the round waited: nothing to say
        self.schedule.round_finished(self.clock(), False)
        self.next_step()
        text = messages.error_text(error)
        self._last_failure = text
        self.label.set_full_text(self.tr("Sync failed: %1").replace("%1", text))
        self.label.setToolTip(text)
        if manual:
            messages.warning(self._window, self.tr("Synchronisation failed: %1").replace(
                "%1", text))

    # --- showing ------------------------------------------------------------------------

    def _show_state(self, state: ShareState) -> None:
        self.state = state
        text = self.state_text(state, self._last_failure)
        self.label.set_full_text(text)
        tip = text + "\n\n" + state.status.describe()
        if state.share is not None:
            tip += "\n" + self.tr("Share: %1").replace("%1", str(state.share))
        self.label.setToolTip(tip)
        self.action.setEnabled(state.joined and not self.running)
        if self.has_details():
            tip += "\n" + self.tr("Click to see the conflicts and refused changes.")
            self.label.setToolTip(tip)
        self.label.setCursor(Qt.CursorShape.PointingHandCursor if self.has_details()
                             else Qt.CursorShape.ArrowCursor)
        self.button.setVisible(state.joined)  # nothing to sync with: room for the text
        self.setup_button.setVisible(self._open_setup is not None and (
            not state.joined or state.share is None))
        self.stateShown.emit(state)
        if not self.timer.isActive():
            self.next_step()  # joined now (or just read): start the schedule

    def state_text(self, state: ShareState, last_failure: str | None = None) -> str:
        status = state.status
        if not status.joined:
            return self.tr("Sync: not set up on this computer")
        why = state.unavailable or last_failure
        if why and state.share is not None and state.share.name:
            # The full path is in the tooltip; the bar keeps room for the reason.
            why = why.replace(str(state.share), f"«{state.share.name}»")
        if why:
            parts = [self.tr("Share unavailable: %1").replace("%1", why.rstrip("."))]
        elif status.last_ok_ms is None:
            parts = [self.tr("Not synced yet")]
        else:
            moment = datetime.fromtimestamp(status.last_ok_ms / 1000)
            parts = [self.tr("Synced at %1").replace("%1", moment.strftime("%d.%m %H:%M"))]
        if status.pending:
            parts.append(self.tr("waiting to go out: %1").replace("%1", str(status.pending)))
        if status.conflicts:
            parts.append(self.tr("conflicts: %1").replace("%1", str(status.conflicts)))
        if status.refused:
            parts.append(self.tr("refused: %1").replace("%1", str(status.refused)))
        if status.forks:
            parts.append(self.tr("stopped computers: %1").replace("%1", str(len(status.forks))))
        if status.divergent:
            # The same changes applied, different data: the tooltip names the computers.
            parts.append(self.tr("data differs from computers: %1").replace(
                "%1", str(len(status.divergent))))
        return " · ".join(parts)
