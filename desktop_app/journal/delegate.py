"""Editing one journal cell: F2 or a double click opens the cell editor (work type,
weight and comment of each mark); a period cell gets a combo box of the values the
subject allows."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from database.errors import ValidationError
from database.queries.journal import JournalCell, JournalMark
from database.queries.sync_conflicts import ConflictItem
from desktop_app.conflict_words import conflict_lines

from .model import JournalModel, Kind, Roles

Index = QModelIndex | QPersistentModelIndex


def _data(index: Index, role: int) -> Any:
    """The model's data called in Python: ``QModelIndex.data`` returning None drops a
    reference to None in PySide6 6.12 (Python 3.11 then aborts after a while)."""
    return cast(JournalModel, index.model()).data(index, role)


class CellEditor(QFrame):
    """The F2 editor: the cell's text, then per mark its work type, weight and the
    comment parents see."""

    def __init__(self, parent: QWidget, work_types: dict[str, float]) -> None:
        super().__init__(parent)
        self.setObjectName("cellEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.work_types = work_types
        layout = QFormLayout(self)
        # Both values of an open sync conflict, above the cell's text (hidden otherwise).
        self.conflict = QLabel(self)
        self.conflict.setObjectName("cellConflict")
        self.conflict.setStyleSheet("color: #b71c1c;")
        self.conflict.setVisible(False)
        layout.addRow(self.conflict)
        self.text = QLineEdit(self)
        self.text.setObjectName("cellText")
        layout.addRow(self.tr("Cell"), self.text)
        self.types: list[QComboBox] = []
        self.weights: list[QDoubleSpinBox] = []
        self.comments: list[QLineEdit] = []
        for number in (1, 2):
            kind = QComboBox(self)
            kind.addItems(list(work_types))
            kind.currentTextChanged.connect(
                lambda text, n=number - 1: self.weights[n].setValue(self.work_types.get(text, 1)))
            weight = QDoubleSpinBox(self)
            weight.setRange(0.1, 10)
            weight.setSingleStep(0.5)
            comment = QLineEdit(self)
            comment.setPlaceholderText(self.tr("Comment for parents"))
            layout.addRow(self.tr("Work type %1").replace("%1", str(number)), kind)
            layout.addRow(self.tr("Weight %1").replace("%1", str(number)), weight)
            layout.addRow(self.tr("Comment %1").replace("%1", str(number)), comment)
            self.types.append(kind)
            self.weights.append(weight)
            self.comments.append(comment)

    def set_conflicts(self, conflicts: tuple[ConflictItem, ...]) -> None:
        lines = [line for item in conflicts for line in conflict_lines(item)]
        self.conflict.setText("\n".join(lines))
        self.conflict.setVisible(bool(lines))

    def set_cell(self, cell: JournalCell | None) -> None:
        self.text.setText(cell.text if cell is not None else "")
        marks = cell.marks if cell is not None else ()
        for i in range(2):
            mark = marks[i] if i < len(marks) else None
            if mark is not None and mark.work_type:
                self.types[i].setCurrentText(mark.work_type)
            if mark is not None:
                self.weights[i].setValue(mark.weight)
            self.comments[i].setText(mark.comment if mark is not None else "")
        self.text.selectAll()
        self.text.setFocus()

    def cell(self, model: JournalModel) -> JournalCell | None:
        typed = model.parse_lesson_text(self.text.text())  # ValidationError propagates
        if typed.is_empty:
            return None
        marks = tuple(
            JournalMark(i + 1, value, self.types[i].currentText(), self.weights[i].value(),
                        self.comments[i].text().strip(), False)
            for i, value in enumerate(typed.marks)
        )
        return JournalCell(typed.attendance, False, marks)


class JournalDelegate(QStyledItemDelegate):
    """Edits cells (the view paints them itself: see painting.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_error = ""

    # --- editing ----------------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        model = cast(JournalModel, index.model())
        if _data(index, Roles.Kind) == Kind.PERIOD:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(["", *model.period_values])
            return combo
        work_types = model.snapshot.settings.work_types if model.snapshot is not None else {}
        return CellEditor(parent, work_types)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CellEditor):
            editor.set_conflicts(_data(index, Roles.Conflicts) or ())
            editor.set_cell(_data(index, Roles.Cell))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(_data(index, Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, CellEditor):
            journal = cast(JournalModel, model)
            try:
                cell = editor.cell(journal)
            except ValidationError as error:
                self.last_error = error.message
                from desktop_app import messages

                messages.warning(editor.window(), error.message)
                return
            model.setData(index, cell, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox) and not model.setData(
            index, editor.currentText(), Qt.ItemDataRole.EditRole
        ):
            from desktop_app import messages

            messages.warning(editor.window(), self.tr("This period mark is not allowed."))

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = option.rect
        if isinstance(editor, CellEditor):
            size = editor.sizeHint()
            parent = editor.parentWidget()
            x = rect.x()
            y = rect.y()
            if parent is not None:
                x = max(0, min(x, parent.width() - size.width()))
                y = max(0, min(y, parent.height() - size.height()))
            editor.setGeometry(x, y, size.width(), size.height())
        else:
            editor.setGeometry(rect.adjusted(0, 0, 40, 0))
