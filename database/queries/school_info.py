"""A one-screen summary of the school database (for ``school-journal info``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import ROLE_TITLES_RU, Actor
from database.models import (
    Account,
    Attendance,
    ChangeLog,
    Enrolment,
    Guardian,
    Lesson,
    Mark,
    School,
    SchoolClass,
    Staff,
    Subject,
)


@dataclass(frozen=True)
class SchoolInfo:
    school_name: str
    director: str
    user: str
    role: str
    counts: tuple[tuple[str, int], ...]
    schema_version: str
    cipher_version: str

    def describe(self) -> str:
        width = max(len(label) for label, _ in self.counts)
        lines = [
            self.school_name,
            f"Директор: {self.director}",
            f"Пользователь: {self.user} ({self.role})",
            "",
            *(f"{label:<{width}}  {count:>8}" for label, count in self.counts),
            "",
            f"Версия схемы базы данных: {self.schema_version}",
            f"Шифрование: SQLCipher {self.cipher_version}",
        ]
        return "\n".join(lines)


def school_info(session: Session, actor: Actor) -> SchoolInfo:
    from database.engine import cipher_version
    from database.store import schema_version

    school = session.execute(select(School)).scalars().first()
    login = (
        session.execute(select(Account.login).where(Account.id == actor.account_id)).scalar()
        if actor.account_id is not None
        else None
    )

    def count(model: type[object]) -> int:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())

    current_students = int(
        session.execute(
            select(func.count(func.distinct(Enrolment.student_id))).where(
                Enrolment.end_date.is_(None)
            )
        ).scalar_one()
    )
    counts = (
        ("Классов", count(SchoolClass)),
        ("Учеников (обучаются сейчас)", current_students),
        ("Сотрудников", count(Staff)),
        ("Родителей и законных представителей", count(Guardian)),
        ("Предметов", count(Subject)),
        ("Уроков", count(Lesson)),
        ("Отметок", count(Mark)),
        ("Записей посещаемости", count(Attendance)),
        ("Учётных записей", count(Account)),
        ("Записей журнала изменений", count(ChangeLog)),
    )
    bind = session.get_bind()
    engine = bind.engine if hasattr(bind, "engine") else bind
    return SchoolInfo(
        school_name=school.full_name if school else "(школа не заполнена)",
        director=school.director_name if school else "",
        user=login or "система",
        role=ROLE_TITLES_RU[actor.role],
        counts=counts,
        schema_version=schema_version(engine) or "нет",
        cipher_version=cipher_version(engine),
    )
