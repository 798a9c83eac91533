"""Creating and opening a school's encrypted database.

``create_database`` makes a new school folder: the encrypted database at the newest
schema, this computer's device id and its ``device`` row (written through the change
log like any other change). The caller then writes the key slots (at least the
administrator's and the recovery slot) with the same data key.

``open_database`` opens an existing one and brings its schema up to date, taking a
backup first: an upgrade is the one moment the program rewrites tables wholesale.
"""

from __future__ import annotations

import contextlib
import logging

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from database.actor import Actor, local_now
from database.backup import BackupInfo, backup, cipher_check, integrity_check, unique_path
from database.changelog import init_local_meta, save
from database.engine import make_engine, make_sessionmaker
from database.errors import DamagedDatabase, DomainError, StorageError, ValidationError
from database.ids import new_id
from database.models import Device
from database.paths import SchoolPaths
from database.schema import (
    compact_after_upgrade,
    head_revision,
    is_known_revision,
    newer_schema_error,
    schema_version,
    upgrade_schema,
)

log = logging.getLogger(__name__)

SCHEMA_HEAD: str = head_revision()
DEVICE_KINDS = ("classroom", "admin")

__all__ = [
    "DEVICE_KINDS",
    "SCHEMA_HEAD",
    "create_database",
    "integrity_check",
    "open_database",
    "schema_version",
    "upgrade_backup",
]


def _remove_db_files(paths: SchoolPaths) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            paths.db.with_name(paths.db.name + suffix).unlink()


def create_database(
    paths: SchoolPaths,
    data_key: bytes,
    *,
    device_name: str,
    device_kind: str = "admin",
) -> Engine:
    """Create the school's encrypted database at the newest schema and register this
    computer as its first device. Refuses to overwrite an existing database."""
    name = device_name.strip() if isinstance(device_name, str) else ""
    if not name or len(name) > 100:
        raise ValidationError("Название компьютера: от 1 до 100 символов.")
    if device_kind not in DEVICE_KINDS:
        raise ValidationError("Тип компьютера: «classroom» (кабинет) или «admin» (администрация).")
    if paths.exists():
        raise StorageError(
            f"В папке {paths.root} уже есть база данных школы; новая не создана, "
            "чтобы не затереть её."
        )
    try:
        for folder in (paths.root, paths.slots_dir, paths.backups_dir):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise StorageError(f"Не удалось создать папку с данными {paths.root}.") from None

    engine = make_engine(paths.db, data_key)
    try:
        upgrade_schema(engine)
        device_id = new_id()
        actor = Actor.system(device_id)
        with make_sessionmaker(engine).begin() as session:
            init_local_meta(session, device_id)
            save(
                session,
                actor,
                Device(id=device_id, name=name, kind=device_kind, created_at=actor.now()),
            )
    except BaseException as exc:
        # A half-made database would block the next attempt ("already exists") and
        # could not be opened anyway: remove what this call created.
        engine.dispose()
        _remove_db_files(paths)
        if isinstance(exc, SQLAlchemyError):
            log.warning("creating the database failed: %s", type(exc).__name__)
            raise StorageError(f"Не удалось создать базу данных в папке {paths.root}.") from None
        raise
    log.info("created school database %s (device %s)", paths.db, device_id)
    return engine


def upgrade_backup(paths: SchoolPaths, engine: Engine, from_revision: str) -> BackupInfo:
    """The automatic backup taken before a schema upgrade."""
    stamp = local_now().strftime("%Y%m%d-%H%M%S")
    target = unique_path(paths.backups_dir, f"before-upgrade-{stamp}-schema-{from_revision}")
    return backup(paths, engine, target)


def damaged_message(paths: SchoolPaths, problems: list[str], good: BackupInfo | None) -> str:
    lines = [f"Файл базы данных {paths.db} повреждён, работать с ним нельзя:"]
    lines += [f"  {problem}" for problem in problems[:5]]
    if len(problems) > 5:
        lines.append(f"  …и ещё {len(problems) - 5}.")
    if good is not None:
        lines.append(
            f"Последняя исправная резервная копия: {good.path.name} (создана "
            f"{good.created_at.astimezone():%d.%m.%Y %H:%M}). Восстановите данные из неё: "
            "текущий файл будет сохранён рядом."
        )
    else:
        lines.append(
            "Исправных резервных копий в папке backups нет: обратитесь к системному "
            "администратору (копии могут быть на сетевой папке или USB-диске)."
        )
    return "\n".join(lines)


def _refuse_if_damaged(paths: SchoolPaths, engine: Engine) -> None:
    """Every opening checks each page's HMAC (:func:`cipher_check`): one flipped byte
    anywhere in the file is found here, before anyone works on a damaged journal."""
    from database.backup_catalog import latest_good_backup

    problems = cipher_check(engine)
    if problems:
        good = latest_good_backup([paths.backups_dir])
        raise DamagedDatabase(damaged_message(paths, problems, good), tuple(problems),
                              good.path if good is not None else None)


def open_database(paths: SchoolPaths, data_key: bytes) -> Engine:
    """Open the school's database with its data key, upgrading an older schema (after
    a backup into ``backups/``). A wrong key, a damaged file or a schema from a newer
    program version raise :class:`StorageError` (:class:`DamagedDatabase` when a page of
the file fails SQLCipher's check, with the newest sound backup to restore)."""
    if not paths.exists():
        raise StorageError(f"База данных школы не найдена: {paths.db}")
    engine = make_engine(paths.db, data_key)
    try:
        try:
            current = schema_version(engine)  # the first connection also checks the key
        except SQLAlchemyError:
            # Right key (the slot opened) but unreadable: say what is damaged.
            _refuse_if_damaged(paths, engine)
            raise
        _refuse_if_damaged(paths, engine)
        head = head_revision()
        if current != head:
            if current is None:
                raise StorageError(
                    f"Файл {paths.db} не является базой данных School Journal (нет схемы)."
                )
            if not is_known_revision(current):
                raise newer_schema_error(current)
            info = upgrade_backup(paths, engine, current)
            log.info("schema %s -> %s, backup %s", current, head, info.path)
            try:
                upgrade_schema(engine)
            except DomainError:
                raise
            except Exception:
                # A bug in a migration, not the user's doing: keep the details for
                # the log, tell the user their data is safe and where the copy is.
                log.exception("schema upgrade %s -> %s failed", current, head)
                raise StorageError(
                    f"Не удалось обновить структуру базы данных (схема {current} → {head}). "
                    f"Изменения отменены; копия данных сохранена в {info.path}."
                ) from None
            compact_after_upgrade(engine)
    except DomainError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        log.warning("opening the database failed: %s", type(exc).__name__)
        raise StorageError(
            f"Не удалось открыть базу данных {paths.db}: файл занят другой программой "
            "или повреждён."
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return engine
