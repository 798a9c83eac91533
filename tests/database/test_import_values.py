"""Cells as real files hold them: dates, classes, genders, names and headers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from database.errors import ValidationError
from database.imports.table import csv_delimiter, decode_csv
from database.imports.values import a_date, class_of, clean_text, fold, gender, header_key


@pytest.mark.parametrize(("cell", "expected"), [
    ("01.09.2015", date(2015, 9, 1)),
    ("1.9.2015", date(2015, 9, 1)),
    ("01.09.15", date(2015, 9, 1)),
    ("01/09/98", date(1998, 9, 1)),
    ("2015-09-01", date(2015, 9, 1)),
    (" 01.09.2015 г. ", date(2015, 9, 1)),
    (42248, date(2015, 9, 1)),  # an Excel serial number
    (42248.0, date(2015, 9, 1)),
    ("42248", date(2015, 9, 1)),
    (datetime(2015, 9, 1, 0, 0), date(2015, 9, 1)),
    (None, None),
    ("", None),
])
def test_dates(cell: object, expected: date | None) -> None:
    assert a_date(cell, "Дата рождения") == expected


@pytest.mark.parametrize("cell", ["31.02.2015", "01.13.2015", "вчера", 12, "1.9"])
def test_not_dates(cell: object) -> None:
    with pytest.raises(ValidationError, match="Дата рождения"):
        a_date(cell, "Дата рождения")


@pytest.mark.parametrize(("cell", "expected"), [
    ("5А", (5, "А")), ("5A", (5, "А")), ("5 a", (5, "А")), ("11 «Б»", (11, "Б")),
    ("10-в", (10, "В")), ("7 K класс", (7, "К")), ("5 М кл.", (5, "М")), ("9Y", (9, "У")),
])
def test_classes_with_latin_lookalikes(cell: str, expected: tuple[int, str]) -> None:
    assert class_of(cell) == expected


@pytest.mark.parametrize("cell", ["12А", "5", "А", "5AZ", "5D"])
def test_not_classes(cell: str) -> None:
    with pytest.raises(ValidationError):
        class_of(cell)


def test_gender_spelled_or_guessed() -> None:
    assert gender("Ж", "") == "f"
    assert gender("муж.", "") == "m"
    assert gender("", "Петрович") == "m"
    assert gender("", "Ивановна") == "f"
    assert gender("", "Мамед оглы") == "m"
    assert gender("", "") == ""
    with pytest.raises(ValidationError, match="«м» или «ж»"):
        gender("x", "Петрович")


def test_text_folding_and_headers() -> None:
    assert clean_text("  Иванов\u00a0 Пётр \n") == "Иванов Пётр"
    assert clean_text(215.0) == "215"
    assert fold("Пётр  ИВАНОВ") == fold("петр иванов")
    assert header_key("№ личного дела:") == header_key("Номер  ЛИЧНОГО дела")


def test_csv_encoding_and_delimiter() -> None:
    text = "Фамилия;Имя\nИванов;Пётр\n"
    assert decode_csv(text.encode("cp1251")) == text
    assert decode_csv(text.encode("utf-8-sig")) == text
    assert csv_delimiter(text) == ";"
    assert csv_delimiter("Фамилия,Имя\nИванов,Пётр\n") == ","
