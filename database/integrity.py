"""Integrity verification: SQLCipher page integrity plus the change-log hash chain."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import ChainReport, verify_chain
from database.permissions import require_account_manager
from database.store import integrity_check


@dataclass(frozen=True)
class IntegrityReport:
    storage_problems: tuple[str, ...]
    chain: ChainReport

    @property
    def ok(self) -> bool:
        return not self.storage_problems and self.chain.ok

    def describe(self) -> str:
        lines: list[str] = []
        if self.storage_problems:
            lines.append("Файл базы данных повреждён:")
            lines.extend(f"  {p}" for p in self.storage_problems[:20])
        else:
            lines.append("Файл базы данных: целостность подтверждена.")
        if self.chain.problem is None:
            lines.append(
                f"Журнал изменений: цепочка цела ({self.chain.rows_checked} записей, "
                f"устройств: {self.chain.devices})."
            )
        else:
            lines.append(f"Журнал изменений нарушен: {self.chain.problem.describe()}")
        lines.append("Проверка пройдена." if self.ok else "ПРОВЕРКА НЕ ПРОЙДЕНА.")
        return "\n".join(lines)


def verify_database(engine: Engine, actor: Actor) -> IntegrityReport:
    """Full check, for the administration and the system administrator."""
    require_account_manager(actor)
    problems = tuple(integrity_check(engine))
    with Session(engine) as session:
        chain = verify_chain(session)
    return IntegrityReport(problems, chain)
