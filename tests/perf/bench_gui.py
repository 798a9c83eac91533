"""GUI start and sign-in figures (offscreen), called from ``tests/perf/bench.py``:

- :func:`start_to_sign_in_seconds` — from process start (a fresh interpreter is
  spawned) to the sign-in dialog shown; target ≤ 1.5 s;
- :func:`sign_in_to_main_seconds` — from pressing «Войти» to the main window usable
  (its sections loaded from the database); target ≤ 1.0 s;
- :func:`gui_timings` — both, as a dict ready for the benchmark JSON.

``python -m tests.perf.bench_gui DATA_DIR [--login L --password P]`` prints that dict.
The main window sees the benchmark's «today» (:data:`tests.perf.clock.BENCH_TODAY`),
the day its schools were built on.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from database.paths import SchoolPaths
from tests.perf.clock import BENCH_TODAY

SHOWN = "sign-in shown"


def _child_env(settings_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SCHOOL_JOURNAL_BENCH_SETTINGS"] = settings_dir
    return env


def _isolate(settings_dir: str) -> None:
    """No remembered sign-in, no real keyring, preferences in a temporary folder."""
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring
    from PySide6.QtCore import QSettings

    keyring.set_keyring(NoKeyring())  # type: ignore[no-untyped-call]
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)


def start_to_sign_in_seconds(paths: SchoolPaths, runs: int = 3) -> float:
    """The best of ``runs`` cold starts of a new interpreter up to the sign-in dialog
    shown (the first run also warms the OS file cache, as any real second start)."""
    best = float("inf")
    with tempfile.TemporaryDirectory() as settings:
        for _ in range(runs):
            start = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.perf.bench_gui", "--child", str(paths.root)],
                stdout=subprocess.PIPE, text=True, env=_child_env(settings),
            )
            assert child.stdout is not None
            line = child.stdout.readline().strip()
            elapsed = time.perf_counter() - start
            child.wait(timeout=60)
            if line != SHOWN:
                raise RuntimeError(f"the sign-in dialog was not shown: {line!r}")
            best = min(best, elapsed)
    return best


def _child(root: str) -> int:
    """In the spawned interpreter: start the app as ``run_gui`` does, report the
    moment the sign-in dialog is on screen, quit."""
    _isolate(os.environ["SCHOOL_JOURNAL_BENCH_SETTINGS"])
    from PySide6.QtCore import QTimer

    from desktop_app.app import AppController, create_application
    from desktop_app.worker import shutdown_worker

    app = create_application([])
    controller = AppController(SchoolPaths(Path(root)), today=lambda: BENCH_TODAY)
    controller.start()

    def report() -> None:
        dialog = controller.dialog
        if dialog is not None and dialog.isVisible():
            print(SHOWN, flush=True)
        else:
            print("no dialog", flush=True)
        app.quit()

    QTimer.singleShot(0, report)
    app.exec()
    shutdown_worker()
    return 0


def sign_in_to_main_seconds(paths: SchoolPaths, login: str, password: str) -> float:
    """In this process: the sign-in dialog filled in, then the time from the click
    to the main window showing its sections."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from desktop_app.app import AppController, create_application
    from desktop_app.dialogs import SignInDialog
    from desktop_app.worker import shutdown_worker

    with tempfile.TemporaryDirectory() as settings:
        _isolate(settings)
        create_application([])
        controller = AppController(paths, today=lambda: BENCH_TODAY)
        controller.start()
        dialog = controller.dialog
        if not isinstance(dialog, SignInDialog):
            raise RuntimeError("the sign-in dialog is not shown")
        dialog.ui.loginEdit.setText(login)
        dialog.ui.passwordEdit.setText(password)
        # The user takes a few seconds to type: let the warm-up imports finish.
        from desktop_app.worker import worker

        while not worker().idle:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        start = time.perf_counter()
        dialog.ui.signInButton.click()
        deadline = start + 120
        while time.perf_counter() < deadline:
            QCoreApplication.processEvents()
            main = controller.main
            if main is not None and main.home is not None:
                break
            if dialog.ui.errorLabel.isVisibleTo(dialog):
                raise RuntimeError(dialog.ui.errorLabel.text())
            time.sleep(0.001)
        else:
            raise RuntimeError("the main window did not open")
        elapsed = time.perf_counter() - start
        assert controller.main is not None
        controller.main.close_for_good()
        controller.main.deleteLater()
        shutdown_worker()
    return elapsed


def gui_timings(paths: SchoolPaths, login: str, password: str) -> dict[str, float]:
    return {
        "gui_start_to_sign_in_s": round(start_to_sign_in_seconds(paths), 3),
        "gui_sign_in_to_main_s": round(sign_in_to_main_seconds(paths, login, password), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin2026")
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.data_dir)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    paths = SchoolPaths(Path(args.data_dir))
    print(json.dumps(gui_timings(paths, args.login, args.password), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
