"""The report window offers issue 13's documents by role (tiny demo, offscreen): the
class teacher's daily sheet with a day field, only for its class; the quarterly
report and progress by grade level to the administration only; substitutions with
lines that open the journal; and the «Отчёты» page keeps its status column in sight."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Lesson, Staff, TeachingAssignment
from database.paths import SchoolPaths
from database.queries.home import Indicator
from database.services.lessons import set_substitution
from desktop_app.home_pages import reports_page
from desktop_app.report_window import ReportWindow
from tests.desktop_app.conftest import TODAY
from tests.desktop_app.test_diary_window import _attach
from tests.desktop_app.test_report_window import WAIT_MS, _build, _choose, _window


def _offered(window: ReportWindow) -> list[str]:
    return [window.document_combo.itemData(i) for i in range(window.document_combo.count())]


def _text(window: ReportWindow) -> str:
    assert window.pdf_path is not None
    return " ".join(" ".join(p.extract_text() for p in PdfReader(window.pdf_path).pages).split())


def test_class_teacher_builds_the_daily_sheet_of_its_class(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path
) -> None:
    window = _window(qtbot, demo_paths, "pavlova.lg")
    offered = _offered(window)
    assert {"daily", "progress_teacher", "substitutions_period"} <= set(offered)
    assert "quarterly" not in offered and "progress_grade" not in offered
    _choose(window, "daily")
    assert window.day_edit.isVisible() and window.class_combo.isVisible()
    assert not window.week_edit.isVisible() and not window.from_edit.isVisible()
    assert [window.class_combo.itemText(i) for i in range(window.class_combo.count())] == [
        "5 «А»"]
    window.day_edit.setDate(QDate(2026, 11, 16))
    _build(qtbot, window)
    text = _text(window)
    assert "Ежедневный лист посещаемости 5 «А» класса" in text
    assert "16.11.2026, понедельник" in text
    assert window.save_xlsx_button.isEnabled()
    out = Path(os.environ.get("DIARY_SCREENSHOTS") or tmp_path)
    assert window.grab().save(str(out / "report_window_daily.png"))


def test_admin_builds_the_quarterly_report_and_substitutions(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    opened: list[tuple[uuid.UUID, uuid.UUID | None]] = []
    signed = _attach(qtbot, demo_paths, "admin")
    with signed.sessions() as session:  # one substitution on a lesson already given
        lesson, teacher = _a_lesson_and_another_teacher(session)
        set_substitution(session, signed.actor, lesson, teacher, "болезнь учителя")
        session.commit()
    window = ReportWindow(signed.actor, today=lambda: TODAY,
                          open_lesson=lambda a, lesson: opened.append((a, lesson)))
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitUntil(lambda: window.class_combo.count() > 0, timeout=WAIT_MS)
    _choose(window, "quarterly")
    assert not window.class_combo.isVisible() and window.range_combo.isVisible()
    assert window.range_combo.currentText().startswith("II четверть")
    _build(qtbot, window)
    text = _text(window)
    assert "Отчёт о ведении электронного журнала" in text
    assert "Показатели активности за период" in text and "Контроль ведения журнала" in text
    _choose(window, "substitutions_period")
    window.from_edit.setDate(QDate(2026, 9, 1))
    _build(qtbot, window)
    assert "Замены и отмены уроков" in _text(window)
    assert [link.lesson_id for link in window.links] == [lesson]
    window.links_list.itemActivated.emit(window.links_list.item(0))  # a line opens its journal
    assert opened == [(window.links[0].assignment_id, window.links[0].lesson_id)]


def _a_lesson_and_another_teacher(session: Session) -> tuple[uuid.UUID, uuid.UUID]:
    lesson, own = session.execute(
        select(Lesson.id, TeachingAssignment.teacher_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(Lesson.date == date(2026, 11, 16), Lesson.cancelled.is_(False))
        .order_by(Lesson.lesson_number).limit(1)).one()
    other = session.execute(select(Staff.id).join(
        TeachingAssignment, TeachingAssignment.teacher_id == Staff.id)
        .where(Staff.id != own).limit(1)).scalar_one()
    return lesson, other


def test_the_status_column_of_the_indicators_stays_in_sight(app: object, qtbot: QtBot) -> None:
    rows = tuple(Indicator(title, 50.0, 70.0, "10 из 20 уроков") for title in (
        "Ведение журнала: уроки с отметкой, посещаемостью, отметкой о проведении или "
        "комментарием", "Онлайн-ведение: записи, сделанные в течение 24 ч после урока"))
    page = reports_page(rows)
    qtbot.addWidget(page)
    page.resize(700, 400)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    from PySide6.QtWidgets import QTableWidget

    table = page.findChild(QTableWidget, "indicatorsTable")
    assert table is not None
    status = table.columnCount() - 1
    right = table.columnViewportPosition(status) + table.columnWidth(status)
    assert right <= table.viewport().width()
    assert table.columnWidth(status) >= table.horizontalHeader().sectionSizeHint(status)
