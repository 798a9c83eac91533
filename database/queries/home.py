"""What the main window shows before any journal is opened: the school summary, a
class teacher's class, a student's or parent's diary overview, the activity
indicators the administration reports on — read together by :func:`load_home`, in
one background operation, so the window is usable as soon as that result arrives.
Plain frozen dataclasses out.

Each function checks who asks: the GUI hides sections by role, and the same rules
are enforced here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.display_names import class_title, full_name, short_name
from database.errors import PermissionDenied
from database.models import (
    AcademicYear,
    Account,
    ClassGroup,
    Enrolment,
    GroupMember,
    Guardian,
    LoginEvent,
    School,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
)
from database.permissions import has_consent, require_account_manager, require_admin
from database.queries.journal import JournalRef, list_journals
from database.queries.timetable_fill import filled_classes

if TYPE_CHECKING:
    from database.queries.setup_progress import SetupProgress


def current_year(session: Session) -> AcademicYear | None:
    return session.execute(
        select(AcademicYear).order_by(
            AcademicYear.is_current.desc(), AcademicYear.start_date.desc()
        )
    ).scalars().first()


# --- the school summary (administration, system administrator) ----------------------------


@dataclass(frozen=True)
class SchoolSummary:
    full_name: str
    short_name: str
    director: str
    year: str
    classes: int
    students: int
    staff: int
    guardians: int
    accounts: int
    accounts_activated: int
    accounts_disabled: int


def school_summary(session: Session, actor: Actor, today: date) -> SchoolSummary:
    require_account_manager(actor)
    school = session.execute(select(School).limit(1)).scalar()
    year = current_year(session)

    def count(stmt: object) -> int:
        return int(session.execute(stmt).scalar_one())  # type: ignore[call-overload]

    classes = count(
        select(func.count()).select_from(SchoolClass).where(
            SchoolClass.year_id == (year.id if year else None)
        )
    )
    students = count(
        select(func.count(distinct(Enrolment.student_id))).where(
            Enrolment.start_date <= today,
            (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= today),
        )
    )
    status_counts = dict(
        session.execute(select(Account.status, func.count()).group_by(Account.status)).all()
    )
    return SchoolSummary(
        full_name=school.full_name if school else "",
        short_name=school.short_name if school else "",
        director=school.director_name if school else "",
        year=year.name if year else "",
        classes=classes,
        students=students,
        staff=count(select(func.count()).select_from(Staff).where(Staff.active.is_(True))),
        guardians=count(select(func.count()).select_from(Guardian)),
        accounts=sum(status_counts.values()),
        accounts_activated=status_counts.get("activated", 0),
        accounts_disabled=status_counts.get("disabled", 0),
    )


# --- activity indicators (administration) ------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    title: str  # Russian, as in the school's order
    value: float  # percent
    target: float  # percent, the lower bound of the order's target
    detail: str

    @property
    def met(self) -> bool:
        return self.value >= self.target


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def activity_indicators(session: Session, actor: Actor, today: date) -> list[Indicator]:
    """The indicators that can be computed from accounts and the timetable; the
    journal-keeping ones come with the journal screens."""
    require_admin(actor, "просмотр показателей")
    year = current_year(session)
    year_id = year.id if year else None
    classes = session.execute(
        select(SchoolClass.id).where(SchoolClass.year_id == year_id)
    ).scalars().all()
    with_timetable = filled_classes(session, year, today)
    filled = sum(1 for class_id in classes if class_id in with_timetable)
    accounts = int(
        session.execute(
            select(func.count()).select_from(Account).where(Account.status != "disabled")
        ).scalar_one()
    )
    activated_ids = select(Account.id).where(Account.status == "activated")
    activated = int(
        session.execute(select(func.count()).select_from(activated_ids.subquery())).scalar_one()
    )
    week_start = today - timedelta(days=today.weekday())
    weekly = int(
        session.execute(
            select(func.count(distinct(LoginEvent.account_id))).where(
                LoginEvent.success.is_(True),
                LoginEvent.at >= week_start,
                LoginEvent.account_id.in_(activated_ids),
            )
        ).scalar_one()
    )
    return [
        Indicator(
            "Расписание заполнено для всех классов", _percent(filled, len(classes)), 100.0,
            f"{filled} из {len(classes)} классов" if classes else (
                "классов пока нет: сначала заведите учебный год и классы"
                if year is not None else "учебный год ещё не создан"),
        ),
        Indicator(
            "Активированные учётные записи", _percent(activated, accounts), 50.0,
            f"{activated} из {accounts}",
        ),
        Indicator(
            "Уникальные входы за неделю среди активированных", _percent(weekly, activated),
            10.0, f"{weekly} из {activated} с {week_start.strftime('%d.%m.%Y')}",
        ),
    ]


# --- a class teacher's class ---------------------------------------------------------------


@dataclass(frozen=True)
class RosterStudent:
    student_id: uuid.UUID
    name: str
    birth_date: date | None
    guardians: int
    has_account: bool


@dataclass(frozen=True)
class ClassRoster:
    class_id: uuid.UUID
    title: str
    students: tuple[RosterStudent, ...]


def led_classes(session: Session, actor: Actor, today: date) -> list[ClassRoster]:
    """The classes the actor leads as class teacher (current year), with students."""
    if actor.role is not Role.TEACHER or actor.staff_id is None:
        return []
    year = current_year(session)
    classes = session.execute(
        select(SchoolClass)
        .where(SchoolClass.class_teacher_id == actor.staff_id,
               SchoolClass.year_id == (year.id if year else None))
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ).scalars().all()
    return [_roster(session, c, today) for c in classes]


def _roster(session: Session, school_class: SchoolClass, today: date) -> ClassRoster:
    rows = session.execute(
        select(Student)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(
            Enrolment.class_id == school_class.id,
            Enrolment.start_date <= today,
            (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= today),
        )
        .order_by(Student.surname, Student.name)
    ).scalars().all()
    ids = [s.id for s in rows]
    guardians = dict(
        session.execute(
            select(StudentGuardian.student_id, func.count())
            .where(StudentGuardian.student_id.in_(ids))
            .group_by(StudentGuardian.student_id)
        ).all()
    )
    with_account = set(
        session.execute(select(Account.student_id).where(Account.student_id.in_(ids))).scalars()
    )
    return ClassRoster(
        class_id=school_class.id,
        title=class_title(school_class.grade, school_class.letter),
        students=tuple(
            RosterStudent(s.id, full_name(s.surname, s.name, s.patronymic), s.birth_date,
                          guardians.get(s.id, 0), s.id in with_account)
            for s in rows
        ),
    )


# --- the diary overview (student, parent) ---------------------------------------------------


@dataclass(frozen=True)
class SubjectLine:
    subject: str
    teacher: str
    group: str


@dataclass(frozen=True)
class DiaryOverview:
    student_id: uuid.UUID
    student_name: str
    class_title: str
    class_teacher: str
    subjects: tuple[SubjectLine, ...]
    available: bool  # False: a parent whose consent is not registered yet
    note: str  # Russian explanation when not available


def diary_overview(session: Session, actor: Actor, today: date) -> list[DiaryOverview]:
    """A student's own class and subjects; a parent's children, each only once the
    parent's consent (152-ФЗ) is registered."""
    if actor.role is Role.STUDENT and actor.student_id is not None:
        return [_overview(session, actor.student_id, today, available=True)]
    if actor.role is Role.PARENT and actor.guardian_id is not None:
        consent = has_consent(session, actor.guardian_id, today)
        children = session.execute(
            select(StudentGuardian.student_id).where(
                StudentGuardian.guardian_id == actor.guardian_id
            )
        ).scalars().all()
        return [_overview(session, child, today, available=consent) for child in children]
    raise PermissionDenied("Недостаточно прав: дневник доступен ученикам и родителям.")


