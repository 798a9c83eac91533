"""The class journal for binding: one PDF per class and year (ARCHITECTURE.md,
"Printing for binding").

Plain data in (:class:`database.queries.class_book.ClassBookData`), a PDF out, no
widgets. Sections, each with a PDF bookmark: title page; contents with the legend of
notations; per subject, blocks of lessons as a marks page (students × lessons, month
and rotated day headers, a period-mark column after each period, year/exam/final at
the end) and a topics page (date, topic, homework, substitution); the summary sheet;
missed lessons by month; students' general data; the health sheet; inspection remarks;
the certification sheet with the sheet count in digits and words.

The big tables are plain strings styled by a ``TableStyle`` (a Paragraph per cell is
about four times slower); long topics are broken into lines beforehand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from database.notation import ABSENCE_CODES
from database.queries.class_book import ClassBookData, month_title
from database.queries.journal import JournalData, JournalLesson, PeriodInfo, PeriodKey
from database.queries.summary import EXAM, FINAL, YEAR
from desktop_app.reports.book_timetable import add_timetable
from desktop_app.reports.fonts import BOLD, CONDENSED, CONDENSED_BOLD, REGULAR
from desktop_app.reports.layout import (
    EMPTY,
    Book,
    Drawn,
    RotatedText,
    sheet_place,
    shrink_to_fit,
    wrap_text,
)
from desktop_app.reports.numwords import certification_text, sheets_phrase
from desktop_app.reports.summary_sheet import add_summary_pages

LESSONS_PER_PAGE: Final = 25
GRID = colors.Color(0.35, 0.35, 0.38)
SHADE = colors.Color(0.92, 0.93, 0.95)
ABSENT_SHADE = colors.Color(0.8, 0.8, 0.82)  # before arrival / after leaving
FINAL_COLUMNS: Final[tuple[tuple[str, str], ...]] = ((YEAR, "Год"), (EXAM, "Экз."), (FINAL, "Итог"))
PERIOD_SHORT: Final = {"quarter": "четв.", "half": "полуг.", "trimester": "трим."}

Progress = Callable[[str, float], None]

# In print every absence is «н», as the paper journal writes it: in DejaVu the «б» of
# an illness reads as the mark «6», and «у»/«п» sit beside real marks in the same
# cell. Why a lesson was missed stays in the electronic journal, and the missed-lessons
# table prints the illness count; the legend says so.
PRINTED_ABSENCE: Final = "н"
MONTHS_SHORT: Final = ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.",
                       "сент.", "окт.", "нояб.", "дек.")
STORE_YEARS: Final = 5  # class journals (the summary sheet: 25 years, kept apart)
CONTROL_WORK: Final = "контрольная работа"


def printed_cell(attendance: str | None, marks: str) -> str:
    """A marks-page cell as printed: «н» for any absence, «оп» for late, marks."""
    code = attendance or ""
    if code in ABSENCE_CODES:
        code = PRINTED_ABSENCE
    return " ".join(p for p in (code, marks) if p)


def printed_attendance_legend(legend: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The attendance legend of the printed journal: one «н» for every absence."""
    rows: list[tuple[str, str]] = [(
        PRINTED_ABSENCE,
        "отсутствовал(а) — по любой причине; причина (болезнь «б», уважительная «у», "
        "без уважительной «п») записана в электронном журнале, пропуски по болезни — "
        "в «Учёте пропущенных уроков»",
    )]
    rows += [(code, meaning) for code, meaning in legend if code not in ABSENCE_CODES]
    return rows


def month_header(month: tuple[int, int], width: float, size: float = 7) -> tuple[str, float]:
    """A month's name over its day columns, whole: the full name, else the usual
    abbreviation, in a smaller size if it must be (one lesson in a month)."""
    full = month_title(month)
    if stringWidth(full, CONDENSED_BOLD, size) <= width:
        return full, size
    short = MONTHS_SHORT[month[1] - 1]
    fitted, fitted_size = shrink_to_fit(short, CONDENSED_BOLD, size, width, 12, min_size=4.5)
    return fitted.replace("\n", ""), fitted_size

# --- the subject blocks -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    kind: str  # "lesson" | "period" | "final"
    lesson: JournalLesson | None = None
    key: PeriodKey | None = None
    title: str = ""


