"""What this computer keeps about its share, in ``local_meta`` (inside the encrypted
database, so the school keys are never on disk in the clear) and one plain pointer
file ``sync/share.json`` (the share's folder, readable before anyone signs in)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from database.atomic_file import atomic_write_bytes
from database.changelog import _get_meta, _set_meta
from database.sync.identity import IDENTITY_DIR
from database.sync.share import SharePath, location_text, share_location

SHARE_FILE = "share.json"

META_SHARE_ID = "sync_share_id"
META_SCHOOL_ID = "sync_school_id"
META_ROOT_KEY = "sync_root_key"  # the administration's public key, hex
META_ROOT_PRIVATE = "sync_root_private"  # only on the administration workstation
META_KEYS = "sync_keys"  # {"1": hex, ...}: every school key this device was given
META_LOGIN_KEY = "sync_login_key"
META_PUBLISHED = "sync_published"  # "<seq>:<hash>" of this device's last published op
META_REGISTRY_VERSION = "sync_registry_version"
META_ENROL_CODES = "sync_enrol_codes"  # administration: pending one-time codes
META_LAST_OK = "sync_last_ok"  # ms of the last complete sync round


@dataclass(frozen=True)
class ShareConfig:
    share_id: str
    school_id: str
    root_key: bytes
    keys: dict[int, bytes]
    login_key: bytes
    registry_version: int
    root_private: bytes | None

    @property
    def current_key_id(self) -> int:
        return max(self.keys)


def get_meta(session: Session, key: str) -> str | None:
    return _get_meta(session, key)


def set_meta(session: Session, values: dict[str, str]) -> None:
    _set_meta(session, values)


def load_config(session: Session) -> ShareConfig | None:
    share_id = get_meta(session, META_SHARE_ID)
    if share_id is None:
        return None
    keys = json.loads(get_meta(session, META_KEYS) or "{}")
    root_private = get_meta(session, META_ROOT_PRIVATE)
    return ShareConfig(
        share_id=share_id,
        school_id=get_meta(session, META_SCHOOL_ID) or "",
        root_key=bytes.fromhex(get_meta(session, META_ROOT_KEY) or ""),
        keys={int(k): bytes.fromhex(v) for k, v in keys.items()},
        login_key=bytes.fromhex(get_meta(session, META_LOGIN_KEY) or ""),
        registry_version=int(get_meta(session, META_REGISTRY_VERSION) or "0"),
        root_private=None if root_private is None else bytes.fromhex(root_private),
    )


def store_keys(session: Session, keys: dict[int, bytes]) -> None:
    set_meta(session, {META_KEYS: json.dumps({str(k): v.hex() for k, v in sorted(keys.items())})})


def save_config(session: Session, config: ShareConfig) -> None:
    values: dict[str, Any] = {
        META_SHARE_ID: config.share_id,
        META_SCHOOL_ID: config.school_id,
        META_ROOT_KEY: config.root_key.hex(),
        META_LOGIN_KEY: config.login_key.hex(),
        META_REGISTRY_VERSION: str(config.registry_version),
    }
    if config.root_private is not None:
        values[META_ROOT_PRIVATE] = config.root_private.hex()
    set_meta(session, values)
    store_keys(session, config.keys)


def share_pointer(school_root: Path) -> SharePath | None:
    """The share folder this computer syncs with, or None if it has not joined one."""
    try:
        data = json.loads((school_root / IDENTITY_DIR / SHARE_FILE).read_text(encoding="utf-8"))
        return share_location(str(data["path"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_share_pointer(school_root: Path, base: SharePath) -> None:
    data = json.dumps({"path": location_text(base)}, ensure_ascii=False).encode("utf-8")
    atomic_write_bytes(school_root / IDENTITY_DIR / SHARE_FILE, data)
