"""Crash-safe file replacement for key slots and backups.

A key slot is the only copy of a user's wrapped data key: a half-written slot after a
power cut would lock that user out. So every such file is written to a temporary file
in the *same* folder (``os.replace`` is atomic only within one filesystem), flushed
and fsynced, renamed over the old file, and then the folder itself is fsynced so the
rename survives a crash too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable. Windows cannot open a folder
    for fsync (and NTFS journals renames itself), so there it is a no-op."""
    if os.name == "nt":
        return
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some filesystems (network shares, some FUSE mounts) refuse fsync on a
        # folder; the data itself has already been fsynced.
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(target: Path, suffix: str = ".tmp") -> Iterator[IO[bytes]]:
    """Yield a binary file; when the block ends without error, the file replaces
    ``target`` atomically. On error the temporary file is removed and ``target`` is
    untouched."""
    directory = target.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(directory)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_writer(target) as handle:
        handle.write(data)

