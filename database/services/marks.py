"""Marks and attendance: the cells of the journal grid.

Who may call what (enforced here, not only in the GUI):

- :func:`set_cell`, :func:`set_cells`, :func:`set_mark`, :func:`set_attendance`,
  :func:`set_mark_comment`, :func:`clear_cell` — admin; the teacher of the lesson's
  assignment; a teacher recorded as substituting that lesson (that lesson only).
- sysadmin, students and parents: none.

Rules:

- The student must be in the lesson's class on the lesson date (and in its group when
  the journal is a group's).
- No marks or attendance on a cancelled lesson or on a lesson that has not come yet.
  (Clearing a cell is not refused for these reasons, so stray entries can be removed.)
- Marks only in subjects assessed with marks (``pass_fail`` and ``none`` subjects keep
  attendance only); values from ``settings.mark_values``; at most two marks per cell
  (positions 1 and 2, written ``5/4``).
- Marks and attendance are due on the lesson day: later entries are saved with
  ``late=True``, never refused.
- A change on a lesson in a closed study period, or older than
  ``settings.correction_window_days``, is a correction: teachers are refused, the
  administration must give a reason, which goes into the change log.
- Unchanged values write nothing (no change-log rows).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from database import changelog
from database.actor import Actor
from database.display_names import surname_name
from database.errors import DomainError, NotFound, PermissionDenied, ValidationError
from database.journal_input import MAX_MARKS_PER_CELL, normalize_attendance
from database.models import (
    Attendance,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    SchoolClass,
    Student,
    Subject,
    TeachingAssignment,
)
from database.permissions import ASSIGNMENT_NOT_FOUND, LESSON_EDIT_DENIED, may_edit_lesson
from database.services.journal_rules import (
    check_correction_rights,
    clean_reason,
    closed_period_name,
    covers_day,
    format_day,
)
from database.settings import SchoolSettings, load_settings

MAX_COMMENT_LENGTH: Final = 1000
MAX_WEIGHT: Final = 10.0

NOT_ENROLLED = "Ученик не числится в классе на дату урока."


# --- what callers pass and get back -----------------------------------------------------------


@dataclass(frozen=True)
class MarkInput:
    """One mark of a cell. ``None`` means: for a mark already in that position keep
    what it has; for a new mark use the default (work type of the lesson or the
    school's default, the weight of the work type, no comment)."""

    value: str
    work_type: str | None = None
    weight: float | None = None
    comment: str | None = None


@dataclass(frozen=True)
class CellEntry:
    """One cell for :func:`set_cells` (a range fill or a paste)."""

    lesson_id: uuid.UUID
    student_id: uuid.UUID
    attendance: str | None
    marks: tuple[MarkInput, ...] = ()


@dataclass(frozen=True)
class MarkInfo:
    id: uuid.UUID
    position: int
    value: str
    work_type: str
    weight: float
    comment: str
    entered_at: datetime
    late: bool


@dataclass(frozen=True)
class CellInfo:
    lesson_id: uuid.UUID
    student_id: uuid.UUID
    attendance: str | None
    attendance_late: bool
    marks: tuple[MarkInfo, ...]
    changed: bool  # whether anything was written

    @property
    def text(self) -> str:
        """As printed: ``н 5/4``, ``5``, ``оп`` or ``""``."""
        marks = "/".join(m.value for m in self.marks)
        return " ".join(p for p in (self.attendance or "", marks) if p)


def _mark_info(mark: Mark) -> MarkInfo:
    return MarkInfo(
        id=mark.id,
        position=mark.position,
        value=mark.value,
        work_type=mark.work_type,
        weight=mark.weight,
        comment=mark.comment,
        entered_at=mark.entered_at,
        late=mark.late,
    )


# --- the lesson's current cells, read once per lesson -----------------------------------------
#
# Entering one mark is the commonest write of the whole program, and on a classroom PC
# SQLAlchemy's own work per statement costs far more than SQLite's. So the lesson is
# read as plain columns in one statement, together with everything its rules need
# (assignment, class, subject, the closed period its day falls in); then the rosters
# in one more, and the current marks and codes of just the cells being changed.


@dataclass(frozen=True)
class _LessonFacts:
    """A lesson with what the rules for its cells depend on."""

    id: uuid.UUID
    date: date
    cancelled: bool
    work_type: str
    subject_name: str
    assessment: str
    closed_period: str | None  # name of the closed study period containing the date
    class_id: uuid.UUID
    group_id: uuid.UUID | None


@dataclass
class _LessonCells:
    lesson: _LessonFacts
    class_roster: frozenset[uuid.UUID]
    group_roster: frozenset[uuid.UUID] | None
    # The current rows of the cells being changed (the students asked for).
    marks: dict[uuid.UUID, dict[int, Mark]]
    attendance: dict[uuid.UUID, Attendance]


NO_CLASS_OR_SUBJECT = "Класс или предмет этого урока не найден."

# The statements are built once, here, and executed with their values bound: building
# a statement like the first one anew costs more than running it.

# A lesson with its assignment, class, subject and the closed period its day falls in.
# Outer joins, so that a missing assignment, class or subject is told apart from a
# missing lesson.
_LESSON_FACTS = (
    select(
        Lesson.date, Lesson.cancelled, Lesson.work_type, Lesson.substitute_teacher_id,
        TeachingAssignment.id, TeachingAssignment.teacher_id, TeachingAssignment.group_id,
        SchoolClass.id, Subject.id, Subject.name, Subject.assessment,
        closed_period_name(SchoolClass.year_id, SchoolClass.grade, Lesson.date),
    )
    .select_from(Lesson)
    .outerjoin(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
    .outerjoin(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
    .outerjoin(Subject, Subject.id == TeachingAssignment.subject_id)
    .where(Lesson.id == bindparam("lesson_id"))
)

# Which of the students are in the class on the day, each with whether it is also in
# the group (always false for a whole-class journal: group_id is NULL then).
_ROSTERS = select(
    Enrolment.student_id,
    exists().where(
        GroupMember.group_id == bindparam("group_id"),
        GroupMember.student_id == Enrolment.student_id,
        covers_day(GroupMember.start_date, GroupMember.end_date, bindparam("day")),
    ),
).where(
    Enrolment.class_id == bindparam("class_id"),
    Enrolment.student_id.in_(bindparam("student_ids", expanding=True)),
    covers_day(Enrolment.start_date, Enrolment.end_date, bindparam("day")),
)

_CELL_MARKS = select(Mark).where(
    Mark.lesson_id == bindparam("lesson_id"),
    Mark.student_id.in_(bindparam("student_ids", expanding=True)),
)
_CELL_ATTENDANCE = select(Attendance).where(
    Attendance.lesson_id == bindparam("lesson_id"),
    Attendance.student_id.in_(bindparam("student_ids", expanding=True)),
)


def _lesson_facts(session: Session, actor: Actor, lesson_id: uuid.UUID) -> _LessonFacts:
    """Read the lesson and check the actor may edit it: the same refusals, in the
    same order, as loading the lesson, its assignment, class and subject one by one."""
    row = session.execute(_LESSON_FACTS, {"lesson_id": lesson_id}).first()
    if row is None:
        raise NotFound("Урок не найден (возможно, его удалили).")
    (day, cancelled, work_type, substitute_id, assignment_id, teacher_id, group_id,
     class_id, subject_id, subject_name, assessment, closed_period) = row
    if assignment_id is None:
        raise NotFound(ASSIGNMENT_NOT_FOUND)
    if not may_edit_lesson(actor, teacher_id, substitute_id):
        raise PermissionDenied(LESSON_EDIT_DENIED)
    if class_id is None or subject_id is None:
        raise NotFound(NO_CLASS_OR_SUBJECT)
    return _LessonFacts(lesson_id, day, cancelled, work_type, subject_name, assessment,
                        closed_period, class_id, group_id)


def _rosters(
    session: Session, lesson: _LessonFacts, student_ids: Collection[uuid.UUID]
) -> tuple[frozenset[uuid.UUID], frozenset[uuid.UUID] | None]:
    """Which of these students are in the lesson's class on its day, and (for a
    group's journal) which of those are also in the group."""
    rows = session.execute(
        _ROSTERS,
        {
            "class_id": lesson.class_id,
            "group_id": lesson.group_id,
            "day": lesson.date,
            "student_ids": list(student_ids),
        },
    ).all()
    class_roster = frozenset(student_id for student_id, _ in rows)
    if lesson.group_id is None:
        return class_roster, None
    return class_roster, frozenset(student_id for student_id, member in rows if member)


def _read_lesson_cells(
    session: Session, actor: Actor, lesson_id: uuid.UUID, student_ids: Collection[uuid.UUID]
) -> _LessonCells:
    """The lesson and the current cells of ``student_ids`` in it. The rows of the
    cells are entities: they are what gets changed and logged."""
    lesson = _lesson_facts(session, actor, lesson_id)
    class_roster, group_roster = _rosters(session, lesson, student_ids)
    cell_params = {"lesson_id": lesson_id, "student_ids": list(student_ids)}
    marks: dict[uuid.UUID, dict[int, Mark]] = {}
    for mark in session.execute(_CELL_MARKS, cell_params).scalars():
        marks.setdefault(mark.student_id, {})[mark.position] = mark
    attendance = {
        row.student_id: row for row in session.execute(_CELL_ATTENDANCE, cell_params).scalars()
    }
    return _LessonCells(lesson, class_roster, group_roster, marks, attendance)


# --- planning a cell: validate everything, write nothing --------------------------------------


@dataclass
class _MarkTarget:
    value: str
    work_type: str
    weight: float
    comment: str


@dataclass
class _CellPlan:
    cells: _LessonCells
    student_id: uuid.UUID
    attendance: str | None
    marks: list[_MarkTarget]
    # What to write, computed against the current rows.
    attendance_write: bool = False
    mark_deletes: list[Mark] = field(default_factory=list)
    mark_writes: list[tuple[int, Mark | None, _MarkTarget, bool]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.attendance_write or bool(self.mark_deletes) or bool(self.mark_writes)


def _as_input(mark: MarkInput | str) -> MarkInput:
    return MarkInput(mark) if isinstance(mark, str) else mark


def _resolve_mark(
    mark: MarkInput,
    existing: Mark | None,
    default_work_type: str,
    settings: SchoolSettings,
) -> _MarkTarget:
    value = mark.value.strip()
    if value not in settings.mark_values:
        raise ValidationError(
            f"Недопустимая оценка: «{value[:20]}». "
            f"Допустимы: {', '.join(settings.mark_values)}."
        )
    if mark.work_type is not None:
        work_type = mark.work_type.strip()
        if work_type not in settings.work_types:
            raise ValidationError(
                f"Неизвестный вид работы: «{work_type[:60]}». "
                f"Допустимы: {', '.join(settings.work_types)}."
            )
    elif existing is not None:
        work_type = existing.work_type
    else:
        work_type = default_work_type
    if mark.weight is not None:
        weight = float(mark.weight)
        if not 0 < weight <= MAX_WEIGHT:
            raise ValidationError(f"Вес оценки должен быть больше 0 и не больше {MAX_WEIGHT:g}.")
    elif existing is not None and existing.work_type == work_type:
        weight = existing.weight
    else:
        weight = settings.weight_of(work_type)
    if mark.comment is not None:
        comment = mark.comment.strip()
        if len(comment) > MAX_COMMENT_LENGTH:
            raise ValidationError(
                f"Комментарий к оценке: не больше {MAX_COMMENT_LENGTH} символов."
            )
    elif existing is not None:
        comment = existing.comment
    else:
        comment = ""
    return _MarkTarget(value, work_type, weight, comment)


def _plan_cell(
    actor: Actor,
    settings: SchoolSettings,
    cells: _LessonCells,
    student_id: uuid.UUID,
    attendance: str | None,
    marks: Sequence[MarkInput | str],
) -> _CellPlan:
    lesson = cells.lesson
    code = normalize_attendance(attendance or "", settings.attendance_codes)
    inputs = [_as_input(m) for m in marks]
    if len(inputs) > MAX_MARKS_PER_CELL:
        raise ValidationError("В одной клетке не больше двух оценок.")

    if code is not None or inputs:
        if lesson.cancelled:
            raise ValidationError(
                f"Урок {format_day(lesson.date)} отменён: оценки и посещаемость на нём "
                "не ставятся."
            )
        if lesson.date > actor.now().date():
            raise ValidationError(
                f"Урок {format_day(lesson.date)} ещё не наступил: оценки и посещаемость "
                "ставятся в день урока."
            )
        if student_id not in cells.class_roster:
            raise ValidationError(NOT_ENROLLED)
        if cells.group_roster is not None and student_id not in cells.group_roster:
            raise ValidationError("Ученик не входит в группу этого журнала на дату урока.")
    if inputs and lesson.assessment != "marked":
        raise ValidationError(
            f"По предмету «{lesson.subject_name}» оценки не ставятся: "
            "отмечается только посещаемость."
        )

    existing = cells.marks.get(student_id, {})
    default_work_type = lesson.work_type or settings.default_work_type
    targets = [
        _resolve_mark(mark, existing.get(position), default_work_type, settings)
        for position, mark in enumerate(inputs, start=1)
    ]
    plan = _CellPlan(cells, student_id, code, targets)

    current = cells.attendance.get(student_id)
    plan.attendance_write = (current.code if current is not None else None) != code
    for position, old in sorted(existing.items()):
        if position > len(targets):
            plan.mark_deletes.append(old)
    for position, target in enumerate(targets, start=1):
        row = existing.get(position)
        if row is None:
            plan.mark_writes.append((position, None, target, True))
            continue
        value_changed = row.value != target.value
        if value_changed or (row.work_type, row.weight, row.comment) != (
            target.work_type,
            target.weight,
            target.comment,
        ):
            plan.mark_writes.append((position, row, target, value_changed))
    return plan


def _check_plan_rights(
    actor: Actor, settings: SchoolSettings, plan: _CellPlan, reason: str | None
) -> None:
    if plan.changed:
        lesson = plan.cells.lesson
        check_correction_rights(
            actor,
            lesson.date,
            lesson.closed_period,
            reason,
            window_days=settings.correction_window_days,
        )


# --- writing a planned cell -------------------------------------------------------------------


def _write(session: Session, actor: Actor, plan: _CellPlan, reason: str | None) -> CellInfo:
    cells = plan.cells
    lesson = cells.lesson
    student_id = plan.student_id
    why = clean_reason(reason)
    now = actor.now()
    late = now.date() > lesson.date

    if plan.attendance_write:
        row = cells.attendance.get(student_id)
        if plan.attendance is None:
            if row is not None:
                changelog.delete(session, actor, row, reason=why)
                del cells.attendance[student_id]
        else:
            if row is None:
                row = Attendance(lesson_id=lesson.id, student_id=student_id)
                cells.attendance[student_id] = row
            row.code = plan.attendance
            row.entered_by = actor.account_id
            row.entered_at = now
            row.late = late
            changelog.save(session, actor, row, reason=why)

    current = cells.marks.setdefault(student_id, {})
    for gone in plan.mark_deletes:
        changelog.delete(session, actor, gone, reason=why)
        del current[gone.position]
    for position, existing, target, restamp in plan.mark_writes:
        mark = existing
        if mark is None:
            mark = Mark(lesson_id=lesson.id, student_id=student_id, position=position)
            current[position] = mark
        mark.value = target.value
        mark.work_type = target.work_type
        mark.weight = target.weight
        mark.comment = target.comment
        if restamp:
            mark.entered_by = actor.account_id
            mark.entered_at = now
            mark.late = late
        changelog.save(session, actor, mark, reason=why)
    return _cell_info(plan.cells, student_id, changed=plan.changed)


def _cell_info(cells: _LessonCells, student_id: uuid.UUID, *, changed: bool) -> CellInfo:
    row = cells.attendance.get(student_id)
    marks = cells.marks.get(student_id, {})
    return CellInfo(
        lesson_id=cells.lesson.id,
        student_id=student_id,
        attendance=row.code if row is not None else None,
        attendance_late=row.late if row is not None else False,
        marks=tuple(_mark_info(marks[p]) for p in sorted(marks)),
        changed=changed,
    )


# --- the public entry points ------------------------------------------------------------------


def set_cell(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    student_id: uuid.UUID,
    *,
    attendance: str | None,
    marks: Sequence[MarkInput | str] = (),
    reason: str | None = None,
) -> CellInfo:
    """Make the cell hold exactly this attendance code (None: none) and these 0–2
    marks (positions 1 and 2). Latin attendance keys are accepted (``n`` → ``н``)."""
    cells = _read_lesson_cells(session, actor, lesson_id, (student_id,))
    return _set_cell_in(session, actor, cells, student_id, attendance, marks, reason)


def _set_cell_in(
    session: Session,
    actor: Actor,
    cells: _LessonCells,
    student_id: uuid.UUID,
    attendance: str | None,
    marks: Sequence[MarkInput | str],
    reason: str | None,
) -> CellInfo:
    """:func:`set_cell` on cells already read."""
    settings = load_settings(session)
    plan = _plan_cell(actor, settings, cells, student_id, attendance, marks)
    _check_plan_rights(actor, settings, plan, reason)
    return _write(session, actor, plan, reason)


def set_cells(
    session: Session,
    actor: Actor,
    entries: Sequence[CellEntry],
    reason: str | None = None,
) -> list[CellInfo]:
    """:func:`set_cell` for many cells at once (a range fill, a paste): every entry
    is checked first and nothing is written if any one is refused. The error names
    the student and the lesson it is about."""
    settings = load_settings(session)
    students_of: dict[uuid.UUID, set[uuid.UUID]] = {}  # lesson → its cells' students
    for entry in entries:
        students_of.setdefault(entry.lesson_id, set()).add(entry.student_id)
    by_lesson: dict[uuid.UUID, _LessonCells] = {}
    plans: list[_CellPlan] = []
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for entry in entries:
        key = (entry.lesson_id, entry.student_id)
        if key in seen:
            raise ValidationError("Одна и та же клетка указана дважды.")
        seen.add(key)
        try:
            cells = by_lesson.get(entry.lesson_id)
            if cells is None:
                cells = _read_lesson_cells(
                    session, actor, entry.lesson_id, students_of[entry.lesson_id]
                )
                by_lesson[entry.lesson_id] = cells
            plan = _plan_cell(
                actor, settings, cells, entry.student_id, entry.attendance, entry.marks
            )
            _check_plan_rights(actor, settings, plan, reason)
        except DomainError as error:
            raise _located(session, error, entry, by_lesson.get(entry.lesson_id)) from error
        plans.append(plan)
    return [_write(session, actor, plan, reason) for plan in plans]


def _located(
    session: Session, error: DomainError, entry: CellEntry, cells: _LessonCells | None
) -> DomainError:
    """The same error, its message prefixed with the student and the lesson."""
    where: list[str] = []
    student = session.get(Student, entry.student_id)
    if student is not None:
        where.append(surname_name(student.surname, student.name))
    if cells is not None:
        where.append(f"урок {format_day(cells.lesson.date)}")
    if not where:
        return error
    return type(error)(f"{', '.join(where)}: {error.message}")


def _current_inputs(cells: _LessonCells, student_id: uuid.UUID) -> list[MarkInput]:
    """The cell's marks as inputs that keep everything as it is."""
    current = cells.marks.get(student_id, {})
    return [MarkInput(current[p].value) for p in sorted(current)]


def _current_code(cells: _LessonCells, student_id: uuid.UUID) -> str | None:
    row = cells.attendance.get(student_id)
    return row.code if row is not None else None


def set_mark(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    student_id: uuid.UUID,
    value: str,
    *,
    position: int = 1,
    work_type: str | None = None,
    weight: float | None = None,
    comment: str | None = None,
    reason: str | None = None,
) -> CellInfo:
    """Put one mark in a cell, keeping its attendance and its other mark. Position 2
    adds (or replaces) the second mark; a cell without a first mark gets it as its
    first."""
    if position not in (1, 2):
        raise ValidationError("В клетке два места для оценок: 1 и 2.")
    cells = _read_lesson_cells(session, actor, lesson_id, (student_id,))
    marks = _current_inputs(cells, student_id)
    new = MarkInput(value, work_type, weight, comment)
    if position <= len(marks):
        marks[position - 1] = new
    else:
        marks.append(new)
    return _set_cell_in(
        session, actor, cells, student_id, _current_code(cells, student_id), marks, reason
    )


def set_attendance(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    student_id: uuid.UUID,
    code: str | None,
    *,
    reason: str | None = None,
) -> CellInfo:
    """Set (or with None/"" remove) the attendance code, keeping the marks."""
    cells = _read_lesson_cells(session, actor, lesson_id, (student_id,))
    return _set_cell_in(
        session, actor, cells, student_id, code, _current_inputs(cells, student_id), reason
    )


def set_mark_comment(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    student_id: uuid.UUID,
    comment: str,
    *,
    position: int = 1,
    reason: str | None = None,
) -> CellInfo:
    """The comment for parents on one mark of the cell."""
    cells = _read_lesson_cells(session, actor, lesson_id, (student_id,))
    marks = _current_inputs(cells, student_id)
    if not 1 <= position <= len(marks):
        raise NotFound("В этой клетке нет такой оценки: комментарий не к чему добавить.")
    marks[position - 1] = MarkInput(marks[position - 1].value, comment=comment)
    return _set_cell_in(
        session, actor, cells, student_id, _current_code(cells, student_id), marks, reason
    )


def clear_cell(
    session: Session,
    actor: Actor,
    lesson_id: uuid.UUID,
    student_id: uuid.UUID,
    *,
    reason: str | None = None,
) -> CellInfo:
    """Remove the cell's attendance and marks (logged as tombstones)."""
    return set_cell(
        session, actor, lesson_id, student_id, attendance=None, marks=(), reason=reason
    )
