"""Typed domain errors. Each carries a clear Russian message the GUI shows as is."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user may see. ``message`` is Russian, ready for a dialog."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input that cannot be accepted (a wrong mark, date, name…)."""


class PermissionDenied(DomainError):
    """The actor's role or assignment does not allow this action."""


class NotFound(DomainError):
    """The record the action refers to does not exist (any more)."""


class ConflictError(DomainError):
    """The action contradicts existing data (duplicate login, overlapping period…)."""


class ReasonRequired(PermissionDenied):
    """A correction (old entry or closed period) needs a written reason."""


class AuthError(DomainError):
    """Sign-in failed: unknown login, wrong password, locked or disabled account."""


class StorageError(DomainError):
    """The database or its key slots cannot be opened, read or written."""


class DamagedDatabase(StorageError):
    """The database file is damaged (a page fails SQLCipher's check): the program
    does not work on it. ``problems`` name the damage; ``backup`` is the newest backup
    that passed its own check (a path), or None."""

    def __init__(self, message: str, problems: tuple[str, ...], backup: object = None) -> None:
        super().__init__(message)
        self.problems = problems
        self.backup = backup
