"""The demo school in memory, before it becomes rows: people, classes, teaching
assignments. Plain mutable records; the builder turns them into table rows."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date

from database.demo.curriculum import SubjectDef
from database.display_names import class_title_of, full_name_of


def seeded_id(rng: random.Random) -> uuid.UUID:
    """A random (version 4) UUID drawn from ``rng``: the same seed, the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def stream(seed: int, name: str) -> random.Random:
    """An independent random stream per stage, so changing one stage leaves the
    others' content as it was. String seeds are hashed with SHA-512, not ``hash()``,
    so they are stable across processes."""
    return random.Random(f"school-journal-demo:{seed}:{name}")


def collation_key(text: str) -> str:
    """Russian alphabetical order (Python puts «ё» after «я»)."""
    return text.replace("ё", "е").replace("Ё", "Е")


@dataclass(slots=True)
class StaffRec:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    position: str
    specialty: str | None = None  # teaching specialty, None for non-teaching staff
    room: str = ""
    load: int = 0  # hours a week
    account_id: uuid.UUID | None = None
    login: str = ""

    @property
    def full_name(self) -> str:
        return full_name_of(self)


@dataclass(slots=True)
class GuardianRec:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    phone: str
    relation: str  # мать, отец, опекун
    consent_on: date | None = None
    account_id: uuid.UUID | None = None
    login: str = ""

    @property
    def full_name(self) -> str:
        return full_name_of(self)


@dataclass(slots=True)
class StudentRec:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    birth_date: date
    address: str
    guardians: list[GuardianRec]
    ability: float  # the student's usual level on the 2–5 scale
    sickliness: float  # multiplies the chance of falling ill
    truant: bool  # skips single lessons now and then
    personal_file_no: str = ""
    health_group: str = "II"
    pe_group: str = "основная"
    start: date = date.min
    start_order: str = ""
    end: date | None = None  # last day in the class (inclusive)
    end_order: str = ""
    end_reason: str = ""
    groups: dict[str, int] = field(default_factory=dict)  # split subject → 0 | 1
    account_id: uuid.UUID | None = None
    login: str = ""

    def enrolled_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def full_name(self) -> str:
        return full_name_of(self)


@dataclass(slots=True)
class ClassRec:
    id: uuid.UUID
    grade: int
    letter: str
    subjects: list[SubjectDef]
    room: str = ""
    teacher: StaffRec | None = None
    students: list[StudentRec] = field(default_factory=list)
    group_ids: dict[tuple[str, int], uuid.UUID] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return class_title_of(self)


@dataclass(slots=True)
class AssignmentRec:
    id: uuid.UUID
    school_class: ClassRec
    subject: SubjectDef
    group: int | None  # 0 or 1 for a split subject
    teacher: StaffRec
    hours: int
    slots: list[tuple[int, int]] = field(default_factory=list)  # (weekday, lesson number)

    @property
    def group_id(self) -> uuid.UUID | None:
        if self.group is None:
            return None
        return self.school_class.group_ids[(self.subject.name, self.group)]

    def teaches(self, student: StudentRec) -> bool:
        return self.group is None or student.groups.get(self.subject.name) == self.group
