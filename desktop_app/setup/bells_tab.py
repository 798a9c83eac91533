"""The bells tab of the school year screen: the year's main bell schedule (one
``set_bell`` per lesson) and the second schedule for chosen weekdays (the
``second_bells`` setting, written whole on each change)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy.orm import Session

from database.bells import SecondBells
from database.demo.year_calendar import bell_schedule
from database.queries.academic_years import BellInfo
from database.services.school import remove_bell, set_bell, set_setting
from desktop_app import messages
from desktop_app.setup.record_list import Column
from desktop_app.setup.year_dialogs import BellDialog, BellValues

if TYPE_CHECKING:
    from desktop_app.setup.school_year import SchoolYearWindow


def hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def _minutes(bell: BellInfo | BellValues) -> str:
    start = datetime.combine(date.min, bell.starts_at)
    return str(int((datetime.combine(date.min, bell.ends_at) - start).total_seconds() // 60))


def next_bell(bells: list[Any]) -> tuple[int, time]:
    """The number and a start (10 minutes after the last lesson) for a new lesson."""
    if not bells:
        return 1, time(8, 30)
    last = max(bells, key=lambda b: b.lesson_number)
    after = datetime.combine(date.min, last.ends_at) + timedelta(minutes=10)
    return last.lesson_number + 1, after.time()


class BellsTab:
    """Wires the window's bell lists and weekday boxes to the services."""

    def __init__(self, window: SchoolYearWindow) -> None:
        self.window = window
        ui = window.ui
        columns = [
            Column(QCoreApplication.translate("SchoolYearWindow", "Lesson"),
                   lambda b: str(b.lesson_number), sort=lambda b: b.lesson_number,
                   align_right=True),
            Column(QCoreApplication.translate("SchoolYearWindow", "Starts"),
                   lambda b: hhmm(b.starts_at), width=70),
            Column(QCoreApplication.translate("SchoolYearWindow", "Ends"),
                   lambda b: hhmm(b.ends_at), width=70),
            Column(QCoreApplication.translate("SchoolYearWindow", "Minutes"), _minutes,
                   align_right=True),
        ]
        for records in (ui.bellList, ui.secondBellList):
            records.configure(columns)
            records.search_edit.setVisible(False)  # a dozen rows need no search
        ui.standardBellsButton.clicked.connect(self.standard_bells)
        ui.bellList.addRequested.connect(self.add_bell)
        ui.bellList.editRequested.connect(self.edit_bell)
        ui.bellList.removeRequested.connect(self.remove_bells)
        ui.secondBellList.addRequested.connect(self.add_second_bell)
        ui.secondBellList.editRequested.connect(self.edit_second_bell)
        ui.secondBellList.removeRequested.connect(self.remove_second_bells)
        self._weekdays_now: set[int] = set()

    def show(self, bells: tuple[BellInfo, ...], second: SecondBells) -> None:
        ui = self.window.ui
        ui.bellList.set_rows(bells)
        for number, check in self.window.weekday_checks.items():
            check.blockSignals(True)
            check.setChecked(number in second.weekdays)
            check.blockSignals(False)
        ui.secondBellList.set_rows([BellValues(n, s, e) for n, (s, e)
                                    in sorted(second.bells.items())])

    def standard_bells(self) -> None:
        assert self.window.setup is not None
        if self.window.setup.bells and not messages.confirm(
            self.window, QCoreApplication.translate(
                "SchoolYearWindow",
                "Replace the bell schedule with seven 45-minute lessons from 08:30?")):
            return
        actor, year_id = self.window.signed.actor, self.window.year_id
        numbers = [b.lesson_number for b in self.window.setup.bells]

        def run(session: Session) -> None:
            # Later lessons first, so no new time runs into an old one being replaced.
            for number in sorted(numbers, reverse=True):
                remove_bell(session, actor, year_id, number)
            for number, starts, ends in bell_schedule():
                set_bell(session, actor, year_id, number, starts, ends)

        self.window.write(run)

    def add_bell(self) -> None:
        assert self.window.setup is not None
        number, starts = next_bell(list(self.window.setup.bells))
        actor, year_id = self.window.signed.actor, self.window.year_id
        dialog = BellDialog(next_number=number, suggested=starts, parent=self.window)
        self.window.open_dialog(dialog, lambda s, b: set_bell(
            s, actor, year_id, b.lesson_number, b.starts_at, b.ends_at))

    def edit_bell(self, bell: BellInfo) -> None:
        actor, year_id = self.window.signed.actor, self.window.year_id
        dialog = BellDialog(bell, parent=self.window)
        self.window.open_dialog(dialog, lambda s, b: set_bell(
            s, actor, year_id, b.lesson_number, b.starts_at, b.ends_at))

    def remove_bells(self, bells: list[BellInfo]) -> None:
        actor, year_id = self.window.signed.actor, self.window.year_id

        def run(session: Session) -> None:
            for bell in bells:
                remove_bell(session, actor, year_id, bell.lesson_number)

        self.window.write(run)

    # the second schedule: the whole setting is written on each change

    def _second_value(
        self, bells: list[BellValues], weekdays: set[int] | None = None
    ) -> dict[str, Any]:
        if weekdays is None:
            weekdays = {n for n, check in self.window.weekday_checks.items() if check.isChecked()}
        return {"weekdays": sorted(weekdays),
                "bells": [[b.lesson_number, hhmm(b.starts_at), hhmm(b.ends_at)]
                          for b in sorted(bells, key=lambda b: b.lesson_number)]}

    def _second_bells(self) -> list[BellValues]:
        return list(self.window.ui.secondBellList.model.rows)

    def weekdays_toggled(self) -> None:
        value = self._second_value(self._second_bells())
        actor = self.window.signed.actor
        self.window.write(lambda s: set_setting(s, actor, "second_bells", value))

    def add_second_bell(self) -> None:
        bells = self._second_bells()
        number, starts = next_bell(bells)
        actor = self.window.signed.actor
        dialog = BellDialog(next_number=number, suggested=starts, parent=self.window)

        def write(session: Session, bell: BellValues) -> object:
            kept = [b for b in bells if b.lesson_number != bell.lesson_number]
            return set_setting(session, actor, "second_bells",
                               self._second_value([*kept, bell], self._weekdays_now))

        self._weekdays_now = {n for n, c in self.window.weekday_checks.items() if c.isChecked()}
        self.window.open_dialog(dialog, write)

    def edit_second_bell(self, bell: BellValues) -> None:
        bells = self._second_bells()
        actor = self.window.signed.actor
        dialog = BellDialog(bell, parent=self.window)

        def write(session: Session, changed: BellValues) -> object:
            kept = [b for b in bells if b.lesson_number != changed.lesson_number]
            return set_setting(session, actor, "second_bells",
                               self._second_value([*kept, changed], self._weekdays_now))

        self._weekdays_now = {n for n, c in self.window.weekday_checks.items() if c.isChecked()}
        self.window.open_dialog(dialog, write)

    def remove_second_bells(self, chosen: list[BellValues]) -> None:
        kept = [b for b in self._second_bells() if b not in chosen]
        weekdays: set[int] | None = None if kept else set()  # no lessons: no weekdays
        value = self._second_value(kept, weekdays)
        actor = self.window.signed.actor
        self.window.write(lambda s: set_setting(s, actor, "second_bells", value))
