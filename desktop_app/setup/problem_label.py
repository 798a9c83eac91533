"""Where a form says what is wrong: one warning label, hidden while all is well.

``show_problems`` takes Russian lines (a service's refusal, the calendar's gaps);
``show_error`` a caught exception (a domain error's message, or the generic text
for a bug, whose traceback goes to the log)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from database.errors import DomainError
from desktop_app import messages


class ProblemLabel(QLabel):
    """``warning=True``: amber text for what may be fine (gaps between periods);
    otherwise the red of a refusal."""

    def __init__(self, parent: QWidget | None = None, *, warning: bool = False) -> None:
        super().__init__(parent)
        # Styled by a property, not the object name: Designer forms name the label.
        self.set_warning(warning)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)
        self.problems: list[str] = []

    def set_warning(self, warning: bool) -> None:
        self.setProperty("problem", "warning" if warning else "error")
        self.style().unpolish(self)
        self.style().polish(self)

    def show_problems(self, problems: Sequence[str]) -> None:
        self.problems = [p for p in problems if p]
        if len(self.problems) == 1:
            self.setText(self.problems[0])
        else:
            self.setText("\n".join(f"• {p}" for p in self.problems))
        self.setVisible(bool(self.problems))

    def show_error(self, exc: BaseException) -> None:
        if not isinstance(exc, DomainError):
            messages.log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        self.show_problems([messages.error_text(exc)])

    def clear_problems(self) -> None:
        self.show_problems([])
