"""What the status bar says about synchronisation: one read, Qt-free, on the worker.

:func:`read_share_state` combines the database's :class:`~database.sync.round.SyncStatus`
(last successful round, ops waiting, conflicts, refused ops) with a look at the share
itself: a missing, foreign or unsigned marker is "share unavailable" with the reason.
Looking only reads the marker; nothing is written or created on the share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from database.sync.config import load_config, share_pointer
from database.sync.registry import check_marker
from database.sync.round import SyncStatus, os_reason, sync_status
from database.sync.share import ShareLayout, SharePath, ShareUnavailable

NO_POINTER = "не указана общая папка школы (подключите компьютер заново)"
# Short enough for the status bar; the folder itself is in ``ShareState.share``.
NOT_REACHABLE = "сеть или диск не подключены"


@dataclass(frozen=True)
class ShareState:
    status: SyncStatus
    share: SharePath | None
    unavailable: str | None  # why the share cannot be used now (Russian); None when usable

    @property
    def joined(self) -> bool:
        return self.status.joined


def share_folder(session: Session, school_root: Path) -> SharePath | None:
    """The share this computer syncs with, or None if it has not joined one."""
    if load_config(session) is None:
        return None
    return share_pointer(school_root)


def read_share_state(session: Session, school_root: Path) -> ShareState:
    status = sync_status(session)
    config = load_config(session)
    if config is None:
        return ShareState(status, None, None)
    base = share_pointer(school_root)
    if base is None:
        return ShareState(status, None, NO_POINTER)
    try:
        if not base.is_dir():
            return ShareState(status, base, NOT_REACHABLE)
        check_marker(ShareLayout(base), config.root_key, config.share_id)
    except ShareUnavailable as exc:
        return ShareState(status, base, exc.reason)
    except OSError as exc:
        return ShareState(status, base, os_reason(exc))
    return ShareState(status, base, None)
