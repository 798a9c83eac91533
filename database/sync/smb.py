"""The school share reached over SMB without a mount: ``smb://[user@]host[:port]/share/dir``.

Windows gives every computer a UNC path (``\\\\server\\journal``) or a mapped drive, and
a Linux computer usually mounts the share; both are ordinary folders and need nothing
here. A Linux computer that has no mount (no root to mount it, no ``cifs`` module)
names the share as an ``smb://`` address instead, and the sync code reaches it through
``smbprotocol``'s ``smbclient`` — the same operations as on a folder, spoken over SMB.

:class:`SmbPath` is a Windows-style UNC path (so ``/``, ``name`` and ``parents`` work
as on any :mod:`pathlib` path) with the few concrete methods the share code calls,
each a ``smbclient`` call. The share code (:mod:`database.sync.share`) sends its
low-level writes — exclusive create, rename, replace, listing — here too, so every
rule it keeps (temp → flush → rename → re-read, never overwrite an immutable name,
nothing created on a share that has gone) holds over SMB as well.

The password is never written into the school folder: it comes from the environment
(``SCHOOL_JOURNAL_SMB_PASSWORD``, for scripts) or the OS keyring (service
:data:`KEYRING_SERVICE`, user ``user@host``). Without one, smbprotocol tries Kerberos.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import IO, Any, TypeVar
from urllib.parse import unquote, urlsplit

SCHEME = "smb://"
DEFAULT_PORT = 445
PASSWORD_ENV = "SCHOOL_JOURNAL_SMB_PASSWORD"
KEYRING_SERVICE = "School Journal SMB"
# A server that does not answer must not hold a sync round for smbclient's 60 s.
CONNECT_TIMEOUT_S = 10

T = TypeVar("T")


class SmbAddressError(ValueError):
    """An ``smb://`` address that cannot name a share; the message is Russian."""


@dataclass(frozen=True)
class _Server:
    host: str
    port: int
    username: str | None

    def options(self) -> dict[str, Any]:
        return {
            "port": self.port,
            "username": self.username,
            "password": _password(self.username, self.host),
            "connection_timeout": CONNECT_TIMEOUT_S,
        }


# Connection options per server, registered when an address is parsed. A UNC path has
# no room for a port or a user, and every path derived from the share (``/ "dev"``)
# must reach the same server the same way, so they are kept here by host.
_SERVERS: dict[str, _Server] = {}


def _password(username: str | None, host: str) -> str | None:
    if username is None:
        return None
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, f"{username}@{host}")
    except Exception:  # a missing or failing keyring means no password
        return None


def is_smb_address(text: str) -> bool:
    return text.strip().lower().startswith(SCHEME)


def parse_smb_address(text: str) -> SmbPath:
    """``smb://[user@]host[:port]/share[/dir…]`` → an :class:`SmbPath` on that share."""
    parts = urlsplit(text.strip())
    if parts.scheme.lower() != "smb" or not parts.hostname:
        raise SmbAddressError(f"Адрес «{text}» не похож на smb://сервер/ресурс/папка.")
    if parts.password:
        raise SmbAddressError(
            "Пароль в адресе не сохраняется: уберите его из адреса, программа спросит "
            "его отдельно и сохранит в хранилище паролей системы."
        )
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise SmbAddressError(f"В адресе «{text}» неверный номер порта.") from exc
    names = [unquote(p) for p in parts.path.split("/") if p]
    if not names:
        raise SmbAddressError(f"В адресе «{text}» не указан общий ресурс (smb://сервер/ресурс).")
    host = parts.hostname
    username = unquote(parts.username) if parts.username else None
    _SERVERS[host.lower()] = _Server(host, port, username)
    return SmbPath("\\\\" + host + "\\" + "\\".join(names))


def _connection_error(exc: Exception, path: SmbPath) -> OSError:
    text = str(exc) or type(exc).__name__
    return ConnectionError(f"сервер {path.server} недоступен по SMB: {text}")


