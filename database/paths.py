"""Where one school's data lives on this computer.

Everything the program keeps for a school sits under one folder (never the install
folder, which an upgrade may wipe): the encrypted database, the key slots beside it,
and the automatic backups. Keeping them together means that copying or backing up
the folder moves a working school, and that a restore replaces all three at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "SCHOOL_JOURNAL_HOME"
APP_DIR_NAME = "SchoolJournal"


@dataclass(frozen=True)
class SchoolPaths:
    """The files of one school's data folder."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / "school.db"

    @property
    def slots_dir(self) -> Path:
        return self.root / "keyslots"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    def exists(self) -> bool:
        """True when the database file is there (a school has been set up)."""
        return self.db.is_file()


def default_data_dir() -> Path:
    """``$SCHOOL_JOURNAL_HOME`` if set (tests, portable installs), else the per-user
    data folder of the OS (``%LOCALAPPDATA%\\SchoolJournal`` on Windows)."""
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    # appauthor=False: no extra "vendor" level in the Windows path.
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | None) -> SchoolPaths:
    """The data folder to use: ``--data-dir`` beats ``$SCHOOL_JOURNAL_HOME`` beats the
    OS default. Relative paths are made absolute now, so a later change of the working
    directory cannot move the school."""
    if cli_value is not None and cli_value.strip():
        root = Path(cli_value.strip()).expanduser()
    else:
        root = default_data_dir()
    return SchoolPaths(root.absolute())
