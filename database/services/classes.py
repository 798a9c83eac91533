"""Classes, their class teachers and the groups a class is split into.

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ========  =======  =======  ======
function               admin  sysadmin  teacher  student  parent
=====================  =====  ========  =======  =======  ======
create_class           yes    —         —        —        —
update_class           yes    —         —        —        —
set_class_teacher      yes    —         —        —        —
create_group           yes    —         —        —        —
rename_group           yes    —         —        —        —
add_group_member       yes    —         —        —        —
remove_group_member    yes    —         —        —        —
=====================  =====  ========  =======  =======  ======

Refusals raise ``PermissionDenied``; bad input ``ValidationError``; duplicates and
contradictions ``ConflictError``; unknown ids ``NotFound``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.display_names import class_title, class_title_of, short_name_of
from database.errors import ConflictError, NotFound, ValidationError
from database.models import (
    AcademicYear,
    ClassGroup,
    Enrolment,
    GroupMember,
    SchoolClass,
    Staff,
    Student,
)
from database.permissions import require_admin
from database.services._common import UNSET, Unset, apply_changes, get_or_raise, given, name_taken

_CLASSES = "изменение классов и групп"


@dataclass(frozen=True)
class ClassInfo:
    id: uuid.UUID
    year_id: uuid.UUID
    grade: int
    letter: str
    class_teacher_id: uuid.UUID | None
    room: str

    @property
    def title(self) -> str:
        """«5 «А»»"""
        return class_title(self.grade, self.letter)


def _class_info(school_class: SchoolClass) -> ClassInfo:
    return ClassInfo(
        id=school_class.id,
        year_id=school_class.year_id,
        grade=school_class.grade,
        letter=school_class.letter,
        class_teacher_id=school_class.class_teacher_id,
        room=school_class.room,
    )


def _get_class(session: Session, class_id: uuid.UUID) -> SchoolClass:
    return get_or_raise(session, SchoolClass, class_id, "Класс не найден.")


def _check_teacher(session: Session, teacher_id: uuid.UUID | None) -> None:
    if teacher_id is None:
        return
    teacher = get_or_raise(session, Staff, teacher_id, "Сотрудник не найден.")
    if not teacher.active:
        raise ValidationError(
            f"{short_name_of(teacher)} "
            "больше не работает в школе: выберите другого сотрудника."
        )


def _check_unique(
    session: Session, year_id: uuid.UUID, grade: int, letter: str, class_id: uuid.UUID | None
) -> None:
    query = select(SchoolClass.id).where(
        SchoolClass.year_id == year_id, SchoolClass.grade == grade, SchoolClass.letter == letter
    )
    if class_id is not None:
        query = query.where(SchoolClass.id != class_id)
    if session.execute(query).first():
        year = session.get(AcademicYear, year_id)
        in_year = "" if year is None else f" в {year.name} учебном году"
        raise ConflictError(f"Класс {class_title(grade, letter)}{in_year} уже есть.")


def create_class(
    session: Session,
    actor: Actor,
    year_id: uuid.UUID,
    grade: int,
    letter: str,
    *,
    class_teacher_id: uuid.UUID | None = None,
    room: str = "",
) -> ClassInfo:
    """A class of an academic year; grade and letter are unique within the year."""
    require_admin(actor, _CLASSES)
    grade = v.grade(grade)
    letter = v.class_letter(letter)
    room = v.text(room, "Кабинет", max_length=20)
    get_or_raise(session, AcademicYear, year_id, "Учебный год не найден.")
    _check_teacher(session, class_teacher_id)
    _check_unique(session, year_id, grade, letter, None)
    school_class = SchoolClass(
        year_id=year_id, grade=grade, letter=letter, class_teacher_id=class_teacher_id, room=room
    )
    changelog.save(session, actor, school_class)
    return _class_info(school_class)


def update_class(
    session: Session,
    actor: Actor,
    class_id: uuid.UUID,
    *,
    grade: int | Unset = UNSET,
    letter: str | Unset = UNSET,
    class_teacher_id: uuid.UUID | Unset | None = UNSET,
    room: str | Unset = UNSET,
) -> ClassInfo:
    require_admin(actor, _CLASSES)
    changes = given(
        {"grade": grade, "letter": letter, "class_teacher_id": class_teacher_id, "room": room}
    )
    if "grade" in changes:
        changes["grade"] = v.grade(changes["grade"])
    if "letter" in changes:
        changes["letter"] = v.class_letter(changes["letter"])
    if "room" in changes:
        changes["room"] = v.text(changes["room"], "Кабинет", max_length=20)
    school_class = _get_class(session, class_id)
    if "class_teacher_id" in changes:
        _check_teacher(session, changes["class_teacher_id"])
    _check_unique(
        session,
        school_class.year_id,
        changes.get("grade", school_class.grade),
        changes.get("letter", school_class.letter),
        school_class.id,
    )
    apply_changes(school_class, changes)
    changelog.save(session, actor, school_class)
    return _class_info(school_class)


def set_class_teacher(
    session: Session, actor: Actor, class_id: uuid.UUID, teacher_id: uuid.UUID | None
) -> ClassInfo:
    """Appoint the class teacher (классный руководитель), or none."""
    return update_class(session, actor, class_id, class_teacher_id=teacher_id)


# --- groups ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupInfo:
    id: uuid.UUID
    class_id: uuid.UUID
    name: str


def _group_info(group: ClassGroup) -> GroupInfo:
    return GroupInfo(id=group.id, class_id=group.class_id, name=group.name)


def _check_group_name(
    session: Session, class_id: uuid.UUID, name: str, group_id: uuid.UUID | None
) -> None:
    rows = select(ClassGroup.id, ClassGroup.name).where(ClassGroup.class_id == class_id)
    if name_taken(session.execute(rows), name, group_id):
        raise ConflictError(f"В этом классе уже есть группа «{name}».")


def create_group(session: Session, actor: Actor, class_id: uuid.UUID, name: str) -> GroupInfo:
    """A group of a class taught separately («Английский, 1 гр.»)."""
    require_admin(actor, _CLASSES)
    name = v.text(name, "Название группы", max_length=100, required=True)
    _get_class(session, class_id)
    _check_group_name(session, class_id, name, None)
    group = ClassGroup(class_id=class_id, name=name)
    changelog.save(session, actor, group)
    return _group_info(group)


def _get_group(session: Session, group_id: uuid.UUID) -> ClassGroup:
    return get_or_raise(session, ClassGroup, group_id, "Группа не найдена.")


def rename_group(session: Session, actor: Actor, group_id: uuid.UUID, name: str) -> GroupInfo:
    require_admin(actor, _CLASSES)
    name = v.text(name, "Название группы", max_length=100, required=True)
    group = _get_group(session, group_id)
    _check_group_name(session, group.class_id, name, group.id)
    apply_changes(group, {"name": name})
    changelog.save(session, actor, group)
    return _group_info(group)


@dataclass(frozen=True)
class GroupMemberInfo:
    id: uuid.UUID
    group_id: uuid.UUID
    student_id: uuid.UUID
    start_date: date
    end_date: date | None


def _member_info(member: GroupMember) -> GroupMemberInfo:
    return GroupMemberInfo(
        id=member.id,
        group_id=member.group_id,
        student_id=member.student_id,
        start_date=member.start_date,
        end_date=member.end_date,
    )


def add_group_member(
    session: Session,
    actor: Actor,
    group_id: uuid.UUID,
    student_id: uuid.UUID,
    start_date: date,
) -> GroupMemberInfo:
    """Put a student into a group from ``start_date``; the student must be enrolled
    in the group's class on that day and not already be in the group."""
    require_admin(actor, _CLASSES)
    v.a_date(start_date, "Дата включения в группу")
    group = _get_group(session, group_id)
    get_or_raise(session, Student, student_id, "Ученик не найден.")
    enrolled = session.execute(
        select(Enrolment.id).where(
            Enrolment.student_id == student_id,
            Enrolment.class_id == group.class_id,
            Enrolment.start_date <= start_date,
            (Enrolment.end_date.is_(None)) | (Enrolment.end_date >= start_date),
        )
    ).first()
    if not enrolled:
        school_class = _get_class(session, group.class_id)
        raise ValidationError(
            f"На {v.ru_date(start_date)} ученик не числится в {class_title_of(school_class)} "
            "классе, поэтому в его группу включить нельзя."
        )
    for other in session.execute(
        select(GroupMember).where(
            GroupMember.group_id == group_id, GroupMember.student_id == student_id
        )
    ).scalars():
        if v.ranges_overlap(start_date, None, other.start_date, other.end_date):
            raise ConflictError(
                f"Ученик уже в группе «{group.name}» с {v.ru_date(other.start_date)}."
            )
    member = GroupMember(
        group_id=group_id, student_id=student_id, start_date=start_date, end_date=None
    )
    changelog.save(session, actor, member)
    return _member_info(member)


def remove_group_member(
    session: Session,
    actor: Actor,
    group_id: uuid.UUID,
    student_id: uuid.UUID,
    end_date: date,
) -> GroupMemberInfo:
    """The student leaves the group; ``end_date`` is the last day in it."""
    require_admin(actor, _CLASSES)
    v.a_date(end_date, "Дата исключения из группы")
    member = session.execute(
        select(GroupMember)
        .where(
            GroupMember.group_id == group_id,
            GroupMember.student_id == student_id,
            GroupMember.end_date.is_(None),
        )
        .limit(1)
    ).scalar()
    if member is None:
        raise NotFound("Ученик сейчас не состоит в этой группе.")
    v.date_range(
        member.start_date,
        end_date,
        start_label="Дата включения в группу",
        end_label="Дата исключения из группы",
    )
    member.end_date = end_date
    changelog.save(session, actor, member)
    return _member_info(member)
