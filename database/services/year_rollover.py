"""The next school year made from the current one (the next-year wizard's write).

One call, one transaction, one batch in the change log: the new year with its study
periods and holidays from a preset and the old year's bells; the classes promoted
(5 «А» → 6 «А») with their class teacher, room and groups; each student promoted,
kept in the grade, graduated or leaving (:mod:`database.queries.year_rollover` gives
the defaults); the teaching assignments and the timetable in force on the old year's
last day copied to the promoted classes, as a draft for the new year (no lessons are
generated: the journals fill when the administration fills them from the checked
timetable); and each new assignment's КТП copied from the old year's plan of the same
grade and subject (the plan belongs to the grade: 6th-grade maths takes last year's
6th-grade maths plan), preferring the same letter and group
(:mod:`database.services.rollover_teaching`).

The old year stays as it was and must be closed first (every study period): its
lessons, marks, periods, classes, groups, assignments, timetable and plans are never
written. The one thing written on its rows is the end of each student's stay in a
class — on the old year's last day, with the order and the reason (promoted,
graduated…) — because a student has one open enrolment at a time
(:func:`database.services.people.enrol_student`): it changes nothing the old year
shows, since the stay covered the whole year either way.

Run again from the same state it creates nothing: the year is found by its name, a
class by grade and letter, a student already placed in a class of the new year is
left there, a class that already has assignments keeps them, and only assignments
created by this run get a timetable and a plan.

Who may call: the administration only.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import Actor
from database.display_names import class_title
from database.errors import ConflictError, ValidationError
from database.models import (
    Bell,
    ClassGroup,
    Enrolment,
    GroupMember,
    SchoolClass,
    StudyPeriod,
)
from database.permissions import require_admin
from database.queries.year_rollover import (
    LAST_GRADE,
    Outcome,
    RolloverCounts,
    RolloverPlan,
    enrolled_on,
    outcome_of,
    plan_rollover,
)
from database.services.bulk import bulk_insert_logged, bulk_update_logged
from database.services.calendar_setup import add_preset_holidays, apply_period_preset
from database.services.classes import create_class, create_group
from database.services.rollover_teaching import copy_plans, copy_teaching, groups_by_name
from database.services.school import create_academic_year, set_bell, set_current_year

Progress = Callable[[str, float], None]

ORDER_LABEL: Final = "Приказ о переводе"


@dataclass(frozen=True)
class RolloverResult:
    year_id: uuid.UUID
    year_name: str
    created: RolloverCounts  # what this run wrote (all zeros when run again)

    @property
    def nothing_new(self) -> bool:
        return self.created == RolloverCounts()


def _no_progress(_text: str, _fraction: float) -> None:
    return None


def _check_outcomes(plan: RolloverPlan, outcomes: Mapping[uuid.UUID, Outcome]) -> None:
    grades = {s.student_id: (c.grade, s.name) for c in plan.classes for s in c.students}
    for student_id, outcome in outcomes.items():
        if student_id not in grades:
            raise ValidationError("Ученик не числится в классах этого года на его последний день.")
        if not isinstance(outcome, Outcome):
            raise ValidationError("Неизвестное решение о переводе ученика.")
        grade, name = grades[student_id]
        if outcome is Outcome.PROMOTE and grade >= LAST_GRADE:
            raise ValidationError(
                f"{name}: из {LAST_GRADE} класса не переводят — выпуск, выбытие или "
                "оставление в параллели.")


def _end_reason(outcome: Outcome, grade: int, letter: str) -> str:
    if outcome is Outcome.PROMOTE:
        return f"перевод в {class_title(grade + 1, letter)} класс"
    if outcome is Outcome.RETAIN:
        return f"оставлен(а) на повторное обучение в {grade} классе"
    if outcome is Outcome.GRADUATE:
        return f"выпуск ({grade} класс)"
    return "выбытие"


def run_rollover(
    session: Session,
    actor: Actor,
    source_id: uuid.UUID,
    *,
    order: str,
    preset: str = "quarters_halves",
    outcomes: Mapping[uuid.UUID, Outcome] | None = None,
    make_current: bool = False,
    progress: Progress | None = None,
) -> RolloverResult:
    """Make (or complete) the year after ``source_id``. ``outcomes`` overrides the
    default of each student (see :mod:`database.queries.year_rollover`); ``order``
    is the order the transfer is made by. ``progress(text, fraction)`` is told
    where it is and may raise to stop: the caller then rolls the transaction back."""
    report = progress or _no_progress
    require_admin(actor, "переход на новый учебный год")
    order = v.order_number(order, ORDER_LABEL)
    report("Чтение учебного года…", 0.0)
    plan = plan_rollover(session, actor, source_id, preset)
    if plan.open_periods:
        raise ConflictError(
            f"Учебный год {plan.source_name} ещё не закрыт: откройте «Закрыть период…» для "
            f"периодов {', '.join(f'«{p}»' for p in plan.open_periods)}.")
    chosen = dict(outcomes or {})
    _check_outcomes(plan, chosen)
    with changelog.batch(session, f"переход на {plan.target_name} учебный год"):
        counts, year_id = _write_year(session, actor, plan, preset)
        report("Классы и ученики…", 0.15)
        counts, targets = _write_classes(session, actor, plan, chosen, year_id, counts)
        promoted = _promoted_targets(plan, chosen, targets)
        counts = replace(counts, groups=_copy_groups(session, actor, promoted))
        counts = _write_students(session, actor, plan, chosen, order, targets, counts)
        report("Нагрузка и расписание…", 0.45)
        counts, copied = copy_teaching(session, actor, plan, promoted, year_id, counts)
        report("Календарно-тематические планы…", 0.7)
        counts = copy_plans(session, actor, plan.source_id, copied, counts)
        if make_current:
            set_current_year(session, actor, year_id)
    report("Готово", 1.0)
    return RolloverResult(year_id=year_id, year_name=plan.target_name, created=counts)


# --- the year -------------------------------------------------------------------------


def _write_year(
    session: Session, actor: Actor, plan: RolloverPlan, preset: str
) -> tuple[RolloverCounts, uuid.UUID]:
    counts = RolloverCounts()
    if plan.target_id is None:
        year_id = create_academic_year(
            session, actor, plan.target_start, plan.target_end, name=plan.target_name).id
    else:
        year_id = plan.target_id
    has_periods = session.execute(
        select(StudyPeriod.id).where(StudyPeriod.year_id == year_id).limit(1)).first()
    if has_periods is None:
        counts = replace(counts, periods=len(apply_period_preset(session, actor, year_id, preset)))
    counts = replace(counts, holidays=len(add_preset_holidays(session, actor, year_id, preset)))
    has_bells = session.execute(select(Bell.id).where(Bell.year_id == year_id).limit(1)).first()
    if has_bells is None:
        bells = session.execute(
            select(Bell).where(Bell.year_id == plan.source_id).order_by(Bell.lesson_number)
        ).scalars().all()
        for bell in bells:
            set_bell(session, actor, year_id, bell.lesson_number, bell.starts_at, bell.ends_at)
        counts = replace(counts, bells=len(bells))
    return counts, year_id


# --- classes and students ---------------------------------------------------------------


def _write_classes(
    session: Session, actor: Actor, plan: RolloverPlan, outcomes: Mapping[uuid.UUID, Outcome],
    year_id: uuid.UUID, counts: RolloverCounts,
) -> tuple[RolloverCounts, dict[tuple[int, str], uuid.UUID]]:
    """The new year's classes the students go to: (grade, letter) → class id."""
    targets: dict[tuple[int, str], uuid.UUID] = {
        (grade, letter): class_id for class_id, grade, letter in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
            .where(SchoolClass.year_id == year_id))
    }
    sources = {
        row.id: row for row in session.execute(
            select(SchoolClass).where(SchoolClass.year_id == plan.source_id)).scalars()
    }
    wanted: dict[tuple[int, str], SchoolClass | None] = {}
    for school_class in plan.classes:
        for student in school_class.students:
            outcome = outcome_of(student, outcomes)
            if outcome is Outcome.PROMOTE:
                # The promoted class takes its class teacher and room along.
                wanted[(school_class.grade + 1, school_class.letter)] = sources[
                    school_class.class_id]
            elif outcome is Outcome.RETAIN:
                wanted.setdefault((school_class.grade, school_class.letter), None)
    created = 0
    for (grade, letter), source in sorted(wanted.items()):
        if (grade, letter) in targets:
            continue
        info = create_class(
            session, actor, year_id, grade, letter,
            class_teacher_id=None if source is None else source.class_teacher_id,
            room="" if source is None else source.room)
        targets[(grade, letter)] = info.id
        created += 1
    return replace(counts, classes=created), targets


