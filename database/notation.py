"""The school's notation and rules: defaults stored as school settings.

These are the defaults from the design; a school may change them through the
settings service, and every reader asks the settings, not this module.
"""

from __future__ import annotations

from typing import Any, Final

ATTENDANCE_CODES: Final[dict[str, str]] = {
    "н": "отсутствовал",
    "б": "отсутствовал по болезни",
    "у": "отсутствовал по уважительной причине",
    "п": "отсутствовал без уважительной причины",
    "оп": "опоздал",
}

# Codes that count as a missed lesson (late arrival does not).
ABSENCE_CODES: Final[frozenset[str]] = frozenset({"н", "б", "у", "п"})

# Keyboard-layout independence: the same key in the Latin layout.
LATIN_TO_CYRILLIC_CODES: Final[dict[str, str]] = {
    "n": "н",
    "b": "б",
    "u": "у",
    "p": "п",
    "op": "оп",
}

MARK_VALUES: Final[tuple[str, ...]] = ("1", "2", "3", "4", "5")

PERIOD_MARK_VALUES: Final[dict[str, str]] = {
    "5": "отлично",
    "4": "хорошо",
    "3": "удовлетворительно",
    "2": "неудовлетворительно",
    "1": "плохо",
    "н/а": "не аттестован",
    "осв.": "освобождён",
    "зач.": "зачтено",
    "незач.": "не зачтено",
}

PASS_FAIL_PERIOD_VALUES: Final[frozenset[str]] = frozenset({"зач.", "незач.", "н/а", "осв."})
MARKED_PERIOD_VALUES: Final[frozenset[str]] = frozenset({"1", "2", "3", "4", "5", "н/а", "осв."})

WORK_TYPES: Final[dict[str, float]] = {
    "Работа на уроке": 1.0,
    "Устный ответ": 1.0,
    "Домашняя работа": 1.0,
    "Самостоятельная работа": 1.5,
    "Практическая работа": 1.5,
    "Лабораторная работа": 1.5,
    "Диктант": 2.0,
    "Сочинение": 2.0,
    "Изложение": 2.0,
    "Проверочная работа": 1.5,
    "Контрольная работа": 2.0,
}

DEFAULT_SETTINGS: Final[dict[str, Any]] = {
    "attendance_codes": ATTENDANCE_CODES,
    "mark_values": list(MARK_VALUES),
    "period_mark_values": PERIOD_MARK_VALUES,
    "work_types": WORK_TYPES,
    "default_work_type": "Работа на уроке",
    # A weighted average of x.60 or more rounds up (3.60 → 4, 3.59 → 3).
    "rounding_threshold": 0.6,
    "homework_minutes_after_lesson": 90,
    "period_marks_last_days": 7,
    # Накопляемость: the fewest marks a student should have in a quarter (nine school
    # weeks) by the subject's hours a week; more hours than the largest key: its value.
    # The journal-keeping control scales it to the weeks of the range it checks.
    "marks_per_quarter_by_hours": {"1": 3, "2": 5, "3": 7},
    # Entries older than this many days (or in a closed period) are corrections:
    # administration only, with a reason.
    # The class journals' index in the school's list of files (номенклатура дел).
    "journal_file_index": "",
    "correction_window_days": 14,
    "password_min_length": 8,
    "lockout_attempts": 5,
    "lockout_minutes": 15,
    "idle_lock_minutes": {"classroom": 10, "admin": 15},
    "remember_me_allowed": {"classroom": False, "admin": True},
    # Grades taught without marks (безотметочное обучение): attendance only.
    "unmarked_grades": [1],
    # A second bell schedule for chosen weekdays (a shortened Saturday): lesson
    # number → start and end ("HH:MM"); the year's bells hold the main schedule.
    "second_bells": {"weekdays": [], "bells": []},
}
