"""Who teaches what: the teaching staff and their assignments (нагрузка).

Each primary class has its own teacher (учитель начальных классов) for everything
but English, music and physical culture. For every other specialty the school hires
about ``total hours / target load`` teachers and hands out the work class by class
(a teacher keeps both Russian and literature of a class, both algebra and geometry),
largest pieces first to the least-loaded teacher; the two groups of a split class
always get two different teachers, since they study at the same time.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from database.demo.curriculum import PRIMARY, SPECIALTY_POSITIONS
from database.demo.records import AssignmentRec, ClassRec, StaffRec, seeded_id

NewTeacher = Callable[[str, str], StaffRec]  # (specialty, position) → a named person

# Specialties that rarely take a class as its class teacher.
_NOT_CLASS_TEACHERS = ("pe", "obzr", "music", "art", "technology")


def staff_school(
    classes: list[ClassRec],
    target_load: float,
    new_teacher: NewTeacher,
    ids: random.Random,
) -> tuple[list[StaffRec], list[AssignmentRec]]:
    teachers: list[StaffRec] = []
    assignments: list[AssignmentRec] = []

    # Demands: (class, subject, group) grouped by specialty.
    bundles: dict[str, dict[int, list[tuple[int, int | None]]]] = {}
    for class_index, school_class in enumerate(classes):
        primary_teacher: StaffRec | None = None
        for subject_index, subject in enumerate(school_class.subjects):
            specialty = subject.specialty_for(school_class.grade)
            if specialty == PRIMARY:
                if primary_teacher is None:
                    primary_teacher = new_teacher(PRIMARY, SPECIALTY_POSITIONS[PRIMARY])
                    teachers.append(primary_teacher)
                    school_class.teacher = primary_teacher
                hours = subject.hours_for(school_class.grade)
                assignments.append(
                    AssignmentRec(seeded_id(ids), school_class, subject, None,
                                  primary_teacher, hours)
                )
                primary_teacher.load += hours
                continue
            groups: list[int | None] = [0, 1] if subject.split(school_class.grade) else [None]
            per_class = bundles.setdefault(specialty, {}).setdefault(class_index, [])
            per_class.extend((subject_index, g) for g in groups)

    for specialty, demands in bundles.items():
        has_split = any(g is not None for items in demands.values() for _, g in items)
        total = sum(
            classes[c].subjects[s].hours_for(classes[c].grade)
            for c, items in demands.items()
            for s, _ in items
        )
        count = max(2 if has_split else 1, int(total / target_load + 0.5))
        pool = [new_teacher(specialty, SPECIALTY_POSITIONS[specialty]) for _ in range(count)]
        teachers.extend(pool)

        # Pieces: the whole class (non-split subjects) or one group of a split subject.
        pieces: list[tuple[int, int, list[tuple[int, int | None]]]] = []
        for class_index, items in demands.items():
            whole: list[tuple[int, int | None]] = [(s, g) for s, g in items if g is None]
            if whole:
                hours = sum(classes[class_index].subjects[s].hours_for(
                    classes[class_index].grade) for s, _ in whole)
                pieces.append((hours, class_index, whole))
            for s, g in items:
                if g is not None:
                    hours = classes[class_index].subjects[s].hours_for(classes[class_index].grade)
                    pieces.append((hours, class_index, [(s, g)]))
        pieces.sort(key=lambda p: (-p[0], p[1], p[2][0][1] or 0))

        # The other group's teacher of a split (class, subject): never the same person.
        taken: dict[tuple[int, int], StaffRec] = {}
        for hours, class_index, items in pieces:
            split_key = None
            if items[0][1] is not None:
                split_key = (class_index, items[0][0])
            candidates = [t for t in pool if split_key is None or taken.get(split_key) is not t]
            teacher = min(candidates, key=lambda t: t.load)
            if split_key is not None:
                taken[split_key] = teacher
            teacher.load += hours
            school_class = classes[class_index]
            for subject_index, group in items:
                subject = school_class.subjects[subject_index]
                assignments.append(
                    AssignmentRec(seeded_id(ids), school_class, subject, group, teacher,
                                  subject.hours_for(school_class.grade))
                )
    return teachers, assignments


def choose_class_teachers(classes: list[ClassRec], assignments: list[AssignmentRec]) -> None:
    """Every class without one gets a class teacher: a teacher who teaches it most,
    not already leading another class (a PE teacher only if nobody else is free)."""
    busy = {id(c.teacher) for c in classes if c.teacher is not None}
    hours_in_class: dict[int, dict[int, int]] = {}
    teachers_by_key: dict[int, StaffRec] = {}
    for a in assignments:
        per = hours_in_class.setdefault(id(a.school_class), {})
        per[id(a.teacher)] = per.get(id(a.teacher), 0) + a.hours
        teachers_by_key[id(a.teacher)] = a.teacher
    for school_class in classes:
        if school_class.teacher is not None:
            continue
        ranked = sorted(
            hours_in_class.get(id(school_class), {}).items(), key=lambda kv: -kv[1]
        )
        choice: StaffRec | None = None
        for relaxed in (False, True):
            for key, _ in ranked:
                teacher = teachers_by_key[key]
                if key in busy:
                    continue
                if not relaxed and teacher.specialty in _NOT_CLASS_TEACHERS:
                    continue
                choice = teacher
                break
            if choice is not None:
                break
        if choice is not None:
            school_class.teacher = choice
            busy.add(id(choice))
