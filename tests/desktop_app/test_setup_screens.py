"""The set-up screens on the demo school: the checklist's place on the «Школа» page,
the school card and rules, the school year's periods, holidays and bells — each
with its add, edit and refusal paths — and who may open them."""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QPushButton

from database.services.school import close_period
from desktop_app.setup import openers
from desktop_app.setup.checklist import SetupChecklist
from desktop_app.setup.school_card import SchoolCardWindow
from desktop_app.setup.school_year import SchoolYearWindow
from desktop_app.setup.year_dialogs import BellDialog, HolidayDialog, PeriodDialog, YearDialog
from desktop_app.worker import DbOp, worker
from tests.desktop_app.setup_helpers import WAIT, checklist, reloaded, signed_main


@pytest.fixture
def admin_main(qtbot, make_controller):  # type: ignore[no-untyped-def]
    return signed_main(qtbot, make_controller)


def open_card(qtbot, main) -> SchoolCardWindow:  # type: ignore[no-untyped-def]
    card = main.open_setup_step("school")
    assert isinstance(card, SchoolCardWindow)
    qtbot.waitUntil(lambda: card.card is not None, timeout=WAIT)
    return card


def open_year(qtbot, main, key: str = "calendar") -> SchoolYearWindow:  # type: ignore[no-untyped-def]
    window = main.open_setup_step(key)
    assert isinstance(window, SchoolYearWindow)
    qtbot.waitUntil(lambda: window.setup is not None, timeout=WAIT)
    return window


