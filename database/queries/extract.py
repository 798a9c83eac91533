"""Diary extracts (выписки): a student's marks, absences, averages and period marks
for a period or a date range, for families without a computer.

One student or a whole class at once, in a fixed number of statements either way.
Who may print: the administration, and the class teacher of the student's class.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import NotFound, ValidationError
from database.models import (
    Account,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    PeriodMark,
    Student,
    TeachingAssignment,
)
from database.queries.journal import PeriodKey
from database.queries.period_marks import weighted_average
from database.queries.summary import (
    FINAL_KINDS,
    ILLNESS_CODE,
    ClassHeader,
    RosterStudent,
    SummarySubject,
    class_absences,
    class_header,
    class_periods,
    class_roster,
    class_subjects,
    period_title,
    require_class_report,
)
from database.services.journal_rules import overlaps_range


@dataclass(frozen=True)
class ExtractMark:
    day: date
    value: str
    work_type: str
    weight: float


@dataclass(frozen=True)
class ExtractSubject:
    name: str
    marks: tuple[ExtractMark, ...]  # by date
    absences: tuple[tuple[date, str], ...]  # (day, code) of missed lessons
    average: float | None  # weighted, over the marks shown
    period_marks: tuple[tuple[str, str], ...]  # («1 четв.», «5»)

    @property
    def illness(self) -> int:
        return sum(1 for _, code in self.absences if code == ILLNESS_CODE)


@dataclass(frozen=True)
class StudentExtract:
    header: ClassHeader
    student: RosterStudent
    date_from: date
    date_to: date
    subjects: tuple[ExtractSubject, ...]
    issued_on: date

    @property
    def missed_total(self) -> int:
        return sum(len(s.absences) for s in self.subjects)

    @property
    def missed_illness(self) -> int:
        return sum(s.illness for s in self.subjects)


def _check_range(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise ValidationError("Начало периода выписки позже его конца.")


def load_class_extracts(
    session: Session,
    actor: Actor,
    class_id: uuid.UUID,
    date_from: date,
    date_to: date,
    *,
    student_ids: Iterable[uuid.UUID] | None = None,
    issued_on: date | None = None,
) -> tuple[StudentExtract, ...]:
    """Extracts of every student of the class present in the range (or of
    ``student_ids`` only), in the journal's order."""
    _check_range(date_from, date_to)
    require_class_report(session, actor, class_id)
    header = class_header(session, class_id)
    roster = class_roster(session, header, date_from, date_to)
    if student_ids is not None:
        wanted = set(student_ids)
        roster = tuple(s for s in roster if s.id in wanted)
    ids = [s.id for s in roster]
    subjects = class_subjects(session, class_id)
    if not ids:
        return ()

    # Which group journals a student belongs to (whole-class journals: everyone).
    assignments = session.execute(
        select(TeachingAssignment.id, TeachingAssignment.subject_id,
               TeachingAssignment.group_id).where(TeachingAssignment.class_id == class_id)
    ).all()
    group_subjects: dict[uuid.UUID, uuid.UUID] = {
        g: subject for _, subject, g in assignments if g is not None
    }
    whole_class = {subject for _, subject, g in assignments if g is None}
    member_of: dict[uuid.UUID, set[uuid.UUID]] = {}
    if group_subjects:
        for student_id, group_id in session.execute(
            select(GroupMember.student_id, GroupMember.group_id).where(
                GroupMember.group_id.in_(list(group_subjects)),
                GroupMember.student_id.in_(ids),
                overlaps_range(GroupMember.start_date, GroupMember.end_date, date_from,
                               date_to),
            )
        ):
            member_of.setdefault(student_id, set()).add(group_subjects[group_id])

    marks: dict[tuple[uuid.UUID, uuid.UUID], list[ExtractMark]] = {}
    for student_id, subject_id, day, value, work_type, weight in session.execute(
        select(Mark.student_id, TeachingAssignment.subject_id, Lesson.date, Mark.value,
               Mark.work_type, Mark.weight)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .where(
            TeachingAssignment.class_id == class_id,
            Lesson.date >= date_from,
            Lesson.date <= date_to,
            Mark.student_id.in_(ids),
        )
        .order_by(Lesson.date, Lesson.lesson_number, Mark.position)
    ):
        marks.setdefault((student_id, subject_id), []).append(
            ExtractMark(day, value, work_type, weight)
        )
    absences: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[date, str]]] = {}
    for absence in class_absences(session, class_id, date_from, date_to):
        absences.setdefault((absence.student_id, absence.subject_id), []).append(
            (absence.day, absence.code)
        )

    periods = [
        p for p in class_periods(session, header)
        if p.start_date <= date_to and p.end_date >= date_from
    ]
    period_keys: list[tuple[PeriodKey, str]] = [(p.id, period_title(p)) for p in periods]
    period_ids = {p.id for p in periods}
    covers_year_end = date_to >= header.year_end or date_to >= max(
        (p.end_date for p in periods), default=header.year_end
    )
    if covers_year_end:
        period_keys.extend(FINAL_KINDS)
    period_marks: dict[tuple[uuid.UUID, uuid.UUID, PeriodKey], str] = {}
    for student_id, subject_id, kind, period_id, value in session.execute(
        select(PeriodMark.student_id, PeriodMark.subject_id, PeriodMark.kind,
               PeriodMark.period_id, PeriodMark.value).where(
            PeriodMark.year_id == header.year_id,
            PeriodMark.student_id.in_(ids),
            or_(PeriodMark.kind != "period", PeriodMark.period_id.in_(period_ids)),
        )
    ):
        key: PeriodKey = period_id if kind == "period" and period_id is not None else kind
        period_marks[(student_id, subject_id, key)] = value

    issued = issued_on or actor.now().date()
    result: list[StudentExtract] = []
    for student in roster:
        lines: list[ExtractSubject] = []
        for subject in subjects:
            if not _attends(subject, student.id, whole_class, member_of, marks, absences):
                continue
            subject_marks = tuple(marks.get((student.id, subject.id), ()))
            average = weighted_average((m.value, m.weight) for m in subject_marks)
            lines.append(
                ExtractSubject(
                    name=subject.name,
                    marks=subject_marks,
                    absences=tuple(absences.get((student.id, subject.id), ())),
                    average=round(average, 2) if average is not None else None,
                    period_marks=tuple(
                        (title, period_marks[(student.id, subject.id, key)])
                        for key, title in period_keys
                        if (student.id, subject.id, key) in period_marks
                    ),
                )
            )
        result.append(
            StudentExtract(
                header=header,
                student=student,
                date_from=date_from,
                date_to=date_to,
                subjects=tuple(lines),
                issued_on=issued,
            )
        )
    return tuple(result)


