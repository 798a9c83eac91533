"""Russian personal names for the demo school: surnames, first names, patronymics
that agree in gender, and a passport-style transliteration for logins.

Surnames are stored in the masculine form; :func:`surname_for` gives the feminine
one (Петров → Петрова, Полянский → Полянская, Толстой → Толстая; Шевченко and
Ковальчук do not change). :func:`patronymic` derives a patronymic from a father's
first name with the endings a registry office would write (Сергеевич/Сергеевна,
Дмитриевич, Юрьевич, Ильич/Ильинична, Никитич/Никитична, Львович, Михайлович).
"""

from __future__ import annotations

import re
from typing import Final

MALE: Final = "m"
FEMALE: Final = "f"

SURNAMES: Final[tuple[str, ...]] = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
    "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
    "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
    "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
    "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов",
    "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов",
    "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков",
    "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
    "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев",
    "Фомин", "Чернов", "Абрамов", "Мартынов", "Ефимов", "Федотов", "Щербаков",
    "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов",
    "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев",
    "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв", "Овчинников",
    "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров",
    "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов",
    "Громов", "Кириллов", "Малышев", "Панов", "Моисеев", "Румянцев", "Акимов",
    "Кондратьев", "Бирюков", "Горбунов", "Анисимов", "Ерёмин", "Тихомиров",
    "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин", "Белоусов", "Нестеров",
    "Симонов", "Прокофьев", "Харитонов", "Князев", "Цветков", "Левин", "Митрофанов",
    "Воронов", "Аксёнов", "Мальцев", "Логинов", "Горшков", "Савин", "Краснов",
    "Майоров", "Демидов", "Елисеев", "Рыбаков", "Сафонов", "Плотников", "Дёмин",
    "Хохлов", "Жданов", "Лаптев", "Зуев", "Шубин", "Носков", "Суханов", "Блинов",
    "Полянский", "Вишневский", "Островский", "Савицкий", "Троицкий", "Покровский",
    "Толстой", "Донской", "Луговой", "Шевченко", "Бондаренко", "Руденко",
    "Ткаченко", "Ковальчук", "Мельничук", "Черных", "Седых",
)

# First names of children born 2008–2020.
BOYS: Final[tuple[str, ...]] = (
    "Александр", "Алексей", "Андрей", "Артём", "Арсений", "Богдан", "Владимир",
    "Владислав", "Всеволод", "Георгий", "Глеб", "Даниил", "Денис", "Дмитрий", "Егор",
    "Захар", "Иван", "Илья", "Кирилл", "Константин", "Лев", "Леонид", "Макар",
    "Максим", "Марк", "Матвей", "Михаил", "Мирон", "Никита", "Николай", "Павел",
    "Платон", "Роман", "Савелий", "Семён", "Сергей", "Степан", "Тимофей", "Тимур",
    "Фёдор", "Ярослав", "Вячеслав", "Евгений", "Игорь",
)
GIRLS: Final[tuple[str, ...]] = (
    "Александра", "Алина", "Алиса", "Алёна", "Анастасия", "Ангелина", "Анна", "Арина",
    "Валерия", "Варвара", "Василиса", "Вера", "Вероника", "Виктория", "Дарья",
    "Диана", "Ева", "Екатерина", "Елена", "Елизавета", "Злата", "Кира", "Ксения",
    "Маргарита", "Марина", "Мария", "Милана", "Мирослава", "Надежда", "Олеся",
    "Ольга", "Полина", "Софья", "София", "Таисия", "Ульяна", "Юлия", "Яна",
    "Эвелина", "Майя",
)

# First names of parents and teachers (born 1965–2000).
MEN: Final[tuple[str, ...]] = (
    "Александр", "Алексей", "Анатолий", "Андрей", "Антон", "Аркадий", "Артём",
    "Борис", "Вадим", "Валерий", "Василий", "Виктор", "Виталий", "Владимир",
    "Владислав", "Вячеслав", "Геннадий", "Георгий", "Григорий", "Денис", "Дмитрий",
    "Евгений", "Иван", "Игорь", "Илья", "Кирилл", "Константин", "Лев", "Леонид",
    "Максим", "Михаил", "Никита", "Николай", "Олег", "Павел", "Пётр", "Роман",
    "Руслан", "Сергей", "Станислав", "Степан", "Тимур", "Фёдор", "Эдуард", "Юрий",
    "Яков", "Ярослав", "Матвей", "Семён", "Глеб", "Кузьма", "Даниил",
)
WOMEN: Final[tuple[str, ...]] = (
    "Алёна", "Алла", "Анастасия", "Анна", "Валентина", "Валерия", "Вера", "Виктория",
    "Галина", "Дарья", "Евгения", "Екатерина", "Елена", "Жанна", "Зоя", "Инна",
    "Ирина", "Кристина", "Ксения", "Лариса", "Любовь", "Людмила", "Маргарита",
    "Марина", "Мария", "Надежда", "Наталья", "Нина", "Оксана", "Ольга", "Полина",
    "Светлана", "Софья", "Татьяна", "Юлия", "Яна", "Олеся", "Алина",
)

