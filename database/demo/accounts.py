"""Demo accounts and sign-in history.

Logins: ``admin`` (the director), ``sysadmin`` (the engineer), teachers and deputies
by transliterated surname and initials (``ivanova.ma``), students ``s.petrov.ai``,
parents ``p.petrova.ei``; a clash gets a digit (``ivanova.ma2``). The passwords are
public and the same per role (:data:`DEMO_PASSWORDS`). About 70% of the accounts are
activated; activated ones have sign-ins over the last two weeks, so the weekly
unique-logins indicator has something to count.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from database.demo import names
from database.demo.records import seeded_id
from database.display_names import full_name

DEMO_PASSWORDS: Final[dict[str, str]] = {
    "admin": "admin2026",
    "sysadmin": "sysadmin2026",
    "teacher": "teacher2026",
    "student": "student2026",
    "parent": "parent2026",
}

ACTIVATED_SHARE: Final = 0.7


@dataclass(slots=True)
class AccountRec:
    id: uuid.UUID
    login: str
    role: str
    person_name: str
    note: str
    staff_id: uuid.UUID | None = None
    student_id: uuid.UUID | None = None
    guardian_id: uuid.UUID | None = None
    status: str = "created"
    created_at: datetime = datetime.min
    last_login_at: datetime | None = None

    def row(self) -> dict[str, object]:
        return {
            "id": self.id,
            "login": self.login,
            "role": self.role,
            "staff_id": self.staff_id,
            "student_id": self.student_id,
            "guardian_id": self.guardian_id,
            "status": self.status,
            "must_change_password": False,
            "failed_attempts": 0,
            "locked_until": None,
            "last_login_at": self.last_login_at,
            "created_at": self.created_at,
        }


class AccountBook:
    def __init__(self, rng: random.Random, ids: random.Random, first_year: int,
                 today: date) -> None:
        self.rng = rng
        self.ids = ids
        self.first_year = first_year
        self.today = today
        self.logins = names.LoginBook()
        self.accounts: list[AccountRec] = []

    def _created(self, on: date | None) -> datetime:
        rng = self.rng
        if on is None:
            on = date(self.first_year, 8, 25) + timedelta(days=rng.randint(0, 11))
        on = min(on, self.today)
        return datetime.combine(on, time(rng.randint(9, 17), rng.randint(0, 59)))

    def add(
        self,
        role: str,
        surname: str,
        name: str,
        patronymic: str,
        note: str,
        *,
        login: str | None = None,
        prefix: str = "",
        staff_id: uuid.UUID | None = None,
        student_id: uuid.UUID | None = None,
        guardian_id: uuid.UUID | None = None,
        created_on: date | None = None,
        activated: bool | None = None,
    ) -> AccountRec:
        wanted = login or names.login_base(surname, name, patronymic, prefix)
        if activated is None:
            activated = self.rng.random() < ACTIVATED_SHARE
        account = AccountRec(
            id=seeded_id(self.ids),
            login=self.logins.claim(wanted),
            role=role,
            person_name=full_name(surname, name, patronymic),
            note=note,
            staff_id=staff_id,
            student_id=student_id,
            guardian_id=guardian_id,
            status="activated" if activated else "created",
            created_at=self._created(created_on),
        )
        self.accounts.append(account)
        return account

    def sign_ins(
        self,
        school_days: list[date],
        devices: dict[str, list[uuid.UUID]],
    ) -> list[dict[str, object]]:
        """Login events of activated accounts over the last two weeks of school days;
        sets ``last_login_at``. ``devices``: "staff" / "pupils" / "admin" → device ids."""
        rng = self.rng
        recent = [d for d in school_days if d <= self.today][-10:]
        events: list[dict[str, object]] = []
        for account in self.accounts:
            if account.status != "activated" or not recent:
                continue
            if account.role in ("admin", "sysadmin"):
                days = [d for d in recent if rng.random() < 0.9]
                where = devices["admin"]
            elif account.role == "teacher":
                days = [d for d in recent if rng.random() < 0.8]
                where = devices["staff"]
            else:
                chance = 0.5 if account.role == "student" else 0.35
                days = rng.sample(recent, k=min(len(recent), rng.randint(1, 3))) if (
                    rng.random() < chance) else []
                where = devices["pupils"]
            last: datetime | None = None
            for day in sorted(days):
                at = datetime.combine(day, time(rng.randint(7, 17), rng.randint(0, 59),
                                                rng.randint(0, 59)))
                if at < account.created_at:
                    continue
                device = rng.choice(where)
                if rng.random() < 0.03:
                    events.append(self._event(account.id, device, at - timedelta(minutes=1),
                                              False))
                events.append(self._event(account.id, device, at, True))
                last = at
            if last is None:
                # Activated earlier in the term and not signed in lately.
                span = max(0, (self.today - account.created_at.date()).days)
                day = account.created_at.date() + timedelta(days=rng.randint(0, span))
                last = max(account.created_at,
                           datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59))))
            account.last_login_at = last
        events.sort(key=lambda e: (e["at"], str(e["account_id"])))
        return events

    def _event(self, account_id: uuid.UUID, device: uuid.UUID, at: datetime,
               success: bool) -> dict[str, object]:
        return {
            "id": seeded_id(self.ids),
            "account_id": account_id,
            "device_id": device,
            "at": at,
            "success": success,
        }
