"""A guard against a PySide6 6.12 defect on CPython 3.11: every call of a Qt method
that returns nothing (``setText``, ``fillRect``…) and every None carried through a
QVariant drops one reference to ``None`` without having taken it. A painted journal
grid makes thousands of such calls per repaint, so after a few dozen repaints
CPython aborts with «none_dealloc: deallocating None».

CPython 3.12+ makes ``None`` immortal, so there it is harmless. On older versions we
give ``None`` a reference count so large it can never reach zero (``None`` is a
static object that is never freed anyway). Call :func:`pin_none` once at start-up;
calling it again does nothing.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = False
_BALLAST = 1 << 40


def pin_none() -> None:
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    ctypes.c_ssize_t.from_address(id(None)).value += _BALLAST
    _PINNED = True
