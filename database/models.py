"""The school's domain as SQLAlchemy 2.x typed models.

Every synchronisable table has a UUID primary key generated on the device that
creates the row (see ``database.ids``). Tables that only make sense on one computer
(``local_meta``) use natural keys and are never synchronised.

Domain timestamps (``entered_at`` and friends) are naive *school-local* datetimes:
the school sits in one time zone and the regulations ("on the lesson day", "within
90 minutes after the lesson") are stated in its wall-clock time. The change log's
hybrid logical clock is the only UTC clock.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from database.changelog_codec import (
    OPERATION_CODES,
    TABLE_CODES,
    CodeInteger,
    HashBytes,
    HlcInteger,
    PackedJson,
    UuidBytes,
)
from database.ids import UuidBlob, new_id

# Stable constraint names so Alembic batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every ``Mapped[uuid.UUID]`` column, foreign keys included, stores 16 bytes.
    type_annotation_map: ClassVar[dict[Any, Any]] = {uuid.UUID: UuidBlob}


class Synced(Base):
    """A table whose rows travel between computers through the change log."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(UuidBlob, primary_key=True, default=new_id)


# --- school, calendar ---------------------------------------------------------


class School(Synced):
    __tablename__ = "school"

    full_name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(200))
    director_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")


class Setting(Synced):
    """One school setting (notation, weights, rounding rule, time windows) as JSON."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[Any] = mapped_column(JSON)


class AcademicYear(Synced):
    __tablename__ = "academic_year"

    name: Mapped[str] = mapped_column(String(20), unique=True)  # "2026/2027"
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)


class StudyPeriod(Synced):
    """A quarter, half-year or trimester for a range of grade levels."""

    __tablename__ = "study_period"
    __table_args__ = (
        CheckConstraint("kind IN ('quarter','half','trimester')", name="kind"),
        CheckConstraint("grade_from <= grade_to", name="grades"),
        CheckConstraint("start_date <= end_date", name="dates"),
    )

    year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_year.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    grade_from: Mapped[int] = mapped_column(Integer)
    grade_to: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Holiday(Synced):
    """Holidays, vacations and other non-school days (inclusive range)."""

    __tablename__ = "holiday"
    __table_args__ = (CheckConstraint("start_date <= end_date", name="dates"),)

    year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_year.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="vacation")  # vacation|holiday|other
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    grade_from: Mapped[int] = mapped_column(Integer, default=1)
    grade_to: Mapped[int] = mapped_column(Integer, default=11)


class Bell(Synced):
    """Bell schedule: lesson number → start and end time."""

    __tablename__ = "bell"
    __table_args__ = (UniqueConstraint("year_id", "lesson_number"),)

    year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_year.id"), index=True)
    lesson_number: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)


# --- people ---------------------------------------------------------------------


class Staff(Synced):
    __tablename__ = "staff"

    surname: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str] = mapped_column(String(1), default="")  # "m" | "f" | ""
    position: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Student(Synced):
    __tablename__ = "student"

    surname: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str] = mapped_column(String(1), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    personal_file_no: Mapped[str] = mapped_column(String(40), default="")
    health_group: Mapped[str] = mapped_column(String(10), default="")  # I..V
    pe_group: Mapped[str] = mapped_column(String(30), default="")  # основная/подготовительная/…
    address: Mapped[str] = mapped_column(Text, default="")


class Enrolment(Synced):
    """A student's stay in a class: arrival and leaving with dates and order numbers."""

    __tablename__ = "enrolment"
    __table_args__ = (Index("ix_enrolment_class_dates", "class_id", "start_date"),)

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_class.id"))
    start_date: Mapped[date] = mapped_column(Date)
    start_order: Mapped[str] = mapped_column(String(60), default="")
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_order: Mapped[str] = mapped_column(String(60), default="")
    end_reason: Mapped[str] = mapped_column(String(200), default="")


class Guardian(Synced):
    __tablename__ = "guardian"

    surname: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str] = mapped_column(String(1), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class StudentGuardian(Synced):
    __tablename__ = "student_guardian"
    __table_args__ = (UniqueConstraint("student_id", "guardian_id"),)

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    guardian_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("guardian.id"), index=True)
    relation: Mapped[str] = mapped_column(String(40), default="")  # мать, отец, опекун…


class Consent(Synced):
    """A guardian's consent (152-ФЗ personal data, electronic diary), with its paper."""

    __tablename__ = "consent"

    guardian_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("guardian.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # "personal_data"
    granted_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    document_ref: Mapped[str] = mapped_column(String(200), default="")


# --- classes, subjects, timetable ------------------------------------------------------


class SchoolClass(Synced):
    __tablename__ = "school_class"
    __table_args__ = (
        UniqueConstraint("year_id", "grade", "letter"),
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade"),
    )

    year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_year.id"), index=True)
    grade: Mapped[int] = mapped_column(Integer)
    letter: Mapped[str] = mapped_column(String(4))
    class_teacher_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff.id"), nullable=True
    )
    room: Mapped[str] = mapped_column(String(20), default="")


