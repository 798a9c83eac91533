"""Numbers in Russian words for the certification sheet."""

from __future__ import annotations

import pytest

from desktop_app.reports.numwords import (
    certification_text,
    number_in_words,
    plural,
    sheets_phrase,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 (один) лист"),
        (2, "2 (два) листа"),
        (4, "4 (четыре) листа"),
        (5, "5 (пять) листов"),
        (11, "11 (одиннадцать) листов"),
        (12, "12 (двенадцать) листов"),
        (14, "14 (четырнадцать) листов"),
        (20, "20 (двадцать) листов"),
        (21, "21 (двадцать один) лист"),
        (22, "22 (двадцать два) листа"),
        (46, "46 (сорок шесть) листов"),
        (100, "100 (сто) листов"),
        (101, "101 (сто один) лист"),
        (111, "111 (сто одиннадцать) листов"),
        (112, "112 (сто двенадцать) листов"),
        (213, "213 (двести тринадцать) листов"),
        (999, "999 (девятьсот девяносто девять) листов"),
        (1000, "1000 (одна тысяча) листов"),
        (1001, "1001 (одна тысяча один) лист"),
        (2002, "2002 (две тысячи два) листа"),
        (5000, "5000 (пять тысяч) листов"),
        (11_000, "11000 (одиннадцать тысяч) листов"),
        (21_000, "21000 (двадцать одна тысяча) листов"),
    ],
)
def test_sheet_counts_in_words(n: int, expected: str) -> None:
    assert sheets_phrase(n) == expected


@pytest.mark.parametrize(
    ("n", "gender", "expected"),
    [
        (1, "f", "одна"),
        (2, "f", "две"),
        (21, "f", "двадцать одна"),
        (32, "f", "тридцать две"),
        (1, "n", "одно"),
        (2, "n", "два"),
        (1, "m", "один"),
        (0, "m", "ноль"),
        (1_000_000, "m", "один миллион"),
        (2_500_001, "m", "два миллиона пятьсот тысяч один"),
        (-3, "f", "минус три"),
    ],
)
def test_genders_and_scales(n: int, gender: str, expected: str) -> None:
    assert number_in_words(n, gender) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, "many"), (1, "one"), (2, "few"), (5, "many"), (11, "many"), (21, "one"),
     (104, "few"), (111, "many"), (1011, "many"), (1021, "one")],
)
def test_plural_forms(n: int, form: str) -> None:
    assert plural(n, "one", "few", "many") == form


def test_certification_sentence_agrees_with_the_count() -> None:
    assert certification_text(46) == (
        "В настоящем журнале пронумеровано, прошнуровано и скреплено печатью "
        "46 (сорок шесть) листов."
    )
    assert certification_text(21) == (
        "В настоящем журнале пронумерован, прошнурован и скреплён печатью "
        "21 (двадцать один) лист."
    )
    assert certification_text(3).endswith("3 (три) листа.")
