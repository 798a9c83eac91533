"""The ``school-journal`` command: the GUI with no arguments, admin tasks as subcommands.

Every failure is one clear line on stderr and a non-zero exit, never a traceback:
users run these commands from the administration's workstation, not developers.
Qt is imported only when the GUI starts, so the commands work on a machine with no
display.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from database.errors import DomainError
from database.paths import SchoolPaths, resolve_data_dir
from desktop_app import sync_cli

PASSWORD_ENV = "SCHOOL_JOURNAL_PASSWORD"

log = logging.getLogger("school_journal.cli")


class CliError(Exception):
    """A user-facing failure of a command (message already in Russian)."""


def _read_password(login: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError(
            f"Нужен пароль пользователя {login}: задайте переменную {PASSWORD_ENV} "
            "или запустите команду в терминале."
        )
    try:
        return getpass.getpass(f"Пароль {login}: ")
    except (EOFError, KeyboardInterrupt) as exc:
        raise CliError("Ввод пароля прерван.") from exc


def _require_user(args: argparse.Namespace) -> str:
    if not args.user:
        raise CliError("Укажите пользователя: --user ЛОГИН.")
    return str(args.user)


def _paths(args: argparse.Namespace) -> SchoolPaths:
    paths = resolve_data_dir(args.data_dir)
    if getattr(args, "demo", False) and args.data_dir is None:
        paths = SchoolPaths(paths.root / "demo")
    return paths


def _existing_paths(args: argparse.Namespace) -> SchoolPaths:
    paths = _paths(args)
    if not paths.exists():
        raise CliError(
            f"В папке {paths.root} нет базы данных школы. Создайте демонстрационную школу "
            "командой «school-journal demo» или укажите --data-dir."
        )
    return paths


# --- commands ------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from database.demo_install import install_demo

    paths = _paths(args)
    today = date.fromisoformat(args.today) if args.today else None

    def progress(stage: str, fraction: float) -> None:
        print(f"\r[{fraction:4.0%}] {stage:<60}", end="", file=sys.stderr, flush=True)

    summary = install_demo(
        paths, size=args.size, seed=args.seed, today=today, replace=args.force,
        progress=None if args.quiet else progress,
    )
    if not args.quiet:
        print(file=sys.stderr)
    print(summary.describe())
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from database.auth import sign_in
    from database.queries.school_info import school_info

    paths = _existing_paths(args)
    login = _require_user(args)
    signed = sign_in(paths, login, _read_password(login))
    try:
        with signed.sessions() as session:
            info = school_info(session, signed.actor)
        print(info.describe())
    finally:
        signed.close()
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from database.auth import sign_in
    from database.integrity import verify_database

    paths = _existing_paths(args)
    login = _require_user(args)
    signed = sign_in(paths, login, _read_password(login))
    try:
        report = verify_database(signed.engine, signed.actor)
    finally:
        signed.close()
    print(report.describe())
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from database.auth import sign_in
    from database.backup import backup
    from database.permissions import require_account_manager

    paths = _existing_paths(args)
    login = _require_user(args)
    signed = sign_in(paths, login, _read_password(login))
    try:
        require_account_manager(signed.actor)
        info = backup(paths, signed.engine, Path(args.out))
    finally:
        signed.close()
    print(f"Резервная копия сохранена: {info.path} ({info.size_bytes} байт).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from database.backup import restore

    paths = _paths(args)
    login = _require_user(args)
    info = restore(paths, Path(args.file), login, _read_password(login))
    print(info.describe())
    return 0


def _report_date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"Дата {what} «{text}» не в формате ГГГГ-ММ-ДД.") from exc


def cmd_report(args: argparse.Namespace) -> int:
    """Print a document to a file: the bound journal, the summary sheet, extracts."""
    from database.auth import sign_in

    paths = _existing_paths(args)
    login = _require_user(args)
    out = Path(args.out)
    signed = sign_in(paths, login, _read_password(login))
    try:
        with signed.sessions() as session:
            pages = _build_report(args, session, signed.actor, out)
    finally:
        signed.close()
    detail = f", страниц: {pages}" if pages else ""
    print(f"Документ сохранён: {out}{detail}.")
    return 0


def _build_report(args: argparse.Namespace, session: Any, actor: Any, out: Path) -> int:
    """Gather the data and write ``out``; returns the number of PDF pages (0 for XLSX)."""
    from database.queries.summary import resolve_class

    kind = args.document
    if kind in ("journal", "journal-xlsx", "summary"):
        if not args.class_name:
            raise CliError("Укажите класс: --class 5А.")
        class_id = resolve_class(session, args.class_name, args.year)
    if kind == "journal":
        from database.queries.class_book import load_class_book
        from desktop_app.reports.class_book import build_class_book

        book = load_class_book(session, actor, class_id)
        build_class_book(out, book)
        return _pdf_pages(out)
    if kind == "journal-xlsx":
        from database.queries.class_book import load_class_book
        from desktop_app.reports.journal_xlsx import build_journal_xlsx

        book = load_class_book(session, actor, class_id)
        build_journal_xlsx(out, book.journals, title=f"{book.header.class_name} класс")
        return 0
    if kind == "summary":
        from database.queries.summary import load_summary
        from desktop_app.reports.summary_sheet import build_summary_pdf, build_summary_xlsx

        summary = load_summary(session, actor, class_id)
        if args.xlsx or out.suffix.lower() == ".xlsx":
            build_summary_xlsx(out, summary)
            return 0
        build_summary_pdf(out, summary)
        return _pdf_pages(out)
    # extract: one student, or the whole class
    from database.queries.extract import (
        load_class_extracts,
        load_extract,
        resolve_student,
        student_class,
    )
    from database.queries.summary import class_header, resolve_class
    from desktop_app.reports.extract import build_extracts

    if bool(args.student) == bool(args.class_name):
        raise CliError("Укажите либо ученика (--student), либо класс (--class).")
    today = actor.now().date()
    date_to = _report_date(args.date_to, "конца") or today
    date_from = _report_date(args.date_from, "начала")
    if args.student:
        student_id = resolve_student(session, args.student)
        if date_from is None:
            class_id = student_class(session, student_id, date.min, date_to)
            date_from = class_header(session, class_id).year_start
        extracts = [load_extract(session, actor, student_id, date_from, date_to)]
    else:
        class_id = resolve_class(session, args.class_name, args.year)
        if date_from is None:
            date_from = class_header(session, class_id).year_start
        extracts = list(load_class_extracts(session, actor, class_id, date_from, date_to))
    build_extracts(out, extracts)
    return _pdf_pages(out)


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def cmd_gui(args: argparse.Namespace) -> int:
    from database.demo_install import install_demo

    paths = _paths(args)
    if args.demo and not paths.exists():
        print("Создаётся демонстрационная школа (один раз, около минуты)…", file=sys.stderr)
        install_demo(paths, size="school", seed=1, today=None, replace=False)
    from desktop_app.app import run_gui

    return run_gui(paths, demo_hint=bool(args.demo))


# --- parsing -------------------------------------------------------------------------------------


def _common_options(*, in_subcommand: bool) -> argparse.ArgumentParser:
    # In a subcommand the defaults are suppressed, so "--data-dir X demo" and
    # "demo --data-dir X" both work (argparse would otherwise reset X to None).
    default = argparse.SUPPRESS if in_subcommand else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=default,
        help="папка с базой данных школы (по умолчанию — SCHOOL_JOURNAL_HOME или папка "
        "данных пользователя)",
    )
    common.add_argument("--user", default=default, help="логин пользователя")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="school-journal",
        description="Электронный классный журнал и дневник. Без команды запускает окно программы.",
        parents=[_common_options(in_subcommand=False)],
    )
    common = _common_options(in_subcommand=True)
    parser.add_argument(
        "--demo", action="store_true",
        help="открыть демонстрационную школу (создаётся при первом запуске)",
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА")

    demo = sub.add_parser("demo", parents=[common], help="создать демонстрационную школу")
    demo.add_argument("--size", choices=["tiny", "school", "large"], default="school")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--today", help="дата «сегодня» в формате ГГГГ-ММ-ДД (для воспроизводимости)")
    demo.add_argument("--force", action="store_true", help="заменить существующую базу")
    demo.add_argument("--quiet", action="store_true", help="не показывать ход работы")
    demo.set_defaults(func=cmd_demo)
    sync_cli.add_demo_options(demo)
    demo.set_defaults(func=sync_cli.demo_dispatch(cmd_demo))

    info = sub.add_parser("info", parents=[common], help="сведения о школе и базе данных")
    info.set_defaults(func=cmd_info)

    verify = sub.add_parser(
        "verify", parents=[common], help="проверить целостность базы и журнала изменений"
    )
    verify.set_defaults(func=cmd_verify)

    backup = sub.add_parser("backup", parents=[common], help="создать резервную копию")
    backup.add_argument("--out", required=True, help="файл резервной копии (.zip)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", parents=[common], help="восстановить из резервной копии")
    restore.add_argument("file", help="файл резервной копии")
    restore.set_defaults(func=cmd_restore)

    report = sub.add_parser(
        "report", parents=[common],
        help="напечатать документ в файл: журнал, сводную ведомость, выписки",
    )
    report.add_argument(
        "document", choices=["journal", "summary", "extract", "journal-xlsx"],
        help="journal — классный журнал для переплёта (PDF); summary — сводная ведомость "
        "(PDF или XLSX); extract — выписки из дневника (PDF); journal-xlsx — журнал в XLSX",
    )
    report.add_argument("--class", dest="class_name", help="класс, например 5А")
    report.add_argument("--year", help="учебный год, например 2026/2027 (по умолчанию текущий)")
    report.add_argument("--student", help="ученик для выписки: логин или фамилия и имя")
    report.add_argument("--from", dest="date_from", help="начало периода выписки, ГГГГ-ММ-ДД")
    report.add_argument("--to", dest="date_to", help="конец периода выписки, ГГГГ-ММ-ДД")
    report.add_argument("--xlsx", action="store_true", help="сводная ведомость в формате XLSX")
    report.add_argument("--out", required=True, help="файл, куда сохранить документ")
    report.set_defaults(func=cmd_report)
    sync_cli.register(sub, common)
    return parser


def _run(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return func(args)
    except (DomainError, CliError) as exc:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        print(f"Ошибка: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return 130
    except Exception as exc:
        log.debug("unexpected failure", exc_info=True)
        print(
            f"Ошибка: непредвиденный сбой ({type(exc).__name__}). Подробности — с ключом "
            "SCHOOL_JOURNAL_DEBUG=1.",
            file=sys.stderr,
        )
        if os.environ.get("SCHOOL_JOURNAL_DEBUG"):
            raise
        return 3


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    return _run(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
