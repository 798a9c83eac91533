"""The journal itself: plans, lessons, marks and attendance from 1 September to today.

Per class: the timetable and the calendar give the year's lesson dates
(``school_calendar.lesson_dates``); each assignment's КТП gets one row per lesson of
the year; lessons up to ``today`` take their topic and homework from it in order.

Marks follow each student's level (mostly 3–5, some 2s, a rare 1): oral marks for
a few students a lesson, a mark for everyone present in written works (two marks in
a cell for dictations and essays). Absences come in runs — an illness keeps a child
home for several days, every lesson of those days — plus single skipped lessons and
late arrivals; an absent student gets no mark. Most entries are made on the lesson
day; about one lesson in ten is filled in one to three days later and flagged late.
Homework counts as late after the lesson's bell plus 90 minutes.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from database.demo.plan import TWO_MARK_KINDS, WRITTEN_KINDS, PlannedLesson, build_plan
from database.demo.records import AssignmentRec, ClassRec, StaffRec, StudentRec, seeded_id
from database.demo.writer import BulkWriter
from database.demo.year_calendar import PeriodDef, YearCalendar
from database.models import Attendance, Lesson, Mark, PlanTopic
from database.school_calendar import Slot, lesson_dates

SUBSTITUTION_REASON = "болезнь учителя"

_ORAL_WORK_TYPES = ("Работа на уроке", "Устный ответ", "Домашняя работа")
_ORAL_WEIGHTS = (50, 30, 20)
_GOOD_COMMENTS = ("Отличный ответ!", "Молодец, творческий подход к заданию",
                  "Очень аккуратная работа")
_MIDDLE_COMMENTS = ("Есть недочёты в оформлении", "Нужно внимательнее проверять вычисления",
                    "Ответ неполный, повторите параграф")
_BAD_COMMENTS = ("Не выполнено домашнее задание", "Тема не усвоена, нужно повторить правило",
                 "Работа не сдана вовремя")


@dataclass
class PeriodTotals:
    """Weighted sums of one student's marks in one subject and period."""

    weighted: float = 0.0
    weight: float = 0.0
    count: int = 0


@dataclass
class JournalStats:
    lessons: int = 0
    marks: int = 0
    attendance: int = 0
    plan_topics: int = 0
    substitutions: int = 0
    # (student id, assignment id, period index in the class's periods) → totals
    totals: dict[tuple[uuid.UUID, uuid.UUID, int], PeriodTotals] = field(default_factory=dict)


@dataclass
class JournalContext:
    calendar: YearCalendar
    first_day: date  # first lesson day generated
    last_day: date  # last lesson day generated (today or the year's end)
    today: date
    bells: dict[int, tuple[time, time]]
    weights: dict[str, float]
    staff: list[StaffRec]
    sick: dict[uuid.UUID, set[date]]  # teacher id → days off ill
    ids: random.Random
    rng: random.Random
    writer: BulkWriter
    stats: JournalStats = field(default_factory=JournalStats)
    # (teacher id, weekday, lesson number) in the weekly timetable
    busy: set[tuple[uuid.UUID, int, int]] = field(default_factory=set)
    substituting: set[tuple[uuid.UUID, date, int]] = field(default_factory=set)


def oral_share(hours: int, plan: list[PlannedLesson]) -> float:
    """The chance a present student is asked in an ordinary lesson, so that with the
    written works of the plan (a mark for everybody) a student gets about 3.5–5
    marks a month."""
    per_month = min(5.0, max(3.5, 3.0 + 0.5 * hours))
    per_lesson = per_month / (4.3 * hours)
    written = sum(p.kind in WRITTEN_KINDS for p in plan) / max(1, len(plan))
    return max(0.03, min(0.9, (per_lesson - written) / max(0.05, 1.0 - written)))


