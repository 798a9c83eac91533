"""The activity indicators report: the six indicators of the order for the chosen
week and from the start of the year, then the lesson indicators per class and per
teacher, with the exact definitions as the legend."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from reportlab.platypus import Flowable

from database.queries.activity import DEFINITIONS, ActivityReport, Ratio, ScopeLine, WeekPoint
from desktop_app.reports.charts import Series, percent_chart
from desktop_app.reports.layout import LANDSCAPE_A4
from desktop_app.reports.tables import (
    PAGE,
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Показатели активности ведения электронного журнала"
PLANNING_TARGET = KEEPING_TARGET = 70.0
ONLINE_TARGET = 20.0
WEEK = timedelta(days=6)
CHART_WIDTH = LANDSCAPE_A4[0] - PAGE.inner - PAGE.outer


def _share(ratio: Ratio) -> Cell:
    return ratio.percent if ratio.whole else None


def _of(ratio: Ratio) -> str:
    return f"{ratio.part} из {ratio.whole}"


def _indicators(report: ActivityReport, figures: tuple[Flowable, ...]) -> Section:
    rows = tuple(
        (f.title, f.target_text, _share(f.week), _of(f.week), _share(f.year), _of(f.year),
         "да" if f.met else "нет")
        for f in report.indicators
    )
    warn = frozenset((i, 2) for i, f in enumerate(report.indicators) if not f.met)
    return Section(
        heading="Показатели по школе",
        note=(f"Неделя {report.week_start:%d.%m.%Y}–{report.week_end:%d.%m.%Y}; с начала "
              f"учебного года — с {report.year_start:%d.%m.%Y} по {report.week_end:%d.%m.%Y}. "
              f"Данные на {report.as_of:%d.%m.%Y %H:%M}."),
        columns=(Column("Показатель", 5.0, "left"), Column("Целевое значение", 1.2),
                 Column("За неделю, %", 1.0), Column("За неделю", 1.3),
                 Column("С начала года, %", 1.0), Column("С начала года", 1.3),
                 Column("Выполнен (неделя)", 1.0)),
        rows=rows,
        warn_cells=warn,
        figures=figures,
    )


def _scope(heading: str, lines: tuple[ScopeLine, ...], first: str, timetable: bool) -> Section:
    columns = [Column(first, 2.4, "left")]
    if timetable:
        columns.append(Column("Расписание", 1.1))
    columns += [
        Column("Уроков за неделю", 0.9), Column("Планир., % (нед.)", 0.9),
        Column("Ведение, % (нед.)", 0.9), Column("Онлайн, % (нед.)", 0.9),
        Column("Уроков с начала года", 0.9), Column("Планир., % (год)", 0.9),
        Column("Ведение, % (год)", 0.9), Column("Онлайн, % (год)", 0.9),
    ]
    rows: list[tuple[Cell, ...]] = []
    warn: set[tuple[int, int]] = set()
    shift = 1 if timetable else 0
    for index, line in enumerate(lines):
        row: list[Cell] = [line.name]
        if timetable:
            row.append("заполнено" if line.timetable else "не заполнено")
            if not line.timetable:
                warn.add((index, 1))
        row += [line.lessons_week, _share(line.planning[0]), _share(line.keeping[0]),
                _share(line.online[0]), line.lessons_year, _share(line.planning[1]),
                _share(line.keeping[1]), _share(line.online[1])]
        for offset, (ratio, target) in enumerate(
            ((line.planning[0], PLANNING_TARGET), (line.keeping[0], KEEPING_TARGET),
             (line.online[0], ONLINE_TARGET))
        ):
            if ratio.whole and ratio.percent < target:
                warn.add((index, 2 + shift + offset))
        rows.append(tuple(row))
    return Section(heading=heading, columns=tuple(columns), rows=tuple(rows),
                   warn_cells=frozenset(warn),
                   note="Планир. — уроки с темой или домашним заданием; ведение — уроки с "
                        "отметкой, посещаемостью или отметкой о проведении; онлайн — записи "
                        "в течение 24 ч после урока. Ниже цели — выделено.")


def _history(points: tuple[WeekPoint, ...]) -> Section:
    return Section(
        heading="По неделям",
        note="Показатели каждой недели с начала учебного года (на графике — те же числа).",
        columns=(Column("Неделя", 1.6, "left"), Column("Уроков", 0.8),
                 Column("Планирование, %", 1.0), Column("Ведение, %", 1.0),
                 Column("Онлайн, %", 1.0), Column("Уникальные входы, %", 1.0)),
        rows=tuple(
            (f"{p.start:%d.%m}–{p.start + WEEK:%d.%m.%Y}", p.lessons, _share(p.planning),
             _share(p.keeping), _share(p.online), _share(p.logins))
            for p in points),
    )


def week_series(points: tuple[WeekPoint, ...]) -> list[Series]:
    def values(pick: str) -> tuple[float | None, ...]:
        return tuple(_value(getattr(p, pick)) for p in points)

    return [Series("Планирование", values("planning")), Series("Ведение журнала",
                                                              values("keeping")),
            Series("Онлайн-ведение", values("online")),
            Series("Уникальные входы", values("logins"))]


def _value(ratio: Ratio) -> float | None:
    return ratio.percent if ratio.whole else None


def activity_document(report: ActivityReport) -> TableDocument:
    chart = percent_chart(
        "Показатели по неделям", [f"{p.start:%d.%m}" for p in report.history],
        week_series(report.history), CHART_WIDTH) if report.history else None
    return TableDocument(
        title=TITLE,
        school=report.school_name,
        subtitle=f"{report.year_name} учебный год, неделя {report.week_start:%d.%m}–"
                 f"{report.week_end:%d.%m.%Y}",
        generated_on=report.as_of.date(),
        sections=(
            _indicators(report, (chart,) if chart is not None else ()),
            _scope("По классам", report.classes, "Класс", True),
            _scope("По учителям", report.teachers, "Учитель", False),
            *((_history(report.history),) if report.history else ()),
        ),
        header="Показатели активности",
        legend=DEFINITIONS,
        signatures=("Заместитель директора по УВР",),
    )


def build_activity_pdf(path: Path, report: ActivityReport, progress: Progress) -> Path:
    return build_table_pdf(path, activity_document(report), progress)


def build_activity_xlsx(path: Path, report: ActivityReport, progress: Progress) -> Path:
    return build_table_xlsx(path, activity_document(report), progress)
