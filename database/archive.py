"""The yearly archive: a folder per school year holding what the school must keep —
every class journal (PDF, 5 years), the summary sheets (PDF and XLSX, 25 years), the
year's change log — and a signed manifest.

``manifest.json`` lists every file with its SHA-256, size, kind and «keep until»
date, plus the school, the year and the public half of the administration's signing
key; ``manifest.sig`` is the Ed25519 signature of the manifest's exact bytes. So
:func:`verify_bundle` finds a changed byte in any file (its hash), a changed manifest
(the signature), a file added or removed (the list). The signing key is the school's
own: made on first use, kept beside the database wrapped (AES-256-GCM) under a key
derived from the database's data key, so only someone who can open the database can
sign; verifying needs no key at all.

This module is Qt-free and builds no documents: ``desktop_app.reports.archive_bundle``
renders the PDFs and XLSX into the folder and calls :func:`write_manifest`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.atomic_file import atomic_write_bytes
from database.changelog import GENESIS_HASH
from database.errors import StorageError
from database.models import ChangeLog
from database.paths import SchoolPaths

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FORMAT: Final = "school-journal-archive"
KEY_FILE = "archive-signing-key.json"

KIND_JOURNAL = "journal"
KIND_SUMMARY = "summary"
KIND_CHANGELOG = "changelog"
# Years to keep, counted from the end of the school year (the school's regulation).
RETENTION_YEARS: Final[dict[str, int]] = {KIND_JOURNAL: 5, KIND_SUMMARY: 25, KIND_CHANGELOG: 5}
KIND_TITLES: Final[dict[str, str]] = {
    KIND_JOURNAL: "классный журнал",
    KIND_SUMMARY: "сводная ведомость",
    KIND_CHANGELOG: "журнал изменений",
}


def keep_until(year_end: date, kind: str) -> date:
    years = RETENTION_YEARS[kind]
    try:
        return year_end.replace(year=year_end.year + years)
    except ValueError:  # 29 February
        return year_end.replace(year=year_end.year + years, day=28)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --- the signing key ------------------------------------------------------------------------


def _wrapping_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"school-journal archive signing key").derive(data_key)


def signing_key(paths: SchoolPaths, data_key: bytes) -> Ed25519PrivateKey:
    """The school's archive signing key, made on first use."""
    path = paths.root / KEY_FILE
    aes = AESGCM(_wrapping_key(data_key))
    if path.is_file():
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            raw = aes.decrypt(bytes.fromhex(document["nonce"]),
                              bytes.fromhex(document["wrapped"]), b"archive-signing")
            return Ed25519PrivateKey.from_private_bytes(raw)
        except (OSError, ValueError, KeyError, TypeError, InvalidTag):
            raise StorageError(
                f"Ключ подписи архива ({path}) повреждён или относится к другой базе данных."
            ) from None
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    nonce = secrets.token_bytes(12)
    document = {"nonce": nonce.hex(),
                "wrapped": aes.encrypt(nonce, raw, b"archive-signing").hex()}
    atomic_write_bytes(path, json.dumps(document).encode("utf-8"))
    return key


