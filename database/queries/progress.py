"""Progress of a class (успеваемость) by subject and period, from the period marks,
with the figures the established Russian systems print:

- N: students attested — students of the class on the period's last day, minus the
  exempt («осв.»); students who left before the period's end are not counted, nor
  students with no period mark yet (shown apart, «без отметки»);
- «2» counts «1» too; н/а (not attested) is counted in N;
- % успеваемости = (n5 + n4 + n3) / N · 100; % качества = (n5 + n4) / N · 100;
- СОУ (степень обученности) = (n5·100 + n4·64 + n3·36 + n2·16 + nн/а·7) / N;
- average mark: the mean of the numeric period marks (1–5).

Subjects assessed with marks only (pass/fail subjects have no such figures), and no
subject of a grade the school teaches without marks (``unmarked_grades``, grade 1 by
default: the journal refuses marks there, see :mod:`database.services.marks`). The
periods are the class's study periods ending inside the chosen range, and the year
when the range reaches the year's end. Lists per period: excellent students (only
«5»), with one «4» (the rest «5»), with one «3» (the rest «4» or «5»), failing or
not attested (any «2», «1» or н/а); and each student's weighted average of the
current marks against the period mark given (the journal's suggestion, rounded by the
school's threshold).

The administration: any class; a class teacher: its class.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.models import GroupMember, Lesson, Mark, PeriodMark, TeachingAssignment
from database.queries.period_marks import suggestion_of
from database.queries.summary import (
    ClassHeader,
    RosterStudent,
    SummarySubject,
    class_header,
    class_periods,
    class_roster,
    class_subjects,
    require_class_report,
)
from database.settings import load_settings

EXEMPT: Final = "осв."
NOT_ATTESTED: Final = "н/а"
SOU_WEIGHTS: Final = {"5": 100, "4": 64, "3": 36, "2": 16, NOT_ATTESTED: 7}

UNMARKED_NOTE: Final = (
    "Классы, обучающиеся без отметок (настройка школы «Классы без отметок», обычно 1-е), "
    "в успеваемость не входят."
)

LEGEND: Final[tuple[str, ...]] = (
    "N — число аттестуемых учеников: ученики класса на последний день периода, кроме "
    "освобождённых («осв.»); выбывшие до конца периода и ученики без итоговой отметки "
    "(графа «без отм.») не учитываются; не аттестованные (н/а) учитываются.",
    "«2» — отметки «2» и «1».",
    "% успеваемости = (n«5» + n«4» + n«3») / N × 100.",
    "% качества = (n«5» + n«4») / N × 100.",
    "СОУ (степень обученности учащихся) = (n«5»·100 + n«4»·64 + n«3»·36 + n«2»·16 + "
    "nн/а·7) / N.",
    "Средний балл — среднее арифметическое итоговых отметок 1–5 по предмету.",
    "Списки: отличники — только «5»; с одной «4» — одна «4», остальные «5»; с одной «3» — "
    "одна «3», остальные «4» и «5»; неуспевающие и не аттестованные — хотя бы одна «2», "
    "«1» или н/а (в скобках — предметы).",
    "Средний балл и итоговая отметка: средневзвешенное текущих отметок ученика по предмету "
    "за даты периода (вес — по виду работы), округлённое по правилу школы, и выставленная "
    "отметка за период; «расходится» — выставлена другая числовая отметка.",
    UNMARKED_NOTE,
)


@dataclass(frozen=True)
class Counts:
    n5: int = 0
    n4: int = 0
    n3: int = 0
    n2: int = 0
    not_attested: int = 0
    exempt: int = 0
    no_mark: int = 0
    mark_sum: int = 0  # of the numeric marks, for the average
    marks: int = 0

    @property
    def attested(self) -> int:
        """N."""
        return self.n5 + self.n4 + self.n3 + self.n2 + self.not_attested

    def _share(self, part: float) -> float | None:
        return round(part / self.attested, 1) if self.attested else None

    @property
    def success(self) -> float | None:
        return self._share(100.0 * (self.n5 + self.n4 + self.n3))

    @property
    def quality(self) -> float | None:
        return self._share(100.0 * (self.n5 + self.n4))

    @property
    def sou(self) -> float | None:
        return self._share(float(
            self.n5 * 100 + self.n4 * 64 + self.n3 * 36 + self.n2 * 16 + self.not_attested * 7))

    @property
    def average(self) -> float | None:
        return round(self.mark_sum / self.marks, 2) if self.marks else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.n5, self.n4, self.n3, self.n2, self.not_attested, self.exempt,
                self.no_mark, self.mark_sum, self.marks)


def count_marks(values: list[str]) -> Counts:
    """The counts of one subject's period marks ("" for a student with none yet)."""
    tally = Counter(values)
    numeric = [int(v) for v in values if v in ("1", "2", "3", "4", "5")]
    return Counts(
        n5=tally["5"], n4=tally["4"], n3=tally["3"], n2=tally["2"] + tally["1"],
        not_attested=tally[NOT_ATTESTED], exempt=tally[EXEMPT], no_mark=tally[""],
        mark_sum=sum(numeric), marks=len(numeric),
    )


