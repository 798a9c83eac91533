"""Progress of the school by teacher or by grade level: one table per study period
(and the year), a bold line per teacher or grade summing the journals or subjects
under it, with the same columns and legend as a class's progress report."""

from __future__ import annotations

from pathlib import Path

from database.queries.progress import LEGEND, UNMARKED_NOTE, Counts
from database.queries.progress_scope import BY_TEACHER, ProgressTable, SchoolProgress
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLES = {BY_TEACHER: "Успеваемость по учителям", "grade": "Успеваемость по параллелям"}


def _columns(kind: str) -> tuple[Column, ...]:
    first = "Учитель, журнал" if kind == BY_TEACHER else "Параллель, предмет"
    return (
        Column(first, 3.4, "left"), Column("N", 0.6), Column("«5»", 0.6), Column("«4»", 0.6),
        Column("«3»", 0.6), Column("«2»", 0.6), Column("н/а", 0.6), Column("осв.", 0.6),
        Column("без отм.", 0.6), Column("% успев.", 0.8), Column("% кач.", 0.8),
        Column("СОУ, %", 0.8), Column("Ср. балл", 0.8, digits=2),
    )


def _row(name: str, c: Counts) -> tuple[Cell, ...]:
    return (name, c.attested, c.n5, c.n4, c.n3, c.n2, c.not_attested, c.exempt, c.no_mark,
            c.success, c.quality, c.sou, c.average)


def _table(kind: str, table: ProgressTable) -> Section:
    rows = tuple(_row(line.name if line.total else f"    {line.name}", line.counts)
                 for line in table.lines)
    return Section(
        heading=f"{table.title} (по {table.end:%d.%m.%Y})",
        columns=_columns(kind),
        rows=rows,
        bold_rows=frozenset(i for i, line in enumerate(table.lines) if line.total),
    )


def scope_sections(data: SchoolProgress) -> tuple[Section, ...]:
    """The tables (the quarterly report takes them too)."""
    return tuple(_table(data.kind, t) for t in data.tables)


def scope_document(data: SchoolProgress) -> TableDocument:
    title = TITLES[data.kind]
    skipped = ", ".join(str(g) for g in data.unmarked_grades)
    return TableDocument(
        title=title,
        school=data.school_name,
        subtitle=f"{data.year_name} учебный год, {data.first:%d.%m.%Y}–{data.last:%d.%m.%Y}",
        generated_on=data.generated_on,
        sections=scope_sections(data) or (Section(
            heading="Периоды", columns=(Column("Период", 1.0, "left"),), rows=(),
            empty_text="В выбранном периоде не заканчивается ни одна четверть "
                       "(полугодие) и учебный год."),),
        header=title,
        legend=(*LEGEND[:-3],
                "Строка учителя — сумма его журналов; журнал группы считает учеников группы."
                if data.kind == BY_TEACHER else
                "Строка параллели — сумма предметов её классов (как «Итого по предметам» "
                "класса).",
                UNMARKED_NOTE + (f" Не учтены классы: {skipped}-е." if skipped else "")),
        signatures=("Заместитель директора по УВР",),
    )


def build_scope_pdf(path: Path, data: SchoolProgress, progress: Progress) -> Path:
    return build_table_pdf(path, scope_document(data), progress)


def build_scope_xlsx(path: Path, data: SchoolProgress, progress: Progress) -> Path:
    return build_table_xlsx(path, scope_document(data), progress)
