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
from typing import TYPE_CHECKING, Any, Final

from database.errors import DomainError
from database.paths import SchoolPaths, resolve_data_dir
from desktop_app import sync_cli
from desktop_app.cli_input import CliError, describe_os_error, output_file, parse_date
from desktop_app.reports.registry import Document, Need, Params, commands

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from database.actor import Actor

XLSX_SUFFIX: Final = "-xlsx"  # «report journal-xlsx»: a document's XLSX by its name

PASSWORD_ENV = "SCHOOL_JOURNAL_PASSWORD"

log = logging.getLogger("school_journal.cli")


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
    today = parse_date(args.today, "«сегодня»") if args.today else None

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
    from database.errors import DamagedDatabase
    from database.integrity import verify_database

    paths = _existing_paths(args)
    login = _require_user(args)
    try:
        signed = sign_in(paths, login, _read_password(login))
    except DamagedDatabase as damaged:
        # Opening refuses a damaged file; the check's answer is the damage it names.
        print(damaged.message)
        print("ПРОВЕРКА НЕ ПРОЙДЕНА.")
        return 1
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
        info = backup(paths, signed.engine, output_file(args.out))
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


def cmd_archive(args: argparse.Namespace) -> int:
    """The yearly archive bundle: build the current year's into a folder, verify one
    (no password needed), or list the register with retention dates."""
    from database.archive import KIND_TITLES, archive_register, verify_bundle

    folder = Path(args.folder).expanduser()
    if args.action == "verify":
        check = verify_bundle(folder)
        print(check.describe())
        return 0 if check.ok else 1
    if args.action == "list":
        today = date.today()
        for entry in archive_register(folder):
            kept = ", ".join(f"{KIND_TITLES.get(kind, kind)} — хранить до {until:%d.%m.%Y}"
                             for kind, until in sorted(entry.keep_until.items()))
            expired = entry.expired(today)
            note = f"; срок хранения истёк: {', '.join(expired)}" if expired else ""
            print(f"{entry.year}: {entry.folder} ({kept}{note})")
        return 0
    from database.auth import sign_in
    from desktop_app.reports.archive_bundle import build_year_archive

    paths = _existing_paths(args)
    login = _require_user(args)
    signed = sign_in(paths, login, _read_password(login))
    try:
        with signed.sessions() as session:
            built = build_year_archive(session, signed.actor, paths, signed.data_key(), folder)
    finally:
        signed.close()
    print(f"Архив года сохранён: {built.folder} (файлов: {built.files}, записей журнала "
          f"изменений: {built.changelog_rows}).")
    return 0


def _report_date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    return parse_date(text, what)


def cmd_report(args: argparse.Namespace) -> int:
    """Print a document of the registry to a file (the bound journal, the summary
    sheet, extracts, …), as the report window would."""
    from database.auth import sign_in

    document, as_xlsx = _chosen_document(args)
    paths = _existing_paths(args)
    login = _require_user(args)
    out = output_file(args.out)
    signed = sign_in(paths, login, _read_password(login))
    try:
        with signed.sessions() as session:
            params = _report_params(args, session, signed.actor, document)
            data = document.load(session, signed.actor, params)
    finally:
        signed.close()
    if as_xlsx:
        assert document.xlsx is not None
        document.xlsx(out, data, _quiet)
        pages = 0
    else:
        document.pdf(out, data, _quiet)
        pages = _pdf_pages(out)
    detail = f", страниц: {pages}" if pages else ""
    print(f"Документ сохранён: {out}{detail}.")
    return 0


def _quiet(stage: str, fraction: float) -> None:
    """The builders' progress, not shown by the command."""


# The options that choose what a document is of, as the refusals name them.
_SUBJECT_OPTIONS: Final = {Need.STUDENT: "ученика (--student)", Need.CLASS: "класс (--class)"}
_SUBJECT_FLAGS: Final = {Need.STUDENT: "--student", Need.CLASS: "--class"}


def _chosen_document(args: argparse.Namespace) -> tuple[Document[Any], bool]:
    """The registry's document the command names, and whether it goes to XLSX.
    Documents sharing a name are told apart by the options given (--student/--class)."""
    name = args.document
    as_xlsx = bool(args.xlsx) or Path(args.out).suffix.lower() == ".xlsx"
    if name.endswith(XLSX_SUFFIX) and name not in commands():
        name, as_xlsx = name.removesuffix(XLSX_SUFFIX), True
    candidates = commands()[name]
    document, *others = candidates
    if others:
        given = {need for need, value in ((Need.CLASS, args.class_name),
                                          (Need.STUDENT, args.student)) if value}
        fitting = [d for d in candidates if d.needs & _SUBJECT_OPTIONS.keys() == given]
        if len(fitting) != 1:
            wanted = [_SUBJECT_OPTIONS[n] for d in candidates
                      for n in _SUBJECT_OPTIONS if n in d.needs]
            raise CliError("Укажите либо " + ", либо ".join(dict.fromkeys(wanted)) + ".")
        document = fitting[0]
    if Need.CLASS in document.needs and not args.class_name:
        raise CliError("Укажите класс: --class 5А.")
    if Need.STUDENT in document.needs and not args.student:
        raise CliError("Укажите ученика: --student ЛОГИН.")
    if as_xlsx and document.xlsx is None:
        raise CliError(f"Документ «{document.file_name}» сохраняется только в PDF.")
    return document, as_xlsx


