"""The weekly history of the activity indicators as a chart (QtCharts) on the
«Отчёты» page: read on demand, on the database worker (the whole year's lessons take
about a second on a big school, too long for every start of the home screen); the
same figures as the activity report's chart and table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from database.actor import Actor
from database.queries.activity import ActivityReport, Ratio, load_activity
from desktop_app import messages
from desktop_app.worker import DbOp

# (title, the WeekPoint field), in the order of the report's chart
SERIES = (
    (QT_TRANSLATE_NOOP("ActivityChart", "Planning"), "planning"),
    (QT_TRANSLATE_NOOP("ActivityChart", "Journal keeping"), "keeping"),
    (QT_TRANSLATE_NOOP("ActivityChart", "Online keeping"), "online"),
    (QT_TRANSLATE_NOOP("ActivityChart", "Unique sign-ins"), "logins"),
)


def _moment(day: date, hour: int) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(hour, 0))


def _msecs(day: date) -> float:
    return float(_moment(day, 12).toMSecsSinceEpoch())


class ActivityChart(QWidget):
    """A button that reads the history, then the chart in its place."""

    loaded = Signal()

    def __init__(self, actor: Actor, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityChart")
        self.actor = actor
        self._today = today
        self.report: ActivityReport | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(self.tr("Show the weekly history"), self)
        self.button.setObjectName("historyButton")
        self.button.setMaximumWidth(320)
        self.button.clicked.connect(self.load)
        layout.addWidget(self.button)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Activity indicators by week, %"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart, self)
        self.view.setObjectName("historyView")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(280)
        self.view.setVisible(False)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        self.button.setEnabled(False)
        self.status.setText(self.tr("Reading the weeks since the start of the year…"))
        actor, day = self.actor, self._today()
        DbOp(lambda s: load_activity(s, actor, day)).success(self._show).failure(
            self._failed).parent(self).run()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.status.setText(messages.error_text(exc))

    def _show(self, report: ActivityReport) -> None:
        self.report = report
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("dd.MM")
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d")
        y_axis.setTickCount(6)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for title, field in SERIES:
            series = QLineSeries()
            series.setName(QCoreApplication.translate("ActivityChart", str(title)))
            for point in report.history:
                ratio: Ratio = getattr(point, field)
                if ratio.whole:  # a week without lessons (holidays) leaves no point
                    series.append(_msecs(point.start), ratio.percent)
            self.chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        if report.history:
            x_axis.setRange(_moment(report.history[0].start, 0),
                            _moment(report.history[-1].start, 23))
            x_axis.setTickCount(min(10, max(2, len(report.history))))
        self.button.setVisible(False)
        self.status.setText("")
        self.view.setVisible(True)
        self.loaded.emit()


__all__ = ["ActivityChart"]