class ClassGroup(Synced):
    """A part of a class taught separately (languages, informatics, technology)."""

    __tablename__ = "class_group"

    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_class.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class GroupMember(Synced):
    __tablename__ = "group_member"
    __table_args__ = (Index("ix_group_member_group", "group_id", "student_id"),)

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("class_group.id"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class Subject(Synced):
    __tablename__ = "subject"
    __table_args__ = (
        CheckConstraint("assessment IN ('marked','pass_fail','none')", name="assessment"),
    )

    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    assessment: Mapped[str] = mapped_column(String(12), default="marked")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class TeachingAssignment(Synced):
    """Who teaches what to whom: class (or one of its groups) × subject × teacher."""

    __tablename__ = "teaching_assignment"
    __table_args__ = (Index("ix_assignment_class_subject", "class_id", "subject_id"),)

    year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_year.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_class.id"))
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("class_group.id"), nullable=True
    )
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject.id"))
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    hours_per_week: Mapped[float] = mapped_column(Float, default=1.0)


class TimetableEntry(Synced):
    __tablename__ = "timetable_entry"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 1 AND 6", name="weekday"),
        Index("ix_timetable_assignment", "assignment_id"),
    )

    assignment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teaching_assignment.id"))
    weekday: Mapped[int] = mapped_column(Integer)  # 1 = Monday … 6 = Saturday
    lesson_number: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(20), default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)


class PlanTopic(Synced):
    """One planned topic of a calendar-thematic plan (КТП) of an assignment."""

    __tablename__ = "plan_topic"
    __table_args__ = (Index("ix_plan_topic_assignment", "assignment_id", "position"),)

    assignment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teaching_assignment.id"))
    position: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text)
    hours: Mapped[int] = mapped_column(Integer, default=1)
    homework: Mapped[str] = mapped_column(Text, default="")
    # The planned lesson is a control work: the lesson it is given on is marked so.
    control_work: Mapped[bool] = mapped_column(Boolean, default=False)


# --- the journal -----------------------------------------------------------------------


class Lesson(Synced):
    """A dated lesson of an assignment, with what the teacher wrote about it."""

    __tablename__ = "lesson"
    __table_args__ = (
        Index("ix_lesson_assignment_date", "assignment_id", "date", "lesson_number"),
        Index("ix_lesson_date", "date"),
    )

    assignment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teaching_assignment.id"))
    date: Mapped[date] = mapped_column(Date)
    lesson_number: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text, default="")
    plan_topic_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plan_topic.id"), nullable=True
    )
    homework: Mapped[str] = mapped_column(Text, default="")
    homework_entered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    homework_late: Mapped[bool] = mapped_column(Boolean, default=False)
    work_type: Mapped[str] = mapped_column(String(40), default="")
    control_work: Mapped[bool] = mapped_column(Boolean, default=False)
    conducted: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    substitute_teacher_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("staff.id"), nullable=True, index=True
    )
    substitution_reason: Mapped[str] = mapped_column(String(200), default="")
    room: Mapped[str] = mapped_column(String(20), default="")


class Mark(Synced):
    """A current mark; ``position`` 1 or 2 lets one cell hold two marks (``5/4``)."""

    __tablename__ = "mark"
    __table_args__ = (
        UniqueConstraint("lesson_id", "student_id", "position"),
        CheckConstraint("position IN (1, 2)", name="position"),
        Index("ix_mark_student", "student_id"),
    )

    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lesson.id"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    position: Mapped[int] = mapped_column(Integer, default=1)
    value: Mapped[str] = mapped_column(String(8))
    work_type: Mapped[str] = mapped_column(String(40), default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    comment: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[uuid.UUID | None] = mapped_column(UuidBlob, nullable=True)
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)


class Attendance(Synced):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("lesson_id", "student_id"),
        Index("ix_attendance_student", "student_id"),
    )

    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lesson.id"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    code: Mapped[str] = mapped_column(String(4))
    entered_by: Mapped[uuid.UUID | None] = mapped_column(UuidBlob, nullable=True)
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)


class PeriodMark(Synced):
    """A period, year, exam or final mark of a student in a subject."""

    __tablename__ = "period_mark"
    __table_args__ = (
        UniqueConstraint("student_id", "subject_id", "year_id", "kind", "period_id"),
        CheckConstraint("kind IN ('period','year','exam','final')", name="kind"),
        Index("ix_period_mark_subject", "subject_id", "year_id"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject.id"))
    year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_year.id"))
    kind: Mapped[str] = mapped_column(String(8))
    period_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("study_period.id"), nullable=True
    )
    value: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[uuid.UUID | None] = mapped_column(UuidBlob, nullable=True)
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)


# --- accounts and devices ----------------------------------------------------------------


