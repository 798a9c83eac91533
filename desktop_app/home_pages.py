"""The main window's sections by role, each showing what the database has now.

The whole home screen is read in one background operation
(:func:`database.queries.home.load_home`); the pages are built from that snapshot
and never query the database themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from database.actor import Actor, Role
from database.queries.home import (
    ClassRoster,
    DiaryOverview,
    HomeData,
    Indicator,
    SchoolSummary,
)
from database.queries.journal import JournalRef
from database.queries.setup_progress import SetupProgress
from database.settings import SchoolSettings
from desktop_app import numbers
from desktop_app.clipboard import copy_to_clipboard

# --- sections per role ---------------------------------------------------------------------

SECTION_TITLES: dict[str, str] = {
    "journals": str(QT_TRANSLATE_NOOP("Sections", "Journals")),
    "my_journals": str(QT_TRANSLATE_NOOP("Sections", "My journals")),
    "my_class": str(QT_TRANSLATE_NOOP("Sections", "My class and diary extracts")),
    "school": str(QT_TRANSLATE_NOOP("Sections", "School")),
    "reports": str(QT_TRANSLATE_NOOP("Sections", "Reports")),
    "administration": str(QT_TRANSLATE_NOOP("Sections", "Administration")),
    "diary": str(QT_TRANSLATE_NOOP("Sections", "Diary")),
}


def sections_for(role: Role, data: HomeData) -> list[str]:
    """Section keys in navigation order. What a role may not do is not listed."""
    if role is Role.ADMIN:
        return ["school", "journals", "reports", "administration"]
    if role is Role.SYSADMIN:
        return ["school", "administration"]
    if role is Role.TEACHER:
        return ["my_journals", *(["my_class"] if data.classes else [])]
    return ["diary"]


def section_title(key: str) -> str:
    return QCoreApplication.translate("Sections", SECTION_TITLES[key])


# --- building blocks -----------------------------------------------------------------------


def make_table(headers: list[str], rows: list[list[str]], parent: QWidget) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)

    def copy() -> None:
        chosen = sorted({index.row() for index in table.selectedIndexes()})
        lines = [
            "\t".join(
                (table.item(r, c).text() if table.item(r, c) else "")  # type: ignore[union-attr]
                for c in range(table.columnCount())
            )
            for r in chosen
        ]
        if lines:
            copy_to_clipboard("\n".join(lines))

    QShortcut(QKeySequence.StandardKey.Copy, table, copy,
              context=Qt.ShortcutContext.WidgetShortcut)
    return table


class Page(QWidget):
    """A section page: a heading, an optional hint, then content."""

    def __init__(self, title: str, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 16)
        self.layout_.setSpacing(10)
        heading = QLabel(title, self)
        heading.setObjectName("titleLabel")
        self.layout_.addWidget(heading)
        if hint:
            note = QLabel(hint, self)
            note.setWordWrap(True)
            note.setProperty("role", "hint")
            self.layout_.addWidget(note)

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.layout_.addWidget(widget, stretch)
        return widget


def _fmt(template: str, *values: object) -> str:
    for index, value in enumerate(values, start=1):
        template = template.replace(f"%{index}", str(value))
    return template


# --- the pages -------------------------------------------------------------------------------


def journals_page(
    journals: tuple[JournalRef, ...], *, own_only: bool, setup: SetupProgress | None = None
) -> Page:
    if own_only:
        page = Page(
            QCoreApplication.translate("HomePages", "My journals"),
            QCoreApplication.translate(
                "HomePages",
                "The journals you keep, and as a class teacher every subject of your class "
                "(read only).",
            ),
        )
    else:
        page = Page(
            QCoreApplication.translate("HomePages", "Journals"),
            QCoreApplication.translate("HomePages", "Every journal of the current school year."),
        )
    headers = [
        QCoreApplication.translate("HomePages", "Class"),
        QCoreApplication.translate("HomePages", "Subject"),
        QCoreApplication.translate("HomePages", "Group"),
        QCoreApplication.translate("HomePages", "Teacher"),
        QCoreApplication.translate("HomePages", "Access"),
    ]
    rows = [
        [
            j.class_name, j.subject_name, j.group_name, j.teacher_name,
            QCoreApplication.translate("HomePages", "keeps") if j.own
            else QCoreApplication.translate("HomePages", "reads"),
        ]
        for j in journals
    ]
    if not journals:
        note = QLabel(_no_journals_text(own_only, setup), page)
        note.setObjectName("noJournalsLabel")
        note.setWordWrap(True)
        page.add(note)
    table = make_table(headers, rows, page)
    table.setObjectName("journalsTable")
    table.setVisible(bool(journals))  # an empty grid says nothing the note does not
    page.add(table, 1)
    if not journals:
        page.layout_.addStretch(1)
    return page


def _no_journals_text(own_only: bool, setup: SetupProgress | None) -> str:
    """Why the list is empty, and what to do: a journal is a teaching assignment."""
    if own_only:
        return QCoreApplication.translate(
            "HomePages", "No journals are assigned to you in the current school year.")
    if setup is not None and not setup.year_name:
        return QCoreApplication.translate(
            "HomePages", "There are no journals yet: the school has no school year. Start "
            "with the set-up checklist on the «School» page.")
    return QCoreApplication.translate(
        "HomePages", "There are no journals yet: a journal appears for each teaching "
        "assignment (class or group, subject, teacher). Enter the classes, subjects, staff "
        "and teaching assignments — see the set-up checklist on the «School» page.")


def my_class_page(
    classes: tuple[ClassRoster, ...],
    open_consents: Callable[[ClassRoster], None] | None = None,
) -> Page:
    page = Page(
        QCoreApplication.translate("HomePages", "My class and diary extracts"),
        QCoreApplication.translate(
            "HomePages",
            "The students of the class you lead, their parents and diary accounts. Parents "
            "without a computer get a paper extract of the diary.",
        ),
    )
    for roster in classes:
        box = QGroupBox(_fmt(QCoreApplication.translate("HomePages", "Class %1: %2 students"),
                             roster.title, len(roster.students)), page)
        inner = QVBoxLayout(box)
        yes = QCoreApplication.translate("HomePages", "yes")
        no = QCoreApplication.translate("HomePages", "no")
        rows = [
            [str(n), s.name, s.birth_date.strftime("%d.%m.%Y") if s.birth_date else "",
             str(s.guardians), yes if s.has_account else no]
            for n, s in enumerate(roster.students, start=1)
        ]
        table = make_table(
            [
                "№",
                QCoreApplication.translate("HomePages", "Student"),
                QCoreApplication.translate("HomePages", "Born"),
                QCoreApplication.translate("HomePages", "Parents"),
                QCoreApplication.translate("HomePages", "Diary account"),
            ],
            rows, box,
        )
        table.setObjectName("rosterTable")
        inner.addWidget(table)
        if open_consents is not None:
            button = QPushButton(QCoreApplication.translate(
                "HomePages", "Parents' consents…"), box)
            button.setObjectName("consentsButton")
            button.setToolTip(QCoreApplication.translate(
                "HomePages", "Register the consents parents bring: their diary opens then."))
            button.clicked.connect(lambda _=False, r=roster: open_consents(r))
            button.setMaximumWidth(260)
            inner.addWidget(button)
        page.add(box, 1)
    return page


def school_page(
    summary: SchoolSummary,
    workstation: str,
    setup: SetupProgress | None = None,
    open_step: Callable[[str], object] | None = None,
) -> Page:
    """The school's summary; for the administration, the set-up checklist while
    anything is missing and the buttons of the school's own screens."""
    page = Page(summary.short_name or QCoreApplication.translate("HomePages", "School"),
                summary.full_name)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    body = QWidget(scroll)
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    if setup is not None and open_step is not None:
        from desktop_app.setup.checklist import SetupChecklist

        buttons = QHBoxLayout()
        for key, text in (
            ("school", QCoreApplication.translate("HomePages", "School card and rules…")),
            ("calendar", QCoreApplication.translate("HomePages", "School year and calendar…")),
            ("timetable", QCoreApplication.translate("HomePages", "Timetable…")),
            ("substitutions", QCoreApplication.translate("HomePages", "Substitutions…")),
        ):
            button = QPushButton(text, body)
            button.setObjectName(f"open_{key}")
            button.clicked.connect(lambda _=False, k=key: open_step(k))
            buttons.addWidget(button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        if not setup.complete:
            inner.addWidget(SetupChecklist(setup, open_step, body))
    box = QGroupBox(QCoreApplication.translate("HomePages", "In the database"), body)
    form = QFormLayout(box)
    form.setHorizontalSpacing(24)
    no_year = QCoreApplication.translate("HomePages", "not created yet")
    entries = [
        (QCoreApplication.translate("HomePages", "Director:"), summary.director),
        (QCoreApplication.translate("HomePages", "School year:"), summary.year or no_year),
        (QCoreApplication.translate("HomePages", "Classes:"), str(summary.classes)),
        (QCoreApplication.translate("HomePages", "Students:"), str(summary.students)),
        (QCoreApplication.translate("HomePages", "Staff:"), str(summary.staff)),
        (QCoreApplication.translate("HomePages", "Parents:"), str(summary.guardians)),
        (
            QCoreApplication.translate("HomePages", "Accounts:"),
            _fmt(QCoreApplication.translate("HomePages", "%1 (activated %2, disabled %3)"),
                 summary.accounts, summary.accounts_activated, summary.accounts_disabled),
        ),
        (QCoreApplication.translate("HomePages", "This computer:"), workstation),
    ]
    for label, value in entries:
        field = QLabel(value, box)
        field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label, field)
    inner.addWidget(box)
    inner.addStretch(1)
    scroll.setWidget(body)
    page.add(scroll, 1)
    return page


