"""The documents added to the registry for issue 13, as printed: progress by teacher
and by grade level, the class teacher's daily sheet, substitutions and cancellations,
and the quarterly report on keeping the electronic journal (PDF text with the decimal
comma and the legends; the workbook's real numbers and print setup), built from the
hand-built data of the database tests, and two of them from the command line."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session

from database.demo import DEMO_PASSWORDS
from database.paths import SchoolPaths
from desktop_app.cli import PASSWORD_ENV, main
from desktop_app.reports.registry import Params, document
from tests.database.conftest import SmallSchool, device_id, engine, session, small_school
from tests.database.test_activity_indicators import REPORT_AT, week
from tests.database.test_daily_sheet_substitutions import MONDAY, monday
from tests.database.test_progress_attendance import Q2, _period_marks
from tests.database.test_progress_scope import marked
from tests.desktop_app.test_reports_control import _text

__all__ = ["device_id", "engine", "marked", "monday", "session", "small_school", "week"]


def _build(key: str, session: Session, actor_school: SmallSchool, tmp_path: Path,
           params: Params, *, at: datetime | None = None) -> tuple[str, openpyxl.Workbook]:
    entry = document(key)
    actor = actor_school.admin if at is None else replace(actor_school.admin, clock=lambda: at)
    data = entry.load(session, actor, params)
    pdf = entry.pdf(tmp_path / f"{key}.pdf", data, lambda stage, fraction: None)
    assert entry.xlsx is not None
    xlsx = entry.xlsx(tmp_path / f"{key}.xlsx", data, lambda stage, fraction: None)
    return _text(pdf), openpyxl.load_workbook(xlsx)


def _print_setup(sheet: openpyxl.worksheet.worksheet.Worksheet, orientation: str) -> None:
    """Landscape where wide, fitted to the width, the title row on every page, the
    running header and footer."""
    assert sheet.page_setup.orientation == orientation
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.right.text  # page numbers in the footer
    assert sheet.oddHeader.center.text  # the document in the header (the school left of it)


def test_progress_by_teacher_and_by_grade(session: Session, marked: SmallSchool,
                                          tmp_path: Path) -> None:
    params = Params(date_from=Q2[0], date_to=Q2[1], today=date(2026, 12, 28))
    text, book = _build("progress_teacher", session, marked, tmp_path, params)
    assert "Успеваемость по учителям" in text
    assert "Кузнецова А. И." in text and "5 «А» · Английский язык (Английский, 2 гр.)" in text
    assert "66,7" in text and "57,0" in text and "26,0" in text  # decimal comma
    assert "% успеваемости = (n«5» + n«4» + n«3») / N × 100" in text
    assert "Не учтены классы: 1-е" in text
    sheet = book[book.sheetnames[0]]
    assert sheet.cell(row=5, column=1).value == "Кузнецова А. И."
    assert sheet.cell(row=5, column=10).value == 75.0  # % успеваемости, a number
    assert sheet.cell(row=5, column=1).font.bold
    _print_setup(sheet, "landscape")  # 13 columns
    text, book = _build("progress_grade", session, marked, tmp_path, params)
    assert "Успеваемость по параллелям" in text and "5-е классы" in text
    assert "71,4" in text and "55,3" in text
    assert "1-е классы" not in text
    # The class's report lists the average against the period mark, a student a row.
    text, book = _build("progress", session, marked, tmp_path,
                        Params(class_id=marked.class_id, date_from=Q2[0], date_to=Q2[1]))
    assert "Средний балл и итоговая отметка · II четверть" in text
    sheet = book["Средний балл и итоговая отметка"]
    assert [sheet.cell(row=4, column=c).value for c in (1, 2, 3)] == [
        "Ученик", "Матем.", "Англ."]
    assert sheet.cell(row=5, column=1).value == "Алексеев Иван"
    assert sheet.cell(row=5, column=2).value == "— / 5"  # no current marks, «5» given


def test_daily_sheet_document(session: Session, monday: SmallSchool, tmp_path: Path) -> None:
    text, book = _build("daily", session, monday, tmp_path,
                        Params(class_id=monday.class_id, day=MONDAY, today=MONDAY))
    assert "Ежедневный лист посещаемости 5 «А» класса" in text
    assert "16.11.2026, понедельник" in text
    assert "3 ур. — Попова Е. В." in text and "Отменены: 4 ур. Математика" in text
    assert "Алексеев Иван Петрович" in text and "б ×2" in text
    assert "Весь день — ученик пропустил все свои уроки этого дня" in text
    sheet = book[book.sheetnames[0]]
    assert [sheet.cell(row=4, column=c).value for c in range(3, 6)] == [
        "1 ур. Матем.", "2 ур. Англ. (Английский, 1 гр.)", "3 ур. Англ. (Английский, 2 гр.)"]
    assert [sheet.cell(row=5, column=c).value for c in range(3, 9)] == [
        "б", "б", "—", 2, "б ×2", "да"]
    _print_setup(sheet, "portrait")  # three lessons fit a portrait page


def test_substitutions_document(session: Session, monday: SmallSchool, tmp_path: Path) -> None:
    text, book = _build("substitutions_period", session, monday, tmp_path,
                        Params(date_from=MONDAY, date_to=date(2026, 11, 22), today=MONDAY))
    assert "Замены и отмены уроков" in text and "Замен: 1, отменено уроков: 1" in text
    assert "Попова Е. В." in text and "курсы" in text and "карантин" in text
    assert book.sheetnames[:3] == ["Уроки", "Провели замен", "Не провели своих уроков"]
    links = document("substitutions_period").links(  # type: ignore[misc]
        document("substitutions_period").load(session, monday.admin,
                                       Params(date_from=MONDAY, date_to=MONDAY)))
    assert [link.assignment_id for link in links] == [monday.english2_assignment_id,
                                                      monday.math_assignment_id]


def test_quarterly_report(session: Session, week: SmallSchool, tmp_path: Path) -> None:
    _period_marks(session, week)
    text, book = _build("quarterly", session, week, tmp_path,
                        Params(date_from=date(2026, 11, 5), date_to=date(2026, 12, 28),
                               today=date(2026, 11, 20)), at=REPORT_AT)
    assert "Отчёт о ведении электронного журнала" in text
    assert "Показатели активности за период" in text
    # The lesson indicators of the quarter's weeks (only 16.11 has lessons): planning
    # 2 of 5, keeping 3 of 5, online 4 of 5.
    assert "40,0" in text and "2 из 5" in text and "3 из 5" in text and "80,0" in text
    assert "Контроль ведения журнала: итоги" in text and "Журналов проверено" in text
    assert "Успеваемость по параллелям" in text and "5-е классы" in text
    assert "Успеваемость и качество по параллелям" in text  # the bar chart's title
    assert "Расписание заполнено у класса, если" in text  # the one definition, in the legend
    assert "Показатели активности за период" in book.sheetnames
    figures = book["Показатели активности за период"]
    assert figures.cell(row=6, column=3).value == 40.0
    _print_setup(figures, "portrait")


@pytest.mark.usefixtures("recorded_messages")
def test_daily_sheet_and_quarterly_from_the_command_line(
    demo_paths: SchoolPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    root = ["--data-dir", str(demo_paths.root)]
    out = tmp_path / "day.pdf"
    assert main([*root, "report", "daily", "--user", "admin", "--class", "5А",
                 "--day", "2026-11-16", "--out", str(out)]) == 0
    assert "Ежедневный лист посещаемости 5 «А» класса" in _text(out)
    out = tmp_path / "quarter.xlsx"
    assert main([*root, "report", "quarterly", "--user", "admin", "--from", "2026-11-05",
                 "--to", "2026-11-20", "--out", str(out)]) == 0
    assert "Показатели активности за период" in openpyxl.load_workbook(out).sheetnames
    assert os.path.getsize(out) > 0
