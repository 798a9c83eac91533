"""The people screens of the administration: subjects, staff, classes and groups,
students with parents and consents, the teaching load, and accounts in bulk.

:func:`open_people_window` is the one entry point (the administration page and the
set-up checklist call it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QWidget

from database.auth import SignedIn

SCREENS = ("subjects", "staff", "classes", "students", "assignments", "accounts")
# The system administrator manages accounts but does not read the people lists.
SYSADMIN_SCREENS = ("accounts",)


def open_people_window(
    parent: QWidget, signed: SignedIn, screen: str, *, today: Callable[[], date] = date.today
) -> QWidget:
    """Show the people window on ``screen`` (one of :data:`SCREENS`), reusing the one
    already open over ``parent``."""
    from desktop_app.people.window import PeopleWindow

    if screen not in SCREENS:
        raise ValueError(f"unknown people screen {screen!r}")
    window = next(
        (w for w in parent.findChildren(PeopleWindow) if not w.closing and w.signed is signed),
        None,
    )
    if window is None:
        window = PeopleWindow(signed, parent, today=today)
    window.show_screen(screen)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
