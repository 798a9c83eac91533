"""Pure calendar rules: which days are school days, which dates a timetable yields.

No database here, so the lesson generator service and the demo school share one
definition of "a school day".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DayOff:
    """A holiday, vacation or non-school day range (inclusive) for some grades."""

    start: date
    end: date
    grade_from: int = 1
    grade_to: int = 11

    def covers(self, day: date, grade: int) -> bool:
        return self.start <= day <= self.end and self.grade_from <= grade <= self.grade_to


@dataclass(frozen=True)
class Slot:
    """A timetable entry reduced to what dates need: weekday 1..6, validity."""

    weekday: int
    lesson_number: int
    valid_from: date
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def is_school_day(
    day: date, grade: int, days_off: Iterable[DayOff], six_day_week: bool = False
) -> bool:
    """Sunday is never a school day; Saturday only in a six-day week."""
    weekday = day.isoweekday()
    if weekday == 7 or (weekday == 6 and not six_day_week):
        return False
    return not any(off.covers(day, grade) for off in days_off)


def lesson_dates(
    slots: Iterable[Slot],
    start: date,
    end: date,
    grade: int,
    days_off: Iterable[DayOff],
) -> Iterator[tuple[date, int]]:
    """(date, lesson number) for every slot occurrence on a school day in the range.

    A slot on Saturday implies that the class studies six days a week.
    """
    slot_list = list(slots)
    off_list = list(days_off)
    by_weekday: dict[int, list[Slot]] = {}
    for slot in slot_list:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    for day in days(start, end):
        todays = by_weekday.get(day.isoweekday())
        if not todays or not is_school_day(day, grade, off_list, six_day_week=True):
            continue
        for slot in sorted(todays, key=lambda s: s.lesson_number):
            if slot.valid_on(day):
                yield day, slot.lesson_number