def _attends(
    subject: SummarySubject,
    student_id: uuid.UUID,
    whole_class: set[uuid.UUID],
    member_of: dict[uuid.UUID, set[uuid.UUID]],
    marks: dict[tuple[uuid.UUID, uuid.UUID], list[ExtractMark]],
    absences: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[date, str]]],
) -> bool:
    return (
        subject.id in whole_class
        or subject.id in member_of.get(student_id, set())
        or (student_id, subject.id) in marks
        or (student_id, subject.id) in absences
    )


def student_class(
    session: Session, student_id: uuid.UUID, date_from: date, date_to: date
) -> uuid.UUID:
    """The class the student was in during the range (the latest stay if several)."""
    class_id = session.execute(
        select(Enrolment.class_id)
        .where(
            Enrolment.student_id == student_id,
            overlaps_range(Enrolment.start_date, Enrolment.end_date, date_from, date_to),
        )
        .order_by(Enrolment.start_date.desc())
        .limit(1)
    ).scalar()
    if class_id is None:
        raise NotFound("В эти даты ученик не числился ни в одном классе.")
    return class_id


def load_extract(
    session: Session,
    actor: Actor,
    student_id: uuid.UUID,
    date_from: date,
    date_to: date,
    *,
    issued_on: date | None = None,
) -> StudentExtract:
    """The extract of one student."""
    _check_range(date_from, date_to)
    class_id = student_class(session, student_id, date_from, date_to)
    extracts = load_class_extracts(
        session, actor, class_id, date_from, date_to, student_ids=[student_id],
        issued_on=issued_on,
    )
    if not extracts:
        raise NotFound("Ученик не найден в этом классе.")
    return extracts[0]


def resolve_student(session: Session, text: str) -> uuid.UUID:
    """A student by login («ivanov.pa») or by name («Иванов Пётр», full or part)."""
    wanted = text.strip()
    by_login = session.execute(
        select(Account.student_id).where(
            Account.login == wanted.lower(), Account.student_id.is_not(None)
        )
    ).scalar()
    if by_login is not None:
        return by_login
    parts = wanted.split()
    if not parts:
        raise ValidationError("Укажите ученика: логин или фамилию и имя.")
    candidates = session.execute(
        select(Student).where(Student.surname == parts[0])
    ).scalars().all()
    matching = [
        s for s in candidates
        if all(
            given.casefold() == actual.casefold()
            for given, actual in zip(parts[1:], (s.name, s.patronymic), strict=False)
        )
    ]
    if not matching:
        raise NotFound(f"Ученик «{wanted}» не найден.")
    if len(matching) > 1:
        raise ValidationError(
            f"Учеников «{wanted}» несколько: укажите логин или полное имя с отчеством."
        )
    return matching[0].id
