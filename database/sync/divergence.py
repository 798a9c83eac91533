"""The state digest in heads, and divergence shown when two computers disagree.

Every head carries ``digest`` and ``digest_at``: the state digest of this computer and
the frontier it is the digest of (per device, the last seq applied — its own: the last
published). Two computers at the same frontier have applied the same ops, so their
digests must be equal (Anki's post-sync check); when they are not, the sync report
and the status say so instead of carrying on silently.

The digest reads every synchronised row (about 3 s of CPU for the ``school`` demo on
a slow machine), so it is computed only in a *quiet* round (nothing published or
applied: the school has settled), only when the frontier has moved since the last
one, and at most every :data:`DIGEST_EVERY_MS`; in other rounds the head repeats the
last digest with its own older frontier. With unpublished changes of its own the
state matches no frontier, and nothing new is computed. Heads are compared in quiet
rounds only, too.

It is read on a connection of its own in one read transaction
(:func:`frontier_digest`): the frontier and every row of one WAL snapshot, so the
GUI computes it in short steps between the user's saves (a mark saved meanwhile is
in a later state, not in this digest) and the value is the one a single pass gives.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from database.changelog import META_CHAIN_HEAD, _get_meta
from database.sync.apply import cursors
from database.sync.config import get_meta, set_meta
from database.sync.digest import digest_steps
from database.sync.publish import published_position
from database.sync.registry import Registry
from database.sync.segments import BadSegment, decode_head
from database.sync.share import ShareLayout, read_bytes

META_DIGEST = "sync_digest"  # {"at": {device: seq}, "digest": hex, "ms": when computed}
META_DIVERGENCE = "sync_divergence"  # [Russian text, ...] from the last comparison


def frontier(session: Session, own: str) -> dict[str, int] | None:
    """What this computer's state is made of, or None with unpublished changes."""
    seq, _ = published_position(session)
    head = _get_meta(session, META_CHAIN_HEAD)
    if (0 if head is None else int(head.split(":")[0])) != seq:
        return None
    found = {d: s for d, s in cursors(session).items() if s > 0}
    if seq > 0:
        found[own] = seq
    return found


DIGEST_EVERY_MS = 3600 * 1000


Digest = tuple[dict[str, int], str]  # (frontier, state digest at it)


def _stored(session: Session) -> tuple[dict[str, int], str, int]:
    stored = json.loads(get_meta(session, META_DIGEST) or '{"at": {}, "digest": ""}')
    at = {str(k): int(v) for k, v in stored["at"].items()}
    return at, str(stored["digest"]), int(stored.get("ms", 0))


def _now(now_ms: int | None) -> int:
    return int(time.time() * 1000) if now_ms is None else now_ms


def digest_due(
    session: Session, own: str, *, quiet: bool, now_ms: int | None = None,
) -> bool:
    """Whether a new digest is to be computed now (see the module doc)."""
    at, digest, ms = _stored(session)
    if not quiet or (digest and _now(now_ms) - ms < DIGEST_EVERY_MS):
        return False
    found = frontier(session, own)
    return found is not None and found != at


def frontier_digest(
    engine: Engine, own: str, step_s: Callable[[], float | None] | None = None,
) -> Generator[None, None, Digest | None]:
    """The frontier and the state digest of one read snapshot, on a connection of its
    own, yielding every ``step_s()`` seconds of CPU (see
    :func:`database.sync.digest.digest_steps`); None when the state matches no
    frontier (changes of this computer's not yet published). Closing the generator
    between steps ends the read; nothing is written."""
    with engine.connect() as connection, connection.begin():
        with Session(bind=connection) as session:  # joins the read, ends nothing
            found = frontier(session, own)
        if found is None:
            return None
        digest = yield from digest_steps(connection.connection.driver_connection,
                                         step_s=step_s)
        return found, digest


def head_digest(
    session: Session, computed: Digest | None = None, now_ms: int | None = None,
) -> Digest:
    """The digest to announce and its frontier: ``computed`` (stored for the next
    rounds) or the last one stored."""
    if computed is not None:
        at, digest = computed
        set_meta(session, {META_DIGEST: json.dumps(
            {"at": at, "digest": digest, "ms": _now(now_ms)}, sort_keys=True)})
        return computed
    at, digest, _ = _stored(session)
    return at, digest


def compare_heads(
    session: Session, layout: ShareLayout, registry: Registry, own: str,
    at: dict[str, int], digest: str, *, quiet: bool,
) -> list[str]:
    """Devices whose head announces a different digest for the same frontier; stored
    for the status (the list is replaced by every comparison)."""
    if not digest or not quiet:
        return stored_divergence(session)
    problems = []
    for device in sorted(registry.active(), key=lambda d: d.device_id):
        if device.device_id == own:
            continue
        raw = read_bytes(layout.head(device.device_id))
        if raw is None:
            continue
        try:
            body = decode_head(raw, device.sign_key)
            theirs_at = {str(k): int(v) for k, v in dict(body.get("digest_at") or {}).items()}
            theirs = str(body.get("digest") or "")
        except (BadSegment, TypeError, ValueError):
            continue
        if theirs and theirs_at == at and theirs != digest:
            problems.append(
                f"данные компьютера «{device.name}» расходятся с данными этого компьютера "
                "после приёма одних и тех же изменений; сообщите администрации"
            )
    set_meta(session, {META_DIVERGENCE: json.dumps(problems, ensure_ascii=False)})
    return problems


def stored_divergence(session: Session) -> list[str]:
    return list(json.loads(get_meta(session, META_DIVERGENCE) or "[]"))
