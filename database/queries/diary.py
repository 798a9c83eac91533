"""The student's diary: the week as a paper diary shows it, the per-subject overview
of a study period with the forecast period mark and "what if", and the averages
the diary's chart draws.

Every reader checks :func:`database.permissions.require_student_read` first: a
student reads its own diary, a parent its children's once the parent's consent is
registered, a teacher the students it teaches or whose class it leads, the
administration everyone. Each reads in a fixed, small number of statements and
returns frozen dataclasses only.

The forecast is the same weighted average and rounding rule as the period-mark
suggestion (:mod:`database.queries.period_marks`); :func:`what_if` answers which
extra marks would lift it to each higher mark.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Final

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from database.actor import Actor, Role
from database.collation import ru_name_key, ru_sort_key
from database.display_names import class_title, full_name_of, short_name
from database.errors import NotFound
from database.models import (
    AcademicYear,
    Attendance,
    Bell,
    Enrolment,
    GroupMember,
    Holiday,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.notation import ABSENCE_CODES
from database.permissions import has_consent, require_student_read
from database.queries.period_marks import round_mark, weighted_average
from database.services.journal_rules import overlaps_range
from database.settings import load_settings

DIARY_DAYS: Final = 6  # Monday … Saturday, as in a paper diary
ILLNESS_CODE: Final = "б"
MAX_EXTRA_MARKS: Final = 30  # "what if" gives up beyond this many extra marks

NO_CONSENT_NOTE: Final = (
    "Дневник откроется после того, как школа зарегистрирует ваше согласие на обработку "
    "персональных данных (152-ФЗ). Обратитесь к классному руководителю."
)


# --- weeks ------------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- who may be shown -------------------------------------------------------------------------


@dataclass(frozen=True)
class VisibleStudent:
    id: uuid.UUID
    full_name: str  # «Фамилия Имя Отчество»
    class_id: uuid.UUID | None
    class_title: str  # «5 «А»» or ""
    available: bool  # False: a parent whose consent is not registered (see ``note``)
    note: str  # the Russian explanation when not available


def students_visible_to(
    session: Session, actor: Actor, on: date | None = None
) -> tuple[VisibleStudent, ...]:
    """Whose diary the actor may open on ``on`` (default: today): a student its own,
    a parent its children (marked unavailable, with the reason, until consent is
    registered), a teacher the classes it leads, the administration every student
    enrolled that day. Ordered by class, then name."""
    day = on or actor.now().date()
    stay = and_(
        Enrolment.student_id == Student.id,
        Enrolment.start_date <= day,
        or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
    )
    stmt = (
        select(Student, SchoolClass)
        .outerjoin(Enrolment, stay)
        .outerjoin(SchoolClass, SchoolClass.id == Enrolment.class_id)
    )
    available, note = True, ""
    if actor.role is Role.STUDENT and actor.student_id is not None:
        stmt = stmt.where(Student.id == actor.student_id)
    elif actor.role is Role.PARENT and actor.guardian_id is not None:
        stmt = stmt.join(
            StudentGuardian,
            and_(StudentGuardian.student_id == Student.id,
                 StudentGuardian.guardian_id == actor.guardian_id),
        )
        if not has_consent(session, actor.guardian_id, day):
            available, note = False, NO_CONSENT_NOTE
    elif actor.role is Role.TEACHER and actor.staff_id is not None:
        stmt = stmt.where(SchoolClass.class_teacher_id == actor.staff_id)
    elif actor.role is Role.ADMIN:
        stmt = stmt.where(SchoolClass.id.is_not(None))
    else:
        return ()
    found: dict[uuid.UUID, VisibleStudent] = {}
    order: dict[uuid.UUID, tuple[object, ...]] = {}
    for student, school_class in session.execute(stmt):
        if student.id in found and school_class is None:
            continue
        found[student.id] = VisibleStudent(
            id=student.id,
            full_name=full_name_of(student),
            class_id=school_class.id if school_class is not None else None,
            class_title=class_title(school_class.grade, school_class.letter)
            if school_class is not None else "",
            available=available,
            note=note,
        )
        order[student.id] = (
            school_class.grade if school_class is not None else 99,
            ru_sort_key(school_class.letter) if school_class is not None else "",
            *ru_name_key(student.surname, student.name, student.patronymic),
            str(student.id),
        )
    return tuple(sorted(found.values(), key=lambda s: order[s.id]))


# --- the student's place in the school ---------------------------------------------------------


@dataclass(frozen=True)
class _Stay:
    class_id: uuid.UUID
    year_id: uuid.UUID
    grade: int
    letter: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class _Place:
    student: Student
    stays: tuple[_Stay, ...]
    groups: tuple[tuple[uuid.UUID, date, date | None], ...]

    def stay_on(self, day: date) -> _Stay | None:
        return next((s for s in self.stays if s.covers(day)), None)

    def in_group(self, group_id: uuid.UUID, day: date) -> bool:
        return any(
            g == group_id and start <= day and (end is None or day <= end)
            for g, start, end in self.groups
        )

    def takes(self, class_id: uuid.UUID, group_id: uuid.UUID | None, day: date) -> bool:
        stay = self.stay_on(day)
        if stay is None or stay.class_id != class_id:
            return False
        return group_id is None or self.in_group(group_id, day)


def _place(session: Session, student_id: uuid.UUID, first: date, last: date) -> _Place:
    """The student, its classes and groups overlapping ``first``…``last`` (3 statements)."""
    student = session.get(Student, student_id)
    if student is None:
        raise NotFound("Ученик не найден.")
    stays = tuple(
        _Stay(c.id, c.year_id, c.grade, c.letter, e.start_date, e.end_date)
        for e, c in session.execute(
            select(Enrolment, SchoolClass)
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .where(
                Enrolment.student_id == student_id,
                overlaps_range(Enrolment.start_date, Enrolment.end_date, first, last),
            )
            .order_by(Enrolment.start_date)
        )
    )
    groups = tuple(
        (g.group_id, g.start_date, g.end_date)
        for g in session.execute(
            select(GroupMember).where(
                GroupMember.student_id == student_id,
                overlaps_range(GroupMember.start_date, GroupMember.end_date, first, last),
            )
        ).scalars()
    )
    return _Place(student, stays, groups)


# --- the week -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiaryMark:
    value: str
    work_type: str
    weight: float
    comment: str  # the teacher's comment for parents


@dataclass(frozen=True)
class DiaryLesson:
    lesson_id: uuid.UUID | None  # None: a timetabled lesson not yet held (planned)
    date: date
    lesson_number: int
    starts_at: time | None
    ends_at: time | None
    subject_id: uuid.UUID
    subject: str
    teacher: str  # «Смирнова О. П.»
    substitute: str  # the substitute's short name, or ""
    substitution_reason: str
    topic: str
    homework: str
    work_type: str
    control_work: bool
    cancelled: bool
    room: str
    marks: tuple[DiaryMark, ...]
    attendance: str | None  # «н», «б», «оп»…
    attendance_title: str  # «отсутствовал по болезни»

    @property
    def planned(self) -> bool:
        return self.lesson_id is None

    @property
    def marks_text(self) -> str:
        return "/".join(m.value for m in self.marks)

    @property
    def comments(self) -> tuple[str, ...]:
        return tuple(m.comment for m in self.marks if m.comment)


@dataclass(frozen=True)
class DiaryDay:
    date: date
    holiday: str  # the holiday's or vacation's name, "" on a school day
    outside_year: bool  # before or after the school year (summer)
    lessons: tuple[DiaryLesson, ...]

    @property
    def day_off(self) -> bool:
        return bool(self.holiday) or self.outside_year


@dataclass(frozen=True)
class DiaryWeek:
    student_id: uuid.UUID
    student_name: str
    class_title: str
    monday: date
    days: tuple[DiaryDay, ...]  # Monday … Saturday
    attendance_codes: tuple[tuple[str, str], ...]  # the legend: code, meaning

    @property
    def previous_monday(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_monday(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def saturday(self) -> date:
        return self.monday + timedelta(days=DIARY_DAYS - 1)


def diary_week(
    session: Session, actor: Actor, student_id: uuid.UUID, monday: date
) -> DiaryWeek:
    """The week starting on the Monday of ``monday`` (any day of the week will do):
    lessons held or cancelled, with marks, attendance and comments; the timetable's
    lessons not held yet; holidays by name."""
    monday = monday_of(monday)
    saturday = monday + timedelta(days=DIARY_DAYS - 1)
    require_student_read(session, actor, student_id, actor.now().date())
    place = _place(session, student_id, monday, saturday)
    settings = load_settings(session)
    class_ids = {s.class_id for s in place.stays}
    year_ids = {s.year_id for s in place.stays}

    teacher, substitute = aliased(Staff), aliased(Staff)
    lessons: list[tuple[Lesson, TeachingAssignment, Subject, Staff, Staff | None]] = []
    if class_ids:
        lessons = [
            (row[0], row[1], row[2], row[3], row[4])
            for row in session.execute(
                select(Lesson, TeachingAssignment, Subject, teacher, substitute)
                .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
                .join(Subject, Subject.id == TeachingAssignment.subject_id)
                .join(teacher, teacher.id == TeachingAssignment.teacher_id)
                .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
                .where(
                    TeachingAssignment.class_id.in_(class_ids),
                    Lesson.date >= monday,
                    Lesson.date <= saturday,
                )
            )
            if place.takes(row[1].class_id, row[1].group_id, row[0].date)
        ]
    lesson_ids = [row[0].id for row in lessons]
    marks: dict[uuid.UUID, list[DiaryMark]] = {}
    attendance: dict[uuid.UUID, str] = {}
    if lesson_ids:
        for mark in session.execute(
            select(Mark)
            .where(Mark.student_id == student_id, Mark.lesson_id.in_(lesson_ids))
            .order_by(Mark.position)
        ).scalars():
            marks.setdefault(mark.lesson_id, []).append(
                DiaryMark(mark.value, mark.work_type, mark.weight, mark.comment)
            )
        for lesson_id, entered in session.execute(
            select(Attendance.lesson_id, Attendance.code).where(
                Attendance.student_id == student_id, Attendance.lesson_id.in_(lesson_ids)
            )
        ):
            attendance[lesson_id] = entered

    bells: dict[tuple[uuid.UUID, int], tuple[time, time]] = {}
    holidays: list[Holiday] = []
    years: dict[uuid.UUID, AcademicYear] = {}
    planned: list[tuple[TimetableEntry, TeachingAssignment, Subject, Staff]] = []
    if year_ids:
        for bell in session.execute(select(Bell).where(Bell.year_id.in_(year_ids))).scalars():
            bells[(bell.year_id, bell.lesson_number)] = (bell.starts_at, bell.ends_at)
        holidays = list(
            session.execute(
                select(Holiday).where(
                    Holiday.year_id.in_(year_ids),
                    Holiday.start_date <= saturday,
                    Holiday.end_date >= monday,
                )
            ).scalars()
        )
        years = {
            y.id: y
            for y in session.execute(
                select(AcademicYear).where(AcademicYear.id.in_(year_ids))
            ).scalars()
        }
        planned = [
            (row[0], row[1], row[2], row[3])
            for row in session.execute(
                select(TimetableEntry, TeachingAssignment, Subject, teacher)
                .join(TeachingAssignment,
                      TeachingAssignment.id == TimetableEntry.assignment_id)
                .join(Subject, Subject.id == TeachingAssignment.subject_id)
                .join(teacher, teacher.id == TeachingAssignment.teacher_id)
                .where(
                    TeachingAssignment.class_id.in_(class_ids),
                    overlaps_range(TimetableEntry.valid_from, TimetableEntry.valid_to,
                                   monday, saturday),
                )
            )
        ]

    codes = settings.attendance_codes
    by_day: dict[date, list[DiaryLesson]] = {}
    taken_slots: set[tuple[date, int]] = set()
    for lesson, assignment, subject, staff, sub in lessons:
        times = bells.get((assignment.year_id, lesson.lesson_number))
        code = attendance.get(lesson.id)
        by_day.setdefault(lesson.date, []).append(
            DiaryLesson(
                lesson_id=lesson.id,
                date=lesson.date,
                lesson_number=lesson.lesson_number,
                starts_at=times[0] if times else None,
                ends_at=times[1] if times else None,
                subject_id=subject.id,
                subject=subject.name,
                teacher=short_name(staff.surname, staff.name, staff.patronymic),
                substitute=short_name(sub.surname, sub.name, sub.patronymic) if sub else "",
                substitution_reason=lesson.substitution_reason,
                topic=lesson.topic,
                homework=lesson.homework,
                work_type=lesson.work_type,
                control_work=lesson.control_work,
                cancelled=lesson.cancelled,
                room=lesson.room,
                marks=tuple(marks.get(lesson.id, ())),
                attendance=code,
                attendance_title=codes.get(code, "") if code else "",
            )
        )
        taken_slots.add((lesson.date, lesson.lesson_number))

    today = actor.now().date()
    days: list[DiaryDay] = []
    for offset in range(DIARY_DAYS):
        day = monday + timedelta(days=offset)
        stay = place.stay_on(day)
        grade = stay.grade if stay is not None else 0
        # The most specific name wins: a public holiday inside a vacation shows as itself.
        holiday = next(
            (h.name for h in sorted(holidays, key=lambda h: (h.end_date - h.start_date, h.name))
             if h.start_date <= day <= h.end_date and h.grade_from <= grade <= h.grade_to),
            "",
        )
        year = years.get(stay.year_id) if stay is not None else None
        outside = year is None or not year.start_date <= day <= year.end_date
        day_lessons = by_day.get(day, [])
        if not holiday and not outside and day >= today:
            day_lessons.extend(
                _planned(entry, assignment, subject, staff, day, bells)
                for entry, assignment, subject, staff in planned
                if entry.weekday == day.isoweekday()
                and entry.valid_from <= day
                and (entry.valid_to is None or day <= entry.valid_to)
                and (day, entry.lesson_number) not in taken_slots
                and place.takes(assignment.class_id, assignment.group_id, day)
            )
        day_lessons.sort(key=lambda x: (x.lesson_number, ru_sort_key(x.subject)))
        days.append(DiaryDay(day, holiday, outside and not holiday, tuple(day_lessons)))

    current = place.stay_on(min(max(today, monday), saturday)) or (
        place.stays[-1] if place.stays else None
    )
    return DiaryWeek(
        student_id=student_id,
        student_name=full_name_of(place.student),
        class_title=class_title(current.grade, current.letter) if current else "",
        monday=monday,
        days=tuple(days),
        attendance_codes=tuple(codes.items()),
    )


def _planned(
    entry: TimetableEntry,
    assignment: TeachingAssignment,
    subject: Subject,
    staff: Staff,
    day: date,
    bells: dict[tuple[uuid.UUID, int], tuple[time, time]],
) -> DiaryLesson:
    times = bells.get((assignment.year_id, entry.lesson_number))
    return DiaryLesson(
        lesson_id=None, date=day, lesson_number=entry.lesson_number,
        starts_at=times[0] if times else None, ends_at=times[1] if times else None,
        subject_id=subject.id, subject=subject.name,
        teacher=short_name(staff.surname, staff.name, staff.patronymic), substitute="",
        substitution_reason="", topic="", homework="", work_type="", control_work=False,
        cancelled=False, room=entry.room, marks=(), attendance=None, attendance_title="",
    )


# --- "what if" ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIf:
    """``count`` more marks ``value`` of weight ``weight`` bring the forecast to
    ``target``."""

    target: str
    value: str
    weight: float
    count: int


def _needed(
    total: float, weights: float, value: int, weight: float, target: int, threshold: float
) -> int | None:
    """The fewest extra marks ``value`` (each of ``weight``) that make the weighted
    average round to at least ``target``; None when more than MAX_EXTRA_MARKS."""
    # The average must reach target - 1 + threshold (the rounding rule).
    goal = target - 1 + threshold - 1e-9
    if value < goal or weight <= 0:
        return None
    if weights > 0 and total / weights >= goal:
        return 0
    if value - goal <= 1e-12:
        return None
    # (total + n·w·v) / (weights + n·w) ≥ goal  ⇔  n ≥ (goal·weights − total) / (w·(v − goal))
    n = max(1, math.ceil((goal * weights - total) / (weight * (value - goal)) - 1e-9))
    while (total + n * weight * value) / (weights + n * weight) < goal:
        n += 1  # guard against float rounding in the closed form
    return n if n <= MAX_EXTRA_MARKS else None


def what_if(
    marks: Iterable[tuple[str, float]],
    weights: Iterable[float] = (1.0,),
    threshold: float = 0.6,
    *,
    highest: int = 5,
) -> list[WhatIf]:
    """For each mark above the current forecast (up to ``highest``), the fewest extra
    marks that reach it: for every weight in ``weights`` and every mark value from the
    target up to ``highest``. Sorted by target, then weight, then value (highest
    first). Marks that count are as in the period-mark suggestion (numeric, weight > 0).

    With threshold 0.6 and marks 4 and 3 (average 3.5, forecast 3): one more 5
    (4.00) or one more 4 (3.67) reaches 4; six more 5s (4.63) reach 5."""
    pairs = list(marks)
    counted = [(float(v), w) for v, w in pairs if v.strip().isdigit() and w > 0]
    total = sum(v * w for v, w in counted)
    weight_sum = sum(w for _, w in counted)
    average = weighted_average(pairs)
    current = int(round_mark(average, threshold, highest=highest)) if average is not None else 0
    result: list[WhatIf] = []
    for target in range(max(current + 1, 2), highest + 1):
        for weight in sorted({w for w in weights if w > 0}):
            for value in range(highest, target - 1, -1):
                n = _needed(total, weight_sum, value, weight, target, threshold)
                if n is not None and n > 0:
                    result.append(WhatIf(str(target), str(value), weight, n))
    return result


def forecast(
    marks: Iterable[tuple[str, float]], threshold: float
) -> tuple[float | None, str | None]:
    """The weighted average (2 decimals) and the period mark it rounds to."""
    average = weighted_average(marks)
    if average is None:
        return None, None
    return round(average, 2), round_mark(average, threshold)


# --- the per-subject overview -----------------------------------------------------------------


@dataclass(frozen=True)
class PeriodChoice:
    """A study period (or the whole year, ``id`` None) the overview can show."""

    id: uuid.UUID | None
    year_id: uuid.UUID
    name: str
    start_date: date
    end_date: date
    closed: bool


def diary_periods(
    session: Session, actor: Actor, student_id: uuid.UUID, on: date | None = None
) -> tuple[PeriodChoice, ...]:
    """The study periods of the student's grade in the year of ``on`` (default
    today), then the whole year."""
    day = on or actor.now().date()
    require_student_read(session, actor, student_id, actor.now().date())
    row = session.execute(
        select(SchoolClass.grade, AcademicYear)
        .join(Enrolment, Enrolment.class_id == SchoolClass.id)
        .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
        .where(Enrolment.student_id == student_id, AcademicYear.start_date <= day)
        .order_by(AcademicYear.start_date.desc(), Enrolment.start_date.desc())
        .limit(1)
    ).first()
    if row is None:
        return ()
    grade, year = row
    periods = session.execute(
        select(StudyPeriod)
        .where(StudyPeriod.year_id == year.id, StudyPeriod.grade_from <= grade,
               StudyPeriod.grade_to >= grade)
        .order_by(StudyPeriod.start_date)
    ).scalars()
    return (
        *(PeriodChoice(p.id, year.id, p.name, p.start_date, p.end_date, p.closed)
          for p in periods),
        PeriodChoice(None, year.id, f"{year.name} учебный год", year.start_date,
                     year.end_date, False),
    )


@dataclass(frozen=True)
class OverviewMark:
    date: date
    value: str
    work_type: str
    weight: float
    comment: str


@dataclass(frozen=True)
class SubjectOverview:
    subject_id: uuid.UUID
    subject: str
    teacher: str
    assessment: str  # marked | pass_fail | none
    marks: tuple[OverviewMark, ...]  # by date
    average: float | None  # weighted, 2 decimals
    forecast: str | None  # the period mark the average rounds to
    period_mark: str | None  # the period (year) mark already set, if any
    absences: int  # missed lessons (н, б, у, п)
    absences_illness: int
    late_arrivals: int
    what_if: tuple[WhatIf, ...]


def _period_range(
    session: Session, period_id: uuid.UUID | None, year_id: uuid.UUID | None
) -> tuple[uuid.UUID, date, date, StudyPeriod | None]:
    if period_id is not None:
        period = session.get(StudyPeriod, period_id)
        if period is None:
            raise NotFound("Учебный период не найден.")
        return period.year_id, period.start_date, period.end_date, period
    if year_id is None:
        raise NotFound("Укажите учебный период или год.")
    year = session.get(AcademicYear, year_id)
    if year is None:
        raise NotFound("Учебный год не найден.")
    return year.id, year.start_date, year.end_date, None


def subject_overview(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    period_id: uuid.UUID | None,
    *,
    year_id: uuid.UUID | None = None,
) -> tuple[SubjectOverview, ...]:
    """Every subject the student takes in the period (``period_id``; None with
    ``year_id`` for the whole year), in the school's subject order: marks with dates,
    weighted average, absences, the forecast period mark and "what if"."""
    require_student_read(session, actor, student_id, actor.now().date())
    year, first, last, period = _period_range(session, period_id, year_id)
    place = _place(session, student_id, first, last)
    class_ids = {s.class_id for s in place.stays if s.year_id == year}
    settings = load_settings(session)
    if not class_ids:
        return ()

    teacher = aliased(Staff)
    assignments = [
        (a, taught, t)
        for a, taught, t in session.execute(
            select(TeachingAssignment, Subject, teacher)
            .join(Subject, Subject.id == TeachingAssignment.subject_id)
            .join(teacher, teacher.id == TeachingAssignment.teacher_id)
            .where(TeachingAssignment.class_id.in_(class_ids))
        )
        if a.group_id is None or any(g == a.group_id for g, _, _ in place.groups)
    ]
    subjects: dict[uuid.UUID, tuple[Subject, list[str]]] = {}
    for _, taught, t in assignments:
        names = subjects.setdefault(taught.id, (taught, []))[1]
        short = short_name(t.surname, t.name, t.patronymic)
        if short not in names:
            names.append(short)

    marks: dict[uuid.UUID, list[OverviewMark]] = {}
    for mark, lesson_date, subject_id in session.execute(
        select(Mark, Lesson.date, TeachingAssignment.subject_id)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(
            Mark.student_id == student_id,
            TeachingAssignment.year_id == year,
            Lesson.date >= first,
            Lesson.date <= last,
            Lesson.cancelled.is_(False),
        )
        .order_by(Lesson.date, Lesson.lesson_number, Mark.position)
    ):
        marks.setdefault(subject_id, []).append(
            OverviewMark(lesson_date, mark.value, mark.work_type, mark.weight, mark.comment)
        )
    absences: dict[uuid.UUID, list[str]] = {}
    for code, subject_id in session.execute(
        select(Attendance.code, TeachingAssignment.subject_id)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(
            Attendance.student_id == student_id,
            TeachingAssignment.year_id == year,
            Lesson.date >= first,
            Lesson.date <= last,
        )
    ):
        absences.setdefault(subject_id, []).append(code)
    set_marks: dict[uuid.UUID, str] = {}
    kind_clause = (
        and_(PeriodMark.kind == "period", PeriodMark.period_id == period.id)
        if period is not None else PeriodMark.kind == "year"
    )
    for subject_id, value in session.execute(
        select(PeriodMark.subject_id, PeriodMark.value).where(
            PeriodMark.student_id == student_id, PeriodMark.year_id == year, kind_clause
        )
    ):
        set_marks[subject_id] = value

    weights = sorted(set(settings.work_types.values()) | {1.0})
    result: list[tuple[tuple[int, str], SubjectOverview]] = []
    for subject_id in subjects.keys() | marks.keys():
        subj: Subject | None
        subj, teachers = subjects.get(subject_id, (None, []))
        if subj is None:
            subj = session.get(Subject, subject_id)  # marks from a subject no longer taught
            if subj is None:
                continue
        subject_marks = tuple(marks.get(subject_id, ()))
        pairs = [(m.value, m.weight) for m in subject_marks]
        average, predicted = forecast(pairs, settings.rounding_threshold)
        codes = absences.get(subject_id, [])
        graded = subj.assessment == "marked"
        result.append((
            (subj.sort_order, ru_sort_key(subj.name)),
            SubjectOverview(
                subject_id=subject_id,
                subject=subj.name,
                teacher=", ".join(teachers),
                assessment=subj.assessment,
                marks=subject_marks,
                average=average if graded else None,
                forecast=predicted if graded else None,
                period_mark=set_marks.get(subject_id),
                absences=sum(1 for c in codes if c in ABSENCE_CODES),
                absences_illness=sum(1 for c in codes if c == ILLNESS_CODE),
                late_arrivals=sum(1 for c in codes if c not in ABSENCE_CODES),
                what_if=tuple(what_if(pairs, weights, settings.rounding_threshold))
                if graded else (),
            ),
        ))
    result.sort(key=lambda pair: pair[0])
    return tuple(o for _, o in result)


# --- averages for the chart ----------------------------------------------------------------------


@dataclass(frozen=True)
class AveragePoint:
    month: date  # the first day of the month
    average: float


@dataclass(frozen=True)
class AverageSeries:
    subject_id: uuid.UUID | None  # None: all subjects together
    subject: str
    points: tuple[AveragePoint, ...]


def averages_over_time(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    date_from: date,
    date_to: date,
) -> tuple[AverageSeries, ...]:
    """The student's weighted average per calendar month from ``date_from`` to
    ``date_to``, per subject (school order) and, first, over all subjects. A month
    without marks has no point. One statement after the permission check."""
    require_student_read(session, actor, student_id, actor.now().date())
    rows = session.execute(
        select(Mark.value, Mark.weight, Lesson.date, Subject.id, Subject.name,
               Subject.sort_order)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .where(
            Mark.student_id == student_id,
            Lesson.date >= date_from,
            Lesson.date <= date_to,
            Lesson.cancelled.is_(False),
            Subject.assessment == "marked",
        )
    ).all()
    by_subject: dict[uuid.UUID | None, dict[date, list[tuple[str, float]]]] = {}
    names: dict[uuid.UUID | None, tuple[int, str, str]] = {None: (-1, "", "")}
    for value, weight, day, subject_id, name, sort_order in rows:
        month = day.replace(day=1)
        for key in (None, subject_id):
            by_subject.setdefault(key, {}).setdefault(month, []).append((value, weight))
        names[subject_id] = (sort_order, ru_sort_key(name), name)
    series: list[AverageSeries] = []
    for key in sorted(by_subject, key=lambda k: names[k][:2]):
        points = []
        for month in sorted(by_subject[key]):
            average = weighted_average(by_subject[key][month])
            if average is not None:
                points.append(AveragePoint(month, round(average, 2)))
        series.append(AverageSeries(key, names[key][2], tuple(points)))
    return tuple(series)


__all__ = [
    "AveragePoint",
    "AverageSeries",
    "DiaryDay",
    "DiaryLesson",
    "DiaryMark",
    "DiaryWeek",
    "OverviewMark",
    "PeriodChoice",
    "SubjectOverview",
    "VisibleStudent",
    "WhatIf",
    "averages_over_time",
    "diary_periods",
    "diary_week",
    "forecast",
    "monday_of",
    "students_visible_to",
    "subject_overview",
    "what_if",
]