def lesson_blocks(journal: JournalData, per_page: int = LESSONS_PER_PAGE) -> list[list[_Column]]:
    """The columns of each marks page: up to ``per_page`` lessons, a period-mark column
    right after the last lesson of each period, year/exam/final after the last lesson."""
    lessons = journal.lessons
    marked = journal.assignment.assessment != "none"
    period_after: dict[int, PeriodInfo] = {}
    if marked:
        for period in journal.periods:
            inside = [i for i, ls in enumerate(lessons)
                      if period.start_date <= ls.date <= period.end_date]
            if inside:
                period_after[inside[-1]] = period
    # Balanced blocks (51 lessons → 17 + 17 + 17, not 25 + 25 + 1).
    count = max(1, -(-len(lessons) // per_page))
    size = max(1, -(-len(lessons) // count))
    blocks: list[list[_Column]] = []
    for start in range(0, max(1, len(lessons)), size):
        block: list[_Column] = []
        for index in range(start, min(start + size, len(lessons))):
            block.append(_Column("lesson", lessons[index]))
            ends = period_after.get(index)
            if ends is not None:
                title = f"{ends.number} {PERIOD_SHORT.get(ends.kind, '')}".strip()
                block.append(_Column("period", key=ends.id, title=title))
        blocks.append(block)
    if marked:
        grade_final = journal.assignment.grade in (9, 11)
        for key, title in FINAL_COLUMNS:
            given = any(k == key for _, k in journal.period_marks)
            # An exam column only for a subject with an exam (the book is printed at
            # the year's end, when the exam marks are in); the final marks column
            # for the graduating grades, or wherever some were given.
            if (key == EXAM and not given) or (key == FINAL and not grade_final and not given):
                continue
            blocks[-1].append(_Column("final", key=key, title=title))
    return blocks


def journal_name(journal: JournalData) -> str:
    """«Математика», «Английский язык, 1-я группа»."""
    info = journal.assignment
    if not info.group_name:
        return info.subject_name
    if info.group_name.startswith(info.subject_name):
        return info.group_name
    return f"{info.subject_name} ({info.group_name})"


def _title_line(text: str, sub: str, width: float) -> Drawn:
    """A page's title on the left and its particulars on the right; when both do not
    fit one line (a long subject or group name, a teacher named in full), the
    particulars go on a second line rather than being cut off."""
    title_w = stringWidth(text, CONDENSED_BOLD, 10.5)
    sub_w = stringWidth(sub, CONDENSED, 8)
    one_line = title_w + sub_w + 12 <= width
    title_lines = [text] if one_line else wrap_text(text, CONDENSED_BOLD, 10.5,
                                                     width).split("\n")
    sub_lines = [sub] if one_line else wrap_text(sub, CONDENSED, 8, width).split("\n")

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(CONDENSED_BOLD, 10.5)
        y = h - 10
        for line in title_lines:
            canvas.drawString(0, y, line)
            y -= 12
        canvas.setFont(CONDENSED, 8)
        if one_line:
            canvas.drawRightString(w, h - 10, sub)
            return
        for line in sub_lines:
            canvas.drawRightString(w, y + 2, line)
            y -= 10

    height = 16 if one_line else 4 + 12 * len(title_lines) + 10 * len(sub_lines)
    return Drawn(width, height, draw)


def marks_table(journal: JournalData, columns: Sequence[_Column], width: float,
                height: float) -> Table:
    """№ · student · one column per lesson (month over rotated day) · period marks."""
    students = journal.students
    n_lessons = sum(1 for c in columns if c.kind == "lesson")
    n_extra = len(columns) - n_lessons
    number_w, extra_w = 14.0, 21.0
    name_w = 128.0
    lesson_w = (width - number_w - name_w - n_extra * extra_w) / max(1, LESSONS_PER_PAGE)
    lesson_w = min(lesson_w, 24.0)
    head1_h, head2_h = 12.0, 24.0
    body_h = height - head1_h - head2_h - 2
    row_h = max(9.0, min(14.5, body_h / max(1, len(students))))
    font_size = 7.5 if row_h >= 11 else 6.5

    head1: list[Any] = ["№", "Фамилия, имя"]
    head2: list[Any] = ["", ""]
    style: list[Any] = [
        ("FONT", (0, 0), (-1, -1), CONDENSED, font_size),
        ("FONT", (0, 0), (-1, 1), CONDENSED_BOLD, 7),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("ALIGN", (1, 2), (1, -1), "LEFT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("BACKGROUND", (0, 0), (-1, 1), SHADE),
        # Only the name column needs a narrower padding: every whole-table command
        # visits each of the ~1,000 cells, and centred text ignores the default one.
        ("LEFTPADDING", (1, 2), (1, -1), 2),
    ]
    widths = [number_w, name_w]
    month_start: int | None = None
    month: tuple[int, int] | None = None

    def close_month(end_col: int) -> None:
        if month_start is not None and month is not None:
            span = end_col - month_start + 1
            head1[month_start], size = month_header(month, span * lesson_w - 2)
            if size != 7:
                style.append(("FONT", (month_start, 0), (month_start, 0), CONDENSED_BOLD, size))
            if end_col > month_start:
                style.append(("SPAN", (month_start, 0), (end_col, 0)))

    for col, column in enumerate(columns, start=2):
        if column.kind == "lesson" and column.lesson is not None:
            lesson = column.lesson
            this_month = (lesson.date.year, lesson.date.month)
            if this_month != month or month_start is None:
                close_month(col - 1)
                month_start, month = col, this_month
            head1.append("")
            head2.append(RotatedText(f"{lesson.date.day:02d}", CONDENSED_BOLD, 7,
                                     height=head2_h - 6))
            widths.append(lesson_w)
            if lesson.control_work:
                style.append(("BACKGROUND", (col, 1), (col, 1), colors.Color(0.85, 0.87, 0.92)))
        else:
            close_month(col - 1)
            month_start, month = None, None
            head1.append(RotatedText(column.title, CONDENSED_BOLD, 7, height=head1_h + head2_h - 6))
            head2.append("")
            widths.append(extra_w)
            style.append(("SPAN", (col, 0), (col, 1)))
            style.append(("BACKGROUND", (col, 2), (col, -1), SHADE))
            style.append(("FONT", (col, 2), (col, -1), CONDENSED_BOLD, font_size))
    close_month(len(columns) + 1)

    rows: list[list[Any]] = [head1, head2]
    for r, student in enumerate(journal.students, start=2):
        note = student.note
        name = f"{student.full_name} ({note})" if note else student.full_name
        name, name_size = shrink_to_fit(name, CONDENSED, font_size, name_w - 5, row_h - 1)
        if name_size != font_size:
            style.append(("FONT", (1, r), (1, r), CONDENSED, name_size, name_size * 1.12))
        row: list[Any] = [str(student.number), name]
        absent_from: int | None = None
        for col, column in enumerate(columns, start=2):
            if column.kind == "lesson" and column.lesson is not None:
                lesson = column.lesson
                cell = journal.cell(student.id, lesson.id)
                row.append(
                    printed_cell(cell.attendance, "/".join(m.value for m in cell.marks))
                    if cell is not None else EMPTY
                )
                present = student.present_on(lesson.date)
                if not present and absent_from is None:
                    absent_from = col
                elif present and absent_from is not None:
                    style.append(("BACKGROUND", (absent_from, r), (col - 1, r), ABSENT_SHADE))
                    absent_from = None
            else:
                assert column.key is not None
                row.append(journal.period_marks.get((student.id, column.key), EMPTY))
                if absent_from is not None:
                    style.append(("BACKGROUND", (absent_from, r), (col - 1, r), ABSENT_SHADE))
                    absent_from = None
        if absent_from is not None:
            style.append(("BACKGROUND", (absent_from, r), (len(columns) + 1, r), ABSENT_SHADE))
        rows.append(row)
    table = Table(rows, colWidths=widths,
                  rowHeights=[head1_h, head2_h] + [row_h] * len(students), repeatRows=2)
    table.setStyle(TableStyle(style))
    return table


TOPIC_FONT = CONDENSED
TOPIC_SIZE = 7.5


def topics_table(journal: JournalData, lessons: Sequence[JournalLesson], width: float) -> Table:
    """Date · № · topic · homework · substitution, one row per lesson."""
    date_w, number_w, sub_w = 34.0, 30.0, 118.0
    text_w = width - date_w - number_w - sub_w
    topic_w, homework_w = text_w * 0.56, text_w * 0.44
    # The lesson's number in the day's bell schedule (1st, 2nd… lesson), said in full.
    rows: list[list[Any]] = [["Дата", "№\nурока\nв день", "Тема урока", "Домашнее задание",
                              "Замена (учитель, причина)"]]
    for lesson in lessons:
        topic = lesson.topic
        if lesson.cancelled:
            topic = "Урок отменён" + (f". {topic}" if topic else "")
        if lesson.control_work and CONTROL_WORK not in topic.lower():
            topic += f" ({CONTROL_WORK})"
        substitution = ""
        if lesson.substitute_name:
            substitution = lesson.substitute_name + (
                f", {lesson.substitution_reason}" if lesson.substitution_reason else ""
            )
        rows.append([
            f"{lesson.date:%d.%m}",
            str(lesson.lesson_number),
            wrap_text(topic, TOPIC_FONT, TOPIC_SIZE, topic_w - 4, max_lines=4),
            wrap_text(lesson.homework, TOPIC_FONT, TOPIC_SIZE, homework_w - 4, max_lines=4),
            wrap_text(substitution, TOPIC_FONT, TOPIC_SIZE, sub_w - 4, max_lines=3),
        ])
    if not lessons:
        rows.append(["", "", "Уроков не было", "", ""])
    table = Table(rows, colWidths=[date_w, number_w, topic_w, homework_w, sub_w], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), TOPIC_FONT, TOPIC_SIZE, TOPIC_SIZE + 1.3),
        ("FONT", (0, 0), (-1, 0), CONDENSED_BOLD, 7.5),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ALIGN", (0, 0), (1, -1), "CENTER"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


# --- the other sections -----------------------------------------------------------------------


def _simple_table(rows: list[list[Any]], widths: list[float], *, header_rows: int = 1,
                  row_height: float | None = None, size: float = 8,
                  extra: Sequence[Any] = ()) -> Table:
    heights = None
    if row_height is not None:
        heights = [None] * header_rows + [row_height] * (len(rows) - header_rows)
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=header_rows)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), CONDENSED, size),
        ("FONT", (0, 0), (-1, header_rows - 1), CONDENSED_BOLD, size - 0.5),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("ALIGN", (0, header_rows), (0, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *extra,
    ]))
    return table


