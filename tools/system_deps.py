#!/usr/bin/env python3
"""Check (and install) the system packages `make run` and `make test` need.

Run by the Makefile before it creates .venv; standard library only, so it runs on a
fresh machine with nothing but Python. What it checks on Debian/Ubuntu:

- the Python that creates .venv is 3.11+ and has ``ensurepip`` (Debian keeps it in
  ``python3.X-venv``; without it ``python3 -m venv`` fails);
- the shared libraries PySide6's wheels do not bundle: the ``xcb`` platform plugin
  (the screen), ``offscreen`` (the tests), Qt Gui (EGL/GL, fontconfig, freetype,
  xkbcommon, GLib, D-Bus) and printing (CUPS). Each is tried with the dynamic loader
  itself (dlopen), so a library that is present but cannot load counts as missing;
- with ``--venv DIR`` (after pip has installed PySide6): also every library ``ldd``
  reports "not found" for Qt's platform plugins, so a newer Qt that needs one more
  library is named too.

When something is missing: as root it installs it with apt-get (non-interactively in
CI); otherwise it runs ``sudo apt-get`` (which asks for the password) when a terminal
is there or sudo needs no password; otherwise it prints the one command that will, and
fails. On other systems (not Linux, or no apt-get) it does nothing.
``SCHOOL_JOURNAL_SKIP_SYSTEM_DEPS=1`` skips it.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

# soname → Debian/Ubuntu packages that provide it, newest naming first (the 64-bit
# time_t transition renamed some: Debian 13, Ubuntu 24.04 use the "t64" names).
# Read from the NEEDED entries of PySide6 6.8–6.11's libqxcb.so, libqoffscreen.so,
# xcbglintegrations, libQt6XcbQpa/Gui/Core/DBus and libcupsprintersupport.so.
LIBRARIES: dict[str, tuple[str, ...]] = {
    # Qt Core, Gui, DBus — every platform, the offscreen one of the tests too
    "libglib-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libz.so.1": ("zlib1g",),
    "libzstd.so.1": ("libzstd1",),
    "libdbus-1.so.3": ("libdbus-1-3",),
    "libfontconfig.so.1": ("libfontconfig1",),  # brings fontconfig-config and a font
    "libfreetype.so.6": ("libfreetype6",),
    "libEGL.so.1": ("libegl1",),
    "libGL.so.1": ("libgl1",),
    "libX11.so.6": ("libx11-6",),
    "libxkbcommon.so.0": ("libxkbcommon0",),
    # the xcb platform plugin (a real screen); Qt ≥ 6.5 needs xcb-cursor
    "libX11-xcb.so.1": ("libx11-xcb1",),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0",),
    "libxcb.so.1": ("libxcb1",),
    "libxcb-cursor.so.0": ("libxcb-cursor0",),
    "libxcb-glx.so.0": ("libxcb-glx0",),
    "libxcb-icccm.so.4": ("libxcb-icccm4",),
    "libxcb-image.so.0": ("libxcb-image0",),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1",),
    "libxcb-randr.so.0": ("libxcb-randr0",),
    "libxcb-render.so.0": ("libxcb-render0",),
    "libxcb-render-util.so.0": ("libxcb-render-util0",),
    "libxcb-shape.so.0": ("libxcb-shape0",),
    "libxcb-shm.so.0": ("libxcb-shm0",),
    "libxcb-sync.so.1": ("libxcb-sync1",),
    "libxcb-util.so.1": ("libxcb-util1",),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0",),
    "libxcb-xkb.so.1": ("libxcb-xkb1",),
    # printing from the report window
    "libcups.so.2": ("libcups2t64", "libcups2"),
}

PLUGINS = ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
           "xcbglintegrations/*.so", "printsupport/*.so")


@dataclass(frozen=True)
class Missing:
    needs: list[tuple[str, ...]]  # per missing piece, the packages that provide it
    unknown: list[str]  # missing libraries no package is known for
    python_too_old: bool = False


# --- what is missing ---------------------------------------------------------------------


def loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def venv_package() -> str | None:
    """The package ``python -m venv`` needs on Debian/Ubuntu (ensurepip), if absent."""
    if importlib.util.find_spec("ensurepip") is not None:
        return None
    major, minor = sys.version_info[:2]
    return f"python{major}.{minor}-venv"


def not_found_by_ldd(venv: str) -> set[str]:
    """Libraries the dynamic loader cannot find for Qt's plugins in ``venv``."""
    pattern = os.path.join(venv, "lib", "python3*", "site-packages", "PySide6", "Qt", "plugins")
    found: set[str] = set()
    ldd = shutil.which("ldd")
    if ldd is None:
        return found
    for plugins in glob.glob(pattern):
        for relative in PLUGINS:
            for plugin in glob.glob(os.path.join(plugins, relative)):
                done = subprocess.run([ldd, plugin], capture_output=True, text=True,
                                      check=False)
                for line in done.stdout.splitlines():
                    name, _, where = line.strip().partition(" => ")
                    if where.strip() == "not found":
                        found.add(name)
    return found


