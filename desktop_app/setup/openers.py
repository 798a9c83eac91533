"""Opening the set-up screens from the checklist and the «Школа» page: one window
per screen (raised if already open), all closed on a lock.

The people screens (subjects, staff, classes, students, assignments, accounts)
belong to :mod:`desktop_app.people`; :func:`open_people_screen` is the one place
that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from database.actor import Role
from database.auth import SignedIn
from desktop_app import messages
from desktop_app.people import SCREENS as PEOPLE_SCREEN_KEYS

PEOPLE_SCREENS = frozenset(PEOPLE_SCREEN_KEYS)
YEAR_SCREENS = frozenset({"calendar", "bells", "holidays"})


def open_people_screen(
    parent: QWidget, signed: SignedIn, screen: str, *, today: Callable[[], date]
) -> QWidget | None:
    """A people screen, from the module that holds them (imported on first use)."""
    from desktop_app.people import open_people_window

    window: QWidget = open_people_window(parent, signed, screen, today=today)
    return window


class SetupScreens:
    """Owned by the main window. ``on_changed`` runs after a screen saved something
    (the checklist then re-reads the database)."""

    def __init__(
        self, owner: QWidget, signed: Callable[[], SignedIn], today: Callable[[], date],
        on_changed: Callable[[], None],
    ) -> None:
        self.owner = owner
        self._signed = signed
        self._today = today
        self._on_changed = on_changed
        self.windows: dict[str, QWidget] = {}
        self._closed_here: set[int] = set()  # windows close_all closed: not re-read

    def open(self, key: str) -> QWidget | None:
        signed = self._signed()
        if signed.role is not Role.ADMIN:
            messages.warning(self.owner, QCoreApplication.translate(
                "SetupScreens", "Only the administration sets up the school."))
            return None
        name = "year" if key in YEAR_SCREENS else key
        window = self.windows.get(name)
        if window is None:
            window = self._make(name, key, signed)
            if window is None:
                return None
            self.windows[name] = window
            window.destroyed.connect(lambda *_, n=name: self._forget(n))
        elif name == "year":
            from desktop_app.setup.school_year import SchoolYearWindow

            assert isinstance(window, SchoolYearWindow)
            window.show_tab(key)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _make(self, name: str, key: str, signed: SignedIn) -> QWidget | None:
        if name == "school":
            from desktop_app.setup.school_card import SchoolCardWindow

            card = SchoolCardWindow(signed, self.owner, today=self._today)
            card.saved.connect(self._changed)
            return card
        if name == "year":
            from desktop_app.setup.school_year import SchoolYearWindow

            year = SchoolYearWindow(signed, self.owner, today=self._today, tab=key)
            year.changed.connect(self._changed)
            return year
        if name == "plans":
            from desktop_app.journal.plan_editor import PlanEditorWindow

            plans = PlanEditorWindow(signed.actor, None, self.owner)
            plans.saved.connect(lambda _id: self._changed())
            return plans
        if name == "timetable":
            from desktop_app.setup.timetable import TimetableWindow

            timetable = TimetableWindow(signed, self.owner, today=self._today)
            timetable.changed.connect(self._changed)
            return timetable
        if name == "substitutions":
            from desktop_app.setup.substitutions import SubstitutionsWindow

            substitutions = SubstitutionsWindow(signed, self.owner, today=self._today)
            substitutions.changed.connect(self._changed)
            return substitutions
        if key in PEOPLE_SCREENS:
            window = open_people_screen(self.owner, signed, key, today=self._today)
            if window is not None:
                # What those screens changed is counted again when they close.
                window_id = id(window)
                window.destroyed.connect(lambda *_: self._changed(window_id))
            return window
        return None

    def _changed(self, window_id: int | None = None) -> None:
        if window_id is None or window_id not in self._closed_here:
            self._on_changed()
        self._closed_here.discard(window_id or 0)

    def _forget(self, name: str) -> None:
        self.windows.pop(name, None)

    def close_all(self) -> None:
        """Close every set-up window (a lock, sign-out); nothing is re-read then."""
        for window in list(self.windows.values()):
            self._closed_here.add(id(window))
            window.close()
        self.windows.clear()
