"""Small pieces shared by the structure services (school, people, classes, …).

- ``UNSET``: the "not given" marker of update functions, so ``None`` can still mean
  "clear this field" (e.g. a class without a class teacher).
- ``get_or_raise``: load a row by id or raise :class:`NotFound` with a Russian message.
- ``apply_changes``: set only the attributes that really change, so the change log
  records only changed fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, Final, TypeVar

from sqlalchemy.orm import Session

from database.errors import NotFound
from database.models import Synced


class Unset(Enum):
    """The type of :data:`UNSET`; ``isinstance(x, Unset)`` narrows for mypy."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET

ModelT = TypeVar("ModelT", bound=Synced)


def get_or_raise(
    session: Session, model: type[ModelT], record_id: uuid.UUID, message: str
) -> ModelT:
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(message)
    return obj


def given(changes: dict[str, Any]) -> dict[str, Any]:
    """Only the arguments that were actually passed (not ``UNSET``)."""
    return {key: value for key, value in changes.items() if not isinstance(value, Unset)}


def apply_changes(obj: Synced, changes: dict[str, Any]) -> None:
    """Set the attributes whose value differs; equal values are left untouched."""
    for key, value in changes.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)


def name_taken(
    rows: Iterable[Sequence[Any]], name: str, exclude_id: uuid.UUID | None = None
) -> bool:
    """Is ``name`` among the (id, name) ``rows``, ignoring case? Compared in Python:
    SQLite's ``lower()`` folds only ASCII letters, not Cyrillic."""
    wanted = name.casefold()
    return any(row_id != exclude_id and row_name.casefold() == wanted for row_id, row_name in rows)
