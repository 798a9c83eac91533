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
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.bells import second_bells
from database.calendar_presets import PRESETS, default_first_year
from database.queries.academic_years import HolidayInfo, StudyPeriodInfo
from database.queries.school_year import YearSetup, school_year_setup
from database.services.calendar_setup import add_preset_holidays, apply_period_preset
from database.services.lesson_generation import refresh_year_lessons
from database.services.school import (
    add_holiday,
    add_study_period,
    create_academic_year,
    remove_holiday,
    remove_study_period,
    reopen_period,
    set_current_year,
    update_academic_year,
    update_holiday,
    update_study_period,
)
from desktop_app import messages, preferences
from desktop_app.dialogs import app_icon
from desktop_app.generated.ui_school_year_window import Ui_SchoolYearWindow
from desktop_app.setup.bells_tab import BellsTab
from desktop_app.setup.date_range import ru_date
from desktop_app.setup.record_list import Column
from desktop_app.setup.year_dialogs import (
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
        ui = self.ui
        ui.gapsLabel.set_warning(True)
        for preset in PRESETS:
            ui.presetCombo.addItem(preset_title(preset), preset)
        self._configure_lists()
        self.bells = BellsTab(self)
        self.weekday_checks: dict[int, QCheckBox] = {}
        weekday_names = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"),
                         self.tr("Fri"), self.tr("Sat"))
        for number, name in enumerate(weekday_names, start=1):
            check = QCheckBox(name, self)
            check.setObjectName(f"secondWeekday{number}")
            check.toggled.connect(lambda _: self.bells.weekdays_toggled())
            ui.weekdaysLayout.addWidget(check)
            self.weekday_checks[number] = check
        ui.weekdaysLayout.addStretch(1)

        ui.yearCombo.activated.connect(self._year_chosen)
        ui.newYearButton.clicked.connect(self.new_year)
        ui.nextYearButton.clicked.connect(self.next_year)
        ui.currentButton.clicked.connect(self.make_current)
        ui.yearDatesButton.clicked.connect(self.change_year_dates)
        ui.applyPresetButton.clicked.connect(self.apply_preset)
        ui.presetHolidaysButton.clicked.connect(self.add_preset_holidays)
        ui.periodList.addRequested.connect(self.add_period)
        ui.periodList.editRequested.connect(self.edit_period)
        ui.periodList.removeRequested.connect(self.remove_periods)
        self.close_period_button = QPushButton(self.tr("Close period…"), self)
        self.close_period_button.setObjectName("closePeriodButton")
        self.close_period_button.clicked.connect(self.close_period)
        self.reopen_period_button = QPushButton(self.tr("Reopen period"), self)
        self.reopen_period_button.setObjectName("reopenPeriodButton")
        self.reopen_period_button.clicked.connect(self.reopen_period)
        for button in (self.close_period_button, self.reopen_period_button):
            ui.periodList.add_action_button(button)
        ui.periodList.selectionChanged.connect(self._period_selected)
        self._period_selected()
        ui.holidayList.addRequested.connect(self.add_holiday)
        ui.holidayList.editRequested.connect(self.edit_holiday)
        ui.holidayList.removeRequested.connect(self.remove_holidays)
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
        ui.gapsLabel.show_problems(setup.problems if year is not None else [])
        self.bells.show(setup.bells, second_bells(setup.second_bells))
        self._set_enabled(year is not None)

    def _set_enabled(self, has_year: bool) -> None:
        ui = self.ui
        for widget in (ui.tabs, ui.currentButton, ui.yearDatesButton):
            widget.setEnabled(has_year)
        if has_year and self.setup is not None and self.setup.year is not None:
            ui.currentButton.setEnabled(not self.setup.year.is_current)

    def _year_chosen(self, index: int) -> None:
        data = self.ui.yearCombo.itemData(index)
        if data:
            self.load(uuid.UUID(str(data)))

    # --- writing --------------------------------------------------------------------------

    def write(self, run: Callable[[Session], Any], then_year: bool = False) -> None:
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

    def next_year(self) -> None:
        """The next-year wizard, from the year shown; the new year is shown after."""
        from desktop_app.setup.next_year_wizard import NextYearWizard

        wizard = NextYearWizard(self.signed, self)
        if self.setup is not None and self.setup.year is not None:
            wizard.wanted_source = self.setup.year.id

        def created(year_id: uuid.UUID) -> None:
            if shiboken6.isValid(self):
                self.load(year_id)
                self.changed.emit()

        wizard.created.connect(created)
        self.dialog = wizard
        wizard.open()

    def change_year_dates(self) -> None:
        assert self.setup is not None and self.setup.year is not None
        year, actor = self.setup.year, self.signed.actor
        dialog = YearDialog(year.start_date.year, parent=self, year=year)
        self.open_dialog(dialog, lambda s, new: update_academic_year(
            s, actor, year.id, new.start, new.end))

    def make_current(self) -> None:
        actor, year_id = self.signed.actor, self.year_id
        self.write(lambda s: set_current_year(s, actor, year_id))

    # periods

    def apply_preset(self) -> None:
        assert self.setup is not None
        preset = str(self.ui.presetCombo.currentData())
        if self.setup.periods and not messages.confirm(self, self.tr(
            "Replace the %1 study periods of this year with the preset's?"
        ).replace("%1", str(len(self.setup.periods)))):
            return
        actor, year_id = self.signed.actor, self.year_id
        self.write(lambda s: apply_period_preset(s, actor, year_id, preset))

    def add_period(self) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor, year_id = self.signed.actor, self.year_id
        dialog = PeriodDialog(self.setup.year, parent=self, existing=self.setup.periods)

        def write(session: Session, p: PeriodValues) -> object:
            return add_study_period(session, actor, year_id, p.kind, p.number, p.grade_from,
                                    p.grade_to, p.start, p.end, name=p.name)

        self.open_dialog(dialog, write)

    def edit_period(self, period: StudyPeriodInfo) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor = self.signed.actor
        dialog = PeriodDialog(self.setup.year, period, parent=self)

        def write(session: Session, p: PeriodValues) -> object:
            return update_study_period(session, actor, period.id, name=p.name,
                                       grade_from=p.grade_from, grade_to=p.grade_to,
                                       start_date=p.start, end_date=p.end)

        self.open_dialog(dialog, write)

    def remove_periods(self, periods: list[StudyPeriodInfo]) -> None:
        if not messages.confirm(self, self.tr("Remove %1 study period(s)?").replace(
                "%1", str(len(periods)))):
            return
        actor = self.signed.actor

        def run(session: Session) -> None:
            for period in periods:
                remove_study_period(session, actor, period.id)

        self.write(run)

    def _chosen_period(self) -> StudyPeriodInfo | None:
        chosen = self.ui.periodList.selected()
        return chosen[0] if len(chosen) == 1 else None

    def _period_selected(self) -> None:
        period = self._chosen_period()
        self.close_period_button.setEnabled(period is not None and not period.closed)
        self.reopen_period_button.setEnabled(period is not None and period.closed)

    def close_period(self) -> None:
        """The check of what is missing, then closing (:mod:`desktop_app.setup.period_closing`)."""
        from desktop_app.setup.period_closing import PeriodCloseDialog

        period = self._chosen_period()
        if period is None or period.closed:
            return
        dialog = PeriodCloseDialog(self.signed.actor, period, parent=self)
        dialog.written.connect(self._after_dialog)
        dialog.journalRequested.connect(self._open_journal)
        self.dialog = dialog
        dialog.open()

    def reopen_period(self) -> None:
        period = self._chosen_period()
        if period is None or not period.closed or not messages.confirm(self, self.tr(
                "Reopen the period «%1»? Teachers will again change its marks without "
                "a reason.").replace("%1", period.name)):
            return
        actor = self.signed.actor
        self.write(lambda s: reopen_period(s, actor, period.id))

    def _open_journal(self, assignment_id: uuid.UUID) -> None:
        """A journal named by the closing check, in the main window (this window's parent)."""
        from desktop_app.journal.window import open_assignment

        owner = self.parentWidget()
        if owner is not None and hasattr(owner, "ui") and hasattr(owner.ui, "pageStack"):
            open_assignment(owner, assignment_id)
            owner.raise_()
            owner.activateWindow()

    # holidays

    def add_preset_holidays(self) -> None:
        actor, year_id = self.signed.actor, self.year_id
        preset = str(self.ui.presetCombo.currentData())

        def run(session: Session) -> None:
            add_preset_holidays(session, actor, year_id, preset)
            refresh_year_lessons(session, actor, year_id)

        self.write(run)

    def add_holiday(self) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor, year_id = self.signed.actor, self.year_id
        dialog = HolidayDialog(self.setup.year, parent=self)

        def write(session: Session, h: HolidayValues) -> object:
            added = add_holiday(session, actor, year_id, h.name, h.start, h.end, kind=h.kind,
                                grade_from=h.grade_from, grade_to=h.grade_to)
            refresh_year_lessons(session, actor, year_id)  # its days lose their lessons
            return added

        self.open_dialog(dialog, write)

    def edit_holiday(self, holiday: HolidayInfo) -> None:
        assert self.setup is not None and self.setup.year is not None
        actor = self.signed.actor
        dialog = HolidayDialog(self.setup.year, holiday, parent=self)

        def write(session: Session, h: HolidayValues) -> object:
            updated = update_holiday(session, actor, holiday.id, name=h.name, kind=h.kind,
                                     start_date=h.start, end_date=h.end,
                                     grade_from=h.grade_from, grade_to=h.grade_to)
            refresh_year_lessons(session, actor, holiday.year_id)
            return updated

        self.open_dialog(dialog, write)

    def remove_holidays(self, holidays: list[HolidayInfo]) -> None:
        if not messages.confirm(self, self.tr("Remove %1 holiday(s)?").replace(
                "%1", str(len(holidays)))):
            return
        actor = self.signed.actor

        def run(session: Session) -> None:
            for holiday in holidays:
                remove_holiday(session, actor, holiday.id)
            if holidays:
                refresh_year_lessons(session, actor, holidays[0].year_id)

        self.write(run)

    # ---

    def open_dialog(self, dialog: Any, write: Callable[[Session, Any], object]) -> None:
        dialog.write = write
        dialog.written.connect(self._after_dialog)
        self.dialog = dialog
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        event.accept()
