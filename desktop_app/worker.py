"""One serialized background worker for all database work (after Anki's taskman).

Every piece of database work from the GUI goes through one background thread that
owns the engine, in the order it was asked for; results come back on the GUI thread
through a Qt signal, so callbacks may touch widgets and the work itself never does::

    DbOp(lambda s: list_accounts(s, actor)).success(self.show_accounts).run()

- ``DbOp(fn)`` runs ``fn(session)`` in one short session that is committed when
  ``fn`` returns and rolled back when it raises: one transaction per user action.
- ``ReasonOp(fn)`` runs ``fn(session, reason)`` the same way, first with no reason;
  when the services ask for one (:class:`~database.errors.ReasonRequired`: a late
  correction) the user is asked (:func:`desktop_app.messages.ask_reason`) and the
  same operation runs again with the answer.
- ``Task(fn)`` runs ``fn()`` with no session (signing in, password changes, PDFs).
- ``.failure(cb)`` replaces the default handler, which shows a
  :class:`~database.errors.DomainError`'s Russian message in a message box and, for
  any other exception, logs the traceback and shows a generic message.
- An operation still running after :data:`BUSY_DELAY_MS` turns the busy indicator on
  (wait cursor and :attr:`DbWorker.busyChanged`, which the status bar shows).
- ``.background()`` marks work nobody is waiting for (a sync round's steps, a look at
  the share): it runs after every job the user asked for that is waiting, and never
  turns the busy indicator on. A mark typed during a long apply is saved after the
  step under way, not after the steps queued behind it.

Be careful not to call any UI routines in the op.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop_app import messages

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from database.auth import SignedIn

log = logging.getLogger("school_journal.worker")

T = TypeVar("T")

BUSY_DELAY_MS = 300

# The order jobs are taken in: what the user asked for first, then background work,
# and closing the database only after both.
_USER, _BACKGROUND, _LAST = 0, 1, 2


class NotSignedIn(RuntimeError):
    """A database operation ran while no database is open (after a lock)."""


class _Skipped(Exception):
    """A read for a widget that was destroyed before the read began: not run, and
    nothing is delivered."""


@dataclass
class _Job:
    number: int
    run: Callable[[], Any]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    parent: QWidget | None
    busy_text: str
    background: bool = False
    result: Any = None
    error: BaseException | None = None
    done: bool = field(default=False)


# (priority, submission number, job); None ends the thread.
_Queued = tuple[int, int, _Job | None]


class _Thread(QThread):
    """Takes jobs off the queue one by one, the user's before background ones and each
    kind in submission order; reports each back through ``finished_job``."""

    finished_job = Signal(object)

    def __init__(self, jobs: queue.PriorityQueue[_Queued]) -> None:
        super().__init__()
        self.setObjectName("db-worker")
        self._jobs = jobs

    def run(self) -> None:
        while True:
            _, _, job = self._jobs.get()
            if job is None:
                return
            try:
                job.result = job.run()
            except BaseException as exc:  # delivered to the GUI thread as a failure
                job.error = exc
                if not _expected(exc):
                    log.error("background operation failed", exc_info=exc)
            job.done = True
            self.finished_job.emit(job)


def _expected(exc: BaseException) -> bool:
    from database.errors import DomainError

    return isinstance(exc, DomainError | _Skipped)


class DbWorker(QObject):
    """The application's single database worker. Create one per process
    (:func:`worker` does); the signed-in database lives on its thread."""

    busyChanged = Signal(bool, str)
    idleChanged = Signal(bool)
    # A DbOp/ReasonOp committed changes to the change log (emitted on the worker
    # thread, delivered queued on the UI thread): the sync timer publishes soon.
    changesCommitted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._jobs: queue.PriorityQueue[_Queued] = queue.PriorityQueue()
        self._thread = _Thread(self._jobs)
        self._thread.finished_job.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._numbers = itertools.count(1)
        self._pending: dict[int, _Job] = {}
        # When the user last asked for something (time.monotonic); read on the worker
        # thread by background work that paces itself (a float: no lock needed).
        self.user_asked_at = float("-inf")
        self._busy_shown = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        # Touched only on the worker thread (inside jobs).
        self._signed_in: SignedIn | None = None
        self._thread.start()

    # --- submitting ---------------------------------------------------------------

    def submit(
        self,
        run: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        busy_text: str = "",
        background: bool = False,
    ) -> int:
        job = _Job(next(self._numbers), run, on_success, on_failure, parent, busy_text,
                   background)
        was_idle = not self._pending
        self._pending[job.number] = job
        if not background:
            self.user_asked_at = time.monotonic()
        if not background and not self._busy_timer.isActive() and not self._busy_shown:
            self._busy_timer.start()
        if was_idle:
            self.idleChanged.emit(False)
        self._jobs.put((_BACKGROUND if background else _USER, job.number, job))
        return job.number

    @property
    def idle(self) -> bool:
        return not self._pending

    def _user_pending(self) -> bool:
        return any(not job.background for job in self._pending.values())

    # --- the signed-in database (worker thread only) ----------------------------------

    def current(self) -> SignedIn:
        if self._signed_in is None:
            raise NotSignedIn("no database is open")
        return self._signed_in

    def attach(self, signed_in: SignedIn) -> SignedIn:
        """Called inside a job: from now on DbOps use this database."""
        if self._signed_in is not None and self._signed_in is not signed_in:
            self._signed_in.close()
        self._signed_in = signed_in
        return signed_in

    def detach(self) -> None:
        """Called inside a job: close the engine and forget the data key."""
        if self._signed_in is not None:
            self._signed_in.close()
        self._signed_in = None

    # --- delivering -----------------------------------------------------------------

    def _deliver(self, job: _Job) -> None:
        self._pending.pop(job.number, None)
        if not self._user_pending():
            self._hide_busy()
        if not self._pending:
            self.idleChanged.emit(True)
        if isinstance(job.error, _Skipped):
            return
        try:
            if job.error is None:
                if job.on_success is not None:
                    job.on_success(job.result)
            elif job.on_failure is not None:
                job.on_failure(job.error)
            else:
                messages.show_error(job.parent, job.error)
        except Exception as exc:  # a bug in a callback must not kill the event loop
            log.error("callback failed", exc_info=exc)
            messages.show_error(job.parent, exc)

    def _show_busy(self) -> None:
        if not self._user_pending() or self._busy_shown:
            return
        self._busy_shown = True
        text = next((j.busy_text for j in self._pending.values()
                     if j.busy_text and not j.background), "")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.busyChanged.emit(True, text)

    def _hide_busy(self) -> None:
        self._busy_timer.stop()
        if self._busy_shown:
            self._busy_shown = False
            QGuiApplication.restoreOverrideCursor()
            self.busyChanged.emit(False, "")

    # --- shutting down ------------------------------------------------------------------

    def stop(self, timeout_ms: int = 30_000) -> None:
        """Close the database (after every queued job) and end the thread."""
        if not self._thread.isRunning():
            return
        self._jobs.put((_LAST, next(self._numbers), _Job(0, self.detach, None, None, None, "")))
        self._jobs.put((_LAST, next(self._numbers), None))
        self._thread.wait(timeout_ms)


_worker: DbWorker | None = None


def worker() -> DbWorker:
    """The process-wide worker, created on first use (on the GUI thread)."""
    global _worker
    if _worker is None:
        _worker = DbWorker()
    return _worker


def shutdown_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.stop()
        _worker.deleteLater()
        _worker = None


class _Op(Generic[T]):
    def __init__(self) -> None:
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._parent: QWidget | None = None
        self._busy_text = ""
        self._background = False
        self._gone: threading.Event | None = None

    def success(self, callback: Callable[[T], None]) -> _Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> _Op[T]:
        self._on_failure = callback
        return self

    def parent(self, widget: QWidget | None) -> _Op[T]:
        """The window error messages are shown over."""
        self._parent = widget
        return self

    def busy(self, text: str) -> _Op[T]:
        """What the busy indicator says if the operation takes a while."""
        self._busy_text = text
        return self

    def background(self) -> _Op[T]:
        """Work the user is not waiting for: taken after every job the user asked for
        that is waiting (see the module doc), with no busy indicator."""
        self._background = True
        return self

    def read_for(self, widget: QWidget) -> _Op[T]:
        """A read only ``widget`` shows: skipped if the widget is destroyed before the
        read begins (a journal closed, or every page on a lock), so the worker goes
        on to what is still on screen. Never for writes: a save always runs."""
        gone = threading.Event()
        widget.destroyed.connect(lambda *_: gone.set())
        self._gone = gone
        return self

    def _job(self, w: DbWorker) -> Callable[[], T]:
        raise NotImplementedError

    def run(self) -> int:
        w = worker()
        on_success: Callable[[Any], None] | None = self._on_success
        job = self._job(w)
        gone = self._gone
        if gone is not None:
            inner = job

            def job() -> T:
                if gone.is_set():
                    raise _Skipped
                return inner()

        return w.submit(
            job, on_success=on_success, on_failure=self._on_failure,
            parent=self._parent, busy_text=self._busy_text, background=self._background,
        )


class DbOp(_Op[T]):
    """``fn(session)`` in one transaction on the signed-in database."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        super().__init__()
        self._fn = fn

    def _job(self, w: DbWorker) -> Callable[[], T]:
        return _in_session(w, self._fn)


