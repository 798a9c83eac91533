"""Spreadsheets for the import tests, written as schools write them (openpyxl, csv)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, merges: Sequence[str] = (),
               date_format: str | None = None) -> Path:
    """Rows from A1 (None leaves a cell empty); ``merges`` like "A1:F1"."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    if date_format is not None:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.is_date:
                    cell.number_format = date_format
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, delimiter: str = ";",
              encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
