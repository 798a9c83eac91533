"""The backups a school has: listing them, finding the newest sound one, taking a
named backup into a folder and keeping only the last few (rotation).

Backups live in the school's ``backups/`` folder and, when the administration chose
one, a second folder (a share, a USB disk). A file name says when and why a backup
was taken: ``backup-20261118-0930.zip`` (by hand or the daily schedule),
``before-upgrade-…`` (before a schema upgrade), ``before-restore-…`` (the data a
restore replaced). Only ``backup-…`` files are rotated; the others are kept until
someone deletes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from database.backup import KIND_BEFORE_RESTORE, BackupInfo, backup, inspect_backup, unique_path
from database.errors import StorageError
from database.paths import SchoolPaths

ROTATED_PREFIX = "backup-"
DEFAULT_KEEP = 14  # two weeks of daily backups
DAILY = timedelta(hours=24)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class BackupEntry:
    """One backup file as the window lists it: what it says about itself, or why it
    is not a sound backup."""

    path: Path
    info: BackupInfo | None
    problem: str | None  # Russian, when the file failed its check

    @property
    def ok(self) -> bool:
        return self.info is not None and self.problem is None

    @property
    def when(self) -> datetime:
        if self.info is not None:
            return self.info.created_at
        return datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()


def backup_files(folders: Iterable[Path]) -> list[Path]:
    """Every ``*.zip`` in ``folders`` (missing folders are skipped), newest first."""
    found: dict[Path, float] = {}
    for folder in folders:
        try:
            for path in folder.glob("*.zip"):
                if path.is_file():
                    found[path.absolute()] = path.stat().st_mtime
        except OSError:
            continue
    return sorted(found, key=lambda p: (found[p], p.name), reverse=True)


def check_entry(path: Path) -> BackupEntry:
    try:
        return BackupEntry(path, inspect_backup(path), None)
    except StorageError as exc:
        return BackupEntry(path, None, exc.message)


def list_backups(folders: Iterable[Path]) -> list[BackupEntry]:
    """The backups of ``folders``, newest first, each checked (SHA-256 of every file)."""
    return [check_entry(path) for path in backup_files(folders)]


def latest_good_backup(folders: Iterable[Path]) -> BackupInfo | None:
    """The newest backup that passes its check, for restoring a damaged database. A
    ``before-restore`` snapshot is skipped: it holds whatever was replaced, perhaps the
    very damage being repaired."""
    for path in backup_files(folders):
        entry = check_entry(path)
        if entry.info is not None and entry.info.kind != KIND_BEFORE_RESTORE:
            return entry.info
    return None


def backup_folders(paths: SchoolPaths, extra: Path | None = None) -> list[Path]:
    return [paths.backups_dir] + ([extra] if extra is not None else [])


def take_backup(paths: SchoolPaths, engine: Engine, folder: Path | None = None, *,
                keep: int | None = DEFAULT_KEEP, now: datetime | None = None,
                progress: Progress | None = None) -> BackupInfo:
    """A backup named ``backup-YYYYMMDD-HHMMSS.zip`` in ``folder`` (the school's
    ``backups/`` by default), then the oldest ``backup-…`` files beyond ``keep`` are
    deleted there (``None`` keeps all)."""
    target_dir = folder if folder is not None else paths.backups_dir
    moment = now or datetime.now()
    if progress is not None:
        progress("Копирование и проверка базы данных…", 0.1)
    info = backup(paths, engine,
                  unique_path(target_dir, f"{ROTATED_PREFIX}{moment:%Y%m%d-%H%M%S}"))
    if progress is not None:
        progress("Удаление старых копий…", 0.9)
    if keep is not None:
        rotate(target_dir, keep)
    if progress is not None:
        progress("Готово", 1.0)
    return info


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete the oldest ``backup-…`` files beyond the newest ``keep``; returns them."""
    if keep < 1:
        raise ValueError(keep)
    rotated = [p for p in backup_files([folder]) if p.name.startswith(ROTATED_PREFIX)]
    removed: list[Path] = []
    for path in rotated[keep:]:
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _stamp(path: Path) -> datetime | None:
    """When a ``backup-YYYYMMDD-HHMMSS….zip`` was taken, from its name (the file's
    time may change when it is copied to another disk)."""
    try:
        return datetime.strptime(path.name[len(ROTATED_PREFIX):][:15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def last_backup_time(folder: Path) -> datetime | None:
    """The newest ``backup-…`` in ``folder`` (local time), or None."""
    times = [t for p in backup_files([folder]) if p.name.startswith(ROTATED_PREFIX)
             for t in [_stamp(p)] if t is not None]
    return max(times, default=None)


def backup_due(folder: Path, now: datetime, every: timedelta = DAILY) -> bool:
    """True when ``folder`` has no ``backup-…`` from the last ``every``."""
    last = last_backup_time(folder)
    return last is None or now - last >= every or last > now
