"""Backups and restore: one zip with the encrypted database, its key slots and a manifest.

A backup is taken while the program may be running: ``VACUUM INTO`` copies the
database inside one read transaction, so the copy is the last committed state even
if another connection is in the middle of a write (WAL readers never wait for, nor
see, an open write). With SQLCipher 4 the copy is written through the same codec,
i.e. encrypted with the same key: the backup is as safe to carry on a USB stick as
the database itself, and no key is needed to make it (the engine already holds one).
Every copy is checked before it is packed: its header must not be plain SQLite, and
it is attached to the same connection to run ``integrity_check`` and read its schema
revision.

The zip holds::

    school.db                 the encrypted copy
    keyslots/*.slot.json      every key slot (accounts and recovery), as they were
    manifest.json             format, dates, schema revision, app version, SHA-256s

Restoring replaces the database *and* the slots together, since the slots wrap that
database's key (accounts made after the backup are gone from the database too).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlcipher3.dbapi2
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from database.atomic_file import atomic_writer, fsync_dir
from database.engine import make_engine
from database.errors import AuthError, DomainError, StorageError
from database.keyslots import is_slot_file_name, open_slot, slot_files
from database.paths import SchoolPaths
from database.schema import is_known_revision, newer_schema_error, schema_version

log = logging.getLogger(__name__)

BACKUP_FORMAT = "school-journal-backup"
BACKUP_FORMAT_VERSION = 1
KIND_BACKUP = "backup"
KIND_BEFORE_RESTORE = "before-restore"  # raw copy of the replaced files

DB_MEMBER = "school.db"
WAL_MEMBER = "school.db-wal"  # only in before-restore snapshots of an unclean folder
MANIFEST_MEMBER = "manifest.json"
SLOTS_PREFIX = "keyslots/"

_SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
_CHUNK = 1024 * 1024

# Limits for reading a backup someone hands us: a zip bomb or an absurd member must
# end in a clear error, not fill the disk. A school's journal is tens of megabytes.
_MAX_DB_BYTES = 16 * 1024**3
_MAX_SLOT_BYTES = 64 * 1024
_MAX_MANIFEST_BYTES = 4 * 1024 * 1024
_MAX_MEMBERS = 200_000


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # UTC
    schema_revision: str | None
    app_version: str
    db_sha256: str
    db_size: int  # bytes of the encrypted database copy
    size_bytes: int  # bytes of the zip file
    slot_count: int
    kind: str = KIND_BACKUP  # or KIND_BEFORE_RESTORE: the data a restore replaced

    def describe(self) -> str:
        return (
            f"Резервная копия: {self.path}\n"
            f"Создана: {self.created_at.astimezone():%d.%m.%Y %H:%M}; "
            f"схема {self.schema_revision}; программа {self.app_version}; "
            f"ключей: {self.slot_count}; "
            f"размер {self.size_bytes} байт."
        )


@dataclass(frozen=True)
class RestoreInfo:
    backup_file: Path
    backup_created_at: datetime | None
    schema_revision: str | None
    app_version: str
    slot_count: int
    safety_copy: Path | None  # the replaced data, zipped into backups/before-restore-…

    def describe(self) -> str:
        when = (
            f"{self.backup_created_at.astimezone():%d.%m.%Y %H:%M}"
            if self.backup_created_at is not None
            else "неизвестно когда"
        )
        lines = [
            f"Восстановлено из резервной копии {self.backup_file} (создана {when}, "
            f"схема {self.schema_revision or 'неизвестна'}, ключей: {self.slot_count})."
        ]
        if self.safety_copy is not None:
            lines.append(f"Прежние данные сохранены в {self.safety_copy}.")
        return "\n".join(lines)


# --- helpers --------------------------------------------------------------------------------


def app_version() -> str:
    """The program's version for manifests (metadata when installed, pyproject.toml in
    a source checkout)."""
    try:
        return importlib.metadata.version("school-journal")
    except importlib.metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        import tomllib

        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        return str(data["project"]["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"


def _timestamp() -> str:
    """For file names: local time, sortable, no characters Windows refuses."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def unique_path(directory: Path, stem: str, suffix: str = ".zip") -> Path:
    candidate = directory / f"{stem}{suffix}"
    counter = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _db_siblings(db: Path) -> list[Path]:
    """The database and the WAL/shared-memory/rollback files SQLite keeps beside it."""
    return [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]


