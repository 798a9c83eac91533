"""This computer's device identity: its id and key pairs, bound to the machine.

Created at enrolment (never copied from another computer) in
``<school folder>/sync/device.json``, readable by the local user only, like an SSH host
key: background sync must work before anyone signs in, so it is not wrapped by a
password. The file also stores a *machine fingerprint* — a hash of the OS machine id,
the network card's address and the school folder's absolute path. A cloned disk image
carries the file to a machine with another fingerprint, and :func:`load_identity`
refuses it there: the clone must enrol as a new device instead of forking the
original's log under its id.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import platform
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from database.atomic_file import atomic_write_bytes
from database.sync import crypto

IDENTITY_DIR = "sync"
IDENTITY_FILE = "device.json"


class IdentityError(Exception):
    """The identity is missing, damaged or belongs to another machine (Russian)."""


def _machine_id() -> str:
    for candidate in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        with contextlib.suppress(OSError):
            text = Path(candidate).read_text(encoding="ascii").strip()
            if text:
                return text
    if sys.platform == "win32":
        with contextlib.suppress(OSError, ImportError):
            import winreg

            with winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography"
            ) as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
    return platform.node()


def machine_fingerprint(school_root: Path) -> str:
    parts = (_machine_id(), f"{uuid.getnode():012x}", str(school_root.resolve()))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: uuid.UUID
    sign_private: bytes
    box_private: bytes

    @property
    def sign_public(self) -> bytes:
        return crypto.signing_public(self.sign_private)

    @property
    def box_public(self) -> bytes:
        return crypto.box_public(self.box_private)

    def __repr__(self) -> str:  # never the private keys
        return f"DeviceIdentity({self.device_id})"


def identity_path(school_root: Path) -> Path:
    return school_root / IDENTITY_DIR / IDENTITY_FILE


def create_identity(school_root: Path, device_id: uuid.UUID) -> DeviceIdentity:
    """New key pairs for ``device_id`` on this machine (refuses to replace one)."""
    path = identity_path(school_root)
    if path.exists():
        raise IdentityError("У этого компьютера уже есть удостоверение устройства.")
    identity = DeviceIdentity(device_id, crypto.new_signing_key(), crypto.new_box_key())
    document = {
        "device_id": str(device_id),
        "sign": base64.b64encode(identity.sign_private).decode("ascii"),
        "box": base64.b64encode(identity.box_private).decode("ascii"),
        "machine": machine_fingerprint(school_root),
    }
    atomic_write_bytes(path, json.dumps(document, indent=1).encode("utf-8"))
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return identity


def has_identity(school_root: Path) -> bool:
    return identity_path(school_root).is_file()


def load_identity(school_root: Path) -> DeviceIdentity:
    path = identity_path(school_root)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        identity = DeviceIdentity(
            uuid.UUID(document["device_id"]),
            base64.b64decode(document["sign"]),
            base64.b64decode(document["box"]),
        )
        machine = str(document["machine"])
    except FileNotFoundError:
        raise IdentityError(
            "Компьютер не подключён к общей папке школы (нет удостоверения устройства)."
        ) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise IdentityError(f"Файл удостоверения устройства повреждён: {path}") from None
    if machine != machine_fingerprint(school_root):
        raise IdentityError(
            "Удостоверение устройства создано на другом компьютере (копия диска?). "
            "Подключите этот компьютер к школе заново."
        )
    return identity