def _promoted_targets(
    plan: RolloverPlan, outcomes: Mapping[uuid.UUID, Outcome],
    targets: Mapping[tuple[int, str], uuid.UUID],
) -> dict[uuid.UUID, uuid.UUID]:
    """Old class → the new class its promoted students go to."""
    return {
        c.class_id: targets[(c.grade + 1, c.letter)] for c in plan.classes
        if c.grade < LAST_GRADE
        and any(outcome_of(s, outcomes) is Outcome.PROMOTE for s in c.students)
    }


def _copy_groups(session: Session, actor: Actor, promoted: Mapping[uuid.UUID, uuid.UUID]) -> int:
    """A promoted class keeps its groups: the same names in the new class."""
    new_groups = groups_by_name(session, list(promoted.values()))
    made = 0
    for class_id, name in session.execute(
        select(ClassGroup.class_id, ClassGroup.name)
        .where(ClassGroup.class_id.in_(list(promoted))).order_by(ClassGroup.name)
    ).all():
        new_class_id = promoted[class_id]
        if name not in new_groups[new_class_id]:
            new_groups[new_class_id][name] = create_group(session, actor, new_class_id, name).id
            made += 1
    return made


def _write_students(
    session: Session, actor: Actor, plan: RolloverPlan, outcomes: Mapping[uuid.UUID, Outcome],
    order: str, targets: Mapping[tuple[int, str], uuid.UUID], counts: RolloverCounts,
) -> RolloverCounts:
    last_day = plan.source_end
    # (student, class) → the stay and whether it is still open after the last day.
    open_stays = {
        (student_id, class_id): (stay_id, end is None or end > last_day)
        for stay_id, student_id, class_id, end in session.execute(
            select(Enrolment.id, Enrolment.student_id, Enrolment.class_id, Enrolment.end_date)
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .where(SchoolClass.year_id == plan.source_id, enrolled_on(last_day)))
    }
    tally: dict[Outcome, int] = defaultdict(int)
    new_stays: list[dict[str, Any]] = []
    promoted_from: dict[uuid.UUID, uuid.UUID] = {}  # student → old class
    ending: dict[str, list[uuid.UUID]] = defaultdict(list)  # end reason → stays
    for school_class in plan.classes:
        for student in school_class.students:
            outcome = outcome_of(student, outcomes)
            stay_id, ends_now = open_stays[(student.student_id, school_class.class_id)]
            if ends_now:
                ending[_end_reason(outcome, school_class.grade, school_class.letter)].append(
                    stay_id)
            if outcome in (Outcome.GRADUATE, Outcome.LEAVE):
                # Done once the stay has ended: a second run counts nobody again.
                tally[outcome] += ends_now
                continue
            if student.placed:
                continue
            tally[outcome] += 1
            grade = school_class.grade + (1 if outcome is Outcome.PROMOTE else 0)
            new_stays.append({
                "student_id": student.student_id,
                "class_id": targets[(grade, school_class.letter)],
                "start_date": plan.target_start, "start_order": order,
            })
            if outcome is Outcome.PROMOTE:
                promoted_from[student.student_id] = school_class.class_id
    for reason, stays in sorted(ending.items()):
        bulk_update_logged(session, actor, Enrolment, {
            "end_date": last_day, "end_order": order, "end_reason": reason}, stays)
    bulk_insert_logged(session, actor, Enrolment, new_stays)
    return replace(
        counts, promoted=tally[Outcome.PROMOTE], retained=tally[Outcome.RETAIN],
        graduated=tally[Outcome.GRADUATE], left=tally[Outcome.LEAVE],
        group_members=_copy_members(session, actor, plan, promoted_from, targets),
    )


