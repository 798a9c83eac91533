"""The people window: one tab per screen (subjects, staff, classes and groups,
students, teaching load, accounts in bulk). A tab reads its snapshot the first time
it is shown, so opening the window on one screen reads only that screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

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
        # A tab's page is made when it is first shown: the window opens at once on
        # the screen asked for.
        self._makers = makers
        self._today = today
        self._holders: dict[str, QWidget] = {}
        self._layouts: dict[str, QVBoxLayout] = {}
        for key in screens:
            holder = QWidget(self.ui.tabs)
            holder.setObjectName(f"{key}Tab")
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            self._holders[key] = holder
            self._layouts[key] = layout
            self.ui.tabs.addTab(holder, titles[key])
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

    def page(self, screen: str) -> ListPage[object]:
        """The screen's page, made on first use."""
        if screen not in self._holders:
            raise ValueError(f"unknown people screen {screen!r}")
        page = self.pages.get(screen)
        if page is None:
            holder = self._holders[screen]
            page = self._makers[screen](self.signed, self._today, holder)
            page.setObjectName(f"{screen}Page")
            self._layouts[screen].addWidget(page)
            self.pages[screen] = page
        return page

    def show_screen(self, screen: str) -> ListPage[object]:
        page = self.page(screen)
        self.ui.tabs.setCurrentWidget(self._holders[screen])
        page.ensure_loaded()
        return page

    def _tab_shown(self, index: int) -> None:
        holder = self.ui.tabs.widget(index)
        screen = next((key for key, w in self._holders.items() if w is holder), None)
        if screen is not None:
            self.page(screen).ensure_loaded()

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
