"""The school year's dialogs: a new year, a study period, a holiday, a lesson's bells.

Each is a :class:`~desktop_app.setup.service_dialog.ServiceDialog`: OK writes
through the service the window gives it, and a refusal (overlapping periods, a
lesson that starts before the previous one ends) is shown in the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import QWidget

from database.calendar_presets import PRESETS
from database.errors import ValidationError
from database.queries.academic_years import AcademicYearInfo, BellInfo, HolidayInfo, StudyPeriodInfo
from database.services.school import (
    HOLIDAY_KINDS,
    PERIOD_KINDS,
    PERIODS_PER_YEAR,
    default_period_name,
)
from desktop_app.generated.ui_bell_dialog import Ui_BellDialog
from desktop_app.generated.ui_holiday_dialog import Ui_HolidayDialog
from desktop_app.generated.ui_period_dialog import Ui_PeriodDialog
from desktop_app.generated.ui_year_dialog import Ui_YearDialog
from desktop_app.setup.service_dialog import ServiceDialog


def period_kind_title(kind: str) -> str:
    titles = {
        "quarter": QCoreApplication.translate("YearDialogs", "quarter"),
        "half": QCoreApplication.translate("YearDialogs", "half-year"),
        "trimester": QCoreApplication.translate("YearDialogs", "trimester"),
    }
    return titles.get(kind, kind)


def holiday_kind_title(kind: str) -> str:
    titles = {
        "vacation": QCoreApplication.translate("YearDialogs", "vacation"),
        "holiday": QCoreApplication.translate("YearDialogs", "public holiday"),
        "other": QCoreApplication.translate("YearDialogs", "other non-school day"),
    }
    return titles.get(kind, kind)


def preset_title(preset: str) -> str:
    titles = {
        "quarters_halves": QCoreApplication.translate(
            "YearDialogs", "Quarters (grades 1–9) and half-years (grades 10–11)"),
        "trimesters": QCoreApplication.translate("YearDialogs", "Trimesters (grades 1–11)"),
    }
    return titles.get(preset, preset)


def _check_grades(grade_from: int, grade_to: int) -> None:
    if grade_from > grade_to:
        raise ValidationError(QCoreApplication.translate(
            "YearDialogs", "The first grade is higher than the last one."))


def _year_limits(dialog_range: object, year: AcademicYearInfo) -> None:
    from desktop_app.setup.date_range import DateRangeEdit

    assert isinstance(dialog_range, DateRangeEdit)
    dialog_range.set_limits(year.start_date, year.end_date, QCoreApplication.translate(
        "YearDialogs", "the school year %1").replace("%1", year.name))


# --- a new year -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewYear:
    start: date
    end: date
    preset: str  # "" for none
    make_current: bool


class YearDialog(ServiceDialog):
    """A new year starting in ``first_year``, or (``year`` given) new dates for a
    year: then only the dates change."""

    def __init__(
        self, first_year: int, parent: QWidget | None = None,
        *, year: AcademicYearInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_YearDialog()
        self.ui.setupUi(self)
        ui = self.ui
        for preset in PRESETS:
            ui.presetCombo.addItem(preset_title(preset), preset)
        ui.presetCombo.addItem(self.tr("nothing (I will enter the periods myself)"), "")
        if year is None:
            ui.dateRange.changed.connect(self._name)
            ui.dateRange.set_range(date(first_year, 9, 1), date(first_year + 1, 5, 31))
            self._name()
        else:
            self.setWindowTitle(self.tr("Dates of the school year"))
            ui.nameEdit.setText(year.name)
            ui.dateRange.set_range(year.start_date, year.end_date)
            ui.presetCombo.setCurrentIndex(ui.presetCombo.count() - 1)
            for widget in (ui.presetLabel, ui.presetCombo, ui.currentLabel, ui.currentCheck):
                widget.setVisible(False)
        self.connect_form(ui.buttonBox, ui.problemLabel)

    def _name(self) -> None:
        start, end = self.ui.dateRange.range()
        self.ui.nameEdit.setText(f"{start.year}/{end.year}")

    def values(self) -> NewYear:
        ui = self.ui
        problem = ui.dateRange.problem()
        if problem:
            raise ValidationError(problem)
        start, end = ui.dateRange.range()
        return NewYear(start, end, str(ui.presetCombo.currentData()),
                       ui.currentCheck.isChecked())


# --- a study period --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodValues:
    kind: str
    number: int
    name: str
    grade_from: int
    grade_to: int
    start: date
    end: date


class PeriodDialog(ServiceDialog):
    """A new period (``period`` None) or a change of one: a period's kind and number
    stay (the services keep them), its name, grades and dates change."""

    def __init__(
        self, year: AcademicYearInfo, period: StudyPeriodInfo | None = None,
        parent: QWidget | None = None, *, existing: Sequence[StudyPeriodInfo] = (),
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PeriodDialog()
        self.ui.setupUi(self)
        ui = self.ui
        for kind in PERIOD_KINDS:
            ui.kindCombo.addItem(period_kind_title(kind), kind)
        _year_limits(ui.dateRange, year)
        self._auto_name = ""
        ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        ui.numberSpin.valueChanged.connect(self._suggest_name)
        if period is None:
            self.setWindowTitle(self.tr("New study period"))
            self._suggest(year, existing)
        else:
            ui.kindCombo.setCurrentIndex(list(PERIOD_KINDS).index(period.kind))
            ui.numberSpin.setValue(period.number)
            ui.kindCombo.setEnabled(False)
            ui.numberSpin.setEnabled(False)
            ui.nameEdit.setText(period.name)
            ui.periodGradeFromSpin.setValue(period.grade_from)
            ui.periodGradeToSpin.setValue(period.grade_to)
            ui.dateRange.set_range(period.start_date, period.end_date)
        self.connect_form(ui.buttonBox, ui.problemLabel)

    def _suggest(self, year: AcademicYearInfo, existing: Sequence[StudyPeriodInfo]) -> None:
        """The period after the last one of the first grades' band (or the first
        quarter of 1–9), starting the day after it ends."""
        ui = self.ui
        band = sorted((p for p in existing if p.grade_from == 1), key=lambda p: p.start_date)
        kind, number, grades, start = "quarter", 1, (1, 9), year.start_date
        if band:
            last = band[-1]
            kind, grades = last.kind, (last.grade_from, last.grade_to)
            number = min(last.number + 1, PERIODS_PER_YEAR[kind])
            start = min(last.end_date + timedelta(days=1), year.end_date)
        ui.kindCombo.setCurrentIndex(list(PERIOD_KINDS).index(kind))
        ui.numberSpin.setValue(number)
        ui.periodGradeFromSpin.setValue(grades[0])
        ui.periodGradeToSpin.setValue(grades[1])
        ui.dateRange.set_range(start, start)
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        kind = str(self.ui.kindCombo.currentData())
        self.ui.numberSpin.setMaximum(PERIODS_PER_YEAR[kind])
        self._suggest_name()

    def _suggest_name(self, *_: object) -> None:
        """Keep the name in step with kind and number until the user types one."""
        ui = self.ui
        if ui.nameEdit.text() not in ("", self._auto_name):
            return
        self._auto_name = default_period_name(str(ui.kindCombo.currentData()),
                                              ui.numberSpin.value())
        ui.nameEdit.setText(self._auto_name)

    def values(self) -> PeriodValues:
        ui = self.ui
        problem = ui.dateRange.problem()
        if problem:
            raise ValidationError(problem)
        grade_from, grade_to = ui.periodGradeFromSpin.value(), ui.periodGradeToSpin.value()
        _check_grades(grade_from, grade_to)
        start, end = ui.dateRange.range()
        return PeriodValues(str(ui.kindCombo.currentData()), ui.numberSpin.value(),
                            ui.nameEdit.text(), grade_from, grade_to, start, end)


# --- a holiday -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HolidayValues:
    name: str
    kind: str
    grade_from: int
    grade_to: int
    start: date
    end: date


class HolidayDialog(ServiceDialog):
    def __init__(
        self, year: AcademicYearInfo, holiday: HolidayInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_HolidayDialog()
        self.ui.setupUi(self)
        ui = self.ui
        for kind in HOLIDAY_KINDS:
            ui.kindCombo.addItem(holiday_kind_title(kind), kind)
        _year_limits(ui.dateRange, year)
        if holiday is None:
            self.setWindowTitle(self.tr("New holiday"))
            ui.holidayGradeFromSpin.setValue(1)
            ui.holidayGradeToSpin.setValue(11)
            ui.dateRange.set_range(year.start_date, year.start_date)
        else:
            ui.nameEdit.setText(holiday.name)
            ui.kindCombo.setCurrentIndex(list(HOLIDAY_KINDS).index(holiday.kind))
            ui.holidayGradeFromSpin.setValue(holiday.grade_from)
            ui.holidayGradeToSpin.setValue(holiday.grade_to)
            ui.dateRange.set_range(holiday.start_date, holiday.end_date)
        self.connect_form(ui.buttonBox, ui.problemLabel)

    def values(self) -> HolidayValues:
        ui = self.ui
        problem = ui.dateRange.problem()
        if problem:
            raise ValidationError(problem)
        grade_from, grade_to = ui.holidayGradeFromSpin.value(), ui.holidayGradeToSpin.value()
        _check_grades(grade_from, grade_to)
        start, end = ui.dateRange.range()
        return HolidayValues(ui.nameEdit.text(), str(ui.kindCombo.currentData()), grade_from,
                             grade_to, start, end)


# --- a lesson's bells ------------------------------------------------------------------------


@dataclass(frozen=True)
class BellValues:
    lesson_number: int
    starts_at: time
    ends_at: time


class BellDialog(ServiceDialog):
    """``bell`` None: a new lesson, numbered after ``next_number``'s predecessor and
    starting ``suggested`` (10 minutes after the last lesson's end)."""

    def __init__(
        self, bell: BellInfo | BellValues | None = None, *, next_number: int = 1,
        suggested: time = time(8, 30), parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_BellDialog()
        self.ui.setupUi(self)
        ui = self.ui
        if bell is None:
            ui.numberSpin.setValue(next_number)
            start = QTime(suggested.hour, suggested.minute)
            ui.startEdit.setTime(start)
            ui.endEdit.setTime(start.addSecs(45 * 60))
        else:
            ui.numberSpin.setValue(bell.lesson_number)
            ui.numberSpin.setEnabled(False)
            ui.startEdit.setTime(QTime(bell.starts_at.hour, bell.starts_at.minute))
            ui.endEdit.setTime(QTime(bell.ends_at.hour, bell.ends_at.minute))
        self.connect_form(ui.buttonBox, ui.problemLabel)

    def values(self) -> BellValues:
        ui = self.ui
        starts, ends = ui.startEdit.time(), ui.endEdit.time()
        if not starts < ends:
            raise ValidationError(self.tr("The lesson must end after it starts."))
        return BellValues(ui.numberSpin.value(), time(starts.hour(), starts.minute()),
                          time(ends.hour(), ends.minute()))
