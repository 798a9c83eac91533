"""A calendar-thematic plan (КТП) against what was given: for each planned topic,
the lessons that took it (:attr:`database.models.Lesson.plan_topic_id`, not
cancelled), and the plans of the same subject in the other classes of the grade to
copy from. Changing a plan is :mod:`database.services.plans`.

The remaining topics *re-flow* onto the lessons still to come: the hours not given
yet, in plan order, fall on the journal's coming lessons (today's included) that took
no planned topic yet and are not cancelled, one hour a lesson. A cancelled lesson
drops out, so every later topic moves one lesson on (and a topic it had taken is
given again later); an extra lesson is one more place, so they move one back.
Hours that do not fit before the last lesson of the year are counted as not fitting.

Who may read: whoever may read that journal (``permissions.require_journal_read``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.display_names import class_title, short_name
from database.models import (
    AcademicYear,
    ClassGroup,
    Lesson,
    PlanTopic,
    School,
    SchoolClass,
    Staff,
    Subject,
    TeachingAssignment,
)
from database.permissions import require_journal_read
from database.queries.plans import PlanTopicInfo, read_topics


@dataclass(frozen=True)
class GivenLesson:
    date: date
    lesson_number: int
    control_work: bool


@dataclass(frozen=True)
class TopicFact:
    topic: PlanTopicInfo
    given: tuple[GivenLesson, ...]  # by date
    planned: tuple[GivenLesson, ...] = ()  # the coming lessons its remaining hours fall on

    @property
    def done(self) -> bool:
        return len(self.given) >= self.topic.hours


@dataclass(frozen=True)
class PlanSource:
    """Another journal of the same subject and grade whose plan may be copied."""

    assignment_id: uuid.UUID
    title: str  # «5 «Б» · Математика (Иванова М. П.)»
    topics: int


@dataclass(frozen=True)
class PlanFact:
    assignment_id: uuid.UUID
    title: str  # «5 «А» · Математика»
    topics: tuple[TopicFact, ...]
    lessons_held: int  # lessons held so far (not cancelled, day come)
    lessons_without_plan: int  # of those, how many took no planned topic
    sources: tuple[PlanSource, ...]
    hours_not_fitting: int = 0  # remaining hours beyond the year's last lesson

    @property
    def planned_hours(self) -> int:
        return sum(t.topic.hours for t in self.topics)

    @property
    def given_hours(self) -> int:
        return sum(min(len(t.given), t.topic.hours) for t in self.topics)


def _title(grade: int, letter: str, subject: str, group: str | None) -> str:
    return f"{class_title(grade, letter)} · {subject}" + (f" ({group})" if group else "")


def plan_against_fact(session: Session, actor: Actor, assignment_id: uuid.UUID) -> PlanFact:
    assignment = require_journal_read(session, actor, assignment_id)
    school_class = session.get(SchoolClass, assignment.class_id)
    subject = session.get(Subject, assignment.subject_id)
    group = session.get(ClassGroup, assignment.group_id) if assignment.group_id else None
    assert school_class is not None and subject is not None
    topics = read_topics(session, assignment.id)
    given: dict[uuid.UUID | None, list[GivenLesson]] = {}
    rows = session.execute(
        select(Lesson.plan_topic_id, Lesson.date, Lesson.lesson_number, Lesson.control_work)
        .where(Lesson.assignment_id == assignment.id, Lesson.plan_topic_id.is_not(None),
               Lesson.cancelled.is_(False))
        .order_by(Lesson.date, Lesson.lesson_number)
    )
    for topic_id, day, number, control in rows:
        given.setdefault(topic_id, []).append(GivenLesson(day, number, control))
    today = actor.now().date()
    unplanned_lesson = case((Lesson.plan_topic_id.is_(None), 1), else_=0)
    held, unplanned = session.execute(
        select(func.count(), func.coalesce(func.sum(unplanned_lesson), 0))
        .where(Lesson.assignment_id == assignment.id, Lesson.cancelled.is_(False),
               Lesson.date <= today)
    ).one()
    coming = [GivenLesson(day, number, control) for day, number, control in session.execute(
        select(Lesson.date, Lesson.lesson_number, Lesson.control_work)
        .where(Lesson.assignment_id == assignment.id, Lesson.plan_topic_id.is_(None),
               Lesson.cancelled.is_(False), Lesson.date >= today)
        .order_by(Lesson.date, Lesson.lesson_number))]
    facts, not_fitting = reflow(
        [TopicFact(t, tuple(given.get(t.id, ()))) for t in topics], coming)
    return PlanFact(
        assignment_id=assignment.id,
        title=_title(school_class.grade, school_class.letter, subject.name,
                     group.name if group else None),
        topics=tuple(facts),
        lessons_held=held,
        lessons_without_plan=unplanned,
        sources=tuple(_sources(session, assignment, school_class.grade)),
        hours_not_fitting=not_fitting,
    )


def reflow(
    topics: list[TopicFact], coming: list[GivenLesson]
) -> tuple[list[TopicFact], int]:
    """Each topic with the coming lessons its hours not given yet fall on (in plan
    order, one hour a lesson), and how many hours find no lesson."""
    result: list[TopicFact] = []
    place = 0
    not_fitting = 0
    for fact in topics:
        remaining = max(0, fact.topic.hours - len(fact.given))
        taken = tuple(coming[place:place + remaining])
        place += len(taken)
        not_fitting += remaining - len(taken)
        result.append(TopicFact(fact.topic, fact.given, taken))
    return result, not_fitting


@dataclass(frozen=True)
class PlanForPrint:
    school_name: str
    year_name: str  # «2026/2027»
    teacher: str  # «Смирнова О. П.»
    generated_on: date
    fact: PlanFact


def plan_for_print(session: Session, actor: Actor, assignment_id: uuid.UUID) -> PlanForPrint:
    """The plan against the fact with what its printed copy is headed by."""
    fact = plan_against_fact(session, actor, assignment_id)
    assignment = session.get(TeachingAssignment, assignment_id)
    assert assignment is not None
    teacher = session.get(Staff, assignment.teacher_id)
    year = session.get(AcademicYear, assignment.year_id)
    school = session.execute(select(School.full_name, School.short_name)).first()
    return PlanForPrint(
        school_name=(school[1] or school[0]) if school else "",
        year_name=year.name if year else "",
        teacher=short_name(teacher.surname, teacher.name, teacher.patronymic) if teacher else "",
        generated_on=actor.now().date(),
        fact=fact,
    )


def class_plans_for_print(
    session: Session, actor: Actor, class_id: uuid.UUID
) -> tuple[PlanForPrint, ...]:
    """Every journal's plan of a class (the administration and the class teacher, as
    the other class documents), in the journal list's order."""
    from database.queries.journal import list_journals
    from database.queries.summary import require_class_report

    require_class_report(session, actor, class_id)
    school_class = session.get(SchoolClass, class_id)
    if school_class is None:
        from database.errors import NotFound

        raise NotFound("Класс не найден.")
    return tuple(
        plan_for_print(session, actor, journal.assignment_id)
        for journal in list_journals(session, actor, school_class.year_id)
        if journal.class_id == class_id
    )