def public_hex(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


# --- the change log of a year ---------------------------------------------------------------


def _hlc_floor(day: date) -> str:
    """The smallest HLC of ``day`` (HLCs are fixed-width: text order is time order)."""
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return f"{int(moment.timestamp() * 1000):015d}:000000"


def _link(session: Session, previous: tuple[str, int, str] | None, device: str,
          device_seq: int) -> str:
    """The hash of ``device``'s row before ``device_seq``."""
    if device_seq == 1:
        return GENESIS_HASH
    if previous is not None and previous[:2] == (device, device_seq - 1):
        return previous[2]
    found = session.execute(
        select(ChangeLog.hash).where(ChangeLog.device_id == device,
                                     ChangeLog.device_seq == device_seq - 1)
    ).scalar()
    return GENESIS_HASH if found is None else found


def export_changelog(session: Session, start: date, end: date, path: Path) -> int:
    """The change-log rows of ``start``…``end`` as JSON lines, hashes included (so the
    chain can still be checked in the archive); returns the number of rows."""
    from datetime import timedelta

    columns = [c.name for c in ChangeLog.__table__.columns]
    rows = session.execute(
        select(ChangeLog)
        .where(ChangeLog.hlc >= _hlc_floor(start),
               ChangeLog.hlc < _hlc_floor(end + timedelta(days=1)))
        .order_by(ChangeLog.device_id, ChangeLog.device_seq)
    ).scalars()
    count = 0
    previous: tuple[str, int, str] | None = None  # device, seq, hash of the row written last
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            values = {c: getattr(row, c) for c in columns}
            if values["prev_hash"] is None:
                # Stored implicitly (the previous row's hash): written out in full, so
                # the archive's chain is checkable on its own.
                values["prev_hash"] = _link(session, previous, row.device_id, row.device_seq)
            previous = (row.device_id, row.device_seq, row.hash)
            out.write(json.dumps(values, ensure_ascii=False))
            out.write("\n")
            count += 1
    return count


# --- manifest and verification --------------------------------------------------------------


def write_manifest(folder: Path, *, school: str, year_name: str, year_end: date,
                   files: list[tuple[str, str]], key: Ed25519PrivateKey,
                   created_at: datetime | None = None) -> Path:
    """``files``: (name inside ``folder``, kind). Writes manifest.json and its
    signature; returns the manifest's path."""
    entries = []
    for name, kind in sorted(files):
        path = folder / name
        entries.append({"name": name, "kind": kind, "sha256": _sha256(path),
                        "size": path.stat().st_size,
                        "keep_until": keep_until(year_end, kind).isoformat()})
    manifest: dict[str, Any] = {
        "format": FORMAT, "version": 1, "school": school, "year": year_name,
        "year_end": year_end.isoformat(),
        "created_at": (created_at or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "public_key": public_hex(key), "files": entries,
    }
    raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    atomic_write_bytes(folder / MANIFEST, raw)
    atomic_write_bytes(folder / SIGNATURE, key.sign(raw).hex().encode("ascii"))
    return folder / MANIFEST


@dataclass(frozen=True)
class BundleCheck:
    folder: Path
    problems: tuple[str, ...]
    files: int
    public_key: str

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        if self.ok:
            return (f"Архив {self.folder.name}: подпись верна, все файлы ({self.files}) "
                    "совпадают с описью.")
        return f"Архив {self.folder.name} НЕ ПРОШЁЛ ПРОВЕРКУ:\n" + "\n".join(
            f"  {p}" for p in self.problems)


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StorageError(f"В папке {folder} нет описи архива (manifest.json) "
                           "или она повреждена.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StorageError(f"Папка {folder} не является архивом School Journal.")
    return data


def verify_bundle(folder: Path, expected_key: str | None = None) -> BundleCheck:
    """Check the signature of the manifest and every file's SHA-256 and size.
    ``expected_key``: the school's public key (hex) the bundle must be signed with."""
    data = read_manifest(folder)
    problems: list[str] = []
    key_hex = str(data.get("public_key", ""))
    try:
        raw = (folder / MANIFEST).read_bytes()
        signature = bytes.fromhex((folder / SIGNATURE).read_text(encoding="ascii").strip())
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex)).verify(signature, raw)
    except (OSError, ValueError):
        problems.append("подпись описи отсутствует или повреждена")
    except InvalidSignature:
        problems.append("подпись описи не сходится: опись изменена после подписания")
    if expected_key is not None and key_hex != expected_key:
        problems.append("архив подписан не ключом этой школы")
    listed = {str(e.get("name")) for e in data.get("files", [])}
    for entry in data.get("files", []):
        path = folder / str(entry.get("name"))
        if not path.is_file():
            problems.append(f"нет файла {entry.get('name')}")
        elif path.stat().st_size != entry.get("size") or _sha256(path) != entry.get("sha256"):
            problems.append(f"файл {entry.get('name')} изменён (контрольная сумма не совпадает)")
    extra = sorted(p.name for p in folder.iterdir()
                   if p.is_file() and p.name not in listed | {MANIFEST, SIGNATURE})
    problems += [f"посторонний файл {name}, которого нет в описи" for name in extra]
    return BundleCheck(folder, tuple(problems), len(listed), key_hex)


@dataclass(frozen=True)
class RegisterEntry:
    """One bundle of the archive register: its year and what to keep until when."""

    folder: Path
    year: str
    created_at: str
    keep_until: dict[str, date]  # kind → the latest «keep until» of its files

    def expired(self, today: date) -> list[str]:
        """Kinds past their retention, to be listed for destruction."""
        return [kind for kind, until in sorted(self.keep_until.items()) if until < today]


def archive_register(root: Path) -> list[RegisterEntry]:
    """The bundles under ``root`` (one sub-folder per year), by year."""
    entries: list[RegisterEntry] = []
    if not root.is_dir():
        return entries
    for folder in sorted(p for p in root.iterdir() if (p / MANIFEST).is_file()):
        try:
            data = read_manifest(folder)
        except StorageError:
            continue
        until: dict[str, date] = {}
        for entry in data.get("files", []):
            with_date = date.fromisoformat(str(entry["keep_until"]))
            kind = str(entry["kind"])
            until[kind] = max(until.get(kind, with_date), with_date)
        entries.append(RegisterEntry(folder, str(data.get("year", "")),
                                     str(data.get("created_at", "")), until))
    return entries