def find_missing(venv: str | None) -> Missing:
    if sys.version_info < (3, 11):  # noqa: UP036 (the script tells an older Python so)
        return Missing([], [], python_too_old=True)
    needs: list[tuple[str, ...]] = []
    package = venv_package()
    if package:
        needs.append((package,))
    missing = {soname for soname in LIBRARIES if not loads(soname)}
    if venv:
        missing |= not_found_by_ldd(venv)
    unknown = sorted(missing - LIBRARIES.keys())
    for soname in sorted(missing & LIBRARIES.keys()):
        if LIBRARIES[soname] not in needs:
            needs.append(LIBRARIES[soname])
    return Missing(needs, unknown)


def apt_known(names: Sequence[str]) -> set[str]:
    """Which of ``names`` the package lists know (none before the first apt update)."""
    done = subprocess.run(["apt-cache", "show", "--no-all-versions", *names],
                          capture_output=True, text=True, check=False)
    return {line.split(":", 1)[1].strip() for line in done.stdout.splitlines()
            if line.startswith("Package:")}


def choose(needs: Sequence[tuple[str, ...]], known: set[str]) -> list[str]:
    """One package per need: the first name the package lists know, else the old
    spelling (the "t64" packages provide it, so apt takes that name too)."""
    chosen: list[str] = []
    for candidates in needs:
        name = next((p for p in candidates if p in known), candidates[-1])
        if name not in chosen:
            chosen.append(name)
    return chosen


# --- how to install -----------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How to get root for apt-get: "" (already root), "sudo", "sudo -n", or None
    when only a printed command can help."""

    prefix: str | None
    interactive: bool


def plan(*, is_root: bool, has_terminal: bool, in_ci: bool, sudo: bool,
         sudo_without_password: bool) -> Plan:
    if is_root:
        return Plan("", interactive=not in_ci and has_terminal)
    if sudo and sudo_without_password:
        return Plan("sudo -n", interactive=False)
    if sudo and has_terminal and not in_ci:
        return Plan("sudo", interactive=True)
    return Plan(None, interactive=False)


APT = ["apt-get", "-o", "DPkg::Lock::Timeout=300"]


def one_command(packages: Sequence[str]) -> str:
    inner = (f"{shlex.join([*APT, 'update'])} && "
             f"{shlex.join([*APT, 'install', '-y', '--no-install-recommends', *packages])}")
    return f"sudo sh -c {shlex.quote(inner)}"


def install(needs: Sequence[tuple[str, ...]], how: Plan) -> bool:
    # sudo resets the environment: the front end is passed through env(1).
    prefix = shlex.split(how.prefix or "")
    if not how.interactive:
        prefix += ["env", "DEBIAN_FRONTEND=noninteractive"]

    def run(command: list[str]) -> bool:
        print("system-deps: " + shlex.join(prefix + command), file=sys.stderr, flush=True)
        return subprocess.run(prefix + command, check=False).returncode == 0

    if not run([*APT, "update"]):
        return False
    # The names this system's fresh package lists use (with or without "t64").
    packages = choose(needs, apt_known(sorted({p for c in needs for p in c})))
    return run([*APT, "install", "-y", "--no-install-recommends", *packages])


# --- main ---------------------------------------------------------------------------------


def applies() -> bool:
    return sys.platform.startswith("linux") and shutil.which("apt-get") is not None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", help="also check the Qt plugins installed in this venv")
    parser.add_argument("--check", action="store_true",
                        help="only report what is missing (exit 1 if anything is)")
    args = parser.parse_args(argv)
    if os.environ.get("SCHOOL_JOURNAL_SKIP_SYSTEM_DEPS") == "1" or not applies():
        return 0
    missing = find_missing(args.venv)
    if missing.python_too_old:
        print(f"system-deps: {sys.executable} is Python {sys.version.split()[0]}; "
              "School Journal needs 3.11 or newer. Install it (e.g. "
              "`sudo apt-get install python3.11 python3.11-venv`) and run "
              "`make PYTHON=python3.11 ...`.", file=sys.stderr)
        return 1
    for soname in missing.unknown:
        print(f"system-deps: Qt needs {soname}, which no known package provides here; "
              f"`apt-file search {soname}` names it.", file=sys.stderr)
    if not missing.needs:
        return 1 if missing.unknown else 0
    packages = choose(missing.needs, apt_known(sorted({p for c in missing.needs for p in c})))
    print("system-deps: missing system packages: " + " ".join(packages), file=sys.stderr)
    if args.check:
        return 1
    sudo = shutil.which("sudo") is not None
    how = plan(
        is_root=os.geteuid() == 0,
        has_terminal=sys.stdin.isatty(),
        in_ci=os.environ.get("CI", "").lower() in ("true", "1"),
        sudo=sudo,
        sudo_without_password=sudo and subprocess.run(
            ["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0,
    )
    if how.prefix is None or not install(missing.needs, how):
        print("system-deps: install them with:\n    " + one_command(packages),
              file=sys.stderr)
        return 1
    left = find_missing(args.venv)
    if left.needs or left.unknown:
        still = [c[-1] for c in left.needs] + left.unknown
        print("system-deps: still missing after apt-get: " + " ".join(still), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
