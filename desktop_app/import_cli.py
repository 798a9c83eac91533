"""Command-line import and export of the people lists and the timetable (registered
by ``cli.py``):

- ``school-journal import students|parents|staff|assignments|timetable FILE [--dry-run]
  --user LOGIN`` prints every row's outcome; with any error nothing is written and the exit
  code is 1;
- ``school-journal export students|staff|accounts --out FILE.xlsx --user LOGIN``;
- ``school-journal template students|parents|staff|assignments|timetable --out FILE.xlsx``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Spelled out rather than imported: the parser is built at every start, also for the
# GUI, and the import machinery (openpyxl, the models) loads only when a command runs.
# A test checks they equal ``database.imports.columns.KINDS`` and ``export.EXPORTS``.
IMPORT_KINDS = ("students", "parents", "staff", "assignments", "timetable")
EXPORT_LISTS = ("students", "staff", "accounts")


def _progress(stage: str, fraction: float) -> None:
    print(f"\r[{fraction:4.0%}] {stage:<40}", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from database.auth import sign_in
    from database.imports.engine import preview_import, run_import
    from database.imports.outcome import ImportPreview, ImportRefused
    from desktop_app.cli import _existing_paths, _read_password, _require_user

    paths = _existing_paths(args)
    login = _require_user(args)
    path = Path(args.file)
    signed = sign_in(paths, login, _read_password(login))
    preview: ImportPreview
    progress = _progress if sys.stderr.isatty() else None
    try:
        with signed.sessions() as session:
            if args.dry_run:
                preview = preview_import(session, signed.actor, args.kind, path, progress)
            else:
                try:
                    preview = run_import(session, signed.actor, args.kind, path, progress)
                    session.commit()
                except ImportRefused as refused:
                    session.rollback()
                    preview = refused.preview
    finally:
        signed.close()
        if progress is not None:
            print(file=sys.stderr)
    for row in preview.rows:
        print(row.describe())
    print(preview.summary())
    if preview.has_errors:
        print("Ошибка: в файле есть строки с ошибками — ничего не записано. Исправьте их и "
              "повторите.", file=sys.stderr)
        return 1
    if preview.written:
        print(f"Записано. В журнале изменений: «{preview.batch}».")
    else:
        print("Проверка без записи (--dry-run): ничего не записано.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from database.auth import sign_in
    from database.imports.export import EXPORTS, export_people
    from desktop_app.cli import _existing_paths, _read_password, _require_user

    paths = _existing_paths(args)
    login = _require_user(args)
    out = Path(args.out)
    signed = sign_in(paths, login, _read_password(login))
    try:
        with signed.sessions() as session:
            rows = export_people(session, signed.actor, args.what, out)
    finally:
        signed.close()
    print(f"Список «{EXPORTS[args.what]}» сохранён: {out} (строк: {rows}).")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from database.imports.columns import KINDS
    from database.imports.templates import write_template

    out = write_template(args.kind, Path(args.out))
    print(f"Шаблон «{KINDS[args.kind].title}» сохранён: {out}.")
    return 0


def register_import_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    kinds = list(IMPORT_KINDS)
    importing = sub.add_parser(
        "import", parents=[common],
        help="импорт учеников, родителей, сотрудников или нагрузки из XLSX/CSV",
    )
    importing.add_argument(
        "kind", choices=kinds,
        help="students — ученики с классами и группами; parents — родители; staff — "
        "сотрудники; assignments — предметы и учебная нагрузка",
    )
    importing.add_argument("file", help="файл .xlsx или .csv")
    importing.add_argument(
        "--dry-run", action="store_true",
        help="только проверить и показать, что изменится, ничего не записывая",
    )
    importing.set_defaults(func=cmd_import)

    export = sub.add_parser("export", parents=[common], help="выгрузить список людей в XLSX")
    export.add_argument("what", choices=list(EXPORT_LISTS),
                        help="students — ученики и родители; staff — сотрудники; "
                        "accounts — учётные записи")
    export.add_argument("--out", required=True, help="файл .xlsx")
    export.set_defaults(func=cmd_export)

    template = sub.add_parser("template", parents=[common], help="сохранить шаблон для импорта")
    template.add_argument("kind", choices=kinds)
    template.add_argument("--out", required=True, help="файл .xlsx")
    template.set_defaults(func=cmd_template)
