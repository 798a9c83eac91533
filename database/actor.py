"""Who acts: the signed-in account, its role and the computer it works on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # director and deputies: everything
    SYSADMIN = "sysadmin"  # accounts, devices, backups; no marks
    TEACHER = "teacher"
    STUDENT = "student"
    PARENT = "parent"


ROLE_TITLES_RU: dict[Role, str] = {
    Role.ADMIN: "администрация",
    Role.SYSADMIN: "системный администратор",
    Role.TEACHER: "учитель",
    Role.STUDENT: "ученик",
    Role.PARENT: "родитель",
}


def local_now() -> datetime:
    """School-local wall-clock time, naive (see ``database.models``)."""
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Actor:
    """The author of a change. ``account_id`` is None only for the system itself
    (creating a school, building the demo)."""

    role: Role
    device_id: uuid.UUID
    account_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    student_id: uuid.UUID | None = None
    guardian_id: uuid.UUID | None = None
    clock: Callable[[], datetime] = field(default=local_now, compare=False, repr=False)

    def now(self) -> datetime:
        return self.clock()

    @classmethod
    def system(
        cls, device_id: uuid.UUID, clock: Callable[[], datetime] = local_now
    ) -> Actor:
        """The software itself, acting with administration rights and no account."""
        return cls(role=Role.ADMIN, device_id=device_id, clock=clock)