class SmbPath(PureWindowsPath):
    """A UNC path on an SMB server, with the concrete methods the share code uses."""

    @property
    def server(self) -> str:
        return self.drive.lstrip("\\").split("\\", 1)[0]

    @property
    def username(self) -> str | None:
        found = _SERVERS.get(self.server.lower())
        return found.username if found else None

    def as_address(self) -> str:
        """The ``smb://`` address this path was parsed from (without the password)."""
        found = _SERVERS.get(self.server.lower())
        user = f"{found.username}@" if found and found.username else ""
        port = f":{found.port}" if found and found.port != DEFAULT_PORT else ""
        rest = "/".join(self.parts[1:])
        share = self.drive.lstrip("\\").split("\\", 1)[1]
        return f"{SCHEME}{user}{self.server}{port}/{share}" + (f"/{rest}" if rest else "")

    def _options(self) -> dict[str, Any]:
        found = _SERVERS.get(self.server.lower())
        if found is None:
            return {"connection_timeout": CONNECT_TIMEOUT_S}
        return found.options()

    def _call(self, action: Callable[..., T], *args: Any) -> T:
        """Run one smbclient call; a failure to reach or log in to the server becomes
        a :class:`ConnectionError` (an ``OSError``, as an unreachable folder gives)."""
        from smbprotocol.exceptions import SMBException

        try:
            return action(*args, **self._options())
        except OSError:
            raise
        except (SMBException, ValueError) as exc:
            raise _connection_error(exc, self) from exc

    # -- what pathlib.Path offers and the share code calls ---------------------------

    def exists(self) -> bool:
        return self._stat_or_none() is not None

    def stat(self) -> os.stat_result:
        """As :meth:`pathlib.Path.stat`: ``OSError`` when missing or unreachable."""
        import smbclient

        found: os.stat_result = self._call(smbclient.stat, str(self))
        return found

    def _stat_or_none(self) -> os.stat_result | None:
        try:
            return self.stat()
        except ConnectionError:
            raise
        except OSError:
            return None

    def is_dir(self) -> bool:
        import stat

        try:
            found = self._stat_or_none()
        except ConnectionError:
            return False
        return found is not None and stat.S_ISDIR(found.st_mode)

    def is_file(self) -> bool:
        import stat

        try:
            found = self._stat_or_none()
        except ConnectionError:
            return False
        return found is not None and stat.S_ISREG(found.st_mode)

    def mkdir(self, mode: int = 0o777, parents: bool = False, exist_ok: bool = False) -> None:
        import smbclient

        if parents:
            self._call(smbclient.makedirs, str(self), exist_ok)
            return
        try:
            self._call(smbclient.mkdir, str(self))
        except FileExistsError:
            if not exist_ok:
                raise

    def unlink(self, missing_ok: bool = False) -> None:
        import smbclient

        try:
            self._call(smbclient.remove, str(self))
        except FileNotFoundError:
            if not missing_ok:
                raise

    def iterdir(self) -> Iterator[SmbPath]:
        import smbclient

        for name in self._call(smbclient.listdir, str(self)):
            yield self / name

    def read_bytes(self) -> bytes:
        with self.open_binary("rb") as handle:
            return handle.read()

    def write_bytes(self, data: bytes) -> int:
        with self.open_binary("wb") as handle:
            return handle.write(data)

    def open_binary(self, mode: str) -> IO[bytes]:
        """Open for ``rb``, ``wb`` or ``xb`` (exclusive create, as ``O_EXCL``)."""
        import smbclient

        handle: IO[bytes] = self._call(smbclient.open_file, str(self), mode)
        return handle

    def names(self) -> list[str]:
        import smbclient

        return list(self._call(smbclient.listdir, str(self)))

    def rename_to(self, target: SmbPath) -> None:
        """Rename that refuses an existing target (SMB's rename, as on Windows)."""
        import smbclient

        self._call(smbclient.rename, str(self), str(target))

    def replace_to(self, target: SmbPath) -> None:
        import smbclient

        self._call(smbclient.replace, str(self), str(target))


def write_exclusive(path: SmbPath, data: bytes) -> None:
    """Create ``path`` (failing if it exists), write and flush it to the server."""
    handle = path.open_binary("xb")
    try:
        with handle:
            handle.write(data)
            handle.flush()
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def close_connections() -> None:
    """Drop every pooled SMB connection (tests and the check script start servers
    and stop them; a stale pooled connection would outlive its server)."""
    with contextlib.suppress(Exception):
        import smbclient

        smbclient.reset_connection_cache(fail_on_error=False)
