"""What the report window offers: the classes whose documents the actor may print
(the administration: every class of the current year; a teacher: the classes it
leads), each with its students and study periods. Three statements. Which
documents the role may print is the document registry's (desktop_app/reports)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.collation import ru_name_key, ru_sort_key
from database.display_names import class_title_of, full_name_of
from database.models import AcademicYear, Enrolment, SchoolClass, Student, StudyPeriod


@dataclass(frozen=True)
class StudentChoice:
    id: uuid.UUID
    full_name: str


@dataclass(frozen=True)
class DateRange:
    name: str  # «II четверть», «2026/2027 учебный год»
    start: date
    end: date


@dataclass(frozen=True)
class ClassChoice:
    id: uuid.UUID
    title: str  # «5 «А»»
    year_name: str
    students: tuple[StudentChoice, ...]  # every student of the class during the year
    ranges: tuple[DateRange, ...]  # the grade's study periods, then the whole year


@dataclass(frozen=True)
class ReportChoices:
    classes: tuple[ClassChoice, ...]
    # The current year's study periods of every grade, then the whole year: the ranges
    # of the documents about the whole school (or a teacher's journals), not a class.
    ranges: tuple[DateRange, ...] = ()


def report_choices(session: Session, actor: Actor) -> ReportChoices:
    """Classes of the current school year the actor may print documents for."""
    if actor.role not in (Role.ADMIN, Role.TEACHER):
        return ReportChoices(())
    school_ranges = _year_ranges(session)
    stmt = (
        select(SchoolClass, AcademicYear)
        .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
        .where(AcademicYear.is_current.is_(True))
    )
    if actor.role is Role.TEACHER:
        if actor.staff_id is None:
            return ReportChoices((), school_ranges)
        stmt = stmt.where(SchoolClass.class_teacher_id == actor.staff_id)
    rows = session.execute(stmt).all()
    if not rows:
        return ReportChoices((), school_ranges)
    class_ids = [c.id for c, _ in rows]
    year_ids = {y.id for _, y in rows}
    students: dict[uuid.UUID, dict[uuid.UUID, Student]] = {}
    for enrolment, student in session.execute(
        select(Enrolment, Student)
        .join(Student, Student.id == Enrolment.student_id)
        .where(Enrolment.class_id.in_(class_ids))
    ):
        students.setdefault(enrolment.class_id, {})[student.id] = student
    periods = list(
        session.execute(
            select(StudyPeriod)
            .where(StudyPeriod.year_id.in_(year_ids))
            .order_by(StudyPeriod.start_date)
        ).scalars()
    )
    classes: list[ClassChoice] = []
    for school_class, year in sorted(
        rows, key=lambda r: (r[0].grade, ru_sort_key(r[0].letter), str(r[0].id))
    ):
        of_class = sorted(
            students.get(school_class.id, {}).values(),
            key=lambda s: (*ru_name_key(s.surname, s.name, s.patronymic), str(s.id)),
        )
        ranges = tuple(
            DateRange(p.name, p.start_date, p.end_date)
            for p in periods
            if p.year_id == year.id and p.grade_from <= school_class.grade <= p.grade_to
        )
        classes.append(
            ClassChoice(
                id=school_class.id,
                title=class_title_of(school_class),
                year_name=year.name,
                students=tuple(
                    StudentChoice(s.id, full_name_of(s)) for s in of_class
                ),
                ranges=(*ranges,
                        DateRange(f"{year.name} учебный год", year.start_date, year.end_date)),
            )
        )
    return ReportChoices(tuple(classes), school_ranges)


def _year_ranges(session: Session) -> tuple[DateRange, ...]:
    year = session.execute(
        select(AcademicYear).where(AcademicYear.is_current.is_(True))
    ).scalars().first()
    if year is None:
        return ()
    periods = session.execute(
        select(StudyPeriod).where(StudyPeriod.year_id == year.id)
        .order_by(StudyPeriod.start_date, StudyPeriod.grade_from)
    ).scalars()
    ranges = dict.fromkeys(
        DateRange(_with_grades(p), p.start_date, p.end_date) for p in periods)
    return (*ranges, DateRange(f"{year.name} учебный год", year.start_date, year.end_date))


def _with_grades(period: StudyPeriod) -> str:
    """«II четверть (1–9 кл.)»: the same name can mean different days per grade level."""
    return f"{period.name} ({period.grade_from}–{period.grade_to} кл.)"


__all__ = [
    "ClassChoice",
    "DateRange",
    "ReportChoices",
    "StudentChoice",
    "report_choices",
]
