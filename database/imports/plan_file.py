"""Reading a calendar-thematic plan (КТП) from a school's XLSX or CSV file.

The header is found by its titles (:func:`database.imports.table.read_table`):
«Тема» is required; «Часов» (1 if empty) and «Домашнее задание» are optional; a
«№» column is read and ignored — the order of the rows is the plan's order. Most
schools' КТП have a row per lesson, which is a topic of one hour.

All or nothing: any bad row makes the whole file refused, the message naming the
cells, and nothing is written (the caller then calls
:func:`database.services.plans.set_plan` with the result).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from database.imports.columns import Column, ImportKind
from database.imports.table import ImportFileError, Progress, read_table
from database.services.plans import MAX_TOPIC_HOURS, MAX_TOPICS, TOPIC_MAX_LENGTH, PlanTopicInput

PLAN: Final = ImportKind(
    "plan",
    "КТП",
    (
        Column("number", "№", ("№ п/п", "№ урока", "Номер", "Номер урока"), False, "1"),
        Column("topic", "Тема", ("Тема урока", "Наименование темы", "Тема занятия",
                                 "Наименование раздела, темы", "Содержание"), True,
               "Натуральные числа"),
        Column("hours", "Часов", ("Часы", "Кол-во часов", "Количество часов"), False, "1",
               "Пусто — 1 час."),
        Column("homework", "Домашнее задание", ("Д/з", "ДЗ", "Домашнее задание (план)"), False,
               "§ 1, № 5"),
    ),
)

MAX_PROBLEMS_SHOWN: Final = 5
CONTROL_WORK_PREFIX: Final = "контрольная работа"


def _hours(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 1
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def read_plan_file(path: Path, progress: Progress | None = None) -> list[PlanTopicInput]:
    table = read_table(PLAN, path, progress)
    topics: list[PlanTopicInput] = []
    problems: list[str] = []
    for row in table.rows:
        topic = " ".join(row.text("topic").split())
        if not topic:
            if row.text("hours") or row.text("homework"):
                problems.append(f"{table.address('topic', row)}: нет темы.")
            continue
        if len(topic) > TOPIC_MAX_LENGTH:
            problems.append(f"{table.address('topic', row)}: тема длиннее "
                            f"{TOPIC_MAX_LENGTH} знаков.")
            continue
        hours = _hours(row.get("hours"))
        if hours is None or not 1 <= hours <= MAX_TOPIC_HOURS:
            problems.append(f"{table.address('hours', row)}: часов должно быть целое число "
                            f"от 1 до {MAX_TOPIC_HOURS}, а не «{row.text('hours')}».")
            continue
        # A file has no column for it; schools title control works so.
        control = topic.casefold().startswith(CONTROL_WORK_PREFIX)
        topics.append(PlanTopicInput(topic, hours, row.text("homework"), control))
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        tail = f" И ещё строк с ошибками: {more}." if more else ""
        raise ImportFileError(
            f"План из файла «{table.file_name}» не загружен: " + " ".join(shown) + tail)
    if not topics:
        raise ImportFileError(f"В файле «{table.file_name}» под заголовком нет ни одной темы.")
    if len(topics) > MAX_TOPICS:
        raise ImportFileError(f"В файле {len(topics)} тем, а в плане может быть не больше "
                              f"{MAX_TOPICS}.")
    return topics


__all__ = ["PLAN", "read_plan_file"]
