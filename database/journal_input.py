"""What a teacher types into the journal, parsed into values the services accept.

Pure functions, no database: the services call them to validate their input and the
GUI grid calls them to interpret a keystroke or a pasted cell before it asks a
service to save anything.

Typing is layout-independent (see the design's notation table): the Latin keys
``n b u p op`` mean the Cyrillic attendance codes ``н б у п оп``; a marks cell may
hold two marks written ``5/4``, ``5 4`` or ``54``; a paper-journal cell may start with
an attendance code followed by marks (``н 4``, ``оп 5``).

Every refusal is a :class:`~database.errors.ValidationError` with a Russian message;
no other exception escapes these functions for any string input.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Final, Literal

from database.errors import ValidationError
from database.notation import (
    ATTENDANCE_CODES,
    LATIN_TO_CYRILLIC_CODES,
    MARK_VALUES,
    MARKED_PERIOD_VALUES,
    PASS_FAIL_PERIOD_VALUES,
)

Assessment = Literal["marked", "pass_fail", "none"]

MAX_MARKS_PER_CELL: Final = 2

# Separators between two marks in one cell: slash (also the backslash typed by
# mistake), whitespace, comma, semicolon.
_MARK_SEPARATORS: Final = re.compile(r"[/\\\s,;]+")
# A cell that starts with letters: the attendance code, then (optionally) marks.
_LEADING_WORD: Final = re.compile(r"^([^\W\d_]+)[\s/\\,;]*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class CellInput:
    """One journal cell as typed: an attendance code (or None) and 0–2 marks."""

    attendance: str | None
    marks: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return self.attendance is None and not self.marks


def _clean(text: str) -> str:
    return " ".join(text.split()).lower()


def _shown(text: str, limit: int = 20) -> str:
    """The user's input quoted in a message, shortened if it is long."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(values: Iterable[str]) -> str:
    return ", ".join(values)


# --- attendance ------------------------------------------------------------------------


