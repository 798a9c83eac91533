"""The grid as it is painted: today's column highlighted, each mark in its colour,
hatching where a student was not in the class, the selection visible. The page is
rendered to PNG (into $DIARY_SCREENSHOTS when set, for a person to look at) and
pixels are checked inside the cells' rectangles."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desktop_app.journal.model import MARK_COLOURS
from desktop_app.journal.painting import ABSENT_BRUSH, TODAY_BACKGROUND
from tests.desktop_app.journal_helpers import (
    MATH_TEACHER,
    TODAY,
    find_journal,
    journals,
    open_page,
    signed_in,
)


@pytest.fixture
def page(qtbot, demo_paths, app):  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    return open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))


def cell_pixels(page, image: QImage, row: int, column: int) -> set[int]:  # type: ignore[no-untyped-def]
    """The colours (RGB) painted inside one cell, its grid lines left out."""
    view = page.view
    origin = view.viewport().mapTo(page, view.viewport().rect().topLeft())
    x0 = origin.x() + view.columnViewportPosition(column)
    y0 = origin.y() + view.rowViewportPosition(row)
    return {image.pixelColor(x, y).rgb() & 0xFFFFFF
            for x in range(x0 + 1, x0 + view.columnWidth(column) - 2)
            for y in range(y0 + 1, y0 + view.rowHeight(row) - 2)}


def rgb(colour: QColor) -> int:
    return colour.rgb() & 0xFFFFFF


def test_render_the_grid(qtbot, page, tmp_path: Path):  # type: ignore[no-untyped-def]
    model = page.model
    today = model.today_column()
    marked = next((r, c) for c in range(today, -1, -1) for r in range(model.rowCount())
                  if (cell := model.cell(r, c)) is not None and len(cell.marks) == 1
                  and not cell.attendance and c != today)
    page.view.clearSelection()
    image = page.grab().toImage()
    out = Path(os.environ.get("DIARY_SCREENSHOTS") or tmp_path)
    assert image.save(str(out / "journal_grid.png"))

    empty_today = next(r for r in range(model.rowCount())
                       if model.cell(r, today) is None and model.cell_editable(r, today))
    assert rgb(TODAY_BACKGROUND) in cell_pixels(page, image, empty_today, today)
    value = model.cell(*marked).marks[0].value
    assert rgb(QColor(MARK_COLOURS[value])) in cell_pixels(page, image, *marked)

    gone = [(r, c) for r in range(model.rowCount()) for c in range(today)
            if model.lesson_at(c) is not None and not model.is_present(r, model.lesson_at(c))]
    assert gone  # the demo's 5 «А» has a student who left and one who arrived
    row, column = gone[0]
    page.view.scrollTo(model.index(row, column))
    image = page.grab().toImage()
    assert rgb(ABSENT_BRUSH.color()) in cell_pixels(page, image, row, column)

    # A selected empty cell of today's column: the yellow is under the selection.
    page.view.scrollTo(model.index(empty_today, today))
    before = cell_pixels(page, page.grab().toImage(), empty_today, today)
    page.view.select_range(empty_today, today, empty_today, today)
    after = cell_pixels(page, page.grab().toImage(), empty_today, today)
    assert rgb(TODAY_BACKGROUND) in before and rgb(TODAY_BACKGROUND) not in after


def _re_enrol_a_student(paths) -> tuple[str, date, date]:  # type: ignore[no-untyped-def]
    """In the demo's 5 «А» a student leaves after a mathematics lesson, misses the next
    one and comes back for the one after; returns (surname, last day before leaving,
    first day back)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from database.actor import Actor, Role
    from database.changelog import local_device_id
    from database.models import (
        Enrolment,
        Lesson,
        SchoolClass,
        Student,
        Subject,
        TeachingAssignment,
    )
    from database.services.people import enrol_student, leave_student
    from tests.conftest import open_demo

    engine = open_demo(paths)
    try:
        with Session(engine) as session:
            class_id = session.execute(select(SchoolClass.id).where(
                SchoolClass.grade == 5, SchoolClass.letter == "А")).scalar_one()
            enrolment = session.execute(select(Enrolment).where(
                Enrolment.class_id == class_id, Enrolment.end_date.is_(None))
                .order_by(Enrolment.start_date)).scalars().first()
            assert enrolment is not None
            days = sorted(set(session.execute(
                select(Lesson.date).join(TeachingAssignment,
                                         TeachingAssignment.id == Lesson.assignment_id)
                .join(Subject, Subject.id == TeachingAssignment.subject_id)
                .where(TeachingAssignment.class_id == class_id, Subject.name == "Математика",
                       Lesson.date <= TODAY)).scalars()))
            left, back = days[-4], days[-2]
            student = session.get(Student, enrolment.student_id)
            assert student is not None
            admin = Actor(role=Role.ADMIN, device_id=local_device_id(session))
            leave_student(session, admin, student_id=student.id, end_date=left,
                          order="№ 60", reason="выезд на лечение")
            enrol_student(session, admin, student.id, class_id, back, "№ 61")
            session.commit()
            return student.surname, left, back
    finally:
        engine.dispose()


def test_a_returned_student_is_hatched_and_locked_only_in_the_gap(  # type: ignore[no-untyped-def]
    qtbot, demo_paths, app
):
    surname, left, back = _re_enrol_a_student(demo_paths)
    signed = signed_in(qtbot, demo_paths, MATH_TEACHER)
    page = open_page(qtbot, signed, find_journal(journals(qtbot, signed), "Математика"))
    model = page.model
    rows = [r for r in range(model.rowCount())
            if model.students[r].full_name.startswith(surname + " ")]
    assert len(rows) == 1, "one row for both stays"
    row = rows[0]
    student = model.students[row]
    assert len(student.spans) == 2 and student.note.endswith(f"{back:%d.%m}")
    assert "выбыл" in student.note and "прибыл" in student.note
    from PySide6.QtCore import Qt

    assert model.headerData(row, Qt.Orientation.Vertical,
                            Qt.ItemDataRole.ToolTipRole) == student.note  # the whole story
    lessons = [(c, model.lesson_at(c)) for c in range(model.columnCount())
               if model.lesson_at(c) is not None]
    gap = [c for c, lesson in lessons if left < lesson.date < back]
    before = [c for c, lesson in lessons if lesson.date <= left]
    after = [c for c, lesson in lessons if back <= lesson.date <= TODAY]
    assert gap and before and after
    for column in gap:
        assert not model.cell_editable(row, column)
    assert model.cell_editable(row, after[-1]) and model.cell_editable(row, before[-1])
    for column in (gap[0], after[-1]):
        page.view.scrollTo(model.index(row, column))
        image = page.grab().toImage()
        if column == gap[0]:  # for a person to look at ($DIARY_SCREENSHOTS)
            image.save(str(Path(os.environ.get("DIARY_SCREENSHOTS") or "/tmp")
                           / "journal_returned_student.png"))
        hatched = rgb(ABSENT_BRUSH.color()) in cell_pixels(page, image, row, column)
        assert hatched == (column in gap), column
