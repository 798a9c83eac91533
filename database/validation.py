"""Input validation shared by every service: one place, one Russian wording.

Each checker takes what the user typed, returns the normalised value (trimmed,
single spaces, proper capitals…) or raises :class:`ValidationError` whose message
names the field, ready for a dialog. Checkers are pure: no database here.

Wording: a checker that knows its field speaks of it directly («Фамилия не может быть
пустой.»); generic checkers take the field's Russian label and quote it
(«Поле «Должность» не может быть пустым.»).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Final

from database.actor import ROLE_TITLES_RU, Role
from database.errors import ValidationError

# --- text -----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def _require_str(value: object, label: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"Поле «{label}» должно быть текстом.")
    return value


def text(
    value: object,
    label: str,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Free text: trimmed; one line with single spaces unless ``multiline``."""
    raw = _require_str(value, label)
    if multiline:
        lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        cleaned = "\n".join(line.rstrip() for line in lines).strip()
        if _CONTROL.search(cleaned.replace("\t", " ")):
            raise ValidationError(f"Поле «{label}» содержит недопустимые символы.")
    else:
        if _CONTROL.search(raw.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
            raise ValidationError(f"Поле «{label}» содержит недопустимые символы.")
        cleaned = _SPACES.sub(" ", raw).strip()
    if required and not cleaned:
        raise ValidationError(f"Поле «{label}» не может быть пустым.")
    if len(cleaned) > max_length:
        raise ValidationError(
            f"Поле «{label}»: не более {max_length} символов (сейчас {len(cleaned)})."
        )
    return cleaned


def choice(value: object, allowed: Mapping[str, str], label: str) -> str:
    """One of the allowed codes (keys); the message lists their Russian titles."""
    if isinstance(value, str) and value in allowed:
        return value
    titles = ", ".join(f"«{title}»" for title in allowed.values())
    raise ValidationError(f"Поле «{label}»: допустимые значения — {titles}.")


def integer(value: object, label: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"Поле «{label}» должно быть целым числом.")
    if not minimum <= value <= maximum:
        raise ValidationError(f"Поле «{label}»: число от {minimum} до {maximum}.")
    return value


def _ru_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def number(value: object, label: str, *, minimum: float, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"Поле «{label}» должно быть числом.")
    result = float(value)
    if not math.isfinite(result) or not minimum <= result <= maximum:
        raise ValidationError(
            f"Поле «{label}»: число от {_ru_number(minimum)} до {_ru_number(maximum)}."
        )
    return result


def boolean(value: object, label: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"Поле «{label}»: ожидается «да» или «нет».")
    return value


# --- people's names -------------------------------------------------------------------

NAME_MAX_LENGTH: Final = 100

_CYRILLIC = "А-Яа-яЁё"
_NAME_WORD = f"[{_CYRILLIC}]+(?:[-'][{_CYRILLIC}]+)*"
_NAME_RE = re.compile(f"{_NAME_WORD}(?: {_NAME_WORD})*")
_NAME_CHARS = re.compile(f"[{_CYRILLIC}\\-' ]*")
_LATIN = re.compile("[A-Za-z]")
_DIGIT = re.compile(r"\d")
# Typographic variants people paste from documents.
_NAME_PUNCTUATION = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-"})


@dataclass(frozen=True)
class _NamePartWords:
    title: str  # «Фамилия»
    empty: str  # «Фамилия не может быть пустой.»
    written: str  # «Фамилия должна быть записана»
    in_: str  # «В фамилии»


class NamePart(Enum):
    SURNAME = _NamePartWords(
        "Фамилия", "Фамилия не может быть пустой.", "Фамилия должна быть записана", "В фамилии"
    )
    NAME = _NamePartWords("Имя", "Имя не может быть пустым.", "Имя должно быть записано", "В имени")
    PATRONYMIC = _NamePartWords(
        "Отчество",
        "Отчество не может быть пустым.",
        "Отчество должно быть записано",
        "В отчестве",
    )


def _capitalise_words(value: str) -> str:
    """«ИВАНОВ-ПЕТРОВ» and «иванов-петров» → «Иванов-Петров»."""
    return re.sub(
        f"(^|[ \\-'])([{_CYRILLIC}]+)",
        lambda m: m.group(1) + m.group(2)[0].upper() + m.group(2)[1:].lower(),
        value,
    )


def person_name_part(value: object, part: NamePart, *, required: bool | None = None) -> str:
    """A surname, name or patronymic in Russian letters.

    Allowed: Cyrillic letters (with ё), a hyphen or apostrophe between letters and
    single spaces between words (``Мамед оглы``). Whitespace is normalised; a name
    typed all in small or all in capital letters is capitalised word by word; any
    other spelling keeps its capitals except the first letter, which is made capital.
    A patronymic may be empty unless ``required``.
    """
    words = part.value
    if required is None:
        required = part is not NamePart.PATRONYMIC
    raw = _require_str(value, words.title)
    cleaned = _SPACES.sub(" ", raw.translate(_NAME_PUNCTUATION)).strip()
    if not cleaned:
        if required:
            raise ValidationError(words.empty)
        return ""
    if _DIGIT.search(cleaned):
        raise ValidationError(f"{words.in_} не может быть цифр.")
    if _LATIN.search(cleaned):
        raise ValidationError(f"{words.written} русскими буквами: латинские буквы не допускаются.")
    if not _NAME_CHARS.fullmatch(cleaned):
        raise ValidationError(
            f"{words.in_} допустимы только русские буквы, дефис, апостроф и пробел."
        )
    if not _NAME_RE.fullmatch(cleaned):
        raise ValidationError(f"{words.in_} дефис и апостроф могут стоять только между буквами.")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError(f"{words.title}: не более {NAME_MAX_LENGTH} символов.")
    if cleaned != cleaned.lower() and cleaned != cleaned.upper():
        cleaned = cleaned[0].upper() + cleaned[1:]
    if cleaned == cleaned.lower() or cleaned == cleaned.upper():
        # All small or all capital letters (Caps Lock): «Иванов-Петров».
        return _capitalise_words(cleaned)
    return cleaned


GENDERS: Final[dict[str, str]] = {"m": "мужской", "f": "женский"}


def gender(value: object, *, required: bool = True) -> str:
    if value == "" and not required:
        return ""
    return choice(value, GENDERS, "Пол")


_ARABIC_TO_ROMAN: Final[dict[str, str]] = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
HEALTH_GROUPS: Final[tuple[str, ...]] = ("I", "II", "III", "IV", "V")


def health_group(value: object) -> str:
    """Группа здоровья I–V (digits 1–5 accepted and turned Roman); may be empty."""
    raw = _require_str(value, "Группа здоровья").strip().upper()
    raw = _ARABIC_TO_ROMAN.get(raw, raw)
    if raw and raw not in HEALTH_GROUPS:
        raise ValidationError("Группа здоровья: допустимые значения — I, II, III, IV, V.")
    return raw


_PHONE_RE = re.compile(r"\+?[\d\s()\-]*")


def phone(value: object) -> str:
    cleaned = text(value, "Телефон", max_length=40)
    if cleaned and (not _PHONE_RE.fullmatch(cleaned) or len(_DIGIT.findall(cleaned)) < 5):
        raise ValidationError(
            "Телефон: цифры, а также «+», скобки, дефисы и пробелы (не меньше 5 цифр)."
        )
    return cleaned


# --- logins, orders, documents --------------------------------------------------------

LOGIN_MIN_LENGTH: Final = 3
LOGIN_MAX_LENGTH: Final = 64
_LOGIN_RE = re.compile(r"[a-z][a-z0-9._\-]*")
_LOGIN_CHARS = re.compile(r"[a-z0-9._\-]*")
_CYRILLIC_RE = re.compile(f"[{_CYRILLIC}]")


def login(value: object) -> str:
    """Lowercase Latin letters, digits, ``.``, ``_``, ``-``; 3–64; starts with a letter."""
    cleaned = _require_str(value, "Логин").strip().lower()
    if not cleaned:
        raise ValidationError("Логин не может быть пустым.")
    if _CYRILLIC_RE.search(cleaned):
        raise ValidationError(
            "Логин пишется латинскими буквами: русские буквы в логине не допускаются."
        )
    if not _LOGIN_CHARS.fullmatch(cleaned):
        raise ValidationError(
            "В логине допустимы только латинские буквы, цифры, точка, дефис и подчёркивание."
        )
    if not _LOGIN_RE.fullmatch(cleaned):
        raise ValidationError("Логин должен начинаться с латинской буквы.")
    if not LOGIN_MIN_LENGTH <= len(cleaned) <= LOGIN_MAX_LENGTH:
        raise ValidationError(f"Логин: от {LOGIN_MIN_LENGTH} до {LOGIN_MAX_LENGTH} символов.")
    return cleaned


def role(value: object) -> Role:
    """An account role, given as a ``Role`` or its stored value (``"teacher"``)."""
    try:
        return Role(str(value))
    except ValueError:
        titles = ", ".join(f"«{title}»" for title in ROLE_TITLES_RU.values())
        raise ValidationError(f"Поле «Роль»: допустимые значения — {titles}.") from None


ORDER_MAX_LENGTH: Final = 60
DOCUMENT_REF_MAX_LENGTH: Final = 200


def order_number(value: object, label: str = "Приказ") -> str:
    """An order reference such as «Приказ № 77-у от 10.11.2026»: non-empty, ≤ 60."""
    return text(value, label, max_length=ORDER_MAX_LENGTH, required=True)


def document_ref(value: object, label: str = "Документ") -> str:
    """A paper's reference (consent form, application): non-empty, ≤ 200."""
    return text(value, label, max_length=DOCUMENT_REF_MAX_LENGTH, required=True)


# --- school structure -----------------------------------------------------------------


def grade(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 11:
        raise ValidationError("Параллель (номер класса) должна быть от 1 до 11.")
    return value


_CLASS_LETTER_RE = re.compile("[А-ЯЁ]{1,4}")
_LATIN_LOOKALIKES = frozenset("ABCEHKMOPTXY")
# The Latin capitals that look like Cyrillic ones: «5A» typed on an English layout.
LATIN_LOOKALIKE_TO_CYRILLIC: Final = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def class_letter(value: object) -> str:
    """One capital Cyrillic letter (А–Я, Ё), or up to four for unusual names."""
    cleaned = _require_str(value, "Буква класса").strip().upper()
    if not cleaned:
        raise ValidationError("Буква класса не может быть пустой.")
    if _LATIN.search(cleaned):
        hint = (
            " (похоже, включена английская раскладка)" if set(cleaned) <= _LATIN_LOOKALIKES else ""
        )
        raise ValidationError(f"Буква класса должна быть русской{hint}.")
    if not _CLASS_LETTER_RE.fullmatch(cleaned):
        raise ValidationError("Буква класса: одна русская буква от А до Я (не более четырёх).")
    return cleaned


def hours_per_week(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("Часов в неделю: число от 0,5 до 10.")
    result = float(value)
    if not math.isfinite(result) or not 0.5 <= result <= 10:
        raise ValidationError("Часов в неделю: число от 0,5 до 10.")
    return result


WEEKDAYS_RU: Final[dict[int, str]] = {
    1: "понедельник",
    2: "вторник",
    3: "среда",
    4: "четверг",
    5: "пятница",
    6: "суббота",
}


def weekday(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in WEEKDAYS_RU:
        raise ValidationError("День недели должен быть от 1 (понедельник) до 6 (суббота).")
    return value


MAX_LESSON_NUMBER: Final = 10


def lesson_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LESSON_NUMBER:
        raise ValidationError(f"Номер урока должен быть от 1 до {MAX_LESSON_NUMBER}.")
    return value


# --- dates and times ------------------------------------------------------------------


def ru_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def ru_time(moment: time) -> str:
    return moment.strftime("%H:%M")


def a_date(value: object, label: str) -> date:
    # datetime is a date subclass; a time of day here is always a mistake.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(f"Поле «{label}» должно быть датой.")
    return value


def date_range(
    start: date,
    end: date | None,
    *,
    start_label: str = "Дата начала",
    end_label: str = "Дата окончания",
) -> None:
    """``start ≤ end`` (an open end is fine)."""
    a_date(start, start_label)
    if end is None:
        return
    a_date(end, end_label)
    if end < start:
        raise ValidationError(
            f"«{end_label}» ({ru_date(end)}) не может быть раньше, чем «{start_label}» "
            f"({ru_date(start)})."
        )


def date_within(
    day: date, start: date, end: date, *, label: str, where: str = "учебного года"
) -> date:
    """``start ≤ day ≤ end``, e.g. a date inside the academic year."""
    a_date(day, label)
    if not start <= day <= end:
        raise ValidationError(
            f"«{label}» ({ru_date(day)}) должна быть в пределах {where} "
            f"({ru_date(start)} – {ru_date(end)})."
        )
    return day


def not_in_future(day: date, today: date, *, label: str) -> date:
    a_date(day, label)
    if day > today:
        raise ValidationError(f"«{label}» ({ru_date(day)}) не может быть в будущем.")
    return day


def time_range(starts_at: time, ends_at: time) -> None:
    for value, label in ((starts_at, "Начало"), (ends_at, "Окончание")):
        if not isinstance(value, time):
            raise ValidationError(f"Поле «{label}» должно быть временем.")
    if not starts_at < ends_at:
        raise ValidationError(
            f"Начало ({ru_time(starts_at)}) должно быть раньше окончания ({ru_time(ends_at)})."
        )


def ranges_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Do two inclusive date ranges intersect? ``None`` as an end means "open"."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)
