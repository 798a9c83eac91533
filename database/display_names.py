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

from collections.abc import Hashable, Iterable, Mapping
from typing import Protocol, TypeVar

K = TypeVar("K", bound=Hashable)


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


def told_apart(people: Iterable[tuple[K, str, str]],
               details: Mapping[K, str] | None = None) -> dict[K, str]:
    """The names to show for people listed together, each (key, short name, full
    name): the short name («Иванова М. П.») where it is the only one of its kind; the
    full name («Иванова Мария Петровна», «Иванова Марина Павловна») where two people
    share surname and initials; and where even the full names are the same, the full
    name with the person's detail (a position: «… (учитель музыки)») or a number."""
    people = list(people)
    by_short: dict[str, set[K]] = {}
    by_full: dict[str, list[K]] = {}
    for key, short, full in people:
        by_short.setdefault(short, set()).add(key)
        if key not in by_full.setdefault(full, []):
            by_full[full].append(key)
    shown: dict[K, str] = {}
    for key, short, full in people:
        if len(by_short[short]) == 1:
            shown[key] = short
        elif len(by_full[full]) == 1:
            shown[key] = full
        else:
            detail = (details or {}).get(key, "")
            if not detail or sum(1 for other in by_full[full]
                                 if (details or {}).get(other, "") == detail) > 1:
                detail = f"№ {by_full[full].index(key) + 1}"
            shown[key] = f"{full} ({detail})"
    return shown


__all__ = [
    "class_title",
    "class_title_of",
    "full_name",
    "full_name_of",
    "short_name",
    "short_name_of",
    "surname_name",
    "told_apart",
]
