"""A small journal made by hand (no database): 5 «А» · Математика in the second
quarter, four students and six lessons around «today» (Wednesday 18.11.2026), for
the journal's controller and editor tested without widgets.

Lessons, by column: 0 — 09.11, 1 — 10.11, 2 — 16.11, 3 — 17.11 (cancelled),
4 — 18.11 (today, not yet conducted), 5 — 19.11 (not held yet); then the average,
the absences and the quarter's period mark (columns 6, 7, 8).
Students, by row: 0 Алексеева Анна, 1 Борисов Борис, 2 Волков Виктор (left on
10.11), 3 Григорьева Галина."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from database.actor import Actor, Role
from database.notation import DEFAULT_SETTINGS
from database.queries.journal import (
    AssignmentInfo,
    JournalCell,
    JournalData,
    JournalLesson,
    JournalMark,
    JournalStudent,
    PeriodInfo,
)
from database.queries.period_marks import Suggestion
from database.services.marks import CellEntry, CellInfo, MarkInfo
from database.settings import SchoolSettings, settings_from
from desktop_app.journal.ops import JournalSnapshot

TODAY = date(2026, 11, 18)
TEACHER = uuid.UUID(int=1)
QUARTER = PeriodInfo(uuid.UUID(int=2), "quarter", 2, "II четверть", date(2026, 11, 5),
                     date(2026, 12, 28), False)
FIRST_QUARTER = PeriodInfo(uuid.UUID(int=3), "quarter", 1, "I четверть", date(2026, 9, 1),
                           date(2026, 10, 26), False)


def _student(n: int, name: str, left_on: date | None = None, note: str = "") -> JournalStudent:
    return JournalStudent(uuid.UUID(int=100 + n), n, name, date(2026, 9, 1), left_on, note, "")


def _lesson(n: int, day: date, *, cancelled: bool = False,
            conducted: bool = True) -> JournalLesson:
    return JournalLesson(uuid.UUID(int=200 + n), day, 2, "", None, "", "", False, conducted,
                         cancelled, None, "", "", False, False, frozenset())


def mark(value: str, position: int = 1) -> JournalMark:
    return JournalMark(position, value, "", 1.0, "", False)


STUDENTS = (
    _student(1, "Алексеева Анна"),
    _student(2, "Борисов Борис"),
    _student(3, "Волков Виктор", left_on=date(2026, 11, 10), note="выбыл 10.11"),
    _student(4, "Григорьева Галина"),
)
LESSONS = (
    _lesson(0, date(2026, 11, 9)),
    _lesson(1, date(2026, 11, 10)),
    _lesson(2, date(2026, 11, 16)),
    _lesson(3, date(2026, 11, 17), cancelled=True, conducted=False),
    _lesson(4, TODAY, conducted=False),
    _lesson(5, date(2026, 11, 19), conducted=False),
)
PERIOD_COLUMN = 8


def settings() -> SchoolSettings:
    """The settings a new school starts with (``DEFAULT_SETTINGS``)."""
    return settings_from(DEFAULT_SETTINGS)


def snapshot(*, keeps: bool = True) -> JournalSnapshot:
    assignment = AssignmentInfo(
        uuid.UUID(int=10), uuid.UUID(int=11), "2026/2027", uuid.UUID(int=12), "5 «А»", 5,
        None, "", uuid.UUID(int=13), "Математика", "Мат.", "marked", TEACHER,
        "Тихомирова Наталья Сергеевна", "Тихомирова Н. С.")
    s1, s2, _, s4 = STUDENTS
    cells = {
        (s1.id, LESSONS[0].id): JournalCell(None, False, (mark("5"),)),
        (s2.id, LESSONS[1].id): JournalCell("н", False, ()),
        (s4.id, LESSONS[2].id): JournalCell("н", False, (mark("4"),)),
    }
    data = JournalData(assignment, date(2026, 9, 1), date(2027, 5, 31), STUDENTS, LESSONS,
                       cells, {}, (FIRST_QUARTER, QUARTER))
    suggestions = {QUARTER.id: {s1.id: Suggestion(5.0, "5", 1), s4.id: Suggestion(4.0, "4", 1)}}
    return JournalSnapshot(data, settings(), TODAY, suggestions, keeps)


def teacher() -> Actor:
    return Actor(Role.TEACHER, uuid.UUID(int=99), staff_id=TEACHER,
                 clock=lambda: datetime(2026, 11, 18, 10, 0))


def stored(entry: CellEntry, *, late: bool = False) -> CellInfo:
    """The cell as the services would answer for ``entry`` (``late``: entered late)."""
    return CellInfo(entry.lesson_id, entry.student_id, entry.attendance, late, tuple(
        MarkInfo(uuid.uuid4(), i + 1, m.value, m.work_type or "", m.weight or 1.0,
                 m.comment or "", datetime(2026, 11, 18, 10, 0), late)
        for i, m in enumerate(entry.marks)), True)


@dataclass
class Request:
    what: Any  # the cell entries, the period-mark changes, or the lesson change
    done: Any
    failed: Any = None


@dataclass
class RecordingStore:
    """The editor's :class:`~desktop_app.journal.store.JournalStore` for tests: it
    keeps each request until the test answers it (``done`` or ``failed``)."""

    cells: list[Request] = field(default_factory=list)
    periods: list[Request] = field(default_factory=list)
    lessons: list[Request] = field(default_factory=list)

    def save_cells(self, entries: Any, done: Any, failed: Any) -> None:
        self.cells.append(Request(list(entries), done, failed))

    def save_period_marks(self, subject_id: uuid.UUID, year_id: uuid.UUID, changes: Any,
                          done: Any, failed: Any) -> None:
        self.periods.append(Request(list(changes), done, failed))

    def change_lessons(self, change: Any, done: Any) -> None:
        self.lessons.append(Request(change, done))


@dataclass
class Cursor:
    """The :class:`~desktop_app.journal.controller.Grid` for tests: a cursor and a
    selection, as the view keeps them (going to a cell selects just it)."""

    at: tuple[int, int] = (0, 0)
    selection: list[tuple[int, int]] = field(default_factory=list)
    typed_over: list[str] = field(default_factory=list)

    def current_cell(self) -> tuple[int, int]:
        return self.at

    def selected_cells(self) -> list[tuple[int, int]]:
        return sorted(self.selection)

    def go_to(self, row: int, column: int) -> None:
        self.at = (row, column)
        self.selection = [(row, column)]

    def select_range(self, top: int, left: int, bottom: int, right: int) -> None:
        self.at = (top, left)
        self.selection = [(r, c) for r in range(top, bottom + 1)
                          for c in range(left, right + 1)]

    def type_over(self, text: str) -> None:
        self.typed_over.append(text)
