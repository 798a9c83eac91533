"""The school itself, its settings and its calendar: years, periods, holidays, bells.

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ========  =======  =======  ======
function               admin  sysadmin  teacher  student  parent
=====================  =====  ========  =======  =======  ======
update_school          yes    —         —        —        —
set_setting            yes    —         —        —        —
set_settings           yes    —         —        —        —
create_academic_year   yes    —         —        —        —
update_academic_year   yes    —         —        —        —
set_current_year       yes    —         —        —        —
add_study_period       yes    —         —        —        —
update_study_period    yes    —         —        —        —
remove_study_period    yes    —         —        —        —
close_period           yes    —         —        —        —
reopen_period          yes    —         —        —        —
add_holiday            yes    —         —        —        —
update_holiday         yes    —         —        —        —
remove_holiday         yes    —         —        —        —
set_bell               yes    —         —        —        —
remove_bell            yes    —         —        —        —
=====================  =====  ========  =======  =======  ======

Refusals raise ``PermissionDenied``; bad input ``ValidationError``; contradictions
with existing rows (overlapping periods, duplicate year) ``ConflictError``.

The rules each setting's value must keep are :mod:`database.services.setting_rules`.
Reading them is :mod:`database.queries.school_card` (the school's names) and
:mod:`database.queries.academic_years` (years, periods, holidays, bells).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.errors import ConflictError, NotFound, ValidationError
from database.models import AcademicYear, Bell, Holiday, PeriodMark, School, Setting, StudyPeriod
from database.permissions import require_admin
from database.queries.academic_years import (
    AcademicYearInfo,
    BellInfo,
    HolidayInfo,
    StudyPeriodInfo,
    bell_info,
    holiday_info,
    period_info,
    year_info,
)
from database.queries.school_card import SchoolInfo, school_info_of
from database.services._common import UNSET, Unset, apply_changes, get_or_raise, given
from database.services.setting_rules import clean_settings
from database.settings import raw_settings

# --- the school -----------------------------------------------------------------------


def update_school(
    session: Session,
    actor: Actor,
    *,
    full_name: str | Unset = UNSET,
    short_name: str | Unset = UNSET,
    director_name: str | Unset = UNSET,
    address: str | Unset = UNSET,
) -> SchoolInfo:
    """Change the school's names, director or address. The first call (no school row
    yet) creates it and then needs the full name, short name and director."""
    require_admin(actor, "изменение сведений о школе")
    changes = given(
        {
            "full_name": full_name,
            "short_name": short_name,
            "director_name": director_name,
            "address": address,
        }
    )
    checks: dict[str, Callable[[Any], str]] = {
        "full_name": lambda x: v.text(x, "Полное наименование", max_length=1000, required=True),
        "short_name": lambda x: v.text(x, "Краткое наименование", max_length=200, required=True),
        "director_name": lambda x: v.text(x, "Директор", max_length=200, required=True),
        "address": lambda x: v.text(x, "Адрес", max_length=500),
    }
    cleaned = {key: checks[key](value) for key, value in changes.items()}
    school = session.execute(select(School).limit(1)).scalar()
    if school is None:
        for key, label in (
            ("full_name", "Полное наименование"),
            ("short_name", "Краткое наименование"),
            ("director_name", "Директор"),
        ):
            if key not in cleaned:
                raise ValidationError(f"Поле «{label}» не может быть пустым.")
        school = School(**cleaned)
    else:
        apply_changes(school, cleaned)
    changelog.save(session, actor, school)
    return school_info_of(school)


# --- settings -------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingInfo:
    key: str
    value: Any


def set_setting(session: Session, actor: Actor, key: str, value: Any) -> SettingInfo:
    """Set one school setting, validated for its key (known keys only)."""
    return set_settings(session, actor, {key: value})[0]


def set_settings(
    session: Session, actor: Actor, values: Mapping[str, Any]
) -> list[SettingInfo]:
    """Set several school settings at once, each validated for its key and all of
    them together (a new default work type may come with the new list of work
    types). Nothing is written if any value is refused."""
    require_admin(actor, "изменение настроек школы")
    cleaned = clean_settings(values, raw_settings(session))
    result: list[SettingInfo] = []
    for key, value in cleaned.items():
        row = session.execute(select(Setting).where(Setting.key == key)).scalar()
        if row is None:
            row = Setting(key=key, value=value)
        elif row.value != value:
            row.value = value
        changelog.save(session, actor, row)
        result.append(SettingInfo(key=key, value=value))
    return result


# --- academic years -------------------------------------------------------------------


_YEAR_NAME = re.compile(r"(\d{4})/(\d{4})")


def _get_year(session: Session, year_id: uuid.UUID) -> AcademicYear:
    return get_or_raise(session, AcademicYear, year_id, "Учебный год не найден.")


def _check_year_dates(
    session: Session, start_date: date, end_date: date, year_id: uuid.UUID | None = None
) -> None:
    """A year's dates: in order, at most a calendar year long, not overlapping
    another year (``year_id``: the year being changed)."""
    v.date_range(start_date, end_date)
    if end_date - start_date > timedelta(days=366):
        raise ValidationError("Учебный год не может быть длиннее одного календарного года.")
    for other in session.execute(select(AcademicYear).where(AcademicYear.id != year_id)).scalars():
        if v.ranges_overlap(start_date, end_date, other.start_date, other.end_date):
            raise ConflictError(
                f"Даты пересекаются с учебным годом {other.name} "
                f"({v.ru_date(other.start_date)} – {v.ru_date(other.end_date)})."
            )


def create_academic_year(
    session: Session,
    actor: Actor,
    start_date: date,
    end_date: date,
    *,
    name: str | None = None,
    make_current: bool = False,
) -> AcademicYearInfo:
    """A new academic year, «2026/2027» by default from its dates."""
    require_admin(actor, "создание учебного года")
    _check_year_dates(session, start_date, end_date)
    if name is None:
        name = f"{start_date.year}/{end_date.year}"
    name = v.text(name, "Название учебного года", max_length=20, required=True)
    match = _YEAR_NAME.fullmatch(name)
    if match is None or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(
            "Название учебного года пишется как «2026/2027» (два года подряд через «/»)."
        )
    if session.execute(select(AcademicYear.id).where(AcademicYear.name == name)).first():
        raise ConflictError(f"Учебный год {name} уже есть.")
    year = AcademicYear(name=name, start_date=start_date, end_date=end_date, is_current=False)
    changelog.save(session, actor, year)
    if make_current:
        return set_current_year(session, actor, year.id)
    return year_info(year)


def update_academic_year(
    session: Session, actor: Actor, year_id: uuid.UUID, start_date: date, end_date: date
) -> AcademicYearInfo:
    """Correct a year's dates. Its name stays, so the dates stay in its two calendar
    years; its periods and holidays must still lie within them."""
    require_admin(actor, "изменение учебного года")
    year = _get_year(session, year_id)
    with session.no_autoflush:
        _check_year_dates(session, start_date, end_date, year.id)
    first, second = (int(part) for part in year.name.split("/"))
    if start_date.year != first or end_date.year != second:
        raise ValidationError(
            f"Учебный год {year.name} начинается в {first} году и заканчивается в {second}."
        )
    rows: list[StudyPeriod | Holiday] = [
        *session.execute(select(StudyPeriod).where(StudyPeriod.year_id == year.id)).scalars(),
        *session.execute(select(Holiday).where(Holiday.year_id == year.id)).scalars(),
    ]
    for row in sorted(rows, key=lambda r: r.start_date):
        if row.start_date < start_date or row.end_date > end_date:
            raise ConflictError(
                f"«{row.name}» ({v.ru_date(row.start_date)} – {v.ru_date(row.end_date)}) "
                "выходит за новые даты учебного года: сначала измените его."
            )
    apply_changes(year, {"start_date": start_date, "end_date": end_date})
    changelog.save(session, actor, year)
    return year_info(year)


def set_current_year(session: Session, actor: Actor, year_id: uuid.UUID) -> AcademicYearInfo:
    """Make this year the current one (and no other)."""
    require_admin(actor, "выбор текущего учебного года")
    year = _get_year(session, year_id)
    for other in session.execute(
        select(AcademicYear).where(AcademicYear.is_current.is_(True), AcademicYear.id != year_id)
    ).scalars():
        other.is_current = False
        changelog.save(session, actor, other)
    if not year.is_current:
        year.is_current = True
        changelog.save(session, actor, year)
    return year_info(year)


# --- study periods --------------------------------------------------------------------


PERIOD_KINDS: Final[dict[str, str]] = {
    "quarter": "четверть",
    "half": "полугодие",
    "trimester": "триместр",
}
PERIOD_KINDS_PLURAL: Final[dict[str, str]] = {
    "quarter": "четверти",
    "half": "полугодия",
    "trimester": "триместры",
}
PERIODS_PER_YEAR: Final[dict[str, int]] = {"quarter": 4, "half": 2, "trimester": 3}
_ROMAN: Final = ("I", "II", "III", "IV")


def _grades_text(grade_from: int, grade_to: int) -> str:
    if grade_from == grade_to:
        return f"{grade_from} классов"
    return f"{grade_from}–{grade_to} классов"


def _check_period(session: Session, period: StudyPeriod, year: AcademicYear) -> None:
    """Dates inside the year; grades and dates consistent with the year's other periods."""
    v.grade(period.grade_from)
    v.grade(period.grade_to)
    if period.grade_from > period.grade_to:
        raise ValidationError("Параллели: «с» не может быть больше, чем «по».")
    v.date_range(period.start_date, period.end_date)
    where = f"учебного года {year.name}"
    v.date_within(
        period.start_date, year.start_date, year.end_date, label="Дата начала", where=where
    )
    v.date_within(
        period.end_date, year.start_date, year.end_date, label="Дата окончания", where=where
    )
    others = session.execute(
        select(StudyPeriod).where(
            StudyPeriod.year_id == year.id,
            StudyPeriod.id != period.id,
            StudyPeriod.grade_from <= period.grade_to,
            StudyPeriod.grade_to >= period.grade_from,
        )
    ).scalars()
    for other in others:
        grades = _grades_text(
            max(period.grade_from, other.grade_from), min(period.grade_to, other.grade_to)
        )
        if other.kind != period.kind:
            raise ConflictError(
                f"Для {grades} в этом году уже заданы {PERIOD_KINDS_PLURAL[other.kind]}; "
                f"{PERIOD_KINDS_PLURAL[period.kind]} для тех же классов задать нельзя."
            )
        if other.number == period.number:
            raise ConflictError(f"Для {grades} период «{other.name}» уже есть.")
        if v.ranges_overlap(period.start_date, period.end_date, other.start_date, other.end_date):
            raise ConflictError(
                f"Даты пересекаются с периодом «{other.name}» для {grades} "
                f"({v.ru_date(other.start_date)} – {v.ru_date(other.end_date)})."
            )


