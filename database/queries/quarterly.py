"""The quarterly report on keeping the electronic journal (both orders require it):
the activity indicators over the chosen period, the journal-keeping control's
findings summed per teacher, and progress by grade level — one read of each of the
three reports it gathers, so its figures are theirs.

The indicators over a period: the lesson indicators and the weekly sign-ins summed
over the weeks whose Monday falls in the period (each week as the activity report
counts it); the timetable as it stands on the period's last day (the last week's
figure; today's, for a period under way), the activated accounts as they are now (no
history of them is kept). Administration only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import ValidationError
from database.permissions import require_admin
from database.queries.activity import (
    KEEPING,
    LOGINS,
    ONLINE,
    PLANNING,
    ActivityReport,
    Ratio,
    WeekPoint,
    load_activity,
)
from database.queries.journal_control import ControlReport, load_control
from database.queries.progress_scope import BY_GRADE, SchoolProgress, load_school_progress


@dataclass(frozen=True)
class PeriodFigure:
    key: str
    title: str
    target: float
    target_text: str
    period: Ratio

    @property
    def met(self) -> bool:
        return self.period.whole > 0 and self.period.percent >= self.target


@dataclass(frozen=True)
class QuarterlyReport:
    first: date
    last: date
    activity: ActivityReport  # as of the period's last week
    weeks: tuple[WeekPoint, ...]  # the weeks of the period
    figures: tuple[PeriodFigure, ...]  # the six indicators over the period
    control: ControlReport
    progress: SchoolProgress
    generated_on: date


def _sum(points: tuple[WeekPoint, ...], pick: str) -> Ratio:
    total = Ratio(0, 0)
    for point in points:
        total = total + getattr(point, pick)
    return total


def load_quarterly(session: Session, actor: Actor, first: date, last: date, *,
                   generated_on: date | None = None) -> QuarterlyReport:
    require_admin(actor, "готовить отчёт о ведении электронного журнала")
    if last < first:
        raise ValidationError("Конец периода раньше его начала: проверьте даты.")
    now = actor.now()
    activity = load_activity(session, actor, min(last, now.date()), now=now)
    weeks = tuple(p for p in activity.history if first <= p.start <= last)
    by_week = {PLANNING: "planning", KEEPING: "keeping", ONLINE: "online", LOGINS: "logins"}
    figures = tuple(
        PeriodFigure(f.key, f.title, f.target, f.target_text,
                     _sum(weeks, by_week[f.key]) if f.key in by_week else f.week)
        for f in activity.indicators)
    return QuarterlyReport(
        first=first, last=last, activity=activity, weeks=weeks, figures=figures,
        control=load_control(session, actor, first, last, now=now),
        progress=load_school_progress(session, actor, BY_GRADE, first, last,
                                      generated_on=generated_on),
        generated_on=generated_on or now.date(),
    )


__all__ = ["PeriodFigure", "QuarterlyReport", "load_quarterly"]
