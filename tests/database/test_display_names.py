"""People's and classes' names as every screen and document shows them."""

from __future__ import annotations

from dataclasses import dataclass

from database.display_names import (
    class_title,
    class_title_of,
    full_name,
    full_name_of,
    short_name,
    short_name_of,
    surname_name,
)


@dataclass(frozen=True)
class _Person:
    surname: str
    name: str
    patronymic: str


def test_people() -> None:
    assert full_name("Смирнова", "Ольга", "Петровна") == "Смирнова Ольга Петровна"
    assert full_name("Смит", "Джон") == "Смит Джон"
    assert short_name("Смирнова", "Ольга", "Петровна") == "Смирнова О. П."
    assert short_name("Смит", "Джон", "") == "Смит Д."
    assert surname_name("Иванов", "Пётр") == "Иванов Пётр"
    person = _Person("Павлова", "Людмила", "Геннадьевна")
    assert full_name_of(person) == "Павлова Людмила Геннадьевна"
    assert short_name_of(person) == "Павлова Л. Г."


def test_classes() -> None:
    assert class_title(5, "А") == "5 «А»"

    @dataclass(frozen=True)
    class _Class:
        grade: int
        letter: str

    assert class_title_of(_Class(11, "Б")) == "11 «Б»"


def test_namesakes_are_told_apart() -> None:
    from database.display_names import told_apart

    shown = told_apart([
        (1, "Смирнова О. П.", "Смирнова Ольга Петровна"),
        (2, "Смирнова О. П.", "Смирнова Оксана Павловна"),
        (3, "Кузнецова А. И.", "Кузнецова Анна Игоревна"),
        (1, "Смирнова О. П.", "Смирнова Ольга Петровна"),  # the same person listed twice
    ])
    assert shown == {1: "Смирнова Ольга Петровна", 2: "Смирнова Оксана Павловна",
                     3: "Кузнецова А. И."}
    same = told_apart([(1, "Иванова М. П.", "Иванова Мария Петровна"),
                       (2, "Иванова М. П.", "Иванова Мария Петровна"),
                       (3, "Иванова М. П.", "Иванова Мария Петровна")],
                      {1: "учитель музыки", 2: "учитель истории", 3: "учитель истории"})
    assert same == {1: "Иванова Мария Петровна (учитель музыки)",
                    2: "Иванова Мария Петровна (№ 2)", 3: "Иванова Мария Петровна (№ 3)"}
