"""Snapshots for the people screens (administration): subjects, staff, classes with
their groups, students with their current class, teaching assignments, and one
student's card (enrolments, groups, guardians and consents).

Each function reads with a fixed number of plain-column statements (no query per
row) and returns frozen dataclasses, so the Qt models hold them as they are. The
lists are of the current school year (:func:`database.queries.home.current_year`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.collation import ru_name_key, ru_sort_key
from database.display_names import class_title, full_name, short_name
from database.models import (
    Account,
    ClassGroup,
    Enrolment,
    GroupMember,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_admin
from database.queries.guardians import GuardianLine, guardian_lines
from database.queries.home import current_year

_READ = "просмотр сведений о людях и классах"


@dataclass(frozen=True)
class YearRef:
    id: uuid.UUID
    name: str
    start_date: date
    end_date: date


def year_ref(session: Session) -> YearRef | None:
    year = current_year(session)
    if year is None:
        return None
    return YearRef(year.id, year.name, year.start_date, year.end_date)


# --- subjects -------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectRow:
    id: uuid.UUID
    name: str
    short_name: str
    assessment: str
    sort_order: int
    assignments: int  # in the current year


def subject_rows(session: Session, actor: Actor) -> list[SubjectRow]:
    require_admin(actor, _READ)
    year = current_year(session)
    counts = dict(
        session.execute(
            select(TeachingAssignment.subject_id, func.count())
            .where(TeachingAssignment.year_id == (year.id if year else None))
            .group_by(TeachingAssignment.subject_id)
        ).all()
    )
    rows = [
        SubjectRow(id_, name, short, assessment, order, counts.get(id_, 0))
        for id_, name, short, assessment, order in session.execute(
            select(Subject.id, Subject.name, Subject.short_name, Subject.assessment,
                   Subject.sort_order)
        )
    ]
    return sorted(rows, key=lambda r: (r.sort_order, ru_sort_key(r.name)))


# --- staff ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffRow:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    position: str
    active: bool
    login: str  # "" without an account
    hours: float  # teaching load in the current year
    led_class: str  # «5 «А»» if a class teacher

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    @property
    def short_name(self) -> str:
        return short_name(self.surname, self.name, self.patronymic)


def staff_rows(session: Session, actor: Actor) -> list[StaffRow]:
    require_admin(actor, _READ)
    year = current_year(session)
    year_id = year.id if year else None
    logins: dict[uuid.UUID, str] = {}
    for staff_id, login in session.execute(
        select(Account.staff_id, Account.login).where(Account.staff_id.is_not(None))
        .order_by(Account.login)
    ):
        assert staff_id is not None
        logins.setdefault(staff_id, login)
    hours = dict(
        session.execute(
            select(TeachingAssignment.teacher_id, func.sum(TeachingAssignment.hours_per_week))
            .where(TeachingAssignment.year_id == year_id)
            .group_by(TeachingAssignment.teacher_id)
        ).all()
    )
    led: dict[uuid.UUID, str] = {}
    for teacher_id, grade, letter in session.execute(
        select(SchoolClass.class_teacher_id, SchoolClass.grade, SchoolClass.letter)
        .where(SchoolClass.year_id == year_id, SchoolClass.class_teacher_id.is_not(None))
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ):
        assert teacher_id is not None
        title = class_title(grade, letter)
        led[teacher_id] = f"{led[teacher_id]}, {title}" if teacher_id in led else title
    rows = [
        StaffRow(id_, surname, name, patronymic, gender, position, active,
                 logins.get(id_, ""), float(hours.get(id_) or 0.0), led.get(id_, ""))
        for id_, surname, name, patronymic, gender, position, active in session.execute(
            select(Staff.id, Staff.surname, Staff.name, Staff.patronymic, Staff.gender,
                   Staff.position, Staff.active)
        )
    ]
    return sorted(rows, key=lambda r: (not r.active, ru_name_key(r.surname, r.name,
                                                                  r.patronymic)))


# --- classes and groups ---------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    id: uuid.UUID
    class_id: uuid.UUID
    name: str
    members: int  # now


@dataclass(frozen=True)
class ClassRow:
    id: uuid.UUID
    grade: int
    letter: str
    class_teacher_id: uuid.UUID | None
    class_teacher: str
    room: str
    students: int  # enrolled now
    groups: tuple[GroupRow, ...]

    @property
    def title(self) -> str:
        return class_title(self.grade, self.letter)


def _enrolled_on(today: date) -> ColumnElement[bool]:
    return (Enrolment.start_date <= today) & (
        Enrolment.end_date.is_(None) | (Enrolment.end_date >= today)
    )


def class_rows(session: Session, actor: Actor, today: date) -> list[ClassRow]:
    require_admin(actor, _READ)
    year = current_year(session)
    if year is None:
        return []
    teachers = {
        id_: short_name(s, n, p)
        for id_, s, n, p in session.execute(
            select(Staff.id, Staff.surname, Staff.name, Staff.patronymic)
        )
    }
    counts = dict(
        session.execute(
            select(Enrolment.class_id, func.count())
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .where(SchoolClass.year_id == year.id, _enrolled_on(today))
            .group_by(Enrolment.class_id)
        ).all()
    )
    members = dict(
        session.execute(
            select(GroupMember.group_id, func.count())
            .where(GroupMember.start_date <= today,
                   GroupMember.end_date.is_(None) | (GroupMember.end_date >= today))
            .group_by(GroupMember.group_id)
        ).all()
    )
    groups: dict[uuid.UUID, list[GroupRow]] = defaultdict(list)
    for group_id, class_id, name in session.execute(
        select(ClassGroup.id, ClassGroup.class_id, ClassGroup.name)
        .join(SchoolClass, SchoolClass.id == ClassGroup.class_id)
        .where(SchoolClass.year_id == year.id)
    ):
        groups[class_id].append(GroupRow(group_id, class_id, name, members.get(group_id, 0)))
    return [
        ClassRow(
            id_, grade, letter, teacher_id, teachers.get(teacher_id, "") if teacher_id else "",
            room, counts.get(id_, 0),
            tuple(sorted(groups.get(id_, []), key=lambda g: ru_sort_key(g.name))),
        )
        for id_, grade, letter, teacher_id, room in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter,
                   SchoolClass.class_teacher_id, SchoolClass.room)
            .where(SchoolClass.year_id == year.id)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    ]


# --- students -------------------------------------------------------------------------

STATUS_ENROLLED = "enrolled"
STATUS_LEFT = "left"  # left the school (or the class) and is in no class now
STATUS_NONE = "none"  # added, never enrolled


@dataclass(frozen=True)
class StudentRow:
    id: uuid.UUID
    surname: str
    name: str
    patronymic: str
    gender: str
    birth_date: date | None
    personal_file_no: str
    health_group: str
    pe_group: str
    address: str
    class_id: uuid.UUID | None  # the class now, if enrolled
    class_title: str
    grade_order: tuple[int, str]
    status: str  # STATUS_*
    since: date | None  # enrolled since (enrolled) or left on (left)
    order: str  # the order of that enrolment or leaving
    guardians: int

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)


def student_rows(session: Session, actor: Actor, today: date) -> list[StudentRow]:
    """Every student of the school, with the class they are in on ``today`` (or when
    they left). Three statements whatever the school's size."""
    require_admin(actor, _READ)
    classes = {
        id_: (grade, letter)
        for id_, grade, letter in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
        )
    }
    # The latest enrolment of each student that started by today decides the status.
    latest: dict[uuid.UUID, tuple[date, uuid.UUID, str, date | None, str]] = {}
    for student_id, class_id, start, start_order, end, end_order in session.execute(
        select(Enrolment.student_id, Enrolment.class_id, Enrolment.start_date,
               Enrolment.start_order, Enrolment.end_date, Enrolment.end_order)
        .where(Enrolment.start_date <= today)
        .order_by(Enrolment.start_date)
    ):
        latest[student_id] = (start, class_id, start_order, end, end_order)
    guardians = dict(
        session.execute(
            select(StudentGuardian.student_id, func.count()).group_by(StudentGuardian.student_id)
        ).all()
    )
    rows: list[StudentRow] = []
    for (id_, surname, name, patronymic, gender, born, file_no, health, pe,
         address) in session.execute(
        select(Student.id, Student.surname, Student.name, Student.patronymic, Student.gender,
               Student.birth_date, Student.personal_file_no, Student.health_group,
               Student.pe_group, Student.address)
    ):
        enrolment = latest.get(id_)
        current_class: uuid.UUID | None = None
        title, order_key = "", (99, "")
        status, since, order = STATUS_NONE, None, ""
        if enrolment is not None:
            start, enrolled_class, start_order, end, end_order = enrolment
            if end is None or end >= today:
                grade, letter = classes[enrolled_class]
                current_class, title = enrolled_class, class_title(grade, letter)
                order_key = (grade, letter)
                status, since, order = STATUS_ENROLLED, start, start_order
            else:
                status, since, order = STATUS_LEFT, end, end_order
        rows.append(StudentRow(
            id_, surname, name, patronymic, gender, born, file_no, health, pe, address,
            current_class, title, order_key, status, since, order, guardians.get(id_, 0),
        ))
    rows.sort(key=lambda r: (r.grade_order, ru_name_key(r.surname, r.name, r.patronymic)))
    return rows


