"""The accounts window (administration, system administrator): create accounts for
staff, students and parents, change roles, reset passwords (one-time passwords),
disable and enable, and print login slips as a PDF.

One-time passwords exist only in memory: those issued while the window is open are
kept until it closes so they can be printed; printing slips for other accounts
issues new ones (after asking, since the old password then stops working).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QListWidgetItem,
    QWidget,
)
from sqlalchemy.orm import Session

from database.actor import ROLE_TITLES_RU, Role
from database.auth import SignedIn, disable_access, enable_access, issue_password
from database.errors import ValidationError
from database.queries.account_list import (
    KIND_GUARDIAN,
    KIND_STAFF,
    KIND_STUDENT,
    AccountRow,
    PersonChoice,
    account_rows,
    people_without_account,
    suggest_login_for,
)
from database.services.accounts import (
    create_account,
    set_role,
)
from desktop_app import messages, preferences, remember
from desktop_app.dialogs import app_icon, role_title
from desktop_app.documents_folder import in_documents
from desktop_app.generated.ui_accounts_window import Ui_AccountsWindow
from desktop_app.generated.ui_create_account_dialog import Ui_CreateAccountDialog
from desktop_app.reports.login_slips import LoginSlip, SlipSheet, build_login_slips
from desktop_app.worker import DbOp, Task

WINDOW_KEY = "accountsWindow"
AccountIdRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def status_title(status: str) -> str:
    titles = {
        "created": QCoreApplication.translate("Accounts", "created"),
        "activated": QCoreApplication.translate("Accounts", "activated"),
        "disabled": QCoreApplication.translate("Accounts", "disabled"),
    }
    return titles.get(status, status)


class AccountsModel(QAbstractTableModel):
    """An in-memory snapshot of the accounts; ``data()`` never queries."""

    COLUMNS = ("login", "person", "role", "group", "status", "last_login", "password")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AccountRow] = []
        self.issued: dict[uuid.UUID, str] = {}

    def set_rows(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_issued(self, account_id: uuid.UUID, password: str) -> None:
        self.issued[account_id] = password
        for r, row in enumerate(self.rows):
            if row.account_id == account_id:
                column = self.COLUMNS.index("password")
                index = self.index(r, column)
                self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        titles = {
            "login": QCoreApplication.translate("Accounts", "Login"),
            "person": QCoreApplication.translate("Accounts", "Person"),
            "role": QCoreApplication.translate("Accounts", "Role"),
            "group": QCoreApplication.translate("Accounts", "Class / position"),
            "status": QCoreApplication.translate("Accounts", "Status"),
            "last_login": QCoreApplication.translate("Accounts", "Last sign-in"),
            "password": QCoreApplication.translate("Accounts", "One-time password"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == AccountIdRole:
            return str(row.account_id)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == "login":
            return row.login
        if column == "person":
            return row.person_name
        if column == "role":
            return role_title(row.role.value)
        if column == "group":
            return row.group or row.detail
        if column == "status":
            text = status_title(row.status)
            if row.locked_until is not None and row.locked_until > datetime.now():
                text += " 🔒"
            return text
        if column == "last_login":
            return row.last_login_at.strftime("%d.%m.%Y %H:%M") if row.last_login_at else ""
        return self.issued.get(row.account_id, "")


class AccountsFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.role = ""
        self.status = ""
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter(self, text: str, role: str, status: str) -> None:
        self.beginFilterChange()
        self.text, self.role, self.status = text.strip().lower(), role, status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AccountsModel)
        row = model.rows[source_row]
        if self.role and row.role.value != self.role:
            return False
        if self.status and row.status != self.status:
            return False
        if self.text:
            haystack = f"{row.login} {row.person_name} {row.group}".lower()
            return self.text in haystack
        return True


@dataclass(frozen=True)
class NewAccount:
    kind: str
    person: PersonChoice
    role: Role
    login: str


class CreateAccountDialog(QDialog):
    """Pick a person without an account, a role and a login."""

    def __init__(self, signed: SignedIn, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CreateAccountDialog()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.signed = signed
        self.today = today
        self.result_account: NewAccount | None = None
        self.people: list[PersonChoice] = []
        ui = self.ui
        ui.errorLabel.setVisible(False)
        ui.kindCombo.addItem(self.tr("Staff member"), KIND_STAFF)
        ui.kindCombo.addItem(self.tr("Student"), KIND_STUDENT)
        ui.kindCombo.addItem(self.tr("Parent"), KIND_GUARDIAN)
        ui.kindCombo.currentIndexChanged.connect(self._load_people)
        ui.searchEdit.textChanged.connect(self._fill_list)
        ui.personList.currentItemChanged.connect(self._person_chosen)
        ui.buttonBox.accepted.connect(self._accept)
        ui.buttonBox.rejected.connect(self.reject)
        self._load_people()

    def kind(self) -> str:
        return str(self.ui.kindCombo.currentData())

    def _roles(self) -> list[Role]:
        kind = self.kind()
        if kind == KIND_STUDENT:
            return [Role.STUDENT]
        if kind == KIND_GUARDIAN:
            return [Role.PARENT]
        roles = [Role.TEACHER, Role.SYSADMIN]
        if self.signed.role is Role.ADMIN:
            roles.append(Role.ADMIN)
        return roles

    def _load_people(self) -> None:
        ui = self.ui
        ui.roleCombo.clear()
        for role in self._roles():
            ui.roleCombo.addItem(role_title(role.value), role.value)
        ui.personList.clear()
        ui.loginEdit.clear()
        ui.personHint.setText(self.tr("Loading…"))
        actor, kind, today = self.signed.actor, self.kind(), self.today

        def done(people: list[PersonChoice]) -> None:
            if kind != self.kind():
                return
            self.people = people
            self._fill_list()

        DbOp(lambda s: people_without_account(s, actor, kind, today)).success(done).parent(
            self
        ).run()

    def _fill_list(self) -> None:
        ui = self.ui
        needle = ui.searchEdit.text().strip().lower()
        ui.personList.clear()
        shown = 0
        for person in self.people:
            text = f"{person.name} — {person.detail}" if person.detail else person.name
            if needle and needle not in text.lower():
                continue
            item = QListWidgetItem(text, ui.personList)
            item.setData(Qt.ItemDataRole.UserRole, person)
            shown += 1
        ui.personHint.setText(
            self.tr("%1 people without an account.").replace("%1", str(len(self.people)))
            if self.people else self.tr("Everyone of this kind already has an account.")
        )

    def _person_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        person: PersonChoice = item.data(Qt.ItemDataRole.UserRole)
        DbOp(lambda s: suggest_login_for(s, person)).success(self.ui.loginEdit.setText).parent(
            self
        ).run()

    def choose(self, row: int) -> None:
        """Select the person in ``row`` of the list (tests)."""
        self.ui.personList.setCurrentRow(row)

    def _accept(self) -> None:
        item = self.ui.personList.currentItem()
        login = self.ui.loginEdit.text().strip().lower()
        if item is None:
            self.ui.errorLabel.setText(self.tr("Choose the person the account is for."))
            self.ui.errorLabel.setVisible(True)
            return
        if not login:
            self.ui.errorLabel.setText(self.tr("Enter a login."))
            self.ui.errorLabel.setVisible(True)
            return
        self.result_account = NewAccount(
            self.kind(), item.data(Qt.ItemDataRole.UserRole),
            Role(str(self.ui.roleCombo.currentData())), login,
        )
        self.accept()


def ask_slips_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save the login slips (patched in tests)."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Accounts", "Save login slips"),
        in_documents(suggested),
        QCoreApplication.translate("Accounts", "PDF files (*.pdf)"),
    )
    return Path(name) if name else None


def open_file(path: Path) -> None:
    """Show a produced file in the system viewer (patched in tests)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def slip_sheets(rows: list[AccountRow], passwords: dict[uuid.UUID, str]) -> list[SlipSheet]:
    """One sheet per class (students and parents), one for staff; the slips in name
    order within a sheet."""
    by_group: dict[tuple[int, str, str], list[LoginSlip]] = {}
    for row in sorted(rows, key=lambda r: (r.grade_order, r.person_kind, r.person_name)):
        password = passwords.get(row.account_id)
        if password is None:
            continue
        if row.person_kind in (KIND_STUDENT, KIND_GUARDIAN) and row.group:
            key = (*row.grade_order, f"{row.group} класс — ученики и родители")
            detail = row.detail or f"{row.group} класс"
        elif row.person_kind in (KIND_STUDENT, KIND_GUARDIAN):
            key = (100, "", "Ученики и родители вне классов")
            detail = row.detail
        else:
            key = (0, "", "Сотрудники")
            detail = row.detail
        by_group.setdefault(key, []).append(
            LoginSlip(
                person_name=row.person_name or row.login,
                role_title=ROLE_TITLES_RU[row.role],
                login=row.login,
                password=password,
                detail=detail,
            )
        )
    return [SlipSheet(title, tuple(slips)) for (_, _, title), slips in sorted(by_group.items())]


