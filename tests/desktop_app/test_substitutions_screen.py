"""The substitutions screen on the tiny demo: opened from the «Школа» page, an absent
teacher's lessons of a day with the teachers free at each (a teacher busy then is
not offered), a substitute assigned from the planner who then finds the lesson in
the journals it may open and fills it in, the assignment undone, a lesson
cancelled and restored, and the day's sheet saved as PDF from the screen."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.models import Lesson, TeachingAssignment
from database.queries.home import current_year
from database.queries.journal import list_journals
from database.queries.substitutions import lessons_to_cover, teaching_staff
from database.services.lessons import update_lesson
from desktop_app.setup.substitutions import STAFF_ROLE, SubstitutionsWindow
from desktop_app.worker import DbOp
from tests.desktop_app.conftest import TODAY
from tests.desktop_app.setup_helpers import WAIT, signed_main


@pytest.fixture
def window(qtbot, make_controller) -> SubstitutionsWindow:  # type: ignore[no-untyped-def]
    main = signed_main(qtbot, make_controller)
    page = main.ui.pageStack.widget(main.section_keys.index("school"))
    button = page.findChild(QPushButton, "open_substitutions")
    assert button is not None
    button.click()
    opened = main.setup_screens.windows["substitutions"]
    assert isinstance(opened, SubstitutionsWindow)
    qtbot.waitUntil(lambda: opened.year is not None and opened.teacher_box.count() > 0,
                    timeout=WAIT)
    return opened


def _on_worker(qtbot: Any, fn: Any) -> Any:
    results: list[Any] = []
    failures: list[BaseException] = []
    DbOp(fn).success(results.append).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(results or failures), timeout=WAIT)
    if failures:
        raise failures[0]
    return results[0]


def _as_teacher(admin: Actor, staff_id: uuid.UUID) -> Actor:
    return Actor(role=Role.TEACHER, device_id=admin.device_id, account_id=uuid.uuid4(),
                 staff_id=staff_id, clock=admin.clock)


@dataclass(frozen=True)
class Case:
    absent: uuid.UUID
    lesson_id: uuid.UUID
    assignment_id: uuid.UUID
    substitute: uuid.UUID  # free then, and not otherwise allowed into that journal


def _find_case(session: Session, admin: Actor) -> Case:
    year = current_year(session)
    assert year is not None
    for teacher in teaching_staff(session, admin, year.id):
        for lesson in lessons_to_cover(session, admin, year.id, teacher.staff_id, TODAY, TODAY):
            assignment_id = session.get(Lesson, lesson.lesson_id).assignment_id  # type: ignore[union-attr]
            for candidate in lesson.free:
                journals = list_journals(session, _as_teacher(admin, candidate.staff_id))
                if all(j.assignment_id != assignment_id for j in journals):
                    return Case(teacher.staff_id, lesson.lesson_id, assignment_id,
                                candidate.staff_id)
    raise AssertionError("no lesson today with a free outsider to substitute it")


def _busy_teachers(session: Session, lesson_id: uuid.UUID) -> set[uuid.UUID]:
    """Who teaches (or substitutes) at the lesson's date and number, found directly."""
    lesson = session.get(Lesson, lesson_id)
    assert lesson is not None
    rows = session.execute(
        select(TeachingAssignment.teacher_id, Lesson.substitute_teacher_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(Lesson.date == lesson.date, Lesson.lesson_number == lesson.lesson_number,
               Lesson.cancelled.is_(False)))
    return {sub or own for own, sub in rows}


def _choose_lesson(qtbot: Any, window: SubstitutionsWindow, case: Case) -> None:
    window.select_teacher(case.absent)
    window.show_days(TODAY)
    qtbot.waitUntil(lambda: any(x.lesson_id == case.lesson_id for x in window.lessons),
                    timeout=WAIT)
    row = next(i for i, x in enumerate(window.lessons) if x.lesson_id == case.lesson_id)
    window.table.selectRow(row)


def _free_ids(window: SubstitutionsWindow) -> list[uuid.UUID]:
    return [uuid.UUID(str(window.free_list.item(i).data(STAFF_ROLE)))
            for i in range(window.free_list.count())]


def test_a_substitute_assigned_here_fills_the_lesson_in(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    admin = window.signed.actor
    case: Case = _on_worker(qtbot, lambda s: _find_case(s, admin))
    busy: set[uuid.UUID] = _on_worker(qtbot, lambda s: _busy_teachers(s, case.lesson_id))
    _choose_lesson(qtbot, window, case)
    free = _free_ids(window)
    # Nobody teaching at that lesson number is offered; the others are.
    assert free and not busy & set(free)
    assert case.absent not in free
    lesson = window.chosen()
    assert lesson is not None
    subject_teachers = [c.teaches_subject for c in lesson.free]
    assert subject_teachers == sorted(subject_teachers, reverse=True)  # theirs first

    window.free_list.setCurrentRow(free.index(case.substitute))
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        window.assign_button.click()
    qtbot.waitUntil(lambda: bool(window.chosen() and window.chosen().substitute),  # type: ignore[union-attr]
                    timeout=WAIT)
    assert "болезнь учителя" in window.table.item(window.table.currentRow(), 3).text()
    assert window.unassign_button.isEnabled()

    substitute = _as_teacher(admin, case.substitute)

    def fill_in(session: Session) -> tuple[bool, str, uuid.UUID | None]:
        journals = list_journals(session, substitute)
        info = update_lesson(session, substitute, case.lesson_id, topic="Повторение")
        return (any(j.assignment_id == case.assignment_id for j in journals), info.topic,
                info.substitute_teacher_id)

    in_list, topic, recorded = _on_worker(qtbot, fill_in)
    assert in_list and topic == "Повторение" and recorded == case.substitute

    # Undo: the lesson has no substitute again, and the teacher is free again.
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        window.unassign_button.click()
    qtbot.waitUntil(lambda: window.chosen() is not None and not window.chosen().substitute,  # type: ignore[union-attr]
                    timeout=WAIT)
    assert case.substitute in _free_ids(window)
    recorded_after = _on_worker(qtbot, lambda s: s.get(Lesson, case.lesson_id)
                                .substitute_teacher_id)
    assert recorded_after is None


def test_a_lesson_cancelled_and_restored(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    admin = window.signed.actor
    case: Case = _on_worker(qtbot, lambda s: _find_case(s, admin))
    _choose_lesson(qtbot, window, case)
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        window.cancel_button.click()
    qtbot.waitUntil(lambda: bool(window.chosen() and window.chosen().cancelled),  # type: ignore[union-attr]
                    timeout=WAIT)
    assert window.free_list.count() == 0 and not window.assign_button.isEnabled()
    assert _on_worker(qtbot, lambda s: s.get(Lesson, case.lesson_id).cancelled)
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        window.restore_button.click()
    qtbot.waitUntil(lambda: window.chosen() is not None and not window.chosen().cancelled,  # type: ignore[union-attr]
                    timeout=WAIT)
    assert not _on_worker(qtbot, lambda s: s.get(Lesson, case.lesson_id).cancelled)


def test_the_days_sheet_saved_from_the_screen(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = window.signed.actor
    case: Case = _on_worker(qtbot, lambda s: _find_case(s, admin))
    _choose_lesson(qtbot, window, case)
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        window.assign_button.click()
    qtbot.waitUntil(lambda: bool(window.chosen() and window.chosen().substitute),  # type: ignore[union-attr]
                    timeout=WAIT)
    substitute = window.chosen().substitute  # type: ignore[union-attr]
    out = tmp_path / "sheet.pdf"
    window.choose_pdf = lambda suggested: out  # type: ignore[method-assign]
    window.sheet_button.click()
    qtbot.waitUntil(lambda: "sheet.pdf" in window.status_label.text(), timeout=WAIT)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert f"Замены уроков на {TODAY:%d.%m.%Y}" in text and substitute in text
