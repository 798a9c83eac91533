"""One school year as its set-up screen shows it: the years to choose from, and the
chosen one's study periods, holidays, bells, the second bell schedule and what is
wrong with its periods (administration only)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from database.actor import Actor
from database.calendar_presets import PeriodSpan, calendar_problems
from database.permissions import require_admin
from database.queries.academic_years import (
    AcademicYearInfo,
    BellInfo,
    HolidayInfo,
    StudyPeriodInfo,
    list_academic_years,
    list_bells,
    list_holidays,
    list_study_periods,
)
from database.queries.home import current_year
from database.school_calendar import DayOff
from database.settings import raw_settings


@dataclass(frozen=True)
class YearSetup:
    years: tuple[AcademicYearInfo, ...]
    year: AcademicYearInfo | None  # the one shown; None while the school has none
    periods: tuple[StudyPeriodInfo, ...]
    holidays: tuple[HolidayInfo, ...]
    bells: tuple[BellInfo, ...]
    second_bells: dict[str, Any]  # the setting, as stored
    problems: tuple[str, ...]  # grades without periods, school days outside them


def school_year_setup(
    session: Session, actor: Actor, year_id: uuid.UUID | None = None
) -> YearSetup:
    """``year_id`` None: the current year (or the latest)."""
    require_admin(actor, "изменение календаря")
    years = tuple(list_academic_years(session))
    year = next((y for y in years if y.id == year_id), None)
    if year is None:
        latest = current_year(session)
        year = next((y for y in years if latest is not None and y.id == latest.id), None)
    second = raw_settings(session)["second_bells"]
    if year is None:
        return YearSetup(years, None, (), (), (), second, ())
    periods = tuple(list_study_periods(session, year.id))
    holidays = tuple(list_holidays(session, year.id))
    problems = calendar_problems(
        year.start_date, year.end_date,
        [PeriodSpan(p.name, p.grade_from, p.grade_to, p.start_date, p.end_date)
         for p in periods],
        [DayOff(h.start_date, h.end_date, h.grade_from, h.grade_to) for h in holidays],
    )
    return YearSetup(years, year, periods, holidays, tuple(list_bells(session, year.id)),
                     second, tuple(problems))
