"""``school-journal report …`` on a copy of the ``tiny`` demo school."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from database.demo import DEMO_PASSWORDS
from database.paths import SchoolPaths
from desktop_app.cli import PASSWORD_ENV, main


def _run(paths: SchoolPaths, user: str, *args: str) -> int:
    return main(["report", "--data-dir", str(paths.root), "--user", user, *args])


def _class_teacher_login(paths: SchoolPaths) -> str:
    rows = (paths.root / "demo-logins.csv").read_text(encoding="utf-8-sig").splitlines()
    for row in rows:
        login, _, role, _, note = row.split(";", 4)
        if role == "teacher" and "классный руководитель 5 «А»" in note:
            return login
    raise AssertionError("no class teacher in the demo")


def _student_login(paths: SchoolPaths) -> str:
    rows = (paths.root / "demo-logins.csv").read_text(encoding="utf-8-sig").splitlines()
    return next(r.split(";")[0] for r in rows if r.split(";")[2] == "student")


def test_journal_summary_and_xlsx_for_the_administration(
    demo_paths: SchoolPaths, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    out = demo_paths.root / "out"
    out.mkdir()
    assert _run(demo_paths, "admin", "journal", "--class", "5А", "--year", "2026/2027",
                "--out", str(out / "j.pdf")) == 0
    pages = len(PdfReader(out / "j.pdf").pages)
    assert f"страниц: {pages}" in capsys.readouterr().out
    assert _run(demo_paths, "admin", "summary", "--class", "5 «А»", "--xlsx",
                "--out", str(out / "s.xlsx")) == 0
    assert "Год" in openpyxl.load_workbook(out / "s.xlsx").sheetnames
    assert _run(demo_paths, "admin", "summary", "--class", "5а", "--out", str(out / "s.pdf")) == 0
    assert _run(demo_paths, "admin", "summary-xlsx", "--class", "5А",
                "--out", str(out / "s2.xlsx")) == 0
    assert "Год" in openpyxl.load_workbook(out / "s2.xlsx").sheetnames
    assert _run(demo_paths, "admin", "journal-xlsx", "--class", "5А",
                "--out", str(out / "j.xlsx")) == 0
    assert len(openpyxl.load_workbook(out / "j.xlsx").sheetnames) >= 3


def test_extracts_for_a_student_and_for_the_class(
    demo_paths: SchoolPaths, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["teacher"])
    teacher = _class_teacher_login(demo_paths)
    out = demo_paths.root / "out"
    out.mkdir()
    assert _run(demo_paths, teacher, "extract", "--class", "5А", "--from", "2026-11-01",
                "--to", "2026-11-18", "--out", str(out / "class.pdf")) == 0
    batch = PdfReader(out / "class.pdf")
    assert len(batch.pages) >= 20
    login = _student_login(demo_paths)
    assert _run(demo_paths, teacher, "extract", "--student", login, "--from", "2026-11-01",
                "--to", "2026-11-18", "--out", str(out / "one.pdf")) == 0
    text = PdfReader(out / "one.pdf").pages[0].extract_text()
    assert "ВЫПИСКА ИЗ ЭЛЕКТРОННОГО ДНЕВНИКА" in text
    assert "с 01.11.2026 по 18.11.2026" in text


def test_refusals_and_mistakes_are_one_line(
    demo_paths: SchoolPaths, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["teacher"])
    teacher = _class_teacher_login(demo_paths)
    out = str(demo_paths.root / "x.pdf")
    assert _run(demo_paths, teacher, "journal", "--class", "5А", "--out", out) == 2
    err = capsys.readouterr().err
    assert "Недостаточно прав" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _run(demo_paths, teacher, "summary", "--class", "9Я", "--out", out) == 2
    assert "9 «Я»" in capsys.readouterr().err
    assert _run(demo_paths, teacher, "extract", "--class", "5А", "--from", "18.11.2026",
                "--out", out) == 2
    assert "ГГГГ-ММ-ДД" in capsys.readouterr().err
    assert _run(demo_paths, teacher, "extract", "--out", out) == 2
    assert "--student" in capsys.readouterr().err
    assert _run(demo_paths, teacher, "extract", "--class", "5А",
                "--out", str(demo_paths.root / "x.xlsx")) == 2
    assert "только в PDF" in capsys.readouterr().err


def test_each_typing_mistake_gets_its_own_line(
    demo_paths: SchoolPaths, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    missing = tmp_path / "нет такой папки" / "журнал.pdf"
    assert _run(demo_paths, "admin", "journal", "--class", "5А", "--out", str(missing)) == 2
    err = capsys.readouterr().err
    assert "Папки «" in err and "нет такой папки" in err and "непредвиденный" not in err
    assert _run(demo_paths, "admin", "journal", "--class", "5А", "--out", str(tmp_path)) == 2
    assert "это папка" in capsys.readouterr().err
    assert _run(demo_paths, "admin", "extract", "--class", "5А", "--from", "2026-02-31",
                "--out", str(tmp_path / "x.pdf")) == 2
    err = capsys.readouterr().err
    assert "31 февраля не бывает" in err and "28 дн." in err and "формате" not in err
    # A Latin look-alike letter means the Cyrillic one; an unknown letter lists the others.
    out = tmp_path / "summary.pdf"
    assert _run(demo_paths, "admin", "summary", "--class", "5A", "--out", str(out)) == 0
    assert out.stat().st_size > 0
    capsys.readouterr()
    assert _run(demo_paths, "admin", "summary", "--class", "5Я", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "Класса 5 «Я»" in err and "Есть: 5 «А»" in err
    assert _run(demo_paths, "admin", "summary", "--class", "5F", "--out", str(out)) == 2
    assert "латинская" in capsys.readouterr().err