@dataclass(frozen=True)
class SubjectProgress:
    subject: str
    counts: Counts


@dataclass(frozen=True)
class StudentLine:
    name: str
    subjects: tuple[str, ...]  # the «4», the «3», or the failing subjects


@dataclass(frozen=True)
class PeriodProgress:
    title: str  # «II четверть», «Год»
    end: date
    students: int  # in the class on the last day
    subjects: tuple[SubjectProgress, ...]
    excellent: tuple[StudentLine, ...]
    one_four: tuple[StudentLine, ...]
    one_three: tuple[StudentLine, ...]
    failing: tuple[StudentLine, ...]
    comparison: tuple[MarkComparison, ...] = ()  # study periods only, not the year
    kind: str = "period"  # or "year"
    subject_names: tuple[str, ...] = ()  # the short names, in the school's order

    @property
    def total(self) -> Counts:
        result = Counts()
        for line in self.subjects:
            result = result + line.counts
        return result


@dataclass(frozen=True)
class ClassProgress:
    header: ClassHeader
    first: date
    last: date
    periods: tuple[PeriodProgress, ...]
    generated_on: date
    unmarked: bool = False  # a grade taught without marks: no figures


@dataclass(frozen=True)
class MarkComparison:
    """A student's weighted average of the current marks in a subject over a period,
    the mark it rounds to by the school's rule, and the period mark given."""

    student: str
    subject: str
    marks: int
    average: float | None
    suggested: str  # "" without marks
    given: str  # "" not given yet

    @property
    def differs(self) -> bool:
        """A numeric period mark other than the rounded average."""
        return bool(self.suggested) and self.given.isdigit() and self.given != self.suggested


@dataclass
class ClassMarks:
    """The period marks of a class for the periods ending in a range, and who takes
    which subject on a day (a subject taught to groups only counts their students).
    Read once, in five statements, and shared by the class's report and the reports
    by teacher and by grade level (:mod:`database.queries.progress_scope`)."""

    header: ClassHeader
    unmarked: bool  # a grade taught without marks (the school's setting): nothing counted
    subjects: list[SummarySubject]
    columns: list[tuple[str, uuid.UUID | None, str, date, date]]  # title, id, kind, start, end
    roster: tuple[RosterStudent, ...]
    marks: dict[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None, str], str]
    groups_of: dict[uuid.UUID, set[uuid.UUID | None]]
    members: list[tuple[uuid.UUID, uuid.UUID, date, date | None]]

    def value(self, student_id: uuid.UUID, subject_id: uuid.UUID, period_id: uuid.UUID | None,
              kind: str) -> str:
        return self.marks.get((student_id, subject_id, period_id, kind), "")

    def in_group(self, student_id: uuid.UUID, group_id: uuid.UUID, day: date) -> bool:
        return any(g == group_id and s == student_id and start <= day and (e is None or day <= e)
                   for g, s, start, e in self.members)

    def takes(self, student_id: uuid.UUID, subject_id: uuid.UUID, day: date) -> bool:
        groups = self.groups_of.get(subject_id, set())
        return None in groups or any(
            g is not None and self.in_group(student_id, g, day) for g in groups)

    def values(self, subject_id: uuid.UUID, period_id: uuid.UUID | None, kind: str, end: date,
               group_id: uuid.UUID | None = None,
               whole_class: bool = False) -> list[tuple[RosterStudent, str]]:
        """The period marks of the students present on ``end`` ("" for none yet): of
        the group's students with ``group_id``; of everyone taking the subject, else
        (``whole_class``: of a whole-class journal, everyone present)."""
        result = []
        for student in self.roster:
            if not student.present_on(end):
                continue
            value = self.value(student.id, subject_id, period_id, kind)
            if group_id is not None:
                if not self.in_group(student.id, group_id, end):
                    continue
            elif not whole_class and not value and not self.takes(student.id, subject_id, end):
                continue
            result.append((student, value))
        return result


