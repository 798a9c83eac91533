"""The printed documents, read back from the files: the class journal for binding, the
summary sheet, the diary extracts and the XLSX exports.

The ``tiny`` demo school (built once per run, tests/conftest.py; today 2026-11-18)
is copied once for this module and opened read-only with a system actor; every
document is built once and the tests read the files with pypdf and openpyxl.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import local_device_id
from database.models import Attendance, Lesson, Mark
from database.paths import SchoolPaths
from database.queries.class_book import ClassBookData, load_class_book
from database.queries.extract import StudentExtract, load_class_extracts
from database.queries.journal import JournalData
from database.queries.summary import EXAM, YEAR, SummaryData, load_summary, resolve_class
from desktop_app.reports.class_book import (
    build_class_book,
    journal_dates,
    journal_name,
    lesson_blocks,
    marks_table,
    month_header,
    topics_table,
)
from desktop_app.reports.extract import build_extracts
from desktop_app.reports.fonts import register_fonts
from desktop_app.reports.journal_xlsx import build_journal_xlsx
from desktop_app.reports.layout import Book, Drawn, sheet_place
from desktop_app.reports.numwords import certification_text, number_in_words, plural
from desktop_app.reports.summary_sheet import (
    DECISION_TITLE,
    build_summary_pdf,
    build_summary_xlsx,
)
from tests.conftest import copy_demo, open_demo

TODAY = date(2026, 11, 18)
BINDING = 30 * mm
EXTRACT_FROM = date(2026, 11, 1)


@dataclass
class Built:
    book_data: ClassBookData
    summary: SummaryData
    extracts: tuple[StudentExtract, ...]
    book: Path
    summary_pdf: Path
    extracts_pdf: Path
    journal_xlsx: Path
    summary_xlsx: Path
    session: Session
    tmp: Path


@pytest.fixture(scope="module")
def built(demo_template: SchoolPaths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    tmp = tmp_path_factory.mktemp("reports")
    engine = open_demo(copy_demo(demo_template, tmp / "school"))
    with Session(engine) as session:
        actor = Actor.system(local_device_id(session), clock=lambda: datetime(2026, 11, 18, 15))
        class_id = resolve_class(session, "5А")
        book_data = load_class_book(session, actor, class_id)
        summary = load_summary(session, actor, class_id)
        extracts = load_class_extracts(session, actor, class_id, EXTRACT_FROM, TODAY)
        result = Built(
            book_data=book_data, summary=summary, extracts=extracts,
            book=build_class_book(tmp / "journal.pdf", book_data),
            summary_pdf=build_summary_pdf(tmp / "summary.pdf", summary),
            extracts_pdf=build_extracts(tmp / "extracts.pdf", extracts),
            journal_xlsx=build_journal_xlsx(tmp / "journal.xlsx", book_data.journals),
            summary_xlsx=build_summary_xlsx(tmp / "summary.xlsx", summary),
            session=session, tmp=tmp,
        )
        yield result
    engine.dispose()


# --- reading PDFs back --------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    font: str
    size: float
    rotated: bool

    @property
    def x_end(self) -> float:
        if self.rotated:
            return self.x
        return self.x + stringWidth(self.text, self.font, self.size)

    @property
    def x_start(self) -> float:
        return self.x - self.size * 1.2 if self.rotated else self.x


def page_texts(page: Any) -> list[Text]:
    """Every text chunk of a page with its position (text space × CTM)."""
    register_fonts()
    found: list[Text] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = text.strip("\n")
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1] if font else ""
        found.append(Text(x, y, text, base, size, abs(cm[0]) < 1e-6 and abs(cm[1]) > 0.5))

    page.extract_text(visitor_text=visit)
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the journal for binding ----------------------------------------------------------------


def _sheet_numbers(path: Path) -> list[list[str]]:
    """The «Лист N» found on each page, top right, away from the binding."""
    reader = PdfReader(path)
    found = []
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        found.append([t.text for t in page_texts(page) if re.fullmatch(r"Лист \d+", t.text)
                      and t.x_end > width * 0.75 and t.y > height - 40])
    return found


def test_sheets_are_numbered_on_the_front_of_each_duplex_sheet(built: Built) -> None:
    numbers = _sheet_numbers(built.book)
    pages = len(numbers)
    assert pages > 10
    assert pages % 2 == 1, "the certification sheet is the front of a sheet of its own"
    for page, found in enumerate(numbers[:-1], start=1):
        # Page 2k−1 is the front of sheet k, page 2k its back (no number there).
        assert found == ([f"Лист {(page + 1) // 2}"] if page % 2 else []), f"page {page}"
    assert numbers[-1] == []  # the certification sheet is not numbered


def test_certification_counts_the_sheets_before_it(built: Built) -> None:
    reader = PdfReader(built.book)
    numbered_pages = len(reader.pages) - 1  # all but the certification sheet
    total = -(-numbered_pages // 2)  # N pages → ⌈N/2⌉ sheets
    assert total == (len(reader.pages) - 1) // 2
    last = flat(reader.pages[-1].extract_text())
    noun = plural(total, "лист", "листа", "листов")
    assert f"{total} ({number_in_words(total)}) {noun}" in last
    assert certification_text(total) in last
    assert "Директор" in last and "М. П." in last
    assert built.book_data.header.director_name in last
    title = flat(reader.pages[0].extract_text())
    assert f"В деле {total} ({number_in_words(total)})" in title
    assert "Хранить 5 лет" in title and "Индекс дела" in title
    first, last_day = journal_dates(built.book_data)
    assert f"Начато {first:%d.%m.%Y}" in title and f"Окончено {last_day:%d.%m.%Y}" in title


def test_a_book_of_n_pages_has_ceil_n_over_2_sheets() -> None:
    for pages in range(1, 8):
        book = Book(title="t", author="a", header_left="", header_center="", header_right="",
                    generated_on=TODAY, numbering="sheets")
        for index in range(pages):
            if index:
                book.page_break()
            book.add(Drawn(10, 10, lambda canvas, w, h: None))
        assert book.total_sheets == -(-pages // 2)
        book.start_sheet()  # the certification: a sheet of its own, not counted
        book.unnumbered()
        book.add(Drawn(10, 10, lambda canvas, w, h: None))
        assert book.total_pages % 2 == 1 and book.total_sheets == -(-pages // 2)
    assert [sheet_place(p) for p in (1, 2, 3, 4)] == ["1", "1 об.", "2", "2 об."]

def test_sections_are_bookmarked_on_their_pages(built: Built) -> None:
    reader = PdfReader(built.book)
    total = len(reader.pages)
    marks: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks[str(item.title)] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    assert marks["Титульный лист"] == 1
    assert marks["Заверительный лист"] == total
    # The summary sheet starts on the front of a sheet and the next section on the
    # next sheet: it can be taken out whole for its 25 years.
    summary, missed = marks["Сводная ведомость учёта успеваемости"], marks[
        "Учёт пропущенных уроков"]
    assert summary % 2 == 1 and missed % 2 == 1
    assert "Сводная ведомость" in reader.pages[summary - 1].extract_text()
    assert "Сводная ведомость" not in " ".join(
        reader.pages[n].extract_text() for n in range(missed - 1, total))
    assert "Сводная ведомость" not in reader.pages[summary - 2].extract_text()
    for title in ("Содержание и условные обозначения", "Сводная ведомость учёта успеваемости",
                  "Учёт пропущенных уроков", "Общие сведения об учащихся", "Листок здоровья",
                  "Замечания по ведению классного журнала"):
        page = marks[title]
        assert title.split()[0] in reader.pages[page - 1].extract_text()
    contents = flat(reader.pages[marks["Содержание и условные обозначения"] - 1].extract_text())
    for journal in built.book_data.journals:
        name = journal_name(journal)
        page = marks[name]
        assert f"{name} — отметки и посещаемость" in flat(reader.pages[page - 1].extract_text())
        # Every subject's teacher in full, beside its sheet.
        teacher = journal.assignment.teacher_name
        assert len(teacher.split()) == 3
        assert f"{name} {teacher} {sheet_place(page)}" in contents
    # The legend shares the contents' page; the class's timetable is on the next one.
    assert "Условные обозначения" in contents and "по любой причине" in contents
    assert "«Лист N» — номер листа" in contents
    timetable_page = marks["Расписание уроков"]
    assert timetable_page == marks["Содержание и условные обозначения"] + 1
    timetable = flat(reader.pages[timetable_page - 1].extract_text())
    assert "Расписание уроков" in timetable and "Понедельник" in timetable
    assert built.book_data.timetable is not None and built.book_data.timetable.slots
    for slot in built.book_data.timetable.slots[:5]:
        assert slot.subject in timetable
    assert f"Расписание уроков {sheet_place(timetable_page)}" in contents


def test_pages_are_landscape_with_nothing_in_the_binding_margin(built: Built) -> None:
    for path in (built.book, built.summary_pdf):
        reader = PdfReader(path)
        for number, page in enumerate(reader.pages, start=1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert width > height
            texts = page_texts(page)
            assert texts
            if number % 2 == 1:
                leftmost = min(t.x_start for t in texts)
                assert leftmost >= BINDING - 0.5, f"{path.name} page {number}: {leftmost}"
            else:
                rightmost = max(t.x_end for t in texts)
                assert rightmost <= width - BINDING + 0.5, f"{path.name} page {number}"


def _font_problems(path: Path) -> list[str]:
    reader = PdfReader(path)
    problems: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        fonts = page["/Resources"].get("/Font", {})
        for name, ref in fonts.items():
            font = ref.get_object()
            fonts_to_check = [font]
            if font.get("/Subtype") == "/Type0":
                fonts_to_check = [d.get_object() for d in font["/DescendantFonts"]]
            for item in fonts_to_check:
                descriptor = item.get("/FontDescriptor")
                if descriptor is None:
                    problems.append(f"page {number} {name}: no descriptor ({item['/BaseFont']})")
                    continue
                descriptor = descriptor.get_object()
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"page {number} {name}: not embedded")
                if "DejaVu" not in str(item["/BaseFont"]):
                    problems.append(f"page {number} {name}: {item['/BaseFont']}")
    return problems


def test_every_font_is_embedded(built: Built) -> None:
    for path in (built.book, built.summary_pdf, built.extracts_pdf):
        assert _font_problems(path) == []


def test_identical_bytes_from_two_builds_when_invariant(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_class_book(built.tmp / "a.pdf", built.book_data, invariant=True)
    second = build_class_book(built.tmp / "b.pdf", built.book_data, invariant=True)
    assert first.read_bytes() == second.read_bytes()
    monkeypatch.setattr(rl_config, "invariant", 1)  # what RL_invariant=1 sets
    third = build_class_book(built.tmp / "c.pdf", built.book_data)
    assert third.read_bytes() == first.read_bytes()
    a = build_extracts(built.tmp / "e1.pdf", built.extracts)
    b = build_extracts(built.tmp / "e2.pdf", built.extracts)
    assert a.read_bytes() == b.read_bytes()


def _expected_cells(session: Session, journal: JournalData,
                    student_id: uuid.UUID) -> list[tuple[date, str]]:
    """(date, cell text) of one student in one journal, straight from the tables."""
    lessons = {
        lesson.id: lesson.date for lesson in session.execute(
            select(Lesson).where(Lesson.assignment_id == journal.assignment.id)
        ).scalars()
    }
    codes = dict(session.execute(
        select(Attendance.lesson_id, Attendance.code).where(
            Attendance.student_id == student_id, Attendance.lesson_id.in_(list(lessons)))
    ).all())
    marks: dict[uuid.UUID, list[str]] = {}
    for lesson_id, value in session.execute(
        select(Mark.lesson_id, Mark.value).where(
            Mark.student_id == student_id, Mark.lesson_id.in_(list(lessons))
        ).order_by(Mark.position)
    ).all():
        marks.setdefault(lesson_id, []).append(value)
    cells = []
    for lesson_id in codes.keys() | marks.keys():
        code = codes.get(lesson_id, "")
        printed = "н" if code in ("н", "б", "у", "п") else code  # every absence prints «н»
        text = " ".join(p for p in (printed, "/".join(marks.get(lesson_id, []))) if p)
        cells.append((lessons[lesson_id], text))
    return sorted(cells)


def _sample(built: Built) -> tuple[JournalData, Any]:
    """The first whole-class journal and its student with the most filled cells."""
    journal = next(j for j in built.book_data.journals if j.assignment.group_id is None)
    counts: dict[uuid.UUID, int] = {}
    for student_id, _ in journal.cells:
        counts[student_id] = counts.get(student_id, 0) + 1
    student = max(journal.students, key=lambda s: (counts.get(s.id, 0), str(s.id)))
    return journal, student


def test_every_mark_and_absence_of_a_sample_student_is_on_its_date(built: Built) -> None:
    journal, student = _sample(built)
    expected = _expected_cells(built.session, journal, student.id)
    assert any(any(ch.isdigit() for ch in text) for _, text in expected)
    assert any(text[0] == "н" for _, text in expected)

    reader = PdfReader(built.book)
    lesson_dates = [lesson.date for lesson in journal.lessons]
    title = f"{journal_name(journal)} — отметки и посещаемость"
    found: list[tuple[date, str]] = []
    pages = [p for p in reader.pages if title in flat(p.extract_text())]
    assert pages
    for page in pages:
        texts = page_texts(page)
        span = re.search(r"уроки (\d+)–(\d+)", flat(page.extract_text()))
        assert span is not None
        block = lesson_dates[int(span.group(1)) - 1:int(span.group(2))]
        name_row = next(t for t in texts if t.text.startswith(student.full_name))
        header = [t for t in texts if t.rotated and t.y > name_row.y]
        days = sorted((t for t in header if t.text.isdigit()), key=lambda t: t.x)
        assert [int(t.text) for t in days] == [d.day for d in block]
        others = [t.x for t in header if not t.text.isdigit()]  # period/year columns
        for text in texts:
            if text.rotated or abs(text.y - name_row.y) > 0.5 or text.x <= name_row.x_end:
                continue
            center = (text.x + text.x_end) / 2
            column = min(range(len(days)), key=lambda i: abs(days[i].x - 3 - center))
            if others and min(abs(o - 3 - center) for o in others) < abs(days[column].x - 3
                                                                       - center):
                continue  # a period mark
            found.append((block[column], text.text))
    assert sorted(found) == expected


def test_marks_pages_print_no_code_that_reads_as_a_mark(built: Built) -> None:
    """«б» reads as «6» in DejaVu: the marks pages print every absence as «н»; the
    illness count is still in the missed-lessons table."""
    reader = PdfReader(built.book)
    codes = {code for journal in built.book_data.journals
             for cell in journal.cells.values() for code in [cell.attendance] if code}
    assert "б" in codes  # the demo has illness absences to print
    seen = 0
    for page in reader.pages:
        text = flat(page.extract_text())
        if "— отметки и посещаемость" not in text:
            continue
        for chunk in page_texts(page):
            if chunk.rotated or chunk.size > 8:
                continue
            tokens = chunk.text.split()
            if tokens and all(re.fullmatch(r"[нбупо]+|\d(/\d)?", t) for t in tokens):
                seen += 1
                assert not {"б", "у", "п"} & set(tokens), chunk.text
    assert seen > 50
    missed = next(p for p in reader.pages if "Учёт пропущенных уроков" in p.extract_text()
                  and "бол." in p.extract_text())
    assert "бол." in missed.extract_text()


def test_each_marks_page_faces_its_topics_page(built: Built) -> None:
    reader = PdfReader(built.book)
    texts = [flat(page.extract_text()) for page in reader.pages]
    for journal in built.book_data.journals:
        name = journal_name(journal)
        marks_pages = [n for n, t in enumerate(texts, start=1)
                       if f"{name} — отметки и посещаемость" in t]
        assert marks_pages
        for number in marks_pages:
            assert number % 2 == 0, "a marks page is the left half of a spread"
            assert f"{name} — содержание уроков и домашние задания" in texts[number]


def test_progress_reaches_the_end_and_an_exception_from_it_cancels(built: Built) -> None:
    seen: list[float] = []
    path = build_class_book(built.tmp / "progress.pdf", built.book_data,
                            progress=lambda stage, fraction: seen.append(fraction))
    assert path.exists() and seen[-1] == 1.0 and seen == sorted(seen)

    class Cancelled(Exception):
        pass

    def cancel(stage: str, fraction: float) -> None:
        if fraction > 0.5:
            raise Cancelled

    target = built.tmp / "cancelled.pdf"
    target.write_bytes(b"the previous file")
    with pytest.raises(Cancelled):
        build_class_book(target, built.book_data, progress=cancel)
    assert target.read_bytes() == b"the previous file"
    assert sorted(p.name for p in built.tmp.iterdir() if p.name.startswith(".")) == []


def test_movers_are_shown_as_in_the_grid(built: Built) -> None:
    text = flat(" ".join(p.extract_text() for p in PdfReader(built.book).pages[2:4]))
    notes = [s.note for s in built.book_data.students if s.note]
    assert notes
    for student in built.book_data.students:
        if student.left_note:
            assert f"({student.left_note})" in text
        if student.arrived_note:
            assert f"({student.arrived_note})" in text


def test_topics_page_lists_lessons_with_homework(built: Built) -> None:
    journal, _ = _sample(built)
    reader = PdfReader(built.book)
    title = f"{journal_name(journal)} — содержание уроков и домашние задания"
    text = flat(" ".join(p.extract_text() for p in reader.pages if title in flat(p.extract_text())))
    for lesson in journal.lessons:
        assert f"{lesson.date:%d.%m}" in text
        if lesson.homework:
            assert flat(lesson.homework)[:20] in text


def test_general_data_and_health_sheet_hold_minimum_personal_data(built: Built) -> None:
    reader = PdfReader(built.book)
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    student = built.book_data.students[0]
    assert student.full_name in text
    assert student.birth_date is not None and f"{student.birth_date:%d.%m.%Y}" in text
    assert student.personal_file_no in text
    assert "Группа здоровья" in text and "Физкультурная группа" in text
    assert "Дата проверки" in text


# --- summary sheet ----------------------------------------------------------------------------


def _with_marks(summary: SummaryData) -> tuple[SummaryData, Any, Any]:
    student, subject = summary.students[2], summary.subjects[0]
    marks = dict(summary.marks)
    marks[(student.id, subject.id, summary.columns[0].key)] = "4"
    marks[(student.id, subject.id, YEAR)] = "5"
    return dataclasses.replace(summary, marks=marks), student, subject


def test_summary_pdf_has_a_page_per_period_and_the_council_column(built: Built) -> None:
    summary, _, _ = _with_marks(built.summary)
    path = build_summary_pdf(built.tmp / "summary-marks.pdf", summary)
    pages = [flat(p.extract_text()) for p in PdfReader(path).pages]
    assert any("Отметки за 1 четверть" in p for p in pages)
    year = next(p for p in pages if "Годовые отметки" in p)
    assert DECISION_TITLE in year
    assert not any(DECISION_TITLE in p for p in pages if "Отметки за 1 четверть" in p)
    assert "Экзаменационные" not in " ".join(pages)  # grade 5: no exams


def test_summary_xlsx_holds_marks_missed_lessons_and_the_decision_column(built: Built) -> None:
    summary, student, subject = _with_marks(built.summary)
    path = build_summary_xlsx(built.tmp / "summary-marks.xlsx", summary)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:2] == ["1 четв.", "2 четв."]
    sheet = workbook["Год"]
    headers = [c.value for c in sheet[3]]
    assert headers[-1] == DECISION_TITLE
    col = headers.index(subject.name) + 1
    row = 4 + summary.students.index(student)
    assert sheet.cell(row=row, column=col).value == 5
    assert workbook["1 четв."].cell(row=row, column=col).value == 4
    missed_col = headers.index("Пропущено уроков, всего") + 1
    for index, s in enumerate(summary.students):
        assert sheet.cell(row=4 + index, column=missed_col).value == summary.missed_of(
            s.id, YEAR)[0]


# --- journal XLSX -----------------------------------------------------------------------------


def test_journal_xlsx_has_a_sheet_per_subject_with_the_marks(built: Built) -> None:
    workbook = openpyxl.load_workbook(built.journal_xlsx)
    assert len(workbook.sheetnames) == len(built.book_data.journals)
    journal, student = _sample(built)
    sheet = workbook[journal_name(journal)[:31]]
    head = [c.value for c in sheet[4]]
    row = 4 + student.number
    assert str(sheet.cell(row=row, column=2).value).startswith(student.full_name)
    for lesson_index, lesson in enumerate(journal.lessons):
        column = 3 + lesson_index
        assert head[column - 1] == f"{lesson.date:%d.%m}"
        cell = journal.cell(student.id, lesson.id)
        value = sheet.cell(row=row, column=column).value
        if cell is None:
            assert value is None
        else:
            assert str(value) == cell.text


# --- extracts ---------------------------------------------------------------------------------


def test_class_extracts_one_student_per_page(built: Built) -> None:
    reader = PdfReader(built.extracts_pdf)
    assert len(reader.pages) == len(built.extracts)
    for page, extract in zip(reader.pages, built.extracts, strict=True):
        text = flat(page.extract_text())
        assert extract.student.full_name in text
        assert "Классный руководитель" in text
        assert f"Дата выдачи: {extract.issued_on:%d.%m.%Y}" in text
        for subject in extract.subjects:
            for mark in subject.marks:
                assert f"{mark.day:%d.%m}" in text
        assert f"Всего пропущено уроков: {extract.missed_total}" in text


def test_topics_running_over_a_page_keep_the_spreads(built: Built) -> None:
    """Long topics push a topics table onto a second page: the next marks page still
    starts a spread (even page), after a page left blank on purpose."""
    journal, _ = _sample(built)
    long_topic = "Очень длинная тема урока с подробным описанием, " * 6
    lessons = []
    base = journal.lessons[0]
    for index in range(40):
        day = date(2026, 9, 1).toordinal() + index
        lessons.append(dataclasses.replace(
            base, id=uuid.UUID(int=index + 1), date=date.fromordinal(day), lesson_number=1,
            topic=long_topic, homework=long_topic,
        ))
    long_journal = dataclasses.replace(journal, lessons=tuple(lessons), cells={})
    data = dataclasses.replace(built.book_data, journals=(long_journal,))
    path = build_class_book(built.tmp / "long.pdf", data)
    texts = [flat(p.extract_text()) for p in PdfReader(path).pages]
    name = journal_name(journal)
    marks_pages = [n for n, t in enumerate(texts, start=1)
                   if f"{name} — отметки и посещаемость" in t]
    assert len(marks_pages) == 2
    assert all(n % 2 == 0 for n in marks_pages)
    assert any("Страница оставлена пустой" in t for t in texts)
    topics_pages = [n for n, t in enumerate(texts, start=1)
                    if f"{name} — содержание уроков" in t]
    assert len(topics_pages) == 2  # the title is printed once per block
    total = sum(t.count("Очень длинная тема") for t in texts)
    assert total >= 40


# --- no empty pages, nothing cut off ----------------------------------------------------------


def test_grade_one_summary_has_no_empty_tables(built: Built) -> None:
    header = dataclasses.replace(built.summary.header, grade=1)
    summary = dataclasses.replace(built.summary, header=header, marks={})
    path = build_summary_pdf(built.tmp / "summary-grade1.pdf", summary)
    pages = [flat(p.extract_text()) for p in PdfReader(path).pages]
    assert len(pages) == 1
    assert "обучение безотметочное" in pages[0]
    assert "Директор" in pages[0]  # the signatures share the page


def test_exam_column_only_for_a_subject_with_an_exam(built: Built) -> None:
    journal, _ = _sample(built)
    ninth = dataclasses.replace(journal, assignment=dataclasses.replace(
        journal.assignment, grade=9))
    titles = [c.title for block in lesson_blocks(ninth) for c in block if c.kind == "final"]
    assert titles == ["Год", "Итог"]
    student = journal.students[0]
    with_exam = dataclasses.replace(ninth, period_marks={
        **ninth.period_marks, (student.id, EXAM): "4"})
    titles = [c.title for block in lesson_blocks(with_exam) for c in block if c.kind == "final"]
    assert titles == ["Год", "Экз.", "Итог"]


def test_month_names_and_control_work_print_whole_and_once(built: Built) -> None:
    name, size = month_header((2026, 11), 17.0)  # one lesson in November
    assert name == "нояб." and "…" not in name
    assert stringWidth(name, "DejaVuSansCondensed-Bold", size) <= 17.0
    assert month_header((2026, 9), 200.0)[0] == "сентябрь"
    journal, _ = _sample(built)
    lesson = dataclasses.replace(journal.lessons[0], control_work=True,
                                 topic="Контрольная работа по теме «Дроби»")
    table = topics_table(journal, [lesson], 700)
    assert "контрольная работа)" not in str(table._cellvalues[1][2])
    other = dataclasses.replace(lesson, topic="Дроби")
    assert "Дроби (контрольная работа)" in str(topics_table(journal, [other], 700)
                                              ._cellvalues[1][2])


def test_long_names_and_notes_are_never_cut_off(built: Built) -> None:
    journal, _ = _sample(built)
    first = journal.students[0]
    student = dataclasses.replace(
        first, full_name="Константинопольская-Верхнеднепровская Александра",
        arrived_note="прибыла 16.11")
    moved = dataclasses.replace(journal, students=(student, *journal.students[1:]))
    table = marks_table(moved, lesson_blocks(moved)[0], 700, 500)
    cell = str(table._cellvalues[2][1])
    assert "…" not in cell
    assert flat(cell.replace("-\n", "")) == flat(f"{student.full_name} (прибыла 16.11)")


# --- extracts on paper: numbering, dates with their marks, long names ----------------------


def _busy_extract(extract: StudentExtract, days: int) -> StudentExtract:
    """The first subject with marks on ``days`` school days (several a day), enough to
    run the marks cell over many lines."""
    from database.queries.extract import ExtractMark

    marks = tuple(
        ExtractMark(day=date.fromordinal(date(2026, 9, 1).toordinal() + index // 3),
                    value=str(5 - index % 3), work_type="Ответ", weight=1.0)
        for index in range(days * 3)
    )
    subjects = list(extract.subjects)
    subjects[0] = dataclasses.replace(subjects[0], marks=marks)
    return dataclasses.replace(extract, subjects=tuple(subjects * 4))


def test_class_extracts_are_numbered_per_student(built: Built) -> None:
    first, second = built.extracts[0], built.extracts[1]
    path = build_extracts(built.tmp / "numbered.pdf", [_busy_extract(first, 60), second])
    footers = [re.findall(r"Страница \d+ из \d+", flat(p.extract_text()))
               for p in PdfReader(path).pages]
    own = len(footers) - 1
    assert own >= 2, "the busy extract runs over more than one page"
    assert footers == [[f"Страница {n} из {own}"] for n in range(1, own + 1)] \
        + [["Страница 1 из 1"]]


def test_a_date_never_ends_a_line_without_its_marks(built: Built) -> None:
    path = build_extracts(built.tmp / "dates.pdf", [_busy_extract(built.extracts[0], 60)])
    lines = [line for page in PdfReader(path).pages
             for line in page.extract_text().replace("\u00a0", " ").splitlines()]
    assert sum("01.09: 5, 4, 3" in line for line in lines) >= 1
    assert [line for line in lines if re.search(r"\d\d\.\d\d:\s*$", line)] == []
    assert [line for line in lines if re.match(r"^\s*\d(, \d)*( ·|$)", line)] == []


def test_extract_text_stays_inside_its_cells(built: Built) -> None:
    """No text chunk of the extract table reaches past the right edge of its column."""
    extract = _busy_extract(built.extracts[0], 30)
    path = build_extracts(built.tmp / "cells.pdf", [extract])
    page = PdfReader(path).pages[0]
    frame_right = float(page.mediabox.width) - 12 * mm
    from desktop_app.reports.extract import extract_table

    table = extract_table(extract, float(page.mediabox.width) - 32 * mm)
    edges = [20 * mm]
    for width in table._colWidths:
        edges.append(edges[-1] + float(width))
    assert edges[-1] == pytest.approx(frame_right, abs=0.5)
    cells = [t for t in page_texts(page)
             if t.font.startswith("DejaVuSansCondensed") and t.size == pytest.approx(8.0)]
    assert len(cells) > 20
    for text in cells:
        column = max(i for i in range(len(edges) - 1) if edges[i] <= text.x + 0.01)
        assert text.x_end <= edges[column + 1] + 0.5, text


def test_a_hundred_letter_surname_prints_in_full(built: Built) -> None:
    surname = ("Константинопольская" * 6)[:100]
    student = dataclasses.replace(built.extracts[0].student, surname=surname,
                                  name="Александра", patronymic="Петровна")
    extract = dataclasses.replace(built.extracts[0], student=student)
    path = build_extracts(built.tmp / "surname.pdf", [extract])
    text = PdfReader(path).pages[0].extract_text()
    joined = "".join(text.replace("-\n", "").split())
    assert surname in joined and "…" not in text
    assert f"{surname}АлександраПетровна" in joined


def test_a_returned_student_prints_both_stays(built: Built) -> None:
    """One row, the lessons between leaving and coming back shaded like the grid's
    hatching, the stays before and after left white, the note saying both."""
    from desktop_app.reports.class_book import ABSENT_SHADE

    journal, _ = _sample(built)
    lessons = journal.lessons[:8]
    first = journal.students[0]
    left, back = lessons[2].date, lessons[5].date
    returned = dataclasses.replace(
        first, enrolled_from=date(2026, 9, 1), left_on=None, left_note="", arrived_note="",
        returned_note=f"выбыл {left:%d.%m}, прибыл {back:%d.%m}",
        spans=((date(2026, 9, 1), left), (back, None)))
    data = dataclasses.replace(journal, lessons=lessons,
                               students=(returned, *journal.students[1:]))
    block = [c for c in lesson_blocks(data)[0] if c.kind == "lesson"]
    table = marks_table(data, block, 700, 500)
    assert f"({returned.note})" in flat(str(table._cellvalues[2][1]).replace("-\n", ""))
    shaded = [(start, end) for _, start, end, colour in table._bkgrndcmds
              if colour == ABSENT_SHADE and start[1] == 2]
    columns = {c for (c0, _), (c1, _) in shaded for c in range(c0, c1 + 1)}
    gap = {2 + i for i, column in enumerate(block)
           if column.lesson is not None and left < column.lesson.date < back}
    assert gap and columns == gap


def test_every_subject_ends_with_planned_and_given_and_the_teachers_signature(
    built: Built,
) -> None:
    from desktop_app.reports.class_book import year_end_text

    data = built.book_data
    text = flat(" ".join(p.extract_text() for p in PdfReader(built.book).pages))
    assert text.count("За год:") == len(data.journals)
    for journal in data.journals:
        line = year_end_text(data, journal)
        assert flat(line) in text, line
        given = sum(1 for lesson in journal.lessons
                    if not lesson.cancelled and lesson.date <= data.generated_on)
        assert f"дано уроков — {given}" in line
        planned = data.planned_hours.get(journal.assignment.id)
        if planned is not None:
            assert f"по программе (КТП) — {planned} ч." in line
    pages = [flat(p.extract_text()) for p in PdfReader(built.book).pages]
    ends = [page for page in pages if "За год:" in page]
    assert ends and all("(подпись)" in page for page in ends)
    planned_any = [j for j in data.journals if j.assignment.id in data.planned_hours]
    assert planned_any, "the demo has КТП for some subjects"


def test_a_long_page_title_is_never_cut(built: Built) -> None:
    from desktop_app.reports.class_book import _title_line

    title = "Основы духовно-нравственной культуры народов России (2 группа) — отметки и " \
            "посещаемость"
    sub = "Учитель Константинопольская-Верхнеднепровская Александра Петровна · уроки 1–25"
    line = _title_line(title, sub, 500)
    assert line.height > 16  # two lines or more, nothing elided


def test_the_title_carries_the_file_index_from_the_school_setting(built: Built) -> None:
    title = flat(PdfReader(built.book).pages[0].extract_text())
    assert "Индекс дела по номенклатуре ________" in title  # not set: a line to write on
    data = dataclasses.replace(built.book_data, file_index="02-15")
    path = build_class_book(built.tmp / "indexed.pdf", data)
    title = flat(PdfReader(path).pages[0].extract_text())
    assert "Индекс дела по номенклатуре 02-15" in title


def test_the_topics_page_says_what_its_number_column_is(built: Built) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth as width_of

    journal, _ = _sample(built)
    table = topics_table(journal, list(journal.lessons[:3]), 700)
    head = str(table._cellvalues[0][1])
    assert head.replace("\n", " ") == "№ урока в день"
    column = float(table._colWidths[1])
    assert all(width_of(line, "DejaVuSansCondensed-Bold", 7.5) <= column - 4
               for line in head.split("\n"))


def test_general_data_lists_both_stays_of_a_returned_student(built: Built) -> None:
    from database.queries.summary import StayGap

    first = built.book_data.students[0]
    returned = dataclasses.replace(first, gaps=(StayGap(
        date(2026, 10, 9), "№ 60", "выезд на лечение", date(2026, 10, 26), "№ 61"),))
    data = dataclasses.replace(built.book_data,
                               students=(returned, *built.book_data.students[1:]))
    path = build_class_book(built.tmp / "returned.pdf", data)
    text = flat(" ".join(p.extract_text() for p in PdfReader(path).pages))
    assert "09.10.2026, № 60, выезд на лечение" in text
    assert "26.10.2026, № 61" in text
