"""services.people: staff, students, enrolment, guardians and consents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from database.models import (
    Account,
    Consent,
    Enrolment,
    GroupMember,
    Staff,
    Student,
    StudentGuardian,
)
from database.permissions import has_consent, require_student_read
from database.services import people as svc
from tests.database.conftest import TODAY, SmallSchool
from tests.database.test_services_support import (
    assert_chain_ok,
    assert_logged_by,
    log_mark,
    new_log_rows,
    unchanged,
)

# --- staff ----------------------------------------------------------------------------


def test_add_and_update_staff(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    mark = log_mark(session)
    info = svc.add_staff(
        session, admin, " сидоров ", "ИГОРЬ", "", gender="m", position=" учитель  физики "
    )
    assert (info.surname, info.name, info.patronymic) == ("Сидоров", "Игорь", "")
    assert info.position == "учитель физики" and info.active
    assert info.full_name == "Сидоров Игорь"
    [row] = new_log_rows(session, mark)
    assert row.table_name == "staff" and row.record_id == info.id
    assert row.fields == {
        "surname": "Сидоров",
        "name": "Игорь",
        "patronymic": "",
        "gender": "m",
        "position": "учитель физики",
        "active": True,
    }
    assert_logged_by([row], admin)

    mark = log_mark(session)
    info = svc.update_staff(session, admin, info.id, patronymic="Олегович", surname="Сидоров")
    [row] = new_log_rows(session, mark)
    assert row.fields == {"patronymic": "Олегович"}
    assert session.get(Staff, info.id).patronymic == "Олегович"  # type: ignore[union-attr]


def test_staff_validation_names_the_field(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    with unchanged(session), pytest.raises(ValidationError, match="Фамилия не может быть пустой"):
        svc.add_staff(session, admin, "  ", "Игорь")
    with unchanged(session), pytest.raises(ValidationError, match="Имя должно быть записано"):
        svc.add_staff(session, admin, "Сидоров", "Igor")
    with unchanged(session), pytest.raises(ValidationError, match="«Пол»"):
        svc.add_staff(session, admin, "Сидоров", "Игорь", gender="м")
    with unchanged(session), pytest.raises(ValidationError, match="В отчестве не может быть"):
        svc.update_staff(session, admin, small_school.math_teacher_id, patronymic="Петровна2")
    with unchanged(session), pytest.raises(NotFound, match="Сотрудник не найден"):
        svc.update_staff(session, admin, small_school.student_ids[0], name="Ольга")


def test_deactivate_staff_disables_their_accounts(
    session: Session, small_school: SmallSchool
) -> None:
    mark = log_mark(session)
    info = svc.deactivate_staff(
        session, small_school.admin, small_school.other_teacher_id, reason="уволилась"
    )
    assert not info.active
    rows = new_log_rows(session, mark)
    assert [(r.table_name, r.fields) for r in rows] == [
        ("staff", {"active": False}),
        ("account", {"status": "disabled"}),
    ]
    assert all(r.reason == "уволилась" for r in rows)
    account = session.get(Account, small_school.other_teacher.account_id)
    assert account is not None and account.status == "disabled"
    assert svc.reactivate_staff(session, small_school.admin, small_school.other_teacher_id).active


# --- students -------------------------------------------------------------------------


def test_add_student(session: Session, small_school: SmallSchool) -> None:
    mark = log_mark(session)
    info = svc.add_student(
        session,
        small_school.admin,
        "Егорова",
        "Дарья",
        "Ивановна",
        gender="f",
        birth_date=date(2015, 6, 1),
        personal_file_no="Е-15",
        health_group="2",
        pe_group="основная",
        address="ул. Школьная, 3",
    )
    assert info.health_group == "II" and info.full_name == "Егорова Дарья Ивановна"
    [row] = new_log_rows(session, mark)
    assert row.table_name == "student" and row.record_id == info.id
    assert row.fields["birth_date"] == "2015-06-01" and row.fields["personal_file_no"] == "Е-15"
    assert len(row.fields) == 9

    with unchanged(session), pytest.raises(ConflictError, match="Личное дело № Е-15 уже есть"):
        svc.add_student(
            session,
            small_school.admin,
            "Жуков",
            "Иван",
            gender="m",
            birth_date=date(2015, 1, 1),
            personal_file_no="Е-15",
        )
    # Its own number is no conflict on update.
    svc.update_student(
        session, small_school.admin, info.id, personal_file_no="Е-15", pe_group="подготовительная"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gender": ""}, "«Пол»"),
        ({"birth_date": TODAY + timedelta(days=1)}, "не может быть в будущем"),
        ({"birth_date": date(2024, 1, 1)}, "не меньше 4 лет"),
        ({"birth_date": date(1980, 1, 1)}, "больше 30 лет"),
        ({"health_group": "VI"}, "Группа здоровья"),
        ({"pe_group": "о" * 31}, "не более 30 символов"),
    ],
)
def test_student_validation(
    session: Session, small_school: SmallSchool, changes: dict[str, object], message: str
) -> None:
    with unchanged(session), pytest.raises(ValidationError, match=message):
        svc.update_student(session, small_school.admin, small_school.student_ids[0], **changes)  # type: ignore[arg-type]


# --- enrolment ------------------------------------------------------------------------


def _new_student(session: Session, actor: Actor) -> svc.StudentInfo:
    return svc.add_student(
        session, actor, "Жуков", "Иван", "Петрович", gender="m", birth_date=date(2015, 2, 2)
    )


def test_enrol_and_leave(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    student = _new_student(session, admin)
    mark = log_mark(session)
    enrolment = svc.enrol_student(
        session,
        admin,
        student.id,
        small_school.class_id,
        date(2026, 11, 16),
        "Приказ № 80 от 16.11.2026",
    )
    assert enrolment.end_date is None and enrolment.start_order == "Приказ № 80 от 16.11.2026"
    [row] = new_log_rows(session, mark)
    assert row.table_name == "enrolment" and row.fields["start_date"] == "2026-11-16"

    mark = log_mark(session)
    left = svc.leave_student(
        session,
        admin,
        student_id=student.id,
        end_date=date(2026, 12, 1),
        order="Приказ № 90",
        reason="переезд",
    )
    assert left.id == enrolment.id and left.end_date == date(2026, 12, 1)
    [row] = new_log_rows(session, mark)
    assert row.fields == {
        "end_date": "2026-12-01",
        "end_order": "Приказ № 90",
        "end_reason": "переезд",
    }
    # Enrolled again after leaving: no overlap.
    again = svc.enrol_student(
        session, admin, student.id, small_school.class_id, date(2027, 1, 11), "Приказ № 3"
    )
    assert session.get(Enrolment, again.id) is not None
    assert_chain_ok(session)


def test_enrolment_refusals(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    pupil = small_school.student_ids[0]  # in 5 «А» since 01.09.2026, still there
    with unchanged(session), pytest.raises(ConflictError, match="уже числится в 5 «А»"):
        svc.enrol_student(session, admin, pupil, small_school.class_id, date(2026, 12, 1), "№ 1")
    # The one who left on 10.11 may come back from 11.11 but not before.
    gone = small_school.student_ids[-1]
    with unchanged(session), pytest.raises(ConflictError, match=r"по 10\.11\.2026"):
        svc.enrol_student(session, admin, gone, small_school.class_id, date(2026, 11, 10), "№ 2")
    with unchanged(session), pytest.raises(ValidationError, match="в пределах учебного года"):
        svc.enrol_student(session, admin, gone, small_school.class_id, date(2027, 7, 1), "№ 2")
    with unchanged(session), pytest.raises(ValidationError, match="«Приказ о зачислении»"):
        svc.enrol_student(session, admin, gone, small_school.class_id, date(2026, 12, 1), " ")
    with unchanged(session), pytest.raises(ValidationError, match="не может быть раньше"):
        svc.leave_student(session, admin, student_id=pupil, end_date=date(2026, 8, 31), order="№ 5")
    with unchanged(session), pytest.raises(ValidationError, match="либо зачисление, либо"):
        svc.leave_student(session, admin, end_date=date(2026, 12, 1), order="№ 5")
    with unchanged(session), pytest.raises(NotFound, match="не числится ни в одном классе"):
        svc.leave_student(session, admin, student_id=gone, end_date=date(2026, 12, 1), order="№ 5")


def test_leaving_ends_group_membership(session: Session, small_school: SmallSchool) -> None:
    pupil = small_school.student_ids[0]
    mark = log_mark(session)
    svc.leave_student(
        session, small_school.admin, student_id=pupil, end_date=date(2026, 12, 1), order="№ 9"
    )
    rows = new_log_rows(session, mark)
    assert [r.table_name for r in rows] == ["enrolment", "group_member"]
    member = session.execute(select(GroupMember).where(GroupMember.student_id == pupil)).scalar()
    assert member is not None and member.end_date == date(2026, 12, 1)


def test_transfer_student(session: Session, small_school: SmallSchool) -> None:
    from database.services.classes import create_class

    admin = small_school.admin
    other = create_class(session, admin, small_school.year_id, 5, "Б")
    pupil = small_school.student_ids[1]
    mark = log_mark(session)
    new = svc.transfer_student(session, admin, pupil, other.id, date(2026, 11, 20), "Приказ № 95")
    assert new.class_id == other.id and new.start_date == date(2026, 11, 21)
    enrolments = (
        session.execute(
            select(Enrolment).where(Enrolment.student_id == pupil).order_by(Enrolment.start_date)
        )
        .scalars()
        .all()
    )
    assert [(e.class_id, e.end_date) for e in enrolments] == [
        (small_school.class_id, date(2026, 11, 20)),
        (other.id, None),
    ]
    assert [r.table_name for r in new_log_rows(session, mark)] == [
        "enrolment",
        "group_member",
        "enrolment",
    ]
    with unchanged(session), pytest.raises(ValidationError, match="уже учится в этом классе"):
        svc.transfer_student(session, admin, pupil, other.id, date(2026, 11, 25), "№ 96")
    with unchanged(session), pytest.raises(ValidationError, match="в пределах учебного года"):
        svc.transfer_student(
            session, admin, pupil, small_school.class_id, date(2027, 5, 31), "№ 97"
        )


# --- guardians and consents -----------------------------------------------------------


def test_guardians_and_links(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    pupil = small_school.student_ids[2]
    mark = log_mark(session)
    guardian = svc.add_guardian(
        session, admin, "Васильева", "Ольга", "Ивановна", gender="f", phone="+7 900 000-00-00"
    )
    link = svc.link_guardian(session, admin, pupil, guardian.id, "мать")
    assert link.relation == "мать"
    rows = new_log_rows(session, mark)
    assert [(r.table_name, r.record_id) for r in rows] == [
        ("guardian", guardian.id),
        ("student_guardian", link.id),
    ]
    with unchanged(session), pytest.raises(ConflictError, match="уже связан"):
        svc.link_guardian(session, admin, pupil, guardian.id, "мать")
    svc.update_guardian(session, admin, guardian.id, phone="")

    mark = log_mark(session)
    svc.unlink_guardian(session, admin, pupil, guardian.id)
    [row] = new_log_rows(session, mark)
    assert (row.operation, row.record_id) == ("delete", link.id)
    assert session.get(StudentGuardian, link.id) is None
    with pytest.raises(NotFound):
        svc.unlink_guardian(session, admin, pupil, guardian.id)
    with unchanged(session), pytest.raises(ValidationError, match="Телефон"):
        svc.update_guardian(session, admin, guardian.id, phone="нет")


def test_register_and_withdraw_consent(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    father = small_school.guardian_without_consent_id
    child = small_school.student_ids[1]
    with pytest.raises(PermissionDenied, match="согласие"):
        require_student_read(session, small_school.parent_without_consent, child, TODAY)

    mark = log_mark(session)
    consent = svc.register_consent(
        session, admin, father, "personal_data", date(2026, 11, 16), "Заявление № 40 от 16.11.2026"
    )
    [row] = new_log_rows(session, mark)
    assert row.table_name == "consent" and row.record_id == consent.id
    assert row.fields == {
        "guardian_id": str(father),
        "kind": "personal_data",
        "granted_on": "2026-11-16",
        "withdrawn_on": None,
        "document_ref": "Заявление № 40 от 16.11.2026",
    }
    require_student_read(session, small_school.parent_without_consent, child, TODAY)

    with unchanged(session), pytest.raises(ConflictError, match="уже зарегистрировано"):
        svc.register_consent(session, admin, father, "personal_data", TODAY, "№ 41")

    mark = log_mark(session)
    withdrawn = svc.withdraw_consent(session, admin, consent.id, TODAY)
    assert withdrawn.withdrawn_on == TODAY
    [row] = new_log_rows(session, mark)
    assert row.fields == {"withdrawn_on": TODAY.isoformat()}
    assert not has_consent(session, father, TODAY)
    assert has_consent(session, father, TODAY - timedelta(days=1))
    with unchanged(session), pytest.raises(ConflictError, match="уже отозвано"):
        svc.withdraw_consent(session, admin, consent.id, TODAY)
    # A new consent after withdrawal may be registered.
    svc.register_consent(session, admin, father, "personal_data", TODAY, "Заявление № 45")
    assert has_consent(session, father, TODAY)


def test_consent_refusals(session: Session, small_school: SmallSchool) -> None:
    admin = small_school.admin
    father = small_school.guardian_without_consent_id
    with unchanged(session), pytest.raises(ValidationError, match="«Документ \\(заявление\\)»"):
        svc.register_consent(session, admin, father, "personal_data", TODAY, "  ")
    with unchanged(session), pytest.raises(ValidationError, match="не может быть в будущем"):
        svc.register_consent(
            session, admin, father, "personal_data", TODAY + timedelta(days=1), "№ 1"
        )
    with unchanged(session), pytest.raises(ValidationError, match="«Вид согласия»"):
        svc.register_consent(session, admin, father, "photo", TODAY, "№ 1")
    consent_id = session.execute(select(Consent.id)).scalar_one()
    with unchanged(session), pytest.raises(ValidationError, match="не может быть раньше"):
        svc.withdraw_consent(session, admin, consent_id, date(2026, 9, 1))


# --- permissions ----------------------------------------------------------------------


ADMIN_ONLY: dict[str, Callable[[Session, Actor, SmallSchool], object]] = {
    "add_staff": lambda s, a, k: svc.add_staff(s, a, "Сидоров", "Игорь"),
    "update_staff": lambda s, a, k: svc.update_staff(s, a, k.math_teacher_id, name="Оля"),
    "deactivate_staff": lambda s, a, k: svc.deactivate_staff(s, a, k.other_teacher_id),
    "reactivate_staff": lambda s, a, k: svc.reactivate_staff(s, a, k.other_teacher_id),
    "add_student": lambda s, a, k: svc.add_student(
        s, a, "Жуков", "Иван", gender="m", birth_date=None
    ),
    "update_student": lambda s, a, k: svc.update_student(s, a, k.student_ids[0], address="x"),
    "enrol_student": lambda s, a, k: svc.enrol_student(
        s, a, k.student_ids[-1], k.class_id, date(2026, 12, 1), "№ 1"
    ),
    "leave_student": lambda s, a, k: svc.leave_student(
        s, a, student_id=k.student_ids[0], end_date=date(2026, 12, 1), order="№ 1"
    ),
    "transfer_student": lambda s, a, k: svc.transfer_student(
        s, a, k.student_ids[0], k.class_id, date(2026, 12, 1), "№ 1"
    ),
    "add_guardian": lambda s, a, k: svc.add_guardian(s, a, "Жукова", "Анна"),
    "update_guardian": lambda s, a, k: svc.update_guardian(
        s, a, k.guardian_with_consent_id, phone=""
    ),
    "link_guardian": lambda s, a, k: svc.link_guardian(
        s, a, k.student_ids[3], k.guardian_with_consent_id, "мать"
    ),
    "unlink_guardian": lambda s, a, k: svc.unlink_guardian(
        s, a, k.student_ids[0], k.guardian_with_consent_id
    ),
}

CONSENTS: dict[str, Callable[[Session, Actor, SmallSchool], object]] = {
    "register_consent": lambda s, a, k: svc.register_consent(
        s, a, k.guardian_without_consent_id, "personal_data", TODAY, "№ 1"
    ),
    "withdraw_consent": lambda s, a, k: svc.withdraw_consent(
        s, a, s.execute(select(Consent.id)).scalar_one(), TODAY
    ),
}


@pytest.mark.parametrize("service", sorted(CONSENTS))
def test_consents_by_the_administration_and_the_class_teacher_only(
    session: Session, small_school: SmallSchool, service: str
) -> None:
    # The English teacher teaches 5 «А» but does not lead it.
    for role in ("sysadmin", "english_teacher", "other_teacher", "student", "parent"):
        actor: Actor = getattr(small_school, role)
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            CONSENTS[service](session, actor, small_school)
    # The math teacher is the class teacher of 5 «А», where the parents' children are.
    mark = log_mark(session)
    CONSENTS[service](session, small_school.math_teacher, small_school)
    rows = new_log_rows(session, mark, "consent")
    assert len(rows) == 1
    assert_logged_by(rows, small_school.math_teacher)


@pytest.mark.parametrize("service", sorted(ADMIN_ONLY))
def test_only_the_administration_changes_people(
    session: Session, small_school: SmallSchool, service: str
) -> None:
    for role in ("sysadmin", "math_teacher", "student", "parent"):
        actor: Actor = getattr(small_school, role)
        with unchanged(session), pytest.raises(PermissionDenied, match="Недостаточно прав"):
            ADMIN_ONLY[service](session, actor, small_school)


def test_student_count_is_unchanged_by_refusals(
    session: Session, small_school: SmallSchool
) -> None:
    before = len(session.execute(select(Student.id)).all())
    with pytest.raises(PermissionDenied):
        svc.add_student(
            session, small_school.math_teacher, "Жуков", "Иван", gender="m", birth_date=None
        )
    assert len(session.execute(select(Student.id)).all()) == before
