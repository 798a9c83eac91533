"""Finding the files the app ships (fonts, icon, style, translations), Vorta-style.

One function knows where ``resources/`` is, both in a source checkout and inside a
PyInstaller bundle (where the files are unpacked under ``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """``resource_path("fonts", "DejaVuSans.ttf")`` → the shipped file."""
    return project_root().joinpath("resources", *parts)
