"""Navigation by role: each role sees its own sections with real content, and what a
role may not do is neither shown nor allowed — the services refuse it too."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QTableWidget

from database.actor import Role
from database.auth import issue_password, sign_in
from database.errors import PermissionDenied
from database.queries.account_list import account_rows, list_accounts
from database.queries.home import activity_indicators, diary_overview, school_summary
from database.services.accounts import create_account
from tests.desktop_app.conftest import DEMO, TODAY, sign_in_with_dialog, wait_main

EXPECTED = {
    "admin": ["school", "journals", "reports", "administration"],
    "sysadmin": ["school", "administration"],
    "class_teacher": ["my_journals", "my_class"],
    "teacher": ["my_journals"],
    "student": ["diary"],
    "parent": ["diary"],
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_sections_by_role(qtbot, make_controller, who: str) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO[who])
    wait_main(qtbot, controller)
    main = controller.main
    assert main.section_keys == EXPECTED[who]
    assert main.ui.navigationList.count() == len(EXPECTED[who])
    manages = who in ("admin", "sysadmin")
    assert main.ui.menuAdministration.menuAction().isVisible() == manages
    assert main.ui.actionAccounts.isEnabled() == manages
    if who in ("teacher", "class_teacher"):
        table = main.ui.pageStack.widget(0).findChild(QTableWidget, "journalsTable")
        assert table.rowCount() > 0  # its real journals from the database
    if who == "class_teacher":
        roster = main.ui.pageStack.widget(1).findChild(QTableWidget, "rosterTable")
        assert roster.rowCount() == 25
    if who == "admin":
        table = main.ui.pageStack.widget(2).findChild(QTableWidget, "indicatorsTable")
        assert table.rowCount() == 6  # the six indicators of the order
    if who in ("student", "parent"):
        subjects = main.ui.pageStack.widget(0).findChild(QTableWidget, "subjectsTable")
        assert subjects is not None and subjects.rowCount() > 0
    # Opening the accounts window is ignored for roles that may not manage accounts.
    main.open_accounts()
    assert (main.accounts_window is not None) == manages


def test_hidden_actions_are_refused_by_the_services_too(demo_paths) -> None:  # type: ignore[no-untyped-def]
    teacher = sign_in(demo_paths, *DEMO["teacher"])
    student = sign_in(demo_paths, *DEMO["student"])
    try:
        actor = teacher.actor
        with pytest.raises(PermissionDenied):
            issue_password(teacher, teacher.account_id)
        with teacher.sessions() as session:
            for call in (
                lambda: create_account(session, actor, "new.login", Role.TEACHER),
                lambda: list_accounts(session, actor),
                lambda: account_rows(session, actor, TODAY),
                lambda: school_summary(session, actor, TODAY),
                lambda: activity_indicators(session, actor, TODAY),
                lambda: diary_overview(session, actor, date(2026, 11, 18)),
            ):
                with pytest.raises(PermissionDenied):
                    call()
        with student.sessions() as session:
            with pytest.raises(PermissionDenied):
                school_summary(session, student.actor, TODAY)
            assert len(diary_overview(session, student.actor, TODAY)) == 1
    finally:
        teacher.close()
        student.close()
