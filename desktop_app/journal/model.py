"""The journal grid's Qt model: one row per student, one column per lesson, then the
average, the absences and the period mark(s).

A :class:`QAbstractTableModel` over an in-memory snapshot (calibre/Vorta style):
the column accessors are prepared when the snapshot arrives so :meth:`data` is a
dictionary lookup; edits change the snapshot and emit ``dataChanged`` only for the
cells that changed (and the row's average/absence cells). The model never touches
the database: :meth:`setData` hands parsed edits to ``edit_handler`` (the page,
which saves them through the worker and the undo stack).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from database.errors import ValidationError
from database.journal_input import CellInput, parse_cell, parse_period_mark
from database.queries.journal import (
    JournalCell,
    JournalLesson,
    JournalMark,
    JournalStudent,
    PeriodInfo,
    PeriodKey,
)
from database.queries.lesson_missing import MISSING_ORDER, lesson_missing
from database.queries.period_marks import Suggestion, year_suggestion
from database.queries.sync_conflicts import ConflictItem
from database.services.marks import CellInfo
from desktop_app import numbers
from desktop_app.conflict_words import conflict_lines

from .ops import JournalSnapshot

Index = QModelIndex | QPersistentModelIndex

ABSENCE_CODES: Final = frozenset({"н", "б", "у", "п"})
YEAR_KEY: Final = "year"


READ_ONLY: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE: Final = READ_ONLY | Qt.ItemFlag.ItemIsEditable


class Roles(IntEnum):
    StudentId = Qt.ItemDataRole.UserRole + 1
    LessonId = Qt.ItemDataRole.UserRole + 2
    Kind = Qt.ItemDataRole.UserRole + 3
    Cell = Qt.ItemDataRole.UserRole + 4  # JournalCell | None
    Present = Qt.ItemDataRole.UserRole + 5  # the student belongs to the lesson's date
    Lesson = Qt.ItemDataRole.UserRole + 6  # JournalLesson (header and cells)
    Suggested = Qt.ItemDataRole.UserRole + 7  # period column: the suggestion, or ""
    PeriodKey = Qt.ItemDataRole.UserRole + 8
    Today = Qt.ItemDataRole.UserRole + 9
    Student = Qt.ItemDataRole.UserRole + 10  # JournalStudent (vertical header)
    Month = Qt.ItemDataRole.UserRole + 11  # horizontal header: month name of the column
    Conflicts = Qt.ItemDataRole.UserRole + 12  # tuple[ConflictItem, ...] of a lesson cell


class Kind(IntEnum):
    LESSON = 1
    AVERAGE = 2
    ABSENCES = 3
    PERIOD = 4


MONTHS: Final = ("", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                 "сентябрь", "октябрь", "ноябрь", "декабрь")
WEEKDAYS: Final = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")

MARK_COLOURS: Final[dict[str, str]] = {
    "5": "#1b7f3b",
    "4": "#1f5fae",
    "3": "#b26a00",
    "2": "#c62828",
    "1": "#8e0000",
}
ATTENDANCE_COLOUR: Final = "#6d4c41"




@dataclass(frozen=True)
class Column:
    kind: Kind
    lesson: JournalLesson | None = None
    period_key: PeriodKey | None = None
    title: str = ""


@dataclass(frozen=True)
class CellEdit:
    """One cell before and after an edit (what an undo command carries)."""

    student_id: uuid.UUID
    lesson_id: uuid.UUID
    before: JournalCell | None
    after: JournalCell | None


@dataclass(frozen=True)
class PeriodEdit:
    student_id: uuid.UUID
    key: PeriodKey
    before: str | None
    after: str | None


def cell_from_input(typed: CellInput, before: JournalCell | None) -> JournalCell | None:
    """The cell as it will look once saved: marks keep their work type and comment
    position by position, as the services do."""
    if typed.is_empty:
        return None
    old = before.marks if before is not None else ()
    marks = tuple(
        replace(old[i], value=v, late=False) if i < len(old)
        else JournalMark(i + 1, v, "", 1.0, "", False)
        for i, v in enumerate(typed.marks)
    )
    return JournalCell(typed.attendance, False, marks)


def cell_from_info(info: CellInfo) -> JournalCell | None:
    if info.attendance is None and not info.marks:
        return None
    return JournalCell(
        info.attendance,
        info.attendance_late,
        tuple(JournalMark(m.position, m.value, m.work_type, m.weight, m.comment, m.late)
              for m in info.marks),
    )


def weighted_average(marks: Iterable[JournalMark]) -> float | None:
    total = weight = 0.0
    for mark in marks:
        if mark.value.isdigit():
            total += int(mark.value) * mark.weight
            weight += mark.weight
    return total / weight if weight else None


def lesson_header(lesson: JournalLesson) -> str:
    return f"{lesson.date:%d.%m}\n{WEEKDAYS[lesson.date.weekday()]} {lesson.lesson_number}"


class JournalModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.snapshot: JournalSnapshot | None = None
        self.students: tuple[JournalStudent, ...] = ()
        self.columns: list[Column] = []
        self.lesson_column: dict[uuid.UUID, int] = {}
        self.row_of: dict[uuid.UUID, int] = {}
        self.cells: dict[tuple[uuid.UUID, uuid.UUID], JournalCell] = {}
        self.period_marks: dict[tuple[uuid.UUID, PeriodKey], str] = {}
        self.suggestions: dict[uuid.UUID, dict[uuid.UUID, Suggestion]] = {}
        self.period: PeriodInfo | None = None  # None: the whole year
        self.today = date.today()
        self.assessment = "marked"
        self.codes: tuple[str, ...] = ()
        self.mark_values: tuple[str, ...] = ()
        self.period_values: tuple[str, ...] = ()
        # Who may change what (the services check again).
        self.keeps = False  # own journal, or the administration in correction mode
        self.substitute_lessons: frozenset[uuid.UUID] = frozenset()
        self.edit_handler: Callable[[list[CellEdit]], None] | None = None
        self.lesson_handler: Callable[[JournalLesson], None] | None = None  # a lesson changed
        self.period_handler: Callable[[list[PeriodEdit]], None] | None = None
        self._stats: dict[int, tuple[str, int]] = {}  # row → (average text, absences)
        self._editable: dict[tuple[int, int], bool] = {}
        self.unsaved: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        # Open sync conflicts of cells, (student id, lesson id) → disagreements; empty
        # in the usual journal, so painting and tooltips pay nothing for them.
        self.conflicts: dict[tuple[uuid.UUID, uuid.UUID], tuple[ConflictItem, ...]] = {}
        self.lesson_conflicts: dict[uuid.UUID, tuple[ConflictItem, ...]] = {}

    # --- the snapshot -------------------------------------------------------------------

    def set_snapshot(self, snapshot: JournalSnapshot, period_id: uuid.UUID | None,
                     staff_id: uuid.UUID | None) -> None:
        data = snapshot.data
        self.beginResetModel()
        self.snapshot = snapshot
        self.students = data.students
        self.row_of = {s.id: i for i, s in enumerate(self.students)}
        self.cells = dict(data.cells)
        self.conflicts = dict(snapshot.conflicts)
        self.lesson_conflicts = dict(snapshot.lesson_conflicts)
        self.period_marks = dict(data.period_marks)
        self.suggestions = {p: dict(s) for p, s in snapshot.suggestions.items()}
        self.today = snapshot.today
        self.assessment = data.assignment.assessment
        settings = snapshot.settings
        self.codes = tuple(settings.attendance_codes)
        self.mark_values = settings.mark_values
        self.period_values = tuple(settings.period_mark_values)
        self.keeps = snapshot.keeps
        self.substitute_lessons = frozenset(
            lesson.id for lesson in data.lessons
            if staff_id is not None and lesson.substitute_teacher_id == staff_id
        )
        self.period = next((p for p in data.periods if p.id == period_id), None)
        self._build_columns()
        self.endResetModel()

    def set_period(self, period_id: uuid.UUID | None) -> None:
        if self.snapshot is None:
            return
        self.beginResetModel()
        self.period = next((p for p in self.snapshot.data.periods if p.id == period_id), None)
        self._build_columns()
        self.endResetModel()

    def set_keeps(self, keeps: bool) -> None:
        """Correction mode of the administration switches editing on and off."""
        self.keeps = keeps
        self._editable = {}
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _build_columns(self) -> None:
        assert self.snapshot is not None
        data = self.snapshot.data
        period = self.period
        columns: list[Column] = []
        for lesson in data.lessons:
            if period is None or period.start_date <= lesson.date <= period.end_date:
                columns.append(Column(Kind.LESSON, lesson=lesson, title=lesson_header(lesson)))
        columns.append(Column(Kind.AVERAGE, title=self.tr("Avg.")))
        columns.append(Column(Kind.ABSENCES, title=self.tr("Abs.")))
        if self.assessment != "none":
            periods = [period] if period is not None else list(data.periods)
            for p in periods:
                columns.append(Column(Kind.PERIOD, period_key=p.id, title=p.name))
            if period is None:
                columns.append(Column(Kind.PERIOD, period_key=YEAR_KEY, title=self.tr("Year")))
        self.columns = columns
        self.lesson_column = {
            c.lesson.id: i for i, c in enumerate(columns) if c.lesson is not None
        }
        self._stats = {}
        self._editable = {}

    # --- shape ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.students)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def lesson_at(self, column: int) -> JournalLesson | None:
        if 0 <= column < len(self.columns):
            return self.columns[column].lesson
        return None

    def today_column(self) -> int:
        """The column of today's lesson, else the last lesson before today, else 0."""
        best = 0
        for i, column in enumerate(self.columns):
            if column.lesson is not None and column.lesson.date <= self.today:
                best = i
        return best

    # --- reading ---------------------------------------------------------------------------

    def cell(self, row: int, column: int) -> JournalCell | None:
        lesson = self.lesson_at(column)
        if lesson is None or not 0 <= row < len(self.students):
            return None
        return self.cells.get((self.students[row].id, lesson.id))

    def _row_stats(self, row: int) -> tuple[str, int]:
        stats = self._stats.get(row)
        if stats is None:
            sid = self.students[row].id
            marks: list[JournalMark] = []
            absences = 0
            for column in self.columns:
                lesson = column.lesson
                if lesson is None or lesson.cancelled:
                    continue
                cell = self.cells.get((sid, lesson.id))
                if cell is None:
                    continue
                marks.extend(cell.marks)
                if cell.attendance in ABSENCE_CODES:
                    absences += 1
            average = weighted_average(marks)
            stats = (numbers.decimal(average) if average is not None else "", absences)
            self._stats[row] = stats
        return stats

    def suggestion(self, row: int, key: PeriodKey) -> str:
        found = self.found_suggestion(row, key)
        return found.suggested or "" if found is not None else ""

    def found_suggestion(self, row: int, key: PeriodKey) -> Suggestion | None:
        """A period's suggestion (read by the worker from the marks), or the year's
        (made here from the row's period marks, so it follows them as they are set)."""
        if isinstance(key, uuid.UUID):
            return self.suggestions.get(key, {}).get(self.students[row].id)
        if key != YEAR_KEY or self.snapshot is None:
            return None
        sid = self.students[row].id
        return year_suggestion([self.period_marks.get((sid, p.id))
                                for p in self.snapshot.data.periods],
                               self.snapshot.settings.rounding_threshold)

    def is_present(self, row: int, lesson: JournalLesson) -> bool:
        return self.students[row].present_on(lesson.date)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self.students) and 0 <= col < len(self.columns)):
            return None
        column = self.columns[col]
        kind = column.kind
        if role == Roles.Kind:
            return int(kind)
        if role == Roles.StudentId:
            return self.students[row].id
        if kind is Kind.LESSON:
            lesson = column.lesson
            assert lesson is not None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                cell = self.cells.get((self.students[row].id, lesson.id))
                return cell.text if cell is not None else ""
            if role == Roles.Cell:
                return self.cells.get((self.students[row].id, lesson.id))
            if role == Roles.Conflicts:
                return self.conflicts.get((self.students[row].id, lesson.id), ())
            if role == Roles.LessonId:
                return lesson.id
            if role == Roles.Lesson:
                return lesson
            if role == Roles.Present:
                return self.is_present(row, lesson)
            if role == Roles.Today:
                return lesson.date == self.today
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._cell_tooltip(row, lesson)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole:
                cell = self.cells.get((self.students[row].id, lesson.id))
                if cell is not None and cell.marks:
                    return QBrush(QColor(MARK_COLOURS.get(cell.marks[0].value, "#000000")))
                if cell is not None:
                    return QBrush(QColor(ATTENDANCE_COLOUR))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if kind in (Kind.AVERAGE, Kind.ABSENCES):
            return self.summary_text(row, col)[0] if role == Qt.ItemDataRole.DisplayRole \
                else None
        key = column.period_key
        assert key is not None
        if role == Roles.PeriodKey:
            return key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.period_marks.get((self.students[row].id, key), "")
        if role == Roles.Suggested:
            return self.suggestion(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            found = self.found_suggestion(row, key)
            if found is None or found.average is None:
                return None
            text = (self.tr("Suggested: %1 (weighted average %2 of %3 marks)")
                    if isinstance(key, uuid.UUID)
                    else self.tr("Suggested: %1 (average %2 of %3 period marks)"))
            return text.replace("%1", found.suggested or "").replace(
                "%2", numbers.decimal(found.average)).replace("%3", str(found.count))
        return None

    def column_conflicts(self, column: int) -> tuple[ConflictItem, ...]:
        """Open conflicts of the lesson's own fields (topic, homework…)."""
        lesson = self.lesson_at(column)
        if lesson is None or not self.lesson_conflicts:
            return ()
        return self.lesson_conflicts.get(lesson.id, ())

    def cell_conflicts(self, row: int, column: int) -> tuple[ConflictItem, ...]:
        lesson = self.lesson_at(column)
        if lesson is None or not self.conflicts or not 0 <= row < len(self.students):
            return ()
        return self.conflicts.get((self.students[row].id, lesson.id), ())

    def _cell_tooltip(self, row: int, lesson: JournalLesson) -> str | None:
        student = self.students[row]
        conflicts = self.conflicts.get((student.id, lesson.id), ()) if self.conflicts else ()
        ordinary = self._ordinary_tooltip(row, lesson)
        if not conflicts:
            return ordinary
        lines = [line for item in conflicts for line in conflict_lines(item)]
        return "\n".join([*lines, *([ordinary] if ordinary else [])])

    def _ordinary_tooltip(self, row: int, lesson: JournalLesson) -> str | None:
        student = self.students[row]
        if not student.present_on(lesson.date):
            return student.note or None
        cell = self.cells.get((student.id, lesson.id))
        if cell is None:
            return None
        lines: list[str] = []
        if cell.attendance:
            text = self.snapshot.settings.attendance_codes.get(cell.attendance, "") \
                if self.snapshot is not None else ""
            lines.append(f"{cell.attendance} — {text}" if text else cell.attendance)
            if cell.attendance_late:
                lines.append(self.tr("entered late"))
        for mark in cell.marks:
            line = self.tr("%1: %2 (weight %3)").replace("%1", mark.value).replace(
                "%2", mark.work_type).replace("%3", numbers.compact(mark.weight))
            if mark.late:
                line += ", " + self.tr("entered late")
            lines.append(line)
            if mark.comment:
                lines.append(f"  «{mark.comment}»")
        return "\n".join(lines) or None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self.students):
                return None
            student = self.students[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{student.number}. {student.full_name}"
            if role == Roles.Student:
                return student
            if role == Qt.ItemDataRole.ToolTipRole:
                return student.note or None
            return None
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Roles.Kind:
            return int(column.kind)
        if role == Roles.Lesson:
            return column.lesson
        if role == Roles.Month and column.lesson is not None:
            return MONTHS[column.lesson.date.month]
        if role == Roles.Today:
            return column.lesson is not None and column.lesson.date == self.today
        if role == Roles.Conflicts:
            return self.column_conflicts(section)
        if role == Qt.ItemDataRole.ToolTipRole and column.lesson is not None:
            tip = self._lesson_tooltip(column.lesson)
            conflicts = self.column_conflicts(section)
            if conflicts:
                tip += "\n" + "\n".join(line for item in conflicts
                                          for line in conflict_lines(item))
            return tip
        return None

    def _lesson_tooltip(self, lesson: JournalLesson) -> str:
        lines = [self.tr("%1, lesson %2").replace("%1", f"{lesson.date:%d.%m.%Y}").replace(
            "%2", str(lesson.lesson_number))]
        if lesson.cancelled:
            lines.append(self.tr("Cancelled"))
        if lesson.control_work:
            lines.append(self.tr("Control work"))
        if lesson.topic:
            lines.append(self.tr("Topic: %1").replace("%1", lesson.topic))
        if lesson.homework:
            late = " (" + self.tr("entered late") + ")" if lesson.homework_late else ""
            lines.append(self.tr("Homework: %1").replace("%1", lesson.homework) + late)
        if lesson.substitute_name:
            lines.append(self.tr("Substituted by %1: %2").replace(
                "%1", lesson.substitute_name).replace("%2", lesson.substitution_reason))
        if lesson.entries_late:
            lines.append(self.tr("Some marks or attendance were entered late."))
        missing = missing_text(lesson)
        if missing:
            lines.append(missing)
        return "\n".join(lines)

    # --- editing ------------------------------------------------------------------------------

    def lesson_editable(self, lesson: JournalLesson) -> bool:
        return (self.keeps or lesson.id in self.substitute_lessons)

    def cell_editable(self, row: int, column: int) -> bool:
        # Views ask for every painted cell's flags twice per repaint: remembered until
        # the snapshot, the period or the editing rights change.
        key = (row, column)
        known = self._editable.get(key)
        if known is None:
            known = self._editable[key] = self._cell_editable(row, column)
        return known

    def _cell_editable(self, row: int, column: int) -> bool:
        if not (0 <= row < len(self.students) and 0 <= column < len(self.columns)):
            return False
        col = self.columns[column]
        if col.kind is Kind.LESSON:
            lesson = col.lesson
            assert lesson is not None
            return (self.lesson_editable(lesson) and not lesson.cancelled
                    and lesson.date <= self.today and self.is_present(row, lesson))
        if col.kind is Kind.PERIOD:
            return self.keeps and self.assessment != "none"
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # Precomputed: flag arithmetic on PySide6's Python enums is slow, and views ask
        # for the flags of every painted cell.
        return EDITABLE if self.cell_editable(index.row(), index.column()) else READ_ONLY

    def summary_text(self, row: int, column: int) -> tuple[str, bool]:
        """What a cell after the lessons shows: the average, the absences, or the
        period mark — and for an empty period cell its suggestion in parentheses,
        with True (shown greyed as a suggestion)."""
        spec = self.columns[column]
        if spec.kind is Kind.AVERAGE:
            return self._row_stats(row)[0], False
        if spec.kind is Kind.ABSENCES:
            count = self._row_stats(row)[1]
            return str(count) if count else "", False
        key = spec.period_key
        assert key is not None
        value = self.period_marks.get((self.students[row].id, key), "")
        if value:
            return value, False
        suggested = self.suggestion(row, key)
        return (f"({suggested})", True) if suggested else ("", False)

    def parse_lesson_text(self, text: str) -> CellInput:
        """Raises ValidationError (a Russian message) for text the journal refuses."""
        if self.codes:
            return parse_cell(text, self.codes, self.mark_values)
        return parse_cell(text)

    def edits_for_text(self, cells: Sequence[tuple[int, int]], text: str) -> list[CellEdit]:
        """The same typed text in every editable lesson cell of ``cells``."""
        typed = self.parse_lesson_text(text)
        if typed.marks and self.assessment != "marked":
            raise ValidationError(
                QCoreApplication.translate("JournalModel",
                                           "Marks are not given in this subject.")
            )
        edits: list[CellEdit] = []
        for row, column in cells:
            if self.columns[column].kind is not Kind.LESSON or not self.cell_editable(row,
                                                                                     column):
                continue
            lesson = self.columns[column].lesson
            assert lesson is not None
            before = self.cells.get((self.students[row].id, lesson.id))
            after = cell_from_input(typed, before)
            if _same(before, after):
                continue
            edits.append(CellEdit(self.students[row].id, lesson.id, before, after))
        return edits

    def edits_all_present(self, columns: Sequence[int]) -> list[CellEdit]:
        """Nobody absent in these lesson columns: every attendance code removed from
        the editable cells, the marks kept."""
        edits: list[CellEdit] = []
        for column in columns:
            lesson = self.lesson_at(column)
            if lesson is None:
                continue
            for row, student in enumerate(self.students):
                before = self.cells.get((student.id, lesson.id))
                if before is None or before.attendance is None \
                        or not self.cell_editable(row, column):
                    continue
                after = JournalCell(None, False, before.marks) if before.marks else None
                edits.append(CellEdit(student.id, lesson.id, before, after))
        return edits

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.cell_editable(index.row(), index.column()):
            return False
        column = self.columns[index.column()]
        if column.kind is Kind.PERIOD:
            return self.set_period_text(index.row(), index.column(), str(value or ""))
        if isinstance(value, JournalCell) or value is None:
            assert column.lesson is not None
            sid = self.students[index.row()].id
            before = self.cells.get((sid, column.lesson.id))
            edits = [] if before == value else [
                CellEdit(sid, column.lesson.id, before, value)]
        elif isinstance(value, str):
            try:
                edits = self.edits_for_text([(index.row(), index.column())], value)
            except ValidationError:
                return False
        else:
            return False
        if edits:
            self.submit_edits(edits)
        return True

    def set_period_text(self, row: int, column: int, text: str) -> bool:
        key = self.columns[column].period_key
        assert key is not None
        sid = self.students[row].id
        before = self.period_marks.get((sid, key))
        after: str | None = None
        if text.strip():
            try:
                after = parse_period_mark(text, self.assessment, self.period_values or None)
            except ValidationError:
                return False
        if before != after:
            edit = PeriodEdit(sid, key, before, after)
            if self.period_handler is not None:
                self.period_handler([edit])
            else:
                self.apply_period([(edit.student_id, edit.key, edit.after)])
        return True

    def submit_edits(self, edits: list[CellEdit]) -> None:
        if self.edit_handler is not None:
            self.edit_handler(edits)
        else:
            self.apply_cells([(e.student_id, e.lesson_id, e.after) for e in edits])

    def apply_cells(
        self, cells: Iterable[tuple[uuid.UUID, uuid.UUID, JournalCell | None]]
    ) -> None:
        """Show these cells; ``dataChanged`` per run of adjacent rows in a column, and
        the touched rows' average and absence cells."""
        touched: dict[int, list[int]] = {}
        for sid, lid, cell in cells:
            if cell is None:
                self.cells.pop((sid, lid), None)
            else:
                self.cells[(sid, lid)] = cell
            row = self.row_of.get(sid)
            column = self.lesson_column.get(lid)
            if row is None:
                continue
            self._stats.pop(row, None)
            if column is not None:
                touched.setdefault(column, []).append(row)
        rows: set[int] = set()
        for column, column_rows in touched.items():
            for first, last in _runs(column_rows):
                self.dataChanged.emit(self.index(first, column), self.index(last, column))
            rows.update(column_rows)
        stats = [i for i, c in enumerate(self.columns) if c.kind in (Kind.AVERAGE,
                                                                      Kind.ABSENCES)]
        if stats:
            for first, last in _runs(sorted(rows)):
                self.dataChanged.emit(self.index(first, stats[0]), self.index(last, stats[-1]))

    def mark_unsaved(self, keys: list[tuple[uuid.UUID, uuid.UUID]], unsaved: bool) -> None:
        """Cells shown but not yet stored (painted with a marker until the worker has
        committed them). A counter, as one cell may be in several pending saves."""
        for key in keys:
            count = self.unsaved.get(key, 0) + (1 if unsaved else -1)
            if count > 0:
                self.unsaved[key] = count
            else:
                self.unsaved.pop(key, None)
        if not unsaved:
            self.apply_cells([(sid, lid, self.cells.get((sid, lid))) for sid, lid in keys])

    def apply_period(self, marks: Iterable[tuple[uuid.UUID, PeriodKey, str | None]]) -> None:
        for sid, key, value in marks:
            if value is None:
                self.period_marks.pop((sid, key), None)
            else:
                self.period_marks[(sid, key)] = value
            row = self.row_of.get(sid)
            if row is None:
                continue
            # The year column's suggestion follows the period marks.
            for changed in {self.period_column(key), self.period_column(YEAR_KEY)}:
                if changed is not None:
                    self.dataChanged.emit(self.index(row, changed), self.index(row, changed))

    def period_column(self, key: PeriodKey) -> int | None:
        for i, column in enumerate(self.columns):
            if column.kind is Kind.PERIOD and column.period_key == key:
                return i
        return None

    def set_suggestions(self, suggestions: dict[uuid.UUID, Any]) -> None:
        for period_id, by_student in suggestions.items():
            self.suggestions[period_id] = dict(by_student)
            column = self.period_column(period_id)
            if column is not None and self.rowCount():
                self.dataChanged.emit(self.index(0, column),
                                      self.index(self.rowCount() - 1, column))

    def refresh_lessons(self, lesson_ids: Iterable[uuid.UUID]) -> None:
        """After cells of these lessons changed: their header's «entered late» and
        «attendance missing» signs follow the cells now shown, as a reload would."""
        for lesson_id in set(lesson_ids):
            column = self.lesson_column.get(lesson_id)
            lesson = self.lesson_at(column) if column is not None else None
            if lesson is None:
                continue
            shown = [c for c in (self.cells.get((s.id, lesson_id)) for s in self.students)
                     if c is not None]
            late = any(c.attendance_late or any(m.late for m in c.marks) for c in shown)
            missing = lesson_missing(
                held=lesson.date <= self.today, cancelled=lesson.cancelled, topic=lesson.topic,
                homework=lesson.homework, conducted=lesson.conducted, has_entries=bool(shown),
            )
            if late != lesson.entries_late or missing != lesson.missing:
                self.replace_lesson(replace(lesson, entries_late=late, missing=missing))

    def replace_lesson(self, lesson: JournalLesson) -> None:
        """A lesson's topic, homework or flags changed: its header repaints."""
        if self.snapshot is None:
            return
        data = self.snapshot.data
        lessons = tuple(lesson if old.id == lesson.id else old for old in data.lessons)
        self.snapshot = replace(self.snapshot, data=replace(data, lessons=lessons))
        column = self.lesson_column.get(lesson.id)
        if column is not None:
            self.columns[column] = replace(self.columns[column], lesson=lesson,
                                           title=lesson_header(lesson))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)
            if self.lesson_handler is not None:
                self.lesson_handler(lesson)
            if self.rowCount():
                self.dataChanged.emit(self.index(0, column),
                                      self.index(self.rowCount() - 1, column))


def _same(a: JournalCell | None, b: JournalCell | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.attendance == b.attendance and [m.value for m in a.marks] == [
        m.value for m in b.marks]


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Runs of adjacent rows: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def missing_text(lesson: JournalLesson) -> str:
    names = {
        "topic": QCoreApplication.translate("JournalModel", "topic"),
        "homework": QCoreApplication.translate("JournalModel", "homework"),
        "attendance": QCoreApplication.translate("JournalModel", "attendance"),
    }
    if not lesson.missing:
        return ""
    parts = [names[m] for m in MISSING_ORDER if m in lesson.missing]
    text = QCoreApplication.translate("JournalModel", "Still missing: %1")
    return text.replace("%1", ", ".join(parts))
