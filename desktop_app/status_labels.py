"""The main window's status bar besides the sync line: who is signed in, in which
role, at which workstation (on the left), and the busy indicator the database worker
turns on (on the right). The strings keep the «MainWindow» translation context they
were translated in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from database.auth import SignedIn
from desktop_app.dialogs import role_title
from desktop_app.worker import worker


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def workstation_text(kind: str, name: str) -> str:
    kind_title = _tr("administration") if kind == "admin" else _tr("classroom")
    return f"{name} ({kind_title})" if name else kind_title


class ElidedLabel(QLabel):
    """A one-line label that may shrink to ``minimum`` px and then shows its text
    elided (``text()`` and the tooltip keep it whole), instead of cut off mid-letter."""

    def __init__(self, text: str, parent: QWidget, minimum: int = 120) -> None:
        super().__init__(text, parent)
        self._minimum = minimum
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self._minimum, self.sizeHint().width()),
                     super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        area = self.contentsRect()
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(area, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                         self.fontMetrics().elidedText(self.text(),
                                                       Qt.TextElideMode.ElideRight,
                                                       area.width()))


def add_signed_in_labels(
    bar: QStatusBar, signed: SignedIn, parent: QWidget
) -> tuple[QLabel, QLabel, QLabel]:
    """The user, role and workstation labels, added to ``bar``."""
    # Long names must not make the window wider than a school computer's screen, nor
    # hide the sync state beside them: the user and the workstation shrink, elided
    # (the whole text in the tooltip), before either happens.
    user = ElidedLabel(_tr("User: %1").replace("%1", signed.person_name), parent)
    role = QLabel(_tr("Role: %1").replace("%1", role_title(signed.role)), parent)
    workstation = ElidedLabel(
        _tr("Workstation: %1").replace(
            "%1", workstation_text(signed.device_kind, signed.device_name)
        ),
        parent,
    )
    for label in (user, role, workstation):
        bar.addWidget(label)
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