@dataclass(frozen=True)
class EnrolmentLine:
    id: uuid.UUID
    class_title: str
    start_date: date
    start_order: str
    end_date: date | None
    end_order: str
    end_reason: str


@dataclass(frozen=True)
class MembershipLine:
    group_id: uuid.UUID
    group_name: str
    class_title: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class StudentCard:
    student_id: uuid.UUID
    enrolments: tuple[EnrolmentLine, ...]  # oldest first
    groups: tuple[MembershipLine, ...]
    guardians: tuple[GuardianLine, ...]


def student_card(session: Session, actor: Actor, student_id: uuid.UUID) -> StudentCard:
    require_admin(actor, _READ)
    classes = {
        id_: class_title(grade, letter)
        for id_, grade, letter in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
        )
    }
    enrolments = tuple(
        EnrolmentLine(id_, classes.get(class_id, ""), start, start_order, end, end_order, reason)
        for id_, class_id, start, start_order, end, end_order, reason in session.execute(
            select(Enrolment.id, Enrolment.class_id, Enrolment.start_date, Enrolment.start_order,
                   Enrolment.end_date, Enrolment.end_order, Enrolment.end_reason)
            .where(Enrolment.student_id == student_id)
            .order_by(Enrolment.start_date)
        )
    )
    groups = tuple(
        MembershipLine(group_id, name, classes.get(class_id, ""), start, end)
        for group_id, name, class_id, start, end in session.execute(
            select(GroupMember.group_id, ClassGroup.name, ClassGroup.class_id,
                   GroupMember.start_date, GroupMember.end_date)
            .join(ClassGroup, ClassGroup.id == GroupMember.group_id)
            .where(GroupMember.student_id == student_id)
            .order_by(GroupMember.start_date)
        )
    )
    return StudentCard(
        student_id, enrolments, groups,
        tuple(guardian_lines(session, [student_id]).get(student_id, [])),
    )


