"""The new computer's side of joining the school, as the first-start screen drives it
(Qt-free; every step runs on the worker).

1. :func:`check_join_folder` — is the chosen folder a school's share at all?
2. :func:`send_request` — this computer's identity (made here) and its request with
   the code (:func:`database.sync.enrol.request_join`). A copied identity (a cloned
   disk) is refused by :func:`database.sync.identity.load_identity`; on a computer
   with no school yet it may be replaced (:func:`replace_copied_identity`).
3. :func:`poll_join` — enrolled yet? Answers «wrong code» / «expired code» the
   administration left, or «still waiting».
4. :func:`bootstrap` — :func:`~database.sync.enrol.finish_join` and the first round
   with progress, cancellable. A cancelled or interrupted load leaves no half
   school: :func:`discard_partial_join` removes what it made, the identity and the
   enrolment stay, and the next :func:`bootstrap` starts over.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from database.errors import StorageError, ValidationError
from database.paths import SchoolPaths
from database.sync import crypto
from database.sync.codes import REFUSED_EXPIRED, answer_path
from database.sync.enrol import finish_join, request_join, request_proof
from database.sync.identity import (
    IDENTITY_DIR,
    IdentityError,
    has_identity,
    identity_path,
    load_identity,
)
from database.sync.registry import read_marker
from database.sync.round import SyncReport, os_reason, sync_round
from database.sync.share import ShareLayout, SharePath, ShareUnavailable, read_bytes

# Written before the database is made, removed once the first round is through: a
# school folder that still has it holds an unfinished load (the program was closed or
# the computer switched off), discarded at the next start.
LOADING_FILE = "joining"


class JoinCancelled(Exception):
    """The user stopped the load (raised from the progress callback)."""


def _share_error(exc: ShareUnavailable | OSError) -> StorageError:
    if isinstance(exc, ShareUnavailable):
        return StorageError(exc.reason)
    return StorageError("Общая папка школы: " + os_reason(exc) + ".")


def check_join_folder(base: SharePath) -> None:
    """StorageError (Russian) unless ``base`` holds a school's signed share marker."""
    layout = ShareLayout(base)
    try:
        if not base.is_dir():
            raise ShareUnavailable(f"Папка {base} не найдена или недоступна: проверьте путь, "
                                   "сеть и права доступа.")
        read_marker(layout)
    except (ShareUnavailable, OSError) as exc:
        raise _share_error(exc) from None


def _check_name_and_code(code: str, name: str) -> None:
    if not name.strip() or len(name.strip()) > 100:
        raise ValidationError("Название компьютера: от 1 до 100 символов.")
    if len(code.replace("-", "").strip()) != 10:
        raise ValidationError("Код подключения — 10 букв и цифр, например «abcde-23456»; "
                              "его показывает компьютер администрации.")


def send_request(paths: SchoolPaths, base: SharePath, code: str, name: str) -> None:
    """Leave this computer's request on the share (StorageError / ValidationError)."""
    _check_name_and_code(code, name)
    if paths.exists():
        raise StorageError(f"В папке {paths.root} уже есть база данных школы.")
    check_join_folder(base)
    try:
        request_join(paths.root, base, code, name)
    except IdentityError as exc:
        raise StorageError(str(exc)) from None
    except (ShareUnavailable, OSError) as exc:
        raise _share_error(exc) from None


def identity_copied(paths: SchoolPaths) -> bool:
    """True when the identity file here was made on another machine (a cloned disk)."""
    if not has_identity(paths.root):
        return False
    try:
        load_identity(paths.root)
    except IdentityError:
        return True
    return False


def replace_copied_identity(paths: SchoolPaths) -> None:
    """Remove an identity copied from another computer, so this one enrols as itself.
    Only where there is no school database yet (first start): the copy belongs to the
    computer it was made on, and nothing here depends on it."""
    if paths.exists():
        raise StorageError("На этом компьютере уже есть база данных школы.")
    identity_path(paths.root).unlink(missing_ok=True)


@dataclass(frozen=True)
class JoinState:
    enrolled: bool
    refused: str | None = None  # why the request was refused (Russian)


def poll_join(paths: SchoolPaths, base: SharePath, code: str, name: str) -> JoinState:
    """Has the administration answered this computer's request?"""
    layout = ShareLayout(base)
    try:
        identity = load_identity(paths.root)
        marker = read_marker(layout)
        raw = read_bytes(answer_path(layout, identity.device_id))
        if raw is not None:
            with contextlib.suppress(crypto.CryptoFailure, KeyError, TypeError, ValueError):
                body = crypto.open_signed_document(raw, bytes.fromhex(marker["signer"]))
                if body.get("proof") == request_proof(identity, code, name):
                    return JoinState(False, (
                        "Срок действия кода подключения истёк. Попросите администрацию "
                        "выдать новый код." if body.get("refused") == REFUSED_EXPIRED else
                        "Неверный код подключения (или он уже использован). Проверьте код "
                        "на экране компьютера администрации."))
        enrolled = read_bytes(layout.wrap(identity.device_id)) is not None
    except IdentityError as exc:
        raise StorageError(str(exc)) from None
    except (ShareUnavailable, OSError) as exc:
        raise _share_error(exc) from None
    return JoinState(enrolled)


def _loading_marker(paths: SchoolPaths) -> Path:
    return paths.root / IDENTITY_DIR / LOADING_FILE


def load_unfinished(paths: SchoolPaths) -> bool:
    return _loading_marker(paths).is_file()


def discard_partial_join(paths: SchoolPaths) -> None:
    """Remove the database a stopped load made (and its key files); the identity and
    the enrolment stay, so loading can start again."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(paths.db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(paths.slots_dir, ignore_errors=True)
    _loading_marker(paths).unlink(missing_ok=True)


Progress = Callable[[str, float], None]


def bootstrap(paths: SchoolPaths, base: SharePath, progress: Progress) -> SyncReport:
    """Make this computer's database from the share and load the school into it.
    ``progress`` may raise :class:`JoinCancelled`; then nothing is left half-made.
    StorageError when not enrolled yet or the share cannot be read."""
    marker = _loading_marker(paths)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"share": str(base)}), encoding="utf-8")
    engine = None
    try:
        try:
            joined = finish_join(paths, base)
        except IdentityError as exc:
            raise StorageError(str(exc)) from None
        except (ShareUnavailable, OSError) as exc:
            raise _share_error(exc) from None
        if joined is None:
            raise StorageError("Администрация ещё не подключила этот компьютер.")
        engine, _ = joined
        progress("Загрузка данных школы с общей папки…", 0.1)
        report = sync_round(paths, engine, base, progress=progress)
        if not report.ok:
            raise StorageError("Данные школы не загружены: " + report.describe())
        progress("Данные школы загружены.", 1.0)
    except BaseException:
        if engine is not None:
            engine.dispose()
            engine = None
        discard_partial_join(paths)
        raise
    finally:
        if engine is not None:
            engine.dispose()
    marker.unlink(missing_ok=True)
    return report


__all__ = [
    "JoinCancelled", "JoinState", "bootstrap", "check_join_folder",
    "discard_partial_join", "identity_copied", "load_unfinished", "poll_join",
    "replace_copied_identity", "send_request",
]
