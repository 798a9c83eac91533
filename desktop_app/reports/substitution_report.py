"""The substitutions and cancellations report for a period: the lessons, then the
lessons each substitute gave and each teacher of record did not give."""

from __future__ import annotations

from pathlib import Path

from database.queries.substitution_report import LEGEND, SubstitutionReport, TeacherCount
from desktop_app.reports.registry import Link
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Замены и отмены уроков"


def _counts(heading: str, what: str, counts: tuple[TeacherCount, ...]) -> Section:
    rows: list[tuple[Cell, ...]] = [(c.teacher, c.count) for c in counts]
    rows.append(("Всего", sum(c.count for c in counts)))
    return Section(heading=heading, columns=(Column("Учитель", 3.0, "left"), Column(what, 1.0)),
                   rows=tuple(rows) if counts else (), bold_rows=frozenset({len(rows) - 1}),
                   empty_text="Нет.")


def substitution_document(data: SubstitutionReport) -> TableDocument:
    rows = tuple(
        (f"{line.day:%d.%m.%Y}", line.number, line.journal, line.teacher, line.status,
         line.substitute, line.reason)
        for line in data.lessons)
    return TableDocument(
        title=TITLE,
        school=data.school_name,
        subtitle=f"{data.year_name} учебный год, {data.first:%d.%m.%Y}–{data.last:%d.%m.%Y}",
        generated_on=data.generated_on,
        sections=(
            Section(
                heading="Уроки",
                note=f"Замен: {data.substituted}, отменено уроков: {data.cancelled}.",
                columns=(Column("Дата", 0.9), Column("Урок", 0.5),
                         Column("Класс, предмет", 3.0, "left"), Column("Учитель", 1.6, "left"),
                         Column("Что", 0.8), Column("Заменял", 1.6, "left"),
                         Column("Причина", 2.2, "left")),
                rows=rows,
                empty_text="В выбранном периоде не было ни замен, ни отмен.",
            ),
            _counts("Провели замен", "Провёл замен", data.given),
            _counts("Не провели своих уроков", "Не провёл своих", data.missed),
        ),
        header=TITLE,
        legend=LEGEND,
        signatures=("Заместитель директора по УВР",),
    )


def substitution_links(data: SubstitutionReport) -> list[Link]:
    return [Link(f"{line.day:%d.%m} {line.number} ур. · {line.journal} — {line.status}"
                 + (f": {line.substitute}" if line.substitute else ""),
                 line.assignment_id, line.lesson_id) for line in data.lessons]


def build_substitution_pdf(path: Path, data: SubstitutionReport, progress: Progress) -> Path:
    return build_table_pdf(path, substitution_document(data), progress)


def build_substitution_xlsx(path: Path, data: SubstitutionReport, progress: Progress) -> Path:
    return build_table_xlsx(path, substitution_document(data), progress)
