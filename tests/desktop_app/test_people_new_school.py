"""A school entered from nothing through the people screens: after «Создать школу»
and a school year, a subject, a teacher, a class, a student, an assignment and the
accounts — and the teacher signs in and opens the class's journal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from database.auth import create_school, sign_in
from database.paths import SchoolPaths
from database.queries.journal import list_journals
from database.services.school import create_academic_year
from desktop_app import accounts_window as accounts_module
from desktop_app.worker import WorkerTask
from tests.desktop_app.journal_helpers import NOW, clock_at, open_page, run_db
from tests.desktop_app.people_helpers import fill, open_screen, press_ok, wait_row


def test_from_an_empty_school_to_a_teacher_in_its_journal(  # type: ignore[no-untyped-def]
    qtbot, app, tmp_path: Path, monkeypatch
) -> None:
    paths = SchoolPaths(tmp_path / "new")
    box: list[object] = []
    WorkerTask(lambda w: w.attach(create_school(
        paths, full_name="МБОУ «Школа № 7»", short_name="Школа № 7",
        director_name="Петрова Анна Ивановна", admin_login="director",
        admin_password="long-enough-1", device_name="Приёмная", device_kind="admin",
        clock=clock_at(NOW),
    ))).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=60_000)
    admin = box[0]
    host = QWidget()
    qtbot.addWidget(host)

    # An empty school says what to do next instead of showing empty numbers.
    window, classes = open_screen(qtbot, host, admin, "classes")
    assert "Учебного года ещё нет" in classes.ui.hintLabel.text()
    # (The school year is the set-up screens' job; here it is made by its service.)
    run_db(qtbot, lambda s: create_academic_year(s, admin.actor, date(2026, 9, 1),
                                                 date(2027, 5, 31), make_current=True))

    _, subjects = open_screen(qtbot, host, admin, "subjects")
    subjects.add()
    fill(subjects.last_dialog, name="Математика", short_name="Матем.")
    assert press_ok(qtbot, subjects.last_dialog) == ""
    wait_row(qtbot, subjects, lambda r: r.name == "Математика")

    _, staff = open_screen(qtbot, host, admin, "staff")
    staff.add()
    fill(staff.last_dialog, surname="Смирнова", name="Ольга", patronymic="Петровна",
         gender="f", position="учитель математики")
    assert press_ok(qtbot, staff.last_dialog) == ""
    teacher = wait_row(qtbot, staff, lambda r: r.surname == "Смирнова")

    classes.refresh()
    qtbot.waitUntil(lambda: not classes.loading and classes.year is not None, timeout=10_000)
    classes.add()
    fill(classes.last_dialog, grade=5, letter="А", teacher=teacher.id)
    assert press_ok(qtbot, classes.last_dialog) == ""
    school_class = wait_row(qtbot, classes, lambda r: r.title == "5 «А»")

    _, students = open_screen(qtbot, host, admin, "students")
    students.add()
    fill(students.last_dialog, surname="Алексеев", name="Пётр", gender="m",
         birth_date=date(2015, 4, 1), class_id=school_class.id, start_date=date(2026, 9, 1),
         order="№ 1-у от 01.09.2026")
    assert press_ok(qtbot, students.last_dialog) == ""
    wait_row(qtbot, students, lambda r: r.class_title == "5 «А»")

    _, load = open_screen(qtbot, host, admin, "assignments")
    load.add()
    fill(load.last_dialog, class_id=school_class.id, teacher_id=teacher.id, hours=5)
    assert press_ok(qtbot, load.last_dialog) == ""
    wait_row(qtbot, load, lambda r: r.subject_name == "Математика")

    out = tmp_path / "slips.pdf"
    monkeypatch.setattr(accounts_module, "ask_slips_path", lambda parent, suggested: out)
    monkeypatch.setattr(accounts_module, "open_file", lambda path: None)
    _, accounts = open_screen(qtbot, host, admin, "accounts")
    assert sorted(p.login for p in accounts.plan.planned) == ["s.alekseev.p", "smirnova.op"]
    accounts.create_accounts()
    qtbot.waitUntil(lambda: len(accounts.issued) == 2, timeout=60_000)
    password = next(i.password for i in accounts.issued if i.planned.login == "smirnova.op")
    window.close()

    # The teacher signs in with the slip's password and opens the class's journal.
    box.clear()
    WorkerTask(lambda w: w.attach(sign_in(paths, "smirnova.op", password,
                                          clock=clock_at(NOW)))).success(box.append).run()
    qtbot.waitUntil(lambda: bool(box), timeout=60_000)
    signed = box[0]
    assert signed.must_change_password  # a one-time password
    journals = run_db(qtbot, lambda s: list_journals(s, signed.actor))
    assert [(j.class_name, j.subject_name, j.own) for j in journals] == [
        ("5 «А»", "Математика", True)]
    page = open_page(qtbot, signed, journals[0])
    assert [s.full_name for s in page.snapshot.data.students] == ["Алексеев Пётр"]
    assert page.snapshot.keeps