# --- integrity --------------------------------------------------------------------------------


def _integrity_rows(rows: list[Any]) -> list[str]:
    return [str(row[0]) for row in rows if row and str(row[0]).lower() != "ok"]


_HMAC_FAILED = re.compile(r"HMAC verification failed for page (\d+)", re.IGNORECASE)


def _cipher_problem(text: str) -> str:
    """SQLCipher's English line in plain Russian («страница 207 повреждена…»)."""
    match = _HMAC_FAILED.search(text)
    if match is None:
        return f"Шифрование: {text}"
    return (
        f"Шифрование: страница {match.group(1)} файла повреждена — её контрольная сумма "
        "не сходится (файл изменён или испорчен на диске)"
    )


def cipher_check(engine: Engine) -> list[str]:
    """SQLCipher's check of every page's HMAC: the damaged pages, named. It reads the
    whole file (no SQL structure needed), so it also names damage that stops SQLite
    from reading the database at all. Fast enough for every opening (about a second
    for a few hundred megabytes)."""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA cipher_integrity_check").all()
    except SQLAlchemyError as exc:
        log.warning("cipher integrity check failed to run: %s", type(exc).__name__)
        return ["Шифрование: проверка не выполнена — файл базы данных не читается."]
    return [_cipher_problem(text) for text in _integrity_rows(list(rows))]


def integrity_check(engine: Engine) -> list[str]:
    """Problems found by SQLCipher (every page's HMAC) and SQLite (structure); an
    empty list means the database is sound. Each check runs on its own, so a file
    SQLite cannot read still gets SQLCipher's page-by-page answer."""
    problems = cipher_check(engine)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").all()
        problems += [f"Структура: {text}" for text in _integrity_rows(list(rows))]
    except SQLAlchemyError as exc:
        log.warning("integrity check failed to run: %s", type(exc).__name__)
        problems.append(
            "Структура: SQLite не может прочитать файл (database disk image is malformed)."
        )
    return problems


# --- backup ---------------------------------------------------------------------------------