def reports_page(indicators: tuple[Indicator, ...], actor: Actor | None = None,
                 today: Callable[[], date] | None = None) -> Page:
    """The indicators of this week; with ``actor``, the weekly history chart below
    (read when asked for)."""
    page = Page(
        QCoreApplication.translate("HomePages", "Reports"),
        QCoreApplication.translate(
            "HomePages",
            "The six activity indicators of the school's order for the current week. "
            "Per class, per teacher, any week and from the start of the year: the "
            "activity report in Documents.",
        ),
    )
    rows = [
        [
            i.title, numbers.percent(i.value), f"≥ {numbers.percent(i.target, 0)}", i.detail,
            QCoreApplication.translate("HomePages", "met") if i.met
            else QCoreApplication.translate("HomePages", "not met"),
        ]
        for i in indicators
    ]
    table = make_table(
        [
            QCoreApplication.translate("HomePages", "Indicator"),
            QCoreApplication.translate("HomePages", "Value"),
            QCoreApplication.translate("HomePages", "Target"),
            QCoreApplication.translate("HomePages", "Details"),
            QCoreApplication.translate("HomePages", "Status"),
        ],
        rows, page,
    )
    table.setObjectName("indicatorsTable")
    # The long wording of the order wraps in the one stretching column, so the status
    # column stays in sight at any width (it was pushed off past the scroll bar).
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if actor is not None:  # all six rows shown; the chart takes the room left
        table.setMinimumHeight(table.horizontalHeader().sizeHint().height()
                               + table.verticalHeader().length()
                               + table.horizontalScrollBar().sizeHint().height()
                               + 2 * table.frameWidth() + 2)
    page.add(table, 0 if actor is not None else 1)
    if actor is not None:
        from desktop_app.activity_chart import ActivityChart

        page.add(ActivityChart(actor, today or date.today, page), 1)
    return page


