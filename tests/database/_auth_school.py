"""A small school made the way the first-start dialog makes one (``create_school``),
plus a teacher with an issued one-time password; built once and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from database.actor import Role
from database.auth import create_school, issue_password, sign_in
from database.paths import SchoolPaths
from database.services.accounts import create_account
from database.services.people import add_staff

ADMIN_PASSWORD = "Директор-2026"
START = datetime(2026, 11, 18, 9, 0)


class Clock:
    """A settable clock for lockout tests."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class AuthSchool:
    paths: SchoolPaths
    teacher_login: str
    teacher_password: str  # issued (one-time) password


def build_template(root: Path) -> AuthSchool:
    paths = SchoolPaths(root / "school")
    signed = create_school(
        paths,
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Школа № 5»",
        short_name="Школа № 5",
        director_name="Волкова Наталья Сергеевна",
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        device_name="Приёмная",
        device_kind="admin",
    )
    try:
        with signed.sessions() as session:
            staff = add_staff(session, signed.actor, "Смирнова", "Ольга", "Петровна",
                              position="учитель математики")
            account = create_account(session, signed.actor, "smirnova.op", Role.TEACHER,
                                     staff_id=staff.id)
            session.commit()
        password = issue_password(signed, account.id)
    finally:
        signed.close()
    return AuthSchool(paths, "smirnova.op", password)


def copy_school(template: AuthSchool, root: Path) -> AuthSchool:
    target = root / "copy"
    shutil.copytree(template.paths.root, target)
    return AuthSchool(SchoolPaths(target), template.teacher_login, template.teacher_password)


def signed_admin(school: AuthSchool, clock: Callable[[], datetime] | None = None):  # type: ignore[no-untyped-def]
    return sign_in(school.paths, "admin", ADMIN_PASSWORD, **({"clock": clock} if clock else {}))
