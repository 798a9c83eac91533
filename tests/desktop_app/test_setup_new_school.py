"""A new school from the first start through the set-up screens: the checklist of
the empty school, then the school card, the year with its periods, the holidays and
the bells — each step turning done on the checklist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from database.paths import SchoolPaths
from desktop_app.dialogs import FirstStartDialog
from desktop_app.setup.checklist import SetupChecklist
from desktop_app.setup.school_card import SchoolCardWindow
from desktop_app.setup.school_year import SchoolYearWindow
from desktop_app.setup.year_dialogs import YearDialog
from tests.desktop_app.conftest import wait_main
from tests.desktop_app.setup_helpers import WAIT, checklist, reloaded


def create_school(qtbot, make_controller, root: Path):  # type: ignore[no-untyped-def]
    controller = make_controller(SchoolPaths(root))
    dialog = controller.dialog
    assert isinstance(dialog, FirstStartDialog)
    ui = dialog.ui
    ui.fullNameEdit.setText("Муниципальное бюджетное общеобразовательное учреждение "
                            "«Средняя школа № 3»")
    ui.shortNameEdit.setText("Школа № 3")
    ui.directorEdit.setText("Петрова Анна Ивановна")
    ui.deviceNameEdit.setText("Приёмная")
    ui.loginEdit.setText("director")
    ui.passwordEdit.setText("long-enough-1")
    ui.repeatEdit.setText("long-enough-1")
    ui.createButton.click()
    wait_main(qtbot, controller)
    for box in QApplication.topLevelWidgets():  # the recovery key, shown once
        if isinstance(box, QMessageBox):
            box.close()
    return controller.main


def done_steps(main) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.key for s in main.home.setup.steps if s.done}


def all_texts(widget) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_a_new_school_is_set_up_through_the_screens(  # type: ignore[no-untyped-def]
    qtbot, make_controller, tmp_path: Path
) -> None:
    main = create_school(qtbot, make_controller, tmp_path / "fresh")

    # The empty school: a checklist that says what to do, no misleading counts.
    box = checklist(main)
    assert isinstance(box, SetupChecklist)
    assert done_steps(main) == {"school"}
    assert main.home.setup.next_step.key == "calendar"
    assert box.buttons["calendar"].property("accent") is True
    assert "timetable" in box.buttons and "plans" in box.buttons
    journals = main.ui.pageStack.widget(main.section_keys.index("journals"))
    assert "0 из 0" not in all_texts(box)
    assert "не закреплено" not in all_texts(journals)
    assert journals.findChild(QLabel, "noJournalsLabel") is not None
    assert main.home.indicators
    assert all("0 из 0" not in i.detail for i in main.home.indicators)

    # 1. The school card: the address, and the ungraded grades stay as they are.
    before = main.home
    box.buttons["school"].click()
    card = main.setup_screens.windows["school"]
    assert isinstance(card, SchoolCardWindow)
    qtbot.waitUntil(lambda: card.card is not None, timeout=WAIT)
    card.ui.addressEdit.setText("г. Энск, ул. Школьная, 1")
    card.ui.homeworkSpin.setValue(60)
    card.ui.saveButton.click()
    qtbot.waitUntil(lambda: card.card.school.address == "г. Энск, ул. Школьная, 1",
                    timeout=WAIT)
    assert card.card.settings["homework_minutes_after_lesson"] == 60
    card.close()
    reloaded(qtbot, main, before)

    # 2. The school year from the preset: quarters and half-years, and the holidays.
    box = checklist(main)
    box.buttons["calendar"].click()
    year = main.setup_screens.windows["year"]
    assert isinstance(year, SchoolYearWindow)
    qtbot.waitUntil(lambda: year.setup is not None, timeout=WAIT)
    assert year.setup.year is None and not year.ui.tabs.isEnabled()
    year.ui.newYearButton.click()
    dialog = year.dialog
    assert isinstance(dialog, YearDialog)
    assert dialog.ui.nameEdit.text() == "2026/2027"
    assert dialog.ui.presetCombo.currentData() == "quarters_halves"
    before = main.home
    dialog.ui.buttonBox.accepted.emit()
    qtbot.waitUntil(lambda: year.setup.year is not None and len(year.setup.periods) == 6,
                    timeout=WAIT)
    assert year.setup.year.is_current and year.setup.problems == ()
    assert len(year.setup.holidays) == 10
    reloaded(qtbot, main, before)
    assert {"calendar", "holidays"} <= done_steps(main)

    # 3. The bells: the standard schedule, and a shortened Saturday.
    before = main.home
    main.open_setup_step("bells")
    assert year.ui.tabs.currentIndex() == 2
    year.ui.standardBellsButton.click()
    qtbot.waitUntil(lambda: len(year.setup.bells) == 7, timeout=WAIT)
    reloaded(qtbot, main, before)
    assert "bells" in done_steps(main)

    # 4. Holidays by hand: a school's own non-school day.
    year.show_tab("holidays")
    year.ui.holidayList.add_button.click()
    dialog = year.dialog
    dialog.ui.nameEdit.setText("День учителя")
    dialog.ui.kindCombo.setCurrentIndex(2)
    dialog.ui.dateRange.set_range(date(2026, 10, 5), date(2026, 10, 5))
    dialog.ui.buttonBox.accepted.emit()
    qtbot.waitUntil(lambda: len(year.setup.holidays) == 11, timeout=WAIT)

    # The checklist now points at the people: the subjects come next.
    before = main.home
    year.close()
    main.reload()
    reloaded(qtbot, main, before)
    assert done_steps(main) == {"school", "calendar", "bells", "holidays"}
    assert main.home.setup.next_step.key == "subjects"
    box = checklist(main)
    assert box.buttons["subjects"].property("accent") is True
    assert "2026/2027" in box.states["calendar"].text()
