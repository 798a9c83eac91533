"""Typing into the grid like into a spreadsheet, one keystroke per entry.

A digit is a mark, ``н б у п`` (or Latin ``n b u p``, whatever the keyboard layout)
an attendance code: each is saved at once and the cursor moves on. ``оп``/``op``
takes two keys. A separator (``/``, space, ``\\``, ``,``) right after an entry goes
back to that cell for a second part, so ``5/4`` and ``н 4`` typed in a row land in
one cell. No widgets here: the view feeds keys, the page acts on the outcome.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from database.notation import LATIN_TO_CYRILLIC_CODES

Cell = tuple[int, int]

SEPARATORS: Final = frozenset({"/", "\\", " ", ","})
# Keys that begin a two-letter code (оп) rather than being a code themselves.
PREFIXES: Final = frozenset({"о", "o"})
# Letter by letter, so a layout switched halfway through "оп" still works.
_LATIN: Final = str.maketrans({"n": "н", "b": "б", "u": "у", "p": "п", "o": "о"})


@dataclass(frozen=True)
class Outcome:
    """What a key means: save ``text`` into ``target`` (merging with the previous
    entry's undo step when ``merge``), then move on when ``advance``; or just move
    the cursor to ``move_to`` and wait (``pending`` is shown in the status bar)."""

    text: str | None = None
    target: Cell | None = None
    advance: bool = False
    merge: bool = False
    move_to: Cell | None = None
    pending: str = ""


class Typing:
    def __init__(self, codes: Collection[str], mark_values: Collection[str]) -> None:
        self.codes = frozenset(codes)
        self.mark_values = frozenset(mark_values)
        self._last: tuple[Cell, str] | None = None  # the entry just saved
        self._separator: str | None = None  # waiting for the entry's second part
        self._prefix: tuple[Cell, str] | None = None  # "о" of "оп"

    def reset(self) -> None:
        self._last = None
        self._separator = None
        self._prefix = None

    def _code(self, key: str) -> str | None:
        if key in self.codes:
            return key
        mapped = LATIN_TO_CYRILLIC_CODES.get(key) or key.translate(_LATIN)
        return mapped if mapped in self.codes else None

    def key(self, text: str, at: Cell) -> Outcome | None:
        """None: the key means nothing to the grid (the view handles it)."""
        key = text.lower()
        if len(key) != 1:
            return None
        if self._prefix is not None:
            cell, first = self._prefix
            self._prefix = None
            code = self._code(first + key)
            if code is not None:
                self._last = (cell, code)
                return Outcome(text=code, target=cell, advance=True)
        if key in SEPARATORS and self._last is not None and self._separator is None:
            self._separator = "/" if self._last[1][-1].isdigit() else " "
            return Outcome(move_to=self._last[0], pending=self._last[1] + self._separator)
        if self._separator is not None and self._last is not None:
            cell, before = self._last
            separator = self._separator
            self._separator = None
            if key in self.mark_values:
                combined = before + separator + key
                self._last = None  # a cell holds at most two parts
                return Outcome(text=combined, target=cell, advance=True, merge=True)
            self._last = None
        if key in self.mark_values:
            self._last = (at, key)
            return Outcome(text=key, target=at, advance=True)
        code = self._code(key)
        if code is not None:
            self._last = (at, code)
            return Outcome(text=code, target=at, advance=True)
        if key in PREFIXES and any(c.startswith("о") for c in self.codes):
            self._prefix = (at, key)
            self._last = None
            return Outcome(pending=key)
        self.reset()
        return None