def _copy_database(engine: Engine, target: Path) -> tuple[str | None, list[str]]:
    """``VACUUM INTO`` ``target``, then attach the copy (SQLCipher attaches without a
    KEY clause under the main database's key) to check it and read its revision."""
    raw = engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        driver.execute("VACUUM INTO ?", (str(target),))
        with target.open("rb") as handle:
            if handle.read(len(_SQLITE_PLAIN_HEADER)) == _SQLITE_PLAIN_HEADER:
                # Never let an unencrypted copy of the journal leave this function.
                raise StorageError(
                    "Копия базы данных получилась незашифрованной — резервная копия не "
                    "создана. Переустановите программу."
                )
        driver.execute("ATTACH DATABASE ? AS backup_copy", (str(target),))
        try:
            problems = _integrity_rows(
                driver.execute("PRAGMA backup_copy.integrity_check").fetchall()
            )
            has_version = driver.execute(
                "SELECT count(*) FROM backup_copy.sqlite_master "
                "WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()[0]
            revision = None
            if has_version:
                row = driver.execute(
                    "SELECT version_num FROM backup_copy.alembic_version"
                ).fetchone()
                revision = None if row is None else str(row[0])
        finally:
            driver.execute("DETACH DATABASE backup_copy")
        return revision, problems
    finally:
        raw.close()


def backup(paths: SchoolPaths, engine_or_key: Engine | bytes, out_file: Path) -> BackupInfo:
    """Write a consistent, encrypted backup of the school to ``out_file`` (a zip,
    replaced atomically). Works while the program is using the database; pass the
    running engine, or the data key to open the database just for this."""
    out_file = Path(out_file).absolute()
    if isinstance(engine_or_key, Engine):
        engine, owned = engine_or_key, False
    else:
        if not paths.exists():
            raise StorageError(f"База данных не найдена: {paths.db}")
        engine, owned = make_engine(paths.db, engine_or_key), True
    try:
        # A damaged page may be one VACUUM never reads (a free page), so the copy alone
        # can look sound: the source is checked page by page first.
        damage = cipher_check(engine)
        if damage:
            raise StorageError(
                "База данных повреждена, резервная копия не создана: " + "; ".join(damage[:5])
            )
        out_file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=out_file.parent) as tmp:
            copy = Path(tmp) / DB_MEMBER
            try:
                revision, problems = _copy_database(engine, copy)
            except sqlcipher3.dbapi2.Error as exc:
                log.warning("backup copy failed: %s", exc)
                raise StorageError(
                    "Не удалось скопировать базу данных для резервной копии "
                    f"(в папку {out_file.parent}). Проверьте место на диске."
                ) from None
            if problems:
                raise StorageError(
                    "База данных повреждена, резервная копия не создана: "
                    + "; ".join(problems[:5])
                )
            slots = [(path.name, path.read_bytes()) for path in slot_files(paths.slots_dir)]
            created_at = datetime.now(UTC).replace(microsecond=0)
            db_sha = _sha256_file(copy)
            db_size = copy.stat().st_size
            files = {DB_MEMBER: db_sha}
            files.update(
                {SLOTS_PREFIX + name: hashlib.sha256(data).hexdigest() for name, data in slots}
            )
            version = app_version()
            manifest = {
                "format": BACKUP_FORMAT,
                "format_version": BACKUP_FORMAT_VERSION,
                "kind": KIND_BACKUP,
                "created_at": created_at.isoformat(),
                "schema_revision": revision,
                "app_version": version,
                "db_sha256": db_sha,
                "db_size": db_size,
                "files": files,
            }

            def write_zip(handle: IO[bytes]) -> None:
                with zipfile.ZipFile(handle, "w") as archive:
                    # Encrypted pages do not compress: store them.
                    archive.write(copy, DB_MEMBER, compress_type=zipfile.ZIP_STORED)
                    for name, data in slots:
                        archive.writestr(
                            SLOTS_PREFIX + name, data, compress_type=zipfile.ZIP_DEFLATED
                        )
                    archive.writestr(
                        MANIFEST_MEMBER,
                        json.dumps(manifest, indent=2, ensure_ascii=False),
                        compress_type=zipfile.ZIP_DEFLATED,
                    )

            try:
                with atomic_writer(out_file) as handle:
                    write_zip(handle)
            except OSError:
                raise StorageError(
                    f"Не удалось записать резервную копию {out_file}. Проверьте, что папка "
                    "доступна для записи и на диске есть место."
                ) from None
        return BackupInfo(
            path=out_file,
            created_at=created_at,
            schema_revision=revision,
            app_version=version,
            db_sha256=db_sha,
            db_size=db_size,
            size_bytes=out_file.stat().st_size,
            slot_count=len(slots),
        )
    except OSError:
        raise StorageError(
            f"Не удалось создать резервную копию в папке {out_file.parent}."
        ) from None
    finally:
        if owned:
            engine.dispose()


# --- reading a backup ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Manifest:
    kind: str
    created_at: datetime | None
    schema_revision: str | None
    app_version: str
    files: dict[str, str]


class _BadArchive(Exception):
    """Internal: the file is not a sound backup; the text says why (Russian)."""


# What reading a damaged or hostile zip can raise, besides our own checks.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    UnicodeDecodeError,
    OverflowError,
)