def _overview(
    session: Session, student_id: uuid.UUID, today: date, *, available: bool
) -> DiaryOverview:
    student = session.get(Student, student_id)
    name = full_name(student.surname, student.name, student.patronymic) if student else ""
    school_class = session.execute(
        select(SchoolClass)
        .join(Enrolment, Enrolment.class_id == SchoolClass.id)
        .where(Enrolment.student_id == student_id, Enrolment.start_date <= today,
               (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= today))
        .order_by(Enrolment.start_date.desc())
    ).scalars().first()
    if not available or school_class is None:
        return DiaryOverview(
            student_id, name, class_title(school_class.grade, school_class.letter)
            if school_class else "", "", (), available,
            "" if available else (
                "Дневник откроется после того, как школа зарегистрирует ваше согласие на "
                "обработку персональных данных (152-ФЗ). Обратитесь к классному руководителю."
            ),
        )
    leader = (
        session.get(Staff, school_class.class_teacher_id)
        if school_class.class_teacher_id
        else None
    )

    groups = set(
        session.execute(
            select(GroupMember.group_id).where(
                GroupMember.student_id == student_id, GroupMember.start_date <= today,
                (GroupMember.end_date.is_(None)) | (GroupMember.end_date >= today),
            )
        ).scalars()
    )
    rows = session.execute(
        select(Subject.name, Subject.sort_order, Staff, TeachingAssignment.group_id,
               ClassGroup.name)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(TeachingAssignment.class_id == school_class.id)
        .order_by(Subject.sort_order, Subject.name)
    ).all()
    subjects = tuple(
        SubjectLine(subject, short_name(t.surname, t.name, t.patronymic), group or "")
        for subject, _, t, group_id, group in rows
        if group_id is None or group_id in groups
    )
    return DiaryOverview(
        student_id=student_id,
        student_name=name,
        class_title=class_title(school_class.grade, school_class.letter),
        class_teacher=full_name(leader.surname, leader.name, leader.patronymic) if leader else "",
        subjects=subjects,
        available=True,
        note="",
    )


# --- the whole home screen ------------------------------------------------------------------


@dataclass(frozen=True)
class HomeData:
    journals: tuple[JournalRef, ...] | None = None
    classes: tuple[ClassRoster, ...] | None = None
    summary: SchoolSummary | None = None
    indicators: tuple[Indicator, ...] | None = None
    diaries: tuple[DiaryOverview, ...] | None = None
    setup: SetupProgress | None = None  # the administration's set-up checklist


def load_home(session: Session, actor: Actor, today: date) -> HomeData:
    """Everything the home screen of ``actor``'s role shows (runs on the worker)."""
    role = actor.role
    return HomeData(
        journals=tuple(list_journals(session, actor))
        if role in (Role.ADMIN, Role.TEACHER) else None,
        classes=tuple(led_classes(session, actor, today)) if role is Role.TEACHER else None,
        summary=school_summary(session, actor, today)
        if role in (Role.ADMIN, Role.SYSADMIN) else None,
        indicators=tuple(activity_indicators(session, actor, today))
        if role is Role.ADMIN else None,
        diaries=tuple(diary_overview(session, actor, today))
        if role in (Role.STUDENT, Role.PARENT) else None,
        setup=_setup_progress(session, actor, today) if role is Role.ADMIN else None,
    )


def _setup_progress(session: Session, actor: Actor, today: date) -> SetupProgress:
    # Imported here: setup_progress reads the current year through this module.
    from database.queries.setup_progress import setup_progress

    return setup_progress(session, actor, today)