def default_period_name(kind: str, number: int) -> str:
    """«II четверть», «I полугодие»."""
    return f"{_ROMAN[number - 1]} {PERIOD_KINDS[kind]}"


def add_study_period(
    session: Session,
    actor: Actor,
    year_id: uuid.UUID,
    kind: str,
    number: int,
    grade_from: int,
    grade_to: int,
    start_date: date,
    end_date: date,
    *,
    name: str | None = None,
) -> StudyPeriodInfo:
    """A quarter, half-year or trimester of a year for grades ``grade_from..grade_to``."""
    require_admin(actor, "изменение учебных периодов")
    kind = v.choice(kind, PERIOD_KINDS, "Вид периода")
    number = v.integer(number, "Номер периода", minimum=1, maximum=PERIODS_PER_YEAR[kind])
    name = v.text(
        default_period_name(kind, number) if name is None else name,
        "Название периода",
        max_length=60,
        required=True,
    )
    year = _get_year(session, year_id)
    period = StudyPeriod(
        year_id=year.id,
        kind=kind,
        number=number,
        name=name,
        grade_from=grade_from,
        grade_to=grade_to,
        start_date=start_date,
        end_date=end_date,
        closed=False,
        closed_at=None,
    )
    _check_period(session, period, year)
    changelog.save(session, actor, period)
    return period_info(period)


