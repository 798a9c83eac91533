"""A date range editor: «с [date] по [date]», Russian date format, calendar pop-ups.

``problem()`` says in Russian what is wrong with the range (the end before the
start, or outside the limits set with :meth:`DateRangeEdit.set_limits`), so a dialog
can show it before asking the services, which check the same rules again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QWidget

DATE_FORMAT = "dd.MM.yyyy"


def ru_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumWidth(120)
    return edit


class DateRangeEdit(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.from_label = QLabel(self.tr("from"), self)
        self.start_edit = _date_edit(self, "startDateEdit")
        self.to_label = QLabel(self.tr("to"), self)
        self.end_edit = _date_edit(self, "endDateEdit")
        self.from_label.setBuddy(self.start_edit)
        self.to_label.setBuddy(self.end_edit)
        for widget in (self.from_label, self.start_edit, self.to_label, self.end_edit):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._limits: tuple[date, date, str] | None = None
        self.start_edit.dateChanged.connect(self._start_changed)
        self.end_edit.dateChanged.connect(lambda _: self.changed.emit())

    def _start_changed(self, _: QDate) -> None:
        # A later start drags the end along, so the range is never backwards by accident.
        if self.end_edit.date() < self.start_edit.date():
            self.end_edit.setDate(self.start_edit.date())
        self.changed.emit()

    def set_range(self, start: date, end: date) -> None:
        self.start_edit.setDate(qdate(start))
        self.end_edit.setDate(qdate(end))

    def range(self) -> tuple[date, date]:
        start = self.start_edit.date().toPython()
        end = self.end_edit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return start, end

    def set_limits(self, first: date, last: date, where: str) -> None:
        """The range must lie in ``first..last`` (``where``: «учебного года 2026/2027»);
        the calendar pop-ups open inside it."""
        self._limits = (first, last, where)
        for edit in (self.start_edit, self.end_edit):
            edit.setDateRange(qdate(first), qdate(last))

    def problem(self) -> str:
        start, end = self.range()
        if end < start:
            return self.tr("The end date (%1) is earlier than the start date (%2).").replace(
                "%1", ru_date(end)).replace("%2", ru_date(start))
        if self._limits is not None:
            first, last, where = self._limits
            if start < first or end > last:
                return self.tr("The dates must lie within %1 (%2 – %3).").replace(
                    "%1", where).replace("%2", ru_date(first)).replace("%3", ru_date(last))
        return ""