class AccountsWindow(QWidget):
    def __init__(
        self,
        signed: SignedIn,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ui = Ui_AccountsWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.signed = signed
        self._today = today
        self.model = AccountsModel(self)
        self.proxy = AccountsFilter(self)
        self.proxy.setSourceModel(self.model)
        ui = self.ui
        ui.accountsView.setModel(self.proxy)
        ui.accountsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        ui.accountsView.verticalHeader().setVisible(False)
        header = ui.accountsView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        ui.accountsView.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        ui.roleFilterCombo.addItem(self.tr("All roles"), "")
        for role in Role:
            ui.roleFilterCombo.addItem(role_title(role.value), role.value)
        ui.statusFilterCombo.addItem(self.tr("Any status"), "")
        for status in ("created", "activated", "disabled"):
            ui.statusFilterCombo.addItem(status_title(status), status)
        ui.searchEdit.textChanged.connect(self._filter)
        ui.roleFilterCombo.currentIndexChanged.connect(self._filter)
        ui.statusFilterCombo.currentIndexChanged.connect(self._filter)

        ui.createButton.clicked.connect(self.create_account)
        ui.roleButton.clicked.connect(self.change_role)
        ui.resetButton.clicked.connect(self.reset_password)
        ui.disableButton.clicked.connect(self.disable)
        ui.enableButton.clicked.connect(self.enable)
        ui.slipsButton.clicked.connect(self.print_slips)
        ui.closeButton.clicked.connect(self.close)
        ui.accountsView.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.refresh()

    # --- data ---------------------------------------------------------------------------------

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        actor, today = self.signed.actor, self._today()

        def done(rows: list[AccountRow]) -> None:
            self.model.set_rows(rows)
            self.ui.accountsView.resizeColumnsToContents()
            self._summary()
            if then is not None:
                then()

        DbOp(lambda s: account_rows(s, actor, today)).success(done).parent(self).busy(
            self.tr("Loading accounts…")
        ).run()

    def _summary(self) -> None:
        rows = self.model.rows
        activated = sum(1 for r in rows if r.status == "activated")
        self.ui.summaryLabel.setText(
            self.tr("%1 accounts, %2 activated. One-time passwords issued in this window: %3.")
            .replace("%1", str(len(rows)))
            .replace("%2", str(activated))
            .replace("%3", str(len(self.model.issued)))
        )

    def _filter(self) -> None:
        ui = self.ui
        self.proxy.set_filter(
            ui.searchEdit.text(), str(ui.roleFilterCombo.currentData()),
            str(ui.statusFilterCombo.currentData()),
        )

    def selected_rows(self) -> list[AccountRow]:
        chosen = {
            self.proxy.mapToSource(index).row()
            for index in self.ui.accountsView.selectionModel().selectedRows()
        }
        return [self.model.rows[r] for r in sorted(chosen)]

    def select_login(self, login: str) -> None:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data() == login:
                self.ui.accountsView.selectRow(r)
                return

    def _selection_changed(self, *_: object) -> None:
        rows = self.selected_rows()
        one = len(rows) == 1
        ui = self.ui
        ui.roleButton.setEnabled(one)
        ui.resetButton.setEnabled(one)
        ui.disableButton.setEnabled(any(r.status != "disabled" for r in rows))
        ui.enableButton.setEnabled(any(r.status == "disabled" for r in rows))

    # --- actions ------------------------------------------------------------------------------

    def create_account(self) -> None:
        dialog = CreateAccountDialog(self.signed, self._today(), parent=self)
        dialog.accepted.connect(lambda: self._create(dialog.result_account))
        dialog.open()

    def _create(self, new: NewAccount | None) -> None:
        if new is None:
            return
        actor = self.signed.actor
        person = new.person
        links = {
            KIND_STAFF: {"staff_id": person.person_id},
            KIND_STUDENT: {"student_id": person.person_id},
            KIND_GUARDIAN: {"guardian_id": person.person_id},
        }[new.kind]

        def make(session: Session) -> uuid.UUID:
            return create_account(session, actor, new.login, new.role, **links).id

        def created(account_id: uuid.UUID) -> None:
            self._issue(account_id, new.login, announce=True)

        DbOp(make).success(created).parent(self).run()

    def _issue(self, account_id: uuid.UUID, login: str, *, announce: bool) -> None:
        signed = self.signed

        def issued(password: str) -> None:
            self.model.set_issued(account_id, password)
            self.refresh(lambda: self.select_login(login))
            if announce:
                messages.info(self, self.tr(
                    "The one-time password for %1 is %2. Print a login slip for the user; "
                    "the password is not stored anywhere."
                ).replace("%1", login).replace("%2", password))

        Task(lambda: issue_password(signed, account_id)).success(issued).parent(self).run()

    def change_role(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        if row.person_kind == KIND_STUDENT or row.person_kind == KIND_GUARDIAN:
            messages.info(self, self.tr(
                "Students' and parents' accounts have a fixed role."))
            return
        roles = [Role.TEACHER, Role.SYSADMIN] + (
            [Role.ADMIN] if self.signed.role is Role.ADMIN else []
        )
        titles = [role_title(r.value) for r in roles]
        current = titles.index(role_title(row.role.value)) if row.role in roles else 0
        title, ok = QInputDialog.getItem(
            self, self.tr("Change role"), self.tr("New role for %1:").replace("%1", row.login),
            titles, current, False,
        )
        if ok:
            self.apply_role(row, roles[titles.index(title)])

    def apply_role(self, row: AccountRow, role: Role) -> None:
        actor = self.signed.actor
        DbOp(lambda s: set_role(s, actor, row.account_id, role)).success(
            lambda _: self.refresh()
        ).parent(self).run()

    def reset_password(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        if not messages.confirm(self, self.tr(
            "Issue a new one-time password for %1? The current password stops working at once."
        ).replace("%1", row.login)):
            return
        self._issue(row.account_id, row.login, announce=True)

    def disable(self) -> None:
        rows = [r for r in self.selected_rows() if r.status != "disabled"]
        if not rows or not messages.confirm(self, self.tr(
            "Disable %1 account(s)? Nobody will be able to sign in with them, and their "
            "passwords stop working at once."
        ).replace("%1", str(len(rows)))):
            return
        signed = self.signed

        def run() -> None:
            for row in rows:
                disable_access(signed, row.account_id)
                # The keyring entry of a remembered sign-in opens nothing without its
                # slot; it goes too, so nothing is left behind on this computer.
                remember.delete_token(signed.paths, row.login)

        def done(_: None) -> None:
            for row in rows:
                self.model.issued.pop(row.account_id, None)
            self.refresh()

        Task(run).success(done).parent(self).run()

    def enable(self) -> None:
        rows = [r for r in self.selected_rows() if r.status == "disabled"]
        if not rows:
            return
        signed = self.signed

        def run() -> dict[uuid.UUID, str]:
            return {row.account_id: enable_access(signed, row.account_id)[1] for row in rows}

        def done(passwords: dict[uuid.UUID, str]) -> None:
            for account_id, password in passwords.items():
                self.model.set_issued(account_id, password)
            self.refresh()
            messages.info(self, self.tr(
                "%1 account(s) enabled with new one-time passwords (shown in the list until "
                "the window is closed). Print login slips for the users."
            ).replace("%1", str(len(passwords))))

        Task(run).success(done).parent(self).run()

    # --- login slips --------------------------------------------------------------------------

    def print_slips(self) -> None:
        rows = self.selected_rows() or [r for r in self.model.rows if r.status == "created"]
        rows = [r for r in rows if r.status != "disabled"]
        if not rows:
            messages.info(self, self.tr(
                "Select the accounts to print slips for (or create accounts first)."))
            return
        missing = [r for r in rows if r.account_id not in self.model.issued]
        if missing and not messages.confirm(self, self.tr(
            "New one-time passwords will be issued for %1 account(s) to print them; their "
            "current passwords stop working. Continue?"
        ).replace("%1", str(len(missing)))):
            return
        path = ask_slips_path(self, str(Path.home() / "login-slips.pdf"))
        if path is None:
            return
        signed = self.signed
        known = dict(self.model.issued)
        school = signed.school_name
        min_length = signed.settings.password_min_length
        today = self._today()

        def build() -> tuple[Path, dict[uuid.UUID, str]]:
            passwords = dict(known)
            for row in missing:
                passwords[row.account_id] = issue_password(signed, row.account_id)
            sheets = slip_sheets(rows, passwords)
            if not sheets:
                raise ValidationError("Нет учётных записей для печати.")
            build_login_slips(path, school_name=school, sheets=sheets, issued_on=today,
                              min_length=min_length)
            return path, passwords

        def done(result: tuple[Path, dict[uuid.UUID, str]]) -> None:
            out, passwords = result
            for account_id, password in passwords.items():
                self.model.set_issued(account_id, password)
            self._summary()
            open_file(out)

        Task(build).success(done).parent(self).busy(self.tr("Preparing login slips…")).run()

    def closeEvent(self, event: QCloseEvent) -> None:
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        # One-time passwords leave memory with the window.
        self.model.issued.clear()
        event.accept()
