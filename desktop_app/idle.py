"""Idle auto-lock: lock the workstation after a while without keyboard or mouse input,
and also right after the computer wakes from sleep if that while has passed.

An application-wide event filter notes the time of each user input. A timer checks
every few seconds how long it has been, by two clocks:

- the monotonic clock, which measures time the program was running;
- the wall clock, which also moves while the computer sleeps (the monotonic clock
  stops then on Linux and macOS, and timers do not fire at all).

The idle time is the larger of the two, so after a lid-close of an hour the first
tick after waking locks at once, before anyone can read the journal on the screen.
A wall clock moved *backwards* (a time correction) is ignored.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

USER_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits :attr:`idle` once after ``timeout_s`` seconds without input; re-armed by
    :meth:`start`. ``monotonic`` and ``wall`` are injectable for tests."""

    idle = Signal()

    def __init__(
        self,
        timeout_s: float,
        *,
        check_interval_ms: int = 5_000,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self._monotonic = monotonic
        self._wall = wall
        self._last_mono = monotonic()
        self._last_wall = wall()
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        self._installed = False

    def start(self) -> None:
        self.touch()
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        if self.timeout_s > 0:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def touch(self) -> None:
        self._last_mono = self._monotonic()
        self._last_wall = self._wall()

    def idle_seconds(self) -> float:
        mono = self._monotonic() - self._last_mono
        wall = self._wall() - self._last_wall
        return max(mono, wall if wall > 0 else 0.0)

    def check(self) -> None:
        if self.running and self.idle_seconds() >= self.timeout_s:
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT_EVENTS:
            # Input after a sleep must not count as activity before the check ran.
            if self.running and self.idle_seconds() >= self.timeout_s:
                self.check()
            else:
                self.touch()
        return False
