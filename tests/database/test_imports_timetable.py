"""The timetable import: one sheet per class (the class from the sheet's title) or one
long table; the preview says which lessons are new and which the timetable has
already; a clash (the teacher, the class, against another class's lessons), a
subject the class is not taught or two start dates refuse their rows, and then
nothing is written; written, the class has the file's week from its date and the
future lessons follow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.imports.engine import preview_import, run_import
from database.imports.outcome import ImportRefused, Status
from database.imports.templates import write_template
from database.models import ChangeLog, Lesson, TimetableEntry
from database.queries.timetable_entries import entries_on
from database.services import timetable as svc
from database.services.classes import create_class
from database.services.subjects import assign_teaching
from tests.database.conftest import SmallSchool
from tests.database.test_services_support import assert_chain_ok

START = date(2026, 11, 23)
HEADER = ["День недели", "№ урока", "Предмет", "Группа", "Кабинет", "Действует с"]


def _book(path: Path, sheets: dict[str, list[list[object]]], header: list[str]) -> Path:
    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(["Расписание уроков"])  # a title above the header is skipped
        if rows and len(rows[0]) > 1:  # a notes sheet has no header
            sheet.append(header)
        for row in rows:
            sheet.append(row)
        first = False
    book.save(path)
    return path


def _counts(session: Session) -> tuple[int, int]:
    return (session.execute(select(func.count()).select_from(TimetableEntry)).scalar_one(),
            session.execute(select(func.count()).select_from(ChangeLog)).scalar_one())


def test_one_sheet_per_class_written_from_its_date(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    s = small_school
    path = _book(tmp_path / "расписание.xlsx", {"5А": [
        ["понедельник", 1, "Математика", "", "", "23.11.2026"],
        ["ср", 1, "математика", "", "", ""],
        ["Среда", 2, "Английский язык", "Английский, 1 гр.", "", ""],
        ["чт", 2, "Английский язык", "Английский, 2 гр.", "203", ""],
        [5, 3, "Индивидуальный проект", "", "12", ""],
    ], "Пояснения": [["не расписание"]]}, HEADER)
    preview = preview_import(session, s.admin, "timetable", path)
    assert not preview.has_errors, [r.describe() for r in preview.errors]
    assert [r.status for r in preview.rows] == [Status.UNCHANGED] * 3 + [Status.NEW] * 2
    assert preview.rows[3].who == "5А, четверг, 2-й урок, Английский язык"

    result = run_import(session, s.admin, "timetable", path)
    session.commit()
    assert result.written
    week = sorted((e.weekday, e.lesson_number, e.room, e.valid_from)
                  for e in entries_on(session, s.class_id, START))
    assert week == [(1, 1, "", date(2026, 9, 1)), (3, 1, "", date(2026, 9, 1)),
                    (3, 2, "", date(2026, 9, 1)), (4, 2, "203", START), (5, 3, "12", START)]
    project_days = [day for (day,) in session.execute(
        select(Lesson.date).join(TimetableEntry, TimetableEntry.assignment_id
                                 == Lesson.assignment_id)
        .where(TimetableEntry.lesson_number == 3, TimetableEntry.weekday == 5,
               Lesson.lesson_number == 3))]
    assert project_days and min(project_days) == date(2026, 11, 27)  # the first Friday

    # A long table without Wednesday's mathematics: that entry stops the day before.
    long = _book(tmp_path / "long.xlsx", {"Лист1": [
        ["5 «А»", "пн", 1, "Математика", "", "", "30.11.2026"],
        ["5А", "ср", 2, "Английский язык", "Английский, 1 гр.", "", ""],
        ["5А", "чт", 2, "Английский язык", "Английский, 2 гр.", "203", ""],
        ["5А", "пт", 3, "Индивидуальный проект", "", "12", ""],
    ]}, ["Класс", *HEADER])
    preview = preview_import(session, s.admin, "timetable", long)
    assert "с 30.11.2026 снимаются уроки класса, которых нет в файле: 1" in \
        preview.rows[0].detail
    run_import(session, s.admin, "timetable", long)
    session.commit()
    wednesday = session.execute(select(TimetableEntry.valid_to).where(
        TimetableEntry.weekday == 3, TimetableEntry.lesson_number == 1)).scalar_one()
    assert wednesday == date(2026, 11, 29)
    assert len(entries_on(session, s.class_id, date(2026, 11, 30))) == 4
    assert_chain_ok(session)  # the bulk-inserted entries are in the change log's chain


def test_a_clash_refuses_the_file_and_nothing_is_written(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    s = small_school
    # 5 «Б»: mathematics with 5 «А»'s teacher on Tuesday's first lesson.
    other = create_class(session, s.admin, s.year_id, 5, "Б")
    math_b = assign_teaching(session, s.admin, s.year_id, other.id, s.math_id,
                             s.math_teacher_id, 5)
    svc.add_timetable_entry(session, s.admin, math_b.id, 2, 1, date(2026, 9, 1))
    session.commit()
    before = _counts(session)
    path = _book(tmp_path / "clash.xlsx", {"Лист1": [
        ["5А", "пн", 2, "Английский язык", "Английский, 1 гр.", "", ""],
        ["5А", "пн", 2, "Английский язык", "Английский, 2 гр.", "", ""],  # same teacher
        ["5А", "вт", 3, "Математика", "", "", ""],
        ["5А", "вт", 3, "Индивидуальный проект", "", "", ""],  # the class is busy
        ["5А", "вт", 1, "Математика", "", "", ""],  # the teacher is in 5 «Б» then
        ["5А", "чт", 1, "Физика", "", "", ""],
        ["5А", "пт", 1, "Математика", "", "", "01.12.2026"],
        ["5А", "пт", 2, "Математика", "", "", "02.12.2026"],
    ]}, ["Класс", *HEADER])
    preview = preview_import(session, s.admin, "timetable", path)
    errors = {r.row: r.detail for r in preview.errors}
    assert set(errors) == {4, 6, 7, 8, 10}, errors
    assert "понедельник, 2-й урок: Кузнецова А. И. в это время уже ведёт урок " \
           "(Английский язык, 5 «А» (Английский, 1 гр.), строка 3)" in errors[4]
    assert "вторник, 3-й урок: у класса в это время уже стоит урок (Математика, 5 «А», " \
           "строка 5)" in errors[6]
    assert "вторник, 1-й урок: Смирнова О. П. в это время уже ведёт урок " \
           "(Математика, 5 «Б», уже в расписании)" in errors[7]
    assert "нет предмета «Физика»" in errors[8] and "импортируйте нагрузку" in errors[8]
    assert "одна дата «Действует с»" in errors[10]
    assert preview.errors[0].cell == "D4"  # the row's subject cell
    with pytest.raises(ImportRefused, match="Ничего не записано"):
        run_import(session, s.admin, "timetable", path)
    session.rollback()
    assert _counts(session) == before


def test_a_sheet_not_named_after_a_class(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    path = _book(tmp_path / "t.xlsx", {"Лист1": [["пн", 1, "Математика", "", "", ""]],
                                       "5Б": [["пн", 1, "Математика", "", "", ""]]}, HEADER)
    preview = preview_import(session, small_school.admin, "timetable", path)
    first, second = preview.errors
    assert "назовите лист «5А»" in first.detail and first.cell == "Лист1!A3"
    # Rows of several sheets name their sheet in the cell.
    assert "Класса 5 «Б» нет" in second.detail and second.cell == "5Б!A3"


def test_the_filled_template_imports_its_first_sheet_only(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    """The template's «Пояснения» sheet repeats the headers over examples: not data."""
    path = write_template("timetable", tmp_path / "timetable.xlsx")
    book = load_workbook(path)
    book.worksheets[0].append(["5А", "пн", 1, "Математика", "", "", "", ""])
    book.save(path)
    preview = preview_import(session, small_school.admin, "timetable", path)
    assert [(r.row, r.status) for r in preview.rows] == [(2, Status.UNCHANGED)]
