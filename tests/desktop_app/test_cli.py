"""The command line, end to end on a real encrypted ``tiny`` demo school.

The tests work on copies of the run's one tiny demo school (``demo_template``,
tests/conftest.py); ``test_demo_builds_a_school_prints_logins_and_refuses_to_overwrite``
runs the ``demo`` command itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from database.demo import DEMO_PASSWORDS
from database.engine import make_engine
from database.keyslots import open_slot
from database.models import ChangeLog
from database.paths import SchoolPaths
from database.store import SCHEMA_HEAD
from desktop_app.cli import PASSWORD_ENV, main
from tests.conftest import copy_demo

ADMIN = "admin"


@pytest.fixture(scope="session")
def demo_template(demo_template: SchoolPaths) -> Path:
    """Here, the run's tiny demo school as the folder ``--data-dir`` names (never
    changed by a test: ``school_dir`` is a copy)."""
    return demo_template.root


@pytest.fixture
def school_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the run's tiny demo school."""
    return copy_demo(SchoolPaths(demo_template), tmp_path / "school").root


@pytest.fixture
def admin_password(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    yield DEMO_PASSWORDS["admin"]


def _tamper(school_dir: Path, statement: object) -> None:
    paths = SchoolPaths(school_dir)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN, DEMO_PASSWORDS["admin"]))
    with engine.begin() as conn:
        conn.execute(statement)  # type: ignore[call-overload]
    engine.dispose()


def _middle_row_seq(school_dir: Path) -> int:
    paths = SchoolPaths(school_dir)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN, DEMO_PASSWORDS["admin"]))
    with engine.connect() as conn:
        seqs = conn.execute(select(ChangeLog.seq).order_by(ChangeLog.seq)).scalars().all()
    engine.dispose()
    return seqs[len(seqs) // 2]


def test_demo_builds_a_school_prints_logins_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "demo"
    code = main(["demo", "--size", "tiny", "--today", "2026-11-18", "--data-dir", str(root),
                 "--quiet"])
    assert code == 0
    assert "Демонстрационная школа создана" in capsys.readouterr().out
    assert SchoolPaths(root).exists()
    assert (root / "demo-logins.csv").read_text(encoding="utf-8-sig").count("\n") > 25
    code = main(["demo", "--size", "tiny", "--data-dir", str(root), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "уже есть база данных" in err
    assert "Traceback" not in err


def test_info_shows_school_counts_and_versions(
    school_dir: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "--data-dir", str(school_dir), "--user", ADMIN]) == 0
    out = capsys.readouterr().out
    assert "школа № 17" in out
    assert "Классов" in out and "Отметок" in out
    assert "Шифрование: SQLCipher 4." in out
    assert f"Версия схемы базы данных: {SCHEMA_HEAD}" in out


def test_verify_passes_on_a_fresh_demo(
    school_dir: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 0
    assert "Проверка пройдена." in capsys.readouterr().out


def test_verify_names_a_row_with_one_altered_byte(
    school_dir: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = _middle_row_seq(school_dir)
    paths = SchoolPaths(school_dir)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN, DEMO_PASSWORDS["admin"]))
    with engine.begin() as conn:
        fields = conn.execute(select(ChangeLog.fields).where(ChangeLog.seq == seq)).scalar_one()
        # Flip one character: the smallest possible forgery.
        index = len(fields) // 2
        altered = fields[:index] + ("0" if fields[index] != "0" else "1") + fields[index + 1 :]
        conn.execute(update(ChangeLog).where(ChangeLog.seq == seq).values(fields=altered))
    engine.dispose()

    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 1
    out = capsys.readouterr().out
    assert f"№ {seq}" in out
    assert "контрольная сумма не совпадает" in out
    assert "ПРОВЕРКА НЕ ПРОЙДЕНА" in out


def test_verify_names_the_gap_left_by_a_deleted_row(
    school_dir: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = _middle_row_seq(school_dir)
    _tamper(school_dir, delete(ChangeLog).where(ChangeLog.seq == seq))
    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 1
    out = capsys.readouterr().out
    assert f"№ {seq + 1}" in out
    assert "строка удалена" in out


def test_verify_notices_the_last_row_deleted(
    school_dir: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Deleting the newest rows leaves no gap; the stored chain head catches it.
    # (Signing in appends rows, so tamper after a sign-in-free read of the max seq.)
    paths = SchoolPaths(school_dir)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN, DEMO_PASSWORDS["admin"]))
    with engine.begin() as conn:
        last = conn.execute(select(ChangeLog.seq).order_by(ChangeLog.seq.desc())).scalar()
        conn.execute(delete(ChangeLog).where(ChangeLog.seq == last))
    engine.dispose()
    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 1
    assert "ПРОВЕРКА НЕ ПРОЙДЕНА" in capsys.readouterr().out


def test_a_flipped_byte_in_the_file_is_named_and_info_refuses(
    school_dir: Path, tmp_path: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = SchoolPaths(school_dir).backups_dir / "backup-20261117-180000.zip"
    assert main(["backup", "--data-dir", str(school_dir), "--user", ADMIN,
                 "--out", str(archive)]) == 0
    db = SchoolPaths(school_dir).db
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0x01
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 1
    out = capsys.readouterr().out
    assert "повреждён" in out and "страница" in out and archive.name in out
    assert "DatabaseError" not in out and "ПРОВЕРКА НЕ ПРОЙДЕНА" in out
    # Nothing else carries on as if the file were sound.
    assert main(["info", "--data-dir", str(school_dir), "--user", ADMIN]) == 2
    assert "повреждён" in capsys.readouterr().err


def test_wrong_password_is_one_clear_line(
    school_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "not-the-password")
    assert main(["info", "--data-dir", str(school_dir), "--user", ADMIN]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "Ошибка: Неверный логин или пароль."


def test_missing_password_without_a_terminal_explains_itself(
    school_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["info", "--data-dir", str(school_dir), "--user", ADMIN]) == 2
    assert PASSWORD_ENV in capsys.readouterr().err


def test_commands_on_an_empty_folder_explain_what_to_do(
    tmp_path: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--data-dir", str(tmp_path), "--user", ADMIN]) == 2
    assert "нет базы данных" in capsys.readouterr().err


def test_backup_and_restore_round_trip(
    school_dir: Path, tmp_path: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "copy.zip"
    assert main(["backup", "--data-dir", str(school_dir), "--user", ADMIN,
                 "--out", str(archive)]) == 0
    assert archive.stat().st_size > 0

    # Damage the live database, then restore the copy over it.
    seq = _middle_row_seq(school_dir)
    _tamper(school_dir, delete(ChangeLog).where(ChangeLog.seq == seq))
    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 1
    assert main(["restore", str(archive), "--data-dir", str(school_dir), "--user", ADMIN]) == 0
    capsys.readouterr()
    assert main(["verify", "--data-dir", str(school_dir), "--user", ADMIN]) == 0
    assert "Проверка пройдена." in capsys.readouterr().out


def test_restore_of_a_garbage_file_fails_cleanly(
    school_dir: Path, tmp_path: Path, admin_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not a backup")
    assert main(["restore", str(junk), "--data-dir", str(school_dir), "--user", ADMIN]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Ошибка: ")
    assert "Traceback" not in err


def test_version_is_the_project_version(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"School Journal {version}"
