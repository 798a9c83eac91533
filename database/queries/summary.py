"""The summary sheet (сводная ведомость) of one class and year, and what it shares with
the bound journal: the class's roster over the year and its missed lessons.

Everything is read in a fixed number of statements (no query per student or subject)
and returned as frozen dataclasses. Who may read: the administration, and the class
teacher of that class.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.collation import ru_name_key, ru_sort_key
from database.display_names import (
    class_title,
    class_title_of,
    full_name,
    full_name_of,
    short_name_of,
    surname_name,
)
from database.errors import NotFound, PermissionDenied, ValidationError
from database.models import (
    AcademicYear,
    Attendance,
    Enrolment,
    Lesson,
    PeriodMark,
    School,
    SchoolClass,
    Staff,
    Student,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from database.notation import ABSENCE_CODES
from database.permissions import is_class_teacher
from database.queries.journal import PeriodKey, _gendered
from database.services.journal_rules import overlaps_range
from database.validation import LATIN_LOOKALIKE_TO_CYRILLIC

ILLNESS_CODE: Final = "б"
YEAR: Final = "year"
EXAM: Final = "exam"
FINAL: Final = "final"
FINAL_KINDS: Final[tuple[tuple[str, str], ...]] = (
    (YEAR, "Год"),
    (EXAM, "Экзамен"),
    (FINAL, "Итог"),
)
PERIOD_KIND_SHORT: Final[dict[str, str]] = {
    "quarter": "четв.",
    "half": "полуг.",
    "trimester": "трим.",
}


# --- the class and its roster -----------------------------------------------------------------


@dataclass(frozen=True)
class ClassHeader:
    school_full_name: str
    school_short_name: str
    director_name: str  # «Александрова Лариса Юрьевна»
    class_id: uuid.UUID
    class_name: str  # «5 «А»»
    grade: int
    letter: str
    year_id: uuid.UUID
    year_name: str  # «2026/2027»
    year_start: date
    year_end: date
    class_teacher_name: str  # full name, or ""
    class_teacher_short: str  # «Павлова Л. Г.», or ""


@dataclass(frozen=True)
class StayGap:
    """A student left the class and was enrolled in it again later in the year."""

    left_on: date  # the last day before the gap
    left_order: str
    left_reason: str
    back_on: date  # the first day back
    back_order: str


@dataclass(frozen=True)
class RosterStudent:
    """A student of the class at some point of the year, in the journal's order."""

    id: uuid.UUID
    number: int
    surname: str
    name: str
    patronymic: str
    gender: str
    birth_date: date | None
    personal_file_no: str
    health_group: str
    pe_group: str
    arrived_on: date  # first day in the class
    arrived_order: str
    left_on: date | None
    left_order: str
    left_reason: str
    left_note: str  # «выбыла 10.11» or ""
    arrived_note: str  # «прибыл 12.11» (after the year began) or ""
    # Left and came back within the year: each gap between two stays, in order.
    gaps: tuple[StayGap, ...] = ()

    @property
    def short_name(self) -> str:
        """«Фамилия Имя», as in the journal grid."""
        return surname_name(self.surname, self.name)

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    @property
    def note(self) -> str:
        returns = ", ".join(
            f"{_gendered('выбыл', self.gender)} {gap.left_on:%d.%m}, "
            f"{_gendered('прибыл', self.gender)} {gap.back_on:%d.%m}" for gap in self.gaps)
        return ", ".join(n for n in (self.arrived_note, returns, self.left_note) if n)

    def present_on(self, day: date) -> bool:
        if any(gap.left_on < day < gap.back_on for gap in self.gaps):
            return False
        return self.arrived_on <= day and (self.left_on is None or day <= self.left_on)


@dataclass(frozen=True)
class Absence:
    student_id: uuid.UUID
    day: date
    code: str
    subject_id: uuid.UUID


