"""The diary's charts (QtCharts): the student's averages across subjects for the
chosen period, and month by month over the year (all subjects together and one
subject picked in a combo box)."""

from __future__ import annotations

import uuid

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from database.queries.diary import AverageSeries, SubjectOverview

ACCENT = QColor("#2a5d9e")
SECOND = QColor("#d9822b")


def _month_label(month: QDate) -> str:
    name = QLocale().standaloneMonthName(month.month(), QLocale.FormatType.ShortFormat)
    return name[:1].upper() + name[1:]


class AveragesChart(QWidget):
    """Bars: the period's averages by subject. Lines: averages by month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: tuple[AverageSeries, ...] = ()
        self._wanted = ""  # the subject picked in the overview, kept until its line exists
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.bar_chart = QChart()
        self.bar_chart.setTitle(self.tr("Average mark by subject"))
        self.bar_chart.legend().hide()
        self.bar_chart.setMargins(QMargins(4, 4, 4, 4))
        self.bar_view = QChartView(self.bar_chart, self)
        self.bar_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.bar_view.setMinimumWidth(360)
        layout.addWidget(self.bar_view, 1)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        picker = QHBoxLayout()
        label = QLabel(self.tr("Compare with:"), right)
        self.subject_combo = QComboBox(right)
        self.subject_combo.setObjectName("chartSubjectCombo")
        label.setBuddy(self.subject_combo)
        picker.addWidget(label)
        picker.addWidget(self.subject_combo, 1)
        right_layout.addLayout(picker)
        self.line_chart = QChart()
        self.line_chart.setTitle(self.tr("Average mark by month"))
        self.line_chart.setMargins(QMargins(4, 4, 4, 4))
        self.line_chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.line_view = QChartView(self.line_chart, right)
        self.line_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        right_layout.addWidget(self.line_view, 1)
        layout.addWidget(right, 1)
        self.subject_combo.currentIndexChanged.connect(self._draw_lines)

    # --- averages across subjects -----------------------------------------------------------

    def set_subjects(self, rows: tuple[SubjectOverview, ...]) -> None:
        chart = self.bar_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        marked = [r for r in rows if r.average is not None]
        # Horizontal bars draw the first category at the bottom: reverse for reading order.
        marked.reverse()
        bars = QBarSet(self.tr("Average"))
        bars.setColor(ACCENT)
        bars.append([r.average or 0.0 for r in marked])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([r.subject for r in marked] or [""])
        values = QValueAxis()
        values.setRange(1, 5)
        values.setTickCount(5)
        values.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.bar_view.setMinimumHeight(max(220, 26 * len(marked) + 80))

    # --- averages over time --------------------------------------------------------------------

    def set_series(self, series: tuple[AverageSeries, ...]) -> None:
        self._series = series
        current = self._wanted or self.subject_combo.currentData()
        self.subject_combo.blockSignals(True)
        self.subject_combo.clear()
        self.subject_combo.addItem(self.tr("(nothing)"), "")
        for s in series:
            if s.subject_id is not None:
                self.subject_combo.addItem(s.subject, str(s.subject_id))
        index = self.subject_combo.findData(current) if current else -1
        self.subject_combo.setCurrentIndex(index if index > 0 else 0)
        self.subject_combo.blockSignals(False)
        self._draw_lines()

    def select_subject(self, subject_id: uuid.UUID | None) -> None:
        self._wanted = str(subject_id) if subject_id else ""
        index = self.subject_combo.findData(self._wanted) if subject_id else 0
        if index >= 0:
            self.subject_combo.setCurrentIndex(index)

    def _draw_lines(self) -> None:
        if self.subject_combo.count():
            self._wanted = self.subject_combo.currentData() or ""
        chart = self.line_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        months = sorted({p.month for s in self._series for p in s.points})
        position = {m: i for i, m in enumerate(months)}
        chosen = self.subject_combo.currentData() or ""
        shown: list[tuple[AverageSeries, str, QColor, float]] = []
        for s in self._series:
            if s.subject_id is None:
                shown.append((s, self.tr("All subjects"), ACCENT, 3.0))
            elif str(s.subject_id) == chosen:
                shown.append((s, s.subject, SECOND, 2.0))
        categories = QBarCategoryAxis()
        categories.append(
            [_month_label(QDate(m.year, m.month, 1)) for m in months] or [""]
        )
        values = QValueAxis()
        values.setRange(1, 5)
        values.setTickCount(5)
        values.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for s, name, colour, width in shown:
            line = QLineSeries()
            line.setName(name)
            pen = QPen(colour)
            pen.setWidthF(width)
            line.setPen(pen)
            line.setPointsVisible(True)
            line.setPointLabelsVisible(True)
            line.setPointLabelsFormat("@yPoint")
            for point in s.points:
                line.append(position[point.month], point.average)
            chart.addSeries(line)
            line.attachAxis(categories)
            line.attachAxis(values)