def _section_title(book: Book, title: str, sub: str = "", key: str | None = None) -> None:
    book.page_break()
    book.bookmark(title, level=0, key=key)
    book.add(_title_line(title, sub, book.frame_width))


def add_missed_by_month(book: Book, data: ClassBookData) -> None:
    _section_title(book, "Учёт пропущенных уроков", "по месяцам: всего / из них по болезни",
                   "missed")
    months = data.months
    fixed = 14.0 + 130.0
    cell_w = (book.frame_width - fixed) / (2 * (len(months) + 1))
    head1: list[Any] = ["№", "Фамилия, имя"]
    head2: list[Any] = ["", ""]
    extra: list[Any] = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
                        ("ALIGN", (2, 2), (-1, -1), "CENTER"),
                        ("BACKGROUND", (-2, 2), (-1, -1), SHADE)]
    for index, month in enumerate([*months, None]):
        col = 2 + 2 * index
        head1 += [month_title(month) if month else "За год", ""]
        head2 += ["всего", "бол."]
        extra.append(("SPAN", (col, 0), (col + 1, 0)))
    rows: list[list[Any]] = [head1, head2]
    totals = [0] * (2 * (len(months) + 1))
    for student in data.students:
        name = student.short_name + (f" ({student.note})" if student.note else "")
        name, size = shrink_to_fit(name, CONDENSED, 8, 124, 12)
        if size != 8:
            extra.append(("FONT", (1, len(rows)), (1, len(rows)), CONDENSED, size, size * 1.12))
        row: list[Any] = [str(student.number), name]
        year_total = year_ill = 0
        for index, month in enumerate(months):
            total, ill = data.missed(student.id, month)
            year_total, year_ill = year_total + total, year_ill + ill
            totals[2 * index] += total
            totals[2 * index + 1] += ill
            row += [str(total) if total else "", str(ill) if ill else ""]
        totals[-2] += year_total
        totals[-1] += year_ill
        row += [str(year_total) if year_total else "", str(year_ill) if year_ill else ""]
        rows.append(row)
    rows.append(["", "Итого по классу", *(str(t) if t else "" for t in totals)])
    extra.append(("FONT", (0, -1), (-1, -1), CONDENSED_BOLD, 8))
    table = _simple_table(rows, [14.0, 130.0, *([cell_w] * len(totals))], header_rows=2,
                          row_height=13, size=8, extra=extra)
    book.add(table, space_before=4)


