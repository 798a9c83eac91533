"""The school calendar as stored: the academic years, oldest first, and a year's study
periods, holidays and bells (anyone signed in may read them: the journal, the diary
and the reports all date lessons by them). Changing them is
``database.services.school``; the set-up screen's snapshot is
``database.queries.school_year``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import AcademicYear, Bell, Holiday, StudyPeriod


@dataclass(frozen=True)
class AcademicYearInfo:
    id: uuid.UUID
    name: str
    start_date: date
    end_date: date
    is_current: bool


def year_info(year: AcademicYear) -> AcademicYearInfo:
    return AcademicYearInfo(
        id=year.id,
        name=year.name,
        start_date=year.start_date,
        end_date=year.end_date,
        is_current=year.is_current,
    )


def list_academic_years(session: Session) -> list[AcademicYearInfo]:
    """All years, oldest first (anyone signed in may read them)."""
    years = session.execute(select(AcademicYear).order_by(AcademicYear.start_date)).scalars()
    return [year_info(year) for year in years]


@dataclass(frozen=True)
class StudyPeriodInfo:
    id: uuid.UUID
    year_id: uuid.UUID
    kind: str
    number: int
    name: str
    grade_from: int
    grade_to: int
    start_date: date
    end_date: date
    closed: bool
    closed_at: datetime | None


def period_info(period: StudyPeriod) -> StudyPeriodInfo:
    return StudyPeriodInfo(
        id=period.id,
        year_id=period.year_id,
        kind=period.kind,
        number=period.number,
        name=period.name,
        grade_from=period.grade_from,
        grade_to=period.grade_to,
        start_date=period.start_date,
        end_date=period.end_date,
        closed=period.closed,
        closed_at=period.closed_at,
    )


def list_study_periods(session: Session, year_id: uuid.UUID) -> list[StudyPeriodInfo]:
    periods = session.execute(
        select(StudyPeriod)
        .where(StudyPeriod.year_id == year_id)
        .order_by(StudyPeriod.grade_from, StudyPeriod.start_date)
    ).scalars()
    return [period_info(period) for period in periods]


@dataclass(frozen=True)
class HolidayInfo:
    id: uuid.UUID
    year_id: uuid.UUID
    name: str
    kind: str
    start_date: date
    end_date: date
    grade_from: int
    grade_to: int


def holiday_info(holiday: Holiday) -> HolidayInfo:
    return HolidayInfo(
        id=holiday.id,
        year_id=holiday.year_id,
        name=holiday.name,
        kind=holiday.kind,
        start_date=holiday.start_date,
        end_date=holiday.end_date,
        grade_from=holiday.grade_from,
        grade_to=holiday.grade_to,
    )


def list_holidays(session: Session, year_id: uuid.UUID) -> list[HolidayInfo]:
    holidays = session.execute(
        select(Holiday).where(Holiday.year_id == year_id).order_by(Holiday.start_date)
    ).scalars()
    return [holiday_info(holiday) for holiday in holidays]


@dataclass(frozen=True)
class BellInfo:
    id: uuid.UUID
    year_id: uuid.UUID
    lesson_number: int
    starts_at: time
    ends_at: time


def bell_info(bell: Bell) -> BellInfo:
    return BellInfo(
        id=bell.id,
        year_id=bell.year_id,
        lesson_number=bell.lesson_number,
        starts_at=bell.starts_at,
        ends_at=bell.ends_at,
    )


def list_bells(session: Session, year_id: uuid.UUID) -> list[BellInfo]:
    bells = session.execute(
        select(Bell).where(Bell.year_id == year_id).order_by(Bell.lesson_number)
    ).scalars()
    return [bell_info(bell) for bell in bells]