def _get_period(session: Session, period_id: uuid.UUID) -> StudyPeriod:
    return get_or_raise(session, StudyPeriod, period_id, "Учебный период не найден.")


def update_study_period(
    session: Session,
    actor: Actor,
    period_id: uuid.UUID,
    *,
    name: str | Unset = UNSET,
    grade_from: int | Unset = UNSET,
    grade_to: int | Unset = UNSET,
    start_date: date | Unset = UNSET,
    end_date: date | Unset = UNSET,
) -> StudyPeriodInfo:
    """Change a period's name, grades or dates. A closed period must be reopened first."""
    require_admin(actor, "изменение учебных периодов")
    changes = given(
        {
            "name": name,
            "grade_from": grade_from,
            "grade_to": grade_to,
            "start_date": start_date,
            "end_date": end_date,
        }
    )
    if "name" in changes:
        changes["name"] = v.text(changes["name"], "Название периода", max_length=60, required=True)
    period = _get_period(session, period_id)
    if period.closed and set(changes) - {"name"}:
        raise ConflictError(
            f"Период «{period.name}» закрыт: чтобы изменить его даты или классы, "
            "сначала откройте его."
        )
    year = _get_year(session, period.year_id)
    # Check a detached candidate so a refusal leaves the row untouched.
    candidate = StudyPeriod(
        id=period.id,
        year_id=period.year_id,
        kind=period.kind,
        number=period.number,
        name=changes.get("name", period.name),
        grade_from=changes.get("grade_from", period.grade_from),
        grade_to=changes.get("grade_to", period.grade_to),
        start_date=changes.get("start_date", period.start_date),
        end_date=changes.get("end_date", period.end_date),
    )
    with session.no_autoflush:
        _check_period(session, candidate, year)
    apply_changes(period, changes)
    changelog.save(session, actor, period)
    return period_info(period)


