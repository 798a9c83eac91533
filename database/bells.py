"""The second bell schedule: shorter lessons on chosen weekdays (a shortened Saturday).

The year's :class:`~database.models.Bell` rows hold the main schedule; the second one
is the school setting ``second_bells`` — ``{"weekdays": [6], "bells": [[1, "08:30",
"09:10"], …]}`` — so no table changes. A lesson on one of those weekdays ends when
the second schedule says, if it has that lesson number; otherwise the main bell
applies.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from database import validation as v
from database.errors import ValidationError


@dataclass(frozen=True)
class SecondBells:
    weekdays: frozenset[int]  # 1 = Monday … 6 = Saturday
    bells: dict[int, tuple[time, time]]  # lesson number → (start, end)

    def times(self, weekday: int, lesson_number: int) -> tuple[time, time] | None:
        """The second schedule's times for this lesson, or None (the main bells apply)."""
        if weekday not in self.weekdays:
            return None
        return self.bells.get(lesson_number)


def _parse_time(value: Any, label: str) -> time:
    if isinstance(value, time):
        return value
    text = v.text(value, label, max_length=5, required=True)
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValidationError(f"{label}: время пишется как ЧЧ:ММ, например 08:30.") from None


def check_second_bells(value: Any) -> dict[str, list[Any]]:
    """The setting's value cleaned: weekdays sorted, lessons in order, each lesson
    ending before the next one starts."""
    if not isinstance(value, Mapping) or set(value) != {"weekdays", "bells"}:
        raise ValidationError("Настройка «Второе расписание звонков»: неверный формат.")
    raw_days = value["weekdays"]
    raw_bells = value["bells"]
    if not isinstance(raw_days, list | tuple) or not isinstance(raw_bells, list | tuple):
        raise ValidationError("Настройка «Второе расписание звонков»: неверный формат.")
    weekdays = sorted({v.weekday(day) for day in raw_days})
    bells: dict[int, tuple[time, time]] = {}
    for item in raw_bells:
        if not isinstance(item, list | tuple) or len(item) != 3:
            raise ValidationError("Второе расписание звонков: у урока нужны номер, начало и конец.")
        number = v.lesson_number(item[0])
        starts = _parse_time(item[1], f"{number}-й урок: начало")
        ends = _parse_time(item[2], f"{number}-й урок: окончание")
        v.time_range(starts, ends)
        if number in bells:
            raise ValidationError(f"Второе расписание звонков: {number}-й урок указан дважды.")
        bells[number] = (starts, ends)
    if weekdays and not bells:
        raise ValidationError(
            "Второе расписание звонков: укажите время уроков или не выбирайте дни недели."
        )
    ordered = sorted(bells.items())
    for (number, (_, ends)), (later, (starts, _)) in itertools.pairwise(ordered):
        if ends > starts:
            raise ValidationError(
                f"Второе расписание звонков: {number}-й урок заканчивается в "
                f"{v.ru_time(ends)}, а {later}-й начинается раньше — в {v.ru_time(starts)}."
            )
    return {
        "weekdays": weekdays,
        "bells": [[n, v.ru_time(s), v.ru_time(e)] for n, (s, e) in ordered],
    }


def second_bells(value: Mapping[str, Any]) -> SecondBells:
    """Read the stored (already cleaned) setting."""
    bells = {
        int(number): (_parse_time(starts, "Начало"), _parse_time(ends, "Окончание"))
        for number, starts, ends in value.get("bells", [])
    }
    return SecondBells(frozenset(int(day) for day in value.get("weekdays", [])), bells)
