"""The next-year wizard from the school-year screen, on the tiny demo: the open year
is closed from its first page, a student is kept in the grade, the preview counts
what will be written, the order is required, the write shows its result, and the
school-year screen then shows the new year. Stopping rolls the write back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from database.models import AcademicYear, Enrolment, Lesson, SchoolClass, TeachingAssignment
from database.queries.year_rollover import Outcome
from desktop_app.setup.next_year_wizard import NextYearWizard
from desktop_app.setup.school_year import SchoolYearWindow
from tests.desktop_app.journal_helpers import run_db
from tests.desktop_app.setup_helpers import WAIT, signed_main

ORDER = "Приказ № 45 от 30.05.2027"
# Where the pages are saved as PNG to look at them (unset: not saved).
SHOTS = os.environ.get("NEXT_YEAR_SHOTS")


def shot(widget: NextYearWizard, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def year_window(qtbot, make_controller):  # type: ignore[no-untyped-def]
    main = signed_main(qtbot, make_controller)
    window = main.open_setup_step("calendar")
    assert isinstance(window, SchoolYearWindow)
    qtbot.waitUntil(lambda: window.setup is not None, timeout=WAIT)
    return window


def open_wizard(qtbot, window: SchoolYearWindow) -> NextYearWizard:  # type: ignore[no-untyped-def]
    window.ui.nextYearButton.click()
    wizard = window.dialog
    assert isinstance(wizard, NextYearWizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=WAIT)
    return wizard


def next_button(wizard: NextYearWizard):  # type: ignore[no-untyped-def]
    page = wizard.currentPage()
    if page is not None and page.isCommitPage():
        return wizard.button(QWizard.WizardButton.CommitButton)
    return wizard.button(QWizard.WizardButton.NextButton)


def outcome_text(students, row: int) -> str:  # type: ignore[no-untyped-def]
    item = students.table.item(row, 1)
    assert item is not None
    return str(item.text())


def lessons_in(qtbot, year_id) -> int:  # type: ignore[no-untyped-def]
    return int(run_db(qtbot, lambda s: s.scalar(
        select(func.count()).select_from(Lesson).join(
            TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(TeachingAssignment.year_id == year_id))))


def test_the_wizard_makes_the_next_year(  # type: ignore[no-untyped-def]
    qtbot, year_window, recorded_messages
) -> None:
    wizard = open_wizard(qtbot, year_window)
    wizard.show()
    page = wizard.year_page
    plan = wizard.plan
    assert plan is not None and plan.target_name == "2027/2028"
    # The demo's year is under way: it must be closed first.
    assert plan.open_periods and not page.isComplete()
    assert page.open_label.isVisible() and page.close_button.isVisible()
    shot(wizard, "1-year-open")
    page.close_button.click()
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.plan.open_periods,
                    timeout=WAIT)
    assert any("Close every open period" in t or "Закрыть" in t
               for t in recorded_messages.texts("confirm"))
    assert page.isComplete() and not page.close_button.isVisible()
    shot(wizard, "1-year")
    next_button(wizard).click()

    students = wizard.students_page
    assert wizard.currentPage() is students
    assert students.class_list.count() == 1 and students.table.rowCount() > 2
    kept = wizard.plan.classes[0].students[0]  # type: ignore[union-attr]
    students.table.selectRow(0)
    students.buttons[Outcome.RETAIN].click()
    assert wizard.outcomes == {kept.student_id: Outcome.RETAIN}
    assert "5 «А»" in outcome_text(students, 0)
    assert "6 «А»" in outcome_text(students, 1)
    shot(wizard, "2-students")
    next_button(wizard).click()

    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    total = students.table.rowCount()
    counts = preview.counts_label.text()
    assert str(total - 1) in counts and "2027/2028" in counts
    assert not preview.isComplete()  # the order is required
    preview.order_edit.setText(ORDER)  # keyClicks types ASCII only
    assert preview.isComplete()
    shot(wizard, "3-preview")
    with qtbot.waitSignal(wizard.created, timeout=WAIT) as created:
        next_button(wizard).click()
    run = wizard.run_page
    assert wizard.currentPage() is run
    assert run.isComplete() and run.bar.value() == 1000
    assert "2027/2028" in run.status.text()
    shot(wizard, "4-done")
    year_id = created.args[0]

    def new_year(session):  # type: ignore[no-untyped-def]
        year = session.get(AcademicYear, year_id)
        classes = session.execute(
            select(SchoolClass.grade, SchoolClass.letter, func.count(Enrolment.id))
            .join(Enrolment, Enrolment.class_id == SchoolClass.id)
            .where(SchoolClass.year_id == year_id)
            .group_by(SchoolClass.id).order_by(SchoolClass.grade)).all()
        return year.name, [tuple(c) for c in classes]

    name, classes = run_db(qtbot, new_year)
    assert name == "2027/2028"
    assert classes == [(5, "А", 1), (6, "А", total - 1)]
    # The draft timetable gave no lessons; the button fills the new year's journals.
    assert lessons_in(qtbot, year_id) == 0
    assert run.fill_button.isVisible()
    before = run.status.text()
    run.fill_button.click()
    qtbot.waitUntil(lambda: run.status.text() != before, timeout=WAIT)
    filled = lessons_in(qtbot, year_id)
    assert filled > 0 and str(filled) in run.status.text()
    assert not run.fill_button.isEnabled()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    # The school-year screen shows the new year.
    qtbot.waitUntil(lambda: year_window.setup is not None and year_window.setup.year is not None
                    and year_window.setup.year.id == year_id, timeout=WAIT)


def test_stop_rolls_the_write_back(  # type: ignore[no-untyped-def]
    qtbot, year_window, recorded_messages
) -> None:
    wizard = open_wizard(qtbot, year_window)
    wizard.year_page.close_button.click()
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.plan.open_periods,
                    timeout=WAIT)
    wizard.next()
    wizard.next()
    wizard.preview_page.order_edit.setText(ORDER)
    # Stop pressed before the worker reports its first step: nothing is kept.
    original = wizard.start

    def start_and_stop() -> None:
        original()
        wizard.stop()

    wizard.start = start_and_stop  # type: ignore[method-assign]
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.problems.isVisible(), timeout=WAIT)
    assert not run.isComplete() and wizard.written is None
    assert run.problems.text() == wizard.tr("Stopped: nothing was written.")
    years = run_db(qtbot, lambda s: s.scalar(select(func.count()).select_from(AcademicYear)))
    assert years == 1
