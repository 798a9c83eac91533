"""Building the yearly archive bundle (see :mod:`database.archive`): every class
journal of the year as a PDF, every summary sheet as PDF and XLSX, the year's change
log, then the signed manifest. The administration only (the class journals' reader
refuses anyone else).

The bundle is written into a hidden folder beside its final place and renamed at the
end, so an interrupted build never leaves a half bundle that looks complete.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.archive import (
    KIND_CHANGELOG,
    KIND_JOURNAL,
    KIND_SUMMARY,
    export_changelog,
    signing_key,
    write_manifest,
)
from database.errors import ConflictError, StorageError
from database.models import SchoolClass
from database.paths import SchoolPaths
from database.permissions import require_admin
from database.queries.class_book import load_class_book
from database.queries.home import current_year
from database.queries.summary import load_summary
from desktop_app.reports.class_book import build_class_book
from desktop_app.reports.summary_sheet import build_summary_pdf, build_summary_xlsx

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class BuiltBundle:
    folder: Path
    files: int
    changelog_rows: int


def _class_part(name: str) -> str:
    return name.replace("«", "").replace("»", "").replace(" ", "")


def build_year_archive(session: Session, actor: Actor, paths: SchoolPaths, data_key: bytes,
                       root: Path, *, progress: Progress | None = None) -> BuiltBundle:
    """The current school year's bundle in ``root/<year>`` (e.g. ``2026-2027``)."""
    require_admin(actor)
    year = current_year(session)
    if year is None:
        raise ConflictError("Учебный год не создан: архивировать нечего.")
    target = root / year.name.replace("/", "-")
    if target.exists():
        raise ConflictError(f"Архив за {year.name} уже есть: {target}. Второй не создаётся.")
    classes = session.execute(
        select(SchoolClass.id).where(SchoolClass.year_id == year.id)
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ).scalars().all()
    partial = root / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        files: list[tuple[str, str]] = []
        school = ""
        for index, class_id in enumerate(classes):
            book = load_class_book(session, actor, class_id)
            summary = load_summary(session, actor, class_id)
            school = book.header.school_short_name
            part = _class_part(book.header.class_name)
            if progress is not None:
                progress(f"Класс {book.header.class_name}", index / max(1, len(classes)))
            journal_name = f"Классный журнал {part}.pdf"
            build_class_book(partial / journal_name, book, invariant=True)
            summary_pdf = f"Сводная ведомость {part}.pdf"
            build_summary_pdf(partial / summary_pdf, summary, invariant=True)
            summary_xlsx = f"Сводная ведомость {part}.xlsx"
            build_summary_xlsx(partial / summary_xlsx, summary)
            files += [(journal_name, KIND_JOURNAL), (summary_pdf, KIND_SUMMARY),
                      (summary_xlsx, KIND_SUMMARY)]
        log_name = f"Журнал изменений {target.name}.jsonl"
        rows = export_changelog(session, year.start_date, year.end_date, partial / log_name)
        files.append((log_name, KIND_CHANGELOG))
        if progress is not None:
            progress("Опись и подпись", 0.95)
        write_manifest(partial, school=school, year_name=year.name, year_end=year.end_date,
                       files=files, key=signing_key(paths, data_key))
        partial.rename(target)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        raise StorageError(f"Не удалось записать архив в папку {root}.") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if progress is not None:
        progress("Готово", 1.0)
    return BuiltBundle(target, len(files), rows)
