"""Template schools: built once per test run, copied for every test (Anki's
``getEmptyCol``).

A template is a folder made by a builder function plus the builder's (pickled)
result, e.g. the ids of what it wrote. It lives in a folder shared by all pytest-xdist
workers of the run (the parent of each worker's base temporary folder), and its build
is guarded by a file lock there, so the first worker that needs it builds it and the
others wait for it and reuse it. The folder's name carries a hash of the code that
builds schools, so a template is never reused across code changes even when the
base folder is (``--basetemp``).

Tests never open a template itself, only copies (``copy_school_files``): a test that
changes its copy changes nothing another test sees.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pytest
from filelock import FileLock

T = TypeVar("T")

_REPO = Path(__file__).resolve().parent.parent
# What a template's content depends on: the data layer (models, migrations, the demo
# generator and its name lists) and the test modules holding the builders.
_KEYED = ("database", "tests/templates.py", "tests/conftest.py", "tests/database/conftest.py",
          "tests/database/_auth_school.py")


@cache
def code_key() -> str:
    """A short hash of every file the templates are built from."""
    digest = hashlib.sha256()
    for name in _KEYED:
        root = _REPO / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(_REPO)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's template folder, the same for every xdist worker."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Each worker's base is <run>/popen-gwN; <run> is shared by the run.
        base = base.parent
    folder = base / f"templates-{code_key()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# One load per process: the pickled result of each template already read.
_loaded: dict[Path, Any] = {}


def template(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]
) -> tuple[Path, T]:
    """The folder ``build(folder)`` filled (once per run) and what it returned."""
    root = shared_folder(tmp_path_factory)
    folder = root / name
    done = root / f"{name}.pickle"
    if done in _loaded:
        return folder, _loaded[done]
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            if folder.exists():  # left by a build that failed halfway
                shutil.rmtree(folder)
            folder.mkdir()
            result = build(folder)
            partial = done.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(result))
            partial.replace(done)  # the marker appears only once the build is complete
    value = pickle.loads(done.read_bytes())
    _loaded[done] = value
    return folder, value


def copy_school_files(source: Path, target: Path) -> Path:
    """Copy a template's folder (database, key slots, …) to ``target``."""
    shutil.copytree(source, target)
    return target
