"""The school year screen (administration): the years, and the chosen year's study
periods (from a preset or one by one, with the gaps between them shown), holidays
and non-school days, and the bells — the main schedule and a second one for chosen
weekdays.

Everything shown is one snapshot (:func:`database.queries.school_year.school_year_setup`)
read on the worker; every change is one service call (or one preset, in one
transaction) followed by a fresh snapshot. :attr:`SchoolYearWindow.changed` tells
the main window to re-read its set-up checklist.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCheckBox, QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.bells import second_bells
from database.calendar_presets import PRESETS, default_first_year
from database.demo.year_calendar import bell_schedule
from database.queries.school_year import YearSetup, school_year_setup
from database.services.calendar_setup import add_preset_holidays, apply_period_preset
from database.services.school import (
    BellInfo,
    HolidayInfo,
    StudyPeriodInfo,
    add_holiday,
    add_study_period,
    create_academic_year,
    remove_bell,
    remove_holiday,
    remove_study_period,
    set_bell,
    set_current_year,
    set_setting,
    update_holiday,
    update_study_period,
)
from desktop_app import messages, preferences
from desktop_app.dialogs import app_icon
from desktop_app.generated.ui_school_year_window import Ui_SchoolYearWindow
from desktop_app.setup.date_range import ru_date
from desktop_app.setup.record_list import Column
from desktop_app.setup.year_dialogs import (
    BellDialog,
    BellValues,
    HolidayDialog,
    HolidayValues,
    NewYear,
    PeriodDialog,
    PeriodValues,
    YearDialog,
    holiday_kind_title,
    period_kind_title,
    preset_title,
)
from desktop_app.worker import DbOp

WINDOW_KEY = "schoolYearWindow"
TABS = {"calendar": 0, "holidays": 1, "bells": 2}


def grades_text(grade_from: int, grade_to: int) -> str:
    return str(grade_from) if grade_from == grade_to else f"{grade_from}–{grade_to}"


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def _minutes(bell: BellInfo | BellValues) -> str:
    start = datetime.combine(date.min, bell.starts_at)
    return str(int((datetime.combine(date.min, bell.ends_at) - start).total_seconds() // 60))


class SchoolYearWindow(QWidget):
    changed = Signal()

    def __init__(
        self, signed: SignedIn, parent: QWidget | None = None,
        *, today: Callable[[], date] = date.today, tab: str = "calendar",
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ui = Ui_SchoolYearWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.signed = signed
        self._today = today
        self.setup: YearSetup | None = None
        self.dialog: QWidget | None = None  # the dialog last opened (tests look at it)
        self._weekdays_now: set[int] = set()
        ui = self.ui
        ui.gapsLabel.set_warning(True)
        for preset in PRESETS:
            ui.presetCombo.addItem(preset_title(preset), preset)
        self._configure_lists()
        self.weekday_checks: dict[int, QCheckBox] = {}
        weekday_names = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"),
                         self.tr("Fri"), self.tr("Sat"))
        for number, name in enumerate(weekday_names, start=1):
            check = QCheckBox(name, self)
            check.setObjectName(f"secondWeekday{number}")
            check.toggled.connect(self._weekdays_toggled)
            ui.weekdaysLayout.addWidget(check)
            self.weekday_checks[number] = check
        ui.weekdaysLayout.addStretch(1)

        ui.yearCombo.activated.connect(self._year_chosen)
        ui.newYearButton.clicked.connect(self.new_year)
        ui.currentButton.clicked.connect(self.make_current)
        ui.applyPresetButton.clicked.connect(self.apply_preset)
        ui.presetHolidaysButton.clicked.connect(self.add_preset_holidays)
        ui.standardBellsButton.clicked.connect(self.standard_bells)
        ui.periodList.addRequested.connect(self.add_period)
        ui.periodList.editRequested.connect(self.edit_period)
        ui.periodList.removeRequested.connect(self.remove_periods)
        ui.holidayList.addRequested.connect(self.add_holiday)
        ui.holidayList.editRequested.connect(self.edit_holiday)
        ui.holidayList.removeRequested.connect(self.remove_holidays)
        ui.bellList.addRequested.connect(self.add_bell)
        ui.bellList.editRequested.connect(self.edit_bell)
        ui.bellList.removeRequested.connect(self.remove_bells)
        ui.secondBellList.addRequested.connect(self.add_second_bell)
        ui.secondBellList.editRequested.connect(self.edit_second_bell)
        ui.secondBellList.removeRequested.connect(self.remove_second_bells)
        ui.closeButton.clicked.connect(self.close)
        self.show_tab(tab)
        self._set_enabled(False)
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.load()

    def _configure_lists(self) -> None:
        ui = self.ui
        ui.periodList.configure([
            Column(self.tr("Name"), lambda p: p.name, width=150),
            Column(self.tr("Kind"), lambda p: period_kind_title(p.kind)),
            Column(self.tr("Grades"), lambda p: grades_text(p.grade_from, p.grade_to),
                   sort=lambda p: (p.grade_from, p.start_date)),
            Column(self.tr("From"), lambda p: ru_date(p.start_date), sort=lambda p: p.start_date),
            Column(self.tr("To"), lambda p: ru_date(p.end_date), sort=lambda p: p.end_date),
            Column(self.tr("State"), lambda p: self.tr("closed") if p.closed else self.tr("open")),
        ], sort_column=2)
        ui.holidayList.configure([
            Column(self.tr("Name"), lambda h: h.name, width=360),
            Column(self.tr("Kind"), lambda h: holiday_kind_title(h.kind)),
            Column(self.tr("Grades"), lambda h: grades_text(h.grade_from, h.grade_to),
                   sort=lambda h: (h.grade_from, h.grade_to)),
            Column(self.tr("From"), lambda h: ru_date(h.start_date), sort=lambda h: h.start_date),
            Column(self.tr("To"), lambda h: ru_date(h.end_date), sort=lambda h: h.end_date),
        ], sort_column=3)
        bell_columns = [
            Column(self.tr("Lesson"), lambda b: str(b.lesson_number),
                   sort=lambda b: b.lesson_number, align_right=True),
            Column(self.tr("Starts"), lambda b: _hhmm(b.starts_at), width=70),
            Column(self.tr("Ends"), lambda b: _hhmm(b.ends_at), width=70),
            Column(self.tr("Minutes"), _minutes, align_right=True),
        ]
        ui.bellList.configure(bell_columns)
        ui.secondBellList.configure(bell_columns)
        for records in (ui.bellList, ui.secondBellList):
            records.search_edit.setVisible(False)  # a dozen rows need no search

    def show_tab(self, key: str) -> None:
        self.ui.tabs.setCurrentIndex(TABS.get(key, 0))

    # --- reading ------------------------------------------------------------------------

    def load(self, year_id: uuid.UUID | None = None) -> None:
        actor = self.signed.actor
        if year_id is None and self.setup is not None and self.setup.year is not None:
            year_id = self.setup.year.id
        DbOp(lambda s: school_year_setup(s, actor, year_id)).success(self._show).failure(
            self.ui.problemLabel.show_error).read_for(self).parent(self).run()

    def _show(self, setup: YearSetup) -> None:
        self.setup = setup
        ui = self.ui
        ui.yearCombo.blockSignals(True)
        ui.yearCombo.clear()
        for each in setup.years:
            title = each.name + (self.tr(" (current)") if each.is_current else "")
            ui.yearCombo.addItem(title, str(each.id))
        year = setup.year
        if year is not None:
            ui.yearCombo.setCurrentIndex(ui.yearCombo.findData(str(year.id)))
            ui.yearDatesLabel.setText(f"{ru_date(year.start_date)} – {ru_date(year.end_date)}")
        else:
            ui.yearCombo.addItem(self.tr("no school year yet"), "")
            ui.yearDatesLabel.setText(self.tr("Create the school year: «New school year…»."))
        ui.yearCombo.blockSignals(False)
        ui.currentButton.setEnabled(year is not None and not year.is_current)
        ui.periodList.set_rows(setup.periods)
        ui.holidayList.set_rows(setup.holidays)
        ui.bellList.set_rows(setup.bells)
        ui.gapsLabel.show_problems(setup.problems if year is not None else [])
        second = second_bells(setup.second_bells)
        for number, check in self.weekday_checks.items():
            check.blockSignals(True)
            check.setChecked(number in second.weekdays)
            check.blockSignals(False)
        ui.secondBellList.set_rows([BellValues(n, s, e) for n, (s, e)
                                    in sorted(second.bells.items())])
        self._set_enabled(year is not None)

    def _set_enabled(self, has_year: bool) -> None:
        ui = self.ui
        for widget in (ui.tabs, ui.currentButton):
            widget.setEnabled(has_year)
        if has_year and self.setup is not None and self.setup.year is not None:
            ui.currentButton.setEnabled(not self.setup.year.is_current)

    def _year_chosen(self, index: int) -> None:
        data = self.ui.yearCombo.itemData(index)
        if data:
            self.load(uuid.UUID(str(data)))

    # --- writing --------------------------------------------------------------------------

    def _write(self, run: Callable[[Session], Any], then_year: bool = False) -> None:
        """Run one write; then a fresh snapshot (of the year the write returns, if
        ``then_year``) and :attr:`changed`. A refusal shows under the tabs."""
        ui = self.ui

        def done(result: Any) -> None:
            ui.problemLabel.clear_problems()
            self.load(result if then_year else None)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            ui.problemLabel.show_error(exc)
            self.load()

        DbOp(run).success(done).failure(failed).parent(self).busy(self.tr("Saving…")).run()

    def _after_dialog(self, _: object = None) -> None:
        self.ui.problemLabel.clear_problems()
        self.load()
        self.changed.emit()

    @property
    def year_id(self) -> uuid.UUID:
        assert self.setup is not None and self.setup.year is not None
        return self.setup.year.id

    # years

    def new_year(self) -> None:
        actor = self.signed.actor
        first = default_first_year(self._today())
        if self.setup is not None and self.setup.years:
            first = max(first, self.setup.years[-1].start_date.year + 1)
        dialog = YearDialog(first, parent=self)

        def write(session: Session, new: NewYear) -> uuid.UUID:
            year = create_academic_year(session, actor, new.start, new.end,
                                        make_current=new.make_current)
            if new.preset:
                apply_period_preset(session, actor, year.id, new.preset)
                add_preset_holidays(session, actor, year.id, new.preset)
            return year.id

        def written(year_id: uuid.UUID) -> None:
            self.load(year_id)
            self.changed.emit()

        dialog.write = write
        dialog.written.connect(written)
        self.dialog = dialog
        dialog.open()

    def make_current(self) -> None:
        actor, year_id = self.signed.actor, self.year_id
        self._write(lambda s: set_current_year(s, actor, year_id))

    # periods

    def apply_preset(self) -> None:
        assert self.setup is not None
        preset = str(self.ui.presetCombo.currentData())
        if self.setup.periods and not messages.confirm(self, self.tr(
            "Replace the %1 study periods of this year with the preset's?"
        ).replace("%1", str(len(self.setup.periods)))):
            return
        actor, year_id = self.signed.actor, self.year_id
        self._write(lambda s: apply_period_preset(s, actor, year_id, preset))

    def add_period(self) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor, year_id = self.signed.actor, self.year_id
        dialog = PeriodDialog(self.setup.year, parent=self, existing=self.setup.periods)

        def write(session: Session, p: PeriodValues) -> object:
            return add_study_period(session, actor, year_id, p.kind, p.number, p.grade_from,
                                    p.grade_to, p.start, p.end, name=p.name)

        self._open(dialog, write)

    def edit_period(self, period: StudyPeriodInfo) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor = self.signed.actor
        dialog = PeriodDialog(self.setup.year, period, parent=self)

        def write(session: Session, p: PeriodValues) -> object:
            return update_study_period(session, actor, period.id, name=p.name,
                                       grade_from=p.grade_from, grade_to=p.grade_to,
                                       start_date=p.start, end_date=p.end)

        self._open(dialog, write)

    def remove_periods(self, periods: list[StudyPeriodInfo]) -> None:
        if not messages.confirm(self, self.tr("Remove %1 study period(s)?").replace(
                "%1", str(len(periods)))):
            return
        actor = self.signed.actor

        def run(session: Session) -> None:
            for period in periods:
                remove_study_period(session, actor, period.id)

        self._write(run)

    # holidays

    def add_preset_holidays(self) -> None:
        actor, year_id = self.signed.actor, self.year_id
        preset = str(self.ui.presetCombo.currentData())
        self._write(lambda s: add_preset_holidays(s, actor, year_id, preset))

    def add_holiday(self) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor, year_id = self.signed.actor, self.year_id
        dialog = HolidayDialog(self.setup.year, parent=self)

        def write(session: Session, h: HolidayValues) -> object:
            return add_holiday(session, actor, year_id, h.name, h.start, h.end, kind=h.kind,
                               grade_from=h.grade_from, grade_to=h.grade_to)

        self._open(dialog, write)

    def edit_holiday(self, holiday: HolidayInfo) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor = self.signed.actor
        dialog = HolidayDialog(self.setup.year, holiday, parent=self)

        def write(session: Session, h: HolidayValues) -> object:
            return update_holiday(session, actor, holiday.id, name=h.name, kind=h.kind,
                                  start_date=h.start, end_date=h.end, grade_from=h.grade_from,
                                  grade_to=h.grade_to)

        self._open(dialog, write)

    def remove_holidays(self, holidays: list[HolidayInfo]) -> None:
        if not messages.confirm(self, self.tr("Remove %1 holiday(s)?").replace(
                "%1", str(len(holidays)))):
            return
        actor = self.signed.actor

        def run(session: Session) -> None:
            for holiday in holidays:
                remove_holiday(session, actor, holiday.id)

        self._write(run)

    # bells

    def _next_bell(self, bells: list[Any]) -> tuple[int, time]:
        if not bells:
            return 1, time(8, 30)
        last = max(bells, key=lambda b: b.lesson_number)
        after = datetime.combine(date.min, last.ends_at) + timedelta(minutes=10)
        return last.lesson_number + 1, after.time()

    def standard_bells(self) -> None:
        assert self.setup is not None
        if self.setup.bells and not messages.confirm(self, self.tr(
                "Replace the bell schedule with seven 45-minute lessons from 08:30?")):
            return
        actor, year_id = self.signed.actor, self.year_id
        numbers = [b.lesson_number for b in self.setup.bells]

        def run(session: Session) -> None:
            # Later lessons first, so no new time runs into an old one being replaced.
            for number in sorted(numbers, reverse=True):
                remove_bell(session, actor, year_id, number)
            for number, starts, ends in bell_schedule():
                set_bell(session, actor, year_id, number, starts, ends)

        self._write(run)

    def add_bell(self) -> None:
        assert self.setup is not None
        number, starts = self._next_bell(list(self.setup.bells))
        actor, year_id = self.signed.actor, self.year_id
        dialog = BellDialog(next_number=number, suggested=starts, parent=self)
        self._open(dialog, lambda s, b: set_bell(s, actor, year_id, b.lesson_number,
                                                 b.starts_at, b.ends_at))

    def edit_bell(self, bell: BellInfo) -> None:
        actor, year_id = self.signed.actor, self.year_id
        dialog = BellDialog(bell, parent=self)
        self._open(dialog, lambda s, b: set_bell(s, actor, year_id, b.lesson_number,
                                                 b.starts_at, b.ends_at))

    def remove_bells(self, bells: list[BellInfo]) -> None:
        actor, year_id = self.signed.actor, self.year_id

        def run(session: Session) -> None:
            for bell in bells:
                remove_bell(session, actor, year_id, bell.lesson_number)

        self._write(run)

    # the second schedule: the whole setting is written on each change

    def _second_value(
        self, bells: list[BellValues], weekdays: set[int] | None = None
    ) -> dict[str, Any]:
        if weekdays is None:
            weekdays = {n for n, check in self.weekday_checks.items() if check.isChecked()}
        return {"weekdays": sorted(weekdays),
                "bells": [[b.lesson_number, _hhmm(b.starts_at), _hhmm(b.ends_at)]
                          for b in sorted(bells, key=lambda b: b.lesson_number)]}

    def _second_bells(self) -> list[BellValues]:
        return list(self.ui.secondBellList.model.rows)

    def _weekdays_toggled(self, _: bool) -> None:
        value = self._second_value(self._second_bells())
        actor = self.signed.actor
        self._write(lambda s: set_setting(s, actor, "second_bells", value))

    def add_second_bell(self) -> None:
        bells = self._second_bells()
        number, starts = self._next_bell(bells)
        actor = self.signed.actor
        dialog = BellDialog(next_number=number, suggested=starts, parent=self)

        def write(session: Session, bell: BellValues) -> object:
            kept = [b for b in bells if b.lesson_number != bell.lesson_number]
            return set_setting(session, actor, "second_bells",
                               self._second_value([*kept, bell], self._weekdays_now))

        self._weekdays_now = {n for n, c in self.weekday_checks.items() if c.isChecked()}
        self._open(dialog, write)

    def edit_second_bell(self, bell: BellValues) -> None:
        bells = self._second_bells()
        actor = self.signed.actor
        dialog = BellDialog(bell, parent=self)

        def write(session: Session, changed: BellValues) -> object:
            kept = [b for b in bells if b.lesson_number != changed.lesson_number]
            return set_setting(session, actor, "second_bells",
                               self._second_value([*kept, changed], self._weekdays_now))

        self._weekdays_now = {n for n, c in self.weekday_checks.items() if c.isChecked()}
        self._open(dialog, write)

    def remove_second_bells(self, chosen: list[BellValues]) -> None:
        kept = [b for b in self._second_bells() if b not in chosen]
        weekdays: set[int] | None = None if kept else set()  # no lessons: no weekdays
        value = self._second_value(kept, weekdays)
        actor = self.signed.actor
        self._write(lambda s: set_setting(s, actor, "second_bells", value))

    # ---

    def _open(self, dialog: Any, write: Callable[[Session, Any], object]) -> None:
        dialog.write = write
        dialog.written.connect(self._after_dialog)
        self.dialog = dialog
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        event.accept()
