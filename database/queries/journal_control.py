"""Journal-keeping control (внутренний контроль) for a range of days, per teacher and
journal: what the lessons that took place are missing (the rule of
:mod:`database.queries.lesson_missing`), the entries made late (the flags the
services set by the school's time windows: marks and attendance after the lesson
day, homework later than ``homework_minutes_after_lesson`` after the bell), period
marks missing once a period's last week has begun, and students with too few marks
for the subject's hours (накопляемость) — neither asked of a grade the school teaches
without marks (``unmarked_grades``).

The administration checks every journal; a teacher its own.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.collation import ru_name_key, ru_sort_key
from database.display_names import (
    class_title,
    full_name_of,
    short_name_of,
    surname_name,
    told_apart,
)
from database.errors import PermissionDenied, ValidationError
from database.models import (
    Attendance,
    ClassGroup,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    PeriodMark,
    School,
    SchoolClass,
    Staff,
    Student,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from database.queries.home import current_year
from database.queries.lesson_missing import (
    MISSING_ATTENDANCE,
    MISSING_HOMEWORK,
    MISSING_TOPIC,
    lesson_missing,
)
from database.settings import load_settings

QUARTER_WEEKS: Final = 9  # the weeks a quarter's marks threshold is for


@dataclass(frozen=True)
class LessonRef:
    """A lesson a control line names (the report window opens the journal there)."""

    lesson_id: uuid.UUID
    assignment_id: uuid.UUID
    day: date
    number: int

    @property
    def text(self) -> str:
        return f"{self.day:%d.%m} ({self.number} ур.)"


@dataclass(frozen=True)
class MissingPeriodMarks:
    period: str  # «II четверть»
    students: tuple[str, ...]


@dataclass(frozen=True)
class FewMarks:
    student: str
    marks: int


@dataclass(frozen=True)
class JournalControl:
    assignment_id: uuid.UUID
    teacher_id: uuid.UUID
    teacher: str  # «Смирнова О. П.»
    journal: str  # «5 «А» · Математика» (group: «… · Английский, 1 гр.»)
    hours_per_week: float
    lessons_held: int
    no_topic: tuple[LessonRef, ...]
    no_homework: tuple[LessonRef, ...]
    no_attendance: tuple[LessonRef, ...]
    late_marks: int
    late_attendance: int
    late_homework: tuple[LessonRef, ...]
    period_marks: tuple[MissingPeriodMarks, ...]
    marks_required: int  # 0: not checked (a subject without marks)
    few_marks: tuple[FewMarks, ...]

    @property
    def has_findings(self) -> bool:
        return bool(self.no_topic or self.no_homework or self.no_attendance
                    or self.late_marks or self.late_attendance or self.late_homework
                    or self.period_marks or self.few_marks)


@dataclass(frozen=True)
class ControlReport:
    school_name: str
    year_name: str
    first: date
    last: date
    as_of: datetime
    homework_minutes: int
    thresholds: dict[int, int]  # hours a week → marks a quarter
    journals: tuple[JournalControl, ...]  # by teacher, then class and subject


def marks_required(thresholds: dict[int, int], hours: float, weeks: float) -> int:
    """The fewest marks a student should have over ``weeks`` school weeks in a subject
    of ``hours`` a week: the quarter's threshold scaled to the weeks, rounded down
    (a week or two of a quarter asks for nothing yet)."""
    if not thresholds:
        return 0
    keys = sorted(thresholds)
    fitting = [k for k in keys if k <= max(1.0, hours)]
    per_quarter = thresholds[fitting[-1] if fitting else keys[0]]
    return math.floor(per_quarter * min(weeks, QUARTER_WEEKS) / QUARTER_WEEKS)


def load_control(
    session: Session, actor: Actor, first: date, last: date, *, now: datetime | None = None
) -> ControlReport:
    """The control of every journal the actor may check, ``first``…``last``."""
    if actor.role is Role.ADMIN:
        teacher_filter = None
    elif actor.role is Role.TEACHER and actor.staff_id is not None:
        teacher_filter = actor.staff_id
    else:
        raise PermissionDenied(
            "Недостаточно прав: контроль ведения журнала доступен администрации и учителям "
            "(по своим журналам).")
    if last < first:
        raise ValidationError("Конец периода раньше его начала: проверьте даты.")
    now = now or actor.now()
    today = now.date()
    settings = load_settings(session)
    year = current_year(session)
    school = session.execute(select(School).limit(1)).scalar()
    school_name = school.short_name if school else ""
    if year is None:
        return ControlReport(school_name, "", first, last, now,
                             settings.homework_minutes_after_lesson,
                             settings.marks_per_quarter_by_hours, ())
    stmt = (
        select(TeachingAssignment, SchoolClass, Subject, Staff, ClassGroup.name)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.year_id == year.id)
    )
    if teacher_filter is not None:
        stmt = stmt.where(TeachingAssignment.teacher_id == teacher_filter)
    assignments = session.execute(stmt).all()
    ids = [a.id for a, *_ in assignments]
    held_last = min(last, today)

    # Lessons that took place, with whether any cell holds an entry.
    has_entries = (exists().where(Mark.lesson_id == Lesson.id)
                   | exists().where(Attendance.lesson_id == Lesson.id))
    lessons: dict[uuid.UUID, list[tuple[LessonRef, frozenset[str], bool]]] = defaultdict(list)
    for lesson_id, assignment_id, day, number, topic, homework, conducted, entries, \
            homework_late in session.execute(
            select(Lesson.id, Lesson.assignment_id, Lesson.date, Lesson.lesson_number,
                   Lesson.topic, Lesson.homework, Lesson.conducted, has_entries,
                   Lesson.homework_late)
            .where(Lesson.assignment_id.in_(ids), Lesson.date >= first,
                   Lesson.date <= held_last, Lesson.cancelled.is_(False))
            .order_by(Lesson.date, Lesson.lesson_number)):
        ref = LessonRef(lesson_id, assignment_id, day, number)
        missing = lesson_missing(held=True, cancelled=False, topic=topic, homework=homework,
                                 conducted=conducted, has_entries=bool(entries))
        lessons[assignment_id].append((ref, missing, bool(homework_late)))

    def late_counts(model: type[Mark] | type[Attendance]) -> dict[uuid.UUID, int]:
        return dict(session.execute(
            select(Lesson.assignment_id, func.count())
            .select_from(model)
            .join(Lesson, Lesson.id == model.lesson_id)
            .where(Lesson.assignment_id.in_(ids), Lesson.date >= first,
                   Lesson.date <= held_last, model.late.is_(True))
            .group_by(Lesson.assignment_id)
        ).all())

    late_marks, late_attendance = late_counts(Mark), late_counts(Attendance)
    marks_of: dict[tuple[uuid.UUID, uuid.UUID], int] = dict(
        ((a, s), n) for a, s, n in session.execute(
            select(Lesson.assignment_id, Mark.student_id, func.count(func.distinct(Mark.lesson_id)))
            .select_from(Mark)
            .join(Lesson, Lesson.id == Mark.lesson_id)
            .where(Lesson.assignment_id.in_(ids), Lesson.date >= first,
                   Lesson.date <= held_last, Lesson.cancelled.is_(False))
            .group_by(Lesson.assignment_id, Mark.student_id)
        ).all()
    )

    # Who is in each journal on a day: the class's students (and the group's). The
    # year's stays are read once (two statements) and filtered here, per journal and
    # day asked.
    class_ids = {c.id for _, c, *_ in assignments}
    stays: dict[uuid.UUID, list[tuple[Student, date, date | None]]] = defaultdict(list)
    for student, class_id, start, end in session.execute(
        select(Student, Enrolment.class_id, Enrolment.start_date, Enrolment.end_date)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(Enrolment.class_id.in_(class_ids))
    ):
        stays[class_id].append((student, start, end))
    for class_stays in stays.values():
        class_stays.sort(key=lambda st: ru_name_key(st[0].surname, st[0].name,
                                                    st[0].patronymic))
    group_ids = {a.group_id for a, *_ in assignments if a.group_id is not None}
    in_groups: dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]] = defaultdict(list)
    if group_ids:
        for group_id, student_id, start, end in session.execute(
            select(GroupMember.group_id, GroupMember.student_id, GroupMember.start_date,
                   GroupMember.end_date).where(GroupMember.group_id.in_(group_ids))
        ):
            in_groups[group_id].append((student_id, start, end))
    known: dict[tuple[uuid.UUID, uuid.UUID | None, date], list[Student]] = {}

    def students_on(school_class: SchoolClass, group_id: uuid.UUID | None,
                    day: date) -> list[Student]:
        key = (school_class.id, group_id, day)
        if key not in known:
            members = None if group_id is None else {
                sid for sid, start, end in in_groups[group_id]
                if start <= day and (end is None or day <= end)}
            seen: set[uuid.UUID] = set()
            found: list[Student] = []
            for student, start, end in stays[school_class.id]:
                if start <= day and (end is None or day <= end) and student.id not in seen \
                        and (members is None or student.id in members):
                    seen.add(student.id)
                    found.append(student)
            known[key] = found
        return known[key]

    # Periods whose last week has begun inside the range.
    last_days = settings.period_marks_last_days
    periods = [
        p for p in session.execute(
            select(StudyPeriod).where(StudyPeriod.year_id == year.id)
            .order_by(StudyPeriod.start_date)).scalars()
        if first <= p.end_date
        and p.end_date - timedelta(days=last_days - 1) <= min(last, today)
    ]
    given: set[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None]] = {
        (student, subject, period) for student, subject, period in session.execute(
            select(PeriodMark.student_id, PeriodMark.subject_id, PeriodMark.period_id).where(
                PeriodMark.period_id.in_([p.id for p in periods])))
    } if periods else set()
    weeks = ((held_last - first).days + 1) / 7 if held_last >= first else 0.0
    thresholds = settings.marks_per_quarter_by_hours

    # Namesakes (same surname and initials) are named in full, by position if need be.
    teacher_names = told_apart([(t.id, short_name_of(t), full_name_of(t))
                                for _, _, _, t, _ in assignments],
                               {t.id: t.position for _, _, _, t, _ in assignments})
    journals: list[tuple[tuple[object, ...], JournalControl]] = []
    for assignment, school_class, subject, teacher, group_name in assignments:
        refs = lessons.get(assignment.id, [])
        title = f"{class_title(school_class.grade, school_class.letter)} · {subject.name}"
        if group_name:  # «Английский язык, 1-я группа» names the subject already
            title = (f"{class_title(school_class.grade, school_class.letter)} · {group_name}"
                     if group_name.lower().startswith(subject.name.lower())
                     else f"{title} · {group_name}")
        # A grade taught without marks (grade 1 by default) has neither period marks
        # nor a number of marks to keep: the journal refuses them there.
        unmarked = school_class.grade in settings.unmarked_grades
        marked = subject.assessment == "marked" and not unmarked
        missing_period: list[MissingPeriodMarks] = []
        for period in periods:
            if not period.grade_from <= school_class.grade <= period.grade_to \
                    or subject.assessment == "none" or unmarked:
                continue
            present = students_on(school_class, assignment.group_id,
                                  min(period.end_date, today))
            lacking = tuple(surname_name(s.surname, s.name) for s in present
                            if (s.id, subject.id, period.id) not in given)
            if lacking:
                missing_period.append(MissingPeriodMarks(period.name, lacking))
        required = marks_required(thresholds, assignment.hours_per_week, weeks) \
            if marked and refs else 0
        few: tuple[FewMarks, ...] = ()
        if required:
            few = tuple(
                FewMarks(surname_name(s.surname, s.name), marks_of.get((assignment.id, s.id), 0))
                for s in students_on(school_class, assignment.group_id, held_last)
                if marks_of.get((assignment.id, s.id), 0) < required
            )
        order = (ru_name_key(teacher.surname, teacher.name, teacher.patronymic), str(teacher.id),
                 school_class.grade, ru_sort_key(school_class.letter), subject.sort_order,
                 ru_sort_key(subject.name), ru_sort_key(group_name or ""))
        journals.append((order, JournalControl(
            assignment_id=assignment.id,
            teacher_id=teacher.id,
            teacher=teacher_names[teacher.id],
            journal=title,
            hours_per_week=assignment.hours_per_week,
            lessons_held=len(refs),
            no_topic=tuple(r for r, m, _ in refs if MISSING_TOPIC in m),
            no_homework=tuple(r for r, m, _ in refs if MISSING_HOMEWORK in m),
            no_attendance=tuple(r for r, m, _ in refs if MISSING_ATTENDANCE in m),
            late_marks=int(late_marks.get(assignment.id, 0)),
            late_attendance=int(late_attendance.get(assignment.id, 0)),
            late_homework=tuple(r for r, _, late in refs if late),
            period_marks=tuple(missing_period),
            marks_required=required,
            few_marks=few,
        )))
    journals.sort(key=lambda pair: pair[0])
    return ControlReport(
        school_name=school_name, year_name=year.name, first=first, last=last, as_of=now,
        homework_minutes=settings.homework_minutes_after_lesson,
        thresholds=thresholds, journals=tuple(j for _, j in journals),
    )


__all__ = [
    "ControlReport",
    "FewMarks",
    "JournalControl",
    "LessonRef",
    "MissingPeriodMarks",
    "load_control",
    "marks_required",
]
