"""The school's computers as the administration's «share and computers» screen
shows and changes them, Qt-free (the share itself: :mod:`database.sync.share_setup`).

- :func:`list_computers`: the school's computers as this workstation knows them (the
  registry cached from the share, the ``device`` rows, what was applied from each,
  its signed head on the share), the codes issued and not used yet, and the requests
  waiting on the share.
- :func:`approve_requests`: enrol the waiting requests now (the administration's sync
  round does the same on its timer).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.changelog import local_device_id
from database.errors import StorageError, ValidationError
from database.models import Device, SyncCursor
from database.permissions import require_admin, require_role
from database.sync import crypto
from database.sync.codes import EnrolmentCode, pending_codes, withdraw_code
from database.sync.config import load_config, share_pointer
from database.sync.enrol import (
    cached_registry,
    new_enrolment_code,
    process_requests,
    revoke_device,
)
from database.sync.registry import read_registry
from database.sync.round import os_reason
from database.sync.segments import BadSegment, decode_head
from database.sync.share import (
    REQUEST_RE,
    ShareLayout,
    ShareUnavailable,
    list_names,
    read_bytes,
)

if TYPE_CHECKING:
    from database.auth import SignedIn

# --- the computers ---------------------------------------------------------------------

ACTIVE = "active"
REVOKED = "revoked"
PENDING = "pending"  # a code issued, no request yet
REQUESTED = "requested"  # a request on the share with a valid code: approve it


@dataclass(frozen=True)
class ComputerRow:
    device_id: str | None  # None for a code not used yet
    name: str
    kind: str
    state: str
    enrolled_at: datetime | None = None
    last_seen_at: datetime | None = None  # when its head on the share was written
    published: int = 0  # the last change number it announced
    applied: int = 0  # how far this workstation has applied its changes
    this_computer: bool = False
    code: str | None = None
    code_expires: datetime | None = None


@dataclass(frozen=True)
class ComputersView:
    rows: list[ComputerRow]
    can_enrol: bool  # this workstation set the share up (holds the root key)


def _head(layout: ShareLayout, device_id: str, sign_key: bytes) -> tuple[datetime | None, int]:
    raw = read_bytes(layout.head(device_id))
    if raw is None:
        return None, 0
    try:
        body = decode_head(raw, sign_key)
        return datetime.fromtimestamp(int(body["at"]) / 1000), int(body["seq"])
    except (BadSegment, KeyError, TypeError, ValueError, OSError):
        return None, 0


def _requested_codes(layout: ShareLayout, codes: list[str]) -> set[str]:
    """The codes a signed request waiting on the share was made with."""
    found: set[str] = set()
    for file_name in list_names(layout.enrol_dir, REQUEST_RE):
        raw = read_bytes(layout.enrol_dir / file_name)
        if raw is None:
            continue
        try:
            body = crypto.open_signed_document(raw, None)
            proof = str(body.pop("proof"))
        except (crypto.CryptoFailure, KeyError, ValueError, TypeError):
            continue
        message = crypto.canonical(body)
        found |= {c for c in codes if crypto.proof_matches(c, message, proof)}
    return found


def list_computers(session: Session, school_root: Path) -> ComputersView:
    config = load_config(session)
    if config is None:
        return ComputersView([], False)
    base = share_pointer(school_root)
    layout = None if base is None else ShareLayout(base)
    registry = cached_registry(session)
    own = str(local_device_id(session))
    enrolled_at = {str(d.id): d.created_at for d in session.execute(select(Device)).scalars()}
    applied = {d: s for d, s in session.execute(select(SyncCursor.device_id, SyncCursor.last_seq))}
    rows: list[ComputerRow] = []
    for device in [] if registry is None else registry.devices.values():
        seen, published = (None, 0) if layout is None else _head(
            layout, device.device_id, device.sign_key)
        rows.append(ComputerRow(
            device.device_id, device.name, device.kind,
            ACTIVE if device.revoked_after is None else REVOKED,
            enrolled_at=enrolled_at.get(device.device_id), last_seen_at=seen,
            published=published, applied=applied.get(device.device_id, 0),
            this_computer=device.device_id == own,
        ))
    can_enrol = config.root_private is not None
    if can_enrol:
        codes = pending_codes(session)
        asked = set() if layout is None else _requested_codes(layout, [c.code for c in codes])
        for code in codes:
            rows.append(ComputerRow(
                None, code.name, code.kind, REQUESTED if code.code in asked else PENDING,
                code=code.code,
                code_expires=None if code.expires_ms is None
                else datetime.fromtimestamp(code.expires_ms / 1000),
            ))
    return ComputersView(rows, can_enrol)


@contextmanager
def _reachable_share(school_root: Path, not_done: str) -> Iterator[ShareLayout]:
    """The school's share, its marker present, for an administration act that writes
    there; an absent or failing share becomes a StorageError (``not_done`` says what
    did not happen)."""
    base = share_pointer(school_root)
    if base is None:
        raise StorageError("Не указана общая папка школы.")
    layout = ShareLayout(base)
    try:
        if not layout.marker.is_file():
            raise ShareUnavailable(f"Общая папка {base} недоступна (сеть или диск не "
                                   f"подключены){not_done}.")
        yield layout
    except ShareUnavailable as exc:
        raise StorageError(exc.reason) from None
    except OSError as exc:
        raise StorageError("Общая папка: " + os_reason(exc) + ".") from None


def approve_requests(session: Session, school_root: Path, actor: Actor) -> list[str]:
    """Enrol the requests waiting on the share whose code is valid (and answer the
    others); the names of the computers enrolled."""
    require_role(actor, Role.ADMIN, Role.SYSADMIN, action="подключение компьютеров")
    config = load_config(session)
    if config is None or config.root_private is None:
        raise ValidationError("Подключать компьютеры может только компьютер, настроивший "
                              "общую папку школы.")
    with _reachable_share(school_root, "") as layout:
        registry = read_registry(layout, config.root_key, config.registry_version) or (
            cached_registry(session))
        if registry is None:
            raise StorageError("Список компьютеров школы на общей папке не найден.")
        _, enrolled = process_requests(session, layout, config, registry, actor)
    return enrolled


def issue_code(session: Session, actor: Actor, name: str, kind: str) -> EnrolmentCode:
    """A one-time code for a new computer, with its validity."""
    require_role(actor, Role.ADMIN, Role.SYSADMIN, action="подключение компьютеров")
    code = new_enrolment_code(session, name, kind)
    return next(c for c in pending_codes(session) if c.code == code)


def cancel_code(session: Session, actor: Actor, code: str) -> None:
    require_role(actor, Role.ADMIN, Role.SYSADMIN, action="подключение компьютеров")
    withdraw_code(session, code)


def revoke_computer(session: Session, actor: Actor, school_root: Path, device_id: str) -> None:
    """Refuse the computer's new changes and rotate the school key (see
    :func:`database.sync.enrol.revoke_device`)."""
    require_admin(actor, "отключение компьютеров")
    with _reachable_share(school_root, ": компьютер не отключён") as layout:
        revoke_device(session, layout, device_id)


def approve_and_publish(signed: SignedIn) -> list[str]:
    """«Accept requests»: enrol them, then publish at once — the enrolment made the
    new computers' ``device`` rows here, and a computer loading the school now must
    find itself (its name, its kind) in what it loads, not wait for the next round."""
    with signed.sessions() as session:
        names = approve_requests(session, signed.paths.root, signed.actor)
        session.commit()
    base = share_pointer(signed.paths.root)
    if names and base is not None:
        from database.sync.round import sync_round

        sync_round(signed.paths, signed.engine, base, actor=signed.actor)
    return names


__all__ = [
    "ComputerRow", "ComputersView", "approve_and_publish", "approve_requests", "cancel_code",
    "issue_code", "list_computers", "revoke_computer",
]
