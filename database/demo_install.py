"""Create a complete demo school on disk: encrypted database, accounts, key slots.

The generator (``database.demo``) fills the tables; this module owns the files:
it creates the database, writes one key slot per demo account, and leaves a list
of the demo logins beside the database for the people trying the program.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from database.actor import Role
from database.changelog import local_device_id
from database.demo import DemoAccount, DemoSchool, populate_demo
from database.errors import StorageError
from database.keyslots import KdfProfile, new_data_key, write_slot
from database.paths import SchoolPaths
from database.store import create_database

Progress = Callable[[str, float], None]

LOGINS_FILE = "demo-logins.csv"


@dataclass(frozen=True)
class DemoInstallSummary:
    paths: SchoolPaths
    school: DemoSchool

    def describe(self) -> str:
        school = self.school
        shown: list[DemoAccount] = []
        for role in (Role.ADMIN, Role.SYSADMIN, Role.TEACHER, Role.STUDENT, Role.PARENT):
            of_role = [a for a in school.accounts if a.role == role.value]
            shown.extend(of_role[: 3 if role is Role.TEACHER else 1])
        width = max(len(a.login) for a in shown)
        lines = [
            f"Демонстрационная школа создана в {self.paths.root}",
            f"Классов: {school.classes}, учеников: {school.students}, "
            f"сотрудников: {school.staff}, уроков: {school.lessons}, "
            f"отметок: {school.marks}.",
            "",
            "Входите под любым из этих логинов:",
            *(
                f"  {a.login:<{width}}  пароль {a.password:<14} {a.person_name}"
                + (f" — {a.note}" if a.note else "")
                for a in shown
            ),
            "",
            f"Все учётные записи ({len(school.accounts)}): {self.paths.root / LOGINS_FILE}",
        ]
        return "\n".join(lines)


def _remove_existing(paths: SchoolPaths) -> None:
    for suffix in ("", "-wal", "-shm"):
        target = paths.db.with_name(paths.db.name + suffix)
        if target.exists():
            target.unlink()
    if paths.slots_dir.exists():
        shutil.rmtree(paths.slots_dir)


def _write_slots(
    paths: SchoolPaths,
    accounts: tuple[DemoAccount, ...],
    data_key: bytes,
    progress: Progress | None,
) -> None:
    # Administration logins get the full-strength KDF (they are what the benchmark
    # unlocks); everyone else's demo password is public anyway, so the cheap
    # "issued" profile keeps building a 3,000-student school to seconds.
    def profile(account: DemoAccount) -> KdfProfile:
        strong = account.role in (Role.ADMIN.value, Role.SYSADMIN.value)
        return KdfProfile.STANDARD if strong else KdfProfile.ISSUED

    def write(account: DemoAccount) -> None:
        write_slot(
            paths.slots_dir, account.login, account.password, data_key,
            account_id=account.account_id, profile=profile(account),
        )

    def report(done: int) -> None:
        if progress and done % 200 == 0:
            progress("Ключи учётных записей", 0.8 + 0.2 * done / len(accounts))

    # The full-strength slots one after another: each derivation holds 128 MiB, and
    # two at once would double the peak memory of the process (the first `make run`
    # builds the demo in the program's own process).
    strong = [a for a in accounts if profile(a) is KdfProfile.STANDARD]
    cheap = [a for a in accounts if profile(a) is not KdfProfile.STANDARD]
    for done, account in enumerate(strong, start=1):
        write(account)
        report(done)
    # argon2-cffi releases the GIL while hashing, so threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for done, _ in enumerate(pool.map(write, cheap), start=len(strong) + 1):
            report(done)


def _write_logins(paths: SchoolPaths, accounts: tuple[DemoAccount, ...]) -> None:
    with (paths.root / LOGINS_FILE).open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["логин", "пароль", "роль", "человек", "примечание"])
        for a in accounts:
            out.writerow([a.login, a.password, a.role, a.person_name, a.note])


def install_demo(
    paths: SchoolPaths,
    *,
    size: str = "school",
    seed: int = 1,
    today: date | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> DemoInstallSummary:
    """Build the demo school into ``paths``; refuses to touch an existing database
    unless ``replace`` is set."""
    if paths.exists():
        if not replace:
            raise StorageError(
                f"В папке {paths.root} уже есть база данных школы. Чтобы заменить её "
                "демонстрационной, добавьте --force."
            )
        _remove_existing(paths)
    data_key = new_data_key()
    engine = create_database(
        paths, data_key, device_name="Демонстрационный компьютер", device_kind="admin"
    )
    try:
        with Session(engine) as session:
            school = populate_demo(
                session,
                local_device_id(session),
                size=size,
                seed=seed,
                today=today,
                progress=(lambda s, f: progress(s, f * 0.8)) if progress else None,
            )
            session.commit()
    finally:
        engine.dispose()
    _write_slots(paths, school.accounts, data_key, progress)
    _write_logins(paths, school.accounts)
    if progress:
        progress("Готово", 1.0)
    return DemoInstallSummary(paths, school)
