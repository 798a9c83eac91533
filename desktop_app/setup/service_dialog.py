"""A dialog whose OK writes through a service on the worker and closes only when
the write went through; a refusal stays in the dialog, under the fields, with what
the user typed kept.

Subclasses build their form and implement :meth:`ServiceDialog.values` (what the
form says, checked locally first; raise ``ValidationError`` with a Russian message).
The caller gives the write: ``dialog = PeriodDialog(...); dialog.write = lambda
session, values: add_study_period(session, actor, ...)``, then ``dialog.open()``;
:attr:`written` carries the service's result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from sqlalchemy.orm import Session

from database.errors import ValidationError
from desktop_app.dialogs import app_icon
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.worker import DbOp


class ServiceDialog(QDialog):
    written = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowIcon(app_icon())
        self.write: Callable[[Session, Any], Any] | None = None
        self._busy = False

    def connect_form(self, buttons: QDialogButtonBox, problems: ProblemLabel) -> None:
        """Call once the form is set up: OK writes, Cancel closes."""
        self._buttons = buttons
        self._problems = problems
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

    def values(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        if self._busy or self.write is None:
            return
        try:
            values = self.values()
        except ValidationError as exc:
            self._problems.show_error(exc)
            return
        write = self.write
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            self._problems.clear_problems()
            self.accept()
            self.written.emit(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._problems.show_error(exc)

        DbOp(lambda s: write(s, values)).success(done).failure(failed).parent(self).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not busy)
