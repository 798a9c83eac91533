"""Marks and attendance: the journal grid's cells (services/marks.py)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import save, verify_chain
from database.errors import NotFound, PermissionDenied, ReasonRequired, ValidationError
from database.models import Attendance, ChangeLog, Lesson, Mark, TeachingAssignment
from database.services import lessons
from database.services.marks import (
    NOT_ENROLLED,
    CellEntry,
    MarkInput,
    clear_cell,
    set_attendance,
    set_cell,
    set_cells,
    set_mark,
    set_mark_comment,
)
from tests.database.conftest import SmallSchool


def at(actor: Actor, moment: datetime) -> Actor:
    return replace(actor, clock=lambda: moment)


def log_rows(session: Session, table: str, record_id: uuid.UUID | None = None) -> list[ChangeLog]:
    stmt = select(ChangeLog).where(ChangeLog.table_name == table).order_by(ChangeLog.seq)
    if record_id is not None:
        stmt = stmt.where(ChangeLog.record_id == str(record_id))
    return list(session.execute(stmt).scalars())


def log_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()


def new_lesson(
    session: Session, school: SmallSchool, day: date, number: int = 1,
    assignment_id: uuid.UUID | None = None,
) -> uuid.UUID:
    lesson = Lesson(assignment_id=assignment_id or school.math_assignment_id, date=day,
                    lesson_number=number)
    save(session, school.system, lesson)
    return lesson.id


def marks_in(session: Session, lesson_id: uuid.UUID) -> list[tuple[uuid.UUID, int, str]]:
    return [
        (m.student_id, m.position, m.value)
        for m in session.execute(
            select(Mark).where(Mark.lesson_id == lesson_id).order_by(Mark.student_id,
                                                                    Mark.position)
        ).scalars()
    ]


# --- happy paths and the change log -----------------------------------------------------------


def test_set_cell_creates_a_mark_with_defaults_and_logs_it(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    student = s.student_ids[0]
    cell = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                    attendance=None, marks=[MarkInput("5")])
    assert cell.changed
    assert cell.attendance is None
    assert [(m.position, m.value, m.work_type, m.weight, m.late) for m in cell.marks] == [
        (1, "5", "Работа на уроке", 1.0, False)
    ]
    assert cell.marks[0].entered_at == datetime(2026, 11, 18, 10, 0)
    rows = log_rows(session, "mark")
    assert len(rows) == 1
    row = rows[0]
    assert row.operation == "upsert"
    assert row.author_id == str(s.math_teacher.account_id)
    assert row.parent_op is None
    assert row.reason is None
    fields = json.loads(row.fields)
    assert fields["value"] == "5"
    assert fields["position"] == 1
    assert fields["student_id"] == str(student)
    assert fields["lesson_id"] == str(s.math_lesson_today_id)
    assert fields["late"] is False
    assert verify_chain(session).ok


def test_update_logs_only_changed_fields_with_parent_op(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    student = s.student_ids[0]
    first = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                     attendance=None, marks=["5"])
    set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
             attendance=None, marks=["4"])
    rows = log_rows(session, "mark", first.marks[0].id)
    assert len(rows) == 2
    # The same clock: entered_at/by and late did not change, so only the value is logged.
    assert json.loads(rows[1].fields) == {"value": "4"}
    assert rows[1].parent_op == rows[0].op_id


def test_unchanged_cell_writes_nothing(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    student = s.student_ids[0]
    set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
             attendance="н", marks=["5", "4"])
    before = log_count(session)
    again = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                     attendance="n", marks=["5", "4"])
    assert not again.changed
    assert again.text == "н 5/4"
    assert log_count(session) == before


def test_clear_cell_logs_tombstones(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    student = s.student_ids[0]
    cell = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                    attendance="б", marks=["3"])
    mark_id = cell.marks[0].id
    cleared = clear_cell(session, s.math_teacher, s.math_lesson_today_id, student)
    assert cleared.changed and cleared.attendance is None and cleared.marks == ()
    assert session.get(Mark, mark_id) is None
    assert session.execute(select(func.count()).select_from(Attendance)).scalar_one() == 0
    mark_rows = log_rows(session, "mark", mark_id)
    assert [r.operation for r in mark_rows] == ["upsert", "delete"]
    assert mark_rows[1].parent_op == mark_rows[0].op_id
    assert json.loads(mark_rows[1].fields) == {}
    assert [r.operation for r in log_rows(session, "attendance")] == ["upsert", "delete"]
    assert verify_chain(session).ok


def test_two_marks_in_one_cell(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    student = s.student_ids[2]
    cell = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                    attendance=None,
                    marks=[MarkInput("5"), MarkInput("4", work_type="Диктант")])
    assert [(m.position, m.value) for m in cell.marks] == [(1, "5"), (2, "4")]
    assert cell.marks[1].work_type == "Диктант" and cell.marks[1].weight == 2.0
    assert cell.text == "5/4"
    one = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                   attendance=None, marks=["5"])
    assert [(m.position, m.value) for m in one.marks] == [(1, "5")]
    assert marks_in(session, s.math_lesson_today_id) == [(student, 1, "5")]
    with pytest.raises(ValidationError, match="не больше двух"):
        set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                 attendance=None, marks=["5", "4", "3"])


def test_latin_attendance_codes(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    for student, typed, code in zip(s.student_ids, ["n", "B", " op ", "u"],
                                    ["н", "б", "оп", "у"], strict=False):
        cell = set_cell(session, s.math_teacher, s.math_lesson_today_id, student,
                        attendance=typed)
        assert cell.attendance == code
    with pytest.raises(ValidationError, match="Неизвестное обозначение посещаемости"):
        set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance="x")


def test_mark_uses_the_lesson_work_type_and_custom_weight(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    lessons.update_lesson(session, s.math_teacher, s.math_lesson_today_id,
                          work_type="Контрольная работа", control_work=True)
    cell = set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                    attendance=None, marks=[MarkInput("4"), MarkInput("5", weight=3)])
    assert [(m.work_type, m.weight) for m in cell.marks] == [
        ("Контрольная работа", 2.0), ("Контрольная работа", 3.0)
    ]
    with pytest.raises(ValidationError, match="Вес"):
        set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=[MarkInput("4", weight=0)])
    with pytest.raises(ValidationError, match="вид работы"):
        set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=[MarkInput("4", work_type="Танец")])


def test_wrappers_keep_the_rest_of_the_cell(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    lesson, student = s.math_lesson_today_id, s.student_ids[0]
    set_attendance(session, s.math_teacher, lesson, student, "оп")
    cell = set_mark(session, s.math_teacher, lesson, student, "5")
    assert cell.text == "оп 5"
    cell = set_mark(session, s.math_teacher, lesson, student, "4", position=2)
    assert cell.text == "оп 5/4"
    cell = set_mark_comment(session, s.math_teacher, lesson, student, "Отличный ответ у доски")
    assert cell.marks[0].comment == "Отличный ответ у доски"
    assert cell.text == "оп 5/4"
    cell = set_mark(session, s.math_teacher, lesson, student, "3")
    assert cell.marks[0].comment == "Отличный ответ у доски"  # kept with the position
    cell = set_attendance(session, s.math_teacher, lesson, student, None)
    assert cell.text == "3/4"
    with pytest.raises(NotFound):
        set_mark_comment(session, s.math_teacher, lesson, s.student_ids[1], "нет оценки")


# --- who may write ----------------------------------------------------------------------------


def test_teacher_refused_on_another_teachers_lesson(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    with pytest.raises(PermissionDenied):
        set_cell(session, s.english_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=["5"])
    with pytest.raises(PermissionDenied):
        set_cell(session, s.math_teacher, s.english1_lesson_today_id, s.student_ids[0],
                 attendance="н")
    assert log_rows(session, "mark") == []


def test_unknown_lesson_is_not_found(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    with pytest.raises(NotFound, match="Урок не найден"):
        set_cell(session, s.admin, uuid.uuid4(), s.student_ids[0], attendance="н")
    entries = [
        CellEntry(s.math_lesson_today_id, s.student_ids[0], "н"),
        CellEntry(uuid.uuid4(), s.student_ids[1], "н"),
    ]
    with pytest.raises(NotFound) as error:
        set_cells(session, s.math_teacher, entries)
    assert error.value.message.startswith("Борисова Мария: Урок не найден")
    assert session.execute(select(func.count()).select_from(Attendance)).scalar_one() == 0


@pytest.mark.parametrize("who", ["student", "parent", "sysadmin", "parent_without_consent"])
def test_non_teachers_refused(session: Session, small_school: SmallSchool, who: str) -> None:
    s = small_school
    actor: Actor = getattr(s, who)
    with pytest.raises(PermissionDenied):
        set_cell(session, actor, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=["5"])
    with pytest.raises(PermissionDenied):
        clear_cell(session, actor, s.math_lesson_today_id, s.student_ids[0])


def test_substitute_may_edit_only_its_substituted_lesson(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    monday = new_lesson(session, s, date(2026, 11, 16))
    with pytest.raises(PermissionDenied):
        set_cell(session, s.other_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=["5"])
    lessons.set_substitution(session, s.math_teacher, s.math_lesson_today_id,
                             s.other_teacher_id, "болезнь учителя")
    cell = set_cell(session, s.other_teacher, s.math_lesson_today_id, s.student_ids[0],
                    attendance=None, marks=["5"])
    assert cell.marks[0].value == "5"
    assert log_rows(session, "mark")[-1].author_id == str(s.other_teacher.account_id)
    with pytest.raises(PermissionDenied):
        set_cell(session, s.other_teacher, monday, s.student_ids[0],
                 attendance=None, marks=["5"])
    with pytest.raises(PermissionDenied):
        set_cell(session, s.other_teacher, s.english1_lesson_today_id, s.student_ids[0],
                 attendance="н")


# --- what may be written ----------------------------------------------------------------------


def test_student_must_be_enrolled_on_the_lesson_date(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    left = s.student_ids[-1]  # left on 2026-11-10
    with pytest.raises(ValidationError) as error:
        set_cell(session, s.math_teacher, s.math_lesson_today_id, left,
                 attendance=None, marks=["5"])
    assert error.value.message == NOT_ENROLLED
    # Before leaving, the same student is in the class (the last day counts).
    last_day = new_lesson(session, s, date(2026, 11, 10))
    cell = set_cell(session, s.math_teacher, last_day, left, attendance="б")
    assert cell.attendance == "б"
    with pytest.raises(ValidationError, match="не числится"):
        set_cell(session, s.math_teacher, s.math_lesson_today_id, uuid.uuid4(),
                 attendance="н")


def test_group_journal_takes_only_group_members(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    in_group2 = s.student_ids[1]
    with pytest.raises(ValidationError, match="группу"):
        set_cell(session, s.english_teacher, s.english1_lesson_today_id, in_group2,
                 attendance=None, marks=["5"])
    cell = set_cell(session, s.english_teacher, s.english1_lesson_today_id, s.student_ids[0],
                    attendance=None, marks=["5"])
    assert cell.marks[0].value == "5"


def test_no_entries_on_cancelled_or_future_lessons(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    future = new_lesson(session, s, date(2026, 11, 23))
    with pytest.raises(ValidationError, match="ещё не наступил"):
        set_cell(session, s.math_teacher, future, s.student_ids[0], attendance="н")
    lessons.cancel_lesson(session, s.math_teacher, s.math_lesson_today_id, "карантин")
    with pytest.raises(ValidationError, match="отменён"):
        set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                 attendance=None, marks=["5"])
    # Clearing is always allowed.
    assert not clear_cell(session, s.math_teacher, s.math_lesson_today_id,
                          s.student_ids[0]).changed


def test_mark_values_come_from_the_settings(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    for bad in ("6", "0", "5/4", "", "пять"):
        with pytest.raises(ValidationError, match="Недопустимая оценка"):
            set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
                     attendance=None, marks=[bad])


def test_pass_fail_subject_takes_attendance_only(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    project_assignment = session.execute(
        select(TeachingAssignment.id).where(
            TeachingAssignment.subject_id == s.pe_pass_fail_id)
    ).scalar_one()
    lesson = new_lesson(session, s, date(2026, 11, 18), 3, project_assignment)
    with pytest.raises(ValidationError, match="оценки не ставятся"):
        set_cell(session, s.other_teacher, lesson, s.student_ids[0],
                 attendance=None, marks=["5"])
    cell = set_cell(session, s.other_teacher, lesson, s.student_ids[0], attendance="п")
    assert cell.attendance == "п"


# --- late entries and corrections -------------------------------------------------------------


def test_entry_after_the_lesson_day_is_flagged_late(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    monday = new_lesson(session, s, date(2026, 11, 16))
    cell = set_cell(session, s.math_teacher, monday, s.student_ids[0],
                    attendance="н", marks=["4"])
    assert cell.attendance_late and cell.marks[0].late
    same_day = set_cell(session, at(s.math_teacher, datetime(2026, 11, 18, 23, 59)),
                        s.math_lesson_today_id, s.student_ids[0], attendance="н")
    assert not same_day.attendance_late
    assert json.loads(log_rows(session, "mark")[-1].fields)["late"] is True


def test_closed_quarter_refuses_teacher_and_needs_admin_reason(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    old, student = s.math_lesson_old_id, s.student_ids[0]
    with pytest.raises(PermissionDenied) as refused:
        set_cell(session, s.math_teacher, old, student, attendance=None, marks=["5"])
    assert not isinstance(refused.value, ReasonRequired)
    assert "администрация" in refused.value.message
    assert "I четверть" in refused.value.message
    with pytest.raises(ReasonRequired, match="Укажите причину исправления"):
        set_cell(session, s.admin, old, student, attendance=None, marks=["5"])
    with pytest.raises(ReasonRequired):
        set_cell(session, s.admin, old, student, attendance=None, marks=["5"], reason="   ")
    assert log_rows(session, "mark") == []
    cell = set_cell(session, s.admin, old, student, attendance=None, marks=["5"],
                    reason="Служебная записка № 14 от 17.11.2026")
    assert cell.marks[0].late
    row = log_rows(session, "mark")[-1]
    assert row.reason == "Служебная записка № 14 от 17.11.2026"
    assert row.author_id == str(s.admin.account_id)


def test_correction_window_for_open_period(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    monday = new_lesson(session, s, date(2026, 11, 16))
    later = datetime(2026, 12, 10, 9, 0)  # 24 days after, the quarter still open
    with pytest.raises(PermissionDenied, match="администрация"):
        set_cell(session, at(s.math_teacher, later), monday, s.student_ids[0],
                 attendance=None, marks=["5"])
    with pytest.raises(ReasonRequired):
        set_cell(session, at(s.admin, later), monday, s.student_ids[0],
                 attendance=None, marks=["5"])
    within = datetime(2026, 11, 30, 9, 0)  # 14 days after: still the teacher's
    cell = set_cell(session, at(s.math_teacher, within), monday, s.student_ids[0],
                    attendance=None, marks=["5"])
    assert cell.marks[0].late


def test_unchanged_old_cell_needs_no_reason(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    set_cell(session, s.admin, s.math_lesson_old_id, s.student_ids[0], attendance="н",
             reason="исправление")
    same = set_cell(session, s.math_teacher, s.math_lesson_old_id, s.student_ids[0],
                    attendance="н")
    assert not same.changed


# --- set_cells: all or nothing ----------------------------------------------------------------


def test_set_cells_writes_nothing_if_one_entry_is_invalid(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    lesson = s.math_lesson_today_id
    before = log_count(session)
    entries = [
        CellEntry(lesson, s.student_ids[0], None, (MarkInput("5"),)),
        CellEntry(lesson, s.student_ids[1], "н"),
        CellEntry(lesson, s.student_ids[2], None, (MarkInput("6"),)),
    ]
    with pytest.raises(ValidationError) as error:
        set_cells(session, s.math_teacher, entries)
    assert error.value.message.startswith("Васильев Пётр, урок 18.11.2026:")
    assert log_count(session) == before
    assert marks_in(session, lesson) == []
    assert session.execute(select(func.count()).select_from(Attendance)).scalar_one() == 0


def test_set_cells_refuses_a_foreign_lesson_among_its_own(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    entries = [
        CellEntry(s.math_lesson_today_id, s.student_ids[0], "н"),
        CellEntry(s.english1_lesson_today_id, s.student_ids[0], "н"),
    ]
    with pytest.raises(PermissionDenied):
        set_cells(session, s.math_teacher, entries)
    assert session.execute(select(func.count()).select_from(Attendance)).scalar_one() == 0


def test_set_cells_range_fill(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    monday = new_lesson(session, s, date(2026, 11, 16))
    present = s.student_ids[:4]
    entries = [
        CellEntry(lesson, student, None, (MarkInput("4"),))
        for lesson in (monday, s.math_lesson_today_id)
        for student in present
    ]
    cells = set_cells(session, s.math_teacher, entries)
    assert len(cells) == 8 and all(c.changed for c in cells)
    assert len(marks_in(session, monday)) == 4
    assert len(log_rows(session, "mark")) == 8
    again = set_cells(session, s.math_teacher, entries)
    assert not any(c.changed for c in again)
    with pytest.raises(ValidationError, match="дважды"):
        set_cells(session, s.math_teacher, [entries[0], entries[0]])


def test_set_cells_correction_needs_one_reason(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    entries = [
        CellEntry(s.math_lesson_today_id, s.student_ids[0], "н"),
        CellEntry(s.math_lesson_old_id, s.student_ids[0], "н"),
    ]
    with pytest.raises(ReasonRequired):
        set_cells(session, s.admin, entries)
    assert session.execute(select(func.count()).select_from(Attendance)).scalar_one() == 0
    set_cells(session, s.admin, entries, reason="Исправление по приказу № 90")
    reasons = [r.reason for r in log_rows(session, "attendance")]
    assert reasons == ["Исправление по приказу № 90"] * 2