class ClassJournal:
    """Generates one class's journal and writes it through the bulk writer."""

    def __init__(
        self, ctx: JournalContext, school_class: ClassRec, assignments: list[AssignmentRec]
    ) -> None:
        self.ctx = ctx
        self.school_class = school_class
        self.assignments = assignments
        self.periods: list[PeriodDef] = ctx.calendar.periods_for(school_class.grade)
        self.by_slot: dict[tuple[int, int], list[AssignmentRec]] = {}
        for a in assignments:
            for slot in a.slots:
                self.by_slot.setdefault(slot, []).append(a)
        slots = [Slot(w, n, ctx.calendar.start) for (w, n) in sorted(self.by_slot)]
        self.year_lessons = list(
            lesson_dates(slots, ctx.calendar.start, ctx.calendar.end, school_class.grade,
                         ctx.calendar.days_off())
        )
        self.subject_offset: dict[tuple[uuid.UUID, str], float] = {}
        self.oral: dict[uuid.UUID, float] = {}

    # --- plans ------------------------------------------------------------------------

    def write_plans(self) -> dict[uuid.UUID, list[tuple[uuid.UUID, PlannedLesson]]]:
        counts: dict[uuid.UUID, int] = {a.id: 0 for a in self.assignments}
        for day, number in self.year_lessons:
            for a in self.by_slot[(day.isoweekday(), number)]:
                counts[a.id] += 1
        ctx = self.ctx
        plans: dict[uuid.UUID, list[tuple[uuid.UUID, PlannedLesson]]] = {}
        for a in self.assignments:
            plan = build_plan(a.subject, self.school_class.grade, counts[a.id], ctx.rng)
            rows: list[tuple[uuid.UUID, PlannedLesson]] = []
            for item in plan:
                topic_id = seeded_id(ctx.ids)
                ctx.writer.add(PlanTopic, {
                    "id": topic_id,
                    "assignment_id": a.id,
                    "position": item.position,
                    "topic": item.topic,
                    "hours": 1,
                    "homework": item.homework,
                    "control_work": item.kind == "control",
                })
                rows.append((topic_id, item))
            plans[a.id] = rows
            self.oral[a.id] = oral_share(a.hours, plan)
            ctx.stats.plan_topics += len(rows)
        return plans

    # --- absences ------------------------------------------------------------------------

    def _school_days(self) -> list[date]:
        ctx = self.ctx
        seen: dict[date, None] = {}
        for day, _ in self.year_lessons:
            if ctx.first_day <= day <= ctx.last_day:
                seen[day] = None
        return list(seen)

    def _absence_days(self, student: StudentRec, days: list[date]) -> dict[date, str]:
        """Whole days away: illness runs (б, or н without a note yet) and family
        reasons (у)."""
        rng = self.ctx.rng
        away: dict[date, str] = {}
        left = 0
        code = ""
        for day in days:
            if left > 0:
                away[day] = code
                left -= 1
                continue
            season = 1.4 if day.month in (11, 12, 1, 2) else (0.6 if day.month == 9 else 1.0)
            if rng.random() < 0.014 * student.sickliness * season:
                code = rng.choices(("б", "н"), weights=(78, 22))[0]
                left = rng.choices((2, 3, 4, 5, 6, 7), weights=(15, 25, 25, 18, 10, 7))[0]
            elif rng.random() < 0.004:
                code = "у"
                left = rng.choice((1, 1, 2, 3))
            else:
                continue
            away[day] = code
            left -= 1
        return away

    # --- the lessons -----------------------------------------------------------------------

    def write_lessons(
        self, plans: dict[uuid.UUID, list[tuple[uuid.UUID, PlannedLesson]]]
    ) -> None:
        ctx = self.ctx
        days = self._school_days()
        roster = list(self.school_class.students)
        away = {s.id: self._absence_days(s, days) for s in roster}
        period_of: dict[date, int] = {}
        for day in days:
            for index, period in enumerate(self.periods):
                if period.start <= day <= period.end:
                    period_of[day] = index
        next_index: dict[uuid.UUID, int] = {a.id: 0 for a in self.assignments}
        grade = self.school_class.grade
        for day, number in self.year_lessons:
            for a in self.by_slot[(day.isoweekday(), number)]:
                index = next_index[a.id]
                next_index[a.id] = index + 1
                if day < ctx.first_day or day > ctx.last_day:
                    continue
                topic_id, planned = plans[a.id][index]
                self._lesson(a, day, number, topic_id, planned, roster, away, grade,
                             period_of.get(day))

    def _substitute(self, a: AssignmentRec, day: date, number: int) -> StaffRec | None:
        ctx = self.ctx
        weekday = day.isoweekday()

        def free(t: StaffRec) -> bool:
            return (
                t.id != a.teacher.id
                and (t.id, weekday, number) not in ctx.busy
                and (t.id, day, number) not in ctx.substituting
                and day not in ctx.sick.get(t.id, ())
            )

        same = [t for t in ctx.staff if t.specialty == a.teacher.specialty and free(t)]
        others = [t for t in ctx.staff if t.specialty is not None and free(t)]
        deputies = [t for t in ctx.staff if t.position.startswith("заместитель") and free(t)]
        for pool in (same, others, deputies):
            if pool:
                chosen = ctx.rng.choice(pool)
                ctx.substituting.add((chosen.id, day, number))
                return chosen
        return None

    def _entry_time(self, day: date, number: int, late: bool, *, attendance: bool) -> datetime:
        ctx = self.ctx
        rng = ctx.rng
        start, end = ctx.bells[number]
        if late:
            when = day + timedelta(days=rng.randint(1, 3))
            if when > ctx.today:
                when = ctx.today
            return datetime.combine(when, time(rng.randint(14, 20), rng.randint(0, 59)))
        base = datetime.combine(day, start if attendance else end)
        if attendance:
            return base + timedelta(minutes=rng.randint(2, 12), seconds=rng.randint(0, 59))
        return base + timedelta(minutes=rng.randint(-6, 240), seconds=rng.randint(0, 59))

    def _lesson(
        self,
        a: AssignmentRec,
        day: date,
        number: int,
        topic_id: uuid.UUID,
        planned: PlannedLesson,
        roster: list[StudentRec],
        away: dict[uuid.UUID, dict[date, str]],
        grade: int,
        period_index: int | None,
    ) -> None:
        ctx = self.ctx
        rng = ctx.rng
        stats = ctx.stats
        conducted = day < ctx.today or (day == ctx.today and number <= 3)
        teacher = a.teacher
        substitute: StaffRec | None = None
        if day in ctx.sick.get(a.teacher.id, ()):
            substitute = self._substitute(a, day, number)
            if substitute is not None:
                teacher = substitute
                stats.substitutions += 1
        author = teacher.account_id
        # The teacher fills the lesson in on the day, or (one lesson in ten) later.
        late = conducted and day < ctx.today and rng.random() < 0.1
        homework = planned.homework if conducted else ""
        homework_at: datetime | None = None
        homework_late = False
        if homework:
            _, ends = ctx.bells[number]
            deadline = datetime.combine(day, ends) + timedelta(minutes=90)
            if day < ctx.today and rng.random() < 0.12:
                homework_at = deadline + timedelta(minutes=rng.randint(15, 60 * 30))
                # Teachers do not write at night: move such entries to the morning.
                if homework_at.hour < 7:
                    homework_at += timedelta(hours=8)
                elif homework_at.hour >= 23:
                    homework_at += timedelta(hours=9)
                if homework_at.date() > ctx.today:
                    homework_at = deadline - timedelta(minutes=5)
            else:
                homework_at = datetime.combine(day, ends) + timedelta(
                    minutes=rng.randint(-20, 80), seconds=rng.randint(0, 59)
                )
            homework_late = homework_at > deadline
        lesson_id = seeded_id(ctx.ids)
        ctx.writer.add(Lesson, {
            "id": lesson_id,
            "assignment_id": a.id,
            "date": day,
            "lesson_number": number,
            "topic": planned.topic,
            "plan_topic_id": topic_id,
            "homework": homework,
            "homework_entered_at": homework_at,
            "homework_late": homework_late,
            "work_type": planned.work_type,
            "control_work": planned.kind == "control",
            "conducted": conducted,
            "cancelled": False,
            "substitute_teacher_id": substitute.id if substitute is not None else None,
            "substitution_reason": SUBSTITUTION_REASON if substitute is not None else "",
            "room": a.teacher.room if a.teacher.room else self.school_class.room,
        })
        stats.lessons += 1
        if not conducted:
            return

        marked = a.subject.assessment == "marked" and grade >= 2
        written = planned.kind in WRITTEN_KINDS
        two_marks = planned.kind in TWO_MARK_KINDS
        oral = self.oral[a.id]
        attendance_at = self._entry_time(day, number, late, attendance=True)
        marks_at = self._entry_time(day, number, late, attendance=False)
        for student in roster:
            if not student.enrolled_on(day) or not a.teaches(student):
                continue
            code = away[student.id].get(day)
            if code is None:
                # Single lessons: skipped (п), away for an unknown reason (н), late (оп).
                roll = rng.random()
                if student.truant and number >= 2 and roll < 0.035:
                    code = "п"
                elif roll > 0.996:
                    code = "н"
                elif rng.random() < (0.03 if number == 1 else 0.004):
                    code = "оп"
            if code is not None:
                ctx.writer.add(Attendance, {
                    "id": seeded_id(ctx.ids),
                    "lesson_id": lesson_id,
                    "student_id": student.id,
                    "code": code,
                    "entered_by": author,
                    "entered_at": attendance_at,
                    "late": late,
                })
                stats.attendance += 1
                if code != "оп":
                    continue
            if not marked or not (written or rng.random() < oral):
                continue
            self._marks(a, student, lesson_id, planned, two_marks, author, marks_at, late,
                        period_index)

    def _level(self, student: StudentRec, subject: str) -> float:
        key = (student.id, subject)
        offset = self.subject_offset.get(key)
        if offset is None:
            offset = self.ctx.rng.gauss(0.0, 0.3)
            if subject in ("Физическая культура", "Музыка", "Изобразительное искусство",
                           "Труд (технология)", "Основы безопасности и защиты Родины"):
                offset += 0.45
            self.subject_offset[key] = offset
        return student.ability + offset

    def _value(self, level: float, spread: float) -> int:
        rng = self.ctx.rng
        value = round(level + rng.gauss(0.0, spread))
        if value <= 1:
            return 1 if rng.random() < 0.12 else 2
        return min(5, value)

    def _marks(
        self,
        a: AssignmentRec,
        student: StudentRec,
        lesson_id: uuid.UUID,
        planned: PlannedLesson,
        two_marks: bool,
        author: uuid.UUID | None,
        entered_at: datetime,
        late: bool,
        period_index: int | None,
    ) -> None:
        ctx = self.ctx
        rng = ctx.rng
        level = self._level(student, a.subject.name)
        if planned.work_type:
            work_type = planned.work_type
            spread = 0.85 if planned.kind == "control" else 0.75
            if planned.kind == "control":
                level -= 0.15
        else:
            work_type = rng.choices(_ORAL_WORK_TYPES, weights=_ORAL_WEIGHTS)[0]
            spread = 0.7
        values = [self._value(level, spread)]
        types = [work_type]
        if two_marks:
            values.append(self._value(level - 0.1, 0.6))
            types.append(work_type)
        elif not planned.work_type and rng.random() < 0.015:
            values.append(self._value(level, 0.7))
            types.append("Домашняя работа")
        for position, (value, kind) in enumerate(zip(values, types, strict=True), start=1):
            weight = ctx.weights.get(kind, 1.0)
            comment = ""
            if rng.random() < 0.012:
                pool = (_BAD_COMMENTS if value <= 2 else
                        _GOOD_COMMENTS if value == 5 else _MIDDLE_COMMENTS)
                comment = rng.choice(pool)
            ctx.writer.add(Mark, {
                "id": seeded_id(ctx.ids),
                "lesson_id": lesson_id,
                "student_id": student.id,
                "position": position,
                "value": str(value),
                "work_type": kind,
                "weight": weight,
                "comment": comment,
                "entered_by": author,
                "entered_at": entered_at + timedelta(seconds=position),
                "late": late,
            })
            ctx.stats.marks += 1
            if period_index is not None:
                key = (student.id, a.id, period_index)
                totals = ctx.stats.totals.get(key)
                if totals is None:
                    totals = ctx.stats.totals[key] = PeriodTotals()
                totals.weighted += weight * value
                totals.weight += weight
                totals.count += 1


def period_value(totals: PeriodTotals | None, threshold: float) -> str:
    """The period mark from the weighted average: x.60 and above rounds up; with
    fewer than two marks the student is not attested (н/а)."""
    if totals is None or totals.count < 2 or totals.weight <= 0:
        return "н/а"
    average = totals.weighted / totals.weight
    whole = int(average)
    mark = whole + (1 if average - whole >= threshold - 1e-9 else 0)
    return str(max(1, min(5, mark)))
