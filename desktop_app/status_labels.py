"""The main window's status bar besides the sync line: who is signed in, in which
role, at which workstation (on the left), and the busy indicator the database worker
turns on (on the right). The strings keep the «MainWindow» translation context they
were translated in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from database.auth import SignedIn
from desktop_app.dialogs import role_title
from desktop_app.worker import worker


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def workstation_text(kind: str, name: str) -> str:
    kind_title = _tr("administration") if kind == "admin" else _tr("classroom")
    return f"{name} ({kind_title})" if name else kind_title


def add_signed_in_labels(
    bar: QStatusBar, signed: SignedIn, parent: QWidget
) -> tuple[QLabel, QLabel, QLabel]:
    """The user, role and workstation labels, added to ``bar``."""
    user = QLabel(_tr("User: %1").replace("%1", signed.person_name), parent)
    role = QLabel(_tr("Role: %1").replace("%1", role_title(signed.role)), parent)
    workstation = QLabel(
        _tr("Workstation: %1").replace(
            "%1", workstation_text(signed.device_kind, signed.device_name)
        ),
        parent,
    )
    for label in (user, role, workstation):
        bar.addWidget(label)
    # Long names must not make the window wider than a school computer's screen:
    # these two may shrink (the whole text in the tooltip) before the window grows.
    for label in (user, workstation):
        label.setMinimumWidth(120)
        label.setToolTip(label.text())
    return user, role, workstation


class BusyIndicator(QObject):
    """A label and an endless progress bar, shown while the worker is busy."""

    def __init__(self, bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(parent)
        self.bar = QProgressBar(parent)
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.bar)
        self.set_busy(False, "")
        worker().busyChanged.connect(self.set_busy)

    def set_busy(self, busy: bool, text: str) -> None:
        self.bar.setVisible(busy)
        self.label.setVisible(busy)
        self.label.setText(text or _tr("Working…"))
