"""The per-subject overview of a study period: a table model over a frozen snapshot
(one row per subject: marks, weighted average, absences, forecast, the period mark
set) and the "what if" sentences of one subject."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from database.queries.diary import SubjectOverview, WhatIf
from desktop_app import numbers

SubjectIdRole: Final = Qt.ItemDataRole.UserRole + 1

COLUMNS: Final[tuple[str, ...]] = (
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Subject")),
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Marks")),
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Average")),
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Forecast")),
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Period mark")),
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Missed")),
    str(QT_TRANSLATE_NOOP("SubjectOverviewModel", "Teacher")),
)
SUBJECT, MARKS, AVERAGE, FORECAST, PERIOD_MARK, MISSED, TEACHER = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex


def average_text(average: float | None) -> str:
    return numbers.decimal(average) if average is not None else "—"


def missed_text(row: SubjectOverview) -> str:
    if not row.absences:
        return ""
    if row.absences_illness:
        illness = QCoreApplication.translate("SubjectOverviewModel", "%1 (illness %2)")
        return illness.replace("%1", str(row.absences)).replace("%2", str(row.absences_illness))
    return str(row.absences)


class SubjectOverviewModel(QAbstractTableModel):
    """Read-only; :meth:`set_rows` swaps the snapshot with a full reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[SubjectOverview, ...] = ()
        self._cells: list[tuple[str, ...]] = []

    def set_rows(self, rows: tuple[SubjectOverview, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._cells = [
            (
                r.subject,
                " ".join(m.value for m in r.marks),
                average_text(r.average),
                r.forecast or "",
                r.period_mark or "",
                missed_text(r),
                r.teacher,
            )
            for r in rows
        ]
        self.endResetModel()

    def row_at(self, row: int) -> SubjectOverview | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> tuple[SubjectOverview, ...]:
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return QCoreApplication.translate("SubjectOverviewModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[row][column]
        if role == SubjectIdRole:
            return str(self._rows[row].subject_id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            AVERAGE, FORECAST, PERIOD_MARK, MISSED
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and column in (FORECAST, PERIOD_MARK):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == FORECAST:
            forecast = self._rows[row].forecast
            if forecast in ("1", "2"):
                return QBrush(QColor("#b42318"))
            return QBrush(QColor("#1d4577"))
        if role == Qt.ItemDataRole.ToolTipRole and column == MARKS:
            return "\n".join(
                f"{m.date:%d.%m} — {m.value} ({m.work_type}"
                + (f", ×{numbers.compact(m.weight)}" if m.weight != 1 else "") + ")"
                + (f": {m.comment}" if m.comment else "")
                for m in self._rows[row].marks
            )
        return None


def _option_text(option: WhatIf) -> str:
    text = QCoreApplication.translate(
        "SubjectOverviewModel", "%n more mark(s) «%1»", "", option.count
    ).replace("%1", option.value)
    if option.weight != 1:
        text += " " + QCoreApplication.translate(
            "SubjectOverviewModel", "of weight %1").replace("%1", numbers.compact(option.weight))
    return text


def what_if_lines(row: SubjectOverview) -> list[str]:
    """One sentence per higher mark: the fewest plain marks (a «5», and the target
    itself when that differs), and the fewest heaviest-weight «5»s when that takes
    fewer marks."""
    if row.assessment != "marked":
        return [QCoreApplication.translate(
            "SubjectOverviewModel", "This subject is not marked with numbers.")]
    if row.forecast is None:
        return [QCoreApplication.translate(
            "SubjectOverviewModel", "No marks in this period yet: any mark will set the forecast.")]
    if row.forecast == "5":
        return [QCoreApplication.translate(
            "SubjectOverviewModel", "The forecast is already the highest mark.")]
    lines: list[str] = []
    for target in sorted({o.target for o in row.what_if}):
        options = [o for o in row.what_if if o.target == target]
        plain = [o for o in options if o.weight == 1]
        chosen: list[WhatIf] = []
        for value in ("5", target):
            found = next((o for o in plain if o.value == value), None)
            if found is not None and found not in chosen:
                chosen.append(found)
        heavy = [o for o in options if o.value == "5" and o.weight > 1]
        if heavy:
            heaviest = max(heavy, key=lambda o: o.weight)
            if not chosen or heaviest.count < min(o.count for o in chosen):
                chosen.append(heaviest)
        if not chosen:
            continue
        connector = QCoreApplication.translate("SubjectOverviewModel", " or ")
        head = QCoreApplication.translate("SubjectOverviewModel", "To get «%1»:")
        lines.append(
            head.replace("%1", target) + " " + connector.join(_option_text(o) for o in chosen)
        )
    if not lines:
        lines.append(QCoreApplication.translate(
            "SubjectOverviewModel", "No realistic number of new marks changes the forecast."))
    return lines
