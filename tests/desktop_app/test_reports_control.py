"""The administration's documents as printed: activity indicators, journal-keeping
control, progress and attendance, built from the hand-built week of the data tests
(PDF text, the decimal comma, the legend; the workbook's numbers and print setup),
and ``school-journal report activity`` on the tiny demo school."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from database.demo import DEMO_PASSWORDS
from database.paths import SchoolPaths
from desktop_app.cli import PASSWORD_ENV, main
from desktop_app.reports.registry import Params, document
from tests.database.conftest import SmallSchool, device_id, engine, session, small_school
from tests.database.test_activity_indicators import REPORT_AT, week
from tests.database.test_progress_attendance import Q2, _period_marks

__all__ = ["device_id", "engine", "session", "small_school", "week"]  # fixtures


def _text(path: Path) -> str:
    """The PDF's words, one space apart (cells wrap their text onto lines)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _build(key: str, session: Session, school: SmallSchool, tmp_path: Path,
           params: Params, *, at: datetime | None = None) -> tuple[str, openpyxl.Workbook]:
    entry = document(key)
    actor = school.admin if at is None else replace(school.admin, clock=lambda: at)
    data = entry.load(session, actor, params)
    pdf = entry.pdf(tmp_path / f"{key}.pdf", data, lambda stage, fraction: None)
    assert entry.xlsx is not None
    xlsx = entry.xlsx(tmp_path / f"{key}.xlsx", data, lambda stage, fraction: None)
    return _text(pdf), openpyxl.load_workbook(xlsx)


def test_activity_report(session: Session, week: SmallSchool, tmp_path: Path) -> None:
    text, book = _build("activity", session, week, tmp_path,
                        Params(day=date(2026, 11, 18)), at=REPORT_AT)
    assert "Показатели активности ведения электронного журнала" in text
    assert "Неделя 16.11.2026–22.11.2026" in text
    assert "Онлайн-ведение" in text and "80,0" in text and "4 из 5" in text  # comma
    assert "40,0" in text and "66,7" in text  # planning a week, keeping a year
    assert "Смирнова О. П." in text and "Попова Е. В." in text and "6 «Б»" in text
    assert "Пояснения и определения" in text and "не позднее 24 часов" in text
    sheet = book["Показатели по школе"]
    assert sheet.cell(row=5 + 5, column=3).value == 80.0  # a number, not a text
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$4:$4"
    assert "Пояснения" in book.sheetnames


def test_control_report(session: Session, week: SmallSchool, tmp_path: Path) -> None:
    text, book = _build("control", session, week, tmp_path,
                        Params(date_from=date(2026, 11, 16), date_to=date(2026, 11, 20)),
                        at=REPORT_AT)
    assert "Справка по итогам контроля ведения электронного журнала" in text
    assert "период 16.11.2026–20.11.2026" in text
    assert "Уроки без темы: 2" in text and "18.11 (1 ур.), 20.11 (1 ур.)" in text
    assert "Уроки без отметок посещаемости и без отметки о проведении: 1" in text
    assert "Кузнецова А. И." in text and "5 «А» · Математика" in text
    assert "Накопляемость" in text
    summary = book["Сводка по журналам"]
    titles = [summary.cell(row=4, column=c).value for c in range(1, 12)]
    assert titles[:4] == ["Учитель", "Журнал", "Уроков", "Без темы"]
    assert book["Замечания"].max_row > 4


def test_progress_report(session: Session, small_school: SmallSchool, tmp_path: Path) -> None:
    s = small_school
    _period_marks(session, s)
    text, book = _build("progress", session, s, tmp_path,
                        Params(class_id=s.class_id, date_from=Q2[0], date_to=Q2[1],
                               today=date(2026, 11, 18)))
    assert "Отчёт об успеваемости 5 «А» класса" in text
    assert "II четверть (по 28.12.2026)" in text
    assert "66,7" in text and "57,0" in text and "4,50" in text  # math: quality, СОУ, mean
    assert "71,4" in text and "55,3" in text  # the total line
    assert "Итого по предметам" in text
    assert "Отличники" in text and "Алексеев Иван" in text
    assert "Григорьева Анна" in text and "Англ., Матем." in text
    assert "СОУ (степень обученности учащихся)" in text
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    math = next(r for r in rows if r[0] == "Математика")
    assert math[2:10] == (3, 1, 1, 0, 0, 1, 1, 0) and math[10:13] == (66.7, 66.7, 57.0)


def test_attendance_report(session: Session, small_school: SmallSchool,
                           tmp_path: Path) -> None:
    s = small_school
    text, book = _build("attendance", session, s, tmp_path,
                        Params(class_id=s.class_id, date_from=date(2026, 11, 5),
                               date_to=date(2026, 11, 18), today=date(2026, 11, 18)))
    assert "Отчёт о посещаемости 5 «А» класса" in text
    assert "Всего по классу" in text and "Пропущено дней" in text
    assert "Дмитриев Олег Ильич (выбыл 10.11)" in text
    assert book.worksheets[0].cell(row=4, column=9).value == "Пропущено дней"


def test_activity_from_the_command_line(
    demo_paths: SchoolPaths, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    out = demo_paths.root / "a.pdf"
    assert main(["report", "--data-dir", str(demo_paths.root), "--user", "admin", "activity",
                 "--week", "2026-11-18", "--out", str(out)]) == 0
    assert "Документ сохранён" in capsys.readouterr().out
    text = _text(out)
    assert "Неделя 16.11.2026–22.11.2026" in text and "По учителям" in text
    xlsx = demo_paths.root / "c.xlsx"
    assert main(["report", "--data-dir", str(demo_paths.root), "--user", "admin", "control",
                 "--from", "2026-11-09", "--to", "2026-11-18", "--out", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx).sheetnames[:2] == ["Сводка по журналам", "Замечания"]
