"""The printed calendar-thematic plan (КТП) of a journal — or of every journal of a
class, a section each: its topics in order with their hours and homework, the lessons
each was given on and the coming lessons the rest falls on
(:func:`database.queries.plan_fact.plan_for_print`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from database.queries.plan_fact import GivenLesson, PlanForPrint
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Календарно-тематическое планирование"


def _dates(lessons: tuple[GivenLesson, ...]) -> str:
    return ", ".join(f"{g.date:%d.%m}" + (" (к/р)" if g.control_work else "") for g in lessons)


def _section(plan: PlanForPrint, heading: str) -> Section:
    fact = plan.fact
    rows: list[tuple[Cell, ...]] = [
        (index, t.topic.topic, t.topic.hours, t.topic.homework, _dates(t.given),
         _dates(t.planned))
        for index, t in enumerate(fact.topics, start=1)]
    rows.append(("", "Всего", fact.planned_hours, "", f"дано часов: {fact.given_hours}", ""))
    note = (f"Уроков проведено: {fact.lessons_held}, из них без темы из плана: "
            f"{fact.lessons_without_plan}.")
    if fact.hours_not_fitting:
        note += f" Не помещаются в оставшиеся уроки года: {fact.hours_not_fitting} ч."
    return Section(
        heading=heading,
        columns=(Column("№", 0.4), Column("Тема урока", 4.0, "left"), Column("Часов", 0.6),
                 Column("Домашнее задание", 2.6, "left"),
                 Column("Проведено", 1.6, "left"), Column("Планируется", 1.6, "left")),
        rows=tuple(rows),
        note=note,
        bold_rows=frozenset({len(rows) - 1}),
    )


LEGEND = ("«Проведено» — уроки, на которых тема дана (к/р — контрольная работа).",
          "«Планируется» — ближайшие уроки журнала без темы, на которые приходятся "
          "оставшиеся часы по порядку плана; отмена урока или дополнительный урок "
          "сдвигают их.")


def plan_document(plan: PlanForPrint) -> TableDocument:
    return TableDocument(
        title=TITLE,
        school=plan.school_name,
        subtitle=f"{plan.fact.title}, {plan.year_name} учебный год",
        generated_on=plan.generated_on,
        byline=f"учитель {plan.teacher}" if plan.teacher else "",
        sections=(_section(plan, "Темы"),),
        legend=LEGEND,
        header="КТП",
        signatures=("Учитель", "Заместитель директора по УВР"),
    )


def class_plans_document(plans: tuple[PlanForPrint, ...]) -> TableDocument:
    first = plans[0] if plans else None
    class_name = first.fact.title.split(" · ")[0] if first else ""
    return TableDocument(
        title=TITLE,
        school=first.school_name if first else "",
        subtitle=f"{class_name} класс, {first.year_name} учебный год" if first else "",
        generated_on=first.generated_on if first else date.today(),
        sections=tuple(_section(p, f"{p.fact.title} — учитель {p.teacher}") for p in plans),
        legend=LEGEND,
        header="КТП",
        signatures=("Заместитель директора по УВР",),
    )


def build_plan_pdf(path: Path, plan: PlanForPrint, progress: Progress | None = None) -> Path:
    return build_table_pdf(path, plan_document(plan), progress or (lambda _s, _f: None))


def build_class_plans_pdf(path: Path, plans: tuple[PlanForPrint, ...],
                          progress: Progress) -> Path:
    return build_table_pdf(path, class_plans_document(plans), progress)


def build_class_plans_xlsx(path: Path, plans: tuple[PlanForPrint, ...],
                           progress: Progress) -> Path:
    return build_table_xlsx(path, class_plans_document(plans), progress)
