"""The data layer stays Qt-free: importing every module under ``database`` loads no
PySide6 (checked in a fresh interpreter, since this test process may have Qt)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import database
for module in pkgutil.walk_packages(database.__path__, "database."):
    if ".migrations." in module.name:
        continue  # Alembic scripts are loaded by Alembic, not imported
    importlib.import_module(module.name)
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print(",".join(qt))
"""


def test_importing_every_database_module_loads_no_pyside6() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Qt modules imported: {result.stdout}"
