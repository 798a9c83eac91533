"""Calendar-thematic plans (КТП): one planned topic and homework per lesson of the year.

The hand-written topics of a subject are stretched over the year's lessons: each
topic opens a block (introduction, practice, consolidation), marked subjects close
a long block with a control work, Russian has dictations, literature essays,
sciences laboratory and practical works; the last lessons of the year revise the
topics («Повторение: …»).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from database.demo.curriculum import HW_NONE, SubjectDef
from database.demo.topics import topics_for

# Lesson kinds and the work type a lesson of that kind carries.
NEW: Final = "new"
PRACTICE: Final = "practice"
REVIEW: Final = "review"
CONTROL: Final = "control"
DICTATION: Final = "dictation"
ESSAY: Final = "essay"
LAB: Final = "lab"
PRACTICAL: Final = "practical"
SELF_STUDY: Final = "self"

WORK_TYPE_OF_KIND: Final[dict[str, str]] = {
    CONTROL: "Контрольная работа",
    DICTATION: "Диктант",
    ESSAY: "Сочинение",
    LAB: "Лабораторная работа",
    PRACTICAL: "Практическая работа",
    SELF_STUDY: "Самостоятельная работа",
}
# Written works: every student present gets a mark; these two get two marks in a
# cell (a dictation: spelling / the grammar task; an essay: content / literacy).
WRITTEN_KINDS: Final = frozenset(WORK_TYPE_OF_KIND)
TWO_MARK_KINDS: Final = frozenset({DICTATION, ESSAY})

_PRACTICE_TEXTS: Final[dict[str, tuple[str, ...]]] = {
    "math": ("Решение задач по теме «{t}»", "{t}: закрепление", "{t}: практикум"),
    "algebra": ("Решение задач по теме «{t}»", "{t}: закрепление", "{t}: практикум"),
    "physics": ("Решение задач по теме «{t}»", "{t}: закрепление", "{t}: обобщение"),
    "russian": ("Упражнения по теме «{t}»", "{t}: закрепление", "Развитие речи: {t}"),
    "reading": ("{t}: выразительное чтение", "{t}: беседа по прочитанному", "{t}: пересказ"),
    "literature": ("{t}: анализ произведения", "{t}: образы героев", "{t}: проблематика"),
    "english": ("{t}: лексика", "{t}: грамматика", "{t}: чтение", "{t}: аудирование и говорение"),
    "pe": ("{t}: совершенствование техники", "{t}: учебная игра", "{t}: развитие выносливости"),
}
_PRACTICE_DEFAULT: Final = ("{t}: продолжение", "{t}: практикум", "Обобщение по теме «{t}»")


@dataclass(frozen=True, slots=True)
class PlannedLesson:
    position: int  # 1-based, the lesson's number in the year
    topic: str
    kind: str
    homework: str

    @property
    def work_type(self) -> str:
        return WORK_TYPE_OF_KIND.get(self.kind, "")


def _style(subject: SubjectDef) -> str:
    if subject.name == "Физическая культура":
        return "pe"
    return subject.homework


def build_plan(
    subject: SubjectDef, grade: int, lessons: int, rng: random.Random
) -> list[PlannedLesson]:
    """The КТП of one assignment: ``lessons`` rows, one per lesson of the year."""
    if lessons <= 0:
        return []
    topics = topics_for(subject.name, grade)
    review = max(1, lessons // 20) if lessons >= 12 else 0
    hours = max(1, round(lessons / 33))
    body = lessons - review
    tests = subject.tests and subject.assessment == "marked" and grade >= 2
    practice = _PRACTICE_TEXTS.get(_style(subject), _PRACTICE_DEFAULT)
    homework = Homework(subject, grade, rng)

    rows: list[tuple[str, str]] = []
    used = topics[: max(1, min(len(topics), body))]
    base, extra = divmod(body, len(used))
    for index, topic in enumerate(used):
        length = base + (1 if index < extra else 0)
        kinds = [NEW] + [PRACTICE] * (length - 1)
        # A control work closes a long block: every block in a subject of three or more
        # hours a week, every other block in a smaller one.
        if tests and length >= 5 and (hours >= 3 or index % 2 == 1):
            kinds[-1] = CONTROL
        if (length >= 3 and grade >= 2 and subject.assessment == "marked"
                and (hours >= 2 or index % 2 == 0)):
            middle = length // 2
            special = _special_kind(subject, grade, index)
            if special is not None:
                kinds[middle] = special
        for step, kind in enumerate(kinds):
            rows.append((_topic_text(topic, kind, step, practice, grade), kind))
    for index in range(review):
        rows.append((f"Повторение: {used[index % len(used)]}", REVIEW))

    plan: list[PlannedLesson] = []
    for position, (text, kind) in enumerate(rows, start=1):
        plan.append(PlannedLesson(position, text, kind, homework.next(kind)))
    return plan


def _special_kind(subject: SubjectDef, grade: int, block: int) -> str | None:
    style = subject.homework
    if style == "russian":
        return DICTATION
    if style == "literature":
        return ESSAY if block % 2 == 1 else None
    if subject.name in ("Физика", "Химия", "Биология"):
        return LAB
    if subject.name in ("География", "Информатика", "Окружающий мир", "Труд (технология)"):
        return PRACTICAL
    if subject.tests:
        return SELF_STUDY
    return None


def _topic_text(topic: str, kind: str, step: int, practice: tuple[str, ...], grade: int) -> str:
    if kind == NEW:
        return topic
    if kind == CONTROL:
        return f"Контрольная работа по теме «{topic}»"
    if kind == DICTATION:
        return f"Диктант с грамматическим заданием по теме «{topic}»" if grade >= 5 else (
            f"Диктант по теме «{topic}»"
        )
    if kind == ESSAY:
        return f"Сочинение: {topic}"
    if kind == LAB:
        return f"Лабораторная работа по теме «{topic}»"
    if kind == PRACTICAL:
        return f"Практическая работа по теме «{topic}»"
    if kind == SELF_STUDY:
        return f"Самостоятельная работа по теме «{topic}»"
    return practice[(step - 1) % len(practice)].format(t=topic)


class Homework:
    """Planned homework with page, paragraph and exercise numbers that move on
    through the textbook as the year goes."""

    def __init__(self, subject: SubjectDef, grade: int, rng: random.Random) -> None:
        self.style = HW_NONE if grade == 1 else subject.homework
        self.grade = grade
        self.rng = rng
        self.page = rng.randint(4, 8)
        self.paragraph = 1
        self.exercise = rng.randint(1, 5)
        self.lesson = 0

    def next(self, kind: str) -> str:
        rng = self.rng
        self.lesson += 1
        self.page += rng.randint(2, 4)
        self.exercise += rng.randint(3, 7)
        if kind == NEW:
            self.paragraph += 1
        if self.style == HW_NONE or kind == CONTROL or rng.random() < 0.12:
            return ""
        p, page, ex = self.paragraph, self.page, self.exercise
        style = self.style
        if style == "russian":
            if self.grade <= 4:
                return rng.choice((f"с. {page}, упр. {ex}", f"с. {page}, упр. {ex}, {ex + 2}",
                                   f"Выучить правило на с. {page}, упр. {ex}"))
            return rng.choice((f"§ {p}, упр. {ex}", f"§ {p}, упр. {ex}–{ex + 2}",
                               f"Выучить правило § {p}, упр. {ex}"))
        if style == "reading":
            return rng.choice((f"с. {page}–{page + 3}, выразительное чтение",
                               f"с. {page}, ответить на вопросы",
                               f"с. {page}, выучить стихотворение наизусть"))
        if style == "literature":
            return rng.choice((f"Прочитать с. {page}–{page + 14}", f"Вопросы 1–4 на с. {page}",
                               "Выучить стихотворение наизусть", "Подготовить пересказ эпизода",
                               f"Ответить письменно на вопрос 5, с. {page}"))
        if style == "english":
            return rng.choice((f"Учебник с. {page}, упр. {ex % 12 + 1}",
                               f"РТ с. {page // 2}, упр. {ex % 8 + 1}",
                               f"Выучить слова на с. {page}",
                               f"с. {page}, упр. {ex % 10 + 1} (письменно)"))
        if style == "math":
            if self.grade <= 4:
                return rng.choice((f"с. {page}, № {ex % 9 + 1}, {ex % 9 + 3}",
                                   f"с. {page}, задача {ex % 7 + 1}"))
            return rng.choice((f"№ {ex * 3}, {ex * 3 + 2}, {ex * 3 + 5}",
                               f"п. {p}, № {ex * 3}–{ex * 3 + 4}"))
        if style == "algebra":
            return rng.choice((f"§ {p}, № {ex * 2}–{ex * 2 + 4}",
                               f"п. {p}, № {ex * 2}, {ex * 2 + 3}"))
        if style == "physics":
            return rng.choice((f"§ {p}, упр. {ex % 30 + 1} (1, 2)", f"§ {p}, вопросы на с. {page}",
                               f"§ {p}, задачи № {ex}, {ex + 1}"))
        if style == "geography":
            return rng.choice((f"§ {p}, вопросы 1–3 на с. {page}", f"§ {p}, контурная карта",
                               f"§ {p}, подготовить сообщение"))
        if style == "world":
            return rng.choice((f"с. {page}–{page + 3}, РТ с. {page // 2}, № {ex % 6 + 1}",
                               f"с. {page}, ответить на вопросы"))
        return rng.choice((f"§ {p}, вопросы 1–{rng.randint(3, 6)} на с. {page}",
                           f"§ {p}, пересказ", f"§ {p}, задание {ex % 5 + 1} на с. {page}"))
