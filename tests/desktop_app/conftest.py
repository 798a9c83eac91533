"""GUI test fixtures (Vorta/Spyder style): offscreen Qt, an in-memory keyring,
QSettings in a temporary folder, recorded message boxes, and a demo school copied
per test from the run's one template (Anki's ``getEmptyCol``; tests/conftest.py)."""

from __future__ import annotations

import os

# Before any Qt import: no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from database.paths import SchoolPaths
from desktop_app.build_forms import ensure_built
from tests.conftest import DEMO_TODAY, copy_demo

ensure_built()

TODAY = DEMO_TODAY


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict (never the developer's real keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError(username)
        del self.entries[(service, username)]


class BrokenKeyring(KeyringBackend):
    """A keyring that fails like a missing Secret Service does."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("no backend")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def qsettings_in_tmp(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))


@dataclass
class Recorded:
    """Message boxes the code under test tried to show."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    confirm_answer: bool = True

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def recorded_messages(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    from desktop_app import messages

    recorded = Recorded()
    for kind in ("info", "warning", "critical"):
        monkeypatch.setattr(
            messages, kind, lambda parent, text, kind=kind: recorded.shown.append((kind, text))
        )

    def confirm(parent: object, text: str) -> bool:
        recorded.shown.append(("confirm", text))
        return recorded.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)
    return recorded


@pytest.fixture
def demo_paths(demo_template: SchoolPaths, tmp_path: Path) -> SchoolPaths:
    """A private copy of the run's tiny demo school (``demo_template``, tests/conftest.py)."""
    return copy_demo(demo_template, tmp_path / "school")


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication set up as the program sets it up (style, translations)."""
    from desktop_app.app import create_application

    return create_application([])


@pytest.fixture(autouse=True)
def _stop_worker() -> Iterator[None]:
    """After each test: the database worker stopped, and every window the test left
    behind deleted. Leftover windows (a closed main window is only hidden) would pile
    up over the run, and ``create_application`` restyles and retranslates every
    existing widget: by the end of a run the ``app`` fixture alone took a minute."""
    yield
    from desktop_app.worker import shutdown_worker

    shutdown_worker()
    _delete_leftover_widgets()


def _delete_leftover_widgets() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


DEMO = {
    "admin": ("admin", "admin2026"),
    "sysadmin": ("sysadmin", "sysadmin2026"),
    "class_teacher": ("pavlova.lg", "teacher2026"),  # class teacher of 5 «А»
    "teacher": ("tikhomirova.ns", "teacher2026"),
    "student": ("s.vasilev.zm", "student2026"),
    "parent": ("p.vasileva.aa", "parent2026"),
}


@pytest.fixture
def make_controller(app, demo_paths):  # type: ignore[no-untyped-def]
    """``make_controller(paths=None)`` → a started AppController; its windows are
    closed after the test."""
    from desktop_app.app import AppController

    made: list[AppController] = []

    def make(paths: SchoolPaths | None = None, **kwargs: object) -> AppController:
        controller = AppController(paths or demo_paths, today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]
        controller.start()
        made.append(controller)
        return controller

    yield make
    for controller in made:
        if controller.main is not None:
            controller.main.close_for_good()
        if controller.dialog is not None:
            controller.dialog.close()


def sign_in_with_dialog(qtbot, controller, login: str, password: str,  # type: ignore[no-untyped-def]
                        *, remember: bool = False) -> None:
    from PySide6.QtCore import Qt

    from desktop_app.dialogs import SignInDialog

    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog)
    dialog.ui.loginEdit.clear()
    qtbot.keyClicks(dialog.ui.loginEdit, login)
    dialog.ui.passwordEdit.clear()
    qtbot.keyClicks(dialog.ui.passwordEdit, password)
    if remember:
        assert dialog.ui.rememberCheck.isVisibleTo(dialog)
        dialog.ui.rememberCheck.setChecked(True)
    qtbot.mouseClick(dialog.ui.signInButton, Qt.MouseButton.LeftButton)


def wait_main(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: controller.main is not None and controller.main.home is not None,
        timeout=60_000,
    )


@pytest.fixture(autouse=True)
def russian_number_format() -> Iterator[None]:
    """Numbers as the program shows them by default («4,50»), whichever test ran first
    in this process (QLocale's default is process-wide)."""
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    yield
