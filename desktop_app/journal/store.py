"""Where the journal editor's changes go: :class:`WorkerStore` saves them through the
database worker, each as one :class:`~desktop_app.worker.ReasonOp` (a late
correction gets its reason asked, then the same save runs again).

The editor knows only the :class:`JournalStore` protocol, so it is tested without
the worker or a database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from database.actor import Actor
from database.services.marks import CellEntry, CellInfo
from database.services.period_marks import PeriodMarkInfo
from desktop_app import messages
from desktop_app.worker import ReasonOp

from .ops import PeriodMarkChange, save_cells, save_period_mark

T = TypeVar("T")

Failed = Callable[[BaseException], None]
LessonChange = Callable[[Session, str | None], object]  # (session, correction reason)


class JournalStore(Protocol):
    def save_cells(self, entries: Sequence[CellEntry],
                   done: Callable[[list[CellInfo]], None], failed: Failed) -> None:
        """All or nothing: ``failed`` means no cell was stored."""

    def save_period_marks(self, subject_id: uuid.UUID, year_id: uuid.UUID,
                          changes: Sequence[PeriodMarkChange],
                          done: Callable[[list[PeriodMarkInfo | None]], None],
                          failed: Failed) -> None: ...

    def change_lessons(self, change: LessonChange, done: Callable[[], None]) -> None:
        """A failure is shown to the user here."""


def alive(widget: QWidget, callback: Callable[[T], None]) -> Callable[[T], None]:
    """A worker callback that does nothing once ``widget`` is gone (closed journal,
    workstation lock): results may arrive after the page was destroyed."""

    def call(value: T) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return call


class WorkerStore:
    """Saves on the database worker as ``actor``; results reach the callbacks only
    while ``page`` lives, and messages are shown over it."""

    def __init__(self, actor: Actor, page: QWidget) -> None:
        self.actor = actor
        self.page = page

    def save_cells(self, entries: Sequence[CellEntry],
                   done: Callable[[list[CellInfo]], None], failed: Failed) -> None:
        actor, entries = self.actor, list(entries)
        ReasonOp(lambda s, reason: save_cells(s, actor, entries, reason)).success(
            alive(self.page, done)).failure(alive(self.page, failed)).parent(self.page).run()

    def save_period_marks(self, subject_id: uuid.UUID, year_id: uuid.UUID,
                          changes: Sequence[PeriodMarkChange],
                          done: Callable[[list[PeriodMarkInfo | None]], None],
                          failed: Failed) -> None:
        actor, changes = self.actor, list(changes)

        def run(session: Session, reason: str | None) -> list[PeriodMarkInfo | None]:
            return [save_period_mark(session, actor, subject_id, year_id, c, reason)
                    for c in changes]

        ReasonOp(run).success(alive(self.page, done)).failure(
            alive(self.page, failed)).parent(self.page).run()

    def change_lessons(self, change: LessonChange, done: Callable[[], None]) -> None:
        page = self.page
        ReasonOp(change).success(alive(page, lambda _: done())).failure(
            alive(page, lambda error: messages.show_error(page, error))).parent(page).run()