@dataclass(frozen=True)
class ClassGroups:
    """A class's students on a day, its groups and who is in which group then."""

    class_id: uuid.UUID
    students: tuple[tuple[uuid.UUID, str], ...]  # (id, full name), alphabetical
    groups: tuple[tuple[uuid.UUID, str], ...]  # (id, name)
    members: frozenset[tuple[uuid.UUID, uuid.UUID]]  # (group id, student id)


def class_groups(session: Session, actor: Actor, class_id: uuid.UUID, today: date) -> ClassGroups:
    require_admin(actor, _READ)
    groups = sorted(
        session.execute(
            select(ClassGroup.id, ClassGroup.name).where(ClassGroup.class_id == class_id)
        ).all(),
        key=lambda g: ru_sort_key(g[1]),
    )
    members = frozenset(
        session.execute(
            select(GroupMember.group_id, GroupMember.student_id).where(
                GroupMember.group_id.in_([g[0] for g in groups]),
                GroupMember.start_date <= today,
                GroupMember.end_date.is_(None) | (GroupMember.end_date >= today),
            )
        )
    )
    rows = session.execute(
        select(Student.id, Student.surname, Student.name, Student.patronymic)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(Enrolment.class_id == class_id, _enrolled_on(today))
    ).all()
    rows = sorted(rows, key=lambda r: ru_name_key(r[1], r[2], r[3]))
    return ClassGroups(
        class_id,
        tuple((id_, full_name(s, n, p)) for id_, s, n, p in rows),
        tuple((id_, name) for id_, name in groups),
        members,
    )


# --- teaching assignments -------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    id: uuid.UUID
    class_id: uuid.UUID
    class_title: str
    grade_order: tuple[int, str]
    group_id: uuid.UUID | None
    group_name: str
    subject_id: uuid.UUID
    subject_name: str
    teacher_id: uuid.UUID
    teacher_name: str
    hours_per_week: float


def assignment_rows(session: Session, actor: Actor) -> list[AssignmentRow]:
    require_admin(actor, _READ)
    year = current_year(session)
    if year is None:
        return []
    classes = {
        id_: (grade, letter)
        for id_, grade, letter in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
            .where(SchoolClass.year_id == year.id)
        )
    }
    groups = dict(session.execute(select(ClassGroup.id, ClassGroup.name)).all())
    subjects = dict(session.execute(select(Subject.id, Subject.name)).all())
    teachers = {
        id_: short_name(s, n, p)
        for id_, s, n, p in session.execute(
            select(Staff.id, Staff.surname, Staff.name, Staff.patronymic)
        )
    }
    rows: list[AssignmentRow] = []
    for id_, class_id, group_id, subject_id, teacher_id, hours in session.execute(
        select(TeachingAssignment.id, TeachingAssignment.class_id, TeachingAssignment.group_id,
               TeachingAssignment.subject_id, TeachingAssignment.teacher_id,
               TeachingAssignment.hours_per_week)
        .where(TeachingAssignment.year_id == year.id)
    ):
        grade, letter = classes.get(class_id, (0, "?"))
        rows.append(AssignmentRow(
            id_, class_id, class_title(grade, letter), (grade, letter), group_id,
            groups.get(group_id, "") if group_id else "", subject_id, subjects.get(subject_id, ""),
            teacher_id, teachers.get(teacher_id, ""), hours,
        ))
    rows.sort(key=lambda r: (r.grade_order, ru_sort_key(r.subject_name), ru_sort_key(r.group_name)))
    return rows


def teacher_totals(rows: list[AssignmentRow]) -> list[tuple[str, float, int]]:
    """(teacher, hours a week, assignments) per teacher, by name."""
    totals: dict[str, list[float]] = {}
    for row in rows:
        entry = totals.setdefault(row.teacher_name, [0.0, 0])
        entry[0] += row.hours_per_week
        entry[1] += 1
    return [(name, hours, int(count)) for name, (hours, count) in
            sorted(totals.items(), key=lambda item: ru_sort_key(item[0]))]