class Account(Synced):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin','sysadmin','teacher','student','parent')", name="role"
        ),
        CheckConstraint("status IN ('created','activated','disabled')", name="status"),
    )

    login: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    student_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("student.id"), nullable=True
    )
    guardian_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("guardian.id"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(10), default="created")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoginEvent(Synced):
    __tablename__ = "login_event"
    __table_args__ = (Index("ix_login_event_at", "at"),)

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"), index=True)
    device_id: Mapped[uuid.UUID] = mapped_column(UuidBlob)
    at: Mapped[datetime] = mapped_column(DateTime)
    success: Mapped[bool] = mapped_column(Boolean)


class Device(Synced):
    __tablename__ = "device"
    __table_args__ = (CheckConstraint("kind IN ('classroom','admin')", name="kind"),)

    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10), default="classroom")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AccountKey(Synced):
    """An account's password as every computer of the school can check it: a key slot
    document (:mod:`database.keyslots` format) wrapping the school's *login key* under
    the account's password. ``id`` is the account's id. See :mod:`database.sync.people`
    for why the login key and not a data key (each computer has its own)."""

    __tablename__ = "account_key"

    login: Mapped[str] = mapped_column(String(64))
    slot: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


# --- the change log (audit trail and the spine of sync) ---------------------------------


class ChangeLog(Base):
    """One row per changed record, append-only, hash-chained per device.

    ``seq`` is only this database's insertion order; ``device_seq`` numbers each
    device's rows 1, 2, 3… without gaps so a deleted row breaks the chain visibly.

    Stored compactly (:mod:`database.changelog_codec`): the attributes are the text
    values that are hashed and published, the columns hold their binary forms.
    ``prev_hash`` is NULL where it is the hash of this device's previous row (always,
    for rows written or applied here): the chain is still checked link by link, from
    the stored hashes, by :func:`database.changelog.verify_chain`.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        UniqueConstraint("device_id", "device_seq"),
        # A record's rows by its id, with or without its table (ids are random UUIDs);
        # by table alone only the few rows with a parent op are asked for.
        Index("ix_change_log_record", "record_id"),
        Index("ix_change_log_with_parent", "table_name",
              sqlite_where=text("parent_op IS NOT NULL")),
        CheckConstraint("operation IN (1, 2)", name="operation"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(UuidBytes, unique=True)
    hlc: Mapped[str] = mapped_column(HlcInteger)
    device_id: Mapped[str] = mapped_column(UuidBytes)
    device_seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str | None] = mapped_column(UuidBytes, nullable=True)
    table_name: Mapped[str] = mapped_column(CodeInteger(TABLE_CODES))
    record_id: Mapped[str] = mapped_column(UuidBytes)
    operation: Mapped[str] = mapped_column(CodeInteger(OPERATION_CODES))
    fields: Mapped[str] = mapped_column(PackedJson)  # canonical JSON of changed fields
    parent_op: Mapped[str | None] = mapped_column(UuidBytes, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(HashBytes, nullable=True)
    hash: Mapped[str] = mapped_column(HashBytes)


class LocalMeta(Base):
    """Facts about this computer's copy (device id, HLC state, chain head). Not synced."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- synchronisation state of this computer (never synchronised itself) -----------------


class SyncDevice(Base):
    """The school's device registry as last verified from the share: who may publish,
    with which public keys, and from which of its sequence numbers on it is refused."""

    __tablename__ = "sync_device"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    sign_key: Mapped[str] = mapped_column(String(64))  # Ed25519 public key, hex
    box_key: Mapped[str] = mapped_column(String(64))  # X25519 public key, hex
    revoked_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    registry_version: Mapped[int] = mapped_column(Integer)


class SyncCursor(Base):
    """Per source device: the last applied sequence number and its hash. Moves only in
    the transaction that applies the ops it covers."""

    __tablename__ = "sync_cursor"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10), default="ok")  # ok | fork
    problem: Mapped[str] = mapped_column(Text, default="")
    clock_ahead_ms: Mapped[int] = mapped_column(Integer, default=0)


class SyncEpoch(Base):
    """What a device had applied from the others when it wrote its ops from
    ``first_seq`` on (a segment's ``seen`` vector, JSON ``{device: seq}``): decides
    whether one op saw another (a conflict) and the order segments may apply in."""

    __tablename__ = "sync_epoch"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    seen: Mapped[str] = mapped_column(Text)


class SyncSegment(Base):
    """Segments of the share already applied or checked against the local log (fork
    detection reads a name's header only once)."""

    __tablename__ = "sync_segment"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))


class SyncConflict(Base):
    """A value that lost (per field, or a delete, or a duplicate unique key), kept and
    shown until a later change made after seeing both settles it."""

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))  # a column, "*" (delete) or "unique"
    winner_op: Mapped[str] = mapped_column(String(36))
    loser_op: Mapped[str] = mapped_column(String(36))
    loser_value: Mapped[str] = mapped_column(Text)  # canonical JSON


class SyncRefused(Base):
    """A remote op refused by the permission rules: kept in the change log for its
    chain, never applied, listed for the administration."""

    __tablename__ = "sync_refused"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    device_seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text)



SYNCED_TABLES: dict[str, type[Synced]] = {
    mapper.class_.__tablename__: mapper.class_
    for mapper in Base.registry.mappers
    if issubclass(mapper.class_, Synced)
}
