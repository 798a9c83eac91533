"""The signed files only the administration writes: the marker, the device registry
and the school keys sealed to each device.

The *root key* is an Ed25519 key pair made by ``share init`` on the administration
workstation; its public half is in the marker and in every enrolled computer's
database. A marker that is missing, unsigned, or signed by another root (a foreign
share, a wrong folder) makes the share *unavailable*: nothing is read or written.
Registry versions only grow: an older registry replayed onto the share is ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from database.sync import crypto
from database.sync.share import (
    REGISTRY_RE,
    ShareLayout,
    ShareUnavailable,
    list_names,
    publish_file,
    read_bytes,
)


@dataclass(frozen=True)
class RegisteredDevice:
    device_id: str
    name: str
    kind: str
    sign_key: bytes
    box_key: bytes
    revoked_after: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.device_id, "name": self.name, "kind": self.kind,
            "sign": self.sign_key.hex(), "box": self.box_key.hex(),
            "revoked_after": self.revoked_after,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RegisteredDevice:
        revoked = data.get("revoked_after")
        return cls(
            str(data["id"]), str(data["name"]), str(data["kind"]),
            bytes.fromhex(data["sign"]), bytes.fromhex(data["box"]),
            None if revoked is None else int(revoked),
        )


@dataclass(frozen=True)
class Registry:
    version: int
    key_id: int
    devices: dict[str, RegisteredDevice]

    def active(self) -> list[RegisteredDevice]:
        return [d for d in self.devices.values() if d.revoked_after is None]


def marker_body(root_public: bytes, school_id: str, share_id: str) -> dict[str, Any]:
    return {
        "signer": root_public.hex(), "school_id": school_id, "share_id": share_id,
        "format": 1, "app": "school-journal",
    }


def read_marker(layout: ShareLayout) -> dict[str, Any]:
    """The marker's body, verified with the key it names (callers then compare that
    key with the one they trust)."""
    raw = read_bytes(layout.marker)
    if raw is None:
        if not layout.base.is_dir():
            raise ShareUnavailable(
                f"Папка общего ресурса {layout.base} недоступна (сеть или диск не подключены)."
            )
        raise ShareUnavailable(f"В папке {layout.base} нет общей папки школы.")
    try:
        return crypto.open_signed_document(raw, None)
    except crypto.CryptoFailure:
        raise ShareUnavailable("Метка общей папки школы повреждена или не подписана.") from None


def check_marker(layout: ShareLayout, root_key: bytes, share_id: str) -> None:
    body = read_marker(layout)
    if body.get("signer") != root_key.hex() or body.get("share_id") != share_id:
        raise ShareUnavailable(
            f"Папка {layout.base} — общая папка другой школы или другой установки."
        )


def write_registry(layout: ShareLayout, root_private: bytes, registry: Registry) -> None:
    body = {
        "signer": crypto.signing_public(root_private).hex(), "version": registry.version,
        "key_id": registry.key_id,
        "devices": [d.as_json() for _, d in sorted(registry.devices.items())],
    }
    target = layout.registry_dir / f"v{registry.version:06d}.sig"
    if not publish_file(target, crypto.signed_document(root_private, body), replace=False):
        raise OSError(f"registry version {registry.version} already exists")


def read_registry(layout: ShareLayout, root_key: bytes, at_least: int) -> Registry | None:
    """The newest registry signed by the root key with version ≥ ``at_least``
    (a damaged newest file falls back to the one before it)."""
    for name in reversed(list_names(layout.registry_dir, REGISTRY_RE)):
        raw = read_bytes(layout.registry_dir / name)
        if raw is None:
            continue
        try:
            body = crypto.open_signed_document(raw, root_key)
            version = int(body["version"])
            if f"v{version:06d}.sig" != name:
                continue
            devices = [RegisteredDevice.from_json(d) for d in body["devices"]]
            registry = Registry(version, int(body["key_id"]), {d.device_id: d for d in devices})
        except (crypto.CryptoFailure, KeyError, TypeError, ValueError):
            continue
        return registry if version >= at_least else None
    return None


def write_wrap(
    layout: ShareLayout, root_private: bytes, device: RegisteredDevice,
    keys: dict[int, bytes], login_key: bytes, registry_version: int,
) -> None:
    secret = crypto.canonical({
        "keys": {str(k): v.hex() for k, v in keys.items()}, "login_key": login_key.hex(),
    })
    body = {
        "signer": crypto.signing_public(root_private).hex(), "device": device.device_id,
        "registry_version": registry_version, "sealed": crypto.seal(device.box_key, secret).hex(),
    }
    publish_file(layout.wrap(device.device_id), crypto.signed_document(root_private, body),
                 replace=True)


def read_wrap(
    layout: ShareLayout, root_key: bytes, device_id: str, box_private: bytes
) -> tuple[dict[int, bytes], bytes] | None:
    raw = read_bytes(layout.wrap(device_id))
    if raw is None:
        return None
    try:
        body = crypto.open_signed_document(raw, root_key)
        if body["device"] != device_id:
            return None
        secret = json.loads(crypto.unseal(box_private, bytes.fromhex(body["sealed"])))
        keys = {int(k): bytes.fromhex(v) for k, v in secret["keys"].items()}
        return keys, bytes.fromhex(secret["login_key"])
    except (crypto.CryptoFailure, KeyError, TypeError, ValueError):
        return None
