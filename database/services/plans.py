"""Changing calendar-thematic plans (КТП): the ordered topics of an assignment.
Reading them is :mod:`database.queries.plans`.

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ========  ============================  =======  ======
function               admin  sysadmin  teacher                       student  parent
=====================  =====  ========  ============================  =======  ======
set_plan               yes    —         the assignment's own teacher  —        —
add_plan_topic         yes    —         the assignment's own teacher  —        —
copy_plan              yes    —         the target's own teacher      —        —
=====================  =====  ========  ============================  =======  ======

Teacher rights follow ``permissions.require_assignment_edit``.
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.errors import ValidationError
from database.models import Lesson, PlanTopic, SchoolClass, TeachingAssignment
from database.permissions import get_assignment, require_assignment_edit
from database.queries.plans import PlanInfo, PlanTopicInfo, read_topics

MAX_TOPICS: Final = 500
TOPIC_MAX_LENGTH: Final = 500
HOMEWORK_MAX_LENGTH: Final = 2000
MAX_TOPIC_HOURS: Final = 40
CONTROL_WORK_REASON: Final = "контрольная работа по КТП"


@dataclass(frozen=True)
class PlanTopicInput:
    """One planned topic as the user typed it."""

    topic: str
    hours: int = 1
    homework: str = ""
    control_work: bool = False


def _topic_info(topic: PlanTopic) -> PlanTopicInfo:
    return PlanTopicInfo(
        id=topic.id,
        assignment_id=topic.assignment_id,
        position=topic.position,
        topic=topic.topic,
        hours=topic.hours,
        homework=topic.homework,
        control_work=topic.control_work,
    )


def _clean_topic(item: PlanTopicInput, position: int) -> PlanTopicInput:
    where = f"Тема № {position}"
    if not isinstance(item, PlanTopicInput):
        raise ValidationError(f"{where}: неверные данные.")
    return PlanTopicInput(
        topic=v.text(item.topic, f"{where}: тема", max_length=TOPIC_MAX_LENGTH, required=True),
        hours=v.integer(item.hours, f"{where}: часов", minimum=1, maximum=MAX_TOPIC_HOURS),
        homework=v.text(
            item.homework,
            f"{where}: домашнее задание",
            max_length=HOMEWORK_MAX_LENGTH,
            multiline=True,
        ),
        control_work=bool(item.control_work),
    )


def _load_topics(session: Session, assignment_id: uuid.UUID) -> list[PlanTopic]:
    return list(
        session.execute(
            select(PlanTopic)
            .where(PlanTopic.assignment_id == assignment_id)
            .order_by(PlanTopic.position, PlanTopic.id)
        ).scalars()
    )


def _plan_info(assignment_id: uuid.UUID, topics: list[PlanTopic]) -> PlanInfo:
    ordered = sorted(topics, key=lambda t: t.position)
    return PlanInfo(assignment_id=assignment_id, topics=tuple(_topic_info(t) for t in ordered))


def _flag_lessons(session: Session, actor: Actor, topic: PlanTopic) -> None:
    """The lessons not yet held that take ``topic`` follow its control-work mark. A
    lesson already held (conducted or cancelled) keeps what its teacher recorded: the
    plan changes what is to come, not the journal's past."""
    for lesson in session.execute(
        select(Lesson).where(
            Lesson.plan_topic_id == topic.id,
            Lesson.control_work.is_not(topic.control_work),
            Lesson.conducted.is_(False),
            Lesson.cancelled.is_(False),
        )
    ).scalars():
        lesson.control_work = topic.control_work
        changelog.save(session, actor, lesson, reason=CONTROL_WORK_REASON)


def _remove_topic(session: Session, actor: Actor, topic: PlanTopic) -> None:
    """Delete a planned topic; lessons that used it keep their own topic text."""
    for lesson in session.execute(select(Lesson).where(Lesson.plan_topic_id == topic.id)).scalars():
        lesson.plan_topic_id = None
        changelog.save(session, actor, lesson, reason="тема удалена из КТП")
    changelog.delete(session, actor, topic)


