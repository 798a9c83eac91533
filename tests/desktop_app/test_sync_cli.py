"""The sync commands end to end: the demo as computers over one share folder, a
change crossing, a computer enrolled with a one-time code, one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from database.auth import sign_in
from database.demo import DEMO_PASSWORDS
from database.models import School
from database.paths import SchoolPaths
from database.services.school import update_school
from desktop_app.cli import PASSWORD_ENV, main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_over_a_share_enrol_sync_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo, share = tmp_path / "demo", tmp_path / "share"
    code, out, _ = _run(capsys, "demo", "--data-dir", str(demo), "--share", str(share),
                        "--computers", "2", "--size", "tiny", "--today", "2026-11-18",
                        "--quiet")
    assert code == 0 and "computer-2" in out
    first, second = SchoolPaths(demo / "computer-1"), SchoolPaths(demo / "computer-2")
    teacher = next(
        line.split(";")[0] for line in (first.root / "demo-logins.csv").read_text(
            encoding="utf-8-sig").splitlines() if ";teacher;" in line
    )

    # A change on the administration computer reaches the classroom computer.
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    signed = sign_in(first, "admin", DEMO_PASSWORDS["admin"])
    with signed.sessions() as session:
        update_school(session, signed.actor, short_name="Школа через сеть")
        session.commit()
    signed.close()
    assert _run(capsys, "--data-dir", str(first.root), "--user", "admin", "sync")[0] == 0
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["teacher"])
    code, out, _ = _run(capsys, "--data-dir", str(second.root), "--user", teacher, "sync")
    assert code == 0 and "принято:" in out
    signed = sign_in(second, teacher, DEMO_PASSWORDS["teacher"])
    with signed.sessions() as session:
        assert session.scalar(select(School.short_name)) == "Школа через сеть"
    signed.close()
    code, out, _ = _run(capsys, "--data-dir", str(second.root), "--user", teacher, "share",
                        "status")
    assert code == 0 and "Общая папка доступна" in out

    # A third computer joins with a one-time code.
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    code, out, _ = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "device", "enrol",
                        "Кабинет 9")
    assert code == 0 and "действует до" in out
    match = re.search(r"([a-z2-9]{5}-[a-z2-9]{5})", out)
    assert match is not None
    third = SchoolPaths(demo / "computer-3")
    code, out, _ = _run(capsys, "--data-dir", str(third.root), "device", "join", str(share),
                        match[1], "--name", "Кабинет 9")
    assert code == 0 and "отправлен" in out
    assert _run(capsys, "--data-dir", str(first.root), "--user", "admin", "sync")[0] == 0
    code, out, _ = _run(capsys, "--data-dir", str(third.root), "device", "join", str(share))
    assert code == 0 and "подключён" in out
    sign_in(third, teacher, DEMO_PASSWORDS["teacher"]).close()

    # One-line errors, nothing created where the share is not.
    code, out, _ = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "sync",
                        "--share", str(tmp_path / "unmounted"))
    assert code == 1 and "недоступна" in out and not (tmp_path / "unmounted").exists()
    code, _, err = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "share", "init",
                        str(share))
    assert code == 2 and err.startswith("Ошибка:") and len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "--data-dir", str(tmp_path / "new"), "device", "join",
                        str(share))
    assert code == 2 and "код" in err

    # share compact: on the administration workstation a snapshot, nothing young removed;
    # elsewhere a one-line refusal.
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    code, out, _ = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "share",
                        "compact")
    assert code == 0 and "Снимок" in out and "Удалено файлов изменений: 0" in out
    assert list((share / "SchoolJournal" / "snap").glob("*.sjsnap"))
    code, out, _ = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "share",
                        "status")
    assert code == 0 and "Снимок школы: №" in out
    code, _, err = _run(capsys, "--data-dir", str(second.root), "--user", "admin", "share",
                        "compact")
    assert code == 2 and "администрации" in err and len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "share",
                        "compact", "--grace-days", "-1")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "--data-dir", str(first.root), "--user", "admin", "share",
                        "compact", "--share", str(tmp_path / "unmounted"))
    assert code == 2 and "недоступна" in err and not (tmp_path / "unmounted").exists()

def test_smb_addresses_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A password typed into the address is refused in one line, before anything else.
    code, _, err = _run(capsys, "--data-dir", str(tmp_path / "new"), "device", "join",
                        "smb://admin:secret@server/journal", "abcd-efgh")
    assert code != 0
    assert err.strip().count("\n") == 0 and "Пароль в адресе не сохраняется" in err
    # smb-password wants an address with a user.
    code, _, err = _run(capsys, "share", "smb-password", "smb://server/journal")
    assert code != 0 and "smb://пользователь@сервер" in err