def _member_kind(name: str) -> str | None:
    if name in (DB_MEMBER, WAL_MEMBER, MANIFEST_MEMBER):
        return name
    if name.startswith(SLOTS_PREFIX) and is_slot_file_name(name[len(SLOTS_PREFIX) :]):
        return SLOTS_PREFIX
    return None


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise _BadArchive(f"файл {info.filename} в архиве слишком велик")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise _BadArchive(f"файл {info.filename} в архиве слишком велик")
    return data


def _extract(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int
) -> str:
    """Stream one member to ``target`` (a path we chose, never the member's name),
    returning its SHA-256."""
    if info.file_size > limit:
        raise _BadArchive(f"файл {info.filename} в архиве слишком велик")
    digest = hashlib.sha256()
    written = 0
    with archive.open(info) as member, target.open("wb") as out:
        while chunk := member.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise _BadArchive(f"файл {info.filename} в архиве слишком велик")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _parse_manifest(raw: bytes) -> _Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _BadArchive("описание копии (manifest.json) повреждено") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise _BadArchive("это не резервная копия School Journal")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _BadArchive("описание копии (manifest.json) повреждено")
    if version > BACKUP_FORMAT_VERSION:
        raise _BadArchive("копия создана более новой версией программы — обновите программу")
    files = data.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 64 for k, v in files.items()
    ):
        raise _BadArchive("описание копии (manifest.json) повреждено")
    created: datetime | None = None
    if isinstance(data.get("created_at"), str):
        with contextlib.suppress(ValueError):
            created = datetime.fromisoformat(data["created_at"])
            if created.tzinfo is None:
                created = created.replace(tzinfo=UTC)
    revision = data.get("schema_revision")
    return _Manifest(
        kind=str(data.get("kind", KIND_BACKUP)),
        created_at=created,
        schema_revision=revision if isinstance(revision, str) else None,
        app_version=str(data.get("app_version", "unknown")),
        files=dict(files),
    )


def _unpack(backup_file: Path, staging: Path) -> _Manifest:
    """Check the archive and unpack it into ``staging`` (school.db, keyslots/…)."""
    with zipfile.ZipFile(backup_file) as archive:
        infos = archive.infolist()
        if len(infos) > _MAX_MEMBERS:
            raise _BadArchive("в архиве слишком много файлов")
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.filename == SLOTS_PREFIX:  # a folder entry some zip tools add
                continue
            if _member_kind(info.filename) is None:
                # Also what stops "../x", "/etc/x" or "C:\\x": only known names pass.
                raise _BadArchive(f"в архиве посторонний файл «{info.filename[:80]}»")
            if info.filename in members:
                raise _BadArchive(f"файл {info.filename} встречается в архиве дважды")
            if info.flag_bits & 0x1:
                raise _BadArchive("архив защищён паролем — это не резервная копия программы")
            members[info.filename] = info
        if MANIFEST_MEMBER not in members or DB_MEMBER not in members:
            raise _BadArchive("в архиве нет базы данных или её описания")
        manifest = _parse_manifest(
            _read_limited(archive, members.pop(MANIFEST_MEMBER), _MAX_MANIFEST_BYTES)
        )
        if set(manifest.files) != set(members):
            raise _BadArchive("состав архива не совпадает с описанием копии")
        slots_dir = staging / "keyslots"
        slots_dir.mkdir()
        for name, info in members.items():
            if name == DB_MEMBER:
                target, limit = staging / DB_MEMBER, _MAX_DB_BYTES
            elif name == WAL_MEMBER:
                target, limit = staging / WAL_MEMBER, _MAX_DB_BYTES
            else:
                target, limit = slots_dir / name[len(SLOTS_PREFIX) :], _MAX_SLOT_BYTES
            if _extract(archive, info, target, limit) != manifest.files[name]:
                raise _BadArchive(f"контрольная сумма файла {name} не совпадает")
    return manifest


