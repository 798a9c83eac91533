"""The class teacher's daily attendance sheet: students down, the day's lessons
across with the codes typed in the journal, each student's lessons missed, the
reasons and whether it missed the whole day; the absent count under each lesson."""

from __future__ import annotations

from pathlib import Path

from database.queries.daily_sheet import NOT_HIS, DailySheet
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Ежедневный лист посещаемости"
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


def _lesson_title(number: int, subject: str, group: str) -> str:
    return f"{number} ур. {subject}" + (f" ({group})" if group else "")


def daily_document(data: DailySheet) -> TableDocument:
    header = data.header
    columns = (
        Column("№", 0.4), Column("Ученик", 3.2, "left"),
        *(Column(_lesson_title(lesson.number, lesson.subject, lesson.group), 0.9)
          for lesson in data.lessons),
        Column("Пропущено уроков", 0.9), Column("Причины", 1.3, "left"),
        Column("Весь день", 0.8),
    )
    rows: list[tuple[Cell, ...]] = [
        (s.number, s.name + (f" ({s.note})" if s.note else ""), *s.codes, s.missed,
         s.reasons, "да" if s.whole_day else "")
        for s in data.students
    ]
    rows.append(("", "Отсутствовали", *(lesson.absent for lesson in data.lessons), data.missed,
                 "", data.whole_day))
    teachers = "; ".join(f"{lesson.number} ур. — {lesson.teacher}" for lesson in data.lessons)
    codes = ", ".join(f"«{code}» — {meaning}" for code, meaning in data.codes.items())
    legend = (
        f"Коды посещаемости: {codes}; пустая клетка — присутствовал; «{NOT_HIS}» — урок "
        "другой группы класса.",
        "Учитываются уроки класса и его групп этого дня, кроме отменённых. Пропущено "
        "уроков — клетки с кодами «н», «б», «у», «п» (опоздание пропуском не считается).",
        "Весь день — ученик пропустил все свои уроки этого дня.",
    )
    note = f"Уроки вели: {teachers}." if teachers else ""
    if data.cancelled:
        note += " Отменены: " + ", ".join(data.cancelled) + "."
    return TableDocument(
        title=f"{TITLE} {header.class_name} класса",
        school=header.school_short_name,
        subtitle=f"{data.day:%d.%m.%Y}, {WEEKDAYS[data.day.weekday()]}",
        byline=f"классный руководитель {header.class_teacher_short}"
        if header.class_teacher_short else "",
        generated_on=data.generated_on,
        sections=(Section(
            heading="Посещаемость за день",
            note=note.strip(),
            columns=columns,
            rows=tuple(rows) if data.lessons else (),
            bold_rows=frozenset({len(rows) - 1}),
            warn_cells=frozenset((i, len(columns) - 1) for i, s in enumerate(data.students)
                                 if s.whole_day),
            empty_text="В этот день у класса нет уроков.",
        ),),
        header=f"Посещаемость {header.class_name} за {data.day:%d.%m.%Y}",
        legend=legend,
        signatures=("Классный руководитель",),
    )


def build_daily_pdf(path: Path, data: DailySheet, progress: Progress) -> Path:
    return build_table_pdf(path, daily_document(data), progress)


def build_daily_xlsx(path: Path, data: DailySheet, progress: Progress) -> Path:
    return build_table_xlsx(path, daily_document(data), progress)
