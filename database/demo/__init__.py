"""A realistic, deterministic demo school: people, timetable, a term of journal.

``populate_demo(session, device_id, size=..., seed=..., today=...)`` fills an empty,
migrated database through the change log (so ``verify`` passes and a sync could
replay it) and returns a :class:`DemoSchool` with the accounts for the caller to
write key slots for. The same ``(size, seed, today)`` gives the same school.

Sizes: ``tiny`` (one class, three subjects, two weeks — for tests), ``school``
(grades 1–11, two classes a grade, ~550 students), ``large`` (ten classes a grade,
~3,000 students).
"""

from __future__ import annotations

from database.demo.accounts import DEMO_PASSWORDS
from database.demo.builder import SIZES, populate_demo
from database.demo.result import DemoAccount, DemoSchool

__all__ = ["DEMO_PASSWORDS", "SIZES", "DemoAccount", "DemoSchool", "populate_demo"]
