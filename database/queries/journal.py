"""The class journal as the grid shows it: one assignment, a range of dates.

:func:`load_journal` reads everything the journal window needs in a fixed number of
statements (at most eight, whatever the number of students and lessons: no query
per row or cell), and returns frozen dataclasses only, so the GUI never lazy-loads.

Who may read: see :func:`database.permissions.require_journal_read` (the
assignment's teacher, the class teacher, the administration, a teacher who
substituted one of its lessons).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session, aliased

from database.actor import Actor, Role
from database.collation import ru_name_key, ru_sort_key
from database.display_names import (
    class_title,
    class_title_of,
    full_name,
    short_name,
    surname_name,
    told_apart,
)
from database.ids import IdCache, raw_id
from database.journal_input import cell_text
from database.models import (
    AcademicYear,
    Attendance,
    ClassGroup,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Staff,
    Student,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_journal_read
from database.queries.lesson_missing import lesson_missing, misses_something
from database.services.journal_rules import overlaps_range

PeriodKey = uuid.UUID | str  # a study period's id, or "year" / "exam" / "final"


# --- what the journal is made of --------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentInfo:
    id: uuid.UUID
    year_id: uuid.UUID
    year_name: str
    class_id: uuid.UUID
    class_name: str  # «5 «А»»
    grade: int
    group_id: uuid.UUID | None
    group_name: str  # "" for the whole class
    subject_id: uuid.UUID
    subject_name: str
    subject_short_name: str
    assessment: str  # marked | pass_fail | none
    teacher_id: uuid.UUID
    teacher_name: str  # «Смирнова Ольга Петровна»
    teacher_short_name: str  # «Смирнова О. П.»

    @property
    def title(self) -> str:
        """«5 «А» · Английский язык (Английский, 1 гр.)»"""
        group = f" ({self.group_name})" if self.group_name else ""
        return f"{self.class_name} · {self.subject_name}{group}"


@dataclass(frozen=True)
class JournalStudent:
    id: uuid.UUID
    number: int  # 1, 2, 3… in the journal's order
    full_name: str  # «Фамилия Имя»
    enrolled_from: date
    left_on: date | None  # last day in the class (or group), None if still there
    left_note: str  # «выбыл 10.11», «выбыла 10.11» or ""
    arrived_note: str  # «прибыл 12.11» for an arrival after the year began, or ""
    # Every stay in the class (or group) within the journal's dates, in order: one for
    # most students; two or more for one who left and came back. Empty means the one
    # stay enrolled_from … left_on.
    spans: tuple[tuple[date, date | None], ...] = ()
    # «выбыл 10.10, прибыл 05.11» for each gap between stays, or ""
    returned_note: str = ""

    def present_on(self, day: date) -> bool:
        """Whether the student belongs to the journal on ``day``."""
        for start, end in self.spans or ((self.enrolled_from, self.left_on),):
            if start <= day and (end is None or day <= end):
                return True
        return False

    def present_throughout(self, first_day: date) -> bool:
        """In the journal from ``first_day`` on without a break (nothing to hatch)."""
        return (len(self.spans) <= 1 and self.left_on is None
                and self.enrolled_from <= first_day)

    @property
    def note(self) -> str:
        """Arrivals, gaps and leaving in the order they happened: «прибыл 12.09,
        выбыл 10.10, прибыл 05.11»."""
        return ", ".join(n for n in (self.arrived_note, self.returned_note, self.left_note)
                         if n)


@dataclass(frozen=True)
class JournalLesson:
    id: uuid.UUID
    date: date
    lesson_number: int
    topic: str
    plan_topic_id: uuid.UUID | None
    homework: str
    work_type: str
    control_work: bool
    conducted: bool
    cancelled: bool
    substitute_teacher_id: uuid.UUID | None
    substitute_name: str  # «Попова Е. В.» or ""
    substitution_reason: str
    homework_late: bool
    entries_late: bool  # some mark or attendance code was entered after the lesson day
    missing: frozenset[str]  # MISSING_* (database.queries.lesson_missing)


@dataclass(frozen=True)
class JournalMark:
    position: int
    value: str
    work_type: str
    weight: float
    comment: str
    late: bool


@dataclass(frozen=True)
class JournalCell:
    attendance: str | None
    attendance_late: bool
    marks: tuple[JournalMark, ...]

    @property
    def text(self) -> str:
        """As printed in the cell: ``н 5/4``, ``5``, ``оп``."""
        return cell_text(self.attendance, (m.value for m in self.marks))


@dataclass(frozen=True)
class PeriodInfo:
    id: uuid.UUID
    kind: str  # quarter | half | trimester
    number: int
    name: str
    start_date: date
    end_date: date
    closed: bool


@dataclass(frozen=True)
class JournalData:
    assignment: AssignmentInfo
    date_from: date
    date_to: date
    students: tuple[JournalStudent, ...]
    lessons: tuple[JournalLesson, ...]  # by date, then lesson number
    cells: Mapping[tuple[uuid.UUID, uuid.UUID], JournalCell]  # (student_id, lesson_id)
    period_marks: Mapping[tuple[uuid.UUID, PeriodKey], str]  # (student_id, period id|kind)
    periods: tuple[PeriodInfo, ...]  # of the class's grade, overlapping the range

    def cell(self, student_id: uuid.UUID, lesson_id: uuid.UUID) -> JournalCell | None:
        return self.cells.get((student_id, lesson_id))


@dataclass(frozen=True)
class JournalRef:
    """One journal the actor may open (for the journal picker)."""

    assignment_id: uuid.UUID
    year_id: uuid.UUID
    class_id: uuid.UUID
    class_name: str
    grade: int
    letter: str
    group_name: str
    subject_name: str
    teacher_name: str
    own: bool  # the actor teaches it (may edit it)

    @property
    def title(self) -> str:
        group = f" ({self.group_name})" if self.group_name else ""
        return f"{self.class_name} · {self.subject_name}{group}"


# --- small helpers ----------------------------------------------------------------------------


def _gendered(verb: str, gender: str) -> str:
    """«выбыл» → «выбыл», «выбыла» or «выбыл(а)» by the student's gender."""
    if gender == "m":
        return verb
    if gender == "f":
        return f"{verb}а"
    return f"{verb}(а)"


