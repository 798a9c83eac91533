"""Alphabetical order as a Russian reader expects it.

Python compares code points, which puts «ё» after «я» and «Ё» before «А». Lists of
students (the journal, the class list, extracts) sort with :func:`ru_sort_key`:
case-insensitive, «ё» right after «е», Latin letters and digits before Cyrillic.
"""

from __future__ import annotations

from typing import Final

RUSSIAN_ALPHABET: Final = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"

# Each Russian letter to a code point in alphabet order (а … я occupy U+0430…U+0450,
# the original «ё» U+0451 no longer occurs after folding).
_FOLD: Final = str.maketrans(
    {letter: chr(0x0430 + rank) for rank, letter in enumerate(RUSSIAN_ALPHABET)}
)


def ru_sort_key(text: str) -> str:
    """A key for sorting Russian text alphabetically: ``е < ё < ж``, any case."""
    return text.casefold().translate(_FOLD)


def ru_name_key(surname: str, name: str, patronymic: str = "") -> tuple[str, str, str, str]:
    """Sort key for people: surname, name, patronymic, then exact spelling."""
    return (
        ru_sort_key(surname),
        ru_sort_key(name),
        ru_sort_key(patronymic),
        f"{surname} {name} {patronymic}",
    )
