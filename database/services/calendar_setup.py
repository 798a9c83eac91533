"""A school year set up from a preset in one step: its study periods and holidays.

Who may call: the administration only (each function calls the services of
:mod:`database.services.school`, which check it and write the change log).

=========================  =====  ========  =======  =======  ======
function                   admin  sysadmin  teacher  student  parent
=========================  =====  ========  =======  =======  ======
apply_period_preset        yes    —         —        —        —
add_preset_holidays        yes    —         —        —        —
=========================  =====  ========  =======  =======  ======
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.calendar_presets import PRESETS, year_preset
from database.errors import ConflictError, NotFound, ValidationError
from database.models import PeriodMark
from database.permissions import require_admin
from database.queries.academic_years import (
    AcademicYearInfo,
    HolidayInfo,
    StudyPeriodInfo,
    list_academic_years,
    list_holidays,
    list_study_periods,
)
from database.services.school import add_holiday, add_study_period, remove_study_period


def _year(session: Session, year_id: uuid.UUID) -> AcademicYearInfo:
    year = next((y for y in list_academic_years(session) if y.id == year_id), None)
    if year is None:
        raise NotFound("Учебный год не найден.")
    return year


def _check_preset(preset: str) -> None:
    if preset not in PRESETS:
        raise ValidationError(f"Неизвестный образец календаря «{preset}».")


def apply_period_preset(
    session: Session, actor: Actor, year_id: uuid.UUID, preset: str
) -> list[StudyPeriodInfo]:
    """Replace the year's study periods with the preset's (dates clipped to the
    year). Refused, with nothing changed, while a period is closed or has period
    marks."""
    require_admin(actor, "изменение учебных периодов")
    _check_preset(preset)
    year = _year(session, year_id)
    current = list_study_periods(session, year_id)
    # Refuse before removing anything, so a refusal leaves the session clean.
    for period in current:
        if period.closed:
            raise ConflictError(
                f"Период «{period.name}» закрыт: заменить периоды по образцу нельзя."
            )
    marked = session.execute(
        select(PeriodMark.id).where(PeriodMark.period_id.in_([p.id for p in current])).limit(1)
    ).first()
    if marked is not None:
        raise ConflictError(
            "За периоды этого года уже выставлены итоговые отметки: заменить их по образцу "
            "нельзя."
        )
    for period in current:
        remove_study_period(session, actor, period.id)
    periods = year_preset(preset, year.start_date.year).periods
    return [
        add_study_period(
            session, actor, year_id, p.kind, p.number, p.grade_from, p.grade_to,
            max(p.start, year.start_date), min(p.end, year.end_date), name=p.name,
        )
        for p in periods
    ]


def add_preset_holidays(
    session: Session, actor: Actor, year_id: uuid.UUID, preset: str
) -> list[HolidayInfo]:
    """Add the preset's vacations and public holidays that the year does not have
    yet (same name and dates); those outside the year's dates are skipped."""
    require_admin(actor, "изменение календаря")
    _check_preset(preset)
    year = _year(session, year_id)
    have = {(h.name, h.start_date, h.end_date) for h in list_holidays(session, year_id)}
    added: list[HolidayInfo] = []
    for h in year_preset(preset, year.start_date.year).holidays:
        if (h.name, h.start, h.end) in have:
            continue
        if h.start < year.start_date or h.end > year.end_date:
            continue
        added.append(add_holiday(session, actor, year_id, h.name, h.start, h.end, kind=h.kind,
                                 grade_from=h.grade_from, grade_to=h.grade_to))
    return added
