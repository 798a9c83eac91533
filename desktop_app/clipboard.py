"""The clipboard: what this program copies is marked, so a workstation lock can clear
it (pupils' marks must not stay there for the next user), and the tab-separated
blocks the journal grid exchanges with Excel and LibreOffice Calc."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

CLIPBOARD_MARKER = "application/x-school-journal"


def copy_to_clipboard(text: str) -> None:
    """Copy with a marker, so a workstation lock knows the clipboard holds journal
    data and clears it."""
    mime = QMimeData()
    mime.setText(text)
    mime.setData(CLIPBOARD_MARKER, b"1")
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(mime)


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()


def clear_journal_clipboard() -> bool:
    """Clear the clipboard if it holds what this program copied. Returns True if it
    did."""
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if clipboard.ownsClipboard() or (mime is not None and mime.hasFormat(CLIPBOARD_MARKER)):
        clipboard.clear()
        return True
    return False


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """A block of cells as spreadsheets copy it: tabs between cells, a line per row,
    the last line ended too."""
    return "".join("\t".join(row) + "\n" for row in rows)


def from_tsv(text: str) -> list[list[str]]:
    """A pasted block, rows of cells; any line ending, trailing empty lines dropped
    (spreadsheets end the last row with one)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]
