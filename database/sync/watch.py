"""When to sync: a cheap look at the share often, a full round only when it pays.

A mark typed on one computer should show on the others within half a minute, and
forty idle computers must not keep the school's file server busy. So, by default:

- **publish soon after a commit**: a round :data:`PUBLISH_DELAY_S` after the first
  change not yet sent (further changes in that window ride along);
- **poll the others' heads** every :data:`POLL_INTERVAL_S`: :func:`poll_share` stats
  the marker and each device's ``head.sig`` (and lists the registry and enrolment
  folders) — a few small metadata reads, nothing written. Only when something moved
  are the changed heads read, verified and compared with this computer's cursors; a
  full round runs only when another device announces ops not applied here (or the
  registry or an enrolment request changed);
- **a full round anyway** every :data:`FULL_ROUND_S` (the old 5-minute timer, now a
  safety net);
- **back off while the share is unavailable**: the poll interval doubles with each
  failed look, up to :data:`MAX_BACKOFF_S`, and resets on the first good one; no
  round is attempted against a share that was just found missing.

:class:`SyncSchedule` is the pure decision (times in seconds from any monotonic
clock, so tests drive it with a fake one); the GUI (``desktop_app/sync_bar.py``)
runs its polls and rounds on the database worker.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.changelog import local_device_id
from database.models import SyncCursor, SyncDevice
from database.sync.config import load_config
from database.sync.segments import BadSegment, decode_head
from database.sync.share import (
    ShareLayout,
    SharePath,
    ShareUnavailable,
    list_names,
    read_bytes,
    require_root,
)

PUBLISH_DELAY_S = 3.0
POLL_INTERVAL_S = 10.0
FIRST_LOOK_S = POLL_INTERVAL_S  # after signing in: the first pages load first
FULL_ROUND_S = 300.0
MAX_BACKOFF_S = 300.0

Action = Literal["round", "poll"]
Fingerprint = tuple[tuple[str, int, int], ...]


class SyncSchedule:
    """What to do next, and when. The caller reports what happened:
    :meth:`committed`, :meth:`polled`, :meth:`round_started`, :meth:`round_finished`;
    and asks :meth:`due` (an action now, or how long to wait)."""

    def __init__(self, now: float) -> None:
        self.publish_at: float | None = None
        self.poll_at = now + FIRST_LOOK_S
        self.full_at = now + FULL_ROUND_S
        self.round_wanted = False
        self.failures = 0
        self.fingerprint: Fingerprint | None = None

    def poll_interval(self) -> float:
        if self.failures == 0:
            return POLL_INTERVAL_S
        return float(min(POLL_INTERVAL_S * 2.0 ** self.failures, MAX_BACKOFF_S))

    def committed(self, now: float) -> None:
        """Local changes were committed (the first since the last round sets the
        publish time; later ones ride along)."""
        if self.publish_at is None:
            self.publish_at = now + PUBLISH_DELAY_S

    def polled(self, now: float, fingerprint: Fingerprint | None, news: bool) -> None:
        """A poll ended: ``fingerprint`` None means the share is unavailable."""
        if fingerprint is None:
            self.failures += 1
        else:
            self.failures = 0
            self.fingerprint = fingerprint
            if news:
                self.round_wanted = True
        self.poll_at = now + self.poll_interval()

    def round_started(self, now: float) -> None:
        """A round publishes everything committed before it starts."""
        self.publish_at = None
        self.round_wanted = False

    def round_finished(self, now: float, ok: bool) -> None:
        self.failures = 0 if ok else self.failures + 1
        self.full_at = now + FULL_ROUND_S
        # The round has seen the share as it is now: compare the next poll with that.
        self.fingerprint = None if not ok else self.fingerprint
        self.poll_at = now + self.poll_interval()

    def due(self, now: float) -> tuple[Action | None, float]:
        """(action to start now, None) or (None, seconds until something is due)."""
        if self.failures:
            # The share was missing at the last look: only a poll may touch it, at the
            # backed-off pace; what waits to be published goes once it is back.
            return ("poll", 0.0) if now >= self.poll_at else (None, self.poll_at - now)
        if self.round_wanted or now >= self.full_at:
            return "round", 0.0
        if self.publish_at is not None and now >= self.publish_at:
            return "round", 0.0
        if now >= self.poll_at:
            return "poll", 0.0
        times = [self.poll_at, self.full_at]
        if self.publish_at is not None:
            times.append(self.publish_at)
        return None, max(0.0, min(times) - now)


# --- the cheap look at the share (on the database worker) ------------------------------------


@dataclass(frozen=True)
class PollResult:
    fingerprint: Fingerprint | None  # None: share unavailable
    news: bool  # something a round should fetch
    unavailable: str | None = None


def _stat(path: SharePath) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (0, -1)
    return (found.st_mtime_ns, found.st_size)


_ANY_NAME = re.compile(r".+")


def _listing(folder: SharePath) -> tuple[int, int]:
    """A folder's entries, summarised (a new registry version or enrolment request)."""
    names = list_names(folder, _ANY_NAME)
    return (len(names), zlib.crc32("/".join(names).encode("utf-8")))


def share_fingerprint(layout: ShareLayout, devices: list[str], own: str) -> Fingerprint:
    """Metadata of what other computers write; raises :class:`ShareUnavailable` when
    the share (or its marker) is not there. Reads no file's contents."""
    require_root(layout)
    entries = [
        ("registry", *_listing(layout.registry_dir)),
        ("enrol", *_listing(layout.enrol_dir)),
    ]
    for device in sorted(devices):
        if device != own:
            entries.append((device, *_stat(layout.head(device))))
    return tuple(entries)


def poll_share(session: Session, base: SharePath, previous: Fingerprint | None) -> PollResult:
    """Look at the share; ``news`` when a round has something to do: a device's head
    announces more than was applied here, or the registry or enrolment changed."""
    if load_config(session) is None:
        return PollResult(None, False, "этот компьютер не подключён к общей папке")
    own = str(local_device_id(session))
    keys = {
        device: bytes.fromhex(key)
        for device, key in session.execute(select(SyncDevice.device_id, SyncDevice.sign_key))
    }
    layout = ShareLayout(base)
    try:
        fingerprint = share_fingerprint(layout, list(keys), own)
    except ShareUnavailable as exc:
        return PollResult(None, False, exc.reason)
    except OSError as exc:
        return PollResult(None, False, str(exc))
    if previous is None:
        return PollResult(fingerprint, True)
    before = {entry[0]: entry[1:] for entry in previous}
    changed = [entry[0] for entry in fingerprint if before.get(entry[0]) != entry[1:]]
    if "registry" in changed or "enrol" in changed:
        return PollResult(fingerprint, True)
    if not changed:
        return PollResult(fingerprint, False)
    applied = dict(session.execute(select(SyncCursor.device_id, SyncCursor.last_seq)).all())
    for device in changed:
        announced = _announced(layout, device, keys.get(device))
        if announced is not None and announced > applied.get(device, 0):
            return PollResult(fingerprint, True)
    return PollResult(fingerprint, False)


def _announced(layout: ShareLayout, device: str, sign_key: bytes | None) -> int | None:
    if sign_key is None:
        return None
    raw = read_bytes(layout.head(device))
    if raw is None:
        return None
    try:
        return int(decode_head(raw, sign_key)["seq"])
    except (BadSegment, KeyError, TypeError, ValueError):
        return None


__all__ = [
    "FULL_ROUND_S", "POLL_INTERVAL_S", "PUBLISH_DELAY_S", "PollResult", "SyncSchedule",
    "poll_share", "share_fingerprint",
]