def add_general_data(book: Book, data: ClassBookData) -> None:
    _section_title(book, "Общие сведения об учащихся",
                   "минимально необходимые персональные данные", "general")
    w = book.frame_width
    widths = [16.0, 170.0, 58.0, 58.0, 0.0, 0.0]
    rest = w - sum(widths)
    widths[4], widths[5] = rest * 0.42, rest * 0.58
    rows: list[list[Any]] = [["№", "Фамилия, имя, отчество", "Дата\nрождения",
                              "№ личного\nдела", "Прибыл(а): дата, приказ",
                              "Выбыл(а): дата, приказ, причина"]]
    for s in data.students:
        # Every arrival and every leaving, a student who came back included.
        arrivals = ([_said(f"{s.arrived_on:%d.%m.%Y}", s.arrived_order)] if s.arrived_note
                    else [])
        arrivals += [_said(f"{g.back_on:%d.%m.%Y}", g.back_order) for g in s.gaps]
        leavings = [_said(f"{g.left_on:%d.%m.%Y}", g.left_order, g.left_reason) for g in s.gaps]
        if s.left_on is not None:
            leavings.append(_said(f"{s.left_on:%d.%m.%Y}", s.left_order, s.left_reason))
        arrived, left = "; ".join(arrivals), "; ".join(leavings)
        rows.append([
            str(s.number), wrap_text(s.full_name, CONDENSED, 8, 164),
            f"{s.birth_date:%d.%m.%Y}" if s.birth_date else "", s.personal_file_no,
            wrap_text(arrived, CONDENSED, 8, widths[4] - 6),
            wrap_text(left, CONDENSED, 8, widths[5] - 6),
        ])
    book.add(_simple_table(rows, widths, size=8), space_before=4)


