"""Ready-made study periods for a school year, and the gaps check of a year's periods.

Presets (what Russian schools use; the administration then adjusts the dates):

- ``quarters_halves`` — quarters for grades 1–9 and half-years for 10–11, with the
  usual vacations (autumn, winter, spring, an extra February week for grade 1) and
  public holidays;
- ``trimesters`` — trimesters for every grade, with the same holidays.

The quarter dates are the demo school's calendar (``database.demo.year_calendar``),
which follows the customary vacation weeks; nothing here touches the database.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from database.demo.year_calendar import build_calendar
from database.school_calendar import DayOff, days

PRESETS: Final[dict[str, str]] = {
    "quarters_halves": "Четверти (1–9 классы) и полугодия (10–11 классы)",
    "trimesters": "Триместры (1–11 классы)",
}


@dataclass(frozen=True)
class PresetPeriod:
    kind: str  # quarter | half | trimester
    number: int
    name: str
    grade_from: int
    grade_to: int
    start: date
    end: date


@dataclass(frozen=True)
class PresetHoliday:
    name: str
    kind: str  # vacation | holiday
    start: date
    end: date
    grade_from: int = 1
    grade_to: int = 11


@dataclass(frozen=True)
class YearPreset:
    start: date
    end: date
    periods: tuple[PresetPeriod, ...]
    holidays: tuple[PresetHoliday, ...]


def year_preset(preset: str, first_year: int) -> YearPreset:
    """The periods and holidays of ``preset`` for the year starting in ``first_year``."""
    if preset not in PRESETS:
        raise KeyError(preset)
    calendar = build_calendar(first_year)
    holidays = tuple(
        PresetHoliday(h.name, h.kind, h.start, h.end, h.grade_from, h.grade_to)
        for h in calendar.holidays
    )
    if preset == "quarters_halves":
        periods = tuple(
            PresetPeriod(p.kind, p.number, p.name, p.grade_from, p.grade_to, p.start, p.end)
            for p in calendar.periods
        )
    else:
        # Trimesters end where the autumn-winter and winter-spring breaks fall:
        # I — to the end of November, II — to the end of February, III — to the
        # end of the year; the vacations stay as they are.
        y1 = first_year + 1
        bounds = (
            (calendar.start, date(first_year, 11, 30)),
            (date(first_year, 12, 1), date(y1, 3, 1) - timedelta(days=1)),
            (date(y1, 3, 1), calendar.end),
        )
        names = ("I триместр", "II триместр", "III триместр")
        periods = tuple(
            PresetPeriod("trimester", i + 1, names[i], 1, 11, start, end)
            for i, (start, end) in enumerate(bounds)
        )
    return YearPreset(calendar.start, calendar.end, periods, holidays)


def default_first_year(today: date) -> int:
    """The year whose set-up makes sense today: from March on, the next one."""
    return today.year if today.month >= 3 else today.year - 1


# --- gaps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSpan:
    name: str
    grade_from: int
    grade_to: int
    start: date
    end: date


def _ru(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _grades(grade_from: int, grade_to: int) -> str:
    if grade_from == grade_to:
        return f"{grade_from} класса"
    return f"{grade_from}–{grade_to} классов"


def _runs(grades: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for grade in grades:
        if runs and runs[-1][1] == grade - 1:
            runs[-1] = (runs[-1][0], grade)
        else:
            runs.append((grade, grade))
    return runs


def _school_days_between(
    first: date, last: date, grade: int, days_off: Sequence[DayOff]
) -> list[date]:
    """Monday–Friday days in ``first..last`` that no holiday covers for ``grade``."""
    return [
        day for day in days(first, last)
        if day.isoweekday() <= 5 and not any(off.covers(day, grade) for off in days_off)
    ]


def calendar_problems(
    year_start: date,
    year_end: date,
    periods: Iterable[PeriodSpan],
    holidays: Iterable[DayOff],
) -> list[str]:
    """What is wrong with a year's periods, in Russian: grades without periods, and
    school days (Monday–Friday, not a holiday) of the year that no period of a grade
    covers — at the start, between two periods, or at the end. Overlaps never get
    this far: the services refuse them."""
    spans = list(periods)
    days_off = list(holidays)
    problems: list[str] = []
    uncovered = [g for g in range(1, 12) if not any(p.grade_from <= g <= p.grade_to
                                                  for p in spans)]
    for grade_from, grade_to in _runs(uncovered):
        problems.append(f"Для {_grades(grade_from, grade_to)} не заданы учебные периоды.")
    # Grades with the same periods are reported together.
    by_band: dict[tuple[tuple[str, date, date], ...], list[int]] = {}
    for grade in range(1, 12):
        mine = sorted(
            ((p.name, p.start, p.end) for p in spans if p.grade_from <= grade <= p.grade_to),
            key=lambda p: p[1],
        )
        if mine:
            by_band.setdefault(tuple(mine), []).append(grade)
    for own, grades in by_band.items():
        for grade_from, grade_to in _runs(grades):
            where = _grades(grade_from, grade_to)
            edges: list[tuple[date, date, str]] = [
                (year_start, own[0][1] - timedelta(days=1),
                 f"до начала периода «{own[0][0]}»"),
            ]
            edges += [
                (before[2] + timedelta(days=1), after[1] - timedelta(days=1),
                 f"между периодами «{before[0]}» и «{after[0]}»")
                for before, after in itertools.pairwise(own)
            ]
            edges.append((own[-1][2] + timedelta(days=1), year_end,
                          f"после периода «{own[-1][0]}»"))
            for first, last, place in edges:
                if first > last:
                    continue
                # A day is a gap if it is a school day for any grade of the band.
                gap = sorted({
                    day for grade in range(grade_from, grade_to + 1)
                    for day in _school_days_between(first, last, grade, days_off)
                })
                if gap:
                    problems.append(
                        f"Для {where} {place} есть учебные дни вне периодов "
                        f"({_ru(gap[0])} – {_ru(gap[-1])}): продлите период или "
                        "добавьте каникулы."
                    )
    return problems