def test_the_set_up_demo_shows_no_checklist_but_its_screens(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    main = admin_main
    assert main.home.setup is not None and main.home.setup.complete
    assert checklist(main) is None
    page = main.ui.pageStack.widget(main.section_keys.index("school"))
    for key, window_class in (("school", SchoolCardWindow), ("calendar", SchoolYearWindow)):
        button = page.findChild(QPushButton, f"open_{key}")
        assert button is not None
        button.click()
        assert isinstance(main.setup_screens.windows["school" if key == "school" else "year"],
                          window_class)
    # One window per screen: asking again raises the same one.
    assert main.open_setup_step("bells") is main.setup_screens.windows["year"]
    assert main.setup_screens.windows["year"].ui.tabs.currentIndex() == 2


def test_the_school_card_saves_what_changed(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    main = admin_main
    card = open_card(qtbot, main)
    ui = card.ui
    assert ui.shortNameEdit.text() == "МБОУ СОШ № 17"
    assert card.grade_checks[1].isChecked() and not card.grade_checks[2].isChecked()
    ui.shortNameEdit.setText("СОШ № 17")
    ui.correctionSpin.setValue(10)
    assert ui.fileIndexEdit.text() == ""
    ui.fileIndexEdit.setText("  02-15 ")
    card.grab().save(str(Path(os.environ.get("DIARY_SCREENSHOTS") or "/tmp") /
                         "school_card.png"))
    card.grade_checks[2].setChecked(True)
    ui.classroomRememberCheck.setChecked(True)
    # A new work type becomes the default in the same save.
    ui.workTypesEditor.add_row("Тест", "1,5", edit=False)
    ui.defaultWorkTypeCombo.setCurrentText("Тест")
    before = main.home
    card.save()
    qtbot.waitUntil(lambda: card.card is not None and card.card.school is not None
                    and card.card.school.short_name == "СОШ № 17", timeout=WAIT)
    settings = card.card.settings
    assert settings["correction_window_days"] == 10
    assert settings["journal_file_index"] == "02-15"  # printed on the journal's title
    assert settings["unmarked_grades"] == [1, 2]
    assert settings["remember_me_allowed"] == {"classroom": True, "admin": True}
    assert settings["work_types"]["Тест"] == 1.5 and settings["default_work_type"] == "Тест"
    assert not ui.problemLabel.isVisible()
    reloaded(qtbot, main, before)  # the main window re-read the school
    assert main.home.summary.short_name == "СОШ № 17"


def test_the_school_card_refuses_with_the_services_message(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    card = open_card(qtbot, admin_main)
    card.show()
    ui = card.ui
    ui.workTypesEditor.add_row("Эссе", "много", edit=False)
    card.save()
    assert ui.problemLabel.isVisible()
    assert "Вес вида работы «Эссе» должен быть числом" in ui.problemLabel.text()

    ui.workTypesEditor.set_pairs([("Диктант", "2")])  # the default type is gone
    ui.defaultWorkTypeCombo.setCurrentText("Работа на уроке")
    ui.directorEdit.setText("Иванов Иван Иванович")
    card.save()
    qtbot.waitUntil(lambda: "Работа на уроке" in ui.problemLabel.text(), timeout=WAIT)
    assert "должен остаться в списке видов работ" in ui.problemLabel.text()
    # Nothing was written: the director is still the old one on a fresh read.
    card.load()
    qtbot.waitUntil(lambda: ui.directorEdit.text() != "Иванов Иван Иванович", timeout=WAIT)
    assert "Диктант" in card.card.settings["work_types"]
    assert len(card.card.settings["work_types"]) > 1


def test_periods_add_edit_and_refuse_an_overlap(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    window = open_year(qtbot, admin_main)
    periods = window.setup.periods
    assert [p.name for p in periods if p.grade_from == 1] == [
        "I четверть", "II четверть", "III четверть", "IV четверть"]
    assert window.setup.problems == ()

    window.add_period()
    dialog = window.dialog
    assert isinstance(dialog, PeriodDialog)
    # After IV четверть there is no next quarter: the suggestion stays at IV.
    assert dialog.ui.numberSpin.value() == 4
    dialog.ui.kindCombo.setCurrentIndex(0)
    dialog.ui.numberSpin.setValue(1)
    dialog.ui.periodGradeFromSpin.setValue(10)
    dialog.ui.periodGradeToSpin.setValue(11)
    dialog.ui.dateRange.set_range(date(2026, 9, 1), date(2026, 10, 24))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ui.problemLabel.isVisibleTo(dialog), timeout=WAIT)
    assert "уже заданы полугодия" in dialog.ui.problemLabel.text()
    assert dialog.isVisible()
    dialog.reject()

    first = next(p for p in periods if p.name == "I четверть")
    window.edit_period(first)
    dialog = window.dialog
    dialog.ui.dateRange.end_edit.setDate(QDate(2026, 11, 10))  # into II четверть
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ui.problemLabel.isVisibleTo(dialog), timeout=WAIT)
    assert "Даты пересекаются с периодом «II четверть»" in dialog.ui.problemLabel.text()
    dialog.ui.dateRange.end_edit.setDate(QDate(2026, 10, 23))
    dialog.ui.nameEdit.setText("1-я четверть")
    dialog.submit()
    qtbot.waitUntil(lambda: any(p.name == "1-я четверть" for p in window.setup.periods),
                    timeout=WAIT)
    changed = next(p for p in window.setup.periods if p.name == "1-я четверть")
    assert changed.end_date == date(2026, 10, 23)
    # 24.10.2026 is a Saturday, so no school day falls out of the quarters.
    assert window.setup.problems == ()


def test_a_removed_period_leaves_a_gap_that_is_shown(qtbot, admin_main, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    window = open_year(qtbot, admin_main)
    window.show()
    open_quarter = next(p for p in window.setup.periods
                        if p.name == "III четверть" and not p.closed)
    window.remove_periods([open_quarter])
    assert recorded_messages.texts("confirm")
    qtbot.waitUntil(lambda: len(window.setup.periods) == 5, timeout=WAIT)
    assert any("между периодами «II четверть» и «IV четверть»" in p
               for p in window.setup.problems)
    assert window.ui.gapsLabel.isVisible()
    # A closed period is refused with the service's message.
    first = next(p for p in window.setup.periods if p.name == "I четверть")
    actor = admin_main.signed.actor
    DbOp(lambda s: close_period(s, actor, first.id)).run()
    before = window.setup
    window.load()
    qtbot.waitUntil(lambda: window.setup is not before, timeout=WAIT)
    closed = next(p for p in window.setup.periods if p.closed)
    window.remove_periods([closed])
    qtbot.waitUntil(lambda: window.ui.problemLabel.isVisible(), timeout=WAIT)
    assert f"Период «{closed.name}» закрыт" in window.ui.problemLabel.text()
    assert closed in window.setup.periods


def test_holidays_add_edit_remove(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    window = open_year(qtbot, admin_main, "holidays")
    assert window.ui.tabs.currentIndex() == 1
    count = len(window.setup.holidays)
    window.add_holiday()
    dialog = window.dialog
    assert isinstance(dialog, HolidayDialog)
    dialog.ui.nameEdit.setText("День здоровья")
    dialog.ui.kindCombo.setCurrentIndex(2)
    dialog.ui.dateRange.set_range(date(2026, 12, 4), date(2026, 12, 4))
    dialog.ui.holidayGradeFromSpin.setValue(5)
    dialog.submit()
    qtbot.waitUntil(lambda: len(window.setup.holidays) == count + 1, timeout=WAIT)
    added = next(h for h in window.setup.holidays if h.name == "День здоровья")
    assert (added.kind, added.grade_from, added.grade_to) == ("other", 5, 11)

    window.edit_holiday(added)
    dialog = window.dialog
    dialog.ui.holidayGradeFromSpin.setValue(11)
    dialog.ui.holidayGradeToSpin.setValue(10)
    dialog.submit()  # refused in the dialog before any write
    assert dialog.ui.problemLabel.isVisibleTo(dialog)
    dialog.ui.holidayGradeFromSpin.setValue(1)
    dialog.ui.dateRange.set_range(date(2026, 12, 4), date(2026, 12, 5))
    dialog.submit()
    qtbot.waitUntil(lambda: any(h.name == "День здоровья" and h.end_date == date(2026, 12, 5)
                                for h in window.setup.holidays), timeout=WAIT)
    edited = next(h for h in window.setup.holidays if h.name == "День здоровья")
    window.remove_holidays([edited])
    qtbot.waitUntil(lambda: len(window.setup.holidays) == count, timeout=WAIT)
    # The usual holidays are all there already: adding them again adds nothing.
    before = window.setup
    window.add_preset_holidays()
    qtbot.waitUntil(lambda: window.setup is not before, timeout=WAIT)
    assert len(window.setup.holidays) == count


def test_bells_and_the_second_schedule(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    window = open_year(qtbot, admin_main, "bells")
    window.show()
    assert [b.lesson_number for b in window.setup.bells] == [1, 2, 3, 4, 5, 6, 7]
    window.bells.add_bell()
    dialog = window.dialog
    assert isinstance(dialog, BellDialog)
    assert dialog.ui.numberSpin.value() == 8
    dialog.ui.startEdit.setTime(QTime(14, 40))  # the 7th lesson ends at 14:55
    dialog.ui.endEdit.setTime(QTime(15, 25))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ui.problemLabel.isVisibleTo(dialog), timeout=WAIT)
    assert "7-й урок заканчивается в 14:55" in dialog.ui.problemLabel.text()
    dialog.ui.startEdit.setTime(QTime(15, 5))
    dialog.ui.endEdit.setTime(QTime(15, 50))
    dialog.submit()
    qtbot.waitUntil(lambda: len(window.setup.bells) == 8, timeout=WAIT)

    # The second schedule: a shortened Saturday.
    window.bells.add_second_bell()
    window.dialog.ui.startEdit.setTime(QTime(8, 30))
    window.dialog.ui.endEdit.setTime(QTime(9, 10))
    window.dialog.submit()
    qtbot.waitUntil(lambda: len(window.ui.secondBellList.model.rows) == 1, timeout=WAIT)
    window.weekday_checks[6].setChecked(True)
    qtbot.waitUntil(lambda: window.setup.second_bells["weekdays"] == [6], timeout=WAIT)
    assert window.setup.second_bells["bells"] == [[1, "08:30", "09:10"]]
    second = window.ui.secondBellList.model.rows[0]
    assert (second.starts_at, second.ends_at) == (time(8, 30), time(9, 10))
    # Removing its last lesson clears the weekdays too (a schedule without lessons).
    window.bells.remove_second_bells([second])
    qtbot.waitUntil(lambda: window.setup.second_bells == {"weekdays": [], "bells": []},
                    timeout=WAIT)
    assert not window.weekday_checks[6].isChecked()


def test_non_administration_cannot_open_or_read_the_screens(  # type: ignore[no-untyped-def]
    qtbot, make_controller, recorded_messages
) -> None:
    main = signed_main(qtbot, make_controller, "teacher")
    assert "school" not in main.section_keys
    assert main.open_setup_step("school") is None
    assert main.open_setup_step("calendar") is None
    assert len(recorded_messages.texts("warning")) == 2
    # Even built directly, the screens read nothing: the services refuse.
    card = SchoolCardWindow(main.signed, main)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitUntil(lambda: card.ui.problemLabel.isVisible(), timeout=WAIT)
    assert "Недостаточно прав" in card.ui.problemLabel.text()
    assert not card.ui.saveButton.isEnabled()
    year = SchoolYearWindow(main.signed, main)
    qtbot.addWidget(year)
    year.show()
    qtbot.waitUntil(lambda: year.ui.problemLabel.isVisible(), timeout=WAIT)
    assert "Недостаточно прав" in year.ui.problemLabel.text()
    assert not year.ui.tabs.isEnabled()


def test_the_people_steps_go_through_the_one_opener(  # type: ignore[no-untyped-def]
    qtbot, admin_main, monkeypatch
) -> None:
    from database.queries.setup_progress import SetupProgress, SetupStep

    asked: list[str] = []

    def fake_open(parent, signed, screen, *, today):  # type: ignore[no-untyped-def]
        asked.append(screen)
        return None

    monkeypatch.setattr(openers, "open_people_screen", fake_open)
    progress = SetupProgress("2026/2027", tuple(
        SetupStep(key, done=False) for key in (
            "school", "calendar", "bells", "holidays", "subjects", "staff", "classes",
            "students", "assignments", "timetable", "plans", "accounts")))
    box = SetupChecklist(progress, admin_main.open_setup_step)
    qtbot.addWidget(box)
    # Every step has a button, the timetable and the plans too.
    assert set(box.buttons) == {s.key for s in progress.steps}
    assert box.states["timetable"].text() in (
        "Comes after the classes and teaching assignments.",
        "После классов и учебной нагрузки.")
    for key in ("subjects", "staff", "classes", "students", "assignments", "accounts"):
        box.buttons[key].click()
    assert asked == ["subjects", "staff", "classes", "students", "assignments", "accounts"]


def test_a_lock_closes_the_set_up_windows(qtbot, admin_main, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    main = admin_main
    card = open_card(qtbot, main)
    year = open_year(qtbot, main)
    closed: list[str] = []
    card.destroyed.connect(lambda *_: closed.append("card"))
    year.destroyed.connect(lambda *_: closed.append("year"))
    main.ui.actionLock.trigger()
    assert main.locked and main.setup_screens.windows == {}
    qtbot.waitUntil(lambda: sorted(closed) == ["card", "year"], timeout=WAIT)
    qtbot.waitUntil(lambda: worker().idle, timeout=WAIT)
    # Closing them on the lock re-reads nothing (the database is closed).
    assert not recorded_messages.texts("warning") and not recorded_messages.texts("critical")
    assert main.open_setup_step("school") is None


def test_the_years_dates_are_corrected_or_refused(qtbot, admin_main) -> None:  # type: ignore[no-untyped-def]
    window = open_year(qtbot, admin_main)
    year = window.setup.year
    window.ui.yearDatesButton.click()
    dialog = window.dialog
    assert isinstance(dialog, YearDialog) and not dialog.ui.presetCombo.isVisibleTo(dialog)
    dialog.ui.dateRange.end_edit.setDate(QDate(2027, 3, 1))  # the IV quarter is later
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ui.problemLabel.isVisibleTo(dialog), timeout=WAIT)
    assert "выходит за новые даты учебного года" in dialog.ui.problemLabel.text()
    dialog.ui.dateRange.end_edit.setDate(QDate(2027, 6, 30))
    dialog.submit()
    qtbot.waitUntil(lambda: window.setup.year.end_date == date(2027, 6, 30), timeout=WAIT)
    assert window.setup.year.id == year.id and window.setup.year.name == year.name
