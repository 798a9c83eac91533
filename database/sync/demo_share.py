"""The demo school as several computers over one share folder, on one machine.

``computer-1`` is the administration workstation: the demo school is built there,
the share is set up from it, and every demo account's password gets its synchronised
slot (so each login works on every computer). ``computer-2`` … ``computer-N`` are
classroom computers enrolled with one-time codes and bootstrapped from the share's
snapshot (written right after the set-up), exactly as a school's computers join.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from database.actor import Actor, Role
from database.changelog import local_device_id, save
from database.demo import DemoAccount
from database.demo_install import DemoInstallSummary, install_demo
from database.engine import make_engine, make_sessionmaker
from database.errors import StorageError
from database.keyslots import KdfProfile, open_slot, slot_path, write_slot
from database.models import AccountKey
from database.paths import SchoolPaths
from database.sync.compact import compact_share
from database.sync.config import META_LOGIN_KEY, get_meta
from database.sync.enrol import finish_join, init_share, new_enrolment_code, request_join
from database.sync.people import synced_dir
from database.sync.round import sync_round

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoShareSummary:
    demo: DemoInstallSummary
    computers: list[SchoolPaths]
    share: Path

    def describe(self) -> str:
        lines = [self.demo.describe(), "", f"Общая папка: {self.share}"]
        for number, paths in enumerate(self.computers, start=1):
            role = "администрация" if number == 1 else "учебный кабинет"
            lines.append(f"  компьютер {number} ({role}): school-journal --data-dir {paths.root}")
        lines.append("Синхронизация из командной строки: school-journal --data-dir ПАПКА "
                     "--user ЛОГИН sync")
        return "\n".join(lines)


def _share_demo_passwords(paths: SchoolPaths, summary: DemoInstallSummary, engine_key: bytes,
                          progress: Progress | None) -> None:
    """An account key (synchronised slot) for every demo account: the passwords are
    public demo passwords, so the cheap ISSUED profile is used for all but the
    administration (as for the local slots)."""
    engine = make_engine(paths.db, engine_key)
    try:
        maker = make_sessionmaker(engine)
        with maker() as session:
            login_key = bytes.fromhex(get_meta(session, META_LOGIN_KEY) or "")
            device = local_device_id(session)
        folder = synced_dir(paths)
        accounts = summary.school.accounts

        def write(account: DemoAccount) -> None:
            profile = (
                KdfProfile.STANDARD if account.role in (Role.ADMIN.value, Role.SYSADMIN.value)
                else KdfProfile.ISSUED
            )
            write_slot(folder, account.login, account.password, login_key,
                       account_id=account.account_id, profile=profile)

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(write, accounts))
        actor = Actor.system(device)
        with maker.begin() as session:
            for account in accounts:
                document = slot_path(folder, account.login).read_text(encoding="utf-8")
                save(session, actor, AccountKey(
                    id=account.account_id, login=account.login, slot=document,
                    changed_at=actor.now(),
                ))
        if progress:
            progress("Пароли для всех компьютеров", 0.9)
    finally:
        engine.dispose()


def install_demo_share(
    root: Path, share: Path, computers: int, *, size: str = "tiny", seed: int = 1,
    today: date | None = None, progress: Progress | None = None,
) -> DemoShareSummary:
    if not 2 <= computers <= 40:
        raise StorageError("Число компьютеров демонстрации: от 2 до 40.")
    share.mkdir(parents=True, exist_ok=True)
    if any(share.iterdir()):
        raise StorageError(f"Папка {share} не пуста; для демонстрации нужна пустая папка.")
    admin = SchoolPaths(root / "computer-1")
    summary = install_demo(admin, size=size, seed=seed, today=today, progress=progress)
    admin_account = next(a for a in summary.school.accounts if a.role == Role.ADMIN.value)
    data_key = open_slot(admin.slots_dir, admin_account.login, admin_account.password)
    engine = make_engine(admin.db, data_key)
    try:
        init_share(admin, make_sessionmaker(engine), data_key, share)
    finally:
        engine.dispose()
    _share_demo_passwords(admin, summary, data_key, progress)
    # A snapshot, as the administration would make with ``share compact``: the other
    # computers start from it instead of replaying the whole school's log.
    engine = make_engine(admin.db, data_key)
    try:
        compact_share(admin, engine, share)
    finally:
        engine.dispose()
    paths_list = [admin]
    for number in range(2, computers + 1):
        paths = SchoolPaths(root / f"computer-{number}")
        admin_engine = make_engine(admin.db, data_key)
        try:
            with make_sessionmaker(admin_engine).begin() as session:
                code = new_enrolment_code(session, f"Кабинет {number}")
            request_join(paths.root, share, code, f"Кабинет {number}")
            sync_round(admin, admin_engine, share)
        finally:
            admin_engine.dispose()
        joined = finish_join(paths, share)
        if joined is None:
            raise StorageError(f"Компьютер {number} не удалось подключить к общей папке.")
        engine, _ = joined
        try:
            report = sync_round(paths, engine, share)
            if not report.ok:
                raise StorageError(report.describe())
        finally:
            engine.dispose()
        paths_list.append(paths)
        if progress:
            progress(f"Подключён компьютер {number}", number / computers)
    return DemoShareSummary(summary, paths_list, share)