PEOPLE_BUTTONS: dict[str, str] = {
    "subjects": str(QT_TRANSLATE_NOOP("HomePages", "Subjects…")),
    "staff": str(QT_TRANSLATE_NOOP("HomePages", "Staff…")),
    "classes": str(QT_TRANSLATE_NOOP("HomePages", "Classes and groups…")),
    "students": str(QT_TRANSLATE_NOOP("HomePages", "Students and parents…")),
    "assignments": str(QT_TRANSLATE_NOOP("HomePages", "Teaching load…")),
    "accounts": str(QT_TRANSLATE_NOOP("HomePages", "Accounts in bulk…")),
}


def administration_page(
    settings: SchoolSettings,
    summary: SchoolSummary | None,
    open_accounts: Callable[[], None],
    open_import: Callable[[], None] | None = None,
    open_people: Callable[[str], object] | None = None,
    people_screens: tuple[str, ...] = (),
    *,
    open_backups: Callable[[], None] | None = None,
    open_share: Callable[[], object] | None = None,
    open_conflicts: Callable[[], object] | None = None,
) -> Page:
    page = Page(
        QCoreApplication.translate("HomePages", "Administration"),
        QCoreApplication.translate(
            "HomePages",
            "Accounts of staff, students and parents; the school's sign-in rules.",
        ),
    )
    button = QPushButton(QCoreApplication.translate("HomePages", "Open accounts…"), page)
    button.setObjectName("openAccountsButton")
    button.setProperty("accent", True)
    button.clicked.connect(open_accounts)
    button.setMaximumWidth(260)
    page.add(button)
    if open_import is not None:  # the administration only: the services refuse others
        importing = QPushButton(
            QCoreApplication.translate("HomePages", "Import from a spreadsheet…"), page)
        importing.setObjectName("openImportButton")
        importing.clicked.connect(open_import)
        importing.setMaximumWidth(260)
        page.add(importing)
    if open_people is not None and people_screens:
        row = QWidget(page)
        row_layout = QGridLayout(row)  # three a row: the page fits a 1366-px screen
        row_layout.setContentsMargins(0, 0, 0, 0)
        for n, screen in enumerate(people_screens):
            people_button = QPushButton(
                QCoreApplication.translate("HomePages", PEOPLE_BUTTONS[screen]), row)
            people_button.setObjectName(f"people_{screen}Button")
            people_button.clicked.connect(lambda _=False, key=screen: open_people(key))
            row_layout.addWidget(people_button, n // 3, n % 3)
        row_layout.setColumnStretch(3, 1)
        page.add(row)
    if open_backups is not None:
        backups = QPushButton(
            QCoreApplication.translate("HomePages", "Backups and integrity…"), page)
        backups.setObjectName("openBackupsButton")
        backups.clicked.connect(open_backups)
        backups.setMinimumWidth(260)  # its text is longer than the buttons above
        backups.setMaximumWidth(340)
        page.add(backups)
    if open_share is not None:
        share = QPushButton(
            QCoreApplication.translate("HomePages", "Share and computers…"), page)
        share.setObjectName("openShareButton")
        share.clicked.connect(open_share)
        share.setMinimumWidth(260)
        share.setMaximumWidth(340)
        page.add(share)
    if open_conflicts is not None:  # the administration: sync conflicts and refused ops
        conflicts = QPushButton(QCoreApplication.translate(
            "HomePages", "Conflicts and refused changes…"), page)
        conflicts.setObjectName("openSyncConflictsButton")
        conflicts.clicked.connect(lambda: open_conflicts())
        conflicts.setMinimumWidth(260)
        conflicts.setMaximumWidth(340)
        page.add(conflicts)
    if summary is not None:
        page.add(QLabel(_fmt(
            QCoreApplication.translate(
                "HomePages", "%1 accounts: %2 activated, %3 disabled."),
            summary.accounts, summary.accounts_activated, summary.accounts_disabled), page))
    box = QGroupBox(QCoreApplication.translate("HomePages", "Sign-in rules"), page)
    form = QFormLayout(box)
    form.setHorizontalSpacing(24)
    yes = QCoreApplication.translate("HomePages", "allowed")
    no = QCoreApplication.translate("HomePages", "not allowed")
    kinds = (
        ("classroom", QCoreApplication.translate("HomePages", "classroom")),
        ("admin", QCoreApplication.translate("HomePages", "administration")),
    )
    form.addRow(QCoreApplication.translate("HomePages", "Minimum password length:"),
                QLabel(str(settings.password_min_length), box))
    form.addRow(
        QCoreApplication.translate("HomePages", "Lockout:"),
        QLabel(_fmt(QCoreApplication.translate(
            "HomePages", "after %1 failed attempts, for %2 minutes"),
            settings.lockout_attempts, settings.lockout_minutes), box),
    )
    for kind, title in kinds:
        form.addRow(
            _fmt(QCoreApplication.translate("HomePages", "Computers (%1):"), title),
            QLabel(_fmt(QCoreApplication.translate(
                "HomePages", "auto-lock after %1 min idle; remember me: %2"),
                settings.idle_lock_minutes.get(kind, 10),
                yes if settings.remember_me_allowed.get(kind) else no), box),
        )
    page.add(box)
    page.layout_.addStretch(1)
    return page


def diary_page(diaries: tuple[DiaryOverview, ...], role: Role) -> Page:
    page = Page(
        QCoreApplication.translate("HomePages", "Diary"),
        QCoreApplication.translate(
            "HomePages", "Your class, class teacher and subjects with their teachers.")
        if role is Role.STUDENT else QCoreApplication.translate(
            "HomePages", "Your children's classes, class teachers and subjects."),
    )
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    body = QWidget(scroll)
    inner = QVBoxLayout(body)
    for diary in diaries:
        title = diary.student_name + (f" — {diary.class_title}" if diary.class_title else "")
        box = QGroupBox(title, body)
        layout = QVBoxLayout(box)
        if not diary.available:
            note = QLabel(diary.note, box)
            note.setWordWrap(True)
            note.setObjectName("warningLabel")
            layout.addWidget(note)
        else:
            layout.addWidget(QLabel(_fmt(QCoreApplication.translate(
                "HomePages", "Class teacher: %1"), diary.class_teacher or "—"), box))
            table = make_table(
                [
                    QCoreApplication.translate("HomePages", "Subject"),
                    QCoreApplication.translate("HomePages", "Teacher"),
                    QCoreApplication.translate("HomePages", "Group"),
                ],
                [[s.subject, s.teacher, s.group] for s in diary.subjects], box,
            )
            table.setObjectName("subjectsTable")
            table.setMinimumHeight(220)
            layout.addWidget(table)
        inner.addWidget(box)
    if not diaries:
        inner.addWidget(QLabel(QCoreApplication.translate(
            "HomePages", "No student is linked to your account yet."), body))
    inner.addStretch(1)
    scroll.setWidget(body)
    page.add(scroll, 1)
    return page
