"""Waiting for the GUI in benchmarks the way the program waits: idle inside Qt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def wait_idle(app: Any, done: Callable[[], bool], timeout_s: float = 60.0,
              wake: Sequence[Any] = ()) -> None:
    """Run the event loop until ``done()``, idle inside Qt as the program is between
    events, woken by the ``wake`` signals (and a check every 10 ms). Polling from
    Python instead would take the GIL from the worker thread every few hundred
    microseconds, in the middle of the very reads being timed."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()

    def check() -> None:
        if done():
            loop.quit()

    ticks = QTimer()
    ticks.timeout.connect(check)
    ticks.start(10)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(timeout_s * 1000))
    for signal in wake:
        signal.connect(check)
    try:
        loop.exec()
    finally:
        ticks.stop()
        deadline.stop()
        for signal in wake:
            signal.disconnect(check)
    if not done():
        raise TimeoutError("the program did not answer in time")
