"""The week grid of the timetable screen: lesson numbers down, Monday–Saturday
across, each cell the lessons of that slot (subject · teacher, group, room, and the
class in a teacher's or a room's week). A snapshot model: ``data()`` only looks up."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from database.queries.timetable_week import TimetableWeek, WeekEntry

WEEKDAYS = (
    QT_TRANSLATE_NOOP("TimetableGrid", "Monday"),
    QT_TRANSLATE_NOOP("TimetableGrid", "Tuesday"),
    QT_TRANSLATE_NOOP("TimetableGrid", "Wednesday"),
    QT_TRANSLATE_NOOP("TimetableGrid", "Thursday"),
    QT_TRANSLATE_NOOP("TimetableGrid", "Friday"),
    QT_TRANSLATE_NOOP("TimetableGrid", "Saturday"),
)
EntriesRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def weekday_name(weekday: int) -> str:
    return QCoreApplication.translate("TimetableGrid", str(WEEKDAYS[weekday - 1]))


class TimetableGridModel(QAbstractTableModel):
    """``show(week, entries, by)``: ``by`` is what the view is of — "class" (cells
    name subject · teacher), "teacher" or "room" (cells name the class too)."""

    def __init__(self) -> None:
        super().__init__()
        self.week: TimetableWeek | None = None
        self.by = "class"
        self._lessons = 0
        self._cells: dict[tuple[int, int], list[WeekEntry]] = {}
        self._texts: dict[tuple[int, int], str] = {}

    def show(self, week: TimetableWeek | None, entries: list[WeekEntry], by: str) -> None:
        self.beginResetModel()
        self.week, self.by = week, by
        self._lessons = week.lessons if week is not None else 0
        self._cells = {}
        for entry in entries:
            self._cells.setdefault((entry.lesson_number, entry.weekday), []).append(entry)
        self._texts = {key: self._text(cell) for key, cell in self._cells.items()}
        self.endResetModel()

    def _text(self, cell: list[WeekEntry]) -> str:
        assert self.week is not None
        lines = []
        for entry in cell:
            a = self.week.assignments[entry.assignment_id]
            head = a.subject if self.by == "teacher" else f"{a.subject} · {a.teacher}"
            if self.by != "class":
                head = f"{a.class_title}: {head}"
            # «Английский язык, 1-я группа» under «Английский язык» says «1-я группа».
            group = a.group
            if group.startswith(a.subject) and group[len(a.subject):].lstrip(" ,"):
                group = group[len(a.subject):].lstrip(" ,")
            details = [part for part in (group, self._room(entry.room)) if part]
            lines.append(head + (f"\n{', '.join(details)}" if details else ""))
        return "\n".join(lines)

    def _room(self, room: str) -> str:
        if not room or self.by == "room":
            return ""
        return QCoreApplication.translate("TimetableGrid", "room %1").replace("%1", room)

    def entries_at(self, index: Index) -> list[WeekEntry]:
        return list(self._cells.get((index.row() + 1, index.column() + 1), []))

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._lessons

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(WEEKDAYS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        key = (index.row() + 1, index.column() + 1)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts.get(key, "")
        if role == EntriesRole:
            return self._cells.get(key, [])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return weekday_name(section + 1) if 0 <= section < len(WEEKDAYS) else None
        return QCoreApplication.translate("TimetableGrid", "Lesson %1").replace(
            "%1", str(section + 1))
