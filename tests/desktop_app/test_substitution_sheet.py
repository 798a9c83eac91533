"""The day's substitutions sheet for the staff room: the substituted and the
cancelled lessons of the day in the PDF's text and the workbook, only for the
administration, ``school-journal report substitutions --day`` and the report window's
«День» field on the tiny demo."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from database.demo import DEMO_PASSWORDS
from database.errors import PermissionDenied
from database.paths import SchoolPaths
from database.services.lessons import cancel_lesson, set_substitution
from desktop_app.cli import PASSWORD_ENV, main
from desktop_app.report_window import ReportWindow
from desktop_app.reports.registry import Params, document
from desktop_app.setup.date_range import qdate
from tests.database.conftest import TODAY, SmallSchool, device_id, engine, session, small_school
from tests.desktop_app.journal_helpers import signed_in

__all__ = ["device_id", "engine", "session", "small_school"]  # fixtures


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_sheet_lists_the_days_substitutions_and_cancellations(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    s = small_school
    entry = document("substitutions")
    empty = entry.load(session, s.admin, Params(day=TODAY))
    assert empty.lines == ()
    assert "Замен и отмен на этот день нет" in _text(
        entry.pdf(tmp_path / "empty.pdf", empty, lambda *_: None))

    set_substitution(session, s.admin, s.math_lesson_today_id, s.other_teacher_id,
                     "болезнь учителя")
    cancel_lesson(session, s.admin, s.english1_lesson_today_id, "карантин")
    session.commit()
    sheet = entry.load(session, s.admin, Params(day=TODAY))
    assert [(x.lesson_number, x.subject, x.substitute, x.note) for x in sheet.lines] == [
        (1, "Математика", "Попова Е. В.", "болезнь учителя"),
        (2, "Английский язык (Английский, 1 гр.)", "", "урок отменён"),
    ]
    text = _text(entry.pdf(tmp_path / "sheet.pdf", sheet, lambda *_: None))
    assert "Замены уроков на 18.11.2026, среда" in text
    assert "Замен: 1, отменённых уроков: 1." in text
    assert "Попова Е. В." in text and "болезнь учителя" in text and "урок отменён" in text
    assert "5 «А»" in text and "Математика" in text
    assert entry.xlsx is not None
    book = openpyxl.load_workbook(entry.xlsx(tmp_path / "sheet.xlsx", sheet, lambda *_: None))
    rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert any("Попова Е. В." in row for row in rows)
    with pytest.raises(PermissionDenied, match="лист замен"):
        entry.load(session, s.math_teacher, Params(day=TODAY))


def test_the_sheet_from_the_command_line(
    demo_paths: SchoolPaths, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    out = demo_paths.root / "s.pdf"
    assert main(["report", "--data-dir", str(demo_paths.root), "--user", "admin",
                 "substitutions", "--day", "2026-11-18", "--out", str(out)]) == 0
    assert "Документ сохранён" in capsys.readouterr().out
    assert "Замены уроков на 18.11.2026, среда" in _text(out)


def test_the_report_window_asks_for_the_day(qtbot, demo_paths) -> None:  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, "admin", role="admin")
    window = ReportWindow(signed.actor, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.document_combo.findData("substitutions") >= 0,
                    timeout=30_000)
    window.document_combo.setCurrentIndex(window.document_combo.findData("substitutions"))
    assert window.day_edit.isVisible() and not window.week_edit.isVisible()
    assert not window.from_edit.isVisible() and not window.class_combo.isVisible()
    window.day_edit.setDate(qdate(TODAY))
    request = window.current_request()
    assert request is not None and request.params.day == TODAY
