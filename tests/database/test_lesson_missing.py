"""The one rule for what a lesson still misses (journal grid, lesson panel, the
list of lessons needing attention)."""

from __future__ import annotations

from database.queries.lesson_missing import (
    MISSING_ATTENDANCE,
    MISSING_HOMEWORK,
    MISSING_TOPIC,
    lesson_missing,
)

HELD = {"held": True, "cancelled": False}


def test_a_held_lesson_misses_what_is_not_written() -> None:
    assert lesson_missing(**HELD, topic="", homework="", conducted=False,
                          has_entries=False) == {MISSING_TOPIC, MISSING_HOMEWORK,
                                                 MISSING_ATTENDANCE}
    assert lesson_missing(**HELD, topic="Дроби", homework="№ 5", conducted=False,
                          has_entries=False) == {MISSING_ATTENDANCE}


def test_attendance_is_there_once_conducted_or_any_cell_is_filled() -> None:
    assert lesson_missing(**HELD, topic="Дроби", homework="", conducted=True,
                          has_entries=False) == {MISSING_HOMEWORK}
    assert lesson_missing(**HELD, topic="Дроби", homework="№ 5", conducted=False,
                          has_entries=True) == frozenset()


def test_future_and_cancelled_lessons_miss_nothing() -> None:
    for held, cancelled in ((False, False), (True, True)):
        assert lesson_missing(held=held, cancelled=cancelled, topic="", homework="",
                              conducted=False, has_entries=False) == frozenset()
