"""Accounts in bulk: for a class, logins suggested by transliteration and made unique
(also against existing logins and within the batch), one-time passwords that open
the school, and the batch's login slips as a PDF in the same step; a cancelled batch
leaves nothing behind."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from database.account_batch import BatchCancelled, issue_batch
from database.auth import sign_in
from database.errors import ConflictError
from database.keyslots import list_slots
from database.models import Account
from database.queries.people_lists import class_rows
from database.services.account_batch import BatchScope, plan_batch
from database.services.people import add_guardian, add_student, enrol_student, link_guardian
from desktop_app import accounts_window as accounts_module
from desktop_app.people.account_batch import AccountBatchPage
from tests.desktop_app.journal_helpers import TODAY, run_db, signed_in
from tests.desktop_app.people_helpers import open_screen, run_task


@pytest.fixture
def admin(qtbot, app, demo_paths):  # type: ignore[no-untyped-def]
    return signed_in(qtbot, demo_paths, "admin", "admin")


@pytest.fixture
def host(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _newcomers(qtbot, admin):  # type: ignore[no-untyped-def]
    """Two namesakes «Иванов Иван Петрович» and a girl in 5 «А», the girl's mother."""
    school_class = run_db(qtbot, lambda s: class_rows(s, admin.actor, TODAY))[0]

    def add(s):  # type: ignore[no-untyped-def]
        a = admin.actor
        ids = []
        for surname, name, gender, born in (("Иванов", "Иван", "m", date(2015, 1, 5)),
                                            ("Иванов", "Иван", "m", date(2015, 7, 9)),
                                            ("Щукина", "Юлия", "f", date(2015, 2, 2))):
            student = add_student(s, a, surname, name, "Петрович" if gender == "m" else "",
                                  gender=gender, birth_date=born)
            enrol_student(s, a, student.id, school_class.id, date(2026, 11, 2), "№ 88-у")
            ids.append(student.id)
        mother = add_guardian(s, a, "Щукина", "Ёлка", "Ильинична", gender="f")
        link_guardian(s, a, ids[2], mother.id, "мать")
        return ids

    return school_class, run_db(qtbot, add)


def test_bulk_accounts_for_a_class_with_slips(  # type: ignore[no-untyped-def]
    qtbot, admin, host, demo_paths, tmp_path: Path, monkeypatch
) -> None:
    school_class, _ = _newcomers(qtbot, admin)
    out = tmp_path / "slips.pdf"
    monkeypatch.setattr(accounts_module, "ask_slips_path", lambda parent, suggested: out)
    opened: list[Path] = []
    monkeypatch.setattr(accounts_module, "open_file", opened.append)
    accounts_before = run_db(qtbot, lambda s: s.execute(
        select(func.count()).select_from(Account)).scalar_one())

    _, page = open_screen(qtbot, host, admin, "accounts")
    assert isinstance(page, AccountBatchPage)
    page.set_scope(f"class:{school_class.id}")
    qtbot.waitUntil(lambda: not page.loading and page.plan is not None
                    and page.plan.scope.class_id == school_class.id, timeout=20_000)
    planned = page.plan.planned
    logins = sorted(p.login for p in planned)
    assert logins == ["p.shchukina.ei", "s.ivanov.ip", "s.ivanov.ip2", "s.shchukina.y"]
    assert not page.staff_check.isEnabled()  # staff only with the whole school
    assert page.create_button.text() == "&Создать (4) и напечатать бланки…"

    page.create_accounts()
    qtbot.waitUntil(lambda: opened == [out], timeout=60_000)
    assert len(page.issued) == 4
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "5 «А» класс — ученики и родители" in text
    for issued in page.issued:
        assert issued.planned.login in text and issued.password in text
    # The passwords are on screen until the window closes, beside their logins.
    column = [c.title for c in page.model.columns].index("Одноразовый пароль")
    shown = {page.model.index(r, column).data() for r in range(page.model.rowCount())}
    assert shown == {i.password for i in page.issued}

    mother = next(i for i in page.issued if i.planned.login == "p.shchukina.ei")
    signed = sign_in(demo_paths, mother.planned.login, mother.password)
    assert signed.role.value == "parent" and signed.must_change_password
    signed.close()
    assert run_db(qtbot, lambda s: s.execute(
        select(func.count()).select_from(Account)).scalar_one()) == accounts_before + 4

    # Planned again: nobody of the class is left without an account.
    page.refresh()
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert page.plan.planned == []
    assert not page.create_button.isEnabled()
    page.window().close()
    assert page.passwords == {}  # one-time passwords leave memory with the window


