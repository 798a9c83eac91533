"""Command-line commands of synchronisation through the school's share.

``share init DIR`` · ``share status`` · ``share compact`` · ``device enrol NAME``
· ``device join DIR CODE`` · ``device revoke ID`` · ``sync``, and
``demo --share DIR --computers N``. Registered by :mod:`desktop_app.cli`
(:func:`register`); failures are the CLI's one-line errors (``CliError`` /
``DomainError``), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _cli() -> Any:
    from desktop_app import cli

    return cli


def _signed_in(args: argparse.Namespace) -> Any:
    from database.auth import sign_in

    cli = _cli()
    paths = cli._existing_paths(args)
    login = cli._require_user(args)
    return sign_in(paths, login, cli._read_password(login))


def _share_location(text: str) -> Any:
    """A folder path or an ``smb://`` address; a malformed address is one line."""
    from database.sync.share import share_location
    from database.sync.smb import SmbAddressError

    try:
        return share_location(text)
    except SmbAddressError as exc:
        raise _cli().CliError(str(exc)) from exc


def _share_dir(signed: Any, given: str | None) -> Any:
    from database.sync.config import share_pointer

    if given:
        return _share_location(given)
    found = share_pointer(signed.paths.root)
    if found is None:
        raise _cli().CliError(
            "Компьютер не подключён к общей папке школы: укажите --share ПАПКА."
        )
    return found


def cmd_share_init(args: argparse.Namespace) -> int:
    from database.keyslots import KdfProfile
    from database.permissions import require_admin
    from database.sync.enrol import init_share
    from database.sync.people import publish_password
    from database.sync.share import location_text

    signed = _signed_in(args)
    try:
        require_admin(signed.actor, "настройка общей папки школы")
        base = _share_location(args.dir)
        init_share(signed.paths, signed.sessionmaker, signed.data_key(), base)
        # The administrator's own password, for every computer that joins.
        with signed.sessions() as session:
            publish_password(session, signed.actor, signed.paths, signed.account_id,
                             signed.login, _cli()._read_password(signed.login),
                             KdfProfile.STANDARD)
            session.commit()
    finally:
        signed.close()
    print(f"Общая папка школы настроена: {location_text(base)}")
    return 0


def cmd_share_status(args: argparse.Namespace) -> int:
    from database.sync.config import load_config
    from database.sync.registry import check_marker
    from database.sync.round import sync_status
    from database.sync.share import ShareLayout, ShareUnavailable

    signed = _signed_in(args)
    try:
        with signed.sessions() as session:
            status = sync_status(session)
            config = load_config(session)
        print(status.describe())
        if config is not None:
            base = _share_dir(signed, args.share)
            try:
                check_marker(ShareLayout(base), config.root_key, config.share_id)
                print(f"Общая папка доступна: {base}")
                print(_snapshot_line(ShareLayout(base), config))
            except ShareUnavailable as exc:
                print(f"Общая папка недоступна: {exc.reason}")
                return 1
    finally:
        signed.close()
    return 0


def cmd_share_compact(args: argparse.Namespace) -> int:
    from database.permissions import require_admin
    from database.sync.compact import compact_share
    from database.sync.share import ShareUnavailable

    cli = _cli()
    if args.grace_days < 0:
        raise cli.CliError("Срок хранения (--grace-days) не может быть отрицательным.")
    signed = _signed_in(args)
    try:
        require_admin(signed.actor, "сжатие общей папки школы")
        try:
            report = compact_share(signed.paths, signed.engine, _share_dir(signed, args.share),
                                   actor=signed.actor, grace_days=args.grace_days)
        except ShareUnavailable as exc:
            raise cli.CliError(f"Общая папка недоступна: {exc.reason}") from None
    finally:
        signed.close()
    print(report.describe())
    return 0


def _snapshot_line(layout: Any, config: Any) -> str:
    from datetime import datetime

    from database.sync.snapshot import newest_header

    found = newest_header(layout, config.root_key, config.share_id)
    if found is None:
        return ("Снимка школы на общей папке нет (его записывает «share compact» на "
                "компьютере администрации).")
    header = found[0]
    made = datetime.fromtimestamp(header.made_at_ms / 1000).strftime("%d.%m.%Y %H:%M")
    return (f"Снимок школы: № {header.frontier} от {made}, изменений в нём: "
            f"{header.counts.get('log', 0)}")


