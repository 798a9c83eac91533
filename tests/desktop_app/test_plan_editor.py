"""The КТП editor: a teacher edits its journal's plan from the journal page (add,
edit, move, remove, save; the plan against the fact), imports a file (all or
nothing), and the administration copies another class's plan from the checklist's
step."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt

from database.models import SchoolClass, Subject, TeachingAssignment
from database.queries.plans import read_topics
from database.services.classes import create_class
from database.services.plans import PlanTopicInput, set_plan
from database.services.subjects import assign_teaching
from desktop_app.journal.plan_editor import CONTROL_COLUMN, PlanEditorWindow
from tests.desktop_app.journal_helpers import (
    find_journal,
    journals,
    open_page,
    run_db,
    signed_in,
)
from tests.desktop_app.setup_helpers import WAIT, signed_main


def wait_plan(qtbot, window: PlanEditorWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.fact is not None, timeout=WAIT)


def texts(window: PlanEditorWindow) -> list[tuple[str, int, str]]:
    return [(t.topic, t.hours, t.homework) for t in window.topics()]


def test_a_teacher_edits_its_plan_from_the_journal(  # type: ignore[no-untyped-def]
    qtbot, demo_paths, recorded_messages
) -> None:
    signed = signed_in(qtbot, demo_paths, "tikhomirova.ns")
    math = find_journal(journals(qtbot, signed), "Математика")
    page = open_page(qtbot, signed, math)
    window = page.open_plan()
    assert isinstance(window, PlanEditorWindow)
    assert page.open_plan() is window  # one window per journal page
    wait_plan(qtbot, window)
    assert window.assignment_id == math.assignment_id
    # Only the teacher's own journals are offered.
    assert all("Тихомирова" in window.journal_box.itemText(i)
               for i in range(window.journal_box.count()))
    before = window.table.rowCount()
    window.table.clearSelection()
    window.add_topic()
    row = window.table.rowCount() - 1
    window.table.item(row, 0).setText("Повторение: дроби")
    window.table.item(row, 1).setData(2, 3)  # EditRole
    window.table.item(row, 2).setText("№ 12")
    window.add_topic()
    window.table.item(row + 1, 0).setText("Итоговая контрольная работа")
    window.table.selectRow(row + 1)
    window.move_topic(-1)
    assert texts(window)[row:] == [("Итоговая контрольная работа", 1, ""),
                                   ("Повторение: дроби", 3, "№ 12")]
    assert window.dirty and window.save_button.isEnabled()
    assert window.tr("Not saved yet.") in window.summary_label.text()
    # The control work is marked in its column (a check box).
    window.table.item(row, CONTROL_COLUMN).setCheckState(Qt.CheckState.Checked)
    assert window.is_control_work(row) and window.table.item(row, CONTROL_COLUMN).text()
    assert not window.is_control_work(row + 1)
    saved = []
    window.saved.connect(saved.append)
    window.save_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT)
    assert not window.dirty
    topics = run_db(qtbot, lambda s: read_topics(s, math.assignment_id))
    assert [(t.topic, t.hours, t.homework, t.control_work) for t in topics[before:]] == [
        ("Итоговая контрольная работа", 1, "", True), ("Повторение: дроби", 3, "№ 12", False)]
    assert window.is_control_work(row)  # shown again from the saved plan
    # Removing a topic given on no lesson needs no confirmation; an empty topic is refused.
    window.table.selectRow(row)
    window.remove_topic()
    window.add_topic()
    window.save_button.click()
    qtbot.waitUntil(lambda: window.problems.isVisible(), timeout=WAIT)
    assert "тема" in window.problems.text()
    assert len(run_db(qtbot, lambda s: read_topics(s, math.assignment_id))) == before + 2


def test_import_replaces_the_rows_and_a_bad_file_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, demo_paths, recorded_messages, tmp_path: Path
) -> None:
    signed = signed_in(qtbot, demo_paths, "tikhomirova.ns")
    math = find_journal(journals(qtbot, signed), "Математика")
    window = PlanEditorWindow(signed.actor, math.assignment_id)
    qtbot.addWidget(window)
    window.show()
    wait_plan(qtbot, window)
    rows_before = texts(window)
    bad = tmp_path / "bad.csv"
    bad.write_text("Тема;Часов\nЧисла;много\n", encoding="utf-8")
    window.choose_file = lambda: bad  # type: ignore[method-assign]
    window.import_file()
    qtbot.waitUntil(lambda: window.problems.isVisible(), timeout=WAIT)
    assert "B2: часов должно быть целое число" in window.problems.text()
    assert texts(window) == rows_before and not window.dirty
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Тема урока", "Часов", "Домашнее задание"])
    sheet.append(["Натуральные числа", 4, "§ 1"])
    sheet.append(["Контрольная работа № 1", 1, ""])
    good = tmp_path / "ktp.xlsx"
    book.save(good)
    window.choose_file = lambda: good  # type: ignore[method-assign]
    window.import_file()
    qtbot.waitUntil(lambda: texts(window) != rows_before, timeout=WAIT)
    assert texts(window) == [("Натуральные числа", 4, "§ 1"), ("Контрольная работа № 1", 1, "")]
    assert window.dirty and not window.problems.isVisible()
    window.save_button.click()
    qtbot.waitUntil(lambda: not window.dirty, timeout=WAIT)
    topics = run_db(qtbot, lambda s: read_topics(s, math.assignment_id))
    assert [t.topic for t in topics] == ["Натуральные числа", "Контрольная работа № 1"]


def test_the_administration_copies_a_plan_from_the_checklist_step(  # type: ignore[no-untyped-def]
    qtbot, make_controller, recorded_messages
) -> None:
    main = signed_main(qtbot, make_controller)
    actor = main.signed.actor

    def second_class(session):  # type: ignore[no-untyped-def]
        subject = session.query(Subject).filter_by(name="Математика").one()
        math = session.query(TeachingAssignment).filter_by(subject_id=subject.id).first()
        school_class = session.get(SchoolClass, math.class_id)
        other = create_class(session, actor, school_class.year_id, school_class.grade, "Б")
        assignment = assign_teaching(session, actor, school_class.year_id, other.id,
                                     subject.id, math.teacher_id, 5)
        set_plan(session, actor, math.id, [PlanTopicInput("Числа", 2), PlanTopicInput("Дроби")])
        return math.id, assignment.id

    source_id, target_id = run_db(qtbot, second_class)
    window = main.open_setup_step("plans")
    assert isinstance(window, PlanEditorWindow)
    qtbot.waitUntil(lambda: window.fact is not None, timeout=WAIT)
    window.resize(1000, 600)
    # Plan against fact: the demo's lessons took planned topics, and the rows say when.
    given = [r for r in range(window.table.rowCount()) if window.table.item(r, 3).text()]
    assert len(given) == window.fact.given_hours > 0
    window.table.scrollToItem(window.table.item(given[0], 0))
    window.grab().save("/tmp/plan_editor.png")
    assert window.find_journal(target_id) >= 0
    window.journal_box.setCurrentIndex(window.find_journal(target_id))
    window.load()
    qtbot.waitUntil(lambda: window.fact is not None
                    and window.fact.assignment_id == target_id, timeout=WAIT)
    assert [s.assignment_id for s in window.fact.sources] == [source_id]
    window.choose_source = lambda: source_id  # type: ignore[method-assign]
    window.copy_button.click()
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=WAIT)
    assert texts(window) == [("Числа", 2, ""), ("Дроби", 1, "")]
    assert "Изменения ещё не сохранены" not in window.summary_label.text()
    assert window.save_button.text() == "Сохранить"  # translated
    topics = run_db(qtbot, lambda s: read_topics(s, target_id))
    assert [t.topic for t in topics] == ["Числа", "Дроби"]
