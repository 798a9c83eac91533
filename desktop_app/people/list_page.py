"""One list screen of the people window: a search field, an optional filter, a
sortable table over a snapshot, action buttons on the right and «История
изменений…» for the selected record. Each screen (subjects, staff, …) subclasses it
and says how to load its snapshot and what its buttons do."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QPushButton, QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.queries.record_history import HistoryEntry, record_history
from desktop_app.generated.ui_people_list_page import Ui_PeopleListPage
from desktop_app.generated.ui_record_history_dialog import Ui_RecordHistoryDialog
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.table import Column, SnapshotFilter, SnapshotModel, fit_columns
from desktop_app.worker import DbOp

R = TypeVar("R")


def ru_day(day: date | None) -> str:
    # Formatted by hand: strftime costs ten times more, per cell of a big list.
    return f"{day.day:02d}.{day.month:02d}.{day.year}" if day else ""


def iso_day(day: date | None) -> str:
    return day.isoformat() if day else ""


class HistoryDialog(QDialog):
    """«История изменений»: who changed what in a record, newest first."""

    def __init__(self, title: str, entries: list[HistoryEntry], parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ui = Ui_RecordHistoryDialog()
        self.ui.setupUi(self)
        self.ui.titleLabel.setText(title)
        self.entries = entries
        model: SnapshotModel[HistoryEntry] = SnapshotModel(
            [
                Column(
                    QCoreApplication.translate("People", "When"),
                    lambda e: e.at.strftime("%d.%m.%Y %H:%M"),
                    sort=lambda e: e.at.isoformat(),
                    width=120,
                ),
                Column(QCoreApplication.translate("People", "Who"), lambda e: e.author, width=130),
                Column(QCoreApplication.translate("People", "Record"), lambda e: e.what, width=130),
                Column(
                    QCoreApplication.translate("People", "What changed"),
                    lambda e: e.text,
                    width=380,
                ),
                Column(QCoreApplication.translate("People", "Reason"), lambda e: e.reason),
            ],
            row_id=lambda e: uuid.uuid5(uuid.NAMESPACE_OID, repr(e)),
            parent=self,
        )
        model.set_rows(entries)
        self.model = model
        view = self.ui.historyView
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(view, model.columns)
        view.horizontalHeader().setStretchLastSection(True)
        view.resizeRowsToContents()
        self.ui.buttonBox.rejected.connect(self.close)
        self.resize(940, 480)


class ListPage(QWidget, Generic[R]):
    """Subclasses set ``history_table`` (the change-log table name of the rows), build
    ``self.model`` with their columns, and implement :meth:`load`. :attr:`dataShown`
    is emitted each time a read has been shown."""

    history_table = ""
    dataShown = Signal()

    def __init__(
        self, signed: SignedIn, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PeopleListPage()
        self.ui.setupUi(self)
        self.signed = signed
        self.today = today
        self.loaded = False
        self.loading = False
        self.last_dialog: RecordDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.proxy = SnapshotFilter(self)
        self.ui.filterCombo.setVisible(False)
        self.ui.searchEdit.textChanged.connect(self._search)
        self.ui.historyButton.clicked.connect(self.show_history)
        view = self.ui.tableView
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.doubleClicked.connect(lambda *_: self.edit())
        self._buttons: list[tuple[QPushButton, Callable[[list[Any]], bool]]] = []

    @property
    def actor(self) -> Any:
        return self.signed.actor

    # --- set-up (by subclasses) -----------------------------------------------------------

    def set_model(self, model: SnapshotModel[R], *, sort_column: int = 0) -> None:
        self.model = model
        self.proxy.setSourceModel(model)
        view = self.ui.tableView
        view.setModel(self.proxy)
        view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fit_columns(view, model.columns)
        view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)

    def add_button(
        self,
        name: str,
        text: str,
        action: Callable[[], None],
        *,
        enabled: Callable[[list[Any]], bool] | None = None,
        accent: bool = False,
    ) -> QPushButton:
        """A button above the history button; ``enabled(selected rows)`` decides when it
        is available (None: always)."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        if accent:
            button.setProperty("accent", True)
        button.clicked.connect(action)
        layout = self.ui.actionLayout
        layout.insertWidget(layout.count() - 2, button)
        if enabled is not None:
            self._buttons.append((button, enabled))
        return button

    def set_hint(self, text: str) -> None:
        self.ui.hintLabel.setText(text)
        self.ui.hintLabel.setVisible(bool(text))

    # --- data -----------------------------------------------------------------------------

    def load(self, session: Session) -> Any:
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        raise NotImplementedError

    def refresh(
        self, then: Callable[[], None] | None = None, select: uuid.UUID | None = None
    ) -> None:
        self.loading = True
        chosen = select if select is not None else self.current_id()

        def done(data: Any) -> None:
            self.loading = False
            self.loaded = True
            self.show_data(data)
            if chosen is not None:
                self.select_id(chosen)
            self._enable()
            self._count()
            self.dataShown.emit()
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            self.loading = False
            from desktop_app import messages

            messages.show_error(self, exc)

        DbOp(self.load).success(done).failure(failed).parent(self).read_for(self).busy(
            QCoreApplication.translate("People", "Loading…")
        ).run()

    def ensure_loaded(self) -> None:
        if not self.loaded and not self.loading:
            self.refresh()

    # --- selection ------------------------------------------------------------------------

    def selected(self) -> list[R]:
        rows = {
            self.proxy.mapToSource(i).row()
            for i in self.ui.tableView.selectionModel().selectedRows()
        }
        return [self.model.rows[r] for r in sorted(rows)]

    def current(self) -> R | None:
        chosen = self.selected()
        return chosen[0] if len(chosen) == 1 else None

    def current_id(self) -> uuid.UUID | None:
        row = self.current()
        return getattr(row, "id", None) if row is not None else None

    def select_id(self, record_id: uuid.UUID) -> bool:
        source = self.model.row_of(record_id)
        if source < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():
            return False
        self.ui.tableView.selectRow(index.row())
        self.ui.tableView.scrollTo(index)
        return True

    def _enable(self) -> None:
        chosen = self.selected()
        for button, enabled in self._buttons:
            button.setEnabled(enabled(chosen))
        self.ui.historyButton.setEnabled(len(chosen) == 1 and bool(self.history_table))

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)

    def _count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.ui.countLabel.setText(
            QCoreApplication.translate("People", "%1 of %2")
            .replace("%1", str(shown))
            .replace("%2", str(total))
            if shown != total
            else QCoreApplication.translate("People", "%1 in all").replace("%1", str(total))
        )

    # --- common actions -------------------------------------------------------------------

    def edit(self) -> None:
        """Double-click: the screen's edit dialog (if it has one)."""

    def open_dialog(self, dialog: RecordDialog) -> RecordDialog:
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def history_title(self, row: R) -> str:
        return str(getattr(row, "full_name", getattr(row, "name", "")))

    def show_history(self) -> None:
        row = self.current()
        if row is None or not self.history_table:
            return
        actor, table = self.actor, self.history_table
        record_id: uuid.UUID = getattr(row, "id")  # noqa: B009 (every row type has an id)
        title = QCoreApplication.translate("People", "Change history: %1").replace(
            "%1", self.history_title(row)
        )

        def shown(entries: list[HistoryEntry]) -> None:
            dialog = HistoryDialog(title, entries, self)
            self.history_dialog = dialog
            dialog.show()

        DbOp(lambda s: record_history(s, actor, table, record_id)).success(shown).parent(self).run()


def choices(items: Sequence[tuple[str, Any]], none: str | None = None) -> list[tuple[str, Any]]:
    return ([(none, None)] if none is not None else []) + list(items)