def _copy_members(
    session: Session, actor: Actor, plan: RolloverPlan,
    promoted_from: Mapping[uuid.UUID, uuid.UUID], targets: Mapping[tuple[int, str], uuid.UUID],
) -> int:
    """Promoted students stay in their groups: the same-named group of the new class
    (:func:`_copy_groups` made it)."""
    if not promoted_from:
        return 0
    grades = {c.class_id: (c.grade, c.letter) for c in plan.classes}
    rows = session.execute(
        select(GroupMember.student_id, ClassGroup.class_id, ClassGroup.name)
        .join(ClassGroup, ClassGroup.id == GroupMember.group_id)
        .where(GroupMember.student_id.in_(list(promoted_from)),
               GroupMember.start_date <= plan.source_end,
               GroupMember.end_date.is_(None) | (GroupMember.end_date >= plan.source_end))
        .order_by(ClassGroup.name)
    ).all()
    new_groups = groups_by_name(session, list(targets.values()))
    members: list[dict[str, Any]] = []
    for student_id, old_class_id, name in rows:
        if promoted_from.get(student_id) != old_class_id:
            continue
        grade, letter = grades[old_class_id]
        new_class_id = targets[(grade + 1, letter)]
        group_id = new_groups[new_class_id][name]
        members.append({"group_id": group_id, "student_id": student_id,
                        "start_date": plan.target_start})
    bulk_insert_logged(session, actor, GroupMember, members)
    return len(members)


__all__ = ["RolloverResult", "run_rollover"]
