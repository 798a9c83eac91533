"""What an import will do, row by row: the preview shown before anything is written
(and printed by the command line)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from database.errors import ValidationError


class Status(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


STATUS_TITLES: Final[dict[Status, str]] = {
    Status.NEW: "новый",
    Status.UPDATED: "изменится",
    Status.UNCHANGED: "без изменений",
    Status.ERROR: "ошибка",
}


@dataclass(frozen=True)
class RowOutcome:
    row: int  # the sheet's row number
    status: Status
    who: str  # «Иванов Пётр Сергеевич, 5 «А»»
    detail: str  # what changes, or why the row is refused (Russian)
    cell: str = ""  # the first bad cell, «C7», for errors

    def describe(self) -> str:
        text = f"Строка {self.row}: {STATUS_TITLES[self.status]}"
        if self.who:
            text += f": {self.who}"
        if self.detail:
            text += f" — {self.detail}"
        return text


@dataclass(frozen=True)
class ImportPreview:
    kind: str
    file_name: str
    rows: tuple[RowOutcome, ...]
    created: tuple[str, ...] = ()  # classes, groups, subjects the import also creates
    written: bool = False  # True once the import was written (not a preview)
    batch: str = ""  # the change log's reason shared by every row of the import

    @property
    def counts(self) -> dict[Status, int]:
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in Status}

    @property
    def has_errors(self) -> bool:
        return any(row.status is Status.ERROR for row in self.rows)

    @property
    def errors(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.status is Status.ERROR]

    def summary(self) -> str:
        c = self.counts
        text = (
            f"Строк: {len(self.rows)}; новых: {c[Status.NEW]}, изменится: {c[Status.UPDATED]}, "
            f"без изменений: {c[Status.UNCHANGED]}, с ошибками: {c[Status.ERROR]}."
        )
        if self.created:
            text += " Будут созданы: " + ", ".join(self.created) + "."
        return text


class ImportRefused(ValidationError):
    """The file has rows with errors: nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        errors = preview.errors
        first = errors[0].describe() if errors else ""
        super().__init__(
            f"В файле «{preview.file_name}» строк с ошибками: {len(errors)}. Ничего не "
            f"записано: исправьте файл и повторите. Первая: {first}"
        )
        self.preview = preview


@dataclass
class RowProblems:
    """Errors found in one row, each with its cell."""

    problems: list[tuple[str, str]] = field(default_factory=list)  # (cell, message)

    def add(self, cell: str, message: str) -> None:
        self.problems.append((cell, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def outcome(self, row: int, who: str) -> RowOutcome:
        # Left to right, as the user reads the row: «B7» before «AA7».
        ordered = sorted(self.problems, key=lambda p: (len(p[0].rstrip("0123456789")), p[0]))
        detail = " ".join(f"{cell}: {message}" for cell, message in ordered)
        return RowOutcome(row, Status.ERROR, who, detail, ordered[0][0])
