"""What a study period still misses before it is closed, journal by journal:
students of the journal without a period mark for it, and the period's lessons
that took place without a topic or without attendance (the rule of
:mod:`database.queries.lesson_missing`; homework is not asked for here — a lesson
may have none).

The check concerns the journals of the period's grades in its year. A student is
expected to have a mark when they are in the class (and in the journal's group) on
the period's last day held so far — a student who left during the period is not.
Subjects assessed without marks (``assessment == "none"``) need no period marks.

Administration only (closing is :func:`database.services.school.close_period`).
Three statements, whatever the size of the school.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.collation import ru_name_key
from database.display_names import class_title, short_name, surname_name
from database.errors import NotFound
from database.models import (
    Attendance,
    ClassGroup,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Staff,
    Student,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_admin
from database.queries.academic_years import StudyPeriodInfo, period_info
from database.services.journal_rules import covers_day


@dataclass(frozen=True)
class MissingLesson:
    date: date
    lesson_number: int
    no_topic: bool
    no_attendance: bool


@dataclass(frozen=True)
class JournalGaps:
    """One journal's gaps in the period."""

    assignment_id: uuid.UUID
    journal_title: str  # «5 «А» · Математика (группа 1)»
    teacher: str  # «Иванова М. П.»
    without_mark: tuple[str, ...] = ()  # students, «Фамилия Имя», in the class's order
    lessons: tuple[MissingLesson, ...] = ()  # by date and lesson number

    @property
    def summary(self) -> str:
        """«нет итоговых отметок: 3; уроков без темы: 2; без посещаемости: 1»."""
        parts = []
        if self.without_mark:
            parts.append(f"нет отметок за период: {len(self.without_mark)}")
        topics = sum(1 for lesson in self.lessons if lesson.no_topic)
        if topics:
            parts.append(f"уроков без темы: {topics}")
        attendance = sum(1 for lesson in self.lessons if lesson.no_attendance)
        if attendance:
            parts.append(f"уроков без посещаемости: {attendance}")
        return "; ".join(parts)


@dataclass(frozen=True)
class PeriodCheck:
    period: StudyPeriodInfo
    last_day: date  # the last day checked: the period's end, or today if earlier
    journals: tuple[JournalGaps, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.journals


def period_closing_check(session: Session, actor: Actor, period_id: uuid.UUID) -> PeriodCheck:
    require_admin(actor, "проверка учебного периода перед закрытием")
    period = session.get(StudyPeriod, period_id)
    if period is None:
        raise NotFound("Учебный период не найден.")
    last = min(period.end_date, actor.now().date())
    info = period_info(period)
    if last < period.start_date:  # not begun yet: nothing to miss
        return PeriodCheck(info, last)
    in_period = and_(
        SchoolClass.year_id == period.year_id,
        SchoolClass.grade >= period.grade_from,
        SchoolClass.grade <= period.grade_to,
    )
    without_mark = _students_without_mark(session, period, last, in_period)
    lessons = _lessons_missing(session, period, last, in_period)
    ids = set(without_mark) | set(lessons)
    if not ids:
        return PeriodCheck(info, last)
    journals = [
        JournalGaps(
            assignment_id=assignment_id,
            journal_title=title,
            teacher=teacher,
            without_mark=tuple(name for _, name in sorted(without_mark.get(assignment_id, []))),
            lessons=tuple(lessons.get(assignment_id, [])),
        )
        for assignment_id, title, teacher in _titles(session, ids)
    ]
    return PeriodCheck(info, last, tuple(journals))


def _students_without_mark(
    session: Session, period: StudyPeriod, last: date, in_period: object
) -> dict[uuid.UUID, list[tuple[tuple[str, ...], str]]]:
    in_group = exists().where(
        GroupMember.group_id == TeachingAssignment.group_id,
        GroupMember.student_id == Student.id,
        covers_day(GroupMember.start_date, GroupMember.end_date, last),
    )
    marked = exists().where(
        PeriodMark.student_id == Student.id,
        PeriodMark.subject_id == TeachingAssignment.subject_id,
        PeriodMark.year_id == period.year_id,
        PeriodMark.kind == "period",
        PeriodMark.period_id == period.id,
    )
    rows = session.execute(
        select(TeachingAssignment.id, Student.surname, Student.name, Student.patronymic)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Enrolment, Enrolment.class_id == TeachingAssignment.class_id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(
            in_period,  # type: ignore[arg-type]
            Subject.assessment != "none",
            covers_day(Enrolment.start_date, Enrolment.end_date, last),
            or_(TeachingAssignment.group_id.is_(None), in_group),
            ~marked,
        )
        .distinct()
    )
    found: dict[uuid.UUID, list[tuple[tuple[str, ...], str]]] = {}
    for assignment_id, surname, name, patronymic in rows:
        found.setdefault(assignment_id, []).append(
            (ru_name_key(surname, name, patronymic), surname_name(surname, name))
        )
    return found


def _lessons_missing(
    session: Session, period: StudyPeriod, last: date, in_period: object
) -> dict[uuid.UUID, list[MissingLesson]]:
    kept = or_(
        exists().where(Mark.lesson_id == Lesson.id),
        exists().where(Attendance.lesson_id == Lesson.id),
    )
    rows = session.execute(
        select(Lesson.assignment_id, Lesson.date, Lesson.lesson_number, Lesson.topic,
               Lesson.conducted, kept.label("kept"))
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .where(
            in_period,  # type: ignore[arg-type]
            Lesson.date >= period.start_date,
            Lesson.date <= last,
            Lesson.cancelled.is_(False),
            or_(Lesson.topic == "", and_(Lesson.conducted.is_(False), ~kept)),
        )
        .order_by(Lesson.date, Lesson.lesson_number)
    )
    found: dict[uuid.UUID, list[MissingLesson]] = {}
    for assignment_id, day, number, topic, conducted, was_kept in rows:
        found.setdefault(assignment_id, []).append(
            MissingLesson(day, number, no_topic=not topic,
                          no_attendance=not conducted and not was_kept)
        )
    return found


def _titles(session: Session, ids: set[uuid.UUID]) -> list[tuple[uuid.UUID, str, str]]:
    """(assignment id, journal title, teacher) in the order of classes and subjects."""
    rows = session.execute(
        select(TeachingAssignment.id, SchoolClass.grade, SchoolClass.letter, Subject.name,
               ClassGroup.name, Staff.surname, Staff.name, Staff.patronymic)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.id.in_(ids))
        .order_by(SchoolClass.grade, SchoolClass.letter, Subject.sort_order, Subject.name,
                  ClassGroup.name)
    )
    result = []
    for assignment_id, grade, letter, subject, group, surname, name, patronymic in rows:
        group_text = f" ({group})" if group else ""
        result.append((assignment_id, f"{class_title(grade, letter)} · {subject}{group_text}",
                       short_name(surname, name, patronymic)))
    return result


__all__ = ["JournalGaps", "MissingLesson", "PeriodCheck", "period_closing_check"]
