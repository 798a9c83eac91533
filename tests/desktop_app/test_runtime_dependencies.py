"""The installed program runs from its runtime dependencies alone.

The development extras (pytest, hypothesis, mypy, ruff, …) are installed in the
developers' venv, so an accidental ``import hypothesis`` in the program passes every other
test and fails only for a user. Here the program runs in a child interpreter whose
import system refuses every module that only the ``dev`` and ``installer`` extras
bring: every module of ``database`` and ``desktop_app`` is imported, then each
command of the command line runs on a copy of the tiny demo school.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from database.demo import DEMO_PASSWORDS
from database.paths import SchoolPaths
from desktop_app.cli import PASSWORD_ENV

ROOT = Path(__file__).resolve().parents[2]

# Run in the child: a finder first on sys.meta_path that refuses the blocked top-level
# modules exactly as a venv without them would (ModuleNotFoundError), then the steps.
CHILD = r"""
import importlib, json, pkgutil, sys

blocked = frozenset(json.loads(sys.argv[1]))

class RefuseDevOnly:
    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {fullname!r} (dev only)", name=fullname)
        return None

sys.meta_path.insert(0, RefuseDevOnly())
for name in blocked:
    assert name not in sys.modules, name  # nothing brought it in before the finder

step = sys.argv[2]
if step == "import-all":
    import database, desktop_app
    for package in (database, desktop_app):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            # Alembic loads the migrations as scripts; __main__ would run the program.
            if ".migrations." not in info.name and not info.name.endswith(".__main__"):
                importlib.import_module(info.name)
    print("imported")
else:  # a list of command lines, run one after another in this process
    from desktop_app.cli import main
    for command in json.loads(step):
        code = main(command)
        if code != 0:
            sys.exit(f"{command[:2]} exited with {code}")
    print("ran")
"""


def _requirement_name(requirement: str) -> str | None:
    """The distribution a requirement names, None when it is for an extra only."""
    if re.search(r"""extra\s*==""", requirement):
        return None
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    return _normal(match.group(0)) if match else None


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(requirements: list[str]) -> set[str]:
    """The named distributions and everything they require, as installed here."""
    seen: set[str] = set()
    todo = [n for n in map(_requirement_name, requirements) if n]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        todo.extend(n for n in map(_requirement_name, requires) if n)
    return seen


def dev_only_modules() -> list[str]:
    """Top-level modules whose every providing distribution only the extras bring."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    # What a new venv holds before anything is installed: pip, and setuptools on 3.11
    # (whose .pth hook is imported at every start).
    runtime = _closure([*project["dependencies"], "pip", "setuptools"])
    dev_only = _closure(extras["dev"] + extras["installer"]) - runtime
    modules = {
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if dists and all(_normal(d) in dev_only for d in dists)
    }
    return sorted(modules)


def test_the_dev_only_list_names_what_the_extras_bring() -> None:
    modules = set(dev_only_modules())
    assert {"pytest", "hypothesis", "mypy", "pytestqt"} <= modules
    # …and nothing the program needs.
    assert not modules & {"PySide6", "sqlalchemy", "reportlab", "openpyxl", "keyring",
                          "argon2", "cryptography", "sqlcipher3", "alembic", "pypdf"}


def _child(step: str, blocked: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env[PASSWORD_ENV] = DEMO_PASSWORDS["admin"]
    return subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(blocked), step],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=False,
    )


def test_every_module_imports_without_the_dev_extras() -> None:
    done = _child("import-all", dev_only_modules())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported"


def test_every_command_runs_without_the_dev_extras(demo_paths: SchoolPaths,
                                                   tmp_path: Path) -> None:
    data = ["--data-dir", str(demo_paths.root), "--user", "admin"]
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ["info", *data],
        ["verify", *data],
        ["backup", *data, "--out", str(out / "backup.zip")],
        ["report", "journal", *data, "--class", "5А", "--out", str(out / "j.pdf")],
        ["report", "summary", *data, "--class", "5А", "--out", str(out / "s.pdf")],
        ["report", "summary", *data, "--class", "5А", "--xlsx", "--out", str(out / "s.xlsx")],
        ["report", "extract", *data, "--class", "5А", "--out", str(out / "e.pdf")],
        ["report", "journal-xlsx", *data, "--class", "5А", "--out", str(out / "j.xlsx")],
    ]
    done = _child(json.dumps(commands), dev_only_modules())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ran")
    for name in ("backup.zip", "j.pdf", "s.pdf", "s.xlsx", "e.pdf", "j.xlsx"):
        assert (out / name).stat().st_size > 0, name


@pytest.mark.parametrize("module", ["hypothesis", "pytest"])
def test_the_child_really_refuses_a_dev_only_module(module: str) -> None:
    """The guard itself: a dev-only import fails in the child, so the tests above
    would catch one in the program."""
    probe = CHILD.replace("step = sys.argv[2]", f"import {module}\nstep = sys.argv[2]")
    done = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(dev_only_modules()), "import-all"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert done.returncode != 0
    assert f"No module named '{module}' (dev only)" in done.stderr