def add_health_sheet(book: Book, data: ClassBookData) -> None:
    _section_title(book, "Листок здоровья", "заполняется медицинским работником",
                   "health")
    w = book.frame_width
    widths = [16.0, 190.0, 70.0, 110.0, 0.0]
    widths[4] = w - sum(widths)
    rows: list[list[Any]] = [["№", "Фамилия, имя, отчество", "Группа здоровья",
                              "Физкультурная группа", "Рекомендации, отметка медработника"]]
    for s in data.students:
        rows.append([str(s.number), wrap_text(s.full_name, CONDENSED, 8, 184),
                     s.health_group, s.pe_group, ""])
    book.add(_simple_table(rows, widths, size=8,
                           extra=[("ALIGN", (2, 1), (3, -1), "CENTER"),
                                  ("TOPPADDING", (0, 1), (-1, -1), 3),
                                  ("BOTTOMPADDING", (0, 1), (-1, -1), 3.5)]), space_before=4)


def _said(*parts: str) -> str:
    """«10.11.2026, № 60, переезд» — the parts there are."""
    return ", ".join(p for p in parts if p)


def add_inspection(book: Book) -> None:
    _section_title(book, "Замечания по ведению классного журнала",
                   "заполняется проверяющими (директор, заместитель директора)",
                   "inspection")
    w = book.frame_width
    widths = [60.0, 0.0, 120.0, 130.0]
    widths[1] = w - sum(widths)
    header = ["Дата проверки", "Замечания и предложения проверяющего",
              "Подпись проверяющего", "Отметка о выполнении"]
    row_h = 26.0
    count = max(4, int((book.remaining - 30) // row_h))
    rows: list[list[Any]] = [header, *([["", "", "", ""]] * count)]
    book.add(_simple_table(rows, widths, size=8, row_height=row_h), space_before=4)


def add_certification(book: Book, director: str) -> None:
    """The certification sheet, on a sheet of its own. As the archive rules have it,
    it is neither numbered nor counted: it certifies the sheets before it."""
    book.start_sheet()
    book.unnumbered()
    book.bookmark("Заверительный лист", level=0, key="certification")

    def draw(canvas: Canvas, w: float, h: float) -> None:
        total = book.total_sheets
        canvas.setFont(BOLD, 14)
        canvas.drawCentredString(w / 2, h - 60, "ЗАВЕРИТЕЛЬНЫЙ ЛИСТ")
        canvas.setFont(REGULAR, 12)
        text = certification_text(total)
        lines = wrap_text(text, REGULAR, 12, w - 80 * mm).split("\n")
        y = h - 110
        for line in lines:
            canvas.drawCentredString(w / 2, y, line)
            y -= 18
        y -= 40
        canvas.setFont(REGULAR, 11)
        canvas.drawString(40 * mm, y, "Директор")
        canvas.line(70 * mm, y - 2, 130 * mm, y - 2)
        canvas.drawString(134 * mm, y, director)
        canvas.setFont(REGULAR, 7)
        canvas.drawCentredString(100 * mm, y - 10, "(подпись)")
        y -= 42
        canvas.setFont(REGULAR, 11)
        canvas.drawString(40 * mm, y, "«____» ________________ 20____ г.")
        canvas.setDash(3, 3)
        seal_x, seal_y = w / 2 + 20 * mm, y - 45 * mm
        canvas.circle(seal_x, seal_y, 20 * mm)
        canvas.setDash()
        canvas.setFont(REGULAR, 10)
        canvas.drawCentredString(seal_x, seal_y - 4, "М. П.")

    book.add(Drawn(book.frame_width, book.remaining, draw))


def add_title_page(book: Book, data: ClassBookData) -> None:
    header = data.header
    book.bookmark("Титульный лист", level=0)

    def draw(canvas: Canvas, w: float, h: float) -> None:
        y = h - 30
        canvas.setFont(REGULAR, 12)
        for line in wrap_text(header.school_full_name, REGULAR, 12, w - 60 * mm).split("\n"):
            canvas.drawCentredString(w / 2, y, line)
            y -= 16
        y -= 60
        canvas.setFont(BOLD, 30)
        canvas.drawCentredString(w / 2, y, "КЛАССНЫЙ ЖУРНАЛ")
        y -= 42
        canvas.setFont(BOLD, 22)
        canvas.drawCentredString(w / 2, y, f"{header.class_name} класса")
        y -= 32
        canvas.setFont(REGULAR, 16)
        canvas.drawCentredString(w / 2, y, f"{header.year_name} учебный год")
        y -= 70
        canvas.setFont(REGULAR, 12)
        left = w / 2 - 75 * mm
        canvas.drawString(left, y, f"Классный руководитель: {header.class_teacher_name or '—'}")
        y -= 20
        canvas.drawString(left, y, f"Директор: {header.director_name}")
        y -= 20
        canvas.drawString(left, y, f"Учащихся в списке: {len(data.students)}")
        _archive_box(canvas, w, book.total_sheets, *journal_dates(data), data.file_index)

    book.add(Drawn(book.frame_width, book.remaining, draw))


def journal_dates(data: ClassBookData) -> tuple[date, date]:
    """The file's start and end dates: its first and last lesson (the school year's
    bounds when nothing was taught)."""
    days = [lesson.date for journal in data.journals for lesson in journal.lessons]
    if not days:
        return data.header.year_start, data.header.year_end
    return min(days), max(days)


def _archive_box(canvas: Canvas, w: float, sheets: int, start: date, end: date,
                 index: str) -> None:
    """The archive details in the title's lower right corner, as on a file cover:
    index (the school's setting from its nomenclature of files; a line to write it in
    by hand while none is set),
    dates, the number of sheets and the storage term."""
    lines = [
        f"Индекс дела по номенклатуре {index or '________'}",
        f"Начато {start:%d.%m.%Y}",
        f"Окончено {end:%d.%m.%Y}",
        f"В деле {sheets_phrase(sheets)}",
        f"Хранить {STORE_YEARS} лет",
    ]
    canvas.setFont(REGULAR, 11)
    box_w = max(stringWidth(line, REGULAR, 11) for line in lines) + 16
    x, y = w - box_w, 8 + 16 * len(lines)
    canvas.setLineWidth(0.6)
    canvas.rect(x, 4, box_w, y, stroke=1, fill=0)
    for line in lines:
        y -= 16
        canvas.drawString(x + 8, y, line)


def add_contents(book: Book, data: ClassBookData,
                 entries: list[tuple[str, str, int, str]]) -> None:
    """Contents (section → sheet, read at drawing time; each subject with its teacher
    in full), the legend of notations under it, and the class's timetable on the next
    page, so the subjects start on an even page: each marks page is then the left
    half of a spread and its topics page faces it."""
    book.page_break()
    book.bookmark("Содержание и условные обозначения", level=0)
    line_h = 12.0
    title_w = book.frame_width * 0.46
    teacher_w = book.frame_width * 0.40
    # A long subject or group name takes a second line rather than an ellipsis.
    laid = [(key, wrap_text(title, CONDENSED if level else CONDENSED_BOLD, 8.5,
                            title_w - 14.0 * level).split("\n"), level,
             wrap_text(teacher, CONDENSED, 8.5, teacher_w).split("\n"))
            for key, title, level, teacher in entries]
    height = 22 + line_h * sum(max(len(t), len(n)) for _, t, _, n in laid)

    def draw(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(BOLD, 12)
        canvas.drawString(0, h - 12, "Содержание")
        canvas.setFont(CONDENSED, 8)
        canvas.drawString(title_w + 8, h - 12, "учитель")
        canvas.drawRightString(w, h - 12, "лист")
        y = h - 28
        for key, title_lines, level, teacher_lines in laid:
            indent = 14.0 * level
            font = CONDENSED if level else CONDENSED_BOLD
            canvas.setFont(font, 8.5)
            for offset, line in enumerate(title_lines):
                canvas.drawString(indent, y - offset * line_h, line)
            canvas.setFont(CONDENSED, 8.5)
            for offset, line in enumerate(teacher_lines):
                canvas.drawString(title_w + 8, y - offset * line_h, line)
            page = book.anchors.get(key)
            place = "" if page is None else (
                sheet_place(page) if book.pages[page - 1].numbered else "без номера")
            canvas.setFont(font, 8.5)
            canvas.drawRightString(w, y, place)
            y -= line_h * max(len(title_lines), len(teacher_lines))

    contents = Drawn(book.frame_width, height, draw)
    book.add(contents)
    legend_rows: list[list[Any]] = [["Посещаемость", "Значение", "Отметки", "Значение"]]
    left = printed_attendance_legend(data.attendance_legend)
    right = list(data.mark_legend)
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else ("", "")
        b = right[index] if index < len(right) else ("", "")
        legend_rows.append([a[0], a[1], b[0], b[1]])
    legend_rows.append(["", "серая клетка — ученик ещё не прибыл или уже выбыл", "", ""])
    legend_rows.append(["", "«Лист N» — номер листа (двусторонняя печать: лист — две "
                        "страницы; «об.» в содержании — оборот листа)", "", ""])

    def legend_title(canvas: Canvas, w: float, h: float) -> None:
        canvas.setFont(BOLD, 12)
        canvas.drawString(0, 6, "Условные обозначения")

    book.add(Drawn(book.frame_width, 22, legend_title), space_before=14)
    legend_rows = [[a, wrap_text(b, CONDENSED, 8.5, 244), c, wrap_text(d, CONDENSED, 8.5, 244)]
                   for a, b, c, d in legend_rows]
    book.add(_simple_table(legend_rows, [70.0, 250.0, 70.0, 250.0], size=8.5,
                           extra=[("ALIGN", (0, 1), (0, -1), "CENTER"),
                                  ("ALIGN", (2, 1), (2, -1), "CENTER"),
                                  ("SPAN", (1, -2), (3, -2)),
                                  ("SPAN", (1, -1), (3, -1))]))
    book.page_break()
    add_timetable(book, data.timetable)


def build_class_book(path: Path, data: ClassBookData, *, invariant: bool | None = None,
                     progress: Progress | None = None) -> Path:
    """Lay the whole journal out (pass 1), then draw it to ``path`` (pass 2).

    ``progress(stage, fraction)`` is called per subject while laying out (0…0.4) and
    every few pages while drawing (0.4…1); an exception raised from it (e.g. the
    report window's cancel) stops the build and leaves ``path`` untouched."""
    book = lay_out_class_book(
        data, progress=(lambda stage, f: progress(stage, 0.4 * f)) if progress else None
    )

    def pages(done: int, total: int) -> None:
        if progress is not None and (done % 5 == 0 or done == total):
            progress(f"Печать страниц: {done} из {total}", 0.4 + 0.6 * done / total)

    return book.render(path, invariant=invariant, progress=pages)


def class_book_frame(data: ClassBookData) -> dict[str, Any]:
    """The :class:`Book` arguments of a class journal (title, running header, date)."""
    header = data.header
    return {
        "title": f"Классный журнал {header.class_name} класса, {header.year_name}",
        "author": header.school_short_name,
        "header_left": header.school_short_name,
        "header_center": f"Классный журнал {header.class_name} класса",
        "header_right": f"{header.year_name} учебный год",
        "generated_on": data.generated_on,
        "numbering": "sheets",
    }


def lay_out_class_book(data: ClassBookData, *, progress: Progress | None = None,
                       into: Book | None = None) -> Book:
    """Pass 1: every section placed on its pages (nothing drawn yet), into a new
    :class:`Book` (or ``into``, a Book subclass, e.g. to collect a plain story)."""
    header = data.header
    book = into if into is not None else Book(**class_book_frame(data))
    add_title_page(book, data)
    # The contents lists every section and subject; their keys are fixed up front so
    # the contents can be laid out before the pages it points to exist.
    entries: list[tuple[str, str, int, str]] = [("timetable", "Расписание уроков", 0, ""),
                                                ("subjects", "Предметы", 0, "")]
    subject_keys: list[str] = []
    for index, journal in enumerate(data.journals):
        key = f"subject{index}"
        subject_keys.append(key)
        entries.append((key, journal_name(journal), 1, journal.assignment.teacher_name))
    sections = [("summary", "Сводная ведомость учёта успеваемости"),
                ("missed", "Учёт пропущенных уроков"),
                ("general", "Общие сведения об учащихся"),
                ("health", "Листок здоровья"),
                ("inspection", "Замечания по ведению классного журнала"),
                ("certification", "Заверительный лист")]
    entries += [(key, title, 0, "") for key, title in sections]
    add_contents(book, data, entries)

    book.page_break()
    book.bookmark("Предметы", level=0, key="subjects")
    for index, journal in enumerate(data.journals):
        name = journal_name(journal)
        if progress is not None:
            progress(name, index / max(1, len(data.journals)))
        _add_subject_keyed(book, journal, subject_keys[index])
        book.add(year_end_line(data, journal, book.frame_width), space_before=10)

    # The summary sheet is kept 25 years, the journal 5: it starts on the front of a
    # sheet and the next section on the next sheet, so it can be taken out whole.
    book.start_sheet()
    book.bookmark("Сводная ведомость учёта успеваемости", level=0, key="summary")
    add_summary_pages(book, data.summary, level=1)
    book.start_sheet()
    add_missed_by_month(book, data)
    add_general_data(book, data)
    add_health_sheet(book, data)
    add_inspection(book)
    add_certification(book, header.director_name)
    return book


def year_end_text(data: ClassBookData, journal: JournalData) -> str:
    """«За год: по программе (КТП) 170 ч., дано 168 ч.» — the subject's lessons
    planned and given, as the paper journal's last topics page records them."""
    given = data.lessons_given(journal)
    planned = data.planned_hours.get(journal.assignment.id)
    if planned is None:
        return f"За год: дано уроков — {given}; календарно-тематический план не составлен."
    gap = planned - given
    outcome = ("программа выполнена" if gap <= 0
               else f"не дано {gap} ч. по плану")
    return (f"За год: по программе (КТП) — {planned} ч., дано уроков — {given}; "
            f"{outcome}.")


def year_end_line(data: ClassBookData, journal: JournalData, width: float) -> Drawn:
    """The subject's year-end line and the teacher's signature line under it."""
    text = wrap_text(year_end_text(data, journal), CONDENSED, 9, width)
    lines = text.split("\n")
    teacher = journal.assignment.teacher_short_name

    def draw(canvas: Canvas, w: float, h: float) -> None:
        y = h - 10
        canvas.setFont(CONDENSED_BOLD, 9)
        for line in lines:
            canvas.drawString(0, y, line)
            y -= 11
        y -= 14
        canvas.setFont(CONDENSED, 9)
        canvas.drawString(0, y, "Учитель")
        canvas.line(40, y - 2, 180, y - 2)
        canvas.drawString(186, y, teacher)
        canvas.setFont(CONDENSED, 6.5)
        canvas.drawCentredString(110, y - 9, "(подпись)")

    return Drawn(width, 11 * len(lines) + 34, draw)


def _start_spread(book: Book) -> None:
    """Start a new page that is the left half of a spread (an even page, the back of
    a sheet): after a topics table that ran onto a second page, the odd page in
    between is left blank (and says so), as in a paper journal."""
    book.start_page(odd=False)


def _add_subject_keyed(book: Book, journal: JournalData, key: str) -> None:
    name = journal_name(journal)
    _start_spread(book)
    book.bookmark(name, level=1, key=key)
    _add_subject_blocks(book, journal, name)


def _add_subject_blocks(book: Book, journal: JournalData, name: str) -> None:
    info = journal.assignment
    blocks = lesson_blocks(journal)
    lessons_done = 0
    for number, block in enumerate(blocks, start=1):
        lessons = [c.lesson for c in block if c.kind == "lesson" and c.lesson is not None]
        first, last = lessons_done + 1, lessons_done + len(lessons)
        lessons_done = last
        span = (f"уроки {first}–{last}, {lessons[0].date:%d.%m}–{lessons[-1].date:%d.%m}"
                if lessons else "уроков нет")
        sub = f"Учитель {info.teacher_short_name} · {span} · часть {number} из {len(blocks)}"
        _start_spread(book)
        book.add(_title_line(f"{name} — отметки и посещаемость", sub, book.frame_width))
        book.add(marks_table(journal, block, book.frame_width, book.remaining - 4),
                 space_before=3)
        book.page_break()
        book.add(_title_line(f"{name} — содержание уроков и домашние задания", sub,
                             book.frame_width))
        book.add(topics_table(journal, lessons, book.frame_width), space_before=3)