def read_class_marks(session: Session, header: ClassHeader, first: date,
                     last: date) -> ClassMarks:
    """:class:`ClassMarks` of the class for the periods ending ``first``…``last`` (and
    the year, when the range reaches the year's end)."""
    unmarked = header.grade in load_settings(session).unmarked_grades
    subjects = [] if unmarked else [
        s for s in class_subjects(session, header.class_id) if s.assessment == "marked"]
    columns: list[tuple[str, uuid.UUID | None, str, date, date]] = [
        (p.name, p.id, "period", p.start_date, p.end_date) for p in class_periods(session, header)
        if first <= p.end_date <= last
    ]
    if first <= header.year_end <= last:
        columns.append(("Год", None, "year", header.year_start, header.year_end))
    roster = class_roster(session, header)
    ids = [s.id for s in roster]
    marks: dict[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None, str], str] = {}
    if ids and subjects and columns:
        for student_id, subject_id, kind, period_id, value in session.execute(
            select(PeriodMark.student_id, PeriodMark.subject_id, PeriodMark.kind,
                   PeriodMark.period_id, PeriodMark.value)
            .where(PeriodMark.year_id == header.year_id, PeriodMark.student_id.in_(ids),
                   PeriodMark.kind.in_(("period", "year")))
        ):
            marks[(student_id, subject_id, period_id if kind == "period" else None, kind)] = value
    groups_of: dict[uuid.UUID, set[uuid.UUID | None]] = defaultdict(set)
    for subject_id, group_id in session.execute(
        select(TeachingAssignment.subject_id, TeachingAssignment.group_id)
        .where(TeachingAssignment.class_id == header.class_id)
    ):
        groups_of[subject_id].add(group_id)
    group_ids = {g for groups in groups_of.values() for g in groups if g is not None}
    members = [(g, s, start, end) for g, s, start, end in session.execute(
        select(GroupMember.group_id, GroupMember.student_id, GroupMember.start_date,
               GroupMember.end_date).where(GroupMember.group_id.in_(group_ids))
    )] if group_ids else []
    return ClassMarks(header, unmarked, subjects, columns, roster, marks, groups_of, members)


def _comparisons(session: Session, data: ClassMarks, start: date, end: date,
                 period_id: uuid.UUID, threshold: float) -> tuple[MarkComparison, ...]:
    """Average against period mark for each student present on ``end`` and subject."""
    present = [s for s in data.roster if s.present_on(end)]
    if not present or not data.subjects:
        return ()
    current: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[str, float]]] = defaultdict(list)
    for student_id, subject_id, value, weight in session.execute(
        select(Mark.student_id, TeachingAssignment.subject_id, Mark.value, Mark.weight)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(Mark.student_id.in_([s.id for s in present]),
               TeachingAssignment.year_id == data.header.year_id,
               Lesson.date >= start, Lesson.date <= end, Lesson.cancelled.is_(False))
    ):
        current[(student_id, subject_id)].append((value, weight))
    lines = []
    for student in present:
        for subject in data.subjects:
            given = data.value(student.id, subject.id, period_id, "period")
            got = current.get((student.id, subject.id), [])
            if not got and not given:
                continue
            suggestion = suggestion_of(got, threshold)
            lines.append(MarkComparison(student.short_name, subject.short_name,
                                        suggestion.count, suggestion.average,
                                        suggestion.suggested or "", given))
    return tuple(lines)


def load_progress(
    session: Session, actor: Actor, class_id: uuid.UUID, first: date, last: date, *,
    generated_on: date | None = None,
) -> ClassProgress:
    """The progress of the class in the periods ending ``first``…``last``."""
    require_class_report(session, actor, class_id)
    header = class_header(session, class_id)
    data = read_class_marks(session, header, first, last)
    threshold = load_settings(session).rounding_threshold
    periods: list[PeriodProgress] = []
    for title, period_id, kind, start, end in data.columns:
        present = [s for s in data.roster if s.present_on(end)]
        lines: list[SubjectProgress] = []
        per_student: dict[uuid.UUID, dict[str, str]] = {s.id: {} for s in present}
        for subject in data.subjects:
            values = data.values(subject.id, period_id, kind, end)
            for student, value in values:
                if value:
                    per_student[student.id][subject.short_name] = value
            lines.append(SubjectProgress(subject.name, count_marks([v for _, v in values])))
        excellent: list[StudentLine] = []
        one_four: list[StudentLine] = []
        one_three: list[StudentLine] = []
        failing: list[StudentLine] = []
        for student in present:
            got = per_student[student.id]
            graded = {name: v for name, v in got.items() if v != EXEMPT}
            name = student.short_name
            bad = sorted(n for n, v in graded.items() if v in ("1", "2", NOT_ATTESTED))
            if bad:
                failing.append(StudentLine(name, tuple(bad)))
                continue
            if not graded:
                continue
            fours = sorted(n for n, v in graded.items() if v == "4")
            threes = sorted(n for n, v in graded.items() if v == "3")
            if not fours and not threes:
                excellent.append(StudentLine(name, ()))
            elif len(fours) == 1 and not threes:
                one_four.append(StudentLine(name, tuple(fours)))
            elif len(threes) == 1:
                one_three.append(StudentLine(name, tuple(threes)))
        periods.append(PeriodProgress(
            title=title, end=end, students=len(present), subjects=tuple(lines),
            excellent=tuple(excellent), one_four=tuple(one_four),
            one_three=tuple(one_three), failing=tuple(failing),
            comparison=_comparisons(session, data, start, end, period_id, threshold)
            if period_id is not None else (),
            kind=kind, subject_names=tuple(s.short_name for s in data.subjects),
        ))
    return ClassProgress(header=header, first=first, last=last, periods=tuple(periods),
                         generated_on=generated_on or actor.now().date(),
                         unmarked=data.unmarked)


__all__ = [
    "LEGEND",
    "ClassMarks",
    "ClassProgress",
    "Counts",
    "MarkComparison",
    "PeriodProgress",
    "StudentLine",
    "SubjectProgress",
    "count_marks",
    "load_progress",
    "read_class_marks",
]
