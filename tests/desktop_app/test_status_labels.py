"""The status bar on a narrow window: the sync state stays readable, the long user and
workstation labels beside it give way, elided, with their whole text kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow, QPushButton

from desktop_app.status_labels import ElidedLabel
from desktop_app.sync_bar import FittedLabel

_USER = "Пользователь: Константинопольская Александра Вячеславовна"
_PLACE = "Рабочее место: Кабинет информатики № 2 (учебный кабинет)"


def _bar(qtbot: Any, sync_text: str) -> tuple[QMainWindow, list[ElidedLabel], FittedLabel]:
    window = QMainWindow()
    qtbot.addWidget(window)
    # The application's style sheet pads status-bar labels: measured with it.
    window.setStyleSheet("QStatusBar QLabel { padding: 0 8px; }")
    window.resize(1000, 600)
    bar = window.statusBar()
    labels = [ElidedLabel(_USER, window), ElidedLabel(_PLACE, window)]
    for label in labels:
        bar.addWidget(label)
    sync = FittedLabel(window)
    bar.addWidget(sync, 1)
    bar.addPermanentWidget(QPushButton("Синхронизировать", window))
    window.show()
    sync.set_full_text(sync_text)
    qtbot.waitUntil(lambda: sync.width() >= sync.minimumWidth())
    return window, labels, sync


def test_the_sync_state_is_shown_whole_beside_long_names(qtbot: Any) -> None:
    _, labels, sync = _bar(qtbot, "Синхронизировано 01.12 16:04 · к отправке: 3")

    assert sync.text() == sync.full_text()
    # The names gave way, and keep their whole text for the tooltip and for copying.
    assert all(label.width() < label.sizeHint().width() for label in labels)
    assert [label.text() for label in labels] == [_USER, _PLACE]
    assert [label.toolTip() for label in labels] == [_USER, _PLACE]


def test_a_very_long_sync_text_is_elided_not_the_whole_bar(qtbot: Any) -> None:
    long = "Синхронизация: 40 % · " + "применение изменений других компьютеров " * 4
    _, labels, sync = _bar(qtbot, long)

    assert sync.text() != long and sync.text().endswith("…")
    assert all(label.width() >= 120 for label in labels)
