"""Input validation: examples with the exact Russian messages, and Hypothesis
properties (a checker either returns a normalised value with its invariants, or
raises ValidationError — never anything else)."""

from __future__ import annotations

import math
import re
from datetime import date, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from database import validation as v
from database.errors import ValidationError
from database.validation import NamePart

CYRILLIC_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
CYRILLIC = CYRILLIC_LOWER + CYRILLIC_LOWER.upper()

# --- names: examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Иванов", "Иванов"),
        ("  иванов  ", "Иванов"),
        ("ИВАНОВ", "Иванов"),
        ("иванов-петров", "Иванов-Петров"),
        ("Салтыков-Щедрин", "Салтыков-Щедрин"),
        ("д’Артаньян", "Д'Артаньян"),
        ("Мамед   оглы", "Мамед оглы"),
        ("Пётр", "Пётр"),
        ("ёлкин", "Ёлкин"),
        ("ДеВито", "ДеВито"),
    ],
)
def test_name_parts_are_normalised(raw: str, expected: str) -> None:
    assert v.person_name_part(raw, NamePart.SURNAME) == expected


@pytest.mark.parametrize(
    ("raw", "part", "message"),
    [
        ("", NamePart.SURNAME, "Фамилия не может быть пустой."),
        ("   ", NamePart.NAME, "Имя не может быть пустым."),
        ("Иванов2", NamePart.SURNAME, "В фамилии не может быть цифр."),
        ("Ivanov", NamePart.SURNAME, "Фамилия должна быть записана русскими буквами"),
        ("Иvan", NamePart.NAME, "Имя должно быть записано русскими буквами"),
        ("Иван!", NamePart.NAME, "В имени допустимы только русские буквы"),
        ("-Петрович", NamePart.PATRONYMIC, "В отчестве дефис и апостроф могут стоять только"),
        ("Иванов--Петров", NamePart.SURNAME, "дефис и апостроф могут стоять только между"),
        ("А" * 101, NamePart.SURNAME, "Фамилия: не более 100 символов."),
    ],
)
def test_bad_name_parts_are_refused_with_the_field_named(
    raw: str, part: NamePart, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        v.person_name_part(raw, part)
    assert message in caught.value.message


def test_patronymic_may_be_empty_unless_required() -> None:
    assert v.person_name_part("  ", NamePart.PATRONYMIC) == ""
    with pytest.raises(ValidationError, match="Отчество не может быть пустым"):
        v.person_name_part("", NamePart.PATRONYMIC, required=True)


def test_non_text_is_refused() -> None:
    with pytest.raises(ValidationError, match="Фамилия"):
        v.person_name_part(42, NamePart.SURNAME)


# --- names: properties ----------------------------------------------------------------

word = st.text(alphabet=CYRILLIC, min_size=1, max_size=12)
joined_word = st.lists(word, min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from(["-", "'"]).map(lambda sep: sep.join(parts))
)
valid_name = (
    st.lists(joined_word, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda s: len(s) <= v.NAME_MAX_LENGTH)
)


def _name_invariants(result: str) -> None:
    assert result == result.strip()
    assert "  " not in result
    assert 1 <= len(result) <= v.NAME_MAX_LENGTH
    assert re.fullmatch(f"[{CYRILLIC}\\-' ]+", result)
    assert result[0].isupper()


@given(valid_name, st.sampled_from(["", " ", "  ", "\t"]), st.sampled_from(["", " ", "\n"]))
def test_valid_names_survive_with_only_spacing_and_capitals_changed(
    name: str, before: str, after: str
) -> None:
    result = v.person_name_part(before + name.replace(" ", "  ") + after, NamePart.SURNAME)
    _name_invariants(result)
    assert result.lower() == name.lower()
    # Normalising is idempotent.
    assert v.person_name_part(result, NamePart.SURNAME) == result


@given(st.text(max_size=120))
def test_any_text_is_either_a_clean_name_or_refused(raw: str) -> None:
    try:
        result = v.person_name_part(raw, NamePart.NAME)
    except ValidationError as error:
        assert error.message  # a Russian sentence for the dialog
        return
    _name_invariants(result)
    assert v.person_name_part(result, NamePart.NAME) == result


@given(valid_name, st.text(alphabet="abcxyzABCXYZ", min_size=1, max_size=3), st.integers(0, 50))
def test_latin_letters_are_always_refused(name: str, latin: str, at: int) -> None:
    position = min(at, len(name))
    with pytest.raises(ValidationError, match="русскими буквами"):
        v.person_name_part(name[:position] + latin + name[position:], NamePart.SURNAME)


@given(valid_name, st.text(alphabet="0123456789", min_size=1, max_size=3), st.integers(0, 50))
def test_digits_are_always_refused(name: str, digits: str, at: int) -> None:
    position = min(at, len(name))
    with pytest.raises(ValidationError, match="цифр"):
        v.person_name_part(name[:position] + digits + name[position:], NamePart.SURNAME)


# --- free text ------------------------------------------------------------------------


def test_text_examples() -> None:
    assert v.text("  учитель   математики ", "Должность", max_length=200) == "учитель математики"
    with pytest.raises(ValidationError, match="Поле «Должность» не может быть пустым"):
        v.text(" ", "Должность", max_length=200, required=True)
    with pytest.raises(ValidationError, match="не более 5 символов"):
        v.text("абвгде", "Кабинет", max_length=5)
    assert v.text(" строка 1 \r\nстрока 2 ", "ДЗ", max_length=100, multiline=True) == (
        "строка 1\nстрока 2"
    )
    with pytest.raises(ValidationError, match="недопустимые символы"):
        v.text("a\x00b", "Тема", max_length=100)


@given(st.text(max_size=80), st.integers(0, 60), st.booleans())
def test_text_is_trimmed_bounded_and_idempotent(raw: str, max_length: int, required: bool) -> None:
    try:
        result = v.text(raw, "Поле", max_length=max_length, required=required)
    except ValidationError:
        return
    assert len(result) <= max_length
    assert result == result.strip()
    assert "  " not in result and "\n" not in result
    assert not required or result
    assert v.text(result, "Поле", max_length=max_length, required=required) == result


# --- logins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Smirnova.OP ", "smirnova.op"), ("s.alekseev.ip", "s.alekseev.ip"), ("abc", "abc")],
)
def test_logins_are_lowercased(raw: str, expected: str) -> None:
    assert v.login(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Логин не может быть пустым."),
        ("смирнова", "латинскими буквами"),
        ("1abc", "должен начинаться с латинской буквы"),
        (".abc", "должен начинаться с латинской буквы"),
        ("ab", "от 3 до 64 символов"),
        ("a" * 65, "от 3 до 64 символов"),
        ("ab cd", "только латинские буквы, цифры"),
        ("ab@cd", "только латинские буквы, цифры"),
    ],
)
def test_bad_logins(raw: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        v.login(raw)


@given(st.text(max_size=70))
def test_any_login_is_valid_or_refused(raw: str) -> None:
    try:
        result = v.login(raw)
    except ValidationError:
        return
    assert re.fullmatch(r"[a-z][a-z0-9._\-]{2,63}", result)
    assert v.login(result) == result


@given(st.from_regex(r"[a-z][a-z0-9._\-]{2,63}", fullmatch=True))
def test_every_well_formed_login_is_accepted(raw: str) -> None:
    assert v.login(raw) == raw


# --- orders, documents ----------------------------------------------------------------


def test_orders_and_documents() -> None:
    assert v.order_number(" Приказ № 1  от 01.09.2026 ") == "Приказ № 1 от 01.09.2026"
    with pytest.raises(ValidationError, match="Поле «Приказ о зачислении» не может быть пустым"):
        v.order_number("", "Приказ о зачислении")
    with pytest.raises(ValidationError, match="не более 60 символов"):
        v.order_number("№" * 61)
    assert v.document_ref("Заявление № 12") == "Заявление № 12"
    with pytest.raises(ValidationError, match="не более 200 символов"):
        v.document_ref("д" * 201)
    with pytest.raises(ValidationError, match="не может быть пустым"):
        v.document_ref("   ")


# --- structure numbers ----------------------------------------------------------------


@given(st.integers(-100, 100))
def test_grade_weekday_lesson_number_ranges(value: int) -> None:
    for check, low, high in ((v.grade, 1, 11), (v.weekday, 1, 6), (v.lesson_number, 1, 10)):
        if low <= value <= high:
            assert check(value) == value
        else:
            with pytest.raises(ValidationError):
                check(value)


def test_booleans_and_strings_are_not_numbers() -> None:
    for check in (v.grade, v.weekday, v.lesson_number, v.hours_per_week):
        with pytest.raises(ValidationError):
            check(True)
        with pytest.raises(ValidationError):
            check("5")


def test_messages_for_numbers() -> None:
    with pytest.raises(ValidationError, match=r"Параллель .* от 1 до 11"):
        v.grade(12)
    with pytest.raises(ValidationError, match=r"от 1 \(понедельник\) до 6 \(суббота\)"):
        v.weekday(7)
    with pytest.raises(ValidationError, match="Номер урока должен быть от 1 до 10"):
        v.lesson_number(0)
    with pytest.raises(ValidationError, match="от 0,5 до 10"):
        v.hours_per_week(0.25)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_hours_per_week(value: float) -> None:
    if math.isfinite(value) and 0.5 <= value <= 10:
        assert v.hours_per_week(value) == value
    else:
        with pytest.raises(ValidationError):
            v.hours_per_week(value)


@pytest.mark.parametrize(("raw", "expected"), [("А", "А"), (" б ", "Б"), ("ё", "Ё"), ("АБ", "АБ")])
def test_class_letters(raw: str, expected: str) -> None:
    assert v.class_letter(raw) == expected


def test_latin_class_letter_names_the_keyboard_layout() -> None:
    with pytest.raises(ValidationError, match="английская раскладка"):
        v.class_letter("A")  # Latin A looks like Cyrillic А
    with pytest.raises(ValidationError, match="должна быть русской"):
        v.class_letter("Z")
    with pytest.raises(ValidationError, match="не может быть пустой"):
        v.class_letter(" ")
    with pytest.raises(ValidationError, match="одна русская буква"):
        v.class_letter("1")


@given(st.text(max_size=6))
def test_any_class_letter_is_valid_or_refused(raw: str) -> None:
    try:
        result = v.class_letter(raw)
    except ValidationError:
        return
    assert re.fullmatch("[А-ЯЁ]{1,4}", result)


def test_people_details() -> None:
    assert v.gender("m") == "m"
    assert v.gender("", required=False) == ""
    with pytest.raises(ValidationError, match="«Пол»"):
        v.gender("x")
    assert v.health_group("2") == "II"
    assert v.health_group(" iii ") == "III"
    assert v.health_group("") == ""
    with pytest.raises(ValidationError, match="Группа здоровья"):
        v.health_group("VI")
    assert v.phone("+7 (900) 123-45-67") == "+7 (900) 123-45-67"
    with pytest.raises(ValidationError, match="Телефон"):
        v.phone("звоните")


# --- dates and times ------------------------------------------------------------------

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(dates, dates)
def test_date_range(start: date, end: date) -> None:
    if start <= end:
        v.date_range(start, end)
    else:
        with pytest.raises(ValidationError, match="не может быть раньше"):
            v.date_range(start, end)
    v.date_range(start, None)


@given(dates, dates, dates)
def test_date_within(day: date, start: date, end: date) -> None:
    if start <= day <= end:
        assert v.date_within(day, start, end, label="Дата") == day
    else:
        with pytest.raises(ValidationError, match="в пределах учебного года"):
            v.date_within(day, start, end, label="Дата")


def test_date_messages_are_russian() -> None:
    with pytest.raises(ValidationError) as caught:
        v.date_within(date(2027, 6, 5), date(2026, 9, 1), date(2027, 5, 31), label="Дата начала")
    assert caught.value.message == (
        "«Дата начала» (05.06.2027) должна быть в пределах учебного года (01.09.2026 – 31.05.2027)."
    )
    with pytest.raises(ValidationError, match="должно быть датой"):
        v.a_date("2026-09-01", "Дата")


small_dates = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 1, 20))


