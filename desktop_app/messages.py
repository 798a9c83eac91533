"""Message boxes in one place, so every error looks the same and tests can patch them.

A :class:`~database.errors.DomainError` carries a Russian message ready for the user;
any other exception is a bug: its traceback goes to the log, the user sees a short
generic message, never the traceback itself.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from database.errors import DomainError

log = logging.getLogger("school_journal.gui")


def _title() -> str:
    return QCoreApplication.translate("Messages", "School Journal")


def info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, _title(), text)


def warning(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, _title(), text)


def critical(parent: QWidget | None, text: str) -> None:
    QMessageBox.critical(parent, _title(), text)


def confirm(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(
        parent, _title(), text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_reason(parent: QWidget | None, text: str) -> str | None:
    """The reason for a correction or a cancelled lesson (None: the user declined)."""
    # The title keeps the journal page's translation context, where it was first used.
    title = QCoreApplication.translate("JournalPage", "Reason for the correction")
    reason, ok = QInputDialog.getText(parent, title, text)
    return reason.strip() if ok and reason.strip() else None


def error_text(exc: BaseException) -> str:
    """What the user reads for ``exc``."""
    if isinstance(exc, DomainError):
        return exc.message
    return QCoreApplication.translate(
        "Messages",
        "Something went wrong and the action was not completed. Your data is safe. "
        "If it happens again, tell the system administrator (details are in the log).",
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The default failure handler of background operations."""
    if isinstance(exc, DomainError):
        warning(parent, exc.message)
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        critical(parent, error_text(exc))
