"""Where save dialogs open: the user's Documents folder (``Документы``), not the
program's working directory, which on an installed computer is the install folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    """The user's Documents folder, or the home folder where the system names none."""
    located = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(located) if located else Path.home()
    return folder if folder.is_dir() else Path.home()


def in_documents(file_name: str) -> str:
    """``file_name`` in the Documents folder, as a save dialog's suggestion."""
    return str(documents_folder() / file_name)
