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

from database.errors import DomainError
from database.paths import SchoolPaths, resolve_data_dir

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
