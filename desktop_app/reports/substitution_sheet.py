"""The day's substitutions sheet for the staff room: which lessons are taken by whom,
and which are cancelled (:func:`database.queries.substitutions.substitution_sheet`)."""

from __future__ import annotations

from pathlib import Path

from database.queries.substitutions import SubstitutionSheet
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Замены уроков"
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
            "воскресенье")


def sheet_document(sheet: SubstitutionSheet) -> TableDocument:
    day = f"{sheet.day:%d.%m.%Y}, {WEEKDAYS[sheet.day.weekday()]}"
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (line.lesson_number, line.time, line.class_name, line.subject, line.absent,
         line.substitute or "—", line.room, line.note)
        for line in sheet.lines)
    cancelled = sum(1 for line in sheet.lines if not line.substitute)
    return TableDocument(
        title=f"{TITLE} на {day}",
        school=sheet.school_name,
        subtitle=f"{sheet.day:%d.%m.%Y}",
        generated_on=sheet.generated_on,
        sections=(Section(
            heading="Замены и отмены",
            note=f"Замен: {len(sheet.lines) - cancelled}, отменённых уроков: {cancelled}.",
            columns=(Column("Урок", 0.5), Column("Время", 0.9), Column("Класс", 0.7),
                     Column("Предмет", 2.4, "left"), Column("Отсутствует", 1.5, "left"),
                     Column("Заменяет", 1.5, "left"), Column("Кабинет", 0.7),
                     Column("Примечание", 2.0, "left")),
            rows=rows,
            empty_text="Замен и отмен на этот день нет.",
        ),),
        header=TITLE,
        signatures=("Заместитель директора по УВР",),
    )


def build_sheet_pdf(path: Path, sheet: SubstitutionSheet, progress: Progress) -> Path:
    return build_table_pdf(path, sheet_document(sheet), progress)


def build_sheet_xlsx(path: Path, sheet: SubstitutionSheet, progress: Progress) -> Path:
    return build_table_xlsx(path, sheet_document(sheet), progress)
