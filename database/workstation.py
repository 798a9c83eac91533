"""``workstation.json``: what must be known about this computer before the encrypted
database can be opened — its kind and name, the school's short name, and the last
seen sign-in policy (remember-me allowed, idle lock, lockout thresholds, minimum
password length). A cache refreshed at every sign-in (see :mod:`database.auth`); the
database stays authoritative. Kept free of SQLAlchemy so the sign-in dialog can be
on screen before the heavy imports are done.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from database.atomic_file import atomic_write_bytes
from database.notation import DEFAULT_SETTINGS
from database.paths import SchoolPaths

WORKSTATION_FILE = "workstation.json"
DEVICE_KINDS = ("classroom", "admin")


def normalize_login(login: str) -> str:
    """What the user typed, as a login: trimmed and lowercase."""
    return login.strip().lower()


@dataclass(frozen=True)
class Workstation:
    device_kind: str = "classroom"
    device_name: str = ""
    school_name: str = ""
    remember_me_allowed: bool = False
    idle_lock_minutes: int = 10
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    password_min_length: int = 8


def _default_workstation() -> Workstation:
    kind = "classroom"
    return Workstation(
        device_kind=kind,
        remember_me_allowed=bool(DEFAULT_SETTINGS["remember_me_allowed"][kind]),
        idle_lock_minutes=int(DEFAULT_SETTINGS["idle_lock_minutes"][kind]),
        lockout_attempts=int(DEFAULT_SETTINGS["lockout_attempts"]),
        lockout_minutes=int(DEFAULT_SETTINGS["lockout_minutes"]),
        password_min_length=int(DEFAULT_SETTINGS["password_min_length"]),
    )


def read_workstation(paths: SchoolPaths) -> Workstation:
    """The cached facts about this computer and the school's policy (defaults if the
    file is missing or damaged: the strict classroom policy)."""
    default = _default_workstation()
    try:
        data = json.loads((paths.root / WORKSTATION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
    if not isinstance(data, dict):
        return default
    values: dict[str, Any] = {}
    for name, kind in (
        ("device_kind", str), ("device_name", str), ("school_name", str),
        ("remember_me_allowed", bool), ("idle_lock_minutes", int),
        ("lockout_attempts", int), ("lockout_minutes", int), ("password_min_length", int),
    ):
        value = data.get(name)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            values[name] = value
    if values.get("device_kind") not in DEVICE_KINDS:
        values.pop("device_kind", None)
    return replace(default, **values)


def write_workstation(paths: SchoolPaths, workstation: Workstation) -> None:
    data = json.dumps(asdict(workstation), ensure_ascii=False, indent=2).encode("utf-8")
    # Only a cache: signing in must not fail because of it.
    with contextlib.suppress(OSError):
        atomic_write_bytes(paths.root / WORKSTATION_FILE, data)
