"""The act on selecting archived documents for destruction (акт о выделении к
уничтожению документов, не подлежащих хранению), as the archive rules' form has it:
approved by the director, the list of files whose storage term has ended (title, year,
file index, number of files, storage term, kept until, the bundle's check), the total,
the commission's signatures and the line recording the destruction itself.
A4 portrait; plain data in (:mod:`database.archive_destruction`), PDF out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from database.archive import KIND_JOURNAL
from database.archive_destruction import DestructionItem
from desktop_app.reports.fonts import BOLD, CONDENSED, CONDENSED_BOLD, REGULAR
from desktop_app.reports.layout import Book, Drawn, PageStyle, wrap_text
from desktop_app.reports.numwords import number_in_words, plural

PORTRAIT = PageStyle(size=A4, inner=25 * mm, outer=12 * mm, mirrored=False, top=14 * mm,
                     bottom=10 * mm, header=False)
GRID = colors.Color(0.35, 0.35, 0.38)
SHADE = colors.Color(0.92, 0.93, 0.95)
SIZE = 8.5


@dataclass(frozen=True)
class ActData:
    school_full_name: str
    director_name: str  # «Александрова Лариса Юрьевна»
    file_index: str  # the journals' index in the list of files, "" if not set
    items: tuple[DestructionItem, ...]
    made_on: date


def _initials_first(full: str) -> str:
    """«Александрова Лариса Юрьевна» → «Л. Ю. Александрова», as signatures are set."""
    parts = full.split()
    if len(parts) < 2:
        return full
    return " ".join(f"{p[0]}." for p in parts[1:]) + " " + parts[0]


def _heading(data: ActData, width: float) -> Drawn:
    school = wrap_text(data.school_full_name, REGULAR, 9, width * 0.5).split("\n")
    director = _initials_first(data.director_name)

    def draw(canvas: Canvas, w: float, h: float) -> None:
        y = h - 10
        canvas.setFont(REGULAR, 9)
        for line in school:
            canvas.drawString(0, y, line)
            y -= 11
        x = w * 0.62
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(x, h - 10, "УТВЕРЖДАЮ")
        canvas.setFont(REGULAR, 9)
        canvas.drawString(x, h - 24, "Директор")
        canvas.line(x, h - 40, x + 80, h - 40)
        canvas.drawString(x + 86, h - 38, director)
        canvas.drawString(x, h - 54, "«___» ____________ 20___ г.")
        canvas.setFont(BOLD, 12)
        canvas.drawCentredString(w / 2, h - 92, "АКТ № ______")
        canvas.setFont(REGULAR, 10)
        canvas.drawCentredString(w / 2, h - 107, f"от {data.made_on:%d.%m.%Y}")
        canvas.setFont(BOLD, 10.5)
        canvas.drawCentredString(w / 2, h - 124,
                                 "о выделении к уничтожению документов, не подлежащих хранению")

    return Drawn(width, max(134.0, 22 + 11 * len(school)), draw)


def _paragraph(text: str, width: float, *, font: str = REGULAR, size: float = 9.5,
               space: float = 4) -> Drawn:
    lines = wrap_text(text, font, size, width).split("\n")
    step = size + 3

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(font, size)
        y = h - size
        for line in lines:
            canvas.drawString(0, y, line)
            y -= step

    return Drawn(width, step * len(lines) + space, draw)


def act_table(data: ActData, width: float) -> Table:
    widths = [18.0, 0.0, 42.0, 42.0, 44.0, 48.0, 52.0, 0.0]
    rest = width - sum(widths)
    widths[1], widths[7] = rest * 0.62, rest * 0.38
    rows: list[list[Any]] = [["№\nп/п", "Заголовок дела\n(файлы)", "Год", "Индекс\nдела",
                              "Кол-во\nфайлов", "Срок\nхранения", "Хранить\nдо",
                              "Примечание"]]
    for number, item in enumerate(data.items, start=1):
        files = "; ".join(item.files)
        note = ("подпись описи и все файлы проверены" if item.verified
                else "архив не прошёл проверку целостности")
        rows.append([
            str(number),
            wrap_text(f"{item.title} ({files})", CONDENSED, SIZE, widths[1] - 5),
            item.year.replace("/", "/\n"),
            wrap_text(data.file_index if item.kind == KIND_JOURNAL and data.file_index
                      else "", CONDENSED, SIZE, widths[3] - 5),
            str(len(item.files)),
            item.retention,
            f"{item.keep_until:%d.%m.%Y}",
            wrap_text(note, CONDENSED, SIZE, widths[7] - 5),
        ])
    if not data.items:
        rows.append(["", "Документов с истёкшим сроком хранения нет", "", "", "", "", "", ""])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), CONDENSED, SIZE, SIZE + 1.5),
        ("FONT", (0, 0), (-1, 0), CONDENSED_BOLD, SIZE),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (6, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def total_text(items: Sequence[DestructionItem]) -> str:
    files = sum(len(item.files) for item in items)
    years = sorted({item.year for item in items})
    span = (f"{years[0]} учебный год" if len(years) == 1
            else f"{years[0]} – {years[-1]} учебные годы") if years else "—"
    noun = plural(files, "файл", "файла", "файлов")
    return f"Итого {files} ({number_in_words(files)}) {noun} электронного архива за {span}."


def _signatures(width: float, director: str) -> Drawn:
    def line(canvas: Canvas, y: float, role: str, name: str = "") -> None:
        canvas.setFont(REGULAR, 9.5)
        canvas.drawString(0, y, role)
        canvas.line(170, y - 2, 290, y - 2)
        canvas.line(300, y - 2, 440, y - 2)
        canvas.setFont(REGULAR, 6.5)
        canvas.drawCentredString(230, y - 10, "(подпись)")
        canvas.drawCentredString(370, y - 10, "(расшифровка подписи)")
        if name:
            canvas.setFont(REGULAR, 9.5)
            canvas.drawString(302, y, name)

    destroyed = wrap_text("Документы уничтожены (файлы удалены без возможности "
                          "восстановления, в том числе из копий архива)", REGULAR, 9.5,
                          width).split("\n")

    def draw(canvas: Canvas, w: float, h: float) -> None:
        y = h - 12
        line(canvas, y, "Председатель комиссии")
        y -= 30
        canvas.setFont(REGULAR, 9.5)
        canvas.drawString(0, y, "Члены комиссии:")
        for _ in range(3):
            y -= 26
            line(canvas, y, "")
        y -= 40
        canvas.setFont(REGULAR, 9.5)
        for text in destroyed:
            canvas.drawString(0, y, text)
            y -= 13
        y -= 1
        canvas.drawString(0, y, "«___» ____________ 20___ г.")
        y -= 28
        line(canvas, y, "Ответственный")
        y -= 30
        canvas.setFont(REGULAR, 9.5)
        canvas.drawString(0, y, f"Акт утверждён директором: {director}")

    return Drawn(width, 300, draw)


def build_destruction_act(path: Path, data: ActData, *, invariant: bool | None = None) -> Path:
    book = Book(title="Акт о выделении к уничтожению документов", author=data.school_full_name,
                header_left="", header_center="", header_right="", generated_on=data.made_on,
                style=PORTRAIT, footer_label="Страница")
    w = book.frame_width
    book.add(_heading(data, w))
    book.add(_paragraph(
        "На основании сроков хранения, установленных для документов школы (классные "
        "журналы — 5 лет, сводные ведомости учёта успеваемости — 25 лет, считая от конца "
        "учебного года), отобраны к уничтожению как утратившие практическое значение "
        "следующие документы годового электронного архива:", w), space_before=8)
    book.add(act_table(data, w), space_before=4)
    book.add(_paragraph(total_text(data.items), w, font=BOLD), space_before=8)
    book.add(_signatures(w, _initials_first(data.director_name)), space_before=16)
    return book.render(path, invariant=invariant)


__all__ = ["ActData", "act_table", "build_destruction_act", "total_text"]
