"""First start: no school yet → the first-start dialog creates one and signs the
administrator in; the recovery key is shown once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from database.auth import sign_in
from database.paths import SchoolPaths
from desktop_app.dialogs import FirstStartDialog
from tests.desktop_app.conftest import wait_main


def test_first_start_creates_a_school(qtbot, make_controller, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = SchoolPaths(tmp_path / "fresh")
    controller = make_controller(paths)
    dialog = controller.dialog
    assert isinstance(dialog, FirstStartDialog)
    ui = dialog.ui
    ui.fullNameEdit.setText("Муниципальное бюджетное общеобразовательное учреждение «Школа № 3»")
    ui.shortNameEdit.setText("Школа № 3")
    ui.directorEdit.setText("Петрова Анна Ивановна")
    ui.deviceNameEdit.setText("Приёмная")
    ui.loginEdit.setText("director")

    # Mismatched passwords are caught in the dialog.
    qtbot.keyClicks(ui.passwordEdit, "long-enough-1")
    qtbot.keyClicks(ui.repeatEdit, "long-enough-2")
    dialog.submit()
    assert ui.errorLabel.isVisibleTo(dialog)
    assert not paths.exists()

    ui.repeatEdit.clear()
    qtbot.keyClicks(ui.repeatEdit, "long-enough-1")
    dialog.submit()
    wait_main(qtbot, controller)
    main = controller.main
    assert main.section_keys == ["school", "journals", "reports", "administration"]
    assert "Петрова Анна Ивановна" in main.user_label.text()
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "-" in boxes[0].text()  # the recovery key, shown once
    for box in boxes:
        box.close()

    signed = sign_in(paths, "director", "long-enough-1")
    assert signed.school_name == "Школа № 3"
    signed.close()


def test_first_start_offers_the_demo_school(qtbot, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # (Not through the controller: that would build the full demo school.)
    dialog = FirstStartDialog(SchoolPaths(tmp_path / "fresh"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.demoRequested):
        dialog.ui.demoButton.click()
