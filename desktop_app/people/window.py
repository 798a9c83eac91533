"""The people window: one tab per screen (subjects, staff, classes and groups,
students, teaching load, accounts in bulk). A tab reads its snapshot the first time
it is shown, so opening the window on one screen reads only that screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from database.actor import Role
from database.auth import SignedIn
from database.queries.people_lists import YearRef, year_ref
from desktop_app import preferences
from desktop_app.dialogs import app_icon
from desktop_app.generated.ui_people_window import Ui_PeopleWindow
from desktop_app.people import SCREENS, SYSADMIN_SCREENS
from desktop_app.people.account_batch import AccountBatchPage
from desktop_app.people.assignments import AssignmentsPage
from desktop_app.people.classes import ClassesPage
from desktop_app.people.list_page import ListPage
from desktop_app.people.staff import StaffPage
from desktop_app.people.students import StudentsPage
from desktop_app.people.subjects import SubjectsPage
from desktop_app.worker import DbOp

WINDOW_KEY = "peopleWindow"


class PeopleWindow(QWidget):
    def __init__(self, signed: SignedIn, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ui = Ui_PeopleWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.signed = signed
        self.closing = False
        self.pages: dict[str, ListPage[object]] = {}
        screens = SYSADMIN_SCREENS if signed.role is Role.SYSADMIN else SCREENS
        titles = {
            "subjects": self.tr("Subjects"),
            "staff": self.tr("Staff"),
            "classes": self.tr("Classes and groups"),
            "students": self.tr("Students and parents"),
            "assignments": self.tr("Teaching load"),
            "accounts": self.tr("Accounts in bulk"),
        }
        makers: dict[str, type[ListPage[object]]] = {
            "subjects": SubjectsPage, "staff": StaffPage, "classes": ClassesPage,  # type: ignore[dict-item]
            "students": StudentsPage, "assignments": AssignmentsPage,  # type: ignore[dict-item]
            "accounts": AccountBatchPage,  # type: ignore[dict-item]
        }
        for key in screens:
            page = makers[key](signed, today, self.ui.tabs)
            page.setObjectName(f"{key}Page")
            self.pages[key] = page
            self.ui.tabs.addTab(page, titles[key])
        self.ui.tabs.currentChanged.connect(self._tab_shown)
        self.ui.closeButton.clicked.connect(self.close)
        self.ui.statusLabel.setText("")
        geometry = preferences.window_geometry(signed.login, WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        DbOp(year_ref).success(self._show_year).parent(self).read_for(self).run()

    def _show_year(self, year: YearRef | None) -> None:
        self.ui.yearLabel.setText(
            self.tr("School year %1: %2 – %3").replace("%1", year.name)
            .replace("%2", year.start_date.strftime("%d.%m.%Y"))
            .replace("%3", year.end_date.strftime("%d.%m.%Y"))
            if year else self.tr("No school year has been created yet."))

    def show_screen(self, screen: str) -> ListPage[object]:
        if screen not in self.pages:
            raise ValueError(f"unknown people screen {screen!r}")
        page = self.pages[screen]
        self.ui.tabs.setCurrentWidget(page)
        page.ensure_loaded()
        return page

    def _tab_shown(self, index: int) -> None:
        page = self.ui.tabs.widget(index)
        if isinstance(page, ListPage):
            page.ensure_loaded()

    def refresh_all(self) -> None:
        """After an import or a set-up step elsewhere: loaded tabs read again."""
        for page in self.pages.values():
            if page.loaded:
                page.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True
        preferences.set_window_geometry(self.signed.login, WINDOW_KEY, self.saveGeometry())
        accounts = self.pages.get("accounts")
        if isinstance(accounts, AccountBatchPage):
            accounts.forget_passwords()
        event.accept()
