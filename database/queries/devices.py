"""The school's computers as the devices screen lists them (administration and
system administrator only); changing them is ``database.services.devices``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.models import Device
from database.permissions import require_device_manager


@dataclass(frozen=True)
class DeviceInfo:
    id: uuid.UUID
    name: str
    kind: str
    created_at: datetime


def device_info(device: Device) -> DeviceInfo:
    return DeviceInfo(
        id=device.id, name=device.name, kind=device.kind, created_at=device.created_at
    )


def list_devices(session: Session, actor: Actor) -> list[DeviceInfo]:
    require_device_manager(actor)
    devices = session.execute(select(Device).order_by(Device.name)).scalars()
    return [device_info(device) for device in devices]