@given(small_dates, st.none() | small_dates, small_dates, st.none() | small_dates)
def test_ranges_overlap_matches_day_sets(
    start_a: date, end_a: date | None, start_b: date, end_b: date | None
) -> None:
    assume(end_a is None or start_a <= end_a)  # only well-formed ranges are compared
    assume(end_b is None or start_b <= end_b)
    horizon = date(2026, 2, 1)

    def days(start: date, end: date | None) -> set[date]:
        stop = horizon if end is None else end
        return {start + timedelta(n) for n in range((stop - start).days + 1)}

    expected = bool(days(start_a, end_a) & days(start_b, end_b))
    assert v.ranges_overlap(start_a, end_a, start_b, end_b) == expected
    assert v.ranges_overlap(start_b, end_b, start_a, end_a) == expected


@given(st.times(), st.times())
def test_time_range(starts_at: time, ends_at: time) -> None:
    if starts_at < ends_at:
        v.time_range(starts_at, ends_at)
    else:
        with pytest.raises(ValidationError, match="должно быть раньше окончания"):
            v.time_range(starts_at, ends_at)


def test_not_in_future() -> None:
    today = date(2026, 11, 18)
    assert v.not_in_future(today, today, label="Дата согласия") == today
    with pytest.raises(ValidationError, match=r"«Дата согласия» .* не может быть в будущем"):
        v.not_in_future(today + timedelta(days=1), today, label="Дата согласия")
