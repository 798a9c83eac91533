"""A calendar-thematic plan (КТП) against what was given: for each planned topic,
the lessons that took it (:attr:`database.models.Lesson.plan_topic_id`, not
cancelled), and the plans of the same subject in the other classes of the grade to
copy from. Changing a plan is :mod:`database.services.plans`.

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
    ClassGroup,
    Lesson,
    PlanTopic,
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
    return PlanFact(
        assignment_id=assignment.id,
        title=_title(school_class.grade, school_class.letter, subject.name,
                     group.name if group else None),
        topics=tuple(TopicFact(t, tuple(given.get(t.id, ()))) for t in topics),
        lessons_held=held,
        lessons_without_plan=unplanned,
        sources=tuple(_sources(session, assignment, school_class.grade)),
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


__all__ = ["GivenLesson", "PlanFact", "PlanSource", "TopicFact", "plan_against_fact"]
