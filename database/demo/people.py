"""People of the demo school: staff, students and their families.

Students come in families: a child's patronymic is made from the father's first
name (even when only the mother is registered), the father shares the child's
surname, the mother usually does too. About one family in ten has a second child
in another grade of the school (siblings share guardians and address).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from database.demo import names
from database.demo.curriculum import DEFAULT_MEN_SHARE, SPECIALTY_MEN
from database.demo.records import GuardianRec, StaffRec, StudentRec, seeded_id

_STREETS = (
    "ул. Ленина", "ул. Школьная", "ул. Мира", "ул. Гагарина", "ул. Садовая",
    "ул. Советская", "ул. Молодёжная", "пр. Победы", "ул. Набережная", "ул. Лесная",
    "ул. Пушкина", "ул. Строителей", "ул. Юбилейная", "ул. Заводская", "ул. Чехова",
)
TOWN = "г. Заречный"

_HEALTH = (("I", 28), ("II", 55), ("III", 15), ("IV", 2))


@dataclass(slots=True)
class _Family:
    surname: str  # masculine form
    father_name: str
    guardians: list[GuardianRec]
    address: str
    grades: list[int] = field(default_factory=list)
    first_names: list[str] = field(default_factory=list)


class PeopleFactory:
    def __init__(self, rng: random.Random, ids: random.Random, first_year: int) -> None:
        self.rng = rng
        self.ids = ids
        self.first_year = first_year
        self.families: list[_Family] = []
        self._file_numbers: dict[str, int] = {}
        self._staff_surnames: set[str] = set()

    # --- adults -------------------------------------------------------------------------

    def _phone(self) -> str:
        r = self.rng
        return (
            f"+7 9{r.randint(0, 99):02d} {r.randint(100, 999)}-"
            f"{r.randint(10, 99)}-{r.randint(10, 99)}"
        )

    def _address(self) -> str:
        r = self.rng
        house = f"{TOWN}, {r.choice(_STREETS)}, д. {r.randint(1, 120)}"
        if r.random() < 0.75:
            house += f", кв. {r.randint(1, 180)}"
        return house

    def person(self, gender: str, surname: str | None = None) -> tuple[str, str, str]:
        """(surname, name, patronymic) of an adult."""
        r = self.rng
        masc = surname if surname is not None else r.choice(names.SURNAMES)
        first = r.choice(names.MEN if gender == names.MALE else names.WOMEN)
        father = r.choice(names.MEN)
        return names.surname_for(masc, gender), first, names.patronymic(father, gender)

    def staff(self, position: str, specialty: str | None, gender: str | None = None) -> StaffRec:
        if gender is None:
            share = SPECIALTY_MEN.get(specialty or "", DEFAULT_MEN_SHARE)
            gender = names.MALE if self.rng.random() < share else names.FEMALE
        # Colleagues with one surname are confusing in a journal: draw another
        # (while there are plenty left; a large school may share a few).
        masculine = self.rng.choice(names.SURNAMES)
        while (masculine in self._staff_surnames
               and len(self._staff_surnames) < len(names.SURNAMES) * 3 // 4):
            masculine = self.rng.choice(names.SURNAMES)
        self._staff_surnames.add(masculine)
        surname, first, patronymic = self.person(gender, masculine)
        return StaffRec(seeded_id(self.ids), surname, first, patronymic, gender, position,
                        specialty)

    # --- families and students ----------------------------------------------------------

    def _new_family(self) -> _Family:
        r = self.rng
        surname = r.choice(names.SURNAMES)
        father_name = r.choice(names.MEN)
        guardians: list[GuardianRec] = []
        roll = r.random()
        if roll < 0.01:
            # A grandmother as the guardian (опекун).
            s, n, p = self.person(names.FEMALE, surname)
            guardians.append(GuardianRec(seeded_id(self.ids), s, n, p, names.FEMALE,
                                         self._phone(), "опекун"))
        else:
            has_mother = roll < 0.96
            has_father = r.random() < 0.78 or not has_mother
            if has_mother:
                own = surname if r.random() < 0.88 else r.choice(names.SURNAMES)
                s, n, p = self.person(names.FEMALE, own)
                guardians.append(GuardianRec(seeded_id(self.ids), s, n, p, names.FEMALE,
                                             self._phone(), "мать"))
            if has_father:
                father_patronymic = names.patronymic(r.choice(names.MEN), names.MALE)
                guardians.append(GuardianRec(seeded_id(self.ids), surname, father_name,
                                             father_patronymic, names.MALE, self._phone(),
                                             "отец"))
        family = _Family(surname, father_name, guardians, self._address())
        self.families.append(family)
        return family

    def _family_for(self, grade: int) -> _Family:
        r = self.rng
        if self.families and r.random() < 0.1:
            for _ in range(4):
                family = r.choice(self.families)
                if grade not in family.grades and len(family.grades) < 3:
                    return family
        return self._new_family()

    def _file_number(self, surname: str) -> str:
        letter = surname[0]
        number = self._file_numbers.get(letter, self.rng.randint(1, 15)) + self.rng.randint(1, 3)
        self._file_numbers[letter] = number
        return f"{letter}-{number}"

    def student(self, grade: int) -> StudentRec:
        r = self.rng
        family = self._family_for(grade)
        gender = names.MALE if r.random() < 0.5 else names.FEMALE
        pool = names.BOYS if gender == names.MALE else names.GIRLS
        first = r.choice(pool)
        while first in family.first_names:
            first = r.choice(pool)
        family.first_names.append(first)
        family.grades.append(grade)
        # Age on 1 September: 6.5–7.5 years in the first grade (a few a year older).
        age = grade - 1 + 6.5 + r.random() + (1.0 if r.random() < 0.04 else 0.0)
        birth = date(self.first_year, 9, 1) - timedelta(days=int(age * 365.25))
        health = r.choices([h for h, _ in _HEALTH], weights=[w for _, w in _HEALTH])[0]
        if health == "I":
            pe_group = "основная"
        elif health == "II":
            pe_group = "основная" if r.random() < 0.92 else "подготовительная"
        elif health == "III":
            pe_group = "подготовительная" if r.random() < 0.6 else "специальная"
        else:
            pe_group = "специальная" if r.random() < 0.5 else "освобождён"
        sickliness = r.choices((1.0, 0.5, 2.2), weights=(60, 25, 15))[0]
        if health in ("III", "IV"):
            sickliness *= 1.5
        surname = names.surname_for(family.surname, gender)
        return StudentRec(
            id=seeded_id(self.ids),
            surname=surname,
            name=first,
            patronymic=names.patronymic(family.father_name, gender),
            gender=gender,
            birth_date=birth,
            address=family.address,
            guardians=family.guardians,
            ability=min(4.95, max(2.5, r.gauss(3.85, 0.55))),
            sickliness=sickliness,
            truant=r.random() < (0.06 if grade >= 6 else 0.01),
            personal_file_no=self._file_number(surname),
            health_group=health,
            pe_group=pe_group,
        )