def set_plan(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    topics: Sequence[PlanTopicInput],
) -> PlanInfo:
    """Replace the assignment's plan with ``topics`` (in order, positions 1..n).

    Topics are matched to the existing plan by their text, so an unchanged topic keeps
    its id (and the lessons that refer to it) even when others are inserted before
    it; an edited topic in the same place keeps its id too. Topics no longer in the
    plan are deleted (their lessons keep their own topic text). Only real changes are
    written to the change log.
    """
    assignment = require_assignment_edit(session, actor, assignment_id)
    if len(topics) > MAX_TOPICS:
        raise ValidationError(f"В плане может быть не больше {MAX_TOPICS} тем.")
    cleaned = [_clean_topic(item, index) for index, item in enumerate(topics, start=1)]
    existing = _load_topics(session, assignment.id)

    matcher = difflib.SequenceMatcher(
        a=[t.topic for t in existing], b=[t.topic for t in cleaned], autojunk=False
    )
    # new index → existing row that it updates in place
    keep: dict[int, PlanTopic] = {}
    removed: list[PlanTopic] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            paired = min(a_end - a_start, b_end - b_start)
            for offset in range(paired):
                keep[b_start + offset] = existing[a_start + offset]
            removed.extend(existing[a_start + paired : a_end])
        elif tag == "delete":
            removed.extend(existing[a_start:a_end])

    for topic in removed:
        _remove_topic(session, actor, topic)
    result: list[PlanTopic] = []
    for index, item in enumerate(cleaned):
        row = keep.get(index)
        values = {
            "position": index + 1,
            "topic": item.topic,
            "hours": item.hours,
            "homework": item.homework,
            "control_work": item.control_work,
        }
        flag_changed = False
        if row is None:
            row = PlanTopic(assignment_id=assignment.id, **values)
        else:
            flag_changed = row.control_work != item.control_work
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
        changelog.save(session, actor, row)
        if flag_changed:
            _flag_lessons(session, actor, row)
        result.append(row)
    return _plan_info(assignment.id, result)


def add_plan_topic(
    session: Session,
    actor: Actor,
    assignment_id: uuid.UUID,
    topic: str,
    *,
    hours: int = 1,
    homework: str = "",
    position: int | None = None,
    control_work: bool = False,
) -> PlanTopicInfo:
    """Add one topic at the end of the plan, or at ``position`` (1-based; later topics
    move down by one)."""
    assignment = require_assignment_edit(session, actor, assignment_id)
    existing = _load_topics(session, assignment.id)
    item = _clean_topic(PlanTopicInput(topic, hours, homework, control_work), len(existing) + 1)
    if position is None:
        position = len(existing) + 1
    else:
        position = v.integer(position, "Место в плане", minimum=1, maximum=len(existing) + 1)
    if len(existing) >= MAX_TOPICS:
        raise ValidationError(f"В плане может быть не больше {MAX_TOPICS} тем.")
    for index, row in enumerate(existing, start=1):
        wanted = index + 1 if index >= position else index
        if row.position != wanted:
            row.position = wanted
            changelog.save(session, actor, row)
    new = PlanTopic(
        assignment_id=assignment.id,
        position=position,
        topic=item.topic,
        hours=item.hours,
        homework=item.homework,
        control_work=item.control_work,
    )
    changelog.save(session, actor, new)
    return _topic_info(new)


def copy_plan(
    session: Session, actor: Actor, assignment_id: uuid.UUID, source_id: uuid.UUID
) -> PlanInfo:
    """Replace the assignment's plan with a copy of ``source_id``'s: the same subject
    in another class (or group) of the same grade and year. A teacher may copy a
    colleague's plan into its own journal — plans are the school's, not private."""
    target = require_assignment_edit(session, actor, assignment_id)
    source = get_assignment(session, source_id)
    if source.id == target.id:
        raise ValidationError("Выберите план другого класса.")
    if not _same_grade_and_subject(session, target, source):
        raise ValidationError(
            "Скопировать можно только план того же предмета в классе той же параллели."
        )
    topics = read_topics(session, source.id)
    if not topics:
        raise ValidationError("В выбранном журнале план ещё не составлен.")
    return set_plan(session, actor, target.id, [
        PlanTopicInput(topic.topic, topic.hours, topic.homework, topic.control_work)
        for topic in topics
    ])


def _same_grade_and_subject(
    session: Session, a: TeachingAssignment, b: TeachingAssignment
) -> bool:
    if a.subject_id != b.subject_id or a.year_id != b.year_id:
        return False
    class_a = session.get(SchoolClass, a.class_id)
    class_b = session.get(SchoolClass, b.class_id)
    return class_a is not None and class_b is not None and class_a.grade == class_b.grade
