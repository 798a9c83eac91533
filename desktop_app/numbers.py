"""Numbers as the user's language writes them: «3,23» and «100,0 %» in Russian,
«3.23» and «100.0 %» in English. Everything the GUI shows goes through here, so the
screens agree with each other and with the printed documents (which always use the
Russian comma)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def decimal(value: float, digits: int = 2) -> str:
    """``value`` with exactly ``digits`` decimals in the current locale."""
    return QLocale().toString(float(value), "f", digits)


def percent(value: float, digits: int = 1) -> str:
    """A percentage with a (narrow in print, plain here) space before the sign."""
    return f"{decimal(value, digits)} %"


def compact(value: float) -> str:
    """As few digits as the value needs (a weight of 1, 1,5 or 2): Python's ``:g``
    in the current locale."""
    return QLocale().toString(float(value), "g", 6)
