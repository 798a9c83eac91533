"""Russian names, patronymics, transliteration and the demo calendar's dates."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest

from database.demo import names
from database.demo.journal import PeriodTotals, period_value
from database.demo.year_calendar import academic_year_of, bell_schedule, build_calendar


@pytest.mark.parametrize(
    ("father", "son", "daughter"),
    [
        ("Иван", "Иванович", "Ивановна"),
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Николай", "Николаевич", "Николаевна"),
        ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Георгий", "Георгиевич", "Георгиевна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Евгений", "Евгеньевич", "Евгеньевна"),
        ("Василий", "Васильевич", "Васильевна"),
        ("Игорь", "Игоревич", "Игоревна"),
        ("Пётр", "Петрович", "Петровна"),
        ("Павел", "Павлович", "Павловна"),
        ("Лев", "Львович", "Львовна"),
        ("Михаил", "Михайлович", "Михайловна"),
        ("Яков", "Яковлевич", "Яковлевна"),
        ("Илья", "Ильич", "Ильинична"),
        ("Никита", "Никитич", "Никитична"),
        ("Кузьма", "Кузьмич", "Кузьминична"),
        ("Семён", "Семёнович", "Семёновна"),
        ("Даниил", "Даниилович", "Данииловна"),
    ],
)
def test_patronymics(father: str, son: str, daughter: str) -> None:
    assert names.patronymic(father, names.MALE) == son
    assert names.patronymic(father, names.FEMALE) == daughter


def test_every_listed_father_name_has_a_patronymic() -> None:
    for father in names.MEN:
        assert names.patronymic(father, names.MALE).endswith("ич")
        assert names.patronymic(father, names.FEMALE).endswith("на")


@pytest.mark.parametrize(
    ("masculine", "feminine"),
    [
        ("Петров", "Петрова"),
        ("Соловьёв", "Соловьёва"),
        ("Ильин", "Ильина"),
        ("Полянский", "Полянская"),
        ("Троицкий", "Троицкая"),
        ("Толстой", "Толстая"),
        ("Шевченко", "Шевченко"),
        ("Ковальчук", "Ковальчук"),
        ("Черных", "Черных"),
    ],
)
def test_feminine_surnames(masculine: str, feminine: str) -> None:
    assert names.surname_for(masculine, names.FEMALE) == feminine
    assert names.surname_for(masculine, names.MALE) == masculine


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Иванова", "ivanova"),
        ("Щербаков", "shcherbakov"),
        ("Соловьёв", "solovev"),
        ("Юдин", "iudin"),
        ("Хохлов", "khokhlov"),
        ("Цветков", "tsvetkov"),
        ("Чернышёв", "chernyshev"),
        ("Журавлёва", "zhuravleva"),
        ("Яковлев", "iakovlev"),
        ("Подъячев", "podieiachev"),
        ("Майоров", "maiorov"),
        ("Салтыков-Щедрин", "saltykov-shchedrin"),
    ],
)
def test_transliteration(cyrillic: str, latin: str) -> None:
    assert names.transliterate(cyrillic) == latin


def test_logins_are_lowercase_latin_and_unique() -> None:
    book = names.LoginBook()
    first = book.claim(names.login_base("Иванова", "Мария", "Алексеевна"))
    second = book.claim(names.login_base("Иванова", "Марина", "Андреевна"))
    student = book.claim(names.login_base("Петров", "Артём", "Игоревич", prefix="s"))
    assert (first, second, student) == ("ivanova.ma", "ivanova.ma2", "s.petrov.ai")
    for login in (first, second, student):
        assert names.LOGIN_PATTERN.match(login)


def test_calendar_2026_2027() -> None:
    cal = build_calendar(academic_year_of(date(2026, 11, 22)))
    assert cal.name == "2026/2027"
    assert (cal.start, cal.end) == (date(2026, 9, 1), date(2027, 5, 31))
    quarters = [(p.start, p.end) for p in cal.periods if p.kind == "quarter"]
    assert quarters == [
        (date(2026, 9, 1), date(2026, 10, 24)),
        (date(2026, 11, 5), date(2026, 12, 28)),
        (date(2027, 1, 12), date(2027, 3, 20)),
        (date(2027, 3, 30), date(2027, 5, 31)),
    ]
    halves = [(p.start, p.end, p.grade_from, p.grade_to) for p in cal.periods if p.kind == "half"]
    assert halves == [
        (date(2026, 9, 1), date(2026, 12, 28), 10, 11),
        (date(2027, 1, 12), date(2027, 5, 31), 10, 11),
    ]
    vacations = {h.name: (h.start, h.end, h.grade_from, h.grade_to) for h in cal.holidays}
    assert vacations["Осенние каникулы"][:2] == (date(2026, 10, 25), date(2026, 11, 4))
    assert vacations["Зимние каникулы"][:2] == (date(2026, 12, 29), date(2027, 1, 11))
    assert vacations["Весенние каникулы"][:2] == (date(2027, 3, 21), date(2027, 3, 29))
    first_grade = vacations["Дополнительные каникулы для первоклассников"]
    assert first_grade[2:] == (1, 1) and first_grade[0].month == 2
    public = {h.start for h in cal.holidays if h.kind == "holiday"}
    for day in (date(2026, 11, 4), date(2027, 2, 23), date(2027, 3, 8), date(2027, 5, 1),
                date(2027, 5, 9)):
        assert day in public


def test_summer_belongs_to_the_year_that_ended() -> None:
    assert academic_year_of(date(2027, 7, 15)) == 2026
    assert academic_year_of(date(2027, 9, 1)) == 2027
    later = build_calendar(2027)
    # Quarters tile the year for every year, with vacations in between.
    quarters = [p for p in later.periods if p.kind == "quarter"]
    assert quarters[0].start == date(2027, 9, 1) and quarters[-1].end == date(2028, 5, 31)
    for before, after in itertools.pairwise(quarters):
        assert before.end < after.start


def test_bells() -> None:
    bells = bell_schedule()
    assert bells[0] == (1, time(8, 30), time(9, 15))
    assert bells[1] == (2, time(9, 25), time(10, 10))
    assert bells[2] == (3, time(10, 30), time(11, 15))  # the 20-minute break
    assert len(bells) == 7


def test_period_mark_rounding() -> None:
    def marks(*values: tuple[int, float]) -> PeriodTotals:
        totals = PeriodTotals()
        for value, weight in values:
            totals.weighted += value * weight
            totals.weight += weight
            totals.count += 1
        return totals

    assert period_value(marks((4, 1), (4, 1), (3, 1), (4, 2)), 0.6) == "4"  # 3.8
    assert period_value(marks((4, 1), (3, 1), (4, 1), (3, 1), (4, 1)), 0.6) == "4"  # 3.6
    assert period_value(marks((4, 1), (3, 1), (3, 1), (4, 1)), 0.6) == "3"  # 3.5
    assert period_value(marks((5, 1), (5, 1)), 0.6) == "5"
    assert period_value(marks((5, 1)), 0.6) == "н/а"  # too few marks
    assert period_value(None, 0.6) == "н/а"
