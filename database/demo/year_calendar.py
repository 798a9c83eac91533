"""The demo school's year: dates of quarters and half-years, vacations, public
holidays and the bell schedule, computed for any academic year.

For 2026/2027 this gives the usual calendar of a Russian school: I четверть
01.09–24.10, autumn vacation 25.10–04.11, II 05.11–28.12, winter 29.12–11.01,
III 12.01–20.03, spring 21.03–29.03, IV 30.03–31.05, an extra week in February for
the first grade; half-years 01.09–28.12 and 12.01–31.05 for grades 10–11.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from database.school_calendar import DayOff


@dataclass(frozen=True)
class PeriodDef:
    kind: str  # quarter | half
    number: int
    name: str
    grade_from: int
    grade_to: int
    start: date
    end: date


@dataclass(frozen=True)
class HolidayDef:
    name: str
    kind: str  # vacation | holiday | other
    start: date
    end: date
    grade_from: int = 1
    grade_to: int = 11

    def day_off(self) -> DayOff:
        return DayOff(self.start, self.end, self.grade_from, self.grade_to)


@dataclass(frozen=True)
class YearCalendar:
    first_year: int  # 2026 for 2026/2027
    start: date
    end: date
    periods: tuple[PeriodDef, ...]
    holidays: tuple[HolidayDef, ...]

    @property
    def name(self) -> str:
        return f"{self.first_year}/{self.first_year + 1}"

    def days_off(self) -> list[DayOff]:
        return [h.day_off() for h in self.holidays]

    def periods_for(self, grade: int) -> list[PeriodDef]:
        return [p for p in self.periods if p.grade_from <= grade <= p.grade_to]


def academic_year_of(today: date) -> int:
    """The first calendar year of the academic year that ``today`` belongs to; in
    June–August, the year that has just ended."""
    return today.year if today.month >= 9 else today.year - 1


def _sunday_between(first: date, last: date) -> date:
    day = first
    while day.isoweekday() != 7:
        day += timedelta(days=1)
    assert day <= last
    return day


def _monday_after_weekend(day: date) -> date:
    """``day`` itself on a weekday; the following Monday on a weekend."""
    while day.isoweekday() >= 6:
        day += timedelta(days=1)
    return day


_ROMAN = ("I", "II", "III", "IV")

_PUBLIC_HOLIDAYS = (
    ((11, 4), "День народного единства"),
    ((2, 23), "День защитника Отечества"),
    ((3, 8), "Международный женский день"),
    ((5, 1), "Праздник Весны и Труда"),
    ((5, 9), "День Победы"),
)


def build_calendar(first_year: int) -> YearCalendar:
    y0, y1 = first_year, first_year + 1
    start, end = date(y0, 9, 1), date(y1, 5, 31)

    # Autumn vacation: from the last Sunday of October (23–29) for eleven days, up
    # to 4 November; the second quarter starts on the next weekday.
    autumn_start = _sunday_between(date(y0, 10, 23), date(y0, 10, 29))
    q2_start = _monday_after_weekend(autumn_start + timedelta(days=11))
    autumn_end = q2_start - timedelta(days=1)
    winter_start, winter_end = date(y0, 12, 29), date(y1, 1, 11)
    q3_start = _monday_after_weekend(winter_end + timedelta(days=1))
    winter_end = q3_start - timedelta(days=1)
    # Spring vacation: from the Sunday of 18–24 March, nine days.
    spring_start = _sunday_between(date(y1, 3, 18), date(y1, 3, 24))
    q4_start = _monday_after_weekend(spring_start + timedelta(days=9))
    spring_end = q4_start - timedelta(days=1)
    # First graders rest one more week in February: the third full week.
    feb_monday = date(y1, 2, 1)
    while feb_monday.isoweekday() != 1:
        feb_monday += timedelta(days=1)
    feb_monday += timedelta(days=14)

    quarters = (
        (start, autumn_start - timedelta(days=1)),
        (q2_start, winter_start - timedelta(days=1)),
        (q3_start, spring_start - timedelta(days=1)),
        (q4_start, end),
    )
    periods = [
        PeriodDef("quarter", i + 1, f"{_ROMAN[i]} четверть", 1, 9, s, e)
        for i, (s, e) in enumerate(quarters)
    ]
    periods += [
        PeriodDef("half", 1, "I полугодие", 10, 11, start, winter_start - timedelta(days=1)),
        PeriodDef("half", 2, "II полугодие", 10, 11, q3_start, end),
    ]

    holidays = [
        HolidayDef("Осенние каникулы", "vacation", autumn_start, autumn_end),
        HolidayDef("Зимние каникулы", "vacation", winter_start, winter_end),
        HolidayDef("Дополнительные каникулы для первоклассников", "vacation",
                   feb_monday, feb_monday + timedelta(days=6), 1, 1),
        HolidayDef("Весенние каникулы", "vacation", spring_start, spring_end),
    ]
    for (month, day_of_month), name in _PUBLIC_HOLIDAYS:
        day = date(y0 if month >= 9 else y1, month, day_of_month)
        holidays.append(HolidayDef(name, "holiday", day, day))
        if day.isoweekday() == 7:
            monday = day + timedelta(days=1)
            holidays.append(HolidayDef(f"Перенос выходного дня ({name})", "holiday",
                                       monday, monday))
    holidays.sort(key=lambda h: (h.start, h.grade_from))
    return YearCalendar(y0, start, end, tuple(periods), tuple(holidays))


# Lesson number → (start, end): 45-minute lessons from 08:30, 10-minute breaks and
# one 20-minute break after the second lesson.
def bell_schedule(lessons: int = 7) -> list[tuple[int, time, time]]:
    result: list[tuple[int, time, time]] = []
    minute = 8 * 60 + 30
    for number in range(1, lessons + 1):
        begin = minute
        finish = begin + 45
        result.append((number, time(begin // 60, begin % 60), time(finish // 60, finish % 60)))
        minute = finish + (20 if number == 2 else 10)
    return result
