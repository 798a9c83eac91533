"""Simulated computers of one school over one share folder, for the sync tests.

Each :class:`Computer` is a real school folder with its own encrypted database, data
key and device identity; they meet only through the share folder, as on a LAN.
Computers are made with the store and the services directly (no Argon2 on the way),
so a test can afford several of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from database.actor import Actor, Role
from database.changelog import local_device_id, save
from database.engine import make_sessionmaker
from database.keyslots import new_data_key
from database.models import (
    AcademicYear,
    Account,
    Enrolment,
    Lesson,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TeachingAssignment,
)
from database.paths import SchoolPaths
from database.services.school import update_school
from database.store import create_database
from database.sync.digest import conflict_set, state_digest
from database.sync.enrol import finish_join, init_share, new_enrolment_code, request_join
from database.sync.round import SyncReport, sync_round
from database.sync.share import SharePath

NOW = datetime(2026, 11, 18, 10, 0)


@dataclass
class Computer:
    name: str
    paths: SchoolPaths
    engine: Engine
    data_key: bytes
    share: SharePath

    @property
    def maker(self) -> sessionmaker[Session]:
        return make_sessionmaker(self.engine)

    @property
    def device_id(self) -> uuid.UUID:
        with self.maker() as session:
            return local_device_id(session)

    def system(self) -> Actor:
        return Actor.system(self.device_id, clock=lambda: NOW)

    def sync(self) -> SyncReport:
        return sync_round(self.paths, self.engine, self.share)

    def digest(self) -> str:
        with self.maker() as session:
            return state_digest(session)

    def conflicts(self) -> set[tuple[str, str, str, str, str]]:
        with self.maker() as session:
            return conflict_set(session)

    def close(self) -> None:
        self.engine.dispose()


def make_admin(tmp: Path, share: SharePath) -> Computer:
    paths = SchoolPaths(tmp / "admin")
    data_key = new_data_key()
    engine = create_database(paths, data_key, device_name="Администрация", device_kind="admin")
    computer = Computer("admin", paths, engine, data_key, share)
    with computer.maker.begin() as session:
        update_school(session, computer.system(), full_name="МБОУ СОШ № 1",
                      short_name="СОШ № 1", director_name="Волкова Наталья Сергеевна")
    init_share(paths, computer.maker, data_key, share)
    return computer


def join(tmp: Path, share: SharePath, admin: Computer, name: str) -> Computer:
    with admin.maker.begin() as session:
        code = new_enrolment_code(session, name)
    paths = SchoolPaths(tmp / name)
    request_join(paths.root, share, code, name)
    report = admin.sync()
    assert report.enrolled == [name], report.describe()
    joined = finish_join(paths, share)
    assert joined is not None
    engine, data_key = joined
    computer = Computer(name, paths, engine, data_key, share)
    report = computer.sync()
    assert report.ok, report.describe()
    return computer


@dataclass(frozen=True)
class Journal:
    """One teacher's journal: an assignment and a lesson in it."""

    teacher_account: uuid.UUID
    teacher_staff: uuid.UUID
    assignment: uuid.UUID
    lesson: uuid.UUID
    class_id: uuid.UUID
    subject: uuid.UUID
    year: uuid.UUID


def add_journal(admin: Computer, login: str = "petrova") -> Journal:
    actor = admin.system()
    with admin.maker.begin() as s:
        year = AcademicYear(name="2026/2027", start_date=date(2026, 9, 1),
                            end_date=date(2027, 5, 31), is_current=True)
        save(s, actor, year)
        staff = Staff(surname="Петрова", name="Анна", patronymic="Ивановна", position="учитель")
        save(s, actor, staff)
        account = Account(login=login, role="teacher", staff_id=staff.id, status="activated",
                          must_change_password=False, created_at=NOW)
        save(s, actor, account)
        school_class = SchoolClass(year_id=year.id, grade=5, letter="А")
        save(s, actor, school_class)
        subject = Subject(name="Математика", short_name="мат")
        save(s, actor, subject)
        assignment = TeachingAssignment(year_id=year.id, class_id=school_class.id,
                                        subject_id=subject.id, teacher_id=staff.id)
        save(s, actor, assignment)
        lesson = Lesson(assignment_id=assignment.id, date=date(2026, 11, 18), lesson_number=1)
        save(s, actor, lesson)
        return Journal(account.id, staff.id, assignment.id, lesson.id, school_class.id,
                       subject.id, year.id)


def teacher_actor(computer: Computer, journal: Journal) -> Actor:
    return Actor(role=Role.TEACHER, device_id=computer.device_id,
                 account_id=journal.teacher_account, staff_id=journal.teacher_staff,
                 clock=lambda: NOW)


def same_everywhere(computers: list[Computer]) -> None:
    digests = {c.name: c.digest() for c in computers}
    assert len(set(digests.values())) == 1, digests
    conflicts = [c.conflicts() for c in computers]
    assert all(c == conflicts[0] for c in conflicts), conflicts


@dataclass
class TwoComputers:
    """The administration workstation and a classroom computer of one school, with a
    journal and one student enrolled in its class."""

    a: Computer  # the administration workstation
    b: Computer  # a classroom computer
    journal: Journal
    student: uuid.UUID

    def sync(self) -> None:
        """The classroom publishes, the administration takes it in, the classroom
        takes what the administration has."""
        for computer in (self.b, self.a, self.b):
            report = computer.sync()
            assert report.ok, report.describe()

    def close(self) -> None:
        self.a.close()
        self.b.close()


def two_computers(tmp: Path) -> TwoComputers:
    share = tmp / "share"
    share.mkdir()
    a = make_admin(tmp, share)
    journal = add_journal(a)
    with a.maker.begin() as session:
        student = Student(surname="Алексеев", name="Борис")
        save(session, a.system(), student)
        save(session, a.system(), Enrolment(student_id=student.id, class_id=journal.class_id,
                                            start_date=date(2026, 9, 1)))
        student_id = student.id
    assert a.sync().ok
    return TwoComputers(a, join(tmp, share, a, "room12"), journal, student_id)