def normalize_attendance(text: str, codes: Collection[str] = ATTENDANCE_CODES) -> str | None:
    """An attendance code from what was typed: trimmed, lower-cased, Latin keys
    mapped to Cyrillic (``n`` → ``н``, ``op`` → ``оп``). Empty input means "no code"
    (None); anything not among the school's ``codes`` is refused."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    compact = cleaned.replace(" ", "")
    if compact in codes:
        return compact
    mapped = LATIN_TO_CYRILLIC_CODES.get(compact)
    if mapped is not None and mapped in codes:
        return mapped
    raise ValidationError(
        f"Неизвестное обозначение посещаемости: «{_shown(text)}». "
        f"Допустимы: {_listing(codes)}."
    )


# --- current marks -----------------------------------------------------------------------


def _split_joined(token: str, allowed: Collection[str]) -> tuple[str, ...] | None:
    """``54`` → (``5``, ``4``): a token that is exactly two allowed values written
    together. None when it cannot be read that way (or only ambiguously)."""
    readings = {
        (token[:cut], token[cut:])
        for cut in range(1, len(token))
        if token[:cut] in allowed and token[cut:] in allowed
    }
    if len(readings) == 1:
        return readings.pop()
    return None


def parse_marks(text: str, allowed_values: Collection[str] = MARK_VALUES) -> tuple[str, ...]:
    """0–2 marks from a marks cell: ``""`` → (), ``5`` → (``5``,), ``5/4``, ``5 4``
    and ``54`` → (``5``, ``4``). Values outside ``allowed_values`` and more than two
    marks are refused."""
    cleaned = _clean(text)
    if not cleaned:
        return ()
    tokens = [t for t in _MARK_SEPARATORS.split(cleaned) if t]
    if not tokens:
        raise ValidationError(
            f"Не удалось прочитать оценку: «{_shown(text)}». "
            f"Пример: 5 или 5/4 (две оценки в одной клетке)."
        )
    marks: list[str] = []
    for token in tokens:
        if token in allowed_values:
            marks.append(token)
            continue
        joined = _split_joined(token, allowed_values) if len(tokens) == 1 else None
        if joined is not None:
            marks.extend(joined)
            continue
        raise ValidationError(
            f"Недопустимая оценка: «{_shown(token)}». "
            f"Допустимы: {_listing(allowed_values)}; две оценки пишутся через «/»."
        )
    if len(marks) > MAX_MARKS_PER_CELL:
        raise ValidationError(
            f"В одной клетке не больше двух оценок: «{_shown(text)}»."
        )
    return tuple(marks)


def parse_cell(
    text: str,
    codes: Collection[str] = ATTENDANCE_CODES,
    allowed_values: Collection[str] = MARK_VALUES,
) -> CellInput:
    """A paper-journal cell: ``н``, ``5``, ``5/4``, ``н 4``, ``оп 5`` — the
    attendance code first, then the marks. Empty input is an empty cell."""
    cleaned = _clean(text)
    if not cleaned:
        return CellInput(None, ())
    match = _LEADING_WORD.match(cleaned)
    if match is None:
        return CellInput(None, parse_marks(cleaned, allowed_values))
    try:
        attendance = normalize_attendance(match.group(1), codes)
    except ValidationError as not_a_code:
        # A school whose marks are words lands here; otherwise the attendance
        # message, which names what was not understood, is the one to show.
        try:
            return CellInput(None, parse_marks(cleaned, allowed_values))
        except ValidationError:
            raise not_a_code from None
    return CellInput(attendance, parse_marks(match.group(2), allowed_values))


def cell_text(attendance: str | None, marks: Iterable[str]) -> str:
    """A cell as the journal prints it, the inverse of :func:`parse_cell`: ``н 5/4``,
    ``5``, ``оп`` or ``""``."""
    return " ".join(part for part in (attendance or "", "/".join(marks)) if part)


# --- period marks -------------------------------------------------------------------------

# Ways of typing the non-numeric period marks, after lower-casing and removing spaces.
_PERIOD_SPELLINGS: Final[dict[str, str]] = {
    "н/а": "н/а",
    "на": "н/а",
    "н\\а": "н/а",
    "н.а.": "н/а",
    "н.а": "н/а",
    "n/a": "н/а",
    "na": "н/а",
    "осв.": "осв.",
    "осв": "осв.",
    "зач.": "зач.",
    "зач": "зач.",
    "незач.": "незач.",
    "незач": "незач.",
    "не/зач": "незач.",
}

# The order values are listed in messages.
_PERIOD_ORDER: Final[tuple[str, ...]] = ("5", "4", "3", "2", "1", "зач.", "незач.", "н/а", "осв.")


def parse_period_mark(
    value: str,
    assessment: str,
    allowed: Collection[str] | None = None,
) -> str:
    """A period/year/exam/final mark in its canonical spelling.

    ``marked`` subjects take 5…1, ``н/а``, ``осв.``; ``pass_fail`` subjects take
    ``зач.``, ``незач.``, ``н/а``, ``осв.``; ``none`` subjects take nothing.
    ``allowed`` (the school's configured period-mark values) narrows the choice.
    """
    if assessment == "none":
        raise ValidationError("По этому предмету итоговые отметки не выставляются.")
    if assessment == "marked":
        by_subject = MARKED_PERIOD_VALUES
    elif assessment == "pass_fail":
        by_subject = PASS_FAIL_PERIOD_VALUES
    else:
        raise ValidationError(f"Неизвестный способ оценивания предмета: «{_shown(assessment)}».")
    choices = by_subject if allowed is None else by_subject & frozenset(allowed)
    compact = _clean(value).replace(" ", "")
    if not compact:
        raise ValidationError("Отметка не указана.")
    canonical = _PERIOD_SPELLINGS.get(compact, compact)
    if canonical in choices:
        return canonical
    shown = _listing(v for v in _PERIOD_ORDER if v in choices)
    if canonical in MARKED_PERIOD_VALUES | PASS_FAIL_PERIOD_VALUES:
        raise ValidationError(
            f"Отметка «{_shown(value)}» не подходит для этого предмета. Допустимы: {shown}."
        )
    raise ValidationError(f"Недопустимая итоговая отметка: «{_shown(value)}». Допустимы: {shown}.")

