"""The tiny demo school: internal consistency of everything the generator writes."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from database.changelog import canonical_json, column_values, init_local_meta, verify_chain
from database.demo import DEMO_PASSWORDS, DemoSchool, populate_demo
from database.demo.names import LOGIN_PATTERN, patronymic, surname_for
from database.engine import make_engine
from database.keyslots import new_data_key
from database.models import (
    SYNCED_TABLES,
    AcademicYear,
    Account,
    Attendance,
    Base,
    Bell,
    ChangeLog,
    Consent,
    Enrolment,
    GroupMember,
    Guardian,
    Holiday,
    Lesson,
    Mark,
    PlanTopic,
    SchoolClass,
    Setting,
    Staff,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from tests.conftest import DEMO_TODAY, DemoTemplate, copy_demo, open_demo

TODAY = DEMO_TODAY  # the shared tiny school's "today", a Wednesday of the second quarter
DEVICE = uuid.UUID("00000000-0000-4000-8000-00000000d3e0")


def _engine(folder: Path) -> Engine:
    """The production engine (foreign keys on, real transactions) on a new database."""
    engine = make_engine(folder / "school.db", new_data_key())
    Base.metadata.create_all(engine)
    return engine


def build(folder: Path, seed: int = 1, today: date = TODAY,
          size: str = "tiny") -> tuple[Session, DemoSchool]:
    """The demo generated into a new database in ``folder`` (close it with
    :func:`close`)."""
    folder.mkdir(parents=True, exist_ok=True)
    session = Session(_engine(folder))
    init_local_meta(session, DEVICE)
    school = populate_demo(session, DEVICE, size=size, seed=seed, today=today)
    session.commit()
    return session, school


def close(session: Session) -> None:
    """Close a session made by :func:`build` and its engine."""
    bind = session.get_bind()
    session.close()
    assert isinstance(bind, Engine)
    bind.dispose()


@pytest.fixture(scope="module")
def tiny(
    tiny_demo: DemoTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Session, DemoSchool]]:
    """The run's tiny demo school (tests/conftest.py: ``install_demo``, seed 1, today
    2026-11-18, on the production engine), a copy of it for this module."""
    engine = open_demo(copy_demo(tiny_demo.paths, tmp_path_factory.mktemp("tiny") / "school"))
    session = Session(engine)
    yield session, tiny_demo.school
    session.close()
    engine.dispose()


@pytest.fixture(scope="module")
def db(tiny: tuple[Session, DemoSchool]) -> Session:
    return tiny[0]


def _setting(db: Session, key: str) -> object:
    return db.execute(select(Setting.value).where(Setting.key == key)).scalar_one()


def _lessons(db: Session) -> list[tuple[Lesson, TeachingAssignment, SchoolClass]]:
    rows = db.execute(
        select(Lesson, TeachingAssignment, SchoolClass)
        .join(TeachingAssignment, Lesson.assignment_id == TeachingAssignment.id)
        .join(SchoolClass, TeachingAssignment.class_id == SchoolClass.id)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def test_counts(tiny: tuple[Session, DemoSchool]) -> None:
    db, school = tiny
    assert school.classes == 1
    assert 24 <= school.students <= 28
    assert school.year_name == "2026/2027"
    assert db.get(AcademicYear, school.year_id) is not None
    subjects = set(db.scalars(select(Subject.name)))
    assert subjects == {"Русский язык", "Математика", "Английский язык"}
    assert school.lessons == db.scalar(select(func.count()).select_from(Lesson))
    assert school.marks == db.scalar(select(func.count()).select_from(Mark))
    assert school.attendance == db.scalar(select(func.count()).select_from(Attendance))
    assert school.marks > 100 and school.attendance > 10


def test_lessons_fall_on_school_days(db: Session) -> None:
    year = db.scalars(select(AcademicYear)).one()
    holidays = db.scalars(select(Holiday)).all()
    lessons = _lessons(db)
    assert lessons
    for lesson, _, school_class in lessons:
        assert year.start_date <= lesson.date <= min(year.end_date, TODAY)
        assert lesson.date >= TODAY - timedelta(days=13)  # two weeks for the tiny school
        assert lesson.date.isoweekday() <= 5
        for h in holidays:
            covered = h.start_date <= lesson.date <= h.end_date
            assert not (covered and h.grade_from <= school_class.grade <= h.grade_to)
        assert 1 <= lesson.lesson_number <= 7


def test_lessons_follow_the_timetable_and_the_plan(db: Session) -> None:
    slots = {
        (e.assignment_id, e.weekday, e.lesson_number) for e in db.scalars(select(TimetableEntry))
    }
    for lesson, _, _ in _lessons(db):
        assert (lesson.assignment_id, lesson.date.isoweekday(), lesson.lesson_number) in slots
        assert lesson.topic and lesson.plan_topic_id is not None
        assert lesson.conducted == (lesson.date < TODAY or lesson.lesson_number <= 3)
        if lesson.control_work:
            assert lesson.work_type == "Контрольная работа"
        if lesson.substitute_teacher_id is not None:
            assert lesson.substitution_reason == "болезнь учителя"
    # Topics follow the plan in order within each assignment.
    positions: dict[uuid.UUID, list[int]] = {}
    for lesson, _, _ in sorted(_lessons(db), key=lambda r: (r[0].date, r[0].lesson_number)):
        topic = db.get(PlanTopic, lesson.plan_topic_id)
        assert topic is not None and topic.topic == lesson.topic
        positions.setdefault(lesson.assignment_id, []).append(topic.position)
    for sequence in positions.values():
        assert sequence == list(range(sequence[0], sequence[0] + len(sequence)))


def _on_roll(db: Session) -> dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]]:
    roll: dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]] = {}
    for e in db.scalars(select(Enrolment)):
        roll.setdefault(e.class_id, []).append((e.student_id, e.start_date, e.end_date))
    return roll


def _enrolled(stays: list[tuple[uuid.UUID, date, date | None]], student: uuid.UUID,
              day: date) -> bool:
    return any(
        s == student and start <= day and (end is None or day <= end)
        for s, start, end in stays
    )


def test_marks_and_attendance_belong_to_pupils_on_the_roll(db: Session) -> None:
    roll = _on_roll(db)
    groups: dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]] = {}
    for m in db.scalars(select(GroupMember)):
        groups.setdefault(m.group_id, []).append((m.student_id, m.start_date, m.end_date))
    lessons = {lesson.id: (lesson, a, c) for lesson, a, c in _lessons(db)}
    entries: list[tuple[uuid.UUID, uuid.UUID]] = [
        (m.lesson_id, m.student_id) for m in db.scalars(select(Mark))
    ] + [(a.lesson_id, a.student_id) for a in db.scalars(select(Attendance))]
    for lesson_id, student_id in entries:
        lesson, assignment, school_class = lessons[lesson_id]
        assert lesson.conducted
        assert _enrolled(roll[school_class.id], student_id, lesson.date)
        if assignment.group_id is not None:
            assert _enrolled(groups[assignment.group_id], student_id, lesson.date)


def test_students_who_left_or_arrived(db: Session) -> None:
    enrolments = db.scalars(select(Enrolment)).all()
    left = [e for e in enrolments if e.end_date is not None]
    arrived = [e for e in enrolments if e.start_date > date(2026, 9, 1)]
    assert left and arrived
    for e in left:
        assert e.end_order.startswith("Приказ № ") and e.end_reason
        later = db.scalar(
            select(func.count()).select_from(Mark).join(Lesson, Mark.lesson_id == Lesson.id)
            .where(Mark.student_id == e.student_id, Lesson.date > e.end_date)
        )
        assert later == 0
    for e in arrived:
        assert e.start_order.startswith("Приказ № ")


def test_mark_values_and_work_types_follow_the_settings(db: Session) -> None:
    values = _setting(db, "mark_values")
    work_types = _setting(db, "work_types")
    assert isinstance(values, list) and isinstance(work_types, dict)
    counts: Counter[str] = Counter()
    for mark in db.scalars(select(Mark)):
        assert mark.value in values
        assert work_types[mark.work_type] == mark.weight
        counts[mark.value] += 1
    total = sum(counts.values())
    assert (counts["3"] + counts["4"] + counts["5"]) / total > 0.8
    assert counts["2"] > 0
    codes = _setting(db, "attendance_codes")
    assert isinstance(codes, dict)
    for row in db.scalars(select(Attendance)):
        assert row.code in codes


def test_marks_only_in_marked_subjects_and_never_for_the_absent(db: Session) -> None:
    assessment = {
        a.id: s.assessment
        for a, s in db.execute(
            select(TeachingAssignment, Subject).join(
                Subject, TeachingAssignment.subject_id == Subject.id
            )
        ).all()
    }
    lesson_assignment = {
        lesson_id: assignment_id
        for lesson_id, assignment_id in db.execute(select(Lesson.id, Lesson.assignment_id))
    }
    absent = {
        (a.lesson_id, a.student_id): a.code for a in db.scalars(select(Attendance))
    }
    cells: Counter[tuple[uuid.UUID, uuid.UUID]] = Counter()
    for mark in db.scalars(select(Mark)):
        assert assessment[lesson_assignment[mark.lesson_id]] == "marked"
        assert absent.get((mark.lesson_id, mark.student_id)) in (None, "оп")
        cells[(mark.lesson_id, mark.student_id)] += 1
    assert max(cells.values()) <= 2
    assert any(count == 2 for count in cells.values())  # a dictation's «5/4»


def test_absences_come_in_runs(db: Session) -> None:
    rows = db.execute(
        select(Attendance.student_id, Lesson.date, Attendance.code)
        .join(Lesson, Attendance.lesson_id == Lesson.id)
    ).all()
    codes = Counter(code for _, _, code in rows)
    assert set(codes) <= {"н", "б", "у", "п", "оп"}
    lessons = db.scalar(select(func.count()).select_from(Lesson).where(Lesson.conducted))
    assert lessons
    # A tiny class is too small for precise rates; absence should be present but rare.
    absences = sum(n for code, n in codes.items() if code != "оп")
    assert 0 < absences < 0.2 * lessons * 25


def test_no_teacher_in_two_places(db: Session) -> None:
    seen: set[tuple[uuid.UUID, date, int]] = set()
    for lesson, assignment, _ in _lessons(db):
        teacher = lesson.substitute_teacher_id or assignment.teacher_id
        key = (teacher, lesson.date, lesson.lesson_number)
        assert key not in seen
        seen.add(key)


def test_entry_times(db: Session) -> None:
    bells = {b.lesson_number: b for b in db.scalars(select(Bell))}
    late_marks = 0
    total = 0
    for mark, lesson in db.execute(
        select(Mark, Lesson).join(Lesson, Mark.lesson_id == Lesson.id)
    ).all():
        total += 1
        assert mark.entered_at.date() >= lesson.date
        assert mark.late == (mark.entered_at.date() > lesson.date)
        assert mark.entered_at.date() <= TODAY
        late_marks += mark.late
    assert late_marks < total * 0.3
    for lesson, _, _ in _lessons(db):
        if not lesson.homework:
            assert lesson.homework_entered_at is None
            continue
        assert lesson.homework_entered_at is not None
        deadline = datetime.combine(lesson.date, bells[lesson.lesson_number].ends_at) + timedelta(
            minutes=90
        )
        assert lesson.homework_late == (lesson.homework_entered_at > deadline)


def _check_person(surname: str, patronymic: str, gender: str) -> None:
    if gender == "m":
        assert patronymic.endswith("ич"), patronymic
        assert not surname.endswith(("ова", "ева", "ёва", "ина", "ская", "цкая")), surname
    else:
        assert gender == "f"
        assert patronymic.endswith(("вна", "ична")), patronymic
        assert not surname.endswith(("ов", "ев", "ёв", "ин", "ский", "цкий")), surname


def test_names_agree_in_gender(db: Session) -> None:
    people: list[Student | Guardian | Staff] = [
        *db.scalars(select(Student)), *db.scalars(select(Guardian)), *db.scalars(select(Staff))
    ]
    for person in people:
        _check_person(person.surname, person.patronymic, person.gender)
    # Fathers share the child's surname; the child's patronymic comes from his name.
    pairs = db.execute(
        select(Student, Guardian, StudentGuardian.relation)
        .join(StudentGuardian, StudentGuardian.student_id == Student.id)
        .join(Guardian, StudentGuardian.guardian_id == Guardian.id)
    ).all()
    fathers = [(s, g) for s, g, relation in pairs if relation == "отец"]
    assert fathers
    for student, father in fathers:
        assert surname_for(father.surname, student.gender) == student.surname
        assert student.patronymic == patronymic(father.name, student.gender)
    assert all(relation in ("мать", "отец", "опекун") for _, _, relation in pairs)


def test_students_look_like_fifth_graders(db: Session) -> None:
    for student in db.scalars(select(Student)):
        assert student.birth_date is not None
        age = (date(2026, 9, 1) - student.birth_date).days / 365.25
        assert 10 <= age <= 12.6
        assert student.personal_file_no
        assert student.health_group in ("I", "II", "III", "IV")
        assert student.pe_group in ("основная", "подготовительная", "специальная", "освобождён")


def test_consents_for_most_guardians(db: Session) -> None:
    guardians = db.scalar(select(func.count()).select_from(Guardian))
    consents = db.scalars(select(Consent)).all()
    assert guardians and 0.7 <= len(consents) / guardians <= 1.0
    for consent in consents:
        assert consent.kind == "personal_data"
        assert consent.document_ref.startswith("Заявление № ")
        assert consent.granted_on <= TODAY


def test_accounts(tiny: tuple[Session, DemoSchool]) -> None:
    db, school = tiny
    rows = db.scalars(select(Account)).all()
    assert len(rows) == len(school.accounts)
    logins = [a.login for a in school.accounts]
    assert len(set(logins)) == len(logins)
    for account in school.accounts:
        assert LOGIN_PATTERN.match(account.login), account.login
        assert account.password == DEMO_PASSWORDS[account.role]
    by_login = {a.login: a for a in school.accounts}
    assert by_login["admin"].role == "admin" and by_login["admin"].note == "директор"
    assert by_login["sysadmin"].role == "sysadmin"
    roles = Counter(a.role for a in rows)
    assert roles["admin"] >= 2 and roles["teacher"] == 4
    assert roles["student"] == db.scalar(select(func.count()).select_from(Student))
    assert roles["parent"] == db.scalar(select(func.count()).select_from(Guardian))
    assert all(not a.must_change_password for a in rows)
    activated = sum(a.status == "activated" for a in rows)
    assert 0.5 <= activated / len(rows) <= 0.9
    # The first of each role is a ready-made demo: a class teacher, a pupil, a parent.
    first = {}
    for account in school.accounts:
        first.setdefault(account.role, account)
    assert "классный руководитель 5 «А»" in first["teacher"].note
    assert "5 «А»" in first["student"].note and "5 «А»" in first["parent"].note
    director = db.scalars(select(Staff).where(Staff.position == "директор")).one()
    assert by_login["admin"].person_name.startswith(director.surname)


def test_change_log_covers_every_row(db: Session) -> None:
    report = verify_chain(db)
    assert report.ok, report.problem and report.problem.describe()
    logged = {
        table: count
        for table, count in db.execute(
            select(ChangeLog.table_name, func.count()).group_by(ChangeLog.table_name)
        )
    }
    for table, model in SYNCED_TABLES.items():
        rows = db.scalar(select(func.count()).select_from(model))
        assert logged.get(table, 0) == rows, table
    # Each log row carries every column of its record, as ``save`` would.
    for model in (Student, Mark, Lesson, Setting, Account):
        obj = db.scalars(select(model).limit(1)).one()
        fields = db.execute(
            select(ChangeLog.fields).where(ChangeLog.record_id == str(obj.id))
        ).scalar_one()
        assert json.loads(fields) == json.loads(canonical_json(column_values(obj)))


def test_same_seed_same_school_other_seed_other_school(tmp_path: Path) -> None:
    def content(session: Session) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        students = sorted(
            (str(s.id), s.surname, s.name, s.patronymic, str(s.birth_date))
            for s in session.scalars(select(Student))
        )
        marks = sorted(
            (str(m.lesson_id), str(m.student_id), str(m.position), m.value, str(m.entered_at))
            for m in session.scalars(select(Mark))
        )
        return students, marks

    first, _ = build(tmp_path / "first", seed=7)
    second, _ = build(tmp_path / "second", seed=7)
    other, _ = build(tmp_path / "other", seed=8)
    try:
        assert content(first) == content(second)
        assert content(first)[0] != content(other)[0]
        assert content(first)[1] != content(other)[1]
    finally:
        for session in (first, second, other):
            close(session)


def test_summer_builds_the_year_that_ended(tmp_path: Path) -> None:
    session, school = build(tmp_path, today=date(2027, 7, 1))
    try:
        assert school.year_name == "2026/2027"
        last = session.scalar(select(func.max(Lesson.date)))
        assert last is not None and last <= date(2027, 5, 31)
        assert session.scalar(select(func.count()).select_from(Mark))
    finally:
        close(session)


def test_unknown_size_is_refused(tmp_path: Path) -> None:
    session = Session(_engine(tmp_path))
    init_local_meta(session, DEVICE)
    with pytest.raises(ValueError, match="unknown demo size"):
        populate_demo(session, DEVICE, size="huge", today=TODAY)
    close(session)
