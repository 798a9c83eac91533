"""What building a demo school returns to its caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DemoAccount:
    """One demo sign-in. The caller writes a key slot for it; the generator does not."""

    login: str
    password: str
    role: str  # a ``database.actor.Role`` value
    person_name: str
    account_id: uuid.UUID
    note: str  # who this is in the school, e.g. «классный руководитель 5 «А»»


@dataclass(frozen=True)
class DemoSchool:
    """Counts of what was written, the academic year, and every account.

    ``accounts`` lists, per role, the most useful sign-ins first (the director as
    ``admin``, the class teacher of a fifth grade, one of its students and that
    student's parent), then everybody else.
    """

    size: str
    seed: int
    today: date
    year_id: uuid.UUID
    year_name: str
    classes: int
    students: int
    staff: int
    guardians: int
    lessons: int
    marks: int
    attendance: int
    period_marks: int
    plan_topics: int
    rows_written: int
    accounts: tuple[DemoAccount, ...]