def _latest(a: date | None, b: date | None) -> date | None:
    """The later of two leaving dates, None ("still there") winning."""
    if a is None or b is None:
        return None
    return max(a, b)


def _joined_stays(stays: list[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Stays in date order, those that touch or overlap joined (a move between two
    groups of the class the next day is no gap); a real gap keeps two stays."""
    joined: list[tuple[date, date | None]] = []
    for start, end in sorted(stays, key=lambda stay: stay[0]):
        if joined:
            last_start, last_end = joined[-1]
            if last_end is None or start.toordinal() <= last_end.toordinal() + 1:
                joined[-1] = (last_start, _latest(last_end, end))
                continue
        joined.append((start, end))
    return joined


def _earliest_end(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


# --- the journal ------------------------------------------------------------------------------
#
# The journal is read as plain column rows, not ORM entities: a year of a big class is
# a few thousand marks and codes, and building an entity per row (identity map,
# instance state) and a UUID per id column cost several times more than the SQL
# itself. Ids come back as their stored bytes (``raw_id``) and one ``IdCache`` per read
# turns each distinct lesson or student id into a UUID once.


# The statements used on every opening are built once, here, and executed with their
# values bound (building these anew took a fifth of the whole read).

# The assignment and its class are the only entities read: the permission check then
# finds them in the session without a statement of its own.
_teacher = aliased(Staff)
_HEADER = (
    select(
        TeachingAssignment, SchoolClass, AcademicYear.name, AcademicYear.start_date,
        Subject.name, Subject.short_name, Subject.assessment,
        _teacher.surname, _teacher.name, _teacher.patronymic, ClassGroup.name,
    )
    .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
    .join(Subject, Subject.id == TeachingAssignment.subject_id)
    .join(_teacher, _teacher.id == TeachingAssignment.teacher_id)
    .join(AcademicYear, AcademicYear.id == TeachingAssignment.year_id)
    .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
    .where(TeachingAssignment.id == bindparam("assignment_id"))
)

# The assignment's lessons from date_from to date_to.
_IN_RANGE = and_(
    Lesson.assignment_id == bindparam("assignment_id"),
    Lesson.date >= bindparam("date_from"),
    Lesson.date <= bindparam("date_to"),
)

_substitute = aliased(Staff)
_LESSONS = (
    select(
        raw_id(Lesson.id).label("id"), Lesson.date, Lesson.lesson_number, Lesson.topic,
        raw_id(Lesson.plan_topic_id).label("plan_topic_id"), Lesson.homework,
        Lesson.work_type, Lesson.control_work, Lesson.conducted, Lesson.cancelled,
        raw_id(Lesson.substitute_teacher_id).label("substitute_teacher_id"),
        Lesson.substitution_reason, Lesson.homework_late,
        _substitute.surname.label("sub_surname"), _substitute.name.label("sub_name"),
        _substitute.patronymic.label("sub_patronymic"),
    )
    .outerjoin(_substitute, _substitute.id == Lesson.substitute_teacher_id)
    .where(_IN_RANGE)
    .order_by(Lesson.date, Lesson.lesson_number)
)

_MARKS = (
    select(
        raw_id(Mark.lesson_id), raw_id(Mark.student_id), Mark.position, Mark.value,
        Mark.work_type, Mark.weight, Mark.comment, Mark.late,
    )
    .join(Lesson, Lesson.id == Mark.lesson_id)
    .where(_IN_RANGE)
    .order_by(Mark.position)
)

_ATTENDANCE = (
    select(
        raw_id(Attendance.lesson_id), raw_id(Attendance.student_id), Attendance.code,
        Attendance.late,
    )
    .join(Lesson, Lesson.id == Attendance.lesson_id)
    .where(_IN_RANGE)
)


def load_journal(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    date_from: date,
    date_to: date,
) -> JournalData:
    """The journal of one assignment for ``date_from``…``date_to`` (inclusive)."""
    ids = IdCache()
    # 1. The journal's header.
    header = session.execute(_HEADER, {"assignment_id": assignment_id}).first()
    # 2. Permission (at most one more statement: "did this teacher substitute here?").
    require_journal_read(session, actor, assignment_id)
    assert header is not None  # require_journal_read raised NotFound otherwise
    (assignment, school_class, year_name, year_start, subject_name, subject_short_name,
     assessment, *teacher_names, group_name) = header
    info = AssignmentInfo(
        id=assignment.id,
        year_id=assignment.year_id,
        year_name=year_name,
        class_id=school_class.id,
        class_name=class_title_of(school_class),
        grade=school_class.grade,
        group_id=assignment.group_id,
        group_name=group_name or "",
        subject_id=assignment.subject_id,
        subject_name=subject_name,
        subject_short_name=subject_short_name,
        assessment=assessment,
        teacher_id=assignment.teacher_id,
        teacher_name=full_name(*teacher_names),
        teacher_short_name=short_name(*teacher_names),
    )

    # 3. Students present at some point in the range (and in the group, if any).
    students = _students(session, ids, assignment, year_start, date_from, date_to)

    # 4. Lessons with the substitute's name; 5. marks and 6. attendance codes.
    in_range = {"assignment_id": assignment_id, "date_from": date_from, "date_to": date_to}
    lesson_rows = list(session.execute(_LESSONS, in_range))
    marks = _marks(session, in_range)
    attendance = _attendance(session, in_range)
    cells = _cells(ids, marks, attendance, {s.id.bytes for s in students})  # see RawKey

    # A lesson is "kept" when any of its cells holds something, even the cell of a
    # student no longer in the range; "late" when any entry in it came late.
    kept_lessons = {lesson_id for _, lesson_id in marks.keys() | attendance.keys()}
    late_lessons = {key[1] for key, row in marks.items() if any(m.late for m in row)}
    late_lessons.update(key[1] for key, (_, late) in attendance.items() if late)
    today = actor.now().date()
    lessons = tuple(
        _journal_lesson(row, ids, today, kept_lessons, late_lessons) for row in lesson_rows
    )

    # 7. Study periods of the class's grade overlapping the range.
    periods = tuple(
        PeriodInfo(ids[period_id], kind, number, name, start, end, closed)
        for period_id, kind, number, name, start, end, closed in session.execute(
            select(
                raw_id(StudyPeriod.id), StudyPeriod.kind, StudyPeriod.number,
                StudyPeriod.name, StudyPeriod.start_date, StudyPeriod.end_date,
                StudyPeriod.closed,
            )
            .where(
                StudyPeriod.year_id == assignment.year_id,
                StudyPeriod.grade_from <= school_class.grade,
                StudyPeriod.grade_to >= school_class.grade,
                StudyPeriod.start_date <= date_to,
                StudyPeriod.end_date >= date_from,
            )
            .order_by(StudyPeriod.start_date)
        )
    )

    # 8. Period, year, exam and final marks of these students in this subject.
    period_marks: dict[tuple[uuid.UUID, PeriodKey], str] = {}
    if students:
        for student_id, kind, period_id, value in session.execute(
            select(raw_id(PeriodMark.student_id), PeriodMark.kind,
                   raw_id(PeriodMark.period_id), PeriodMark.value).where(
                PeriodMark.subject_id == assignment.subject_id,
                PeriodMark.year_id == assignment.year_id,
                PeriodMark.student_id.in_(_roster_ids(assignment, date_from, date_to)),
            )
        ):
            key: PeriodKey = ids[period_id] if kind == "period" and period_id is not None else kind
            period_marks[(ids[student_id], key)] = value

    return JournalData(
        assignment=info,
        date_from=date_from,
        date_to=date_to,
        students=students,
        lessons=lessons,
        cells=cells,
        period_marks=period_marks,
        periods=periods,
    )


# While reading, cells are keyed by the ids' stored bytes: ``bytes`` caches its hash, a
# UUID computes it in Python on every dict look-up, and a year of marks takes
# thousands of look-ups. The stored form of an id is always ``UUID.bytes`` (that is
# how ``UuidBlob`` stores it, and what the joins in SQL compare), so equal ids have
# equal bytes. Only the cells handed out are keyed by UUIDs.
RawKey = tuple[bytes, bytes]  # (student id, lesson id) as stored


def _marks(session: Session, in_range: dict[str, Any]) -> dict[RawKey, list[JournalMark]]:
    """The marks of the lessons in range, per cell, in position order."""
    marks: dict[RawKey, list[JournalMark]] = {}
    for lesson_id, student_id, position, value, work_type, weight, comment, late in (
        session.execute(_MARKS, in_range)
    ):
        mark = JournalMark(position, value, work_type, weight, comment, late)
        cell = marks.get((student_id, lesson_id))
        if cell is None:
            marks[(student_id, lesson_id)] = [mark]
        else:
            cell.append(mark)
    return marks


def _attendance(session: Session, in_range: dict[str, Any]) -> dict[RawKey, tuple[str, bool]]:
    """The attendance codes of the lessons in range: cell → (code, late)."""
    return {
        (student_id, lesson_id): (code, late)
        for lesson_id, student_id, code, late in session.execute(_ATTENDANCE, in_range)
    }


def _cells(
    ids: IdCache,
    marks: dict[RawKey, list[JournalMark]],
    attendance: dict[RawKey, tuple[str, bool]],
    student_ids: set[bytes],
) -> dict[tuple[uuid.UUID, uuid.UUID], JournalCell]:
    """The non-empty cells of the students in the journal (entries of a student
    outside the range stay out of the grid)."""
    cells: dict[tuple[uuid.UUID, uuid.UUID], JournalCell] = {}
    for key in marks.keys() | attendance.keys():
        student_id, lesson_id = key
        if student_id not in student_ids:
            continue
        code = attendance.get(key)
        cells[(ids[student_id], ids[lesson_id])] = JournalCell(
            attendance=code[0] if code is not None else None,
            attendance_late=code[1] if code is not None else False,
            marks=tuple(marks.get(key, ())),
        )
    return cells


def _roster_ids(
    assignment: TeachingAssignment, date_from: date, date_to: date
) -> Select[uuid.UUID]:
    """SQL: ids of the class's students present at some point in the range."""
    return select(Enrolment.student_id).where(
        Enrolment.class_id == assignment.class_id,
        overlaps_range(Enrolment.start_date, Enrolment.end_date, date_from, date_to),
    )


def _students(
    session: Session,
    ids: IdCache,
    assignment: TeachingAssignment,
    year_start: date,
    date_from: date,
    date_to: date,
) -> tuple[JournalStudent, ...]:
    stmt = (
        select(
            raw_id(Student.id), Student.surname, Student.name, Student.patronymic,
            Student.gender, Enrolment.start_date, Enrolment.end_date,
        )
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(
            Enrolment.class_id == assignment.class_id,
            overlaps_range(Enrolment.start_date, Enrolment.end_date, date_from, date_to),
        )
    )
    if assignment.group_id is not None:
        stmt = stmt.add_columns(GroupMember.start_date, GroupMember.end_date).join(
            GroupMember,
            and_(
                GroupMember.student_id == Student.id,
                GroupMember.group_id == assignment.group_id,
                overlaps_range(GroupMember.start_date, GroupMember.end_date, date_from,
                               date_to),
            ),
        )
    # student id → (surname, name, patronymic, gender) and every stay (first, last day)
    people: dict[uuid.UUID, tuple[str, str, str, str]] = {}
    stays: dict[uuid.UUID, list[tuple[date, date | None]]] = {}
    for row in session.execute(stmt):
        values: tuple[Any, ...] = tuple(row)
        student_id = ids[values[0]]
        start: date = values[5]
        end: date | None = values[6]
        if assignment.group_id is not None:
            start = max(start, values[7])
            end = _earliest_end(end, values[8])
            if end is not None and end < start:
                continue  # this group stay and this class stay do not meet
        people[student_id] = values[1:5]
        stays.setdefault(student_id, []).append((start, end))

    ordered = sorted(
        people.items(), key=lambda item: (*ru_name_key(*item[1][:3]), str(item[0]))
    )
    result: list[JournalStudent] = []
    for number, (student_id, (surname, name, _, gender)) in enumerate(ordered, start=1):
        spans = _joined_stays(stays[student_id])
        start, end = spans[0][0], spans[-1][1]
        left_note = f"{_gendered('выбыл', gender)} {end:%d.%m}" if end is not None else ""
        arrived_note = (
            f"{_gendered('прибыл', gender)} {start:%d.%m}" if start > year_start else ""
        )
        # Left and came back: each gap said as the paper journal says it.
        returned_note = ", ".join(
            f"{_gendered('выбыл', gender)} {gone:%d.%m}, "
            f"{_gendered('прибыл', gender)} {back:%d.%m}"
            for (_, gone), (back, _) in pairwise(spans)
            if gone is not None
        )
        result.append(
            JournalStudent(
                id=student_id,
                number=number,
                full_name=surname_name(surname, name),
                enrolled_from=start,
                left_on=end,
                left_note=left_note,
                arrived_note=arrived_note,
                spans=tuple(spans),
                returned_note=returned_note,
            )
        )
    return tuple(result)


def _journal_lesson(
    lesson: Row[*tuple[Any, ...]],
    ids: IdCache,
    today: date,
    kept: set[bytes],
    late: set[bytes],
) -> JournalLesson:
    lesson_id = ids[lesson.id]
    substitute_name = (
        short_name(lesson.sub_surname, lesson.sub_name or "", lesson.sub_patronymic or "")
        if lesson.sub_surname
        else ""
    )
    return JournalLesson(
        id=lesson_id,
        date=lesson.date,
        lesson_number=lesson.lesson_number,
        topic=lesson.topic,
        plan_topic_id=ids.optional(lesson.plan_topic_id),
        homework=lesson.homework,
        work_type=lesson.work_type,
        control_work=lesson.control_work,
        conducted=lesson.conducted,
        cancelled=lesson.cancelled,
        substitute_teacher_id=ids.optional(lesson.substitute_teacher_id),
        substitute_name=substitute_name,
        substitution_reason=lesson.substitution_reason,
        homework_late=lesson.homework_late,
        entries_late=lesson.id in late,
        missing=lesson_missing(
            held=lesson.date <= today, cancelled=lesson.cancelled, topic=lesson.topic,
            homework=lesson.homework, conducted=lesson.conducted,
            has_entries=lesson.id in kept,
        ),
    )


# --- the journal picker -----------------------------------------------------------------------


def _year_filter(session: Session, year_id: uuid.UUID | None) -> uuid.UUID | None:
    if year_id is not None:
        return year_id
    return session.execute(
        select(AcademicYear.id).where(AcademicYear.is_current.is_(True)).limit(1)
    ).scalar()


def list_journals(
    session: Session, actor: Actor, year_id: uuid.UUID | None = None
) -> list[JournalRef]:
    """The journals the actor may open, in class, subject, group order: all for the
    administration; for a teacher its own, every subject of the class it leads, and
    those where it substituted a lesson. Others get an empty list. ``year_id``
    defaults to the current school year."""
    if actor.role not in (Role.ADMIN, Role.TEACHER):
        return []
    if actor.role is Role.TEACHER and actor.staff_id is None:
        return []
    year = _year_filter(session, year_id)
    teacher = aliased(Staff)
    # Plain columns, not entities: the administration's list holds every journal of
    # the school and is read at each sign-in.
    stmt = (
        select(TeachingAssignment.id, TeachingAssignment.year_id,
               TeachingAssignment.teacher_id, SchoolClass.id, SchoolClass.grade,
               SchoolClass.letter, Subject.name, Subject.sort_order, teacher.surname,
               teacher.name, teacher.patronymic, ClassGroup.name)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(teacher, teacher.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
    )
    if year is not None:
        stmt = stmt.where(TeachingAssignment.year_id == year)
    if actor.role is Role.TEACHER:
        substituted = exists().where(
            Lesson.assignment_id == TeachingAssignment.id,
            Lesson.substitute_teacher_id == actor.staff_id,
        )
        stmt = stmt.where(
            or_(
                TeachingAssignment.teacher_id == actor.staff_id,
                SchoolClass.class_teacher_id == actor.staff_id,
                substituted,
            )
        )
    rows = session.execute(stmt).all()
    # Two teachers with the same surname and initials are named in full in the list.
    teachers = told_apart((row[2], short_name(row[8], row[9], row[10]),
                           full_name(row[8], row[9], row[10])) for row in rows)
    refs: list[tuple[tuple[int, str, int, str, str, str], JournalRef]] = []
    for (assignment_id, assignment_year, teacher_id, class_id, grade, letter, subject_name,
         sort_order, _surname, _name, _patronymic, group) in rows:
        group_name = group or ""
        ref = JournalRef(
            assignment_id=assignment_id,
            year_id=assignment_year,
            class_id=class_id,
            class_name=class_title(grade, letter),
            grade=grade,
            letter=letter,
            group_name=group_name,
            subject_name=subject_name,
            teacher_name=teachers[teacher_id],
            own=actor.role is Role.ADMIN or teacher_id == actor.staff_id,
        )
        order = (grade, ru_sort_key(letter), sort_order, ru_sort_key(subject_name),
                 ru_sort_key(group_name), str(assignment_id))
        refs.append((order, ref))
    refs.sort(key=lambda pair: pair[0])
    return [ref for _, ref in refs]


# --- lessons that still lack something --------------------------------------------------------


@dataclass(frozen=True)
class AttentionItem:
    """A held lesson that still lacks a topic, homework or any sign it was kept."""

    lesson_id: uuid.UUID
    assignment_id: uuid.UUID
    journal_title: str  # «5 «А» · Математика»
    date: date
    lesson_number: int
    missing: frozenset[str]


def lessons_needing_attention(
    session: Session, actor: Actor, date_from: date, date_to: date | None = None
) -> list[AttentionItem]:
    """Lessons from ``date_from`` to ``date_to`` (default: today) the actor keeps —
    its own journals and the lessons it substitutes; the administration sees all —
    that miss a topic, homework or attendance. One statement."""
    if actor.role not in (Role.ADMIN, Role.TEACHER):
        return []
    today = actor.now().date()
    last = min(date_to or today, today)
    kept = or_(
        exists().where(Mark.lesson_id == Lesson.id),
        exists().where(Attendance.lesson_id == Lesson.id),
    )
    stmt = (
        select(Lesson, kept.label("kept"), SchoolClass.grade, SchoolClass.letter,
               Subject.name, ClassGroup.name)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(
            Lesson.date >= date_from,
            Lesson.date <= last,
            Lesson.cancelled.is_(False),
            misses_something(kept),
        )
        .order_by(Lesson.date, Lesson.lesson_number)
    )
    if actor.role is Role.TEACHER:
        if actor.staff_id is None:
            return []
        stmt = stmt.where(
            or_(
                and_(TeachingAssignment.teacher_id == actor.staff_id,
                     Lesson.substitute_teacher_id.is_(None)),
                Lesson.substitute_teacher_id == actor.staff_id,
            )
        )
    items: list[AttentionItem] = []
    for lesson, was_kept, grade, letter, subject_name, group_name in session.execute(stmt):
        group = f" ({group_name})" if group_name else ""
        items.append(
            AttentionItem(
                lesson_id=lesson.id,
                assignment_id=lesson.assignment_id,
                journal_title=f"{class_title(grade, letter)} · {subject_name}{group}",
                date=lesson.date,
                lesson_number=lesson.lesson_number,
                missing=lesson_missing(
                    held=True, cancelled=False, topic=lesson.topic, homework=lesson.homework,
                    conducted=lesson.conducted, has_entries=bool(was_kept),
                ),
            )
        )
    return items
