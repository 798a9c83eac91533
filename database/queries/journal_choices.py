"""Small look-ups the journal window needs besides the journal itself: the school
year's dates (the whole-year range) and the teachers who may substitute a lesson."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.collation import ru_name_key
from database.display_names import full_name, short_name, told_apart
from database.errors import NotFound
from database.models import AcademicYear, Staff


@dataclass(frozen=True)
class StaffChoice:
    id: uuid.UUID
    short_name: str  # «Попова Е. В.» (in full for namesakes: «Попова Елена Викторовна»)


def year_dates(session: Session, year_id: uuid.UUID) -> tuple[date, date]:
    """First and last day of the academic year."""
    year = session.get(AcademicYear, year_id)
    if year is None:
        raise NotFound("Учебный год не найден.")
    return year.start_date, year.end_date


def substitute_choices(session: Session, actor: Actor) -> list[StaffChoice]:
    """Working staff, in alphabetical order, for the substitution field (empty for
    roles that cannot record a substitution)."""
    if actor.role not in (Role.ADMIN, Role.TEACHER):
        return []
    # Column rows, not entities: a big school has a few hundred staff, and the journal
    # window reads this list each time it opens.
    rows = sorted(
        session.execute(
            select(Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.position).where(
                Staff.active.is_(True)
            )
        ),
        key=lambda s: (*ru_name_key(s[1], s[2], s[3]), str(s[0])),
    )
    # Namesakes (same surname and initials) are named in full, by position if need be.
    shown = told_apart([(r[0], short_name(r[1], r[2], r[3]), full_name(r[1], r[2], r[3]))
                        for r in rows], {r[0]: r[4] for r in rows})
    return [StaffChoice(staff_id, shown[staff_id]) for staff_id, *_ in rows]
