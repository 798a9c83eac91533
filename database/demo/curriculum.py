"""The federal curriculum (ФОП НОО/ООО/СОО, five-day week) as the demo school uses it.

Hours per week per grade follow the federal model plans (variant 1 for the five-day
week); the part formed by the school adds an hour of physical culture in grades 1–4.
Grades 10–11 take the universal profile. English and informatics classes are split
into two groups (from grade 2 and grade 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Teacher specialties: who can teach a subject in grades 5–11 (in grades 1–4 the
# class's own primary teacher takes everything except these specialists' subjects).
PRIMARY: Final = "primary"
SPECIALTY_POSITIONS: Final[dict[str, str]] = {
    PRIMARY: "учитель начальных классов",
    "russian": "учитель русского языка и литературы",
    "english": "учитель английского языка",
    "math": "учитель математики",
    "informatics": "учитель информатики",
    "history": "учитель истории и обществознания",
    "geography": "учитель географии",
    "biology": "учитель биологии",
    "chemistry": "учитель химии",
    "physics": "учитель физики",
    "music": "учитель музыки",
    "art": "учитель изобразительного искусства",
    "technology": "учитель труда (технологии)",
    "obzr": "преподаватель-организатор ОБЗР",
    "pe": "учитель физической культуры",
}

# Share of men among teachers of a specialty (the rest are women).
SPECIALTY_MEN: Final[dict[str, float]] = {
    PRIMARY: 0.03,
    "physics": 0.45,
    "informatics": 0.5,
    "obzr": 0.85,
    "pe": 0.55,
    "technology": 0.4,
    "history": 0.3,
}
DEFAULT_MEN_SHARE: Final = 0.12

# Homework styles (see ``journal.homework_text``).
HW_NONE: Final = "none"


@dataclass(frozen=True)
class SubjectDef:
    name: str
    short_name: str
    assessment: str  # marked | pass_fail | none
    specialty: str  # for grades 5–11; grades 1–4 use ``primary_specialty``
    hours: tuple[int, ...]  # per week, grades 1..11
    homework: str = HW_NONE
    split_from: int | None = None  # grade from which the class is split in two groups
    primary_specialty: str = PRIMARY
    tests: bool = True  # control works at the end of topic blocks

    def hours_for(self, grade: int) -> int:
        return self.hours[grade - 1]

    def split(self, grade: int) -> bool:
        return self.split_from is not None and grade >= self.split_from

    def specialty_for(self, grade: int) -> str:
        return self.primary_specialty if grade <= 4 else self.specialty


def _h(*hours: int) -> tuple[int, ...]:
    assert len(hours) == 11
    return hours


#                                                             1  2  3  4  5  6  7  8  9 10 11
SUBJECTS: Final[tuple[SubjectDef, ...]] = (
    SubjectDef("Русский язык", "Рус. яз.", "marked", "russian",
               _h(5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2), "russian"),
    SubjectDef("Литературное чтение", "Лит. чт.", "marked", "russian",
               _h(4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0), "reading"),
    SubjectDef("Литература", "Лит-ра", "marked", "russian",
               _h(0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3), "literature"),
    SubjectDef("Английский язык", "Англ. яз.", "marked", "english",
               _h(0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3), "english", split_from=2,
               primary_specialty="english"),
    SubjectDef("Математика", "Матем.", "marked", "math",
               _h(4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0), "math"),
    SubjectDef("Алгебра", "Алгебра", "marked", "math",
               _h(0, 0, 0, 0, 0, 0, 3, 3, 3, 0, 0), "algebra"),
    SubjectDef("Алгебра и начала математического анализа", "Алг. и нач. анализа", "marked",
               "math", _h(0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2), "algebra"),
    SubjectDef("Геометрия", "Геом.", "marked", "math",
               _h(0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2), "algebra"),
    SubjectDef("Вероятность и статистика", "Вер. и стат.", "marked", "math",
               _h(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1), "algebra"),
    SubjectDef("Информатика", "Информ.", "marked", "informatics",
               _h(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1), "paragraph", split_from=7),
    SubjectDef("История", "История", "marked", "history",
               _h(0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2), "paragraph"),
    SubjectDef("Обществознание", "Обществ.", "marked", "history",
               _h(0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2), "paragraph"),
    SubjectDef("География", "Геогр.", "marked", "geography",
               _h(0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1), "geography"),
    SubjectDef("Биология", "Биол.", "marked", "biology",
               _h(0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1), "paragraph"),
    SubjectDef("Физика", "Физика", "marked", "physics",
               _h(0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2), "physics"),
    SubjectDef("Химия", "Химия", "marked", "chemistry",
               _h(0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1), "physics"),
    SubjectDef("Окружающий мир", "Окр. мир", "marked", PRIMARY,
               _h(2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0), "world"),
    SubjectDef("Основы религиозных культур и светской этики", "ОРКСЭ", "none", PRIMARY,
               _h(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), tests=False),
    SubjectDef("Изобразительное искусство", "ИЗО", "marked", "art",
               _h(1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0), tests=False),
    SubjectDef("Музыка", "Музыка", "marked", "music",
               _h(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0), primary_specialty="music", tests=False),
    SubjectDef("Труд (технология)", "Труд", "marked", "technology",
               _h(1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0), tests=False),
    SubjectDef("Основы безопасности и защиты Родины", "ОБЗР", "marked", "obzr",
               _h(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1), tests=False),
    SubjectDef("Физическая культура", "Физ-ра", "marked", "pe",
               _h(3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2), primary_specialty="pe", tests=False),
    SubjectDef("Индивидуальный проект", "Инд. проект", "pass_fail", "history",
               _h(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1), tests=False),
)

# The tiny demo: one class, three subjects (English in two groups).
TINY_SUBJECTS: Final[tuple[str, ...]] = ("Русский язык", "Математика", "Английский язык")


def plan_for_grade(grade: int, only: tuple[str, ...] | None = None) -> list[SubjectDef]:
    """The subjects a class of ``grade`` studies, in the curriculum's order."""
    return [
        s for s in SUBJECTS if s.hours_for(grade) > 0 and (only is None or s.name in only)
    ]
