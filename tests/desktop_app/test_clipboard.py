"""The clipboard helpers: blocks as spreadsheets exchange them, and the marker that
lets a workstation lock clear only what this program copied."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from desktop_app.clipboard import (
    CLIPBOARD_MARKER,
    clear_journal_clipboard,
    clipboard_text,
    copy_to_clipboard,
    from_tsv,
    to_tsv,
)


def test_blocks_go_out_and_come_back_as_spreadsheets_write_them() -> None:
    rows = [["5", "н 4", ""], ["", "3/4", "оп"]]
    assert to_tsv(rows) == "5\tн 4\t\n\t3/4\tоп\n"
    assert from_tsv(to_tsv(rows)) == rows
    assert from_tsv("5\t4\r\n3\t\r\n\r\n") == [["5", "4"], ["3", ""]]  # Excel on Windows
    assert from_tsv("5\r4") == [["5"], ["4"]]  # old Mac line ends
    assert from_tsv("") == [] and from_tsv("\n\n") == []


def test_what_this_program_copied_is_marked_and_cleared(app) -> None:  # type: ignore[no-untyped-def]
    copy_to_clipboard("Блинова Вера\t5")
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat(CLIPBOARD_MARKER) and clipboard_text() == "Блинова Вера\t5"
    assert clear_journal_clipboard()
    assert clipboard_text() == ""
