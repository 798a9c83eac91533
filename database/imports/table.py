"""Reading a school's spreadsheet (XLSX or CSV) into rows keyed by column.

Real files are messy, so:

- the header row is found by its titles, wherever it is (a school's name and a
  title above it, merged across the sheet, are skipped);
- a header cell merged down over two rows gives its title to the row below;
- blank rows and columns, and columns nobody asked for, are ignored;
- CSV: «;» or «,» separated; UTF-8 (with or without BOM) or Windows-1251.

XLSX is read with openpyxl in read-only mode (a school's 3,000 students in well
under a second). Every failure is an :class:`ImportFileError` in Russian.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from database.errors import ValidationError
from database.imports.columns import ImportKind
from database.imports.values import clean_text, header_key

HEADER_SEARCH_ROWS: Final = 30
NOTES_SHEET: Final = "Пояснения"  # the templates' second sheet (database.imports.templates)
MAX_ROWS: Final = 50_000

Progress = Callable[[str, float], None]


class ImportFileError(ValidationError):
    """The file cannot be read as a table of this kind (the message says why)."""


@dataclass(frozen=True)
class Row:
    number: int  # the sheet's row number (1-based), as the user sees it
    cells: dict[str, Any]  # column key → raw cell value (only present columns)
    # Read from one of several sheets (:func:`read_sheets`): its title, and its own
    # column map (each sheet has its header).
    sheet: str = ""
    columns: dict[str, int] | None = None

    def get(self, key: str) -> Any:
        return self.cells.get(key)

    def text(self, key: str) -> str:
        return clean_text(self.cells.get(key))


@dataclass(frozen=True)
class Table:
    kind: ImportKind
    file_name: str
    header_row: int
    columns: dict[str, int]  # column key → 0-based column index
    rows: tuple[Row, ...]

    def has(self, key: str) -> bool:
        return key in self.columns

    def address(self, key: str, row: Row) -> str:
        """«C7»: the cell of ``key`` in ``row`` (the row's first column if absent);
        «5А!C7» for a row of one of several sheets."""
        columns = row.columns if row.columns is not None else self.columns
        index = columns.get(key, min(columns.values(), default=0))
        cell = f"{get_column_letter(index + 1)}{row.number}"
        return f"{row.sheet}!{cell}" if row.sheet else cell


# --- raw rows -----------------------------------------------------------------------------


def _xlsx_sheets(path: Path) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of each sheet in turn (the first sheet first)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"Файл «{path.name}» не открывается как таблица Excel (.xlsx): {type(exc).__name__}."
        ) from exc
    try:
        if not book.worksheets:
            raise ImportFileError(f"В файле «{path.name}» нет листов.")
        for sheet in book.worksheets:
            yield sheet.iter_rows(values_only=True)
    finally:
        book.close()


def decode_csv(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or, failing that, Windows-1251 (Excel's «CSV» on a
    Russian Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1251 leaves one byte undefined: a stray one must not stop the import.
        return data.decode("cp1251", errors="replace")


def csv_delimiter(text: str) -> str:
    """«;» (Russian Excel) or «,»: whichever the first lines hold more of."""
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    sample = "\n".join(lines)
    return ";" if sample.count(";") >= sample.count(",") else ","


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Файл «{path.name}» не читается: {exc.strerror}.") from exc
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    try:
        for row in reader:
            yield tuple(row)
    except csv.Error as exc:
        raise ImportFileError(f"Файл «{path.name}»: ошибка CSV в строке {reader.line_num}.") \
            from exc


def raw_sheets(path: Path) -> Iterator[Iterator[tuple[Any, ...]]]:
    """Each sheet's rows (a CSV file is one sheet)."""
    if not path.is_file():
        raise ImportFileError(f"Файл «{path}» не найден.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path)
    if suffix in (".csv", ".txt"):
        return iter([_csv_rows(path)])
    if suffix == ".xls":
        raise ImportFileError(
            "Старый формат Excel (.xls) не поддерживается: сохраните файл как .xlsx или .csv."
        )
    raise ImportFileError(f"Файл «{path.name}»: нужен файл .xlsx или .csv.")


# --- the header -----------------------------------------------------------------------------


def _header_texts(rows: Sequence[tuple[Any, ...]], index: int) -> list[str]:
    """The titles of row ``index``; an empty cell takes the title of the cell above
    (a header merged down over two rows keeps its text in the upper cell)."""
    row = rows[index]
    above = rows[index - 1] if index > 0 else ()
    texts = []
    for col in range(len(row)):
        text = clean_text(row[col])
        if not text and col < len(above):
            text = clean_text(above[col])
        texts.append(text)
    return texts


def _match(kind: ImportKind, texts: list[str]) -> dict[str, int]:
    lookup = {key: column.key for column in kind.columns for key in column.header_keys()}
    found: dict[str, int] = {}
    for col, text in enumerate(texts):
        key = lookup.get(header_key(text)) if text else None
        if key is not None and key not in found:
            found[key] = col
    return found


def _complete(kind: ImportKind, found: dict[str, int]) -> bool:
    for column in kind.columns:
        if not column.required or column.key in found:
            continue
        if column.key in ("surname", "name") and kind.full_name_key in found:
            continue
        return False
    return True


def _required_text(kind: ImportKind) -> str:
    """«Фамилия» и «Имя» (или «ФИО»), «Класс»"""
    parts: list[str] = []
    for column in kind.columns:
        if not column.required:
            continue
        if kind.full_name_key is not None and column.key in ("surname", "name"):
            if column.key == "surname":
                full = kind.column(kind.full_name_key).title
                name = kind.column("name").title
                parts.append(f"«{column.title}» и «{name}» (или «{full}»)")
            continue
        parts.append(f"«{column.title}»")
    return ", ".join(parts)


def find_header(kind: ImportKind, rows: Sequence[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    """(row index, column map) of the first row holding every required column."""
    best: tuple[int, dict[str, int]] = (-1, {})
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        found = _match(kind, [clean_text(value) for value in rows[index]])
        if found and not _complete(kind, found) and index > 0:
            merged = _match(kind, _header_texts(rows, index))
            if _complete(kind, merged):
                found = merged
        if _complete(kind, found):
            # A title merged across over a second header row («Ученик» over
            # «Фамилия», «Имя», «Отчество»): the lower row names more columns.
            if index + 1 < len(rows):
                lower = _match(kind, _header_texts(rows, index + 1))
                if _complete(kind, lower) and len(lower) > len(found):
                    return index + 1, lower
            return index, found
        if len(found) > len(best[1]):
            best = (index, found)
    wanted = _required_text(kind)
    if best[1]:
        missing = [
            c.title for c in kind.columns if c.required and c.key not in best[1]
            and not (c.key in ("surname", "name") and kind.full_name_key in best[1])
        ]
        raise ImportFileError(
            f"В строке заголовков {best[0] + 1} нет столбцов: "
            + ", ".join(f"«{t}»" for t in missing)
            + f". Нужны столбцы {wanted} (см. шаблон)."
        )
    raise ImportFileError(
        f"Не найдена строка заголовков: в первых {HEADER_SEARCH_ROWS} строках нет столбцов "
        f"{wanted}. Скачайте шаблон и сравните заголовки."
    )


# --- the table --------------------------------------------------------------------------------


def _collect(sheet: Iterator[tuple[Any, ...]], report: Progress) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for number, row in enumerate(sheet, start=1):
        if number > MAX_ROWS:
            raise ImportFileError(
                f"В файле больше {MAX_ROWS} строк: разделите его на несколько файлов."
            )
        rows.append(row)
        if number % 2000 == 0:
            report("Чтение файла", 0.05)
    return rows


def _header_rows(
    kind: ImportKind, path: Path, report: Progress
) -> Iterator[tuple[int, list[tuple[Any, ...]], int, dict[str, int]]]:
    """(sheet index, rows, header index, column map) of every sheet with a header;
    the first sheet's header problem is raised when no sheet has one."""
    first_error: ImportFileError | None = None
    found = False
    for index, sheet in enumerate(raw_sheets(path)):
        try:
            rows = _collect(sheet, report)
        except ImportFileError:
            raise
        except Exception as exc:  # a damaged workbook: openpyxl fails in many ways
            raise ImportFileError(
                f"Файл «{path.name}» повреждён и не читается ({type(exc).__name__}): "
                "откройте его в Excel и сохраните заново."
            ) from exc
        try:
            header_index, columns = find_header(kind, rows)
        except ImportFileError as exc:
            first_error = first_error or exc
            continue
        found = True
        yield index, rows, header_index, columns
    if not found:
        assert first_error is not None
        raise first_error


def _rows_under(
    rows: list[tuple[Any, ...]], header_index: int, columns: dict[str, int], sheet: str = ""
) -> list[Row]:
    result: list[Row] = []
    for index in range(header_index + 1, len(rows)):
        values = rows[index]
        cells = {
            key: values[col]
            for key, col in columns.items()
            if col < len(values) and clean_text(values[col]) != ""
        }
        if cells:
            result.append(Row(index + 1, cells, sheet, columns if sheet else None))
    return result


def sheet_titles(path: Path) -> list[str]:
    """The workbook's sheet titles in order (a CSV file: its name without the suffix)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return [path.stem]
    try:
        book = load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"Файл «{path.name}» не открывается как таблица Excel (.xlsx): {type(exc).__name__}."
        ) from exc
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def read_sheets(kind: ImportKind, path: Path, progress: Progress | None = None) -> Table:
    """The rows under the header of *every* sheet that has one, in sheet order (one
    sheet per class, or one long table); each row knows its sheet, and a sheet's
    title is kept under ``sheet_title`` for a kind that reads something from it."""
    report = progress or (lambda _text, _fraction: None)
    report("Чтение файла", 0.0)
    titles = sheet_titles(path)
    table_rows: list[Row] = []
    first_header, first_columns = 0, dict[str, int]()
    sheets = list(_header_rows(kind, path, report))
    # The templates' notes sheet repeats the headers over its examples: never data.
    sheets = [sheet for sheet in sheets
              if sheet[0] >= len(titles) or titles[sheet[0]] != NOTES_SHEET]
    several = len(sheets) > 1
    for number, (index, rows, header_index, columns) in enumerate(sheets):
        if number == 0:
            first_header, first_columns = header_index, columns
        title = titles[index] if index < len(titles) else ""
        for row in _rows_under(rows, header_index, columns, title if several else ""):
            row.cells["sheet_title"] = title
            table_rows.append(row)
    return Table(kind, path.name, first_header + 1, first_columns, tuple(table_rows))


def read_table(kind: ImportKind, path: Path, progress: Progress | None = None) -> Table:
    """The rows under the header of the first sheet that has one (a workbook with
    «Ученики» and «Родители» sheets serves both imports), blank rows dropped."""
    report = progress or (lambda _text, _fraction: None)
    report("Чтение файла", 0.0)
    # The first sheet with a header (the generator stops reading there).
    for _index, rows, header_index, columns in _header_rows(kind, path, report):
        return Table(kind, path.name, header_index + 1, columns,
                     tuple(_rows_under(rows, header_index, columns)))
    raise AssertionError("unreachable: _header_rows raises when no sheet has a header")
