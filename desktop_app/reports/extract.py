"""Diary extracts (выписки из электронного дневника) on paper, for families without a
computer: one student, or a whole class in one PDF with every student starting on a
new page. A4 portrait; per subject the current marks with their dates, the missed
lessons, the weighted average and the period marks; the class teacher's signature
line and the date issued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from database.queries.extract import ExtractSubject, StudentExtract
from desktop_app.reports.fonts import BOLD, CONDENSED, CONDENSED_BOLD, REGULAR
from desktop_app.reports.layout import Book, Drawn, PageStyle, wrap_text

GRID = colors.Color(0.35, 0.35, 0.38)
SHADE = colors.Color(0.92, 0.93, 0.95)
PORTRAIT = PageStyle(size=A4, inner=20 * mm, outer=12 * mm, mirrored=False, top=12 * mm,
                     bottom=9 * mm, header=False)
SIZE = 8.0
NBSP = "\u00a0"
NOTE = (
    "Средний балл — взвешенный по видам работ, как в электронном журнале. Пропуски: "
    "н — отсутствовал, б — по болезни, у — по уважительной причине, п — без уважительной "
    "причины (без пометки — н)."
)


def _marks_text(subject: ExtractSubject) -> str:
    """«05.11: 5, 4 · 07.11: 3» — the marks of each day together: no-break spaces
    inside a day's group, so a line never ends between a date and its marks."""
    days: dict[str, list[str]] = {}
    for mark in subject.marks:
        days.setdefault(f"{mark.day:%d.%m}", []).append(mark.value)
    return " · ".join(f"{day}:{NBSP}{f',{NBSP}'.join(values)}" for day, values in days.items())


def _absences_text(subject: ExtractSubject) -> str:
    if not subject.absences:
        return ""
    days = ", ".join(f"{day:%d.%m}{'' if code == 'н' else f'{NBSP}({code})'}"
                     for day, code in subject.absences)
    return f"{len(subject.absences)}: {days}"


def _average(value: float | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else ""


def extract_table(extract: StudentExtract, width: float) -> Table:
    subject_w, avg_w, period_w = 92.0, 40.0, 78.0
    rest = width - subject_w - avg_w - period_w
    marks_w, missed_w = rest * 0.66, rest * 0.34
    rows: list[list[Any]] = [["Предмет", "Текущие отметки (дата: отметки)",
                              "Пропущено уроков\n(даты)", "Средний\nбалл", "Итоговые\nотметки"]]
    for subject in extract.subjects:
        periods = "\n".join(wrap_text(f"{title}: {value}", CONDENSED, SIZE, period_w - 4)
                            for title, value in subject.period_marks)
        rows.append([
            wrap_text(subject.name, CONDENSED, SIZE, subject_w - 4),
            wrap_text(_marks_text(subject), CONDENSED, SIZE, marks_w - 4),
            wrap_text(_absences_text(subject), CONDENSED, SIZE, missed_w - 4),
            _average(subject.average),
            periods,
        ])
    if not extract.subjects:
        rows.append(["", "Записей за эти дни нет", "", "", ""])
    table = Table(rows, colWidths=[subject_w, marks_w, missed_w, avg_w, period_w],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), CONDENSED, SIZE, SIZE + 1.5),
        ("FONT", (0, 0), (-1, 0), CONDENSED_BOLD, SIZE),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (3, 1), (3, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _heading(extract: StudentExtract, width: float) -> Drawn:
    header = extract.header
    student = extract.student
    label = {"m": "Ученик: ", "f": "Ученица: "}.get(student.gender, "Ученик(ца): ")
    shift = stringWidth(label, REGULAR, 10)
    # The whole name, on as many lines as it takes (a 100-letter surname included).
    name_lines = wrap_text(student.full_name, BOLD, 10, width - shift).split("\n")
    school_lines = wrap_text(header.school_full_name, REGULAR, 8.5, width).split("\n")

    def draw(canvas: Canvas, w: float, h: float) -> None:
        y = h - 10
        canvas.setFont(REGULAR, 8.5)
        for line in school_lines:
            canvas.drawCentredString(w / 2, y, line)
            y -= 11
        y -= 10
        canvas.setFont(BOLD, 14)
        canvas.drawCentredString(w / 2, y, "ВЫПИСКА ИЗ ЭЛЕКТРОННОГО ДНЕВНИКА")
        y -= 22
        canvas.setFont(REGULAR, 10)
        canvas.drawString(0, y, label)
        canvas.setFont(BOLD, 10)
        for line in name_lines:
            canvas.drawString(shift, y, line)
            y -= 13
        y -= 2
        canvas.setFont(REGULAR, 10)
        canvas.drawString(0, y, f"Класс: {header.class_name}, {header.year_name} учебный год")
        y -= 15
        canvas.drawString(
            0, y, f"За период: с {extract.date_from:%d.%m.%Y} по {extract.date_to:%d.%m.%Y}"
        )

    return Drawn(width, 80 + 11 * len(school_lines) + 13 * len(name_lines), draw)


def _footer(extract: StudentExtract, width: float) -> Drawn:
    header = extract.header

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(REGULAR, 9.5)
        canvas.drawString(
            0, h - 12,
            f"Всего пропущено уроков: {extract.missed_total}, "
            f"из них по болезни: {extract.missed_illness}.",
        )
        canvas.drawString(0, h - 42, "Классный руководитель")
        canvas.line(118, h - 44, 250, h - 44)
        canvas.drawString(256, h - 42, header.class_teacher_short or "")
        canvas.setFont(REGULAR, 6.5)
        canvas.drawCentredString(184, h - 52, "(подпись)")
        canvas.setFont(REGULAR, 9.5)
        canvas.drawString(0, h - 70, f"Дата выдачи: {extract.issued_on:%d.%m.%Y}")
        canvas.setFont(CONDENSED, 7.5)
        y = h - 88
        for line in wrap_text(NOTE, CONDENSED, 7.5, w).split("\n"):
            canvas.drawString(0, y, line)
            y -= 9

    return Drawn(width, 108, draw)


def build_extracts(path: Path, extracts: Sequence[StudentExtract], *,
                   invariant: bool | None = None) -> Path:
    """One PDF: every extract starts on a new page (a class batch, or one student)."""
    if extracts:
        header = extracts[0].header
        school, when = header.school_short_name, extracts[0].issued_on
        title = (f"Выписка из дневника — {extracts[0].student.full_name}" if len(extracts) == 1
                 else f"Выписки из дневников {header.class_name} класса")
    else:
        school, title, when = "", "Выписки из дневников", date.today()
    book = Book(title=title, author=school, header_left="", header_center="", header_right="",
                generated_on=when, style=PORTRAIT, footer_label="Страница")
    if not extracts:

        def nothing(canvas: Canvas, w: float, h: float) -> None:
            canvas.drawString(0, 6, "Нет учеников для выписки.")

        book.add(Drawn(book.frame_width, 20, nothing))
    for extract in extracts:
        book.page_break()
        book.restart_numbering()
        book.bookmark(f"{extract.student.number}. {extract.student.full_name}")
        book.add(_heading(extract, book.frame_width))
        book.add(extract_table(extract, book.frame_width), space_before=6)
        book.add(_footer(extract, book.frame_width), space_before=12)
    return book.render(path, invariant=invariant)
