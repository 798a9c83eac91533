"""The share folder: its layout, strict names, and the only ways files get there.

::

    <share>/SchoolJournal/
      share.json.sig          marker (school id, share id, format, root key), signed
      registry/v000042.sig    device registry, monotonic version, signed by the root key
      keys/<device>.wrap      the school keys sealed to one device
      enrol/<device>.req      an enrolment request (public keys, proof of the code)
      dev/<device>/seg/<from>-<to>.sjs   immutable segments
      dev/<device>/head.sig   the device's last seq + hash and the heads it has seen
      snap/<frontier>.sjsnap  snapshots of the school's state (administration only)

Rules (see SYNC.md for the incidents behind them): nothing here is ever created
automatically — only :func:`create_share_root` (the administration's explicit "set up
this folder") makes the root; a missing file is never a deletion; no file is written
by two devices; readers accept only names matching the strict patterns below, so
temp files and ``name (1).ext`` copies are ignored; writes go temp → fsync → rename →
re-open, retried with backoff on sharing violations (antivirus, indexer).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeAlias

from database.sync.smb import SmbPath, is_smb_address, parse_smb_address, write_exclusive

ROOT_NAME = "SchoolJournal"
MARKER_NAME = "share.json.sig"
FORMAT_VERSION = 1

SEGMENT_RE = re.compile(r"(\d{10})-(\d{10})\.sjs")
REGISTRY_RE = re.compile(r"v(\d{6})\.sig")
DEVICE_RE = re.compile(r"[0-9a-f]{32}")
WRAP_RE = re.compile(r"([0-9a-f]{32})\.wrap")
REQUEST_RE = re.compile(r"([0-9a-f]{32})\.req")
SNAPSHOT_RE = re.compile(r"\d{10}\.sjsnap")

# A share folder: an ordinary path (a mounted share, a mapped drive, a UNC path on
# Windows) or an SMB address reached without a mount (:mod:`database.sync.smb`).
SharePath: TypeAlias = Path | SmbPath

RETRIES = 5
RETRY_BASE_S = 0.05


class ShareUnavailable(Exception):
    """The share cannot be used now; ``reason`` is Russian, for the status bar."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def device_dir_name(device_id: uuid.UUID | str) -> str:
    return uuid.UUID(str(device_id)).hex


def segment_name(first: int, last: int) -> str:
    return f"{first:010d}-{last:010d}.sjs"


def parse_segment_name(name: str) -> tuple[int, int] | None:
    match = SEGMENT_RE.fullmatch(name)
    if match is None:
        return None
    first, last = int(match[1]), int(match[2])
    return (first, last) if 1 <= first <= last else None


@dataclass(frozen=True)
class ShareLayout:
    """Paths inside one share folder (``base`` is what the user chose)."""

    base: SharePath

    @property
    def root(self) -> SharePath:
        return self.base / ROOT_NAME

    @property
    def marker(self) -> SharePath:
        return self.root / MARKER_NAME

    @property
    def registry_dir(self) -> SharePath:
        return self.root / "registry"

    @property
    def keys_dir(self) -> SharePath:
        return self.root / "keys"

    @property
    def enrol_dir(self) -> SharePath:
        return self.root / "enrol"

    @property
    def snapshots_dir(self) -> SharePath:
        return self.root / "snap"

    def device_dir(self, device_id: uuid.UUID | str) -> SharePath:
        return self.root / "dev" / device_dir_name(device_id)

    def segments_dir(self, device_id: uuid.UUID | str) -> SharePath:
        return self.device_dir(device_id) / "seg"

    def head(self, device_id: uuid.UUID | str) -> SharePath:
        return self.device_dir(device_id) / "head.sig"

    def wrap(self, device_id: uuid.UUID | str) -> SharePath:
        return self.keys_dir / f"{device_dir_name(device_id)}.wrap"

    def request(self, device_id: uuid.UUID | str) -> SharePath:
        return self.enrol_dir / f"{device_dir_name(device_id)}.req"


# --- reading ---------------------------------------------------------------------------


def share_location(text: str) -> SharePath:
    """The share folder named by what the user typed or chose: an ``smb://`` address,
    or a folder path (a UNC path on Windows, a mount or mapped drive)."""
    if is_smb_address(text):
        return parse_smb_address(text)
    return Path(text).expanduser().absolute()


def location_text(base: SharePath) -> str:
    """How ``base`` is written down (the share pointer, messages): its address."""
    return base.as_address() if isinstance(base, SmbPath) else str(base)


