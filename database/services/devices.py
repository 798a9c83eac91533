"""Devices: the school's computers (classroom or administration) that keep a copy.

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ========  =======  =======  ======
function               admin  sysadmin  teacher  student  parent
=====================  =====  ========  =======  =======  ======
register_device        yes    yes       —        —        —
rename_device          yes    yes       —        —        —
set_device_kind        yes    yes       —        —        —
=====================  =====  ========  =======  =======  ======

The kind decides the idle-lock time and whether "remember me" is allowed (school
settings ``idle_lock_minutes`` and ``remember_me_allowed``). Listing them is
:mod:`database.queries.devices`.
"""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.errors import ConflictError
from database.models import Device
from database.permissions import require_device_manager
from database.queries.devices import DeviceInfo, device_info
from database.services._common import get_or_raise, name_taken

DEVICE_KINDS: Final[dict[str, str]] = {"classroom": "учебный кабинет", "admin": "администрация"}


def _check_name(session: Session, name: str, device_id: uuid.UUID | None) -> None:
    if name_taken(session.execute(select(Device.id, Device.name)), name, device_id):
        raise ConflictError(f"Компьютер с названием «{name}» уже есть.")


def register_device(
    session: Session,
    actor: Actor,
    name: str,
    kind: str = "classroom",
    *,
    device_id: uuid.UUID | None = None,
) -> DeviceInfo:
    """Register a computer. ``device_id`` is the id its database was created with (the
    one its change-log rows carry); a new id is made when not given."""
    require_device_manager(actor)
    name = v.text(name, "Название компьютера", max_length=100, required=True)
    kind = v.choice(kind, DEVICE_KINDS, "Вид компьютера")
    if device_id is not None and session.get(Device, device_id) is not None:
        raise ConflictError("Этот компьютер уже зарегистрирован.")
    _check_name(session, name, None)
    device = Device(name=name, kind=kind, created_at=actor.now())
    if device_id is not None:
        device.id = device_id
    changelog.save(session, actor, device)
    return device_info(device)


def _get_device(session: Session, device_id: uuid.UUID) -> Device:
    return get_or_raise(session, Device, device_id, "Компьютер не найден.")


def rename_device(session: Session, actor: Actor, device_id: uuid.UUID, name: str) -> DeviceInfo:
    require_device_manager(actor)
    name = v.text(name, "Название компьютера", max_length=100, required=True)
    device = _get_device(session, device_id)
    _check_name(session, name, device.id)
    if device.name != name:
        device.name = name
        changelog.save(session, actor, device)
    return device_info(device)


def set_device_kind(session: Session, actor: Actor, device_id: uuid.UUID, kind: str) -> DeviceInfo:
    require_device_manager(actor)
    kind = v.choice(kind, DEVICE_KINDS, "Вид компьютера")
    device = _get_device(session, device_id)
    if device.kind != kind:
        device.kind = kind
        changelog.save(session, actor, device)
    return device_info(device)
