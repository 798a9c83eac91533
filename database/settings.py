"""Reading the school's settings as one typed, frozen object.

Settings rows hold JSON; a missing row falls back to the design's default, so an
older database keeps working when a new setting is introduced.

:func:`load_settings` reads them once per transaction: one user action often asks
several times (the journal window asks once for itself and once per study period's
suggested marks). The copy is kept in ``session.info`` and dropped when the
transaction ends — commit, rollback, or a savepoint's end — so the next transaction
sees what other connections committed, and when the session writes a setting row
through the ORM (as :func:`database.services.school.set_setting` does), so the
session's next read sees its own change. Rows written with Core statements (the
demo school's bulk writer) are not noticed: call :func:`forget_settings` after such
a write if the same transaction reads the settings again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Mapper, Session, SessionTransaction, object_session

from database.bells import SecondBells, second_bells
from database.models import Setting
from database.notation import DEFAULT_SETTINGS


@dataclass(frozen=True)
class SchoolSettings:
    attendance_codes: dict[str, str]
    mark_values: tuple[str, ...]
    period_mark_values: dict[str, str]
    work_types: dict[str, float]
    default_work_type: str
    rounding_threshold: float
    homework_minutes_after_lesson: int
    period_marks_last_days: int
    correction_window_days: int
    password_min_length: int
    lockout_attempts: int
    lockout_minutes: int
    idle_lock_minutes: dict[str, int]
    remember_me_allowed: dict[str, bool]
    unmarked_grades: frozenset[int]
    second_bells: SecondBells
    marks_per_quarter_by_hours: dict[int, int] = field(
        default_factory=lambda: {int(k): int(n) for k, n in
                                 DEFAULT_SETTINGS["marks_per_quarter_by_hours"].items()})

    journal_file_index: str = ""  # «02-15», printed on the journal's title

    def weight_of(self, work_type: str) -> float:
        return self.work_types.get(work_type, 1.0)


_ALL_SETTINGS = select(Setting.key, Setting.value)


def raw_settings(session: Session) -> dict[str, Any]:
    values = dict(DEFAULT_SETTINGS)
    for key, value in session.execute(_ALL_SETTINGS):
        values[key] = value
    return values


_CACHE_KEY: Final = "database.settings"


def load_settings(session: Session) -> SchoolSettings:
    """The school's settings, as this session's transaction sees them."""
    cached: SchoolSettings | None = session.info.get(_CACHE_KEY)
    if cached is None:
        cached = session.info[_CACHE_KEY] = _read_settings(session)
    return cached


def forget_settings(session: Session) -> None:
    """Drop the session's copy of the settings: the next read goes to the database."""
    session.info.pop(_CACHE_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    forget_settings(session)


@event.listens_for(Setting, "after_insert")
@event.listens_for(Setting, "after_update")
@event.listens_for(Setting, "after_delete")
def _setting_written(mapper: Mapper[Setting], connection: Connection, row: Setting) -> None:
    session = object_session(row)
    if session is not None:
        forget_settings(session)


def _read_settings(session: Session) -> SchoolSettings:
    return settings_from(raw_settings(session))


def settings_from(v: Mapping[str, Any]) -> SchoolSettings:
    """The typed settings from their stored values (``DEFAULT_SETTINGS`` for a new school)."""
    return SchoolSettings(
        attendance_codes=dict(v["attendance_codes"]),
        mark_values=tuple(v["mark_values"]),
        period_mark_values=dict(v["period_mark_values"]),
        work_types={str(k): float(w) for k, w in v["work_types"].items()},
        default_work_type=str(v["default_work_type"]),
        rounding_threshold=float(v["rounding_threshold"]),
        homework_minutes_after_lesson=int(v["homework_minutes_after_lesson"]),
        period_marks_last_days=int(v["period_marks_last_days"]),
        correction_window_days=int(v["correction_window_days"]),
        password_min_length=int(v["password_min_length"]),
        lockout_attempts=int(v["lockout_attempts"]),
        lockout_minutes=int(v["lockout_minutes"]),
        idle_lock_minutes={str(k): int(m) for k, m in v["idle_lock_minutes"].items()},
        remember_me_allowed={str(k): bool(a) for k, a in v["remember_me_allowed"].items()},
        unmarked_grades=frozenset(int(g) for g in v["unmarked_grades"]),
        second_bells=second_bells(v["second_bells"]),
        marks_per_quarter_by_hours={
            int(k): int(n) for k, n in v["marks_per_quarter_by_hours"].items()},
        journal_file_index=str(v.get("journal_file_index", "")),
    )
