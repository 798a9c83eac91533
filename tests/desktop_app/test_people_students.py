"""Students through the GUI: add and enrol, edit, leave, transfer, come back (each
with its date and order); parents on the card; a consent registered by the class
teacher from «Мой класс» opens the parent's diary."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from database.actor import Actor, Role
from database.errors import PermissionDenied
from database.queries.diary import diary_week, students_visible_to
from database.queries.people_lists import year_ref
from database.services.classes import create_class
from database.services.people import add_guardian, link_guardian
from desktop_app.people.consents import ClassConsentsWindow
from desktop_app.people.student_card import StudentCardWindow
from desktop_app.people.students import StudentsPage
from tests.desktop_app.journal_helpers import CLASS_TEACHER, NOW, TODAY, run_db, signed_in
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


def test_add_enrol_leave_transfer_and_return(qtbot, admin, host) -> None:  # type: ignore[no-untyped-def]
    year = run_db(qtbot, year_ref)
    other = run_db(qtbot, lambda s: create_class(s, admin.actor, year.id, 5, "Б"))
    _, page = open_screen(qtbot, host, admin, "students")
    assert isinstance(page, StudentsPage)
    a_class = next(c for c in page.classes if c.title == "5 «А»")

    # Add and enrol in one step; a missing order refuses the whole step.
    page.findChild(QPushButton, "addStudentButton").click()
    dialog = page.last_dialog
    fill(dialog, surname="Жуков", name="Иван", patronymic="Петрович", gender="m",
         birth_date=date(2015, 3, 4), personal_file_no="Ж-99", health_group="II",
         pe_group="основная", class_id=a_class.id, start_date=date(2026, 11, 16))
    assert "Приказ о зачислении" in press_ok(qtbot, dialog)
    assert not any(r.surname == "Жуков" for r in page.model.rows)
    fill(dialog, order="№ 90-у от 16.11.2026")
    assert press_ok(qtbot, dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.personal_file_no == "Ж-99")
    assert (row.class_title, row.status, row.since, row.order, row.health_group) == (
        "5 «А»", "enrolled", date(2026, 11, 16), "№ 90-у от 16.11.2026", "II")

    # The personal-file number is unique.
    page.add()
    fill(page.last_dialog, surname="Жукова", name="Анна", gender="f", personal_file_no="Ж-99")
    assert "Ж-99" in press_ok(qtbot, page.last_dialog)
    page.last_dialog.reject()

    # Transfer to 5 «Б».
    select(qtbot, page, row)
    page.findChild(QPushButton, "transferButton").click()
    fill(page.last_dialog, class_id=other.id, last_day=date(2026, 11, 16),
         order="№ 91-у от 16.11.2026")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.id == row.id and r.class_title == "5 «Б»")
    assert row.since == date(2026, 11, 17)

    # Leaves; then the «Studying now» filter hides him, «All» shows him greyed.
    select(qtbot, page, row)
    page.leave()
    fill(page.last_dialog, end_date=date(2026, 11, 17), order="№ 92-у от 17.11.2026",
         reason="переезд")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.id == row.id and r.status == "left")
    assert row.since == date(2026, 11, 17) and row.class_title == ""
    assert page.findChild(QPushButton, "returnButton").isEnabled()
    assert not page.findChild(QPushButton, "leaveButton").isEnabled()

    # Comes back to 5 «А» by a new order; a date inside the old stay is refused.
    page.enrol()
    fill(page.last_dialog, class_id=a_class.id, start_date=date(2026, 11, 17),
         order="№ 95-у от 18.11.2026")
    assert "уже числится" in press_ok(qtbot, page.last_dialog)
    fill(page.last_dialog, start_date=date(2026, 11, 18))
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.id == row.id and r.status == "enrolled")
    assert row.class_title == "5 «А»" and row.order == "№ 95-у от 18.11.2026"

    # The card shows the three stays, oldest first.
    select(qtbot, page, row)
    page.open_card()
    card = page.card
    assert isinstance(card, StudentCardWindow)
    qtbot.waitUntil(lambda: card.enrolments.rowCount() == 3, timeout=10_000)
    lines = card.enrolments.rows
    assert [line.class_title for line in lines] == ["5 «А»", "5 «Б»", "5 «А»"]
    assert lines[1].end_order == "№ 92-у от 17.11.2026" and lines[1].end_reason == "переезд"

    # And the history names each step.
    page.show_history()
    qtbot.waitUntil(lambda: page.history_dialog is not None, timeout=10_000)
    texts = " | ".join(e.text for e in page.history_dialog.entries)
    for order in ("№ 90-у", "№ 91-у", "№ 92-у", "№ 95-у"):
        assert order in texts


def test_edit_student_and_parents_on_the_card(qtbot, admin, host, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    _, page = open_screen(qtbot, host, admin, "students")
    row = page.model.rows[0]
    select(qtbot, page, row)
    page.edit()
    fill(page.last_dialog, pe_group="подготовительная", health_group="III")
    assert press_ok(qtbot, page.last_dialog) == ""
    row = wait_row(qtbot, page, lambda r: r.id == row.id and r.pe_group == "подготовительная")
    assert row.health_group == "III"

    select(qtbot, page, row)
    page.open_card()
    card = page.card
    qtbot.waitUntil(lambda: card.card is not None, timeout=10_000)
    parents = len(card.card.guardians)
    card.add_guardian()
    fill(card.last_dialog, surname="Жукова", name="Анна", gender="f", phone="+7 900 111-22-33",
         relation="мать")
    assert press_ok(qtbot, card.last_dialog) == ""
    qtbot.waitUntil(lambda: len(card.card.guardians) == parents + 1, timeout=10_000)
    mother = next(g for g in card.card.guardians if g.surname == "Жукова")
    assert mother.relation == "мать" and mother.consents == ()
    new_row = next(r for r in card.panel.model.rows if r.id == mother.id)
    assert "закрыт" in new_row.consent_state  # no consent: the diary is closed

    card.panel.select_guardian(mother.id)
    card.edit_guardian()
    fill(card.last_dialog, phone="12")
    assert "Телефон" in press_ok(qtbot, card.last_dialog)
    fill(card.last_dialog, phone="+7 900 111-22-44")
    assert press_ok(qtbot, card.last_dialog) == ""
    qtbot.waitUntil(lambda: any(g.phone == "+7 900 111-22-44" for g in card.card.guardians),
                    timeout=10_000)

    # A brother: the same mother linked to another student.
    brother = page.model.rows[1]
    select(qtbot, page, brother)
    page.open_card()
    card = page.card
    card.link()
    qtbot.waitUntil(lambda: card.last_dialog is not None, timeout=10_000)
    fill(card.last_dialog, parent="Жукова Анна", relation="мать")
    assert "из списка" in press_ok(qtbot, card.last_dialog)
    choice = next(text for text in card.last_dialog.fields["parent"].completer().model()
                  .stringList() if text.startswith("Жукова Анна"))
    fill(card.last_dialog, parent=choice)
    assert press_ok(qtbot, card.last_dialog) == ""
    qtbot.waitUntil(lambda: card.card is not None and any(
        g.id == mother.id for g in card.card.guardians), timeout=10_000)


def _parent_without_consent(qtbot, admin):  # type: ignore[no-untyped-def]
    """A new mother of the first student of 5 «А» (no consent yet)."""
    from database.queries.guardians import class_guardians
    from database.queries.people_lists import class_rows

    school_class = run_db(qtbot, lambda s: class_rows(s, admin.actor, TODAY))[0]
    first = run_db(qtbot, lambda s: class_guardians(s, admin.actor, school_class.id, TODAY))[0]

    def add(s):  # type: ignore[no-untyped-def]
        mother = add_guardian(s, admin.actor, "Петрова", "Ольга", gender="f")
        link_guardian(s, admin.actor, first.student_id, mother.id, "мать")
        return mother.id

    return school_class, first.student_id, run_db(qtbot, add)


def test_class_teacher_registers_a_consent_and_the_diary_opens(  # type: ignore[no-untyped-def]
    qtbot, app, demo_paths, host
) -> None:
    admin = signed_in(qtbot, demo_paths, "admin", "admin")
    school_class, student_id, mother_id = _parent_without_consent(qtbot, admin)
    parent = Actor(role=Role.PARENT, device_id=admin.actor.device_id, account_id=None,
                   guardian_id=mother_id, clock=lambda: NOW)
    with pytest.raises(PermissionDenied, match="согласие"):
        run_db(qtbot, lambda s: diary_week(s, parent, student_id, TODAY))
    visible = run_db(qtbot, lambda s: students_visible_to(s, parent, TODAY))
    assert [v.available for v in visible] == [False]

    teacher = signed_in(qtbot, demo_paths, CLASS_TEACHER, "teacher")
    from desktop_app.people.consents import open_class_consents

    window = open_class_consents(host, teacher, school_class.id, school_class.title,
                                 lambda: TODAY)
    assert isinstance(window, ClassConsentsWindow)
    panel = window.panel
    qtbot.waitUntil(lambda: panel.loaded, timeout=10_000)
    panel.select_guardian(mother_id)
    assert panel.register_button.isEnabled() and not panel.withdraw_button.isEnabled()
    panel.register()
    fill(panel.last_dialog, granted_on=date(2026, 11, 18), document_ref="")
    assert "Документ" in press_ok(qtbot, panel.last_dialog)
    fill(panel.last_dialog, document_ref="Заявление № 31 от 18.11.2026")
    assert press_ok(qtbot, panel.last_dialog) == ""
    qtbot.waitUntil(lambda: any(r.id == mother_id and r.open_consent_id for r in
                                panel.model.rows), timeout=10_000)
    week = run_db(qtbot, lambda s: diary_week(s, parent, student_id, TODAY))
    assert week is not None
    assert [v.available for v in run_db(qtbot, lambda s: students_visible_to(
        s, parent, TODAY))] == [True]

    # Withdrawn by the class teacher: closed again from that day.
    panel.select_guardian(mother_id)
    panel.withdraw()
    fill(panel.last_dialog, withdrawn_on=date(2026, 11, 18))
    assert press_ok(qtbot, panel.last_dialog) == ""
    qtbot.waitUntil(lambda: any(r.id == mother_id and r.open_consent_id is None
                                for r in panel.model.rows), timeout=10_000)
    with pytest.raises(PermissionDenied):
        run_db(qtbot, lambda s: diary_week(s, parent, student_id, TODAY))


def test_another_teacher_cannot_open_the_class_consents(qtbot, app, demo_paths, host,  # type: ignore[no-untyped-def]
                                                        recorded_messages) -> None:
    admin = signed_in(qtbot, demo_paths, "admin", "admin")
    school_class, _, _ = _parent_without_consent(qtbot, admin)
    teacher = signed_in(qtbot, demo_paths, "tikhomirova.ns", "teacher")  # not its class teacher
    from desktop_app.people.consents import open_class_consents

    open_class_consents(host, teacher, school_class.id, school_class.title, lambda: TODAY)
    qtbot.waitUntil(lambda: bool(recorded_messages.texts("warning")), timeout=10_000)
    assert "не ваш класс" in recorded_messages.texts("warning")[0]


def test_my_class_page_opens_the_consents(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main

    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["class_teacher"])
    wait_main(qtbot, controller)
    main = controller.main
    button = show_section(main, "my_class").findChild(QPushButton, "consentsButton")
    assert button is not None
    button.click()
    window = main.findChild(ClassConsentsWindow)
    assert window is not None
    qtbot.waitUntil(lambda: window.panel.loaded, timeout=10_000)
    assert window.panel.model.rowCount() > 0
