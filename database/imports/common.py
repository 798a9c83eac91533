"""Pieces every importer uses: reading one row's cells with their errors, people's
names (three columns or one «ФИО»), and the plan an importer hands to the engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from database import display_names
from database import validation as v
from database.actor import Actor
from database.errors import DomainError
from database.imports.outcome import RowOutcome, RowProblems
from database.imports.table import Progress, Row, Table
from database.imports.values import clean_text, fold, split_full_name
from database.services.people_rules import clean_person  # the services' own name rules

T = TypeVar("T")

PROGRESS_EVERY = 250  # rows between progress reports (and cancel checks)


class RowCells:
    """One row of the table and the problems found in it, cell by cell."""

    def __init__(self, table: Table, row: Row) -> None:
        self.table = table
        self.row = row
        self.problems = RowProblems()

    def has(self, key: str) -> bool:
        return self.table.has(key)

    def raw(self, key: str) -> Any:
        return self.row.get(key)

    def text(self, key: str) -> str:
        return self.row.text(key)

    def address(self, key: str) -> str:
        return self.table.address(key, self.row)

    def check(self, key: str, fn: Callable[..., T], *args: Any) -> T | None:
        """``fn(*args)``, or None with its Russian message recorded against ``key``'s
        cell."""
        try:
            return fn(*args)
        except DomainError as exc:
            self.problems.add(self.address(key), exc.message)
            return None

    def refuse(self, key: str, message: str) -> None:
        self.problems.add(self.address(key), message)

    def error(self, who: str) -> RowOutcome:
        return self.problems.outcome(self.row.number, who)


def _clean_name(part: str, value: str) -> str:
    return str(clean_person({part: value}, gender_required=False)[part])


def read_name(cells: RowCells, full_name_key: str = "full_name") -> tuple[str, str, str] | None:
    """(surname, name, patronymic), cleaned by the services' rules; from the three
    columns, or from the «ФИО» column when they are absent or empty."""
    use_full = cells.has(full_name_key) and not (cells.text("surname") or cells.text("name"))
    if use_full:
        parts = cells.check(full_name_key, lambda: split_full_name(cells.text(full_name_key)))
        if parts is None:
            return None
        key = full_name_key
        surname, name, patronymic = parts
        keys = (key, key, key)
    else:
        surname, name, patronymic = cells.text("surname"), cells.text("name"), cells.text(
            "patronymic"
        )
        keys = ("surname", "name", "patronymic")
    cleaned: list[str] = []
    for field_name, value, key in zip(("surname", "name", "patronymic"),
                                      (surname, name, patronymic), keys, strict=True):
        result = cells.check(key, _clean_name, field_name, value)
        cleaned.append(result if result is not None else "")
    if cells.problems:
        return None
    return cleaned[0], cleaned[1], cleaned[2]


def name_key(surname: str, name: str, patronymic: str) -> str:
    return fold(display_names.full_name(surname, name, patronymic))


def better_name(stored: str, given: str) -> str:
    """The file's spelling, unless it differs from the stored one only by «е» for
    «ё» (a file typed without «ё» does not take it away)."""
    if stored == given:
        return stored
    if fold(stored) == fold(given) and ("ё" in stored.lower()) and ("ё" not in given.lower()):
        return stored
    return given


def optional_text(cells: RowCells, key: str, label: str, max_length: int) -> str | None:
    """The cleaned text of an optional column; None when the cell is empty (empty
    cells never erase what the school already has)."""
    if not cells.text(key):
        return None
    return cells.check(key, _one_line, clean_text(cells.raw(key)), label, max_length)


def _one_line(value: str, label: str, max_length: int) -> str:
    return v.text(value, label, max_length=max_length)


def changed_fields(stored: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if stored.get(key) != value}


FIELD_TITLES: dict[str, str] = {
    "surname": "фамилия",
    "name": "имя",
    "patronymic": "отчество",
    "gender": "пол",
    "birth_date": "дата рождения",
    "personal_file_no": "№ личного дела",
    "health_group": "группа здоровья",
    "pe_group": "группа по физкультуре",
    "address": "адрес",
    "phone": "телефон",
    "position": "должность",
    "relation": "кем приходится",
    "teacher_id": "учитель",
    "hours_per_week": "часов в неделю",
}


@dataclass
class Plan:
    """An importer's result: every row's outcome, what else it creates, and (when no
    row has an error) how to write it."""

    outcomes: list[RowOutcome] = field(default_factory=list)
    created: tuple[str, ...] = ()
    write: Callable[[Session, Actor, Progress], None] | None = None


def every(rows: int, report: Progress, text: str, index: int, start: float, span: float) -> None:
    if index % PROGRESS_EVERY == 0:
        report(text, start + span * index / max(rows, 1))