def cmd_sync(args: argparse.Namespace) -> int:
    from database.sync.round import sync_round

    signed = _signed_in(args)
    try:
        report = sync_round(signed.paths, signed.engine, _share_dir(signed, args.share),
                            actor=signed.actor)
    finally:
        signed.close()
    print(report.describe())
    return 0 if report.ok else 1


def cmd_device_enrol(args: argparse.Namespace) -> int:
    from datetime import datetime

    from database.sync.computers import issue_code

    signed = _signed_in(args)
    try:
        with signed.sessions() as session:
            code = issue_code(session, signed.actor, args.name, args.kind)
            session.commit()
    finally:
        signed.close()
    until = "" if code.expires_ms is None else datetime.fromtimestamp(
        code.expires_ms / 1000).strftime(" (действует до %d.%m.%Y %H:%M, один раз)")
    print(f"Код подключения компьютера «{args.name}»: {code.code}{until}")
    print("Введите его на новом компьютере: при первом запуске — «Подключиться к общей "
          "папке школы», или school-journal --data-dir ПАПКА device join ОБЩАЯ_ПАПКА КОД; "
          "затем выполните здесь «sync».")
    return 0


def cmd_device_join(args: argparse.Namespace) -> int:
    from database.sync.enrol import finish_join, request_join
    from database.sync.identity import has_identity
    from database.sync.round import sync_round

    cli = _cli()
    paths = cli._paths(args)
    base = _share_location(args.share_dir)
    if paths.exists():
        raise cli.CliError(f"В папке {paths.root} уже есть база данных школы.")
    if not has_identity(paths.root):
        if not args.code:
            raise cli.CliError("Укажите код подключения, выданный администрацией.")
        request_join(paths.root, base, args.code, args.name or "Новый компьютер")
    joined = finish_join(paths, base)
    if joined is None:
        print("Запрос на подключение отправлен. Когда администрация выполнит «sync», "
              "повторите эту команду.")
        return 0
    engine, _ = joined
    try:
        report = sync_round(paths, engine, base)
    finally:
        engine.dispose()
    print(f"Компьютер подключён к школе. {report.describe()}")
    return 0 if report.ok else 1


def cmd_device_revoke(args: argparse.Namespace) -> int:
    from database.permissions import require_admin
    from database.sync.enrol import revoke_device
    from database.sync.share import ShareLayout

    signed = _signed_in(args)
    try:
        require_admin(signed.actor, "отключение компьютеров")
        with signed.sessions() as session:
            registry = revoke_device(session, ShareLayout(_share_dir(signed, args.share)),
                                     _device_id(session, args.device))
            session.commit()
    finally:
        signed.close()
    print(f"Компьютер отключён; ключ школы заменён (версия списка {registry.version}).")
    return 0


def _device_id(session: Any, text: str) -> str:
    from sqlalchemy import select

    from database.models import SyncDevice

    rows = session.execute(select(SyncDevice.device_id, SyncDevice.name)).all()
    found = [d for d, name in rows if d.startswith(text.lower()) or name == text]
    if len(found) != 1:
        raise _cli().CliError(f"Компьютер «{text}» не найден или указан неоднозначно.")
    return str(found[0])


def cmd_demo_share(args: argparse.Namespace) -> int:
    from datetime import date

    from database.sync.demo_share import install_demo_share

    cli = _cli()
    root = cli._paths(args).root
    today = date.fromisoformat(args.today) if args.today else None

    def progress(stage: str, fraction: float) -> None:
        print(f"\r[{fraction:4.0%}] {stage:<60}", end="", file=sys.stderr, flush=True)

    summary = install_demo_share(
        root, Path(args.share).expanduser().absolute(), args.computers, size=args.size,
        seed=args.seed, today=today, progress=None if args.quiet else progress,
    )
    if not args.quiet:
        print(file=sys.stderr)
    print(summary.describe())
    return 0


