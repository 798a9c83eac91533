"""The diary section: pick a student (what the role may see), then the week as a
paper diary, the per-subject overview of a period with the forecast and "what if",
and the charts of averages.

All reads go through the database worker (:class:`~desktop_app.worker.DbOp`); a
result that arrives after the user moved on (another student, another week) is
dropped. The diary reloads when it is shown again and every minute while visible,
so an entry a teacher saves appears without restarting anything.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from database.actor import Actor
from database.errors import DomainError
from database.queries.diary import (
    AverageSeries,
    DiaryWeek,
    PeriodChoice,
    SubjectOverview,
    VisibleStudent,
    averages_over_time,
    diary_periods,
    diary_week,
    monday_of,
    students_visible_to,
    subject_overview,
)
from desktop_app import messages, numbers
from desktop_app.diary.chart import AveragesChart
from desktop_app.diary.overview import SubjectOverviewModel, average_text, what_if_lines
from desktop_app.diary.week_view import DiaryWeekView
from desktop_app.worker import DbOp, NotSignedIn

REFRESH_MS = 60_000

T = TypeVar("T")


def _while_alive(widget: QWidget, callback: Callable[[T], None]) -> Callable[[T], None]:
    """``callback`` unless ``widget`` was destroyed meanwhile (a lock clears the
    pages while a read may still be on its way)."""

    def call(value: T) -> None:
        # A closed window's reads stop here, so its chain of loads ends with it.
        if shiboken6.isValid(widget) and widget.window().isVisible():
            callback(value)

    return call


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DiaryWidget(QWidget):
    """The whole diary for one signed-in user (``actor``)."""

    def __init__(
        self,
        actor: Actor,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diaryWidget")
        self.actor = actor
        self._today = today
        self.students: tuple[VisibleStudent, ...] = ()
        self.student: VisibleStudent | None = None
        self.monday = monday_of(today())
        self.week: DiaryWeek | None = None
        self.periods: tuple[PeriodChoice, ...] = ()
        self.overview: tuple[SubjectOverview, ...] = ()
        self.series: tuple[AverageSeries, ...] = ()
        self._generation = 0  # bumped on every student change: older results are dropped
        self._week_request = 0
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.load_students()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)

        top = QHBoxLayout()
        self.title_label = QLabel(self.tr("Diary"), self)
        self.title_label.setObjectName("titleLabel")
        top.addWidget(self.title_label)
        top.addStretch(1)
        self.class_label = QLabel(self.tr("Class:"), self)
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("classCombo")
        self.class_label.setBuddy(self.class_combo)
        self.student_label = QLabel(self.tr("Student:"), self)
        self.student_combo = QComboBox(self)
        self.student_combo.setObjectName("studentCombo")
        self.student_combo.setMinimumWidth(260)
        self.student_label.setBuddy(self.student_combo)
        for widget in (self.class_label, self.class_combo, self.student_label,
                       self.student_combo):
            top.addWidget(widget)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setToolTip(self.tr("Show the latest entries (F5)"))
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("warningLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(False)
        layout.addWidget(self.notice_label)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("diaryTabs")
        self.tabs.addTab(self._build_week_tab(), self.tr("Week"))
        self.tabs.addTab(self._build_subjects_tab(), self.tr("Subjects and forecast"))
        self.tabs.addTab(self._build_chart_tab(), self.tr("Chart"))
        layout.addWidget(self.tabs, 1)

        self.class_combo.currentIndexChanged.connect(self._class_changed)
        self.student_combo.currentIndexChanged.connect(self._student_changed)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)

    def _build_week_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(6, 6, 6, 6)
        nav = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀ Previous week"), tab)
        self.previous_button.setObjectName("previousWeekButton")
        self.next_button = QPushButton(self.tr("Next week ▶"), tab)
        self.next_button.setObjectName("nextWeekButton")
        self.this_week_button = QPushButton(self.tr("This week"), tab)
        self.this_week_button.setObjectName("thisWeekButton")
        self.date_edit = QDateEdit(tab)
        self.date_edit.setObjectName("weekDateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setDate(_qdate(self.monday))
        self.date_edit.setToolTip(self.tr("Go to the week of this date"))
        self.week_label = QLabel(tab)
        self.week_label.setObjectName("weekLabel")
        nav.addWidget(self.previous_button)
        nav.addWidget(self.date_edit)
        nav.addWidget(self.next_button)
        nav.addWidget(self.this_week_button)
        nav.addSpacing(12)
        nav.addWidget(self.week_label, 1)
        layout.addLayout(nav)
        self.week_view = DiaryWeekView(tab)
        scroll = QScrollArea(tab)
        scroll.setObjectName("weekScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.week_view)
        layout.addWidget(scroll, 1)
        self.legend_label = QLabel(tab)
        self.legend_label.setProperty("role", "hint")
        self.legend_label.setWordWrap(True)
        layout.addWidget(self.legend_label)
        self.previous_button.setToolTip(self.tr("Previous week (Alt+Left)"))
        self.next_button.setToolTip(self.tr("Next week (Alt+Right)"))
        QShortcut(QKeySequence("Alt+Left"), tab, self.previous_button.click)
        QShortcut(QKeySequence("Alt+Right"), tab, self.next_button.click)
        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + timedelta(7)))
        self.this_week_button.clicked.connect(lambda: self.show_week(self._today()))
        self.date_edit.dateChanged.connect(lambda d: self.show_week(_pydate(d)))
        return tab

    def _build_subjects_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        period_label = QLabel(self.tr("Period:"), tab)
        self.period_combo = QComboBox(tab)
        self.period_combo.setObjectName("periodCombo")
        period_label.setBuddy(self.period_combo)
        row.addWidget(period_label)
        row.addWidget(self.period_combo)
        self.rule_label = QLabel(tab)
        self.rule_label.setProperty("role", "hint")
        row.addSpacing(12)
        row.addWidget(self.rule_label, 1)
        layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Vertical, tab)
        self.overview_model = SubjectOverviewModel(self)
        self.overview_view = QTableView(splitter)
        self.overview_view.setObjectName("overviewTable")
        self.overview_view.setModel(self.overview_model)
        self.overview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overview_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overview_view.setAlternatingRowColors(True)
        self.overview_view.verticalHeader().setVisible(False)
        header = self.overview_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.overview_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_subject(current.row())
        )

        detail = QWidget(splitter)
        detail_layout = QHBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        marks_box = QGroupBox(self.tr("Marks"), detail)
        marks_layout = QVBoxLayout(marks_box)
        self.marks_table = QTableWidget(0, 4, marks_box)
        self.marks_table.setObjectName("subjectMarksTable")
        self.marks_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Mark"), self.tr("Work type"), self.tr("Comment")]
        )
        self.marks_table.verticalHeader().setVisible(False)
        self.marks_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.marks_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.marks_table.horizontalHeader().setStretchLastSection(True)
        marks_layout.addWidget(self.marks_table)
        detail_layout.addWidget(marks_box, 3)
        what_box = QGroupBox(self.tr("Forecast and what if"), detail)
        what_layout = QVBoxLayout(what_box)
        self.forecast_label = QLabel(what_box)
        self.forecast_label.setObjectName("forecastLabel")
        self.forecast_label.setWordWrap(True)
        self.what_if_label = QLabel(what_box)
        self.what_if_label.setObjectName("whatIfLabel")
        self.what_if_label.setWordWrap(True)
        self.what_if_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        what_layout.addWidget(self.forecast_label)
        what_layout.addWidget(self.what_if_label, 1)
        detail_layout.addWidget(what_box, 2)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        return tab

    def _build_chart_tab(self) -> QWidget:
        self.chart = AveragesChart(self)
        return self.chart

    # --- students ---------------------------------------------------------------------------

    def load_students(self) -> None:
        actor, day = self.actor, self._today()
        self._read(lambda s: students_visible_to(s, actor, day), self._show_students)

    def _show_students(self, students: tuple[VisibleStudent, ...]) -> None:
        self.students = students
        classes: list[str] = []
        for s in students:
            if s.class_title not in classes:
                classes.append(s.class_title)
        several = len(classes) > 1
        self.class_label.setVisible(several)
        self.class_combo.setVisible(several)
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        for title in classes:
            self.class_combo.addItem(title or "—", title)
        self.class_combo.blockSignals(False)
        one = len(students) == 1
        self.student_label.setVisible(not one)
        self.student_combo.setVisible(not one)
        if not students:
            self._set_notice(self.tr("No student's diary is available to you."))
            self.tabs.setVisible(False)
            return
        self._class_changed()

    def _class_changed(self) -> None:
        title = self.class_combo.currentData() if self.class_combo.count() else None
        shown = [s for s in self.students if title is None or s.class_title == title]
        current = self.student.id if self.student else None
        self.student_combo.blockSignals(True)
        self.student_combo.clear()
        for s in shown:
            self.student_combo.addItem(s.full_name, str(s.id))
        index = self.student_combo.findData(str(current)) if current else -1
        self.student_combo.setCurrentIndex(max(index, 0))
        self.student_combo.blockSignals(False)
        self._student_changed()

    def _student_changed(self) -> None:
        data = self.student_combo.currentData()
        self.student = next((s for s in self.students if str(s.id) == data), None)
        self._generation += 1
        self.week = None
        self.periods, self.overview, self.series = (), (), ()
        self.week_view.clear()
        self.overview_model.set_rows(())
        student = self.student
        if student is None:
            return
        suffix = f" — {student.class_title}" if student.class_title else ""
        self.title_label.setText(self.tr("Diary: %1").replace("%1", student.full_name + suffix))
        if not student.available:
            self._set_notice(student.note)
            self.tabs.setVisible(False)
            return
        self._set_notice("")
        self.tabs.setVisible(True)
        self.load_week()
        self.load_periods()

    def _read(self, fn: Callable[[Any], T], done: Callable[[T], None]) -> None:
        """``fn(session)`` on the database worker; ``done(result)`` back here."""
        DbOp(fn).success(_while_alive(self, done)).failure(
            _while_alive(self, self._failed)).parent(self).run()

    def _set_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotSignedIn):
            return  # the database was closed (lock, sign-out) while a read was queued
        self._set_notice(messages.error_text(exc))
        if not isinstance(exc, DomainError):
            messages.show_error(self, exc)

    def _current(self, generation: int) -> bool:
        return generation == self._generation and self.student is not None

    # --- the week -----------------------------------------------------------------------------

    def show_week(self, day: date) -> None:
        monday = monday_of(day)
        if monday == self.monday and self.week is not None:
            return
        self.monday = monday
        self.load_week()

    def load_week(self) -> None:
        if self.student is None or not self.student.available:
            return
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(self.monday))
        self.date_edit.blockSignals(False)
        actor, student_id, monday = self.actor, self.student.id, self.monday
        generation = self._generation
        self._week_request += 1
        request = self._week_request

        def show(week: DiaryWeek) -> None:
            if self._current(generation) and request == self._week_request:
                self._show_week(week)

        self._read(lambda s: diary_week(s, actor, student_id, monday), show)

    def _show_week(self, week: DiaryWeek) -> None:
        if week == self.week:
            return  # a refresh with nothing new keeps the spread and its scroll position
        self.week = week
        self.week_view.set_week(week, self._today())
        locale = QLocale()
        first = locale.toString(_qdate(week.monday), "d MMMM")
        last = locale.toString(_qdate(week.saturday), "d MMMM yyyy")
        self.week_label.setText(f"{first} — {last}")
        self.legend_label.setText(
            self.tr("Attendance: %1").replace(
                "%1", "; ".join(f"{code} — {meaning}" for code, meaning in week.attendance_codes)
            )
        )

    # --- periods, overview, chart -----------------------------------------------------------------

    def load_periods(self) -> None:
        if self.student is None:
            return
        actor, student_id, day = self.actor, self.student.id, self._today()
        generation = self._generation

        def show(periods: tuple[PeriodChoice, ...]) -> None:
            if self._current(generation):
                self._show_periods(periods)

        self._read(lambda s: diary_periods(s, actor, student_id, day), show)

    def _show_periods(self, periods: tuple[PeriodChoice, ...]) -> None:
        previous = self.period_combo.currentData()
        self.periods = periods
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        today = self._today()
        keys = [str(p.id) if p.id else "year" for p in periods]
        for period, key in zip(periods, keys, strict=True):
            self.period_combo.addItem(period.name, key)
        if previous in keys:
            current = keys.index(previous)
        else:
            now = [i for i, p in enumerate(periods) if p.id and p.start_date <= today]
            current = now[-1] if now else 0
        self.period_combo.setCurrentIndex(current)
        self.period_combo.blockSignals(False)
        self._period_changed()
        self.load_averages()

    def selected_period(self) -> PeriodChoice | None:
        index = self.period_combo.currentIndex()
        return self.periods[index] if 0 <= index < len(self.periods) else None

    def _period_changed(self) -> None:
        period = self.selected_period()
        if period is None or self.student is None:
            return
        actor, student_id = self.actor, self.student.id
        generation = self._generation

        def show(rows: tuple[SubjectOverview, ...]) -> None:
            if self._current(generation) and self.selected_period() == period:
                self._show_overview(rows)

        self._read(
            lambda s: subject_overview(s, actor, student_id, period.id, year_id=period.year_id),
            show,
        )

    def _show_overview(self, rows: tuple[SubjectOverview, ...]) -> None:
        if rows == self.overview and rows:
            return  # nothing new: keep the selection and the detail as they are
        selected = self._selected_subject()
        self.overview = rows
        self.overview_model.set_rows(rows)
        self.chart.set_subjects(rows)
        period = self.selected_period()
        if period is not None:
            self.rule_label.setText(
                self.tr("%1 – %2. The forecast is the weighted average rounded by the "
                        "school's rule.")
                .replace("%1", f"{period.start_date:%d.%m.%Y}")
                .replace("%2", f"{period.end_date:%d.%m.%Y}")
            )
        row = next((i for i, r in enumerate(rows) if r.subject_id == selected),
                   next((i for i, r in enumerate(rows) if r.marks), 0))
        if rows:
            self.overview_view.selectRow(row)
            self._show_subject(row)
        else:
            self._show_subject(-1)

    def _selected_subject(self) -> uuid.UUID | None:
        row = self.overview_view.currentIndex().row()
        found = self.overview_model.row_at(row)
        return found.subject_id if found else None

    def _show_subject(self, row: int) -> None:
        found = self.overview_model.row_at(row)
        self.marks_table.setRowCount(0)
        if found is None:
            self.forecast_label.setText("")
            self.what_if_label.setText("")
            return
        self.marks_table.setRowCount(len(found.marks))
        for r, mark in enumerate(found.marks):
            weight = f" (×{numbers.compact(mark.weight)})" if mark.weight != 1 else ""
            cells = [f"{mark.date:%d.%m.%Y}", mark.value, mark.work_type + weight, mark.comment]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.marks_table.setItem(r, c, item)
        if found.assessment == "marked":
            forecast = found.forecast or "—"
            text = self.tr("%1: average %2, forecast %3.").replace("%1", found.subject).replace(
                "%2", average_text(found.average)).replace("%3", forecast)
            if found.period_mark:
                text += " " + self.tr("Period mark set: %1.").replace("%1", found.period_mark)
        else:
            text = found.subject
        self.forecast_label.setText(text)
        self.what_if_label.setText("\n".join(what_if_lines(found)))
        self.chart.select_subject(found.subject_id)

    def load_averages(self) -> None:
        if self.student is None or not self.periods:
            return
        year = self.periods[-1]
        actor, student_id = self.actor, self.student.id
        last = min(year.end_date, self._today())
        generation = self._generation

        def show(series: tuple[AverageSeries, ...]) -> None:
            if self._current(generation):
                self.series = series
                self.chart.set_series(series)

        self._read(
            lambda s: averages_over_time(s, actor, student_id, year.start_date, last), show
        )

    # --- staying fresh --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the shown week, overview and chart again (new entries appear)."""
        if self.student is None or not self.student.available:
            return
        self.load_week()
        self._period_changed()
        self.load_averages()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        if self.week is not None:
            self.refresh()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._timer.stop()
