"""The quarterly report on keeping the electronic journal: the six indicators over
the period (with the weekly chart), the control's findings summed per teacher, and
progress by grade level (with a bar chart of % успеваемости and % качества) — one
document, PDF and workbook, the legends of the three reports it gathers."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from database.queries.activity import DEFINITIONS
from database.queries.journal_control import JournalControl
from database.queries.progress import LEGEND as PROGRESS_LEGEND
from database.queries.quarterly import QuarterlyReport
from desktop_app.reports.activity_report import CHART_WIDTH, week_series
from desktop_app.reports.charts import Series, percent_bars, percent_chart
from desktop_app.reports.progress_scope_report import scope_sections
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Отчёт о ведении электронного журнала"

# The control's counts per journal, in the order of the columns.
_FINDINGS = ("Без темы", "Без д/з", "Без посещ.", "Отметки поздно", "Посещ. поздно",
             "Д/з поздно", "Нет итоговых", "Мало отметок")


def _counts(journal: JournalControl) -> tuple[int, ...]:
    return (len(journal.no_topic), len(journal.no_homework), len(journal.no_attendance),
            journal.late_marks, journal.late_attendance, len(journal.late_homework),
            sum(len(m.students) for m in journal.period_marks), len(journal.few_marks))


def _indicators(data: QuarterlyReport) -> Section:
    rows = tuple((f.title, f.target_text, f.period.percent if f.period.whole else None,
                  f"{f.period.part} из {f.period.whole}", "да" if f.met else "нет")
                 for f in data.figures)
    points = data.weeks
    chart = percent_chart("Показатели по неделям периода", [f"{p.start:%d.%m}" for p in points],
                          week_series(points), CHART_WIDTH) if points else None
    return Section(
        heading="Показатели активности за период",
        note=("Уроки, записи и входы — сумма по неделям, начинающимся в периоде "
              f"({len(points)} нед.); расписание — на последний день периода, учётные "
              f"записи — на дату отчёта. Данные на {data.activity.as_of:%d.%m.%Y %H:%M}."),
        columns=(Column("Показатель", 5.0, "left"), Column("Целевое значение", 1.2),
                 Column("За период, %", 1.0), Column("За период", 1.3),
                 Column("Выполнен", 0.9)),
        rows=rows,
        warn_cells=frozenset((i, 2) for i, f in enumerate(data.figures) if not f.met),
        figures=(chart,) if chart is not None else (),
    )


def _control(data: QuarterlyReport) -> tuple[Section, Section]:
    per_teacher: dict[str, list[int]] = defaultdict(lambda: [0] * (2 + len(_FINDINGS)))
    total = [0] * (2 + len(_FINDINGS))
    with_findings = 0
    for journal in data.control.journals:
        line = per_teacher[journal.teacher]
        values = (1, journal.lessons_held, *_counts(journal))
        for i, value in enumerate(values):
            line[i] += value
            total[i] += value
        with_findings += journal.has_findings
    columns = (Column("Учитель", 2.4, "left"), Column("Журналов", 0.8), Column("Уроков", 0.8),
               *(Column(title, 0.8) for title in _FINDINGS))
    rows: list[tuple[Cell, ...]] = [(name, *values) for name, values in per_teacher.items()]
    rows.append(("Итого", *total))
    warn = frozenset((r, c) for r, row in enumerate(rows[:-1]) for c in range(3, len(row))
                     if row[c])
    summary = Section(
        heading="Контроль ведения журнала: итоги",
        columns=(Column("Что проверялось", 4.0, "left"), Column("Всего", 1.0)),
        rows=(("Журналов проверено", total[0]), ("Журналов с замечаниями", with_findings),
              ("Уроков проведено", total[1]),
              *((title, total[2 + i]) for i, title in enumerate(_FINDINGS))),
        note="Подробно, по журналам и урокам, — в справке «Контроль ведения журнала» за тот "
             "же период.",
    )
    return summary, Section(
        heading="Контроль ведения журнала по учителям", columns=columns, rows=tuple(rows),
        bold_rows=frozenset({len(rows) - 1}), warn_cells=warn,
        note="Без д/з — без домашнего задания; посещ. — посещаемость; нет итоговых — "
             "учеников без отметки за период; мало отметок — учеников ниже накопляемости.")


def _progress(data: QuarterlyReport) -> tuple[Section, ...]:
    sections = list(scope_sections(data.progress))
    for index, table in enumerate(data.progress.tables):
        grades = [line for line in table.lines if line.total]
        if not grades:
            continue
        chart = percent_bars(
            f"Успеваемость и качество по параллелям · {table.title}",
            [line.name.replace("-е классы", " кл.") for line in grades],
            [Series("% успеваемости", tuple(line.counts.success for line in grades)),
             Series("% качества", tuple(line.counts.quality for line in grades))],
            CHART_WIDTH)
        old = sections[index]
        sections[index] = Section(
            heading=f"Успеваемость по параллелям · {old.heading}", columns=old.columns,
            rows=old.rows, bold_rows=old.bold_rows, figures=(chart,))
    return tuple(sections) or (Section(
        heading="Успеваемость по параллелям", columns=(Column("Период", 1.0, "left"),),
        rows=(), empty_text="В выбранном периоде не заканчивается ни одна четверть "
                            "(полугодие) и учебный год."),)


def quarterly_document(data: QuarterlyReport) -> TableDocument:
    summary, teachers = _control(data)
    activity = data.activity
    return TableDocument(
        title=TITLE,
        school=activity.school_name,
        subtitle=f"{activity.year_name} учебный год, {data.first:%d.%m.%Y}–"
                 f"{data.last:%d.%m.%Y}",
        generated_on=data.generated_on,
        sections=(_indicators(data), summary, teachers, *_progress(data)),
        header=TITLE,
        legend=(*DEFINITIONS,
                "Контроль: уроки, прошедшие в периоде; поздние записи — отметки и "
                "посещаемость после дня урока, домашнее задание позже "
                f"{data.control.homework_minutes} мин после урока; итоговые отметки — за "
                "периоды, последняя неделя которых началась; накопляемость — по часам "
                "предмета в неделю (как в справке о контроле).",
                *PROGRESS_LEGEND[:-3], PROGRESS_LEGEND[-1]),
        signatures=("Заместитель директора по УВР", "Директор"),
    )


def build_quarterly_pdf(path: Path, data: QuarterlyReport, progress: Progress) -> Path:
    return build_table_pdf(path, quarterly_document(data), progress)


def build_quarterly_xlsx(path: Path, data: QuarterlyReport, progress: Progress) -> Path:
    return build_table_xlsx(path, quarterly_document(data), progress)
