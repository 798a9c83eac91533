"""How people and classes are named on screen and on paper, in one place.

- ``full_name``: «Иванов Иван Иванович» (lists, documents, the diary's header);
- ``short_name``: «Иванов И. И.» (a teacher in the journal, the timetable, messages);
- ``surname_name``: «Иванов Иван» (a student in the journal grid, a parent's child);
- ``class_title``: «5 «А»» (every class everywhere; «5 «А» класс» is the caller's).

The ``*_of`` forms take anything with the name fields (a model row, a dataclass).
Telling two teachers with the same surname and initials apart belongs here too, as
a function over the whole list of names shown together.
"""

from __future__ import annotations

from typing import Protocol


class Named(Protocol):
    @property
    def surname(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def patronymic(self) -> str: ...


class Graded(Protocol):
    @property
    def grade(self) -> int: ...
    @property
    def letter(self) -> str: ...


def full_name(surname: str, name: str, patronymic: str = "") -> str:
    """«Иванов Иван Иванович»; a missing part leaves no double space."""
    return " ".join(part for part in (surname, name, patronymic) if part)


def short_name(surname: str, name: str, patronymic: str = "") -> str:
    """«Смирнова О. П.» (no patronymic: «Смит Д.»)."""
    initials = " ".join(f"{part[0]}." for part in (name, patronymic) if part)
    return f"{surname} {initials}".strip()


def surname_name(surname: str, name: str) -> str:
    """«Иванов Иван», as the journal lists its students."""
    return f"{surname} {name}".strip()


def class_title(grade: int, letter: str) -> str:
    """«5 «А»»"""
    return f"{grade} «{letter}»"


def full_name_of(person: Named) -> str:
    return full_name(person.surname, person.name, person.patronymic)


def short_name_of(person: Named) -> str:
    return short_name(person.surname, person.name, person.patronymic)


def class_title_of(school_class: Graded) -> str:
    return class_title(school_class.grade, school_class.letter)


__all__ = [
    "class_title",
    "class_title_of",
    "full_name",
    "full_name_of",
    "short_name",
    "short_name_of",
    "surname_name",
]
