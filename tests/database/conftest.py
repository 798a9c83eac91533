"""Fixtures for data-layer tests: a database session and a small hand-built school.

The school is written with plain ORM objects through ``changelog.save`` (not the
services under test), so service tests start from known facts.

``engine`` is the production engine (``database.engine.make_engine``: SQLCipher, the
transactions SQLAlchemy begins with a real ``BEGIN``, WAL, foreign keys on) over a
copy of a template database built once per run (tests/templates.py): the small
school when the test uses ``small_school``, else an empty database (the schema and
this device's id). Copying a file and opening it costs milliseconds; writing the
small school through the change log again for every test cost a quarter of a second.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.changelog import init_local_meta, save
from database.engine import make_engine
from database.keyslots import new_data_key
from database.models import (
    AcademicYear,
    Account,
    Base,
    Bell,
    ClassGroup,
    Consent,
    Enrolment,
    GroupMember,
    Guardian,
    Lesson,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
    StudyPeriod,
    Subject,
    Synced,
    TeachingAssignment,
    TimetableEntry,
)
from database.notation import DEFAULT_SETTINGS
from tests.templates import template

# A fixed "today" inside the second quarter keeps every date-dependent rule testable.
TODAY = date(2026, 11, 18)  # Wednesday
NOW = datetime(2026, 11, 18, 10, 0)


def fixed_clock() -> datetime:
    return NOW


DB_FILE = "school.db"


@dataclass(frozen=True)
class DatabaseTemplate:
    """What a template database's builder leaves beside the file."""

    data_key: bytes  # a throw-away key of test databases, never a real school's
    small_school: SmallSchool | None


def _build_database(folder: Path, device_id: uuid.UUID, *, small: bool) -> DatabaseTemplate:
    data_key = new_data_key()
    eng = make_engine(folder / DB_FILE, data_key)
    try:
        Base.metadata.create_all(eng)
        with Session(eng, expire_on_commit=False) as s:
            init_local_meta(s, device_id)
            s.commit()
            facts = build_small_school(s, device_id) if small else None
    finally:
        eng.dispose()  # the last connection closing checkpoints the WAL into the file
    return DatabaseTemplate(data_key, facts)


def database_template(
    tmp_path_factory: pytest.TempPathFactory, device_id: uuid.UUID, *, small: bool
) -> tuple[Path, DatabaseTemplate]:
    """The run's template database (empty or with the small school) for ``device_id``."""
    name = f"db-{'small' if small else 'empty'}-{device_id}"
    return template(tmp_path_factory, name,
                    lambda folder: _build_database(folder, device_id, small=small))


@pytest.fixture
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
    device_id: uuid.UUID,
) -> Iterator[Engine]:
    """The production engine on this test's own copy of the template database (see
    the module docstring)."""
    folder, built = database_template(
        tmp_path_factory, device_id, small="small_school" in request.fixturenames
    )
    target = shutil.copytree(folder, tmp_path / "db")  # the file and any WAL beside it
    eng = make_engine(target / DB_FILE, built.data_key)
    yield eng
    eng.dispose()


@pytest.fixture
def device_id() -> uuid.UUID:
    return uuid.UUID("00000000-0000-7000-8000-00000000d001")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on ``engine``; the database already holds this device's id."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


@dataclass(frozen=True)
class SmallSchool:
    year_id: uuid.UUID
    q1_id: uuid.UUID  # closed first quarter
    q2_id: uuid.UUID
    class_id: uuid.UUID  # 5 «А»
    group1_id: uuid.UUID  # English, group 1
    group2_id: uuid.UUID
    math_id: uuid.UUID
    english_id: uuid.UUID
    pe_pass_fail_id: uuid.UUID
    math_teacher_id: uuid.UUID  # also the class teacher of 5 «А»
    english_teacher_id: uuid.UUID
    other_teacher_id: uuid.UUID  # teaches nothing in 5 «А»
    math_assignment_id: uuid.UUID
    english1_assignment_id: uuid.UUID
    english2_assignment_id: uuid.UUID
    student_ids: tuple[uuid.UUID, ...]  # alphabetical; [-1] left on 2026-11-10
    guardian_with_consent_id: uuid.UUID  # parent of student_ids[0]
    guardian_without_consent_id: uuid.UUID  # parent of student_ids[1]
    math_lesson_today_id: uuid.UUID
    math_lesson_old_id: uuid.UUID  # 2026-09-07, in the closed first quarter
    english1_lesson_today_id: uuid.UUID
    system: Actor
    admin: Actor
    sysadmin: Actor
    math_teacher: Actor
    english_teacher: Actor
    other_teacher: Actor
    student: Actor  # student_ids[0]
    parent: Actor  # guardian_with_consent
    parent_without_consent: Actor


