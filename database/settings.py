"""Reading the school's settings as one typed, frozen object.

Settings rows hold JSON; a missing row falls back to the design's default, so an
older database keeps working when a new setting is introduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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

    def weight_of(self, work_type: str) -> float:
        return self.work_types.get(work_type, 1.0)


def raw_settings(session: Session) -> dict[str, Any]:
    values = dict(DEFAULT_SETTINGS)
    for key, value in session.execute(select(Setting.key, Setting.value)):
        values[key] = value
    return values


def load_settings(session: Session) -> SchoolSettings:
    v = raw_settings(session)
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
    )