def inspect_backup(backup_file: Path) -> BackupInfo:
    """Check a backup file without a password: every member is known, its SHA-256 is
    the manifest's, the database copy is encrypted. :class:`StorageError` says what
    is wrong. (That it opens, and its own integrity check, need a login: restore
    does both before anything is replaced.)"""
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise StorageError(f"Файл резервной копии не найден: {backup_file}")
    try:
        with tempfile.TemporaryDirectory(prefix="school-journal-inspect-") as tmp:
            staging = Path(tmp)
            try:
                manifest = _unpack(backup_file, staging)
            except _BadArchive as exc:
                raise _bad_file(backup_file, str(exc)) from None
            except _ZIP_ERRORS:
                raise _bad_file(backup_file, "архив повреждён или обрезан") from None
            db = staging / DB_MEMBER
            with db.open("rb") as handle:
                if handle.read(len(_SQLITE_PLAIN_HEADER)) == _SQLITE_PLAIN_HEADER:
                    raise _bad_file(backup_file, "база данных в ней не зашифрована")
            return BackupInfo(
                path=backup_file,
                created_at=manifest.created_at or datetime.fromtimestamp(
                    backup_file.stat().st_mtime, UTC),
                schema_revision=manifest.schema_revision,
                app_version=manifest.app_version,
                db_sha256=manifest.files[DB_MEMBER],
                db_size=db.stat().st_size,
                size_bytes=backup_file.stat().st_size,
                slot_count=sum(1 for name in manifest.files if name.startswith(SLOTS_PREFIX)),
                kind=manifest.kind,
            )
    except OSError:
        raise StorageError(f"Не удалось прочитать резервную копию {backup_file}.") from None


def _bad_file(backup_file: Path, why: str) -> StorageError:
    return StorageError(
        f"Файл {backup_file.name} не является исправной резервной копией School Journal: "
        f"{why}. Данные школы не изменены."
    )


def _verify_staged(staging: Path, login: str, password: str) -> str:
    """Open the unpacked copy with the user's password; return its schema revision."""
    try:
        key = open_slot(staging / "keyslots", login, password)
    except AuthError:
        raise AuthError(
            "Неверный логин или пароль для этой резервной копии: войти в неё может "
            "учётная запись, существовавшая на момент её создания."
        ) from None
    engine = make_engine(staging / DB_MEMBER, key)
    try:
        try:
            revision = schema_version(engine)
        except (SQLAlchemyError, StorageError):
            # The key came out of this backup's own slot, so a copy that does not open
            # with it is damaged (a flipped byte in an early page), not a wrong key.
            raise StorageError(
                "База данных в резервной копии повреждена или подменена: она не открывается "
                "ключом из этой же копии."
            ) from None
        problems = integrity_check(engine)
    finally:
        engine.dispose()
    if problems:
        raise StorageError(
            "База данных в резервной копии повреждена: " + "; ".join(problems[:5])
        )
    if revision is None:
        raise StorageError("В резервной копии нет базы данных School Journal (нет схемы).")
    if not is_known_revision(revision):
        raise newer_schema_error(revision)
    return revision


# --- restore --------------------------------------------------------------------------------------


def _snapshot_current(paths: SchoolPaths) -> Path | None:
    """Zip the files a restore is about to replace, as they are on disk (the program
    has closed the database, so no key is needed and none is used). The snapshot is
    itself a restorable backup; a leftover WAL file travels with it."""
    existing = [p for p in _db_siblings(paths.db)[:2] if p.is_file()]
    slots = slot_files(paths.slots_dir)
    if not existing and not slots:
        return None
    members: list[tuple[str, Path]] = [(p.name, p) for p in existing]
    members += [(SLOTS_PREFIX + p.name, p) for p in slots]
    files = {name: _sha256_file(path) for name, path in members}
    manifest = {
        "format": BACKUP_FORMAT,
        "format_version": BACKUP_FORMAT_VERSION,
        "kind": KIND_BEFORE_RESTORE,
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "schema_revision": None,
        "app_version": app_version(),
        "db_sha256": files.get(DB_MEMBER),
        "files": files,
    }
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    target = unique_path(paths.backups_dir, f"before-restore-{_timestamp()}")
    with atomic_writer(target) as handle, zipfile.ZipFile(handle, "w") as archive:
        for name, path in members:
            archive.write(path, name, compress_type=zipfile.ZIP_STORED)
        archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))
    return target


