"""``tools/system_deps.py``: what it finds missing, and how it gets it installed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("system_deps", ROOT / "tools" / "system_deps.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["system_deps"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


deps = _load()


def _plan(**overrides: bool) -> Any:
    given = {"is_root": False, "has_terminal": False, "in_ci": False, "sudo": False,
             "sudo_without_password": False, **overrides}
    return deps.plan(**given)


def test_root_installs_itself_non_interactively_in_ci() -> None:
    assert _plan(is_root=True, in_ci=True, has_terminal=True) == deps.Plan("", False)
    assert _plan(is_root=True, has_terminal=True) == deps.Plan("", True)


def test_a_user_gets_sudo_with_a_prompt_only_at_a_terminal() -> None:
    assert _plan(sudo=True, has_terminal=True) == deps.Plan("sudo", True)
    assert _plan(sudo=True, has_terminal=True, sudo_without_password=True) == \
        deps.Plan("sudo -n", False)
    # no terminal and a password needed, in CI too: only the printed command helps
    assert _plan(sudo=True).prefix is None
    assert _plan(sudo=True, has_terminal=True, in_ci=True).prefix is None
    assert _plan(has_terminal=True).prefix is None


def test_the_names_the_package_lists_know_are_chosen() -> None:
    needs = [("libglib2.0-0t64", "libglib2.0-0"), ("libxcb-icccm4",),
             ("libglib2.0-0t64", "libglib2.0-0")]
    assert deps.choose(needs, {"libglib2.0-0t64", "libxcb-icccm4"}) == \
        ["libglib2.0-0t64", "libxcb-icccm4"]
    # before any `apt-get update`: the old spelling, which the t64 packages provide
    assert deps.choose(needs, set()) == ["libglib2.0-0", "libxcb-icccm4"]


def test_the_printed_command_updates_then_installs() -> None:
    command = deps.one_command(["libxcb-icccm4", "libxcb-keysyms1"])
    assert command.startswith("sudo sh -c '")
    assert "apt-get -o DPkg::Lock::Timeout=300 update && " in command
    assert command.endswith("install -y --no-install-recommends libxcb-icccm4 "
                            "libxcb-keysyms1'")


def test_a_library_that_does_not_load_is_missing() -> None:
    assert deps.loads("libc.so.6")
    assert not deps.loads("libschool-journal-no-such.so.1")


def test_nothing_is_missing_for_the_qt_in_this_venv() -> None:
    """The machine that runs the tests has what the checker asks for (so the table
    names libraries that exist), and ldd finds every library of Qt's plugins."""
    venv = Path(sys.prefix)
    assert deps.not_found_by_ldd(str(venv)) == set()
    assert deps.find_missing(str(venv)) == deps.Missing([], [])


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_systems_are_left_alone(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps.sys, "platform", platform)
    assert not deps.applies()
    assert deps.main([]) == 0


def test_without_root_or_sudo_the_one_command_is_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(deps, "applies", lambda: True)
    monkeypatch.setattr(deps, "find_missing", lambda venv: deps.Missing(
        [("python3.11-venv",), ("libxcb-cursor0",)], []))
    monkeypatch.setattr(deps, "apt_known", lambda names: set())
    monkeypatch.setattr(deps.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(deps.shutil, "which", lambda name: None)  # no sudo
    ran: list[object] = []

    def install(*args: object) -> bool:
        ran.append(args)
        return True

    monkeypatch.setattr(deps, "install", install)
    monkeypatch.delenv("SCHOOL_JOURNAL_SKIP_SYSTEM_DEPS", raising=False)
    assert deps.main([]) == 1
    assert ran == []
    err = capsys.readouterr().err
    assert "missing system packages: python3.11-venv libxcb-cursor0" in err
    assert deps.one_command(["python3.11-venv", "libxcb-cursor0"]) in err
