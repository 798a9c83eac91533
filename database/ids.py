"""Identifiers for synchronisable rows.

UUIDv7 sorts by creation time, which keeps B-tree inserts local and makes the
change log readable; records created offline on different computers never collide.
"""

from __future__ import annotations

import uuid

import uuid6


def new_id() -> uuid.UUID:
    """A fresh time-ordered UUID (version 7) as a standard ``uuid.UUID``."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)
