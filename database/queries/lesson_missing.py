"""What a lesson is still missing in its journal: one rule for the journal grid's
marker and the lesson panel's note (:func:`database.queries.journal.load_journal`,
and the grid again after cells change), and for the list of lessons that need
attention (:func:`database.queries.journal.lessons_needing_attention`, the
administration's control reports to come).

A lesson that has taken place (its day has come, it was not cancelled) misses
- its topic, while none is written;
- its homework, while none is set;
- its attendance, while it is not marked conducted and none of its cells holds a
  mark or an attendance code (a class with everyone present has no codes, so the
  teacher marks the lesson conducted instead).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import ColumnElement, and_, or_

from database.models import Lesson

MISSING_TOPIC: Final = "topic"
MISSING_HOMEWORK: Final = "homework"
MISSING_ATTENDANCE: Final = "attendance"
MISSING_ORDER: Final = (MISSING_TOPIC, MISSING_HOMEWORK, MISSING_ATTENDANCE)  # as listed


def lesson_missing(
    *,
    held: bool,
    cancelled: bool,
    topic: str,
    homework: str,
    conducted: bool,
    has_entries: bool,
) -> frozenset[str]:
    """The ``MISSING_*`` of one lesson (``held``: its day is today or before)."""
    if cancelled or not held:
        return frozenset()
    missing: set[str] = set()
    if not topic:
        missing.add(MISSING_TOPIC)
    if not homework:
        missing.add(MISSING_HOMEWORK)
    if not conducted and not has_entries:
        missing.add(MISSING_ATTENDANCE)
    return frozenset(missing)


def misses_something(has_entries: ColumnElement[bool]) -> ColumnElement[bool]:
    """The same rule as a condition on :class:`Lesson` rows (the caller limits them to
    held, not cancelled lessons), to fetch only the lessons it may name."""
    return or_(Lesson.topic == "", Lesson.homework == "",
               and_(Lesson.conducted.is_(False), ~has_entries))


__all__ = [
    "MISSING_ATTENDANCE",
    "MISSING_HOMEWORK",
    "MISSING_ORDER",
    "MISSING_TOPIC",
    "lesson_missing",
    "misses_something",
]
