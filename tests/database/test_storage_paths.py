"""Where the school's data folder is: ``--data-dir`` > ``$SCHOOL_JOURNAL_HOME`` > OS."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from database.paths import ENV_DATA_DIR, SchoolPaths, default_data_dir, resolve_data_dir


def test_school_paths_layout(tmp_path: Path) -> None:
    paths = SchoolPaths(tmp_path)
    assert paths.db == tmp_path / "school.db"
    assert paths.slots_dir == tmp_path / "keyslots"
    assert paths.backups_dir == tmp_path / "backups"
    assert not paths.exists()
    paths.db.write_bytes(b"")
    assert paths.exists()


def test_cli_value_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert resolve_data_dir(str(tmp_path / "from-cli")).root == tmp_path / "from-cli"


def test_environment_beats_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert resolve_data_dir(None).root == tmp_path / "from-env"
    assert default_data_dir() == tmp_path / "from-env"


def test_platformdirs_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    expected = Path(platformdirs.user_data_dir("SchoolJournal", appauthor=False))
    assert default_data_dir() == expected
    assert resolve_data_dir(None).root == expected.absolute()
    # An empty --data-dir or variable means "not given", not "the current folder".
    monkeypatch.setenv(ENV_DATA_DIR, "  ")
    assert resolve_data_dir("").root == expected.absolute()


def test_relative_cli_path_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("school").root == tmp_path / "school"
