"""Which classes have their timetable filled: the order's indicator «заполнение
расписания для всех классов» (target 100%, :mod:`database.queries.activity`) and the
set-up checklist's «Расписание» step both read it from here, so the two never differ.

A class counts as filled on a day when, in the week in force on that day (the year's
first day before it starts, its last after it ends), every one of its teaching
assignments stands in the timetable at least as many times a week as its whole
weekly hours (1.5 h a week — a lesson every other week — needs one). A class with
no assignment is not filled: there is nothing it could be taught.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import AcademicYear, TeachingAssignment, TimetableEntry

DEFINITION: Final = (
    "Расписание заполнено у класса, если в неделе расписания, действующей на день "
    "отсчёта, каждая его учебная нагрузка (предмет, группа) стоит в расписании не "
    "меньше раз, чем целых часов в неделю (при 0,5–1,5 ч — хотя бы один раз); класс без "
    "нагрузки не заполнен."
)


def filled_classes(session: Session, year: AcademicYear | None, today: date) -> set[uuid.UUID]:
    """The ids of the year's classes whose timetable is filled (see the module text)."""
    if year is None:
        return set()
    return filled_classes_on(session, year, (today,))[today]


def filled_classes_on(
    session: Session, year: AcademicYear, days: Iterable[date]
) -> dict[date, set[uuid.UUID]]:
    """:func:`filled_classes` for each of ``days``, from two statements in all (the
    indicator asks once per week of the year)."""
    wanted = sorted(set(days))
    entries = session.execute(
        select(TimetableEntry.assignment_id, TimetableEntry.valid_from,
               TimetableEntry.valid_to)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .where(TeachingAssignment.year_id == year.id)
    ).all()
    assignments = session.execute(
        select(TeachingAssignment.id, TeachingAssignment.class_id,
               TeachingAssignment.hours_per_week)
        .where(TeachingAssignment.year_id == year.id)
    ).all()
    result: dict[date, set[uuid.UUID]] = {}
    for asked in wanted:
        day = min(max(asked, year.start_date), year.end_date)
        placed = Counter(a for a, start, end in entries
                         if start <= day and (end is None or end >= day))
        filled: dict[uuid.UUID, bool] = {}
        for assignment_id, class_id, hours in assignments:
            needed = max(1, math.floor(hours or 0))
            filled[class_id] = filled.get(class_id, True) and placed[assignment_id] >= needed
        result[asked] = {class_id for class_id, done in filled.items() if done}
    return result


__all__ = ["DEFINITION", "filled_classes", "filled_classes_on"]