def remove_study_period(session: Session, actor: Actor, period_id: uuid.UUID) -> None:
    """Remove a period entered by mistake (or to apply another preset). A closed
    period, or one that already has period marks, stays."""
    require_admin(actor, "изменение учебных периодов")
    period = _get_period(session, period_id)
    if period.closed:
        raise ConflictError(f"Период «{period.name}» закрыт: удалить его нельзя.")
    marked = session.execute(
        select(PeriodMark.id).where(PeriodMark.period_id == period.id).limit(1)
    ).first()
    if marked is not None:
        raise ConflictError(
            f"За период «{period.name}» уже выставлены итоговые отметки: удалить его нельзя."
        )
    changelog.delete(session, actor, period)


def close_period(
    session: Session, actor: Actor, period_id: uuid.UUID, *, reason: str | None = None
) -> StudyPeriodInfo:
    """Close a period: its marks become corrections (admin only, with a reason).
    Closing a closed period changes nothing."""
    require_admin(actor, "закрытие учебного периода")
    if reason is not None:
        reason = v.text(reason, "Причина", max_length=500) or None
    period = _get_period(session, period_id)
    if not period.closed:
        period.closed = True
        period.closed_at = actor.now()
        changelog.save(session, actor, period, reason=reason)
    return period_info(period)


def reopen_period(
    session: Session, actor: Actor, period_id: uuid.UUID, *, reason: str | None = None
) -> StudyPeriodInfo:
    """Reopen a closed period (the reason goes to the change log)."""
    require_admin(actor, "открытие закрытого учебного периода")
    if reason is not None:
        reason = v.text(reason, "Причина", max_length=500) or None
    period = _get_period(session, period_id)
    if period.closed:
        period.closed = False
        period.closed_at = None
        changelog.save(session, actor, period, reason=reason)
    return period_info(period)


# --- holidays -------------------------------------------------------------------------


HOLIDAY_KINDS: Final[dict[str, str]] = {
    "vacation": "каникулы",
    "holiday": "праздник",
    "other": "другой неучебный день",
}


def _check_holiday(session: Session, holiday: Holiday) -> None:
    v.grade(holiday.grade_from)
    v.grade(holiday.grade_to)
    if holiday.grade_from > holiday.grade_to:
        raise ValidationError("Параллели: «с» не может быть больше, чем «по».")
    v.date_range(holiday.start_date, holiday.end_date)
    year = _get_year(session, holiday.year_id)
    where = f"учебного года {year.name}"
    v.date_within(
        holiday.start_date, year.start_date, year.end_date, label="Дата начала", where=where
    )
    v.date_within(
        holiday.end_date, year.start_date, year.end_date, label="Дата окончания", where=where
    )


def add_holiday(
    session: Session,
    actor: Actor,
    year_id: uuid.UUID,
    name: str,
    start_date: date,
    end_date: date,
    *,
    kind: str = "vacation",
    grade_from: int = 1,
    grade_to: int = 11,
) -> HolidayInfo:
    """Vacations, a public holiday or another non-school day range (inclusive).

    Lessons already generated for those days are not removed here."""
    require_admin(actor, "изменение календаря")
    holiday = Holiday(
        year_id=_get_year(session, year_id).id,
        name=v.text(name, "Название", max_length=200, required=True),
        kind=v.choice(kind, HOLIDAY_KINDS, "Вид"),
        start_date=start_date,
        end_date=end_date,
        grade_from=grade_from,
        grade_to=grade_to,
    )
    _check_holiday(session, holiday)
    changelog.save(session, actor, holiday)
    return holiday_info(holiday)