def _add(session: Session, actor: Actor, obj: Synced) -> uuid.UUID:
    save(session, actor, obj)
    return obj.id


@pytest.fixture
def small_school(
    session: Session, device_id: uuid.UUID, tmp_path_factory: pytest.TempPathFactory
) -> SmallSchool:
    """The small school's ids and actors; ``engine`` (hence ``session``) is a copy of
    the template that holds it (see the module docstring)."""
    _, built = database_template(tmp_path_factory, device_id, small=True)
    facts = built.small_school
    assert facts is not None
    # ``engine`` chose its template from the test's fixture names; a small_school
    # requested later (request.getfixturevalue) would find an empty database.
    found = session.execute(select(AcademicYear.id).where(AcademicYear.id == facts.year_id))
    if found.first() is None:
        raise RuntimeError("small_school must be a fixture argument of the test or of one "
                           "of its fixtures, not requested with getfixturevalue()")
    session.rollback()  # end the read transaction: the test starts with none open
    return facts


def build_small_school(session: Session, device_id: uuid.UUID) -> SmallSchool:
    """Write the small school into ``session`` (committed) and return its ids/actors."""
    from database.models import Setting

    system = Actor.system(device_id, clock=fixed_clock)
    for key, value in DEFAULT_SETTINGS.items():
        _add(session, system, Setting(key=key, value=value))
    year = _add(
        session,
        system,
        AcademicYear(
            name="2026/2027", start_date=date(2026, 9, 1), end_date=date(2027, 5, 31),
            is_current=True,
        ),
    )
    q1 = _add(
        session,
        system,
        StudyPeriod(
            year_id=year, kind="quarter", number=1, name="I четверть", grade_from=1,
            grade_to=9, start_date=date(2026, 9, 1), end_date=date(2026, 10, 24), closed=True,
            closed_at=datetime(2026, 10, 26, 12, 0),
        ),
    )
    q2 = _add(
        session,
        system,
        StudyPeriod(
            year_id=year, kind="quarter", number=2, name="II четверть", grade_from=1,
            grade_to=9, start_date=date(2026, 11, 5), end_date=date(2026, 12, 28),
        ),
    )
    for number, (start, end) in enumerate(
        [(time(8, 30), time(9, 15)), (time(9, 25), time(10, 10)), (time(10, 30), time(11, 15))],
        start=1,
    ):
        _add(session, system, Bell(year_id=year, lesson_number=number, starts_at=start,
                                   ends_at=end))

    def staff(surname: str, name: str, patronymic: str, position: str) -> uuid.UUID:
        return _add(session, system, Staff(surname=surname, name=name, patronymic=patronymic,
                                           gender="f", position=position))

    math_teacher = staff("Смирнова", "Ольга", "Петровна", "учитель математики")
    english_teacher = staff("Кузнецова", "Анна", "Игоревна", "учитель английского языка")
    other_teacher = staff("Попова", "Елена", "Викторовна", "учитель истории")
    director = staff("Волкова", "Наталья", "Сергеевна", "директор")

    school_class = _add(session, system, SchoolClass(year_id=year, grade=5, letter="А",
                                                     class_teacher_id=math_teacher))
    group1 = _add(session, system, ClassGroup(class_id=school_class, name="Английский, 1 гр."))
    group2 = _add(session, system, ClassGroup(class_id=school_class, name="Английский, 2 гр."))
    math = _add(session, system, Subject(name="Математика", short_name="Матем.", sort_order=1))
    english = _add(session, system, Subject(name="Английский язык", short_name="Англ.",
                                            sort_order=2))
    pe = _add(session, system, Subject(name="Индивидуальный проект", short_name="Проект",
                                       assessment="pass_fail", sort_order=3))

    def assignment(subject: uuid.UUID, teacher: uuid.UUID, group: uuid.UUID | None) -> uuid.UUID:
        return _add(session, system, TeachingAssignment(
            year_id=year, class_id=school_class, group_id=group, subject_id=subject,
            teacher_id=teacher, hours_per_week=5 if group is None else 3))

    math_a = assignment(math, math_teacher, None)
    eng1_a = assignment(english, english_teacher, group1)
    eng2_a = assignment(english, english_teacher, group2)
    assignment(pe, other_teacher, None)
    _add(session, system, TimetableEntry(assignment_id=math_a, weekday=1, lesson_number=1,
                                         valid_from=date(2026, 9, 1)))
    _add(session, system, TimetableEntry(assignment_id=math_a, weekday=3, lesson_number=1,
                                         valid_from=date(2026, 9, 1)))
    _add(session, system, TimetableEntry(assignment_id=eng1_a, weekday=3, lesson_number=2,
                                         valid_from=date(2026, 9, 1)))

    names = [
        ("Алексеев", "Иван", "Петрович", "m"),
        ("Борисова", "Мария", "Андреевна", "f"),
        ("Васильев", "Пётр", "Олегович", "m"),
        ("Григорьева", "Анна", "Сергеевна", "f"),
        ("Дмитриев", "Олег", "Ильич", "m"),
    ]
    students: list[uuid.UUID] = []
    for index, (surname, name, patronymic, gender) in enumerate(names):
        student = _add(session, system, Student(surname=surname, name=name,
                                                patronymic=patronymic, gender=gender,
                                                birth_date=date(2015, 3, index + 1)))
        left = index == len(names) - 1
        _add(session, system, Enrolment(
            student_id=student, class_id=school_class, start_date=date(2026, 9, 1),
            start_order="Приказ № 1 от 01.09.2026",
            end_date=date(2026, 11, 10) if left else None,
            end_order="Приказ № 77-у от 10.11.2026" if left else ""))
        group = group1 if index % 2 == 0 else group2
        _add(session, system, GroupMember(group_id=group, student_id=student,
                                          start_date=date(2026, 9, 1)))
        students.append(student)

    mother = _add(session, system, Guardian(surname="Алексеева", name="Ирина",
                                            patronymic="Павловна", gender="f"))
    father = _add(session, system, Guardian(surname="Борисов", name="Андрей",
                                            patronymic="Николаевич", gender="m"))
    _add(session, system, StudentGuardian(student_id=students[0], guardian_id=mother,
                                          relation="мать"))
    _add(session, system, StudentGuardian(student_id=students[1], guardian_id=father,
                                          relation="отец"))
    _add(session, system, Consent(guardian_id=mother, kind="personal_data",
                                  granted_on=date(2026, 9, 2),
                                  document_ref="Заявление № 12 от 02.09.2026"))

    math_today = _add(session, system, Lesson(assignment_id=math_a, date=TODAY, lesson_number=1))
    math_old = _add(session, system, Lesson(assignment_id=math_a, date=date(2026, 9, 7),
                                            lesson_number=1, conducted=True))
    eng_today = _add(session, system, Lesson(assignment_id=eng1_a, date=TODAY, lesson_number=2))

    def account(login: str, role: Role, **person: uuid.UUID) -> Actor:
        acc = Account(login=login, role=role.value, status="activated",
                      must_change_password=False, created_at=NOW, **person)
        _add(session, system, acc)
        return Actor(role=role, device_id=device_id, account_id=acc.id,
                     staff_id=person.get("staff_id"), student_id=person.get("student_id"),
                     guardian_id=person.get("guardian_id"), clock=fixed_clock)

    admin = account("admin", Role.ADMIN, staff_id=director)
    sysadmin = account("sysadmin", Role.SYSADMIN)
    math_actor = account("smirnova.op", Role.TEACHER, staff_id=math_teacher)
    english_actor = account("kuznetsova.ai", Role.TEACHER, staff_id=english_teacher)
    other_actor = account("popova.ev", Role.TEACHER, staff_id=other_teacher)
    student_actor = account("s.alekseev.ip", Role.STUDENT, student_id=students[0])
    parent_actor = account("p.alekseeva.ip", Role.PARENT, guardian_id=mother)
    parent_no_consent = account("p.borisov.an", Role.PARENT, guardian_id=father)
    session.commit()

    return SmallSchool(
        year_id=year, q1_id=q1, q2_id=q2, class_id=school_class, group1_id=group1,
        group2_id=group2, math_id=math, english_id=english, pe_pass_fail_id=pe,
        math_teacher_id=math_teacher, english_teacher_id=english_teacher,
        other_teacher_id=other_teacher, math_assignment_id=math_a,
        english1_assignment_id=eng1_a, english2_assignment_id=eng2_a,
        student_ids=tuple(students), guardian_with_consent_id=mother,
        guardian_without_consent_id=father, math_lesson_today_id=math_today,
        math_lesson_old_id=math_old, english1_lesson_today_id=eng_today, system=system,
        admin=admin, sysadmin=sysadmin, math_teacher=math_actor,
        english_teacher=english_actor, other_teacher=other_actor, student=student_actor,
        parent=parent_actor, parent_without_consent=parent_no_consent,
    )