def test_a_cancelled_batch_creates_nothing(qtbot, admin, demo_paths) -> None:  # type: ignore[no-untyped-def]
    _newcomers(qtbot, admin)
    planned = run_db(qtbot, lambda s: plan_batch(s, admin.actor, BatchScope(), TODAY))
    assert len(planned) == 4
    slots_before = set(list_slots(demo_paths.slots_dir))
    stop = threading.Event()

    def progress(done: int, total: int) -> None:
        stop.set()  # the user pressed «Отмена» after the first key

    with pytest.raises(BatchCancelled):
        run_task(qtbot, lambda: issue_batch(admin, planned, progress=progress, cancelled=stop))
    assert set(list_slots(demo_paths.slots_dir)) == slots_before
    sign_in(demo_paths, "admin", "admin2026").close()
    again = run_db(qtbot, lambda s: plan_batch(s, admin.actor, BatchScope(), TODAY))
    assert [p.login for p in again] == [p.login for p in planned]


def test_a_refused_batch_removes_its_keys(qtbot, admin, demo_paths) -> None:  # type: ignore[no-untyped-def]
    _newcomers(qtbot, admin)
    planned = run_db(qtbot, lambda s: plan_batch(s, admin.actor, BatchScope(), TODAY))
    slots_before = set(list_slots(demo_paths.slots_dir))
    # A login taken meanwhile («admin»): refused before any key is written, so the
    # administrator's own key is never touched.
    taken = [replace(planned[0], login="admin"), *planned[1:]]

    with pytest.raises(ConflictError, match="admin"):
        run_task(qtbot, lambda: issue_batch(admin, taken))
    assert set(list_slots(demo_paths.slots_dir)) == slots_before
    sign_in(demo_paths, "admin", "admin2026").close()


def test_cancel_in_the_progress_dialog_creates_nothing(  # type: ignore[no-untyped-def]
    qtbot, admin, host, demo_paths, tmp_path: Path, monkeypatch, recorded_messages
) -> None:
    from desktop_app.worker import Task

    _newcomers(qtbot, admin)
    monkeypatch.setattr(accounts_module, "ask_slips_path",
                        lambda parent, suggested: tmp_path / "slips.pdf")
    _, page = open_screen(qtbot, host, admin, "accounts")
    planned = len(page.plan.planned)
    assert planned >= 4
    slots_before = set(list_slots(demo_paths.slots_dir))
    # Hold the worker, so the batch is still queued when «Отмена» is pressed.
    release = threading.Event()
    Task(lambda: release.wait(30)).run()
    page.create_accounts()
    dialog = page.progress_dialog
    assert dialog is not None and dialog.maximum() == planned
    from PySide6.QtWidgets import QPushButton

    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Отмена"
    cancel.click()
    release.set()
    qtbot.waitUntil(lambda: page.progress_dialog is None, timeout=30_000)
    assert any("ничего не создано" in t for t in recorded_messages.texts("info"))
    assert set(list_slots(demo_paths.slots_dir)) == slots_before
    assert page.issued == []
    qtbot.waitUntil(lambda: not page.loading and len(page.plan.planned) == planned,
                    timeout=20_000)
