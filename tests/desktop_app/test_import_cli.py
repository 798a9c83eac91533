"""``school-journal import / export / template`` on a real encrypted tiny demo school."""

from __future__ import annotations

from pathlib import Path

import pytest

from database.imports.columns import KINDS
from database.imports.export import EXPORTS
from database.paths import SchoolPaths
from desktop_app import import_cli
from desktop_app.cli import PASSWORD_ENV, main
from tests.database.import_files import write_xlsx
from tests.desktop_app.conftest import DEMO

HEADER = ["Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Класс"]


def run(capsys: pytest.CaptureFixture[str], paths: SchoolPaths, *args: str,
        user: str = "admin") -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(paths.root), "--user", DEMO[user][0]])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO["admin"][1])


def test_choices_match_the_import_machinery() -> None:
    assert set(import_cli.IMPORT_KINDS) == set(KINDS)
    assert set(import_cli.EXPORT_LISTS) == set(EXPORTS)


def test_dry_run_then_import_then_nothing_to_do(
    demo_paths: SchoolPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], password: None
) -> None:
    path = write_xlsx(tmp_path / "new.xlsx", [
        HEADER,
        ["Новикова", "Алиса", "Романовна", "ж", "12.04.2015", "5А"],
        ["Орлов", "Глеб", "Ильич", "м", "03.07.2015", "5 «А»"],
    ])
    code, out, _ = run(capsys, demo_paths, "import", "students", str(path), "--dry-run")
    assert code == 0
    assert "Строка 2: новый: Новикова Алиса Романовна, 5 «А»" in out
    assert "ничего не записано" in out
    code, out, _ = run(capsys, demo_paths, "import", "students", str(path), "--dry-run")
    assert "Строка 3: новый: Орлов Глеб Ильич" in out  # the dry run wrote nothing

    code, out, _ = run(capsys, demo_paths, "import", "students", str(path))
    assert code == 0
    assert "Записано. В журнале изменений: «Импорт из таблицы «new.xlsx» (ученики), пакет" in out
    code, out, _ = run(capsys, demo_paths, "import", "students", str(path), "--dry-run")
    assert code == 0
    assert out.count("без изменений") == 3  # two rows and the summary


def test_errors_exit_non_zero_and_write_nothing(
    demo_paths: SchoolPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], password: None
) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [
        HEADER,
        ["Новикова", "Алиса", "Романовна", "ж", "12.04.2015", "5А"],
        ["Орлов", "Глеб", "Ильич", "м", "03.07.2015", "15Я"],
    ])
    code, out, err = run(capsys, demo_paths, "import", "students", str(path))
    assert code == 1
    assert "Строка 3: ошибка: Орлов Глеб Ильич — F3: " in out
    assert "ничего не записано" in err
    code, out, _ = run(capsys, demo_paths, "import", "students", str(path), "--dry-run")
    assert "Строка 2: новый" in out  # the good row was not written either


def test_refusals_are_one_line(
    demo_paths: SchoolPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, ["Орлов", "Глеб", "", "м", "", "5А"]])
    monkeypatch.setenv(PASSWORD_ENV, DEMO["teacher"][1])
    code, _, err = run(capsys, demo_paths, "import", "students", str(path), user="teacher")
    assert code == 2
    assert err.startswith("Ошибка: Недостаточно прав: импорт списков из таблиц")
    monkeypatch.setenv(PASSWORD_ENV, DEMO["admin"][1])
    code, _, err = run(capsys, demo_paths, "import", "staff", str(tmp_path / "missing.csv"))
    assert code == 2 and "не найден" in err


def test_export_and_template(
    demo_paths: SchoolPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], password: None
) -> None:
    out_file = tmp_path / "students.xlsx"
    code, out, _ = run(capsys, demo_paths, "export", "students", "--out", str(out_file))
    assert code == 0 and out_file.is_file()
    assert "Ученики и родители" in out
    code, out, _ = run(capsys, demo_paths, "import", "parents", str(out_file), "--dry-run")
    assert code == 0 and ": ошибка:" not in out and "с ошибками: 0" in out
    template = tmp_path / "t.xlsx"
    code, out, _ = run(capsys, demo_paths, "template", "assignments", "--out", str(template))
    assert code == 0 and template.is_file() and "Нагрузка" in out