@contextlib.contextmanager
def _staging_dir(root: Path, prefix: str) -> Iterator[Path]:
    # Inside the data folder: same filesystem, so the final renames are atomic.
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _swap_in(paths: SchoolPaths, staging: Path, old: Path) -> None:
    """Move the current database files and slots into ``old``, then the staged ones
    into place. Each step is one rename; if a step fails, undo the steps done so the
    folder is as it was. Restoring swaps the slot *files* only (see below)."""
    done: list[tuple[Path, Path]] = []  # (from, to) renames, to undo in reverse

    def move(source: Path, target: Path) -> None:
        source.replace(target)
        done.append((source, target))

    try:
        for path in _db_siblings(paths.db):
            if path.exists():
                move(path, old / path.name)
        if paths.slots_dir.exists():
            move(paths.slots_dir, old / "keyslots")
        move(staging / DB_MEMBER, paths.db)
        staged_wal = staging / WAL_MEMBER
        if staged_wal.exists():
            move(staged_wal, paths.db.with_name(paths.db.name + "-wal"))
        move(staging / "keyslots", paths.slots_dir)
        # Subfolders of keyslots/ hold this computer's own sign-in state (lockout
        # guards, remembered-device tokens), never part of a backup: they stay.
        old_slots = old / "keyslots"
        if old_slots.is_dir():
            for entry in sorted(old_slots.iterdir()):
                if entry.is_dir():
                    move(entry, paths.slots_dir / entry.name)
    except OSError:
        for source, target in reversed(done):
            with contextlib.suppress(OSError):
                target.replace(source)
        raise
    fsync_dir(paths.root)


def restore(paths: SchoolPaths, backup_file: Path, login: str, password: str) -> RestoreInfo:
    """Replace the school's database and key slots with those from ``backup_file``.

    The archive is checked (known members only, sizes, SHA-256 of every file), the
    given login and password must open a slot *of the backup*, and the database in it
    must pass SQLCipher's and SQLite's integrity checks — all before anything is
    touched. The data being replaced is kept in ``backups/before-restore-….zip``.

    The program must have closed the database (disposed its engine) first. The next
    :func:`database.store.open_database` upgrades an older schema as usual."""
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise StorageError(f"Файл резервной копии не найден: {backup_file}")
    try:
        with _staging_dir(paths.root, ".restore-") as staging:
            try:
                manifest = _unpack(backup_file, staging)
            except _BadArchive as exc:
                raise _bad_file(backup_file, str(exc)) from None
            except _ZIP_ERRORS:
                raise _bad_file(backup_file, "архив повреждён или обрезан") from None
            revision = _verify_staged(staging, login, password)
            slot_count = len(list((staging / "keyslots").iterdir()))
            safety = _snapshot_current(paths)
            with _staging_dir(paths.root, ".replaced-") as old:
                try:
                    _swap_in(paths, staging, old)
                except OSError:
                    raise StorageError(
                        "Не удалось заменить файлы базы данных: возможно, она открыта "
                        "в программе на этом компьютере. Закройте программу и повторите. "
                        "Данные школы не изменены."
                    ) from None
    except DomainError:
        raise
    except OSError:
        raise StorageError(
            f"Не удалось восстановить данные в папке {paths.root}: нет доступа к файлам "
            "или места на диске."
        ) from None
    log.info("restored %s (schema %s)", backup_file, revision)
    return RestoreInfo(
        backup_file=backup_file,
        backup_created_at=manifest.created_at,
        schema_revision=revision,
        app_version=manifest.app_version,
        slot_count=slot_count,
        safety_copy=safety,
    )