def cmd_share_smb_password(args: argparse.Namespace) -> int:
    """Keep the SMB password for an ``smb://user@host/…`` share in the OS keyring, so
    a computer without a mounted share reaches it without the password on disk."""
    import getpass

    import keyring
    from keyring.errors import KeyringError

    from database.sync.smb import KEYRING_SERVICE, SmbPath

    cli = _cli()
    base = _share_location(args.address)
    if not isinstance(base, SmbPath) or base.username is None:
        raise cli.CliError("Укажите адрес вида smb://пользователь@сервер/ресурс/папка.")
    password = getpass.getpass(f"Пароль SMB для {base.username}@{base.server}: ")
    try:
        keyring.set_password(KEYRING_SERVICE, f"{base.username}@{base.server}", password)
    except KeyringError as exc:
        raise cli.CliError(f"Хранилище паролей системы недоступно: {exc}") from exc
    print(f"Пароль для {base.username}@{base.server} сохранён в хранилище паролей системы.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the sync commands to the ``school-journal`` parser."""
    share = sub.add_parser("share", parents=[common], help="общая папка школы (синхронизация)")
    share_sub = share.add_subparsers(dest="share_command", metavar="ДЕЙСТВИЕ", required=True)
    init = share_sub.add_parser("init", parents=[common], help="настроить папку как общую")
    init.add_argument("dir", help="папка на общем ресурсе (UNC-путь, диск, смонтированная "
                      "папка или smb://пользователь@сервер/ресурс/папка)")
    init.set_defaults(func=cmd_share_init)
    status = share_sub.add_parser("status", parents=[common], help="состояние синхронизации")
    status.add_argument("--share", help="общая папка (по умолчанию — та, к которой подключён)")
    status.set_defaults(func=cmd_share_status)
    compact = share_sub.add_parser(
        "compact", parents=[common],
        help="снимок школы и удаление старых файлов изменений (компьютер администрации)",
    )
    compact.add_argument("--share", help="общая папка (по умолчанию — та, к которой подключён)")
    compact.add_argument("--grace-days", type=float, default=30.0,
                         help="не удалять изменения моложе стольких дней (по умолчанию 30)")
    compact.set_defaults(func=cmd_share_compact)
    smb_password = share_sub.add_parser(
        "smb-password", parents=[common],
        help="сохранить пароль SMB для адреса smb://… в хранилище паролей системы")
    smb_password.add_argument("address", help="smb://пользователь@сервер/ресурс/папка")
    smb_password.set_defaults(func=cmd_share_smb_password)

    device = sub.add_parser("device", parents=[common], help="компьютеры школы")
    device_sub = device.add_subparsers(dest="device_command", metavar="ДЕЙСТВИЕ", required=True)
    enrol = device_sub.add_parser("enrol", parents=[common], help="выдать код подключения")
    enrol.add_argument("name", help="название компьютера, например «Кабинет 12»")
    enrol.add_argument("--kind", choices=["classroom", "admin"], default="classroom")
    enrol.set_defaults(func=cmd_device_enrol)
    join_cmd = device_sub.add_parser("join", parents=[common],
                                     help="подключить этот компьютер к школе")
    join_cmd.add_argument("share_dir", help="общая папка школы")
    join_cmd.add_argument("code", nargs="?", help="код подключения от администрации")
    join_cmd.add_argument("--name", help="название этого компьютера")
    join_cmd.set_defaults(func=cmd_device_join)
    revoke = device_sub.add_parser("revoke", parents=[common], help="отключить компьютер")
    revoke.add_argument("device", help="название компьютера или начало его идентификатора")
    revoke.add_argument("--share", help="общая папка")
    revoke.set_defaults(func=cmd_device_revoke)

    sync = sub.add_parser("sync", parents=[common], help="синхронизировать сейчас")
    sync.add_argument("--share", help="общая папка (по умолчанию — та, к которой подключён)")
    sync.set_defaults(func=cmd_sync)


def demo_dispatch(fallback: Callable[[argparse.Namespace], int]) -> Callable[
    [argparse.Namespace], int
]:
    """``demo`` with ``--share``: the demo as several computers; otherwise as before."""

    def run(args: argparse.Namespace) -> int:
        if getattr(args, "share", None):
            return cmd_demo_share(args)
        return fallback(args)

    return run


def add_demo_options(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("--share", help="общая папка: демонстрация как несколько компьютеров")
    demo.add_argument("--computers", type=int, default=2, help="число компьютеров (с --share)")