def _in_session(w: DbWorker, fn: Callable[[Any], T]) -> Callable[[], T]:
    """``fn(session)`` in one session: committed when it returns, rolled back when it
    raises."""

    def job() -> T:
        from database.changelog import WROTE_CHANGES

        with w.current().sessions() as session:
            result = fn(session)
            session.commit()
            if session.info.pop(WROTE_CHANGES, False):
                w.changesCommitted.emit()
            return result

    return job


class ReasonOp(_Op[T]):
    """``fn(session, reason)`` in one transaction, first with ``reason=None``. When
    the services refuse with :class:`~database.errors.ReasonRequired` (an entry
    corrected after the correction window, or in a closed period), the user is asked
    for the reason over the op's parent (:func:`desktop_app.messages.ask_reason`) and
    the same operation runs again with it, once. A declined question, or any other
    failure, goes to the failure handler as with :class:`DbOp`; nothing is asked once
    the parent is gone (a closed journal)."""

    def __init__(self, fn: Callable[[Session, str | None], T]) -> None:
        super().__init__()
        self._fn = fn
        self._reason: str | None = None

    def _job(self, w: DbWorker) -> Callable[[], T]:
        fn, reason = self._fn, self._reason
        return _in_session(w, lambda session: fn(session, reason))

    def run(self) -> int:
        handler, parent = self._on_failure, self._parent

        def failed(error: BaseException) -> None:
            from database.errors import ReasonRequired

            if isinstance(error, ReasonRequired) and self._reason is None and (
                    parent is None or shiboken6.isValid(parent)):
                reason = messages.ask_reason(parent, error.message)
                if reason:
                    self._reason = reason
                    self._on_failure = handler
                    self.run()
                    return
            if handler is not None:
                handler(error)
            else:
                messages.show_error(parent, error)

        self._on_failure = failed
        return super().run()


class Task(_Op[T]):
    """``fn()`` on the worker thread, with no session of its own."""

    def __init__(self, fn: Callable[[], T]) -> None:
        super().__init__()
        self._fn = fn

    def _job(self, w: DbWorker) -> Callable[[], T]:
        return self._fn


class WorkerTask(_Op[T]):
    """``fn(worker)`` on the worker thread: signing in (``worker.attach``), locking
    (``worker.detach``) and operations that need the whole :class:`SignedIn`."""

    def __init__(self, fn: Callable[[DbWorker], T]) -> None:
        super().__init__()
        self._fn = fn

    def _job(self, w: DbWorker) -> Callable[[], T]:
        fn = self._fn
        return lambda: fn(w)
