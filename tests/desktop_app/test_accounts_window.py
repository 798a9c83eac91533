"""The accounts window: the model, creating an account for a person, resetting and
disabling, and login slips as a PDF (one slip per person, a sheet per class)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from database.auth import sign_in
from database.errors import AuthError
from database.keyslots import slot_info
from database.services.people import add_staff
from desktop_app import accounts_window as accounts_module
from desktop_app.accounts_window import AccountsWindow, CreateAccountDialog
from desktop_app.reports.login_slips import LoginSlip, SlipSheet, build_login_slips
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main


@pytest.fixture
def window(qtbot, make_controller, demo_paths):  # type: ignore[no-untyped-def]
    admin = sign_in(demo_paths, *DEMO["admin"])
    with admin.sessions() as session:
        add_staff(session, admin.actor, "Орлова", "Вера", "Павловна", position="учитель музыки")
        session.commit()
    admin.close()
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    controller.main.open_accounts()
    win = controller.main.accounts_window
    assert isinstance(win, AccountsWindow)
    qtbot.waitUntil(lambda: len(win.model.rows) > 0, timeout=30_000)
    return win


def test_accounts_model(qtmodeltester, window) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)
    window.ui.searchEdit.setText("pavlova.lg")
    assert window.proxy.rowCount() == 1


def test_create_reset_disable(qtbot, window, demo_paths, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    window.create_account()
    dialog = window.findChild(CreateAccountDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ui.personList.count() > 0, timeout=30_000)
    names = [dialog.ui.personList.item(i).text() for i in range(dialog.ui.personList.count())]
    row = next(i for i, text in enumerate(names) if text.startswith("Орлова Вера"))
    dialog.choose(row)
    qtbot.waitUntil(lambda: dialog.ui.loginEdit.text() == "orlova.vp", timeout=30_000)
    dialog.ui.buttonBox.accepted.emit()
    qtbot.waitUntil(lambda: any("orlova.vp" in t for t in recorded_messages.texts("info")),
                    timeout=30_000)
    qtbot.waitUntil(lambda: any(r.login == "orlova.vp" for r in window.model.rows),
                    timeout=30_000)
    account = next(r for r in window.model.rows if r.login == "orlova.vp")
    password = window.model.issued[account.account_id]
    signed = sign_in(demo_paths, "orlova.vp", password)
    assert signed.must_change_password and signed.role.value == "teacher"
    signed.close()

    # Reset: a new one-time password; the old one stops working.
    window.select_login("orlova.vp")
    window.reset_password()
    qtbot.waitUntil(lambda: window.model.issued.get(account.account_id) != password,
                    timeout=30_000)
    with pytest.raises(AuthError):
        sign_in(demo_paths, "orlova.vp", password)

    # Disable: the key slot goes too, so the password opens nothing.
    current = window.model.issued[account.account_id]
    window.select_login("orlova.vp")
    window.disable()
    qtbot.waitUntil(
        lambda: next(r for r in window.model.rows if r.login == "orlova.vp").status == "disabled",
        timeout=30_000,
    )
    assert account.account_id not in window.model.issued
    assert slot_info(demo_paths.slots_dir, "orlova.vp") is None
    with pytest.raises(AuthError, match="Неверный"):
        sign_in(demo_paths, "orlova.vp", current)

    # Enable again: a new one-time password, shown in the list.
    window.select_login("orlova.vp")
    window.enable()
    qtbot.waitUntil(lambda: account.account_id in window.model.issued, timeout=30_000)
    qtbot.waitUntil(lambda: any("enabled" in t or "включ" in t
                                for t in recorded_messages.texts("info")), timeout=30_000)
    signed = sign_in(demo_paths, "orlova.vp", window.model.issued[account.account_id])
    assert signed.must_change_password
    signed.close()


def test_login_slips_pdf_contains_each_login(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "slips.pdf"
    monkeypatch.setattr(accounts_module, "ask_slips_path", lambda parent, suggested: out)
    opened: list[Path] = []
    monkeypatch.setattr(accounts_module, "open_file", opened.append)
    window.ui.roleFilterCombo.setCurrentIndex(window.ui.roleFilterCombo.findData("parent"))
    window.ui.accountsView.selectAll()
    chosen = window.selected_rows()
    window.ui.roleFilterCombo.setCurrentIndex(window.ui.roleFilterCombo.findData("student"))
    window.ui.accountsView.selectAll()
    chosen = [*chosen, *window.selected_rows()]
    students = [r for r in window.selected_rows() if r.status != "disabled"]
    assert len(students) >= 20
    window.print_slips()
    qtbot.waitUntil(lambda: opened == [out], timeout=30_000)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for row in students:
        assert row.login in text
        assert window.model.issued[row.account_id] in text
    assert "5 «А» класс — ученики и родители" in text
    assert "Выдано 18.11.2026" in text
    assert chosen


def test_login_slips_layout(tmp_path: Path) -> None:
    slips = tuple(
        LoginSlip(f"Ученик Номер {i}", "ученик", f"s.pupil{i:02d}", f"abcde-fghjk-{i:05d}",
                  detail="7 «Б» класс")
        for i in range(23)
    )
    staff = (LoginSlip("Смирнова Ольга Петровна", "учитель", "smirnova.op", "kkkkk-mmmmm-nnnnn"),)
    path = build_login_slips(
        tmp_path / "s.pdf", school_name="МБОУ «Школа № 5»",
        sheets=[SlipSheet("7 «Б» класс", slips), SlipSheet("Сотрудники", staff)],
        issued_on=date(2026, 11, 18),
    )
    reader = PdfReader(path)
    assert len(reader.pages) == 3 + 1  # ten slips a page; the staff sheet starts anew
    pages = [page.extract_text() for page in reader.pages]
    for slip in slips:
        assert slip.login in "\n".join(pages[:3])
    assert "smirnova.op" in pages[3] and "Сотрудники" in pages[3]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            fonts.add(str(descriptor["/BaseFont"]))
            assert "/FontFile2" in descriptor["/FontDescriptor"]  # embedded
    assert all("DejaVuSans" in name for name in fonts)
