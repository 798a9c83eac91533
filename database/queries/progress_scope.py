"""Progress of the school by teacher and by grade level (the same figures as a class's
progress, :mod:`database.queries.progress`, summed): for the study periods ending in
a range, and the year when the range reaches its end.

- By teacher: each journal (class × subject, or a group) counts the students of the
  class — of the group, for a group's journal — on the period's last day, with the
  period marks in the journal's subject; the teacher's line sums its journals.
- By grade level: each subject of the grade sums its classes; the grade's line sums
  its subjects, as a class's «Итого по предметам» does.

N, the counts and the percentages follow :data:`database.queries.progress.LEGEND`.
Grades taught without marks (the school's ``unmarked_grades``) are left out. Periods
with the same name (the I четверть of grades 1–9) make one table.

By teacher: the administration every teacher; a teacher its own journals. By grade
level: the administration.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.collation import ru_name_key, ru_sort_key
from database.display_names import short_name
from database.errors import PermissionDenied, ValidationError
from database.models import (
    ClassGroup,
    School,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_admin
from database.queries.home import current_year
from database.queries.progress import ClassMarks, Counts, count_marks, read_class_marks
from database.queries.summary import class_header
from database.settings import load_settings

BY_TEACHER: Final = "teacher"
BY_GRADE: Final = "grade"


@dataclass(frozen=True)
class ProgressLine:
    name: str  # «Смирнова О. П.», «5 «А» · Математика», «5-е классы», «Математика»
    counts: Counts
    total: bool = False  # a teacher's or a grade's sum (printed bold)


@dataclass(frozen=True)
class ProgressTable:
    title: str  # «II четверть», «Год»
    end: date  # the latest last day of the periods of that name
    lines: tuple[ProgressLine, ...]


@dataclass(frozen=True)
class SchoolProgress:
    kind: str  # BY_TEACHER | BY_GRADE
    school_name: str
    year_name: str
    first: date
    last: date
    tables: tuple[ProgressTable, ...]
    unmarked_grades: tuple[int, ...]  # left out
    generated_on: date


def _scope(session: Session, actor: Actor, kind: str) -> uuid.UUID | None:
    """The teacher whose journals are counted (None: every journal)."""
    if kind == BY_GRADE:
        require_admin(actor, "просмотр успеваемости по параллелям")
        return None
    if actor.role is Role.ADMIN:
        return None
    if actor.role is Role.TEACHER and actor.staff_id is not None:
        return actor.staff_id
    raise PermissionDenied(
        "Недостаточно прав: успеваемость по учителям доступна администрации и учителям "
        "(по своим журналам).")


def load_school_progress(
    session: Session, actor: Actor, kind: str, first: date, last: date, *,
    generated_on: date | None = None,
) -> SchoolProgress:
    """The progress by teacher (``kind`` = :data:`BY_TEACHER`) or by grade level."""
    teacher = _scope(session, actor, kind)
    if last < first:
        raise ValidationError("Конец периода раньше его начала: проверьте даты.")
    year = current_year(session)
    school = session.execute(select(School).limit(1)).scalar()
    school_name = school.short_name if school else ""
    made = generated_on or actor.now().date()
    unmarked = tuple(sorted(load_settings(session).unmarked_grades))
    if year is None:
        return SchoolProgress(kind, school_name, "", first, last, (), unmarked, made)
    stmt = (
        select(TeachingAssignment, SchoolClass, Subject, Staff, ClassGroup.name)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.year_id == year.id, Subject.assessment == "marked",
               SchoolClass.grade.not_in(unmarked))
    )
    if teacher is not None:
        stmt = stmt.where(TeachingAssignment.teacher_id == teacher)
    assignments = session.execute(stmt).all()
    classes: dict[uuid.UUID, ClassMarks] = {}
    for _, school_class, *_ in assignments:
        if school_class.id not in classes:
            classes[school_class.id] = read_class_marks(
                session, class_header(session, school_class.id), first, last)
    # (title, the order of the table) → the line keys → counts
    ends: dict[str, date] = {}
    per_table: dict[str, dict[tuple[Any, ...], tuple[str, Counts, bool]]] = defaultdict(dict)
    seen: dict[str, set[tuple[uuid.UUID, uuid.UUID]]] = defaultdict(set)

    def add(title: str, order: tuple[Any, ...], name: str, counts: Counts,
            total: bool) -> None:
        lines = per_table[title]
        known = lines.get(order)
        lines[order] = (name, counts if known is None else known[1] + counts, total)

    for assignment, school_class, subject, staff, group_name in assignments:
        data = classes[school_class.id]
        for title, period_id, period_kind, _, end in data.columns:
            ends[title] = max(end, ends.get(title, end))
            if kind == BY_TEACHER:
                values = data.values(subject.id, period_id, period_kind, end,
                                     group_id=assignment.group_id, whole_class=True)
                counts = count_marks([v for _, v in values])
                who = (*ru_name_key(staff.surname, staff.name, staff.patronymic), str(staff.id))
                name = short_name(staff.surname, staff.name, staff.patronymic)
                add(title, (who, 0), name, counts, True)
                journal = f"{data.header.class_name} · {subject.name}" + (
                    f" ({group_name})" if group_name else "")
                add(title, (who, 1, school_class.grade, ru_sort_key(school_class.letter),
                            subject.sort_order, ru_sort_key(subject.name),
                            ru_sort_key(group_name or "")), journal, counts, False)
            else:
                # A subject of the class counts once, however many journals teach it.
                key = (school_class.id, subject.id)
                if key in seen[title]:
                    continue
                seen[title].add(key)
                counts = count_marks([v for _, v in data.values(subject.id, period_id,
                                                                period_kind, end)])
                grade = school_class.grade
                add(title, (grade, 0), f"{grade}-е классы", counts, True)
                add(title, (grade, 1, subject.sort_order, ru_sort_key(subject.name)),
                    subject.name, counts, False)

    tables = tuple(
        ProgressTable(title, ends[title], tuple(
            ProgressLine(name, counts, total)
            for _, (name, counts, total) in sorted(per_table[title].items(),
                                                   key=lambda item: item[0])))
        for title in sorted(per_table, key=lambda t: (ends[t], t == "Год", t))
    )
    return SchoolProgress(kind, school_name, year.name, first, last, tables, unmarked, made)


__all__ = [
    "BY_GRADE",
    "BY_TEACHER",
    "ProgressLine",
    "ProgressTable",
    "SchoolProgress",
    "load_school_progress",
]
