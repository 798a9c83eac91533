"""The data behind the printed documents: summary sheet, bound journal, extracts.

The run's ``tiny`` demo school (one class, 5 «А», two weeks of journal; today
2026-11-18, tests/conftest.py) is copied once for this module; the expectations are
computed with plain queries here, independently of the code under test.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.errors import NotFound, PermissionDenied, ValidationError
from database.models import (
    Account,
    Attendance,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    SchoolClass,
    Staff,
    Student,
    TeachingAssignment,
)
from database.notation import ABSENCE_CODES
from database.paths import SchoolPaths
from database.queries.class_book import load_class_book, year_months
from database.queries.extract import load_class_extracts, load_extract, resolve_student
from database.queries.period_marks import weighted_average
from database.queries.summary import YEAR, load_summary, parse_class_name, resolve_class
from tests.conftest import copy_demo, open_demo

TODAY = date(2026, 11, 18)
DEVICE = uuid.UUID("00000000-0000-7000-8000-00000000d001")


def _clock() -> datetime:
    return datetime(2026, 11, 18, 15, 0)


@pytest.fixture(scope="module")
def session(
    demo_template: SchoolPaths, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Session]:
    engine = open_demo(copy_demo(demo_template, tmp_path_factory.mktemp("reports") / "school"))
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


@pytest.fixture(scope="module")
def admin() -> Actor:
    return Actor(role=Role.ADMIN, device_id=DEVICE, account_id=uuid.uuid4(), clock=_clock)


@pytest.fixture(scope="module")
def class_id(session: Session) -> uuid.UUID:
    return resolve_class(session, "5А")


def _teacher(session: Session, staff_id: uuid.UUID) -> Actor:
    return Actor(role=Role.TEACHER, device_id=DEVICE, account_id=uuid.uuid4(),
                 staff_id=staff_id, clock=_clock)


def _class_teacher(session: Session, class_id: uuid.UUID) -> Actor:
    school_class = session.get(SchoolClass, class_id)
    assert school_class is not None and school_class.class_teacher_id is not None
    return _teacher(session, school_class.class_teacher_id)


def _other_teacher(session: Session, class_id: uuid.UUID) -> Actor:
    school_class = session.get(SchoolClass, class_id)
    assert school_class is not None
    staff_id = session.execute(
        select(TeachingAssignment.teacher_id).where(
            TeachingAssignment.teacher_id != school_class.class_teacher_id
        )
    ).scalars().first()
    assert staff_id is not None
    return _teacher(session, staff_id)


# --- naming and lookups -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5А", (5, "А")), ("5 а", (5, "А")), ("5 «А»", (5, "А")), ("11-Б", (11, "Б")),
     # Latin look-alikes typed on an English layout mean the Cyrillic letters.
     ("10b", (10, "В")), ("5A", (5, "А"))],
)
def test_class_names_are_understood(text: str, expected: tuple[int, str]) -> None:
    assert parse_class_name(text) == expected


def test_unknown_class_and_bad_name_are_clear_errors(session: Session) -> None:
    with pytest.raises(NotFound, match="7 «Я»"):
        resolve_class(session, "7Я")
    with pytest.raises(ValidationError):
        parse_class_name("пятый")
    with pytest.raises(ValidationError, match="латинская"):
        parse_class_name("5F")


def test_student_found_by_login_and_by_name(session: Session) -> None:
    account = session.execute(
        select(Account).where(Account.role == "student")
    ).scalars().first()
    assert account is not None and account.student_id is not None
    assert resolve_student(session, account.login) == account.student_id
    student = session.get(Student, account.student_id)
    assert student is not None
    assert resolve_student(session, f"{student.surname} {student.name}") == student.id
    with pytest.raises(NotFound):
        resolve_student(session, "Несуществующий Ученик")


# --- the summary sheet --------------------------------------------------------------------


def test_summary_lists_the_year_roster_with_movers(
    session: Session, admin: Actor, class_id: uuid.UUID
) -> None:
    data = load_summary(session, admin, class_id)
    enrolled = set(session.execute(
        select(Enrolment.student_id).where(Enrolment.class_id == class_id)
    ).scalars())
    assert {s.id for s in data.students} == enrolled
    assert [s.number for s in data.students] == list(range(1, len(enrolled) + 1))
    notes = [s.note for s in data.students if s.note]
    assert any(n.startswith("выбыл") for n in notes)
    assert any(n.startswith("прибыл") for n in notes)
    assert [c.title for c in data.columns][-3:] == ["Год", "Экзамен", "Итог"]
    assert [c.title for c in data.columns][:4] == ["1 четв.", "2 четв.", "3 четв.", "4 четв."]


def test_summary_counts_missed_lessons_like_the_journal(
    session: Session, admin: Actor, class_id: uuid.UUID
) -> None:
    data = load_summary(session, admin, class_id)
    expected: Counter[uuid.UUID] = Counter()
    illness: Counter[uuid.UUID] = Counter()
    for student_id, code in session.execute(
        select(Attendance.student_id, Attendance.code)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .where(Lesson.cancelled.is_(False))
    ):
        if code in ABSENCE_CODES:
            expected[student_id] += 1
            illness[student_id] += code == "б"
    assert sum(expected.values()) > 0
    for student in data.students:
        assert data.missed_of(student.id, YEAR) == (expected[student.id], illness[student.id])
    # Every missed lesson falls in a period: the periods add up to the year.
    for student in data.students:
        by_period = sum(data.missed_of(student.id, c.key)[0] for c in data.columns
                        if not isinstance(c.key, str))
        assert by_period == expected[student.id]


def test_summary_shows_period_marks(
    session: Session, admin: Actor, class_id: uuid.UUID
) -> None:
    data = load_summary(session, admin, class_id)
    student, subject = data.students[1], data.subjects[0]
    period = data.columns[0]
    session.add(PeriodMark(student_id=student.id, subject_id=subject.id,
                           year_id=data.header.year_id, kind="period", period_id=period.key,
                           value="4", entered_at=datetime(2026, 10, 23, 14, 0)))
    session.add(PeriodMark(student_id=student.id, subject_id=subject.id,
                           year_id=data.header.year_id, kind="year", period_id=None,
                           value="5", entered_at=datetime(2026, 10, 23, 14, 0)))
    session.flush()
    try:
        again = load_summary(session, admin, class_id)
        assert again.mark(student.id, subject.id, period.key) == "4"
        assert again.mark(student.id, subject.id, YEAR) == "5"
        assert again.mark(data.students[0].id, subject.id, YEAR) == ""
    finally:
        session.rollback()


def test_summary_is_for_the_administration_and_the_class_teacher(
    session: Session, class_id: uuid.UUID
) -> None:
    load_summary(session, _class_teacher(session, class_id), class_id)
    with pytest.raises(PermissionDenied):
        load_summary(session, _other_teacher(session, class_id), class_id)
    parent = Actor(role=Role.PARENT, device_id=DEVICE, guardian_id=uuid.uuid4(), clock=_clock)
    with pytest.raises(PermissionDenied):
        load_summary(session, parent, class_id)


# --- the bound journal ----------------------------------------------------------------------


def test_class_book_has_every_journal_and_the_year_months(
    session: Session, admin: Actor, class_id: uuid.UUID
) -> None:
    book = load_class_book(session, admin, class_id)
    assignments = set(session.execute(
        select(TeachingAssignment.id).where(TeachingAssignment.class_id == class_id)
    ).scalars())
    assert {j.assignment.id for j in book.journals} == assignments
    assert book.months[0] == (2026, 9) and book.months[-1] == (2027, 5)
    assert len(book.months) == 9
    lessons = session.execute(
        select(Lesson.id).join(TeachingAssignment).where(TeachingAssignment.class_id == class_id)
    ).scalars().all()
    assert sum(len(j.lessons) for j in book.journals) == len(lessons)
    # The months add up to the summary's year totals.
    for student in book.students:
        by_month = sum(book.missed(student.id, m)[0] for m in book.months)
        assert by_month == book.summary.missed_of(student.id, YEAR)[0]
    codes = dict(book.attendance_legend)
    assert codes["б"] == "отсутствовал по болезни"


def test_class_book_is_for_the_administration_only(
    session: Session, class_id: uuid.UUID
) -> None:
    with pytest.raises(PermissionDenied):
        load_class_book(session, _class_teacher(session, class_id), class_id)


def test_year_months_cross_the_new_year() -> None:
    assert year_months(date(2026, 11, 5), date(2027, 2, 1)) == (
        (2026, 11), (2026, 12), (2027, 1), (2027, 2)
    )


# --- extracts ---------------------------------------------------------------------------------


def _sample_student(session: Session) -> uuid.UUID:
    """The student with the most marks (so the comparison says something)."""
    counts = Counter(session.execute(select(Mark.student_id)).scalars())
    return counts.most_common(1)[0][0]


def test_extract_holds_every_mark_and_absence_of_the_student(
    session: Session, admin: Actor
) -> None:
    student_id = _sample_student(session)
    first, last = date(2026, 11, 1), TODAY
    extract = load_extract(session, admin, student_id, first, last, issued_on=TODAY)
    assert extract.issued_on == TODAY
    expected_marks = sorted(
        (day, value) for day, value in session.execute(
            select(Lesson.date, Mark.value).join(Lesson, Lesson.id == Mark.lesson_id)
            .where(Mark.student_id == student_id, Lesson.date >= first, Lesson.date <= last)
        )
    )
    got_marks = sorted((m.day, m.value) for s in extract.subjects for m in s.marks)
    assert got_marks == expected_marks and got_marks
    expected_absences = sorted(
        (day, code) for day, code in session.execute(
            select(Lesson.date, Attendance.code)
            .join(Lesson, Lesson.id == Attendance.lesson_id)
            .where(Attendance.student_id == student_id, Lesson.date >= first,
                   Lesson.date <= last, Lesson.cancelled.is_(False))
        ) if code in ABSENCE_CODES
    )
    got_absences = sorted(a for s in extract.subjects for a in s.absences)
    assert got_absences == expected_absences
    assert extract.missed_total == len(expected_absences)
    for subject in extract.subjects:
        average = weighted_average((m.value, m.weight) for m in subject.marks)
        assert subject.average == (round(average, 2) if average is not None else None)


def test_class_batch_has_one_extract_per_student_present(
    session: Session, admin: Actor, class_id: uuid.UUID
) -> None:
    first, last = date(2026, 11, 16), TODAY
    extracts = load_class_extracts(session, admin, class_id, first, last)
    present = set(session.execute(
        select(Enrolment.student_id).where(
            Enrolment.class_id == class_id, Enrolment.start_date <= last,
            (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= first),
        )
    ).scalars())
    assert {e.student.id for e in extracts} == present
    assert [e.student.number for e in extracts] == sorted(e.student.number for e in extracts)


def test_extracts_for_the_class_teacher_not_for_other_teachers(
    session: Session, class_id: uuid.UUID
) -> None:
    first = date(2026, 11, 1)
    assert load_class_extracts(session, _class_teacher(session, class_id), class_id, first,
                               TODAY)
    with pytest.raises(PermissionDenied):
        load_class_extracts(session, _other_teacher(session, class_id), class_id, first, TODAY)
    with pytest.raises(ValidationError):
        load_class_extracts(session, _class_teacher(session, class_id), class_id, TODAY, first)


def test_extract_of_a_student_outside_any_class_is_not_found(
    session: Session, admin: Actor
) -> None:
    student_id = session.execute(select(Student.id)).scalars().first()
    assert student_id is not None
    with pytest.raises(NotFound):
        load_extract(session, admin, student_id, date(2020, 1, 1), date(2020, 2, 1))


def test_staff_names_in_the_header(session: Session, admin: Actor, class_id: uuid.UUID) -> None:
    data = load_summary(session, admin, class_id)
    school_class = session.get(SchoolClass, class_id)
    assert school_class is not None
    teacher = session.get(Staff, school_class.class_teacher_id)
    assert teacher is not None
    assert data.header.class_teacher_name.startswith(teacher.surname)
    assert data.header.class_name == "5 «А»"
    assert data.header.year_name == "2026/2027"
