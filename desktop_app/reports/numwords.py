"""Numbers in Russian words and nouns agreeing with them, for the certification sheet:
«46 (сорок шесть) листов», «21 (двадцать один) лист», «2 (две) страницы»."""

from __future__ import annotations

from typing import Final, Literal

Gender = Literal["m", "f", "n"]

_UNITS: Final = (
    "", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять",
)
_UNITS_F: Final = {1: "одна", 2: "две"}
_UNITS_N: Final = {1: "одно"}
_TEENS: Final = (
    "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
    "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать",
)
_TENS: Final = (
    "", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
    "восемьдесят", "девяносто",
)
_HUNDREDS: Final = (
    "", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
    "восемьсот", "девятьсот",
)
# (one, few, many, gender) of each power of a thousand
_SCALES: Final[tuple[tuple[str, str, str, Gender], ...]] = (
    ("тысяча", "тысячи", "тысяч", "f"),
    ("миллион", "миллиона", "миллионов", "m"),
    ("миллиард", "миллиарда", "миллиардов", "m"),
)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun form agreeing with ``n``: 1 лист, 2 листа, 5 листов, 11 листов, 21 лист."""
    n = abs(n)
    if 11 <= n % 100 <= 14:
        return many
    last = n % 10
    if last == 1:
        return one
    if 2 <= last <= 4:
        return few
    return many


def _triple(n: int, gender: Gender) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_HUNDREDS[hundreds])
    if 10 <= rest <= 19:
        words.append(_TEENS[rest - 10])
        return words
    tens, units = divmod(rest, 10)
    if tens:
        words.append(_TENS[tens])
    if units:
        if gender == "f" and units in _UNITS_F:
            words.append(_UNITS_F[units])
        elif gender == "n" and units in _UNITS_N:
            words.append(_UNITS_N[units])
        else:
            words.append(_UNITS[units])
    return words


def number_in_words(n: int, gender: Gender = "m") -> str:
    """``n`` in Russian words agreeing with a noun of ``gender``: 21 → «двадцать один»
    (лист), «двадцать одна» (страница), «двадцать одно» (место)."""
    if n == 0:
        return "ноль"
    if n < 0:
        return "минус " + number_in_words(-n, gender)
    if n >= 1000 ** (len(_SCALES) + 1):
        raise ValueError(f"слишком большое число: {n}")
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        if not group:
            continue
        if power == 0:
            words.extend(_triple(group, gender))
        else:
            one, few, many, scale_gender = _SCALES[power - 1]
            words.extend(_triple(group, scale_gender))
            words.append(plural(group, one, few, many))
    return " ".join(words)


def sheets_phrase(n: int) -> str:
    """«46 (сорок шесть) листов»."""
    return f"{n} ({number_in_words(n, 'm')}) {plural(n, 'лист', 'листа', 'листов')}"


def certification_text(n: int) -> str:
    """The certification sheet's sentence, with the participles agreeing with ``n``."""
    if plural(n, "one", "few", "many") == "one":
        verbs = "пронумерован, прошнурован и скреплён печатью"
    else:
        verbs = "пронумеровано, прошнуровано и скреплено печатью"
    return f"В настоящем журнале {verbs} {sheets_phrase(n)}."
