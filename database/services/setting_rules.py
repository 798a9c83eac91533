"""The rules each school setting's value must keep (attendance codes, marks, work
types and weights, time windows, lockout, idle lock per kind of computer, …), and
their Russian titles. ``database.services.school.set_settings`` writes what
:func:`clean_settings` lets through."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from database import validation as v
from database.bells import check_second_bells
from database.errors import ValidationError
from database.notation import DEFAULT_SETTINGS
from database.services.devices import DEVICE_KINDS


def _code_map(
    value: Any,
    label: str,
    *,
    key_max: int,
    title_max: int,
    key_label: str,
    lower: bool = False,
) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise ValidationError(f"Настройка «{label}»: нужен хотя бы один элемент.")
    result: dict[str, str] = {}
    for raw_key, raw_title in value.items():
        key = v.text(raw_key, key_label, max_length=key_max, required=True)
        if lower:
            key = key.lower()
        title = v.text(
            raw_title, f"{key_label} «{key}»: расшифровка", max_length=title_max, required=True
        )
        if key in result:
            raise ValidationError(f"Настройка «{label}»: «{key}» указано дважды.")
        result[key] = title
    return result


def _attendance_codes(value: Any, current: Mapping[str, Any]) -> dict[str, str]:
    return _code_map(
        value,
        "Отметки посещаемости",
        key_max=4,
        title_max=100,
        key_label="Отметка посещаемости",
        lower=True,
    )


def _mark_values(value: Any, current: Mapping[str, Any]) -> list[str]:
    if not isinstance(value, list | tuple) or not value:
        raise ValidationError("Настройка «Отметки»: нужна хотя бы одна отметка.")
    marks = [v.text(item, "Отметка", max_length=8, required=True) for item in value]
    if len(set(marks)) != len(marks):
        raise ValidationError("Настройка «Отметки»: отметки не должны повторяться.")
    return marks


def _period_mark_values(value: Any, current: Mapping[str, Any]) -> dict[str, str]:
    return _code_map(
        value, "Итоговые отметки", key_max=8, title_max=100, key_label="Итоговая отметка"
    )


def _work_types(value: Any, current: Mapping[str, Any]) -> dict[str, float]:
    if not isinstance(value, Mapping) or not value:
        raise ValidationError("Настройка «Виды работ»: нужен хотя бы один вид работы.")
    result: dict[str, float] = {}
    for raw_name, raw_weight in value.items():
        name = v.text(raw_name, "Вид работы", max_length=40, required=True)
        result[name] = v.number(raw_weight, f"Вес вида работы «{name}»", minimum=0.1, maximum=10)
    default = current.get("default_work_type")
    if isinstance(default, str) and default not in result:
        raise ValidationError(
            f"Вид работы по умолчанию («{default}») должен остаться в списке видов работ."
        )
    return result


def _default_work_type(value: Any, current: Mapping[str, Any]) -> str:
    name = v.text(value, "Вид работы по умолчанию", max_length=40, required=True)
    if name not in current.get("work_types", {}):
        raise ValidationError(f"Вид работы «{name}» не найден в списке видов работ.")
    return name


def _unmarked_grades(value: Any) -> list[int]:
    if not isinstance(value, list | tuple):
        raise ValidationError("Настройка «Классы без отметок»: нужен список параллелей.")
    return sorted({v.grade(grade) for grade in value})


def _int_setting(label: str, minimum: int, maximum: int) -> Callable[[Any, Mapping[str, Any]], int]:
    return lambda value, current: v.integer(value, label, minimum=minimum, maximum=maximum)


def _per_device_kind(
    label: str, check: Callable[[Any, str], Any]
) -> Callable[[Any, Mapping[str, Any]], dict[str, Any]]:
    def validate(value: Any, current: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(value, Mapping) or set(value) != set(DEVICE_KINDS):
            raise ValidationError(
                f"Настройка «{label}»: нужны значения для компьютеров учебных кабинетов "
                "(classroom) и администрации (admin)."
            )
        return {
            kind: check(value[kind], f"{label} ({DEVICE_KINDS[kind]})") for kind in DEVICE_KINDS
        }

    return validate


def _marks_per_quarter(value: Any, current: Mapping[str, Any]) -> dict[str, int]:
    label = "Накопляемость отметок"
    if not isinstance(value, Mapping) or not value:
        raise ValidationError(f"Настройка «{label}»: нужна хотя бы одна пара «часов в неделю — "
                              "отметок за четверть».")
    result: dict[str, int] = {}
    for raw_hours, raw_marks in value.items():
        # JSON keys are strings: «"2": 5»
        hours = v.integer(int(raw_hours) if str(raw_hours).isdigit() else raw_hours,
                          f"{label}: часов в неделю", minimum=1, maximum=12)
        result[str(hours)] = v.integer(raw_marks, f"{label}: отметок при {hours} ч в неделю",
                                       minimum=0, maximum=50)
    return result


def _file_index(value: Any) -> str:
    """The journals' index in the school's list of files (номенклатура дел): «02-15»,
    «03-07/2»; empty while the school has not set one (the title leaves a line)."""
    if not isinstance(value, str):
        raise ValidationError(f"{SETTING_TITLES['journal_file_index']}: ожидается текст.")
    text = " ".join(value.split())
    if len(text) > 30:
        raise ValidationError(
            f"{SETTING_TITLES['journal_file_index']}: не длиннее 30 знаков.")
    return text


SETTING_TITLES: Final[dict[str, str]] = {
    "attendance_codes": "Отметки посещаемости",
    "mark_values": "Отметки",
    "period_mark_values": "Итоговые отметки",
    "work_types": "Виды работ и их веса",
    "default_work_type": "Вид работы по умолчанию",
    "rounding_threshold": "Порог округления среднего балла",
    "homework_minutes_after_lesson": "Домашнее задание: минут после урока",
    "period_marks_last_days": "Итоговые отметки: дней до конца периода",
    "marks_per_quarter_by_hours": "Накопляемость: отметок за четверть по часам в неделю",
    "correction_window_days": "Исправления без причины: дней",
    "password_min_length": "Минимальная длина пароля",
    "lockout_attempts": "Неудачных входов до блокировки",
    "lockout_minutes": "Блокировка, минут",
    "idle_lock_minutes": "Блокировка при бездействии, минут",
    "remember_me_allowed": "Запоминать пользователя",
    "unmarked_grades": "Классы без отметок",
    "second_bells": "Второе расписание звонков",
    "journal_file_index": "Индекс дела (классные журналы)",
}

SETTING_CHECKS: Final[dict[str, Callable[[Any, Mapping[str, Any]], Any]]] = {
    "attendance_codes": _attendance_codes,
    "mark_values": _mark_values,
    "period_mark_values": _period_mark_values,
    "work_types": _work_types,
    "default_work_type": _default_work_type,
    "rounding_threshold": lambda value, current: v.number(
        value, SETTING_TITLES["rounding_threshold"], minimum=0.5, maximum=0.9
    ),
    "homework_minutes_after_lesson": _int_setting(
        SETTING_TITLES["homework_minutes_after_lesson"], 0, 720
    ),
    "period_marks_last_days": _int_setting(SETTING_TITLES["period_marks_last_days"], 1, 31),
    "marks_per_quarter_by_hours": _marks_per_quarter,
    "correction_window_days": _int_setting(SETTING_TITLES["correction_window_days"], 0, 365),
    "password_min_length": _int_setting(SETTING_TITLES["password_min_length"], 6, 64),
    "lockout_attempts": _int_setting(SETTING_TITLES["lockout_attempts"], 3, 20),
    "lockout_minutes": _int_setting(SETTING_TITLES["lockout_minutes"], 1, 1440),
    "idle_lock_minutes": _per_device_kind(
        SETTING_TITLES["idle_lock_minutes"],
        lambda value, label: v.integer(value, label, minimum=1, maximum=240),
    ),
    "remember_me_allowed": _per_device_kind(SETTING_TITLES["remember_me_allowed"], v.boolean),
    "unmarked_grades": lambda value, current: _unmarked_grades(value),
    "second_bells": lambda value, current: check_second_bells(value),
    "journal_file_index": lambda value, current: _file_index(value),
}

assert set(SETTING_CHECKS) == set(DEFAULT_SETTINGS) == set(SETTING_TITLES)


def clean_settings(values: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` validated, each for its key and all of them together with the
    ``current`` settings (a new default work type may come with the new list of work
    types); refuses an unknown key."""
    for key in values:
        if key not in SETTING_CHECKS:
            raise ValidationError(f"Неизвестная настройка «{key}».")
    candidate = {**current, **values}
    return {key: SETTING_CHECKS[key](value, candidate) for key, value in values.items()}
