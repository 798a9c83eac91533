"""Template files for the imports, written from the same column definitions the
reader matches (:mod:`database.imports.columns`), so a template always imports.

The first sheet has the headers only (rows typed below them are imported); the
second, «Пояснения», says what each column holds, with an example.

``python -m database.imports.templates resources/import_templates`` writes the copies
shipped with the program.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from database.imports.columns import KINDS, ImportKind, kind_of
from database.imports.table import NOTES_SHEET

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_REQUIRED_FILL = PatternFill("solid", fgColor="F6D9A8")


def template_columns(kind: ImportKind) -> list[str]:
    """The columns the template offers (the one-column «ФИО» variant is left out)."""
    return [c.key for c in kind.columns if c.key != kind.full_name_key]


def build_template(kind: ImportKind) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind.title
    keys = template_columns(kind)
    for index, key in enumerate(keys, start=1):
        column = kind.column(key)
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.title) + 4)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(NOTES_SHEET)
    notes.append(["Столбец", "Обязательный", "Пример", "Пояснение", "Другие названия"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        notes.append([column.title, "да" if column.required else "", column.example,
                      column.note, ", ".join(column.aliases)])
    notes.append([])
    notes.append(["Строка заголовков может быть не первой; пустые строки и лишние столбцы "
                  "пропускаются. Файл можно сохранить и как CSV (через «;» или «,»)."])
    notes.append(["Пример заполнения:"])
    notes.append([kind.column(key).title for key in template_columns(kind)])
    for example in kind.examples:
        values = dict(zip([c.key for c in kind.columns], example, strict=True))
        notes.append([values.get(key, "") for key in template_columns(kind)])
    for letter, width in zip("ABCDE", (28, 14, 28, 60, 40), strict=True):
        notes.column_dimensions[letter].width = width
    return book


def write_template(kind: str, path: Path) -> Path:
    """Write the template of ``kind`` to ``path`` (.xlsx)."""
    build_template(kind_of(kind)).save(path)
    return path


TEMPLATE_FILES = {key: f"{key}.xlsx" for key in KINDS}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "resources/import_templates")
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in TEMPLATE_FILES.items():
        print(write_template(key, folder / name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