def parse_class_name(text: str) -> tuple[int, str]:
    """«5А», «5 а», «5 «А»», «5-А» → (5, "А")."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[-\s«\"']*\s*([A-Za-zА-Яа-яЁё])\s*[»\"']?\s*", text)
    if match is None:
        raise ValidationError(f"Не понимаю название класса «{text}»: напишите, например, 5А.")
    letter = match.group(2).upper().translate(LATIN_LOOKALIKE_TO_CYRILLIC)
    if letter.isascii():
        raise ValidationError(
            f"Буква класса «{match.group(2)}» латинская: классы называются русскими буквами, "
            "например 5А (проверьте раскладку клавиатуры)."
        )
    return int(match.group(1)), letter


def resolve_class(session: Session, text: str, year_name: str | None = None) -> uuid.UUID:
    """The id of the class named ``text`` in the year ``year_name`` (default: current)."""
    grade, letter = parse_class_name(text)
    stmt = select(SchoolClass.id).join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
    if year_name:
        stmt = stmt.where(AcademicYear.name == year_name.strip())
    else:
        stmt = stmt.where(AcademicYear.is_current.is_(True))
    class_id = session.execute(stmt.where(SchoolClass.grade == grade,
                                          SchoolClass.letter == letter)).scalar()
    if class_id is None:
        year = f" в {year_name} учебном году" if year_name else " в текущем учебном году"
        others = session.execute(
            stmt.with_only_columns(SchoolClass.letter).where(SchoolClass.grade == grade)
            .order_by(SchoolClass.letter)
        ).scalars().all()
        known = (f". Есть: {', '.join(class_title(grade, other) for other in others)}"
                 if others else f" (и других {grade}-х классов тоже)")
        raise NotFound(f"Класса {class_title(grade, letter)}{year} нет{known}.")
    return class_id


def require_class_report(session: Session, actor: Actor, class_id: uuid.UUID) -> None:
    """Class documents (summary sheet, extracts): the administration and the class teacher."""
    if actor.role is Role.ADMIN or is_class_teacher(session, actor, class_id):
        return
    raise PermissionDenied(
        "Недостаточно прав: документы класса печатают администрация и классный руководитель."
    )


def class_header(session: Session, class_id: uuid.UUID) -> ClassHeader:
    row = session.execute(
        select(SchoolClass, AcademicYear, Staff)
        .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
        .outerjoin(Staff, Staff.id == SchoolClass.class_teacher_id)
        .where(SchoolClass.id == class_id)
    ).first()
    if row is None:
        raise NotFound("Класс не найден.")
    school_class, year, teacher = row
    school = session.execute(select(School)).scalars().first()
    return ClassHeader(
        school_full_name=school.full_name if school else "",
        school_short_name=school.short_name if school else "",
        director_name=school.director_name if school else "",
        class_id=school_class.id,
        class_name=class_title_of(school_class),
        grade=school_class.grade,
        letter=school_class.letter,
        year_id=year.id,
        year_name=year.name,
        year_start=year.start_date,
        year_end=year.end_date,
        class_teacher_name=(
            full_name_of(teacher) if teacher else ""
        ),
        class_teacher_short=(
            short_name_of(teacher) if teacher else ""
        ),
    )


def class_roster(
    session: Session, header: ClassHeader, date_from: date | None = None,
    date_to: date | None = None,
) -> tuple[RosterStudent, ...]:
    """Students of the class at some point of ``date_from``…``date_to`` (default: the year);
    one statement. A student who left and came back is one row, first arrival to last
    leaving, with the gaps between the stays."""
    first = date_from or header.year_start
    last = date_to or header.year_end
    stays: dict[uuid.UUID, tuple[Student, list[Enrolment]]] = {}
    for student, enrolment in session.execute(
        select(Student, Enrolment)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(
            Enrolment.class_id == header.class_id,
            overlaps_range(Enrolment.start_date, Enrolment.end_date, first, last),
        )
    ):
        stays.setdefault(student.id, (student, []))[1].append(enrolment)
    ordered = sorted(
        stays.values(),
        key=lambda s: (*ru_name_key(s[0].surname, s[0].name, s[0].patronymic), str(s[0].id)),
    )
    roster: list[RosterStudent] = []
    for number, (student, enrolments) in enumerate(ordered, start=1):
        enrolments.sort(key=lambda e: e.start_date)
        arrival, leaving = enrolments[0], enrolments[-1]
        gaps = tuple(
            StayGap(before.end_date, before.end_order, before.end_reason, after.start_date,
                    after.start_order)
            for before, after in pairwise(enrolments)
            if before.end_date is not None
            and after.start_date.toordinal() > before.end_date.toordinal() + 1
        )
        end = leaving.end_date
        roster.append(
            RosterStudent(
                id=student.id,
                number=number,
                surname=student.surname,
                name=student.name,
                patronymic=student.patronymic,
                gender=student.gender,
                birth_date=student.birth_date,
                personal_file_no=student.personal_file_no,
                health_group=student.health_group,
                pe_group=student.pe_group,
                arrived_on=arrival.start_date,
                arrived_order=arrival.start_order,
                left_on=end,
                left_order=leaving.end_order if end is not None else "",
                left_reason=leaving.end_reason if end is not None else "",
                left_note=(
                    f"{_gendered('выбыл', student.gender)} {end:%d.%m}" if end is not None else ""
                ),
                arrived_note=(
                    f"{_gendered('прибыл', student.gender)} {arrival.start_date:%d.%m}"
                    if arrival.start_date > header.year_start
                    else ""
                ),
                gaps=gaps,
            )
        )
    return tuple(roster)


def class_absences(
    session: Session, class_id: uuid.UUID, date_from: date, date_to: date
) -> tuple[Absence, ...]:
    """Every missed lesson (codes н, б, у, п; late arrival is not one) in the class's
    journals, whole class and groups; one statement."""
    rows = session.execute(
        select(Attendance.student_id, Lesson.date, Attendance.code,
               TeachingAssignment.subject_id)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(
            TeachingAssignment.class_id == class_id,
            Lesson.date >= date_from,
            Lesson.date <= date_to,
            Lesson.cancelled.is_(False),
            Attendance.code.in_(sorted(ABSENCE_CODES)),
        )
        .order_by(Lesson.date, Lesson.lesson_number)
    )
    return tuple(Absence(s, d, c, subj) for s, d, c, subj in rows)


# --- the summary sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class SummarySubject:
    id: uuid.UUID
    name: str
    short_name: str
    assessment: str  # marked | pass_fail


@dataclass(frozen=True)
class SummaryColumn:
    key: PeriodKey  # a study period's id, or "year" / "exam" / "final"
    title: str  # «1 четв.», «Год», «Экзамен», «Итог»
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class SummaryData:
    header: ClassHeader
    students: tuple[RosterStudent, ...]
    subjects: tuple[SummarySubject, ...]  # by the school's subject order
    columns: tuple[SummaryColumn, ...]  # study periods, then year, exam, final
    marks: Mapping[tuple[uuid.UUID, uuid.UUID, PeriodKey], str]  # (student, subject, key)
    # (student, period id or "year") → (missed lessons, of them for illness)
    missed: Mapping[tuple[uuid.UUID, PeriodKey], tuple[int, int]]
    generated_on: date

    def mark(self, student_id: uuid.UUID, subject_id: uuid.UUID, key: PeriodKey) -> str:
        return self.marks.get((student_id, subject_id, key), "")

    def missed_of(self, student_id: uuid.UUID, key: PeriodKey) -> tuple[int, int]:
        return self.missed.get((student_id, key), (0, 0))


def class_subjects(session: Session, class_id: uuid.UUID) -> tuple[SummarySubject, ...]:
    rows = session.execute(
        select(Subject)
        .join(TeachingAssignment, TeachingAssignment.subject_id == Subject.id)
        .where(TeachingAssignment.class_id == class_id, Subject.assessment != "none")
        .distinct()
    ).scalars()
    ordered = sorted(rows, key=lambda s: (s.sort_order, ru_sort_key(s.name), str(s.id)))
    return tuple(
        SummarySubject(s.id, s.name, s.short_name or s.name, s.assessment) for s in ordered
    )


def class_periods(session: Session, header: ClassHeader) -> list[StudyPeriod]:
    return list(
        session.execute(
            select(StudyPeriod)
            .where(
                StudyPeriod.year_id == header.year_id,
                StudyPeriod.grade_from <= header.grade,
                StudyPeriod.grade_to >= header.grade,
            )
            .order_by(StudyPeriod.start_date)
        ).scalars()
    )


def period_title(period: StudyPeriod) -> str:
    return f"{period.number} {PERIOD_KIND_SHORT.get(period.kind, '')}".strip()


def load_summary(
    session: Session, actor: Actor, class_id: uuid.UUID, *, generated_on: date | None = None
) -> SummaryData:
    """The summary sheet of one class for its year (six statements)."""
    require_class_report(session, actor, class_id)
    header = class_header(session, class_id)
    students = class_roster(session, header)
    subjects = class_subjects(session, class_id)
    periods = class_periods(session, header)
    columns = (
        *(SummaryColumn(p.id, period_title(p), p.start_date, p.end_date) for p in periods),
        *(SummaryColumn(kind, title) for kind, title in FINAL_KINDS),
    )
    marks: dict[tuple[uuid.UUID, uuid.UUID, PeriodKey], str] = {}
    ids = [s.id for s in students]
    if ids:
        for student_id, subject_id, kind, period_id, value in session.execute(
            select(PeriodMark.student_id, PeriodMark.subject_id, PeriodMark.kind,
                   PeriodMark.period_id, PeriodMark.value).where(
                PeriodMark.year_id == header.year_id, PeriodMark.student_id.in_(ids)
            )
        ):
            key: PeriodKey = period_id if kind == "period" and period_id is not None else kind
            marks[(student_id, subject_id, key)] = value
    missed: dict[tuple[uuid.UUID, PeriodKey], tuple[int, int]] = {}

    def add(student_id: uuid.UUID, key: PeriodKey, illness: bool) -> None:
        total, sick = missed.get((student_id, key), (0, 0))
        missed[(student_id, key)] = (total + 1, sick + (1 if illness else 0))

    for absence in class_absences(session, class_id, header.year_start, header.year_end):
        illness = absence.code == ILLNESS_CODE
        add(absence.student_id, YEAR, illness)
        for period in periods:
            if period.start_date <= absence.day <= period.end_date:
                add(absence.student_id, period.id, illness)
                break
    return SummaryData(
        header=header,
        students=students,
        subjects=subjects,
        columns=columns,
        marks=marks,
        missed=missed,
        generated_on=generated_on or actor.now().date(),
    )