def _report_params(
    args: argparse.Namespace, session: Session, actor: Actor, document: Document[Any]
) -> Params:
    """The document's needs answered from the options: names resolved to ids, a date
    range from --from/--to (by default from the start of the school year to today)."""
    from database.queries.extract import resolve_student, student_class
    from database.queries.summary import class_header, resolve_class

    date_from = date_to = None
    if Need.RANGE in document.needs:
        date_to = _report_date(args.date_to, "конца") or actor.now().date()
        date_from = _report_date(args.date_from, "начала")
    class_id = (resolve_class(session, args.class_name, args.year)
                if Need.CLASS in document.needs else None)
    student_id = resolve_student(session, args.student) if Need.STUDENT in document.needs else None
    day = None
    if Need.WEEK in document.needs:
        day = _report_date(args.week, "недели") or actor.now().date()
    if Need.DAY in document.needs:
        day = _report_date(args.day, "дня") or actor.now().date()
    if Need.RANGE in document.needs and date_from is None and student_id is None \
            and class_id is None:  # a school-wide document: from the start of the year
        from database.queries.home import current_year

        year = current_year(session)
        assert date_to is not None
        date_from = year.start_date if year is not None else date_to
    if Need.RANGE in document.needs and date_from is None:
        assert date_to is not None
        of_class = class_id
        if of_class is None:  # the class the student was in by the last day
            assert student_id is not None
            of_class = student_class(session, student_id, date.min, date_to)
        date_from = class_header(session, of_class).year_start
    return Params(class_id=class_id, student_id=student_id, date_from=date_from,
                  date_to=date_to, day=day)


def _pdf_pages(path: Path) -> int:
    from desktop_app.reports.layout import written_page_count

    return written_page_count(path)


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


class _Version(argparse.Action):
    """``--version``: the version is read only when asked for (it reads metadata)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from database.backup import app_version

        print(f"School Journal {app_version()}")
        parser.exit()


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
    parser.add_argument("--version", action=_Version, help="показать версию программы")
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

    archive = sub.add_parser(
        "archive", parents=[common],
        help="годовой архив: собрать (build), проверить (verify), список (list)",
    )
    archive.add_argument("action", choices=["build", "verify", "list"])
    archive.add_argument("folder", help="папка архива (build, list) или архива года (verify)")
    archive.set_defaults(func=cmd_archive)

    report = sub.add_parser(
        "report", parents=[common],
        help="напечатать документ в файл: журнал, сводную ведомость, выписки",
    )
    names, described = _report_names()
    report.add_argument("document", choices=names, help=described)
    report.add_argument("--class", dest="class_name", help="класс, например 5А")
    report.add_argument("--year", help="учебный год, например 2026/2027 (по умолчанию текущий)")
    report.add_argument("--student", help="ученик для выписки: логин или фамилия и имя")
    report.add_argument("--from", dest="date_from",
                        help="начало периода, ГГГГ-ММ-ДД (по умолчанию начало учебного года)")
    report.add_argument("--to", dest="date_to",
                        help="конец периода, ГГГГ-ММ-ДД (по умолчанию сегодня)")
    report.add_argument("--week", help="любой день недели отчёта, ГГГГ-ММ-ДД "
                        "(по умолчанию текущая неделя)")
    report.add_argument("--day", help="день документа (лист замен, лист посещаемости), "
                        "ГГГГ-ММ-ДД (по умолчанию сегодня)")
    report.add_argument("--xlsx", action="store_true",
                        help="в формате XLSX (журнал, сводная ведомость)")
    report.add_argument("--out", required=True, help="файл, куда сохранить документ")
    report.set_defaults(func=cmd_report)

    from desktop_app.import_cli import register_import_commands

    register_import_commands(sub, common)
    sync_cli.register(sub, common)
    return parser


def _report_names() -> tuple[list[str], str]:
    """The names ``report`` accepts and their help, from the document registry."""
    names: list[str] = []
    parts: list[str] = []
    for name, documents in commands().items():
        names.append(name)
        kinds = [
            d.file_name.lower()
            + ("".join(f" ({_SUBJECT_FLAGS[n]})" for n in _SUBJECT_FLAGS if n in d.needs)
               if len(documents) > 1 else "")
            for d in documents
        ]
        formats = "PDF или XLSX" if any(d.xlsx for d in documents) else "PDF"
        parts.append(f"{name} — {' или '.join(kinds)} ({formats})")
    xlsx = [f"{name}{XLSX_SUFFIX}" for name, documents in commands().items()
            if any(d.xlsx for d in documents)]
    names.extend(xlsx)
    parts.append(", ".join(xlsx) + " — то же в XLSX")
    return names, "; ".join(parts)


def _run(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return func(args)
    except (DomainError, CliError) as exc:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        print(f"Ошибка: {message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Ошибка: {describe_os_error(exc)}", file=sys.stderr)
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
