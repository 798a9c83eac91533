"""The six activity indicators of the school's order (Table 1), exact, for a reporting
week and from the start of the school year to that week's end; per class and per
teacher where the indicator is about lessons. Read by the home screen's «Отчёты»
page (the current week) and by the activity report (any week).

The definitions (printed in the report's legend, :data:`DEFINITIONS`):

- lessons counted: lessons of the current year's teaching assignments that have
  taken place — not cancelled, and their bell's end is at or before the moment of
  the report (without a bell for the lesson number, the end of the lesson day);
- timetable: classes whose timetable is filled — every teaching assignment placed
  for its weekly hours (:mod:`database.queries.timetable_fill`, the same rule as
  the set-up checklist's) — in the timetable in force on the week's last day (today
  for the week under way); from the start of the year, the class-weeks filled
  divided by (weeks × classes);
- planning: lessons counted with a topic or homework;
- journal keeping: lessons counted with at least one mark (a comment for parents
  belongs to a mark), attendance code, or the «conducted» flag;
- activated accounts: accounts activated (first sign-in done) of those created
  and not disabled;
- unique logins: activated accounts with a successful sign-in in the week, each
  counted once a week; from the start of the year, the sum over the weeks divided
  by (weeks × activated accounts);
- online keeping: journal entries on lessons counted — marks, attendance codes and
  homework, each with the time it was entered — made within 24 hours after the
  lesson's end.

A lesson belongs to its class and to the teacher who gave it (the substitute when
one is recorded).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from sqlalchemy import ColumnElement, String, case, cast, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.collation import ru_name_key
from database.display_names import (
    class_title,
    full_name_of,
    short_name_of,
    told_apart,
)
from database.ids import raw_id
from database.models import (
    AcademicYear,
    Account,
    Attendance,
    Bell,
    Lesson,
    LoginEvent,
    Mark,
    School,
    SchoolClass,
    Staff,
    TeachingAssignment,
)
from database.permissions import require_admin
from database.queries.timetable_fill import DEFINITION as TIMETABLE_RULE
from database.queries.timetable_fill import filled_classes_on

TIMETABLE: Final = "timetable"
PLANNING: Final = "planning"
KEEPING: Final = "keeping"
ACCOUNTS: Final = "accounts"
LOGINS: Final = "logins"
ONLINE: Final = "online"

# key → (the order's wording, target lower bound %, target as printed)
TITLES: Final[dict[str, tuple[str, float, str]]] = {
    TIMETABLE: ("Заполнение расписания для всех классов", 100.0, "100 %"),
    PLANNING: ("Планирование: уроки с темой или домашним заданием", 70.0, "70–100 %"),
    KEEPING: ("Ведение журнала: уроки с отметкой, посещаемостью, отметкой о проведении "
              "или комментарием", 70.0, "70–100 %"),
    ACCOUNTS: ("Активированные учётные записи от созданных", 50.0, "≥ 50 %"),
    LOGINS: ("Уникальные входы за неделю среди активированных учётных записей", 10.0,
             "≥ 10 %"),
    ONLINE: ("Онлайн-ведение: записи, сделанные в течение 24 ч после урока", 20.0,
             "≥ 20 %"),
}
ORDER: Final = (TIMETABLE, PLANNING, KEEPING, ACCOUNTS, LOGINS, ONLINE)

DEFINITIONS: Final[tuple[str, ...]] = (
    "Учитываются уроки, которые уже прошли: не отменённые, время окончания урока по "
    "расписанию звонков наступило к моменту формирования отчёта (без звонка — конец "
    "дня урока). Урок относится к своему классу и к учителю, который его провёл "
    "(при замене — к заменяющему).",
    "Расписание: доля классов текущего года с заполненным расписанием на последний "
    "день недели (для текущей недели — на сегодня); с начала года — сумма по неделям, "
    "делённая на (число недель × число классов). " + TIMETABLE_RULE,
    "Планирование: доля учтённых уроков, у которых записана тема или домашнее задание.",
    "Ведение журнала: доля учтённых уроков, где есть хотя бы одна отметка (комментарий "
    "для родителей пишется к отметке), код посещаемости или отметка «урок проведён».",
    "Активированные учётные записи: доля активированных (выполнен первый вход) среди "
    "созданных и не заблокированных.",
    "Уникальные входы: доля активированных учётных записей, с которых был хотя бы один "
    "успешный вход за неделю (каждый пользователь — один раз в неделю); с начала года — "
    "сумма недельных входов, делённая на (число недель × число активированных).",
    "Онлайн-ведение: доля записей по учтённым урокам (отметки, коды посещаемости, "
    "домашние задания — по времени их внесения), сделанных не позднее 24 часов после "
    "окончания урока.",
)

ONLINE_WINDOW: Final = timedelta(hours=24)


@dataclass(frozen=True)
class Ratio:
    part: int
    whole: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.part / self.whole, 1) if self.whole else 0.0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.part + other.part, self.whole + other.whole)


NONE: Final = Ratio(0, 0)


@dataclass(frozen=True)
class IndicatorFigure:
    key: str
    title: str
    target: float  # lower bound, percent
    target_text: str
    week: Ratio
    year: Ratio

    @property
    def met(self) -> bool:
        return self.week.whole > 0 and self.week.percent >= self.target


@dataclass(frozen=True)
class ScopeLine:
    """One class or one teacher: the lesson indicators for the week and the year."""

    id: uuid.UUID
    name: str
    lessons_week: int
    lessons_year: int
    planning: tuple[Ratio, Ratio]  # week, year
    keeping: tuple[Ratio, Ratio]
    online: tuple[Ratio, Ratio]
    timetable: bool | None = None  # classes only


@dataclass(frozen=True)
class WeekPoint:
    """One week of the history: the lesson indicators and the sign-ins."""

    start: date  # Monday
    lessons: int
    planning: Ratio
    keeping: Ratio
    online: Ratio
    logins: Ratio


@dataclass(frozen=True)
class ActivityReport:
    school_name: str
    year_name: str
    week_start: date
    week_end: date
    year_start: date
    as_of: datetime
    indicators: tuple[IndicatorFigure, ...]
    classes: tuple[ScopeLine, ...]
    teachers: tuple[ScopeLine, ...]
    history: tuple[WeekPoint, ...] = ()  # the weeks from the year's first to this one

    def figure(self, key: str) -> IndicatorFigure:
        return next(f for f in self.indicators if f.key == key)


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ``day``."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


# --- lessons ---------------------------------------------------------------------------------


@dataclass
class _Tally:
    lessons: int = 0
    planned: int = 0
    kept: int = 0
    entries: int = 0
    online: int = 0

    def add(self, other: _Tally) -> None:
        self.lessons += other.lessons
        self.planned += other.planned
        self.kept += other.kept
        self.entries += other.entries
        self.online += other.online


def _online_deadline() -> ColumnElement[str]:
    """SQL: 24 hours after the lesson's end (its bell; without one, the end of its
    day), written as SQLite stores a DateTime («2026-11-17 09:15:00.000000»), so an
    entry's ``entered_at`` compares with it as text — exact to the microsecond, and
    no date parsing per entry (there are a hundred thousand of them in a year)."""
    return case(
        (Bell.ends_at.is_(None), func.date(Lesson.date, "+2 days") + " 00:00:00.000000"),
        else_=func.date(Lesson.date, "+1 day") + " " + cast(Bell.ends_at, String),
    )


def _deadline_text(day: date, ends_at: time | None) -> str:
    """:func:`_online_deadline` in Python, for a lesson read already."""
    if ends_at is None:
        return f"{day + timedelta(days=2):%Y-%m-%d} 00:00:00.000000"
    return f"{day + timedelta(days=1):%Y-%m-%d} {ends_at:%H:%M:%S.%f}"


@dataclass(frozen=True)
class _LessonFact:
    class_id: uuid.UUID
    teacher_id: uuid.UUID
    week: date  # its Monday
    planned: bool
    kept: bool
    entries: int
    online: int


def _lessons(
    session: Session, year_id: uuid.UUID, first: date, week_start: date, last: date,
    now: datetime,
) -> list[_LessonFact]:
    """The lessons counted from ``first`` to ``last`` with their entries (three
    statements: lessons, their marks and attendance grouped, nothing per lesson)."""
    last = min(last, now.date())
    if last < first:
        return []
    in_range = (
        TeachingAssignment.year_id == year_id,
        Lesson.date >= first,
        Lesson.date <= last,
        Lesson.cancelled.is_(False),
    )
    # Lesson ids as their stored bytes: the entries below are matched to their lesson
    # by them, and making a UUID object of each of some 60,000 entries' lesson ids was
    # a third of the «Отчёты» page's time on the large school.
    lesson_key = raw_id(Lesson.id)
    lesson_rows = session.execute(
        select(
            lesson_key, Lesson.date, Bell.ends_at, TeachingAssignment.class_id,
            func.coalesce(Lesson.substitute_teacher_id, TeachingAssignment.teacher_id),
            (Lesson.topic != "") | (Lesson.homework != ""),
            Lesson.conducted,
            Lesson.homework != "",
            case((Lesson.homework_entered_at.is_(None), None),
                 else_=Lesson.homework_entered_at <= _online_deadline()),
        )
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .outerjoin(Bell, (Bell.year_id == TeachingAssignment.year_id)
                   & (Bell.lesson_number == Lesson.lesson_number))
        .where(*in_range)
    ).all()
    # Each entry against its lesson's deadline, compared as the text SQLite stores a
    # DateTime in: one plain row per entry is several times cheaper to read than
    # grouping with the deadline computed per row in SQL (the indicators page on the
    # large school spent most of its time there).
    deadlines = {row[0]: _deadline_text(row[1], row[2]) for row in lesson_rows}
    counts: dict[bytes, tuple[int, int]] = {}
    for model in (Mark, Attendance):
        for lesson_id, entered in session.execute(
            select(raw_id(model.lesson_id), cast(model.entered_at, String))
            .join(Lesson, Lesson.id == model.lesson_id)
            .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
            .where(*in_range)
        ):
            total, on_time = counts.get(lesson_id, (0, 0))
            counts[lesson_id] = (total + 1, on_time + (entered <= deadlines[lesson_id]))
    facts: list[_LessonFact] = []
    for (lesson_id, day, ends_at, class_id, teacher_id, planned, conducted, has_homework,
         homework_on_time) in lesson_rows:
        end = (datetime.combine(day, ends_at) if ends_at is not None
               else datetime.combine(day + timedelta(days=1), time(0, 0)))
        if end > now:
            continue  # not taken place yet
        total, on_time = counts.get(lesson_id, (0, 0))
        homework_entry = bool(has_homework) and homework_on_time is not None
        facts.append(_LessonFact(
            class_id=class_id, teacher_id=teacher_id, week=week_of(day)[0],
            planned=bool(planned), kept=bool(conducted) or total > 0,
            entries=total + (1 if homework_entry else 0),
            online=on_time + (1 if homework_entry and homework_on_time else 0),
        ))
    return facts


def _tallies(
    facts: Iterable[_LessonFact], scope: str, week_start: date
) -> tuple[dict[uuid.UUID, _Tally], dict[uuid.UUID, _Tally]]:
    week: dict[uuid.UUID, _Tally] = defaultdict(_Tally)
    year: dict[uuid.UUID, _Tally] = defaultdict(_Tally)
    for fact in facts:
        key = fact.class_id if scope == "class" else fact.teacher_id
        one = _Tally(1, int(fact.planned), int(fact.kept), fact.entries, fact.online)
        year[key].add(one)
        if fact.week == week_start:
            week[key].add(one)
    return week, year


def _total(tallies: Iterable[_Tally]) -> _Tally:
    total = _Tally()
    for tally in tallies:
        total.add(tally)
    return total


def _line(
    key: uuid.UUID, name: str, week: _Tally, year: _Tally, timetable: bool | None = None
) -> ScopeLine:
    return ScopeLine(
        id=key, name=name, lessons_week=week.lessons, lessons_year=year.lessons,
        planning=(Ratio(week.planned, week.lessons), Ratio(year.planned, year.lessons)),
        keeping=(Ratio(week.kept, week.lessons), Ratio(year.kept, year.lessons)),
        online=(Ratio(week.online, week.entries), Ratio(year.online, year.entries)),
        timetable=timetable,
    )


# --- accounts and sign-ins -----------------------------------------------------------------


def _accounts(session: Session) -> tuple[int, int]:
    """(activated, created and not disabled)."""
    counts = dict(session.execute(
        select(Account.status, func.count()).group_by(Account.status)).all())
    activated = int(counts.get("activated", 0))
    return activated, activated + int(counts.get("created", 0))


def _weekly_logins(session: Session, first_week: date, week_start: date) -> list[int]:
    """Unique sign-ins of activated accounts in each week from ``first_week`` to the
    week of ``week_start``."""
    end = datetime.combine(week_start + timedelta(days=7), time(0, 0))
    rows = session.execute(
        select(LoginEvent.account_id, func.date(LoginEvent.at)).distinct()
        .join(Account, Account.id == LoginEvent.account_id)
        .where(Account.status == "activated", LoginEvent.success.is_(True),
               LoginEvent.at >= datetime.combine(first_week, time(0, 0)), LoginEvent.at < end)
    ).all()
    pairs = {(account, (date.fromisoformat(day) - first_week).days // 7)
             for account, day in rows}
    weeks = [0] * ((week_start - first_week).days // 7 + 1)
    for _, week in pairs:
        weeks[week] += 1
    return weeks


# --- the report ------------------------------------------------------------------------------


def _current_year(session: Session) -> AcademicYear | None:
    return session.execute(
        select(AcademicYear).order_by(AcademicYear.is_current.desc(),
                                      AcademicYear.start_date.desc())
    ).scalars().first()


def load_activity(
    session: Session, actor: Actor, day: date, *, now: datetime | None = None,
    week_only: bool = False,
) -> ActivityReport:
    """The indicators for the week holding ``day`` and from the start of the year to
    that week's end, per class and per teacher, as of ``now`` (default: the actor's
    clock). ``week_only``: the school's figures for the week alone (the home page) —
    the year's figures are left empty (:data:`NONE`), no lines per class or teacher."""
    require_admin(actor, "просмотр показателей активности")
    now = now or actor.now()
    week_start, week_end = week_of(day)
    year = _current_year(session)
    school = session.execute(select(School).limit(1)).scalar()
    if year is None:  # nothing to count yet: every indicator 0 of 0
        empty = tuple(IndicatorFigure(key, title, target, text, NONE, NONE)
                      for key, (title, target, text) in TITLES.items())
        return ActivityReport(school.short_name if school else "", "", week_start, week_end,
                              week_start, now, empty, (), ())
    year_start = year.start_date
    first_week = week_of(year_start)[0]

    classes = session.execute(
        select(SchoolClass).where(SchoolClass.year_id == year.id)
    ).scalars().all()

    # The timetable is a state, not a flow: the week counts the classes filled on its
    # last day (today, for the week under way); the year, the class-weeks filled.
    class_ids = {c.id for c in classes}
    today = now.date()
    week_days: list[date] = []
    start = week_start if week_only else min(first_week, week_start)  # the year's weeks
    while start <= week_start:
        end = start + timedelta(days=6)
        week_days.append(end if start < week_start else max(start, min(end, today)))
        start += timedelta(days=7)
    filled_on = filled_classes_on(session, year, week_days)
    timetable_week = filled_on[week_days[-1]] & class_ids
    timetable_weeks = sum(len(filled_on[d] & class_ids) for d in week_days)

    facts = _lessons(session, year.id, week_start if week_only else year_start, week_start,
                     week_end, now)
    class_week, class_year = _tallies(facts, "class", week_start)
    teacher_week, teacher_year = _tallies(facts, "teacher", week_start)
    week_all, year_all = _total(class_week.values()), _total(class_year.values())

    activated, created = _accounts(session)
    logins = _weekly_logins(session, first_week, week_start)
    logins_week, logins_sum, weeks = logins[-1], sum(logins), len(logins)

    def figure(key: str, week: Ratio, year_ratio: Ratio) -> IndicatorFigure:
        title, target, text = TITLES[key]
        return IndicatorFigure(key, title, target, text, week,
                               NONE if week_only else year_ratio)

    indicators = (
        figure(TIMETABLE, Ratio(len(timetable_week), len(class_ids)),
               Ratio(timetable_weeks, len(week_days) * len(class_ids))),
        figure(PLANNING, Ratio(week_all.planned, week_all.lessons),
               Ratio(year_all.planned, year_all.lessons)),
        figure(KEEPING, Ratio(week_all.kept, week_all.lessons),
               Ratio(year_all.kept, year_all.lessons)),
        figure(ACCOUNTS, Ratio(activated, created), Ratio(activated, created)),
        figure(LOGINS, Ratio(logins_week, activated), Ratio(logins_sum, weeks * activated)),
        figure(ONLINE, Ratio(week_all.online, week_all.entries),
               Ratio(year_all.online, year_all.entries)),
    )
    class_lines: tuple[ScopeLine, ...] = ()
    teacher_lines: tuple[ScopeLine, ...] = ()
    history: tuple[WeekPoint, ...] = ()
    if not week_only:
        history = _history(facts, logins, first_week, activated)
        class_lines = tuple(
            _line(c.id, class_title(c.grade, c.letter), class_week.get(c.id, _Tally()),
                  class_year.get(c.id, _Tally()), c.id in timetable_week)
            for c in sorted(classes, key=lambda c: (c.grade, c.letter))
        )
        teacher_ids = set(teacher_year)
        staff = session.execute(select(Staff).where(Staff.id.in_(teacher_ids))).scalars().all()
        # Namesakes (same surname and initials) in full, so their lines are told apart.
        shown = told_apart([(s.id, short_name_of(s), full_name_of(s)) for s in staff],
                           {s.id: s.position for s in staff})
        teacher_lines = tuple(
            _line(s.id, shown[s.id], teacher_week.get(s.id, _Tally()), teacher_year[s.id])
            for s in sorted(staff, key=lambda s: ru_name_key(s.surname, s.name, s.patronymic))
        )
    return ActivityReport(
        school_name=school.short_name if school else "",
        year_name=year.name,
        week_start=week_start,
        week_end=week_end,
        year_start=year_start,
        as_of=now,
        indicators=indicators,
        classes=class_lines,
        teachers=teacher_lines,
        history=history,
    )


def _history(facts: Iterable[_LessonFact], logins: list[int], first_week: date,
             activated: int) -> tuple[WeekPoint, ...]:
    by_week: dict[date, _Tally] = defaultdict(_Tally)
    for fact in facts:
        by_week[fact.week].add(_Tally(1, int(fact.planned), int(fact.kept), fact.entries,
                                      fact.online))
    points: list[WeekPoint] = []
    for index, signed_in in enumerate(logins):
        start = first_week + timedelta(weeks=index)
        t = by_week.get(start, _Tally())
        points.append(WeekPoint(start, t.lessons, Ratio(t.planned, t.lessons),
                                Ratio(t.kept, t.lessons), Ratio(t.online, t.entries),
                                Ratio(signed_in, activated)))
    return tuple(points)


__all__ = [
    "ACCOUNTS",
    "DEFINITIONS",
    "KEEPING",
    "LOGINS",
    "ONLINE",
    "ORDER",
    "PLANNING",
    "TIMETABLE",
    "TITLES",
    "ActivityReport",
    "IndicatorFigure",
    "Ratio",
    "ScopeLine",
    "WeekPoint",
    "load_activity",
    "week_of",
]
