"""People everywhere: one password for every computer of the school.

**The problem.** Each computer has its own random data key (its database is its own),
and key slots (:mod:`database.keyslots`) wrap that key under each user's password —
locally. A password set on computer A must open computer B, whose data key A never
knew, and nothing secret may lie on the share in the clear.

**The design: a school login key.** ``share init`` makes one random 256-bit *login
key* L, sealed to every enrolled device with the school keys (X25519), and kept on
each computer inside its encrypted database. Two small files connect it:

- on every computer, ``keyslots/synced/login-key.wrap`` = AES-256-GCM(L, that
  computer's data key), written at ``share init`` or enrolment;
- for every account, an *account key* record (table ``account_key``, synchronised
  like any other change) holding a normal key-slot document that wraps L under the
  account's password with Argon2id. Each computer writes it to
  ``keyslots/synced/<login>.slot.json``.

Signing in on B with a password set on A: the local slot (if any) fails, the synced
slot opens with the password and gives L, L opens B's ``login-key.wrap`` and gives
B's data key. On the share the account key travels only inside encrypted segments,
and even decrypted it is an Argon2id-protected slot — the same protection the local
slot files beside the database have always had.

- A password change or reset writes the synced slot (ops in the change log), and when
  another computer applies it, that computer deletes its *local* slot for the login
  and its remembered sign-in: the old password stops working everywhere.
- A disabled account is refused by the sign-in itself (the synced account status) and
  its slots are deleted on each computer as the change arrives.
- L is not rotated when a device is revoked: it opens nothing on its own — each
  computer's data-key wrap is only on that computer's disk.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database.actor import Actor
from database.atomic_file import atomic_write_bytes
from database.errors import AuthError, ValidationError
from database.keyslots import (
    LOGIN_KEY_WRAP,
    SYNCED_DIR,
    KdfProfile,
    open_slot,
    remove_slot,
    slot_path,
    write_slot,
)
from database.models import Account, AccountKey
from database.paths import SchoolPaths
from database.sync import crypto
from database.sync.config import META_LOGIN_KEY, get_meta

_AAD = b"school-journal login key wrap v1"


def synced_dir(paths: SchoolPaths) -> Path:
    return paths.slots_dir / SYNCED_DIR


def write_login_key_wrap(paths: SchoolPaths, login_key: bytes, data_key: bytes) -> None:
    wrapped = crypto.encrypt(login_key, data_key, _AAD)
    atomic_write_bytes(synced_dir(paths) / LOGIN_KEY_WRAP, wrapped)


def open_with_synced_slot(paths: SchoolPaths, login: str, password: str) -> bytes | None:
    """This computer's data key through the synced slot of ``login``, or None when
    there is none (AuthError for a wrong password)."""
    try:
        if not slot_path(synced_dir(paths), login).is_file():
            return None
    except ValidationError:
        return None
    login_key = open_slot(synced_dir(paths), login, password)
    try:
        raw = (synced_dir(paths) / LOGIN_KEY_WRAP).read_bytes()
        return crypto.decrypt(login_key, raw, _AAD)
    except (OSError, crypto.CryptoFailure):
        raise AuthError("Ключ этого компьютера для входа по общему паролю повреждён.") from None


def publish_password(
    session: Session, actor: Actor, paths: SchoolPaths, account_id: uuid.UUID, login: str,
    password: str, profile: KdfProfile,
) -> bool:
    """After a password was set on this computer: the account key for every other
    computer (nothing when this computer has not joined a share)."""
    login_key_hex = get_meta(session, META_LOGIN_KEY)
    if login_key_hex is None:
        return False
    folder = synced_dir(paths)
    write_slot(folder, login, password, bytes.fromhex(login_key_hex), account_id=account_id,
               profile=profile)
    document = slot_path(folder, login).read_text(encoding="utf-8")
    record = session.get(AccountKey, account_id)
    if record is None:
        record = AccountKey(id=account_id, login=login, slot=document, changed_at=actor.now())
    else:
        record.login, record.slot, record.changed_at = login, document, actor.now()
    changelog.save(session, actor, record)
    return True


def has_account_key(session: Session, account_id: uuid.UUID) -> bool:
    return session.get(AccountKey, account_id) is not None


def _forget_login(paths: SchoolPaths, login: str, *, synced_too: bool) -> None:
    from database.auth import forget_device_token

    with contextlib.suppress(ValidationError, OSError):
        remove_slot(paths.slots_dir, login)
        forget_device_token(paths, login)
        if synced_too:
            remove_slot(synced_dir(paths), login)


def after_apply(session: Session, paths: SchoolPaths, touched: set[tuple[str, str]]) -> None:
    """Make the files follow applied changes of people: new synced slots written (and
    the local slot of that login removed: its password changed elsewhere), disabled
    accounts' slots removed."""
    key_ids = [uuid.UUID(r) for t, r in touched if t == "account_key"]
    account_ids = [uuid.UUID(r) for t, r in touched if t in ("account", "account_key")]
    folder = synced_dir(paths)
    for record in session.execute(select(AccountKey).where(AccountKey.id.in_(key_ids))).scalars():
        with contextlib.suppress(ValidationError, OSError):
            target = slot_path(folder, record.login)
            atomic_write_bytes(target, record.slot.encode("utf-8"))
            _forget_login(paths, record.login, synced_too=False)
    for login in session.execute(
        select(Account.login).where(Account.id.in_(account_ids), Account.status == "disabled")
    ).scalars():
        _forget_login(paths, login, synced_too=True)