def read_bytes(path: SharePath) -> bytes | None:
    """A file's bytes, or None when it is not there (or not readable yet)."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return None


def read_prefix(path: SharePath, read: Callable[[IO[bytes]], bytes]) -> bytes | None:
    """What ``read`` takes from the start of a file (a header without the whole file),
    or None when it is not there (or not readable yet)."""
    try:
        opened = path.open_binary("rb") if isinstance(path, SmbPath) else path.open("rb")
        with opened as handle:
            return read(handle)
    except OSError:
        return None


def list_names(folder: SharePath, pattern: re.Pattern[str]) -> list[str]:
    """Names in ``folder`` matching ``pattern`` exactly; a missing folder lists empty
    (and means nothing: a file not seen yet is only not there *yet*)."""
    try:
        if isinstance(folder, SmbPath):
            return sorted(n for n in folder.names() if pattern.fullmatch(n))
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if pattern.fullmatch(e.name))
    except OSError:
        return []


def list_segments(layout: ShareLayout, device_id: uuid.UUID | str) -> list[tuple[int, int]]:
    found = [parse_segment_name(n) for n in list_names(layout.segments_dir(device_id), SEGMENT_RE)]
    return sorted(r for r in found if r is not None)


def list_device_dirs(layout: ShareLayout) -> list[str]:
    return list_names(layout.root / "dev", DEVICE_RE)


# --- writing ---------------------------------------------------------------------------


def _retry(action: Callable[[], None], sleep: Callable[[float], None] = time.sleep) -> None:
    """Run ``action``, retrying sharing violations (an antivirus or indexer holding the
    file) with exponential backoff; other errors and the last failure propagate."""
    for attempt in range(RETRIES):
        try:
            action()
            return
        except PermissionError:
            if attempt == RETRIES - 1:
                raise
            sleep(RETRY_BASE_S * (2**attempt))


def _fsync_dir(folder: SharePath) -> None:
    # Windows and SMB have no directory fsync: the server orders a rename itself.
    if os.name == "nt" or isinstance(folder, SmbPath):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def _write_temp(folder: SharePath, data: bytes) -> SharePath:
    """Exclusive-create a temp name (ignored by every reader), write, flush, fsync."""
    temp = folder / f".tmp-{secrets.token_hex(8)}"
    if isinstance(temp, SmbPath):
        write_exclusive(temp, data)
        return temp
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _rename_new(temp: SharePath, target: SharePath) -> None:
    """Give ``temp`` the name ``target``, never overwriting: FileExistsError if taken."""
    if isinstance(temp, SmbPath) and isinstance(target, SmbPath):
        # SMB's rename refuses an existing name, as Windows does.
        try:
            _retry(lambda: temp.rename_to(target))
        except OSError as exc:
            if exc.errno == errno.EEXIST or target.exists():
                raise FileExistsError(str(target)) from exc
            raise
        return
    assert isinstance(temp, Path) and isinstance(target, Path)
    if os.name == "nt":
        _retry(lambda: os.rename(temp, target))
        return
    try:
        # link() refuses an existing name where rename() would overwrite it (POSIX).
        _retry(lambda: os.link(temp, target))
    except FileExistsError:
        raise
    except OSError:
        # Filesystems without hard links (some shares): a rename after the
        # existence check; only this device writes its names anyway.
        _retry(lambda: os.rename(temp, target))


def _replace(temp: SharePath, target: SharePath) -> None:
    if isinstance(temp, SmbPath) and isinstance(target, SmbPath):
        _retry(lambda: temp.replace_to(target))
        return
    assert isinstance(temp, Path) and isinstance(target, Path)
    _retry(lambda: os.replace(temp, target))


def publish_file(
    target: SharePath,
    data: bytes,
    *,
    replace: bool,
    verify: Callable[[bytes], bool] | None = None,
) -> bool:
    """Put ``data`` at ``target`` through a temp file. ``replace=False`` never
    overwrites (immutable files: returns False when the name exists). After the
    rename the file is read back and checked (``verify`` or byte equality). Folders
    are made here only *inside* an existing share root: when the share has gone
    (unmounted mid-sync) nothing is created in its place."""
    folder = target.parent
    root = next((p for p in target.parents if p.name == ROOT_NAME), None)
    if root is None or not root.is_dir():
        raise ShareUnavailable("общая папка школы пропала (сеть или диск отключены)")
    folder.mkdir(parents=True, exist_ok=True)
    temp = _write_temp(folder, data)
    try:
        if replace:
            _replace(temp, target)
        else:
            if target.exists():
                return False
            try:
                _rename_new(temp, target)
            except FileExistsError:
                return False
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _fsync_dir(folder)
    back = read_bytes(target)
    ok = back is not None and (verify(back) if verify is not None else back == data)
    if not ok:
        raise OSError(f"re-read of {target.name} did not verify")
    return True


def create_share_root(layout: ShareLayout) -> None:
    """The only place the share root is created (``share init``): the chosen folder
    itself must already exist — an unmounted share must not be mistaken for an empty
    one and filled."""
    if not layout.base.is_dir():
        raise ShareUnavailable(f"папка {layout.base} не найдена или недоступна")
    layout.root.mkdir(exist_ok=True)


def require_root(layout: ShareLayout) -> None:
    if not layout.base.is_dir():
        raise ShareUnavailable(f"Папка общего ресурса {layout.base} недоступна (не подключена?).")
    if not layout.marker.is_file():
        raise ShareUnavailable(
            f"В папке {layout.base} нет общей папки школы (метка не найдена)."
        )


def iter_files(folder: SharePath) -> Iterator[SharePath]:
    with contextlib.suppress(OSError):
        yield from sorted(p for p in folder.iterdir() if p.is_file())
