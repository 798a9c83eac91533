"""Checks of what an administrator typed on the command line, each failing with its
own clear Russian line: a date that does not exist is not "a wrong format", a folder
is not a file, a missing folder is named."""

from __future__ import annotations

import calendar
import errno
import os
import re
from datetime import date
from pathlib import Path


class CliError(Exception):
    """A user-facing failure of a command (message already in Russian)."""


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_MONTHS_GENITIVE = (
    "", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
    "сентября", "октября", "ноября", "декабря",
)
_MONTHS_PREPOSITIONAL = (
    "", "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
    "сентябре", "октябре", "ноябре", "декабре",
)


def parse_date(text: str, what: str) -> date:
    """``ГГГГ-ММ-ДД``; ``what`` names the option in the message («начала», «конца»)."""
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise CliError(f"Дата {what} «{text}» не в формате ГГГГ-ММ-ДД (например, 2026-09-01).")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise CliError(f"Дата {what} «{text}»: месяца {month} нет, месяцы — от 01 до 12.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise CliError(
            f"Дата {what} «{text}»: {day} {_MONTHS_GENITIVE[month]} не бывает — "
            f"в {_MONTHS_PREPOSITIONAL[month]} {year} года {days} дн."
        )
    return date(year, month, day)


def output_file(text: str) -> Path:
    """A file to write: not a folder, in a folder that exists and may be written to."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise CliError(f"«{text}» — это папка; укажите имя файла в ней, например "
                       f"{path / 'документ.pdf'}.")
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"Папки «{folder}» нет: создайте её или укажите другое место для файла.")
    if not os.access(folder, os.W_OK):
        raise CliError(f"Нет прав на запись в папку «{folder}».")
    return path


_OS_ERRORS = {
    errno.ENOENT: "нет такого файла или папки",
    errno.EACCES: "нет прав доступа",
    errno.EPERM: "нет прав доступа",
    errno.ENOSPC: "на диске нет места",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "часть пути — не папка",
    errno.EROFS: "диск только для чтения",
}


def describe_os_error(exc: OSError) -> str:
    """One Russian line for a failed file operation, naming the file."""
    reason = _OS_ERRORS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    name = f" «{exc.filename}»" if exc.filename else ""
    return f"не удалось открыть или записать файл{name}: {reason}."
