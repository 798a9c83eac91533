"""The progress report of a class: per period, the subjects' counts of «5»…н/а/осв.,
% успеваемости, % качества, СОУ and the average mark, a total line, then the lists
of excellent students, with one «4», with one «3», failing or not attested."""

from __future__ import annotations

from pathlib import Path

from database.queries.progress import (
    LEGEND,
    UNMARKED_NOTE,
    ClassProgress,
    Counts,
    PeriodProgress,
)
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
    number_text,
)

TITLE = "Отчёт об успеваемости"

COLUMNS = (
    Column("Предмет", 3.0, "left"), Column("Учеников в классе", 0.8), Column("N", 0.6),
    Column("«5»", 0.6), Column("«4»", 0.6), Column("«3»", 0.6), Column("«2»", 0.6),
    Column("н/а", 0.6), Column("осв.", 0.6), Column("без отм.", 0.6),
    Column("% успев.", 0.8), Column("% кач.", 0.8), Column("СОУ, %", 0.8),
    Column("Ср. балл", 0.8, digits=2),
)


def _row(name: str, students: Cell, c: Counts) -> tuple[Cell, ...]:
    return (name, students, c.attested, c.n5, c.n4, c.n3, c.n2, c.not_attested, c.exempt,
            c.no_mark, c.success, c.quality, c.sou, c.average)


def _comparison(period: PeriodProgress, subjects: list[str]) -> Section:
    """A student a row, a subject a column: «average / period mark» in each cell, the
    cells where a numeric period mark differs from the rounded average shaded."""
    students = list(dict.fromkeys(c.student for c in period.comparison))
    cells = {(c.student, c.subject): c for c in period.comparison}
    rows: list[tuple[Cell, ...]] = []
    warn: set[tuple[int, int]] = set()
    for r, student in enumerate(students):
        row: list[Cell] = [student]
        for col, subject in enumerate(subjects, start=1):
            c = cells.get((student, subject))
            if c is None:
                row.append("")
                continue
            average = number_text(c.average, 2) if c.average is not None else "—"
            row.append(f"{average} / {c.given or '—'}")
            if c.differs:
                warn.add((r, col))
        row.append(sum(1 for s in subjects if (student, s) in cells
                       and cells[(student, s)].differs))
        rows.append(tuple(row))
    return Section(
        heading=f"Средний балл и итоговая отметка · {period.title}",
        note="В клетке: средневзвешенный балл текущих отметок за период / выставленная "
             "отметка за период; выделено — выставлена другая числовая отметка, чем "
             "округлённый по правилу школы средний балл.",
        columns=(Column("Ученик", 2.4, "left"), *(Column(s, 1.0) for s in subjects),
                 Column("Расхождений", 1.0)),
        rows=tuple(rows),
        warn_cells=frozenset(warn),
        empty_text="Нет ни текущих, ни итоговых отметок за период.",
    )


def _period(period: PeriodProgress) -> tuple[Section, ...]:
    rows = [_row(s.subject, period.students, s.counts) for s in period.subjects]
    rows.append(_row("Итого по предметам", None, period.total))
    table = Section(
        heading=f"{period.title} (по {period.end:%d.%m.%Y})",
        columns=COLUMNS,
        rows=tuple(rows),
        bold_rows=frozenset({len(rows) - 1}),
        note=f"Учеников в классе на последний день периода: {period.students}.",
    )
    lists: list[tuple[Cell, ...]] = []
    for title, lines in (("Отличники", period.excellent), ("С одной «4»", period.one_four),
                         ("С одной «3»", period.one_three),
                         ("Неуспевающие и не аттестованные", period.failing)):
        if not lines:
            lists.append((title, "нет", ""))
        for index, line in enumerate(lines):
            lists.append((title if index == 0 else "", line.name, ", ".join(line.subjects)))
    lists_section = Section(
        heading=f"Списки учеников · {period.title}",
        columns=(Column("Категория", 2.0, "left"), Column("Ученик", 2.5, "left"),
                 Column("Предметы", 4.0, "left")),
        rows=tuple(lists),
    )
    if period.kind == "period":  # the year mark has no current marks of its own
        given = {c.subject for c in period.comparison}
        subjects = [name for name in period.subject_names if name in given]
        return table, lists_section, _comparison(period, subjects)
    return table, lists_section


def progress_document(data: ClassProgress) -> TableDocument:
    header = data.header
    sections: list[Section] = []
    for period in data.periods:
        sections.extend(_period(period))
    return TableDocument(
        title=f"{TITLE} {header.class_name} класса",
        school=header.school_short_name,
        subtitle=f"{header.year_name} учебный год, {data.first:%d.%m.%Y}–{data.last:%d.%m.%Y}",
        byline=f"классный руководитель {header.class_teacher_short}"
        if header.class_teacher_short else "",
        generated_on=data.generated_on,
        sections=(Section(
            heading="Успеваемость", columns=(Column("Класс", 1.0, "left"),), rows=(),
            empty_text=UNMARKED_NOTE),) if data.unmarked else tuple(sections) or (Section(
            heading="Периоды", columns=(Column("Период", 1.0, "left"),), rows=(),
            empty_text="В выбранном периоде не заканчивается ни одна четверть "
                       "(полугодие) и учебный год."),),
        header=f"Успеваемость {header.class_name}",
        legend=LEGEND,
        signatures=("Классный руководитель", "Заместитель директора по УВР"),
    )


def build_progress_pdf(path: Path, data: ClassProgress, progress: Progress) -> Path:
    return build_table_pdf(path, progress_document(data), progress)


def build_progress_xlsx(path: Path, data: ClassProgress, progress: Progress) -> Path:
    return build_table_xlsx(path, progress_document(data), progress)
