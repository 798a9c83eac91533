"""Everything the bound class journal of one class and year needs (administration only).

The subject journals come from :func:`database.queries.journal.load_journal`, one per
teaching assignment over the whole year (a fixed number of statements each); the
summary sheet from :func:`database.queries.summary.load_summary`; the roster and the
missed lessons by month are read once for the class.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.collation import ru_sort_key
from database.display_names import told_apart
from database.models import ClassGroup, PlanTopic, Subject, TeachingAssignment
from database.notation import ATTENDANCE_CODES, PERIOD_MARK_VALUES
from database.permissions import require_admin
from database.queries.class_timetable import ClassTimetable, class_timetable
from database.queries.journal import JournalData, load_journal
from database.queries.summary import (
    ILLNESS_CODE,
    ClassHeader,
    RosterStudent,
    SummaryData,
    class_absences,
    load_summary,
)
from database.settings import load_settings

MONTHS_RU: Final[tuple[str, ...]] = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)

Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class ClassBookData:
    header: ClassHeader
    journals: tuple[JournalData, ...]  # by subject order, then group
    summary: SummaryData
    students: tuple[RosterStudent, ...]
    months: tuple[Month, ...]  # the school year's months, September first
    # (student, month) → (missed lessons, of them for illness)
    missed_by_month: Mapping[tuple[uuid.UUID, Month], tuple[int, int]]
    attendance_legend: tuple[tuple[str, str], ...]  # (code, meaning)
    mark_legend: tuple[tuple[str, str], ...]
    generated_on: date
    # assignment → hours of its КТП (calendar-thematic plan); absent: no plan made
    planned_hours: Mapping[uuid.UUID, int] = field(default_factory=dict)
    file_index: str = ""  # the journals' index in the school's list of files, if set
    timetable: ClassTimetable | None = None  # the class's week in force when printed

    def lessons_given(self, journal: JournalData) -> int:
        """Lessons of the journal given by the day the book is printed (not cancelled)."""
        return sum(1 for lesson in journal.lessons
                   if not lesson.cancelled and lesson.date <= self.generated_on)

    def missed(self, student_id: uuid.UUID, month: Month) -> tuple[int, int]:
        return self.missed_by_month.get((student_id, month), (0, 0))


def month_title(month: Month) -> str:
    return MONTHS_RU[month[1] - 1]


def year_months(first: date, last: date) -> tuple[Month, ...]:
    months: list[Month] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def load_class_book(
    session: Session, actor: Actor, class_id: uuid.UUID, *, generated_on: date | None = None,
    last_day: date | None = None,
) -> ClassBookData:
    """The whole journal of one class for its year. ``last_day`` (default: the year's
    end) cuts the subject journals, e.g. to print the first half-year."""
    require_admin(actor, "печатать классный журнал")
    summary = load_summary(session, actor, class_id, generated_on=generated_on)
    header = summary.header
    last = min(last_day or header.year_end, header.year_end)

    assignments = session.execute(
        select(TeachingAssignment.id, Subject.sort_order, Subject.name, ClassGroup.name)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.class_id == class_id)
    ).all()
    ordered = sorted(
        assignments,
        key=lambda a: (a[1], ru_sort_key(a[2]), ru_sort_key(a[3] or ""), str(a[0])),
    )
    journals = _teachers_told_apart(tuple(
        load_journal(session, actor, assignment_id, header.year_start, last)
        for assignment_id, *_ in ordered
    ))

    months = year_months(header.year_start, header.year_end)
    missed: dict[tuple[uuid.UUID, Month], tuple[int, int]] = {}
    for absence in class_absences(session, class_id, header.year_start, last):
        key = (absence.student_id, (absence.day.year, absence.day.month))
        total, sick = missed.get(key, (0, 0))
        missed[key] = (total + 1, sick + (1 if absence.code == ILLNESS_CODE else 0))

    settings = load_settings(session)
    codes = settings.attendance_codes or ATTENDANCE_CODES
    marks = settings.period_mark_values or PERIOD_MARK_VALUES
    mark_legend = (
        ("1–5", "текущие и итоговые отметки"),
        ("5/4", "две отметки в одной клетке"),
        *((value, meaning) for value, meaning in marks.items() if not value.isdigit()),
    )
    return ClassBookData(
        header=header,
        journals=journals,
        summary=summary,
        students=summary.students,
        months=months,
        missed_by_month=missed,
        attendance_legend=tuple(codes.items()),
        mark_legend=mark_legend,
        generated_on=summary.generated_on,
        planned_hours=_planned_hours(session, [j.assignment.id for j in journals]),
        file_index=settings.journal_file_index,
        timetable=class_timetable(
            session, class_id, header.year_id,
            min(max(summary.generated_on, header.year_start), header.year_end)),
    )


def _planned_hours(session: Session, assignment_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The КТП hours of each assignment that has a plan (one grouped query)."""
    rows = session.execute(
        select(PlanTopic.assignment_id, func.sum(PlanTopic.hours))
        .where(PlanTopic.assignment_id.in_(assignment_ids))
        .group_by(PlanTopic.assignment_id)
    )
    return {assignment_id: int(hours or 0) for assignment_id, hours in rows}


def _teachers_told_apart(journals: tuple[JournalData, ...]) -> tuple[JournalData, ...]:
    """Two teachers of the book with the same surname and initials are named in full
    in its page headers (each journal alone cannot know)."""
    shown = told_apart((j.assignment.teacher_id, j.assignment.teacher_short_name,
                        j.assignment.teacher_name) for j in journals)
    return tuple(
        dataclasses.replace(j, assignment=dataclasses.replace(
            j.assignment, teacher_short_name=shown[j.assignment.teacher_id]))
        if shown[j.assignment.teacher_id] != j.assignment.teacher_short_name else j
        for j in journals
    )
