"""The people screens on the tiny demo school (5 «А»): subjects, staff, classes and
groups, teaching load — add, edit and the refusals shown inside the dialog; the
change history of a record; who may reach the screens."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from database.errors import PermissionDenied
from database.queries.people_lists import staff_rows
from desktop_app.people.classes import ClassesPage
from desktop_app.people.staff import StaffPage
from desktop_app.people.students import StudentsPage
from tests.desktop_app.journal_helpers import TODAY, run_db, signed_in
from tests.desktop_app.people_helpers import (
    fill,
    open_screen,
    press_ok,
    select,
    show_section,
    wait_row,
)


@pytest.fixture
def admin(qtbot, app, demo_paths):  # type: ignore[no-untyped-def]
    return signed_in(qtbot, demo_paths, "admin", "admin")


@pytest.fixture
def host(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_models_pass_the_model_tester(qtbot, qtmodeltester, admin, host) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "students")
    assert page.model.rowCount() >= 25
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    # Search by any word of the row, any case; the filter by class.
    page.ui.searchEdit.setText("5 «А»")
    assert page.proxy.rowCount() == page.model.rowCount() - sum(
        1 for r in page.model.rows if r.status != "enrolled")
    first = page.model.rows[0]
    page.ui.searchEdit.setText(first.surname.upper() + " " + first.name.lower())
    assert 1 <= page.proxy.rowCount() < page.model.rowCount()


def test_one_window_reused_and_opened_on_the_screen(qtbot, admin, host) -> None:  # type: ignore[no-untyped-def]
    window, _ = open_screen(qtbot, host, admin, "subjects")
    again, page = open_screen(qtbot, host, admin, "classes")
    assert again is window
    assert window.ui.tabs.currentWidget().findChild(ClassesPage) is page
    assert "staff" not in window.pages  # a tab is made and read when first shown
    with pytest.raises(ValueError):
        open_screen(qtbot, host, admin, "timetable")


def test_subjects_add_edit_and_duplicate(qtbot, admin, host) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "subjects")
    page.findChild(QPushButton, "addSubjectButton").click()
    dialog = page.last_dialog
    fill(dialog, name="Астрономия", short_name="Астр.", assessment="pass_fail")
    assert press_ok(qtbot, dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.name == "Астрономия")
    assert (row.short_name, row.assessment) == ("Астр.", "pass_fail")

    page.add()
    dialog = page.last_dialog
    fill(dialog, name="астрономия")
    assert "уже есть" in press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.fields["name"].text() == "астрономия"  # kept
    dialog.reject()

    select(qtbot, page, row)
    page.edit()
    fill(page.last_dialog, short_name="Астрон.", assessment="none")
    assert press_ok(qtbot, page.last_dialog) == ""
    wait_row(qtbot, page, lambda r: r.name == "Астрономия" and r.short_name == "Астрон."
             and r.assessment == "none")


def test_staff_add_edit_deactivate_and_history(qtbot, admin, host, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "staff")
    page.add()
    fill(page.last_dialog, surname="Орлова", name="вера", patronymic="Павловна", gender="f",
         position="учитель музыки")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.surname == "Орлова")
    assert row.name == "Вера" and row.active  # the service capitalises

    page.add()
    fill(page.last_dialog, surname="", name="Иван")
    assert "Фамилия" in press_ok(qtbot, page.last_dialog)
    page.last_dialog.reject()

    select(qtbot, page, row)
    page.edit()
    fill(page.last_dialog, position="учитель музыки и ИЗО")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.position == "учитель музыки и ИЗО")

    select(qtbot, page, row)
    assert page.findChild(QPushButton, "deactivateStaffButton").isEnabled()
    page.deactivate()
    assert any("Орлова" in t for t in recorded_messages.texts("confirm"))
    row = wait_row(qtbot, page, lambda r: r.surname == "Орлова" and not r.active)

    select(qtbot, page, row)
    page.show_history()
    qtbot.waitUntil(lambda: page.history_dialog is not None, timeout=10_000)
    texts = [e.text for e in page.history_dialog.entries]
    assert any("учитель музыки и ИЗО" in t for t in texts)
    assert any("работает: нет" in t for t in texts)
    assert {e.author for e in page.history_dialog.entries} == {"admin"}
    page.history_dialog.close()


def test_a_teacher_cannot_add_staff(qtbot, app, demo_paths, host, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    teacher = signed_in(qtbot, demo_paths, "tikhomirova.ns", "teacher")
    with pytest.raises(PermissionDenied):
        run_db(qtbot, lambda s: staff_rows(s, teacher.actor))
    page = StaffPage(teacher, lambda: TODAY, host)
    page.refresh()
    qtbot.waitUntil(lambda: bool(recorded_messages.texts("warning")), timeout=10_000)
    assert "Недостаточно прав" in recorded_messages.texts("warning")[0]
    page.add()
    fill(page.last_dialog, surname="Сидоров", name="Игорь")
    assert "Недостаточно прав" in press_ok(qtbot, page.last_dialog)


def test_classes_latin_letter_duplicate_and_teacher(qtbot, admin, host) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "classes")
    assert isinstance(page, ClassesPage)
    assert [r.title for r in page.model.rows] == ["5 «А»"]
    page.add()
    fill(page.last_dialog, grade=5, letter="A")  # a Latin A
    assert "русской" in press_ok(qtbot, page.last_dialog)
    fill(page.last_dialog, letter="а")  # Cyrillic, lower case: the same class
    assert "5 «А»" in press_ok(qtbot, page.last_dialog)
    assert "уже есть" in page.last_dialog.error_text()
    teacher = next(s for s in page.staff if s.active and not s.led_class)
    fill(page.last_dialog, letter="б", teacher=teacher.id, room="214")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.title == "5 «Б»")
    assert row.class_teacher == teacher.short_name and row.room == "214"
    assert len(page.model.rows) == 2

    select(qtbot, page, row)
    page.edit()
    fill(page.last_dialog, grade=6)
    assert press_ok(qtbot, page.last_dialog) == ""
    wait_row(qtbot, page, lambda r: r.title == "6 «Б»")


def test_groups_add_rename_and_move_students(qtbot, admin, host) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "classes")
    row = page.model.rows[0]
    select(qtbot, page, row)
    before = {g.name: g.members for g in row.groups}
    assert len(before) == 2  # English, two groups
    page.add_group()
    fill(page.last_dialog, name="Информатика, 1 гр.")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: any(g.name == "Информатика, 1 гр." for g in r.groups))
    select(qtbot, page, row)
    page.add_group()
    fill(page.last_dialog, name="информатика, 1 ГР.")
    assert "уже есть группа" in press_ok(qtbot, page.last_dialog)
    page.last_dialog.reject()

    page.edit_members()
    qtbot.waitUntil(lambda: page.members_dialog is not None, timeout=10_000)
    dialog = page.members_dialog
    groups = dict((name, gid) for gid, name in dialog.data.groups)
    english = sorted(n for n in groups if n.startswith("Англ"))
    first, second = groups[english[0]], groups[english[1]]
    mover = next(s for s, _ in dialog.data.students if (first, s) in dialog.data.members)
    dialog.set_checked(mover, first, False)  # from the first English group …
    dialog.set_checked(mover, second, True)  # … to the second
    dialog.set_checked(mover, groups["Информатика, 1 гр."], True)
    assert len(dialog.changes()) == 3
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    row = wait_row(qtbot, page, lambda r: {g.name: g.members for g in r.groups}.get(
        "Информатика, 1 гр.") == 1)
    members = {g.name: g.members for g in row.groups}
    assert members[english[0]] == before[english[0]] - 1
    assert members[english[1]] == before[english[1]] + 1


def test_assignments_add_edit_and_totals(qtbot, admin, host) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "assignments")
    data = page.data
    teacher = next(s for s in data.staff if s.active and s.position.startswith("учитель"))
    subject = next(s for s in data.subjects if not any(
        a.subject_id == s.id and a.group_id is None for a in data.assignments))
    hours_before = sum(a.hours_per_week for a in data.assignments if a.teacher_id == teacher.id)
    page.add()
    fill(page.last_dialog, subject_id=subject.id, teacher_id=teacher.id, hours=1.5)
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.subject_id == subject.id and r.group_id is None)
    assert row.hours_per_week == 1.5 and row.teacher_id == teacher.id
    totals = {page.totals.item(r, 0).text(): page.totals.item(r, 1).text()
              for r in range(page.totals.rowCount())}
    assert totals[teacher.short_name] == f"{hours_before + 1.5:g}".replace(".", ",")

    page.add()
    fill(page.last_dialog, subject_id=subject.id, teacher_id=teacher.id)
    assert "уже назначен" in press_ok(qtbot, page.last_dialog)
    page.last_dialog.reject()

    select(qtbot, page, row)
    page.edit()
    fill(page.last_dialog, hours=3)
    assert press_ok(qtbot, page.last_dialog) == ""
    wait_row(qtbot, page, lambda r: r.id == row.id and r.hours_per_week == 3)


def test_administration_page_has_the_people_buttons(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    main = controller.main
    page = show_section(main, "administration")
    button: Any = page.findChild(QPushButton, "people_studentsButton")
    assert button is not None and button.text() == "Ученики и родители…"
    button.click()
    from desktop_app.people.window import PeopleWindow

    window = main.findChild(PeopleWindow)
    assert window is not None
    qtbot.waitUntil(lambda: window.pages["students"].loaded, timeout=20_000)
    assert window.ui.tabs.currentWidget().findChild(StudentsPage) is window.pages["students"]
    main.set_locked(True)  # personal data leaves the screen on a lock
    qtbot.waitUntil(lambda: main.findChild(PeopleWindow) is None
                    or not main.findChild(PeopleWindow).isVisible(), timeout=10_000)


def test_the_system_administrator_reaches_only_accounts_in_bulk(  # type: ignore[no-untyped-def]
    qtbot, app, demo_paths, host
) -> None:
    sysadmin = signed_in(qtbot, demo_paths, "sysadmin", "sysadmin")
    window, page = open_screen(qtbot, host, sysadmin, "accounts")
    assert list(window._holders) == ["accounts"]  # no people lists for the sysadmin
    assert page.plan is not None  # the plan is readable by an account manager
    with pytest.raises(ValueError):
        window.show_screen("students")
