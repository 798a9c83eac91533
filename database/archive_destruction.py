"""What the yearly archive holds past its retention, listed for destruction (the
archive rules: documents whose storage term has ended are selected by a commission and
destroyed only on an act the director approves). Reads the bundles' manifests under
the archive folder; the act itself is printed by
:mod:`desktop_app.reports.destruction_act`. Nothing here deletes a file: the bundle
stays until the signed act says it may go.

Qt-free, no database: the archive register is files in a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from database.archive import (
    KIND_CHANGELOG,
    KIND_JOURNAL,
    KIND_SUMMARY,
    RETENTION_YEARS,
    archive_register,
    read_manifest,
    verify_bundle,
)
from database.errors import StorageError

# How the act names each kind of file (the «заголовок дела» of the archive's forms).
ACT_TITLES: dict[str, str] = {
    KIND_JOURNAL: "Классные журналы",
    KIND_SUMMARY: "Сводные ведомости учёта успеваемости",
    KIND_CHANGELOG: "Журнал изменений электронного журнала (файл)",
}


@dataclass(frozen=True)
class DestructionItem:
    """One kind of document of one year's bundle whose storage term has ended."""

    folder: Path
    year: str  # «2020/2021»
    kind: str
    files: tuple[str, ...]  # names inside the bundle, e.g. «Классный журнал 5А.pdf»
    keep_until: date
    verified: bool  # the bundle's signature and every file still check out

    @property
    def title(self) -> str:
        return f"{ACT_TITLES.get(self.kind, self.kind)} за {self.year} учебный год"

    @property
    def retention(self) -> str:
        years = RETENTION_YEARS.get(self.kind, 0)
        return f"{years} лет" if years >= 5 else f"{years} года"


def due_for_destruction(root: Path, today: date) -> list[DestructionItem]:
    """Every (year, kind) of the archive under ``root`` whose «keep until» is before
    ``today``, by year then kind; a bundle's files listed by name."""
    items: list[DestructionItem] = []
    for entry in archive_register(root):
        expired = entry.expired(today)
        if not expired:
            continue
        try:
            manifest = read_manifest(entry.folder)
        except StorageError:
            continue
        verified = verify_bundle(entry.folder).ok
        for kind in expired:
            names = tuple(sorted(str(f["name"]) for f in manifest.get("files", [])
                                 if f.get("kind") == kind))
            if names:
                items.append(DestructionItem(entry.folder, entry.year, kind, names,
                                             entry.keep_until[kind], verified))
    return items


__all__ = ["ACT_TITLES", "DestructionItem", "due_for_destruction"]