def update_holiday(
    session: Session,
    actor: Actor,
    holiday_id: uuid.UUID,
    *,
    name: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    start_date: date | Unset = UNSET,
    end_date: date | Unset = UNSET,
    grade_from: int | Unset = UNSET,
    grade_to: int | Unset = UNSET,
) -> HolidayInfo:
    """Change a non-school day range's name, kind, dates or grades."""
    require_admin(actor, "изменение календаря")
    changes = given(
        {
            "name": name,
            "kind": kind,
            "start_date": start_date,
            "end_date": end_date,
            "grade_from": grade_from,
            "grade_to": grade_to,
        }
    )
    if "name" in changes:
        changes["name"] = v.text(changes["name"], "Название", max_length=200, required=True)
    if "kind" in changes:
        changes["kind"] = v.choice(changes["kind"], HOLIDAY_KINDS, "Вид")
    holiday = get_or_raise(session, Holiday, holiday_id, "Неучебный день не найден.")
    # Check a detached candidate so a refusal leaves the row untouched.
    candidate = Holiday(
        year_id=holiday.year_id,
        name=changes.get("name", holiday.name),
        kind=changes.get("kind", holiday.kind),
        start_date=changes.get("start_date", holiday.start_date),
        end_date=changes.get("end_date", holiday.end_date),
        grade_from=changes.get("grade_from", holiday.grade_from),
        grade_to=changes.get("grade_to", holiday.grade_to),
    )
    with session.no_autoflush:
        _check_holiday(session, candidate)
    apply_changes(holiday, changes)
    changelog.save(session, actor, holiday)
    return holiday_info(holiday)


def remove_holiday(session: Session, actor: Actor, holiday_id: uuid.UUID) -> None:
    require_admin(actor, "изменение календаря")
    holiday = get_or_raise(session, Holiday, holiday_id, "Неучебный день не найден.")
    changelog.delete(session, actor, holiday)


# --- bells ----------------------------------------------------------------------------


def set_bell(
    session: Session,
    actor: Actor,
    year_id: uuid.UUID,
    lesson_number: int,
    starts_at: time,
    ends_at: time,
) -> BellInfo:
    """Set (or change) when lesson ``lesson_number`` starts and ends. An earlier
    lesson must end by this one's start; a later one may start only after its end."""
    require_admin(actor, "изменение расписания звонков")
    lesson_number = v.lesson_number(lesson_number)
    v.time_range(starts_at, ends_at)
    year = _get_year(session, year_id)
    bells = session.execute(select(Bell).where(Bell.year_id == year.id)).scalars().all()
    bell: Bell | None = None
    for other in bells:
        if other.lesson_number == lesson_number:
            bell = other
        elif other.lesson_number < lesson_number and other.ends_at > starts_at:
            raise ConflictError(
                f"{lesson_number}-й урок не может начаться в {v.ru_time(starts_at)}: "
                f"{other.lesson_number}-й урок заканчивается в {v.ru_time(other.ends_at)}."
            )
        elif other.lesson_number > lesson_number and other.starts_at < ends_at:
            raise ConflictError(
                f"{lesson_number}-й урок не может закончиться в {v.ru_time(ends_at)}: "
                f"{other.lesson_number}-й урок начинается в {v.ru_time(other.starts_at)}."
            )
    if bell is None:
        bell = Bell(
            year_id=year.id, lesson_number=lesson_number, starts_at=starts_at, ends_at=ends_at
        )
    else:
        apply_changes(bell, {"starts_at": starts_at, "ends_at": ends_at})
    changelog.save(session, actor, bell)
    return bell_info(bell)


def remove_bell(session: Session, actor: Actor, year_id: uuid.UUID, lesson_number: int) -> None:
    require_admin(actor, "изменение расписания звонков")
    bell = session.execute(
        select(Bell).where(Bell.year_id == year_id, Bell.lesson_number == lesson_number)
    ).scalar()
    if bell is None:
        raise NotFound(f"Для {lesson_number}-го урока звонки не заданы.")
    changelog.delete(session, actor, bell)
