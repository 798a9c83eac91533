"""Per-user preferences of this computer (QSettings): language, window geometry per
login, and which login is remembered for a school. Nothing secret lives here."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings

from database.paths import SchoolPaths

ORGANIZATION = "SchoolJournal"
APPLICATION = "School Journal"
LANGUAGES = ("ru", "en")


def app_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def language() -> str:
    value = str(app_settings().value("language", "ru"))
    return value if value in LANGUAGES else "ru"


def set_language(code: str) -> None:
    app_settings().setValue("language", code if code in LANGUAGES else "ru")


def _school_key(paths: SchoolPaths) -> str:
    return hashlib.sha256(str(paths.root).encode("utf-8")).hexdigest()[:16]


def remembered_login(paths: SchoolPaths) -> str | None:
    value = app_settings().value(f"schools/{_school_key(paths)}/rememberedLogin", "")
    return str(value) or None


def set_remembered_login(paths: SchoolPaths, login: str | None) -> None:
    settings = app_settings()
    key = f"schools/{_school_key(paths)}/rememberedLogin"
    if login:
        settings.setValue(key, login)
    else:
        settings.remove(key)


def last_login(paths: SchoolPaths) -> str:
    return str(app_settings().value(f"schools/{_school_key(paths)}/lastLogin", ""))


def set_last_login(paths: SchoolPaths, login: str) -> None:
    app_settings().setValue(f"schools/{_school_key(paths)}/lastLogin", login)


def window_geometry(login: str, window: str) -> QByteArray | None:
    value = app_settings().value(f"users/{login}/{window}Geometry")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def set_window_geometry(login: str, window: str, geometry: QByteArray) -> None:
    app_settings().setValue(f"users/{login}/{window}Geometry", geometry)


def daily_backup_folder(paths: SchoolPaths) -> str:
    """The folder this computer copies the school to every day ("" when off)."""
    return str(app_settings().value(f"schools/{_school_key(paths)}/dailyBackupFolder", ""))


def set_daily_backup_folder(paths: SchoolPaths, folder: str | None) -> None:
    key = f"schools/{_school_key(paths)}/dailyBackupFolder"
    if folder:
        app_settings().setValue(key, folder)
    else:
        app_settings().remove(key)
