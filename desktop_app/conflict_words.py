"""How a sync conflict is told on screen: the journal cell's tooltip, its editor, the
conflict bar under the grid and the administration's list all use these words."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from database.queries.sync_conflicts import ConflictItem, Side


def moment_text(at: datetime | None) -> str:
    return at.strftime("%d.%m.%Y %H:%M") if at is not None else "—"


def side_text(side: Side) -> str:
    """«5» — Петрова Анна Ивановна, computer «room12», 18.11.2026 10:02"""
    unknown = QCoreApplication.translate("Conflicts", "unknown")
    return (QCoreApplication.translate("Conflicts", "«%1» — %2, computer «%3», %4")
            .replace("%1", side.text).replace("%2", side.author or unknown)
            .replace("%3", side.computer or unknown).replace("%4", moment_text(side.at)))


def kind_text(item: ConflictItem) -> str:
    if item.kind == "unique":
        return QCoreApplication.translate("Conflicts", "filled on two computers")
    if item.kind == "delete":
        return QCoreApplication.translate(
            "Conflicts", "deleted on one computer, changed on another")
    return QCoreApplication.translate("Conflicts", "changed on two computers")


def conflict_lines(item: ConflictItem) -> list[str]:
    """Three lines: what and why, the value shown, the value kept."""
    return [
        QCoreApplication.translate("Conflicts", "Sync conflict: %1 (%2)").replace(
            "%1", item.what).replace("%2", kind_text(item)),
        QCoreApplication.translate("Conflicts", "Shown: %1").replace(
            "%1", side_text(item.shown)),
        QCoreApplication.translate("Conflicts", "Other: %1").replace(
            "%1", side_text(item.other)),
    ]


def keep_label(item: ConflictItem) -> str:
    return QCoreApplication.translate("Conflicts", "Keep «%1»").replace(
        "%1", _short(item.shown.text))


def take_label(item: ConflictItem) -> str:
    return QCoreApplication.translate("Conflicts", "Take «%1»").replace(
        "%1", _short(item.other.text))


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
