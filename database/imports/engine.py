"""Preview and write an import: the one entry point the command line and the GUI use.

``preview_import`` reads the file and says what every row would do, writing nothing.
``run_import`` does the same inside the caller's transaction and, only if no row has
an error, writes everything as one batch: every change-log row of the import carries
the same reason («Импорт … пакет <id>»). Any failure raises before the caller
commits, so an import is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from database import changelog
from database.actor import Actor
from database.ids import new_id
from database.imports.columns import kind_of
from database.imports.common import Plan
from database.imports.outcome import ImportPreview, ImportRefused
from database.imports.table import Progress, Table, read_sheets, read_table
from database.permissions import require_admin

IMPORT_ACTION = "импорт списков из таблиц"

Planner = Callable[[Session, Actor, Table, Progress], Plan]


def _planner(kind: str) -> Planner:
    if kind == "students":
        from database.imports.students import plan_students

        return plan_students
    if kind == "parents":
        from database.imports.parents import plan_parents

        return plan_parents
    if kind == "staff":
        from database.imports.staff import plan_staff

        return plan_staff
    if kind == "assignments":
        from database.imports.assignments import plan_assignments

        return plan_assignments
    if kind == "timetable":
        from database.imports.timetable import plan_timetable

        return plan_timetable
    raise ValueError(f"unknown import kind {kind!r}")


def _quiet(_text: str, _fraction: float) -> None:
    return None


def _plan(
    session: Session, actor: Actor, kind: str, path: Path, report: Progress
) -> tuple[Table, Plan]:
    require_admin(actor, IMPORT_ACTION)
    planner = _planner(kind)
    # The timetable comes one sheet per class as often as one long table.
    reader = read_sheets if kind == "timetable" else read_table
    table = reader(kind_of(kind), path, report)
    report("Проверка строк", 0.1)
    return table, planner(session, actor, table, report)


def preview_import(
    session: Session, actor: Actor, kind: str, path: Path, progress: Progress | None = None
) -> ImportPreview:
    """What importing ``path`` as ``kind`` would do; nothing is written."""
    report = progress or _quiet
    table, plan = _plan(session, actor, kind, path, report)
    report("Готово", 1.0)
    return ImportPreview(kind, table.file_name, tuple(plan.outcomes), plan.created)


def batch_reason(kind: str, file_name: str) -> str:
    title = kind_of(kind).title.lower()
    return f"Импорт из таблицы «{file_name}» ({title}), пакет {new_id()}"


def run_import(
    session: Session, actor: Actor, kind: str, path: Path, progress: Progress | None = None
) -> ImportPreview:
    """Check the file again and write it in the caller's transaction (the caller
    commits). Raises :class:`ImportRefused` (nothing written) if any row has an error."""
    report = progress or _quiet
    table, plan = _plan(session, actor, kind, path, report)
    preview = ImportPreview(kind, table.file_name, tuple(plan.outcomes), plan.created)
    if preview.has_errors:
        raise ImportRefused(preview)
    reason = batch_reason(kind, table.file_name)
    if plan.write is not None:
        with changelog.batch(session, reason):
            plan.write(session, actor, report)
        session.flush()
    report("Готово", 1.0)
    return ImportPreview(kind, table.file_name, preview.rows, preview.created,
                         written=True, batch=reason)
