"""Which classes have their timetable filled: the regulation's indicator (target 100%)
and the set-up checklist's «Расписание» step read it from here.

A class counts as filled when, in the week in force on the given day (the year's
first day before it starts, its last after it ends), every one of its teaching
assignments stands in the timetable at least as many times a week as its whole
weekly hours (1.5 h a week — a lesson every other week — needs one). A class with
no assignment is not filled: there is nothing it could be taught.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import AcademicYear, TeachingAssignment, TimetableEntry
from database.services.journal_rules import covers_day


def filled_classes(session: Session, year: AcademicYear | None, today: date) -> set[uuid.UUID]:
    """The ids of the year's classes whose timetable is filled (see the module text)."""
    if year is None:
        return set()
    day = min(max(today, year.start_date), year.end_date)
    placed = Counter(
        session.execute(
            select(TimetableEntry.assignment_id)
            .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
            .where(
                TeachingAssignment.year_id == year.id,
                covers_day(TimetableEntry.valid_from, TimetableEntry.valid_to, day),
            )
        ).scalars()
    )
    filled: dict[uuid.UUID, bool] = {}
    for assignment_id, class_id, hours in session.execute(
        select(
            TeachingAssignment.id, TeachingAssignment.class_id,
            TeachingAssignment.hours_per_week,
        ).where(TeachingAssignment.year_id == year.id)
    ):
        needed = max(1, math.floor(hours or 0))
        filled[class_id] = filled.get(class_id, True) and placed[assignment_id] >= needed
    return {class_id for class_id, done in filled.items() if done}