_VOWELS: Final = "аеёиоуыэюя"

# Patronymics a rule would get wrong (masculine, feminine).
_PATRONYMIC_EXCEPTIONS: Final[dict[str, tuple[str, str]]] = {
    "Пётр": ("Петрович", "Петровна"),
    "Павел": ("Павлович", "Павловна"),
    "Лев": ("Львович", "Львовна"),
    "Яков": ("Яковлевич", "Яковлевна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Илья": ("Ильич", "Ильинична"),
    "Кузьма": ("Кузьмич", "Кузьминична"),
    "Фома": ("Фомич", "Фоминична"),
    "Лука": ("Лукич", "Лукинична"),
    "Никита": ("Никитич", "Никитична"),
    "Савва": ("Саввич", "Саввична"),
}


def patronymic(father_name: str, gender: str) -> str:
    """The patronymic of a son (``gender`` "m") or daughter ("f") of ``father_name``."""
    special = _PATRONYMIC_EXCEPTIONS.get(father_name)
    if special is not None:
        return special[0] if gender == MALE else special[1]
    name = father_name
    if name.endswith("ий"):
        stem = name[:-2]
        # Дмитрий → Дмитриевич (two consonants before -ий), Юрий → Юрьевич.
        two_consonants = stem[-1] not in _VOWELS and stem[-2].lower() not in _VOWELS
        base = stem + ("иев" if two_consonants else "ьев")
    elif name.endswith(("ай", "ей")):
        base = name[:-1] + "ев"  # Николай → Николаевич, Сергей → Сергеевич
    elif name.endswith("ь"):
        base = name[:-1] + "ев"  # Игорь → Игоревич
    elif name[-1] in "жшчщц":
        base = name + "ев"
    elif name[-1] in _VOWELS:
        raise ValueError(f"no patronymic rule for {father_name!r}")
    else:
        base = name + "ов"  # Иван → Иванович, Семён → Семёнович
    return base + ("ич" if gender == MALE else "на")


def surname_for(masculine: str, gender: str) -> str:
    """The surname in the form for ``gender``: Петров → Петрова, Полянский → Полянская."""
    if gender == MALE:
        return masculine
    if masculine.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return masculine + "а"
    if masculine.endswith(("ий", "ой", "ый")):
        return masculine[:-2] + "ая"
    return masculine  # Шевченко, Ковальчук, Черных


def short_name(surname: str, name: str, patronymic_: str) -> str:
    """«Петрова И. С.» — how a journal prints a person."""
    initials = f"{name[0]}." + (f" {patronymic_[0]}." if patronymic_ else "")
    return f"{surname} {initials}"


def full_name(surname: str, name: str, patronymic_: str) -> str:
    return " ".join(part for part in (surname, name, patronymic_) if part)


# --- transliteration ------------------------------------------------------------------

# ICAO Doc 9303 / the Russian foreign-passport table (ГОСТ-like, Latin letters only).
TRANSLIT: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}

LOGIN_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def transliterate(text: str) -> str:
    """Lower-case Latin transliteration; characters outside the table are dropped
    unless already allowed in a login."""
    out: list[str] = []
    for char in text.lower():
        if char in TRANSLIT:
            out.append(TRANSLIT[char])
        elif char.isascii() and (char.isalnum() or char in "._-"):
            out.append(char)
        elif char in " ‐–—":
            out.append("-")
    return "".join(out)


def login_base(surname: str, name: str, patronymic_: str, prefix: str = "") -> str:
    """``ivanova.ma`` (with ``prefix`` "s" → ``s.ivanova.ma``)."""
    initials = transliterate(name)[:1] + transliterate(patronymic_)[:1]
    base = f"{transliterate(surname)}.{initials}"
    return f"{prefix}.{base}" if prefix else base


class LoginBook:
    """Hands out unique logins: the second ``ivanova.ma`` becomes ``ivanova.ma2``."""

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self._taken: set[str] = set(taken)

    def claim(self, wanted: str) -> str:
        login = wanted
        number = 2
        while login in self._taken:
            login = f"{wanted}{number}"
            number += 1
        self._taken.add(login)
        return login
