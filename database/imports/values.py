"""What a spreadsheet cell holds, as the importers need it: text, a date, a number,
a class, a gender — forgiving of what real files contain (non-breaking and double
spaces, dates as text, Excel serial numbers or datetime cells, Latin letters that
look Cyrillic), and refusing the rest with a Russian message.

Also the folding used to recognise the same person or header twice: case, «ё»/«е»
and spacing do not tell two names apart.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Final

from database import validation as v
from database.errors import ValidationError
from database.queries.summary import parse_class_name

_SPACES = re.compile(r"\s+")
# Excel's day 1 is 1900-01-01 with the fictitious 1900-02-29 (hence 1899-12-30);
# serials this small or large are not the dates of a school's people.
_EXCEL_EPOCH: Final = date(1899, 12, 30)
_SERIAL_RANGE: Final = (366, 73050)  # 1901 … 2099
_DATE_TEXT = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def clean_text(value: object) -> str:
    """A cell as one line of text: numbers without a trailing «.0», every run of
    whitespace (non-breaking spaces, line breaks) one space, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return v.ru_date(value.date())
    if isinstance(value, date):
        return v.ru_date(value)
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def fold(text: str) -> str:
    """The key two spellings of one name share: case, «ё» and spacing ignored."""
    return _SPACES.sub(" ", text.replace("ё", "е").replace("Ё", "Е")).strip().casefold()


def header_key(text: str) -> str:
    """A header reduced to letters and digits: «№ личного дела», «Номер личного
    дела:» and «НОМЕР  ЛИЧНОГО ДЕЛА» give one key."""
    folded = fold(text.replace("№", " номер "))
    return re.sub(r"[^0-9a-zа-я]", "", folded)


def a_date(value: object, label: str) -> date | None:
    """A date from a datetime cell, an Excel serial number or text such as
    «01.09.2015» / «1.9.15» / «2015-09-01»; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = _SERIAL_RANGE
        if low <= value <= high:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValidationError(f"«{label}»: число {clean_text(value)} не похоже на дату.")
    text = clean_text(value).rstrip(" г.").strip()
    if not text:
        return None
    if _DATE_TEXT.fullmatch(text):
        parts = re.split(r"[./-]", text)
        first, second, third = (int(part) for part in parts)
        if len(parts[0]) == 4:
            year, month, day = first, second, third  # 2015-09-01
        else:
            day, month, year = first, second, third  # 01.09.2015, 1/9/15
            if year < 100:  # «15» is 2015, «98» is 1998 (as Excel reads it)
                year += 2000 if year < 70 else 1900
        try:
            return date(year, month, day)
        except ValueError:
            pass
    if text.isdigit():
        return a_date(int(text), label)
    raise ValidationError(f"«{label}»: «{text}» не похоже на дату (нужно, например, 01.09.2015).")


def a_number(value: object, label: str) -> float | None:
    """A number from a numeric cell or text with a decimal comma («1,5»)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = clean_text(value).replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"«{label}»: «{clean_text(value)}» — не число.") from None


_CLASS_SUFFIX = re.compile(r"\s*(?:класс|кл\.?)\s*$", re.IGNORECASE)


def class_of(value: object) -> tuple[int, str]:
    """(grade, letter) from «5А», «5 а», «5 «А»», «5-А», «5A» (Latin A) or «5 А класс»."""
    text = _CLASS_SUFFIX.sub("", clean_text(value))
    if not text:
        raise ValidationError("Не указан класс.")
    # parse_class_name reads Latin look-alikes («5A») as the Cyrillic letters.
    grade, letter = parse_class_name(text)
    return v.grade(grade), v.class_letter(letter)


_GENDERS: Final[dict[str, str]] = {
    key: code
    for code, keys in (
        ("m", ("м", "м.", "муж", "муж.", "мужской", "m", "male", "мальчик", "юноша")),
        ("f", ("ж", "ж.", "жен", "жен.", "женский", "f", "female", "девочка", "девушка")),
    )
    for key in keys
}


def gender(value: object, patronymic: str) -> str:
    """«м»/«ж» and their variants; when empty, guessed from the patronymic
    (…вич / …оглы is a man, …вна / …кызы a woman); "" when it cannot be told."""
    text = clean_text(value).casefold()
    if text:
        code = _GENDERS.get(text)
        if code is None:
            raise ValidationError(f"Пол: «{clean_text(value)}» — укажите «м» или «ж».")
        return code
    ending = fold(patronymic)
    if ending.endswith(("ич", "оглы", "улы")):
        return "m"
    if ending.endswith(("на", "кызы", "гызы")):
        return "f"
    return ""


def split_full_name(text: str) -> tuple[str, str, str]:
    """«Иванов Иван Иванович» → its parts; a patronymic of two words («Мамед оглы»)
    stays whole."""
    words = clean_text(text).split(" ")
    if len(words) < 2 or not words[0]:
        raise ValidationError(
            f"ФИО «{clean_text(text)}»: нужны хотя бы фамилия и имя через пробел."
        )
    return words[0], words[1], " ".join(words[2:])


def phone_key(text: str) -> str:
    """The digits of a phone number, with a leading 8 read as +7."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


def split_list(value: object) -> list[str]:
    """Several names in one cell, separated by «;» or line breaks (commas belong to
    names such as «Английский язык, 1-я группа»)."""
    if value is None:
        return []
    parts = re.split(r"[;\n\r]+", str(value).replace("\u00a0", " "))
    return [clean_text(part) for part in parts if clean_text(part)]
