"""The attendance report of a class for a period: by student, lessons missed for
illness, for a valid reason and otherwise, late arrivals and whole days missed,
with the class's total."""

from __future__ import annotations

from pathlib import Path

from database.queries.attendance_report import LEGEND, ClassAttendance
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Отчёт о посещаемости"


def attendance_document(data: ClassAttendance) -> TableDocument:
    header = data.header
    rows: list[tuple[Cell, ...]] = [
        (s.number, s.name + (f" ({s.note})" if s.note else ""), s.lessons, s.missed,
         s.illness, s.valid, s.other, s.late, s.days)
        for s in data.students
    ]
    rows.append(("", "Всего по классу", *data.total()))
    return TableDocument(
        title=f"{TITLE} {header.class_name} класса",
        school=header.school_short_name,
        subtitle=f"{header.year_name} учебный год, {data.first:%d.%m.%Y}–{data.last:%d.%m.%Y}",
        generated_on=data.generated_on,
        sections=(Section(
            heading="Пропуски уроков по ученикам",
            columns=(Column("№", 0.4), Column("Ученик", 4.0, "left"),
                     Column("Уроков", 0.9), Column("Пропущено уроков", 1.0),
                     Column("по болезни", 1.0), Column("по уважит. причине", 1.0),
                     Column("прочие", 1.0), Column("Опозданий", 1.0),
                     Column("Пропущено дней", 1.0)),
            rows=tuple(rows),
            bold_rows=frozenset({len(rows) - 1}),
        ),),
        header=f"Посещаемость {header.class_name}",
        legend=LEGEND,
        signatures=("Классный руководитель",),
    )


def build_attendance_pdf(path: Path, data: ClassAttendance, progress: Progress) -> Path:
    return build_table_pdf(path, attendance_document(data), progress)


def build_attendance_xlsx(path: Path, data: ClassAttendance, progress: Progress) -> Path:
    return build_table_xlsx(path, attendance_document(data), progress)
