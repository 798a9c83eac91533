"""Reading calendar-thematic plans (КТП): an assignment's planned topics in order,
and the next topic its lessons have not used up. Changing a plan is
:mod:`database.services.plans`.

Who may read: :func:`get_plan` — whoever may read that journal
(``permissions.require_journal_read``: its teacher, the class teacher, a teacher who
substituted one of its lessons, the administration); :func:`next_planned_topic` takes
no actor (a helper for callers that checked the journal already).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.models import Lesson, PlanTopic
from database.permissions import require_journal_read


@dataclass(frozen=True)
class PlanTopicInfo:
    id: uuid.UUID
    assignment_id: uuid.UUID
    position: int
    topic: str
    hours: int
    homework: str
    control_work: bool = False


@dataclass(frozen=True)
class PlanInfo:
    assignment_id: uuid.UUID
    topics: tuple[PlanTopicInfo, ...]

    @property
    def total_hours(self) -> int:
        return sum(topic.hours for topic in self.topics)


def read_topics(session: Session, assignment_id: uuid.UUID) -> list[PlanTopicInfo]:
    """The plan's topics in order: column rows, no ORM entities (a plan has up to 500
    topics, and the journal window reads it each time it opens)."""
    rows = session.execute(
        select(PlanTopic.id, PlanTopic.position, PlanTopic.topic, PlanTopic.hours,
               PlanTopic.homework, PlanTopic.control_work)
        .where(PlanTopic.assignment_id == assignment_id)
        .order_by(PlanTopic.position, PlanTopic.id)
    )
    return [
        PlanTopicInfo(topic_id, assignment_id, position, topic, hours, homework, control)
        for topic_id, position, topic, hours, homework, control in rows
    ]


def get_plan(session: Session, actor: Actor, assignment_id: uuid.UUID) -> PlanInfo:
    assignment = require_journal_read(session, actor, assignment_id)
    return PlanInfo(assignment_id=assignment.id, topics=tuple(read_topics(session, assignment.id)))


def next_planned_topic(session: Session, assignment_id: uuid.UUID) -> PlanTopicInfo | None:
    """The first planned topic (by position) not yet used up by the assignment's
    lessons. A topic planned for ``hours`` lessons is used up once that many
    (not cancelled) lessons refer to it. ``None`` when the plan is exhausted."""
    counts = session.execute(
        select(Lesson.plan_topic_id, func.count())
        .where(
            Lesson.assignment_id == assignment_id,
            Lesson.plan_topic_id.is_not(None),
            Lesson.cancelled.is_(False),
        )
        .group_by(Lesson.plan_topic_id)
    )
    used: dict[uuid.UUID | None, int] = {topic_id: count for topic_id, count in counts}
    for topic in read_topics(session, assignment_id):
        if used.get(topic.id, 0) < topic.hours:
            return topic
    return None


__all__ = ["PlanInfo", "PlanTopicInfo", "get_plan", "next_planned_topic", "read_topics"]
