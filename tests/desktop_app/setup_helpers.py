"""Helpers for the set-up screen tests: an administrator's main window on the demo
school, and waiting for a set-up window's snapshot."""

from __future__ import annotations

from typing import Any

from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main

WAIT = 30_000


def signed_main(qtbot: Any, make_controller: Any, who: str = "admin") -> Any:
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO[who])
    wait_main(qtbot, controller)
    return controller.main


def reloaded(qtbot: Any, main: Any, before: Any) -> None:
    """Wait until the main window shows a home snapshot newer than ``before``."""
    qtbot.waitUntil(lambda: main.home is not None and main.home is not before, timeout=WAIT)


def checklist(main: Any) -> Any:
    from desktop_app.setup.checklist import SetupChecklist

    page = main.ui.pageStack.widget(main.section_keys.index("school"))
    return page.findChild(SetupChecklist)
