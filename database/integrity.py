"""Integrity verification: SQLCipher page integrity plus the change-log hash chain.

The report is read by people who are not programmers (the integrity window, the
command line), so it speaks in plain words: what was checked, what was found, what
to do. A file SQLite cannot read at all still gets a report: the page check runs
without SQL, and the change log is then reported as not checked, with the reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import ChainReport, verify_chain
from database.permissions import require_account_manager
from database.store import integrity_check

log = logging.getLogger(__name__)

CHAIN_UNREADABLE = (
    "журнал изменений не удалось прочитать: записи лежат на повреждённых страницах файла"
)


@dataclass(frozen=True)
class IntegrityReport:
    storage_problems: tuple[str, ...]
    chain: ChainReport | None  # None: the change log could not be read
    chain_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.storage_problems and self.chain is not None and self.chain.ok

    def file_lines(self) -> list[str]:
        if not self.storage_problems:
            return [
                "Файл базы данных исправен: все страницы прошли проверку шифрования "
                "(SQLCipher), структура таблиц цела."
            ]
        lines = ["Файл базы данных повреждён:"]
        lines.extend(f"  {p}" for p in self.storage_problems[:20])
        if len(self.storage_problems) > 20:
            lines.append(f"  …и ещё {len(self.storage_problems) - 20}.")
        return lines

    def chain_lines(self) -> list[str]:
        if self.chain is None:
            return [f"Журнал изменений не проверен: {self.chain_error}."]
        if self.chain.problem is None:
            return [
                f"Журнал изменений цел (записей: {self.chain.rows_checked}, компьютеров: "
                f"{self.chain.devices}): ни одна запись не изменена и не удалена, цепочка "
                "контрольных сумм сходится."
            ]
        return [
            "Журнал изменений нарушен — запись изменена или удалена не программой: "
            f"{self.chain.problem.describe()}."
        ]

    def verdict(self) -> str:
        if self.ok:
            return "Проверка пройдена."
        return (
            "ПРОВЕРКА НЕ ПРОЙДЕНА. Восстановите данные из последней исправной резервной "
            "копии (окно «Резервные копии и целостность» или команда restore)."
        )

    def describe(self) -> str:
        return "\n".join([*self.file_lines(), *self.chain_lines(), self.verdict()])


def verify_database(engine: Engine, actor: Actor) -> IntegrityReport:
    """Full check, for the administration and the system administrator."""
    require_account_manager(actor)
    problems = tuple(integrity_check(engine))
    try:
        with Session(engine) as session:
            chain = verify_chain(session)
    except SQLAlchemyError as exc:
        log.warning("change log unreadable: %s", type(exc).__name__)
        return IntegrityReport(problems, None, CHAIN_UNREADABLE)
    return IntegrityReport(problems, chain)