def _sources(session: Session, assignment: TeachingAssignment, grade: int) -> list[PlanSource]:
    """The same subject's other journals in the grade, in the same year, with a plan."""
    counts = (
        select(PlanTopic.assignment_id, func.count().label("topics"))
        .group_by(PlanTopic.assignment_id)
        .subquery()
    )
    rows = session.execute(
        select(TeachingAssignment.id, SchoolClass.grade, SchoolClass.letter, Subject.name,
               ClassGroup.name, Staff.surname, Staff.name, Staff.patronymic, counts.c.topics)
        .join(counts, counts.c.assignment_id == TeachingAssignment.id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == TeachingAssignment.group_id)
        .where(
            TeachingAssignment.year_id == assignment.year_id,
            TeachingAssignment.subject_id == assignment.subject_id,
            TeachingAssignment.id != assignment.id,
            SchoolClass.grade == grade,
        )
        .order_by(SchoolClass.letter, ClassGroup.name)
    )
    return [
        PlanSource(source_id, f"{_title(g, letter, subject, group)} "
                              f"({short_name(surname, name, patronymic)})", topics)
        for source_id, g, letter, subject, group, surname, name, patronymic, topics in rows
    ]


__all__ = [
    "GivenLesson",
    "PlanFact",
    "PlanForPrint",
    "PlanSource",
    "TopicFact",
    "class_plans_for_print",
    "plan_against_fact",
    "plan_for_print",
    "reflow",
]
