"""Setting up the school's share from the administration's screen, Qt-free.

- :func:`check_share_folder`: what a chosen folder is *before* anything is written
  there (unreachable, another school's share, already this school's share, a folder
  with other files, an empty folder). Looking only reads: nothing is created.
- :func:`set_up_share`: after the user confirmed, with the administrator's password
  (checked again, and given to the school's other computers, as ``share init`` does).
- :func:`share_screen`: everything the screen shows, in one read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from database.changelog import local_device_id
from database.errors import AuthError, ConflictError, StorageError
from database.keyslots import KdfProfile, open_slot, recovery_slot_info
from database.models import Device
from database.paths import SchoolPaths
from database.permissions import require_admin
from database.sync.computers import ComputersView, list_computers
from database.sync.config import ShareConfig, load_config
from database.sync.enrol import init_share
from database.sync.people import publish_password
from database.sync.registry import read_marker
from database.sync.round import os_reason
from database.sync.share import ROOT_NAME, ShareLayout, SharePath, ShareUnavailable
from database.sync.status import ShareState, read_share_state

if TYPE_CHECKING:
    from database.auth import SignedIn

# What a chosen folder is (FolderCheck.kind).
UNREACHABLE = "unreachable"
FOREIGN = "foreign"  # another school's (or another installation's) share, or damaged
OURS = "ours"  # already this school's share
NOT_EMPTY = "not_empty"  # other files: usable, the screen warns before confirming
EMPTY = "empty"


@dataclass(frozen=True)
class FolderCheck:
    base: SharePath
    kind: str
    message: str  # Russian, for the screen

    @property
    def usable(self) -> bool:
        """May ``init_share`` be offered for this folder (after confirmation)?"""
        return self.kind in (NOT_EMPTY, EMPTY)


def check_share_folder(base: SharePath, config: ShareConfig | None) -> FolderCheck:
    """What ``base`` is, for setting it up as the school's share (only reads)."""
    layout = ShareLayout(base)
    try:
        if not base.is_dir():
            return FolderCheck(base, UNREACHABLE, (
                f"Папка {base} не найдена или недоступна: проверьте путь, сеть и права "
                "доступа. Программа не создаёт общую папку сама — создайте её на сервере."))
        if layout.marker.is_file():
            try:
                body = read_marker(layout)
            except ShareUnavailable as exc:
                return FolderCheck(base, FOREIGN, exc.reason + " Выберите другую папку.")
            if config is not None and body.get("signer") == config.root_key.hex() and (
                    body.get("share_id") == config.share_id):
                return FolderCheck(base, OURS, "Это уже общая папка вашей школы.")
            return FolderCheck(base, FOREIGN, (
                f"В папке {base} уже настроена общая папка другой школы (или другой "
                "установки программы). Её нельзя занять: выберите другую папку."))
        if (base / ROOT_NAME).exists():
            return FolderCheck(base, FOREIGN, (
                f"В папке {base} уже есть папка {ROOT_NAME} без метки общей папки школы "
                "(неоконченная настройка или чужие файлы). Выберите другую папку."))
        others = sum(1 for _ in base.iterdir())
    except OSError as exc:
        return FolderCheck(base, UNREACHABLE, (
            f"Папка {base} недоступна: {exc.strerror or type(exc).__name__}."))
    if others:
        return FolderCheck(base, NOT_EMPTY, (
            f"В папке уже есть другие файлы и папки ({others}). Программа создаст в ней "
            f"только папку {ROOT_NAME} и не тронет остальное, но лучше выбрать пустую "
            "папку, отведённую для журнала."))
    return FolderCheck(base, EMPTY, "Папка пуста и доступна: её можно сделать общей папкой "
                                    "школы.")


def set_up_share(signed: SignedIn, base: SharePath, password: str) -> ShareConfig:
    """Write the signed marker in ``base`` (the administration confirmed it) and give
    the administrator's password to the school's other computers. The password is
    checked first: a mistyped one would lock the administrator out of them."""
    require_admin(signed.actor, "настройка общей папки школы")
    try:
        open_slot(signed.paths.slots_dir, signed.login, password)
    except AuthError:
        raise AuthError("Неверный пароль: общая папка не настроена.") from None
    with signed.sessions() as session:
        config = load_config(session)
    check = check_share_folder(base, config)
    if not check.usable:
        raise ConflictError(check.message)
    try:
        config = init_share(signed.paths, signed.sessionmaker, signed.data_key(), base)
    except ShareUnavailable as exc:
        raise StorageError(exc.reason) from None
    except OSError as exc:
        raise StorageError("Общая папка: " + os_reason(exc) + ".") from None
    with signed.sessions() as session:
        publish_password(session, signed.actor, signed.paths, signed.account_id,
                         signed.login, password, KdfProfile.STANDARD)
        session.commit()
    return config


@dataclass(frozen=True)
class ShareScreen:
    state: ShareState
    admin_workstation: bool  # this computer's kind is «administration»
    holds_root_key: bool  # this computer set the share up (enrols and revokes)
    has_recovery_slot: bool  # a recovery key opens this computer's database
    computers: ComputersView


def share_screen(session: Session, paths: SchoolPaths) -> ShareScreen:
    config = load_config(session)
    device = session.get(Device, local_device_id(session))
    return ShareScreen(
        state=read_share_state(session, paths.root),
        admin_workstation=device is not None and device.kind == "admin",
        holds_root_key=config is not None and config.root_private is not None,
        has_recovery_slot=recovery_slot_info(paths.slots_dir) is not None,
        computers=list_computers(session, paths.root),
    )
