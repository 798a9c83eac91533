"""A clash-free weekly timetable for the demo school (five-day week).

Each class gets a fixed shape — ``n`` lessons a day numbered 1..n without gaps,
heavier on Tuesday and Wednesday — and its weekly lessons are dealt over the days so
a subject rarely appears twice a day. Teacher clashes are then removed by
min-conflicts search: take a lesson whose teacher is in two places at once and swap
it with the lesson of the same class that lowers the cost most (teacher clashes
weigh far more than a subject twice in a day). A split subject is one lesson with
two teachers, both groups at the same time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from database.demo.records import AssignmentRec, ClassRec

DAYS = 5
MAX_LESSONS = 7
SLOTS = DAYS * MAX_LESSONS
_CLASH = 100
_SAME_DAY = 3
# Day order that takes the extra lessons first: Tue, Wed, Thu, Mon, Fri.
_HEAVY_FIRST = (1, 2, 3, 0, 4)


class TimetableError(RuntimeError):
    pass


@dataclass(slots=True)
class _Unit:
    class_index: int
    subject: int  # index into the class's subjects
    limit: int  # how many of this subject a day is fine
    teachers: tuple[int, ...]
    assignments: tuple[AssignmentRec, ...]
    slot: int = -1  # day * MAX_LESSONS + (number - 1)


def day_sizes(weekly: int) -> list[int]:
    if weekly > DAYS * MAX_LESSONS:
        raise TimetableError(f"{weekly} lessons a week do not fit a five-day week")
    base, extra = divmod(weekly, DAYS)
    sizes = [base] * DAYS
    for day in _HEAVY_FIRST[:extra]:
        sizes[day] += 1
    return sizes


class _Search:
    def __init__(
        self, classes: list[ClassRec], assignments: list[AssignmentRec], rng: random.Random
    ) -> None:
        self.rng = rng
        teacher_index: dict[int, int] = {}
        by_class: dict[int, dict[int, list[AssignmentRec]]] = {}
        class_pos = {id(c): i for i, c in enumerate(classes)}
        for a in assignments:
            teacher_index.setdefault(id(a.teacher), len(teacher_index))
            subject_index = a.school_class.subjects.index(a.subject)
            by_class.setdefault(class_pos[id(a.school_class)], {}).setdefault(
                subject_index, []
            ).append(a)
        self.teacher_count = len(teacher_index)
        self.units: list[_Unit] = []
        self.class_units: list[list[int]] = [[] for _ in classes]
        self.class_slots: list[list[int]] = []
        for ci in range(len(classes)):
            weekly = 0
            for si, group in sorted(by_class.get(ci, {}).items()):
                hours = group[0].hours
                teachers = tuple(teacher_index[id(a.teacher)] for a in group)
                limit = 2 if hours >= 6 else 1
                for _ in range(hours):
                    self.class_units[ci].append(len(self.units))
                    self.units.append(_Unit(ci, si, limit, teachers, tuple(group)))
                weekly += hours
            sizes = day_sizes(weekly)
            self.class_slots.append(
                [d * MAX_LESSONS + k for d in range(DAYS) for k in range(sizes[d])]
            )
        self.busy = [[0] * SLOTS for _ in range(self.teacher_count)]
        self.day_count: list[list[dict[int, int]]] = [
            [{} for _ in range(DAYS)] for _ in classes
        ]

    # --- placement -------------------------------------------------------------------

    def _place(self, unit: _Unit, slot: int) -> None:
        unit.slot = slot
        for t in unit.teachers:
            self.busy[t][slot] += 1
        counts = self.day_count[unit.class_index][slot // MAX_LESSONS]
        counts[unit.subject] = counts.get(unit.subject, 0) + 1

    def _unplace(self, unit: _Unit) -> None:
        slot = unit.slot
        for t in unit.teachers:
            self.busy[t][slot] -= 1
        counts = self.day_count[unit.class_index][slot // MAX_LESSONS]
        counts[unit.subject] -= 1
        unit.slot = -1

    def initial(self) -> None:
        """Deal each class's lessons over its days, a subject spread across days."""
        rng = self.rng
        for ci, unit_ids in enumerate(self.class_units):
            free: dict[int, list[int]] = {}
            for slot in self.class_slots[ci]:
                free.setdefault(slot // MAX_LESSONS, []).append(slot)
            for slots in free.values():
                rng.shuffle(slots)
            ordered = sorted(unit_ids, key=lambda u: (-self._hours(u), self.units[u].subject))
            for u in ordered:
                unit = self.units[u]
                days = [d for d, slots in free.items() if slots]
                rng.shuffle(days)
                day = min(
                    days,
                    key=lambda d: (
                        self.day_count[ci][d].get(unit.subject, 0),
                        -len(free[d]),
                    ),
                )
                self._place(unit, free[day].pop())

    def _hours(self, u: int) -> int:
        return self.units[u].assignments[0].hours

    # --- cost ---------------------------------------------------------------------------

    def _swap_delta(self, a: _Unit, b: _Unit) -> int:
        sa, sb = a.slot, b.slot
        change: dict[tuple[int, int], int] = {}
        for t in a.teachers:
            change[(t, sa)] = change.get((t, sa), 0) - 1
            change[(t, sb)] = change.get((t, sb), 0) + 1
        for t in b.teachers:
            change[(t, sb)] = change.get((t, sb), 0) - 1
            change[(t, sa)] = change.get((t, sa), 0) + 1
        delta = 0
        busy = self.busy
        for (t, s), dc in change.items():
            if dc:
                before = busy[t][s]
                delta += _CLASH * (max(0, before + dc - 1) - max(0, before - 1))
        da, db = sa // MAX_LESSONS, sb // MAX_LESSONS
        if da != db and a.subject != b.subject:
            counts = self.day_count[a.class_index]
            for unit, src, dst in ((a, da, db), (b, db, da)):
                c_src = counts[src].get(unit.subject, 0)
                c_dst = counts[dst].get(unit.subject, 0)
                lim = unit.limit
                delta += _SAME_DAY * (
                    max(0, c_src - 1 - lim) - max(0, c_src - lim)
                    + max(0, c_dst + 1 - lim) - max(0, c_dst - lim)
                )
        return delta

    def _swap(self, a: _Unit, b: _Unit) -> None:
        sa, sb = a.slot, b.slot
        self._unplace(a)
        self._unplace(b)
        self._place(a, sb)
        self._place(b, sa)

    def _clashing_units(self) -> list[int]:
        busy = self.busy
        return [
            i for i, unit in enumerate(self.units)
            if any(busy[t][unit.slot] > 1 for t in unit.teachers)
        ]

    def _crowded_units(self) -> list[int]:
        return [
            i for i, unit in enumerate(self.units)
            if self.day_count[unit.class_index][unit.slot // MAX_LESSONS][unit.subject]
            > unit.limit
        ]

    def _improve(self, u: int, noise: float) -> None:
        unit = self.units[u]
        best: list[_Unit] = []
        best_delta = 0
        for v in self.class_units[unit.class_index]:
            if v == u:
                continue
            other = self.units[v]
            delta = self._swap_delta(unit, other)
            if delta < best_delta:
                best, best_delta = [other], delta
            elif delta == best_delta:
                best.append(other)
        if best and (best_delta < 0 or self.rng.random() < 0.3):
            self._swap(unit, self.rng.choice(best))
        elif self.rng.random() < noise:
            peers = self.class_units[unit.class_index]
            self._swap(unit, self.units[self.rng.choice(peers)])

    def solve(self, max_rounds: int = 400) -> bool:
        rng = self.rng
        for _ in range(max_rounds):
            clashing = self._clashing_units()
            if not clashing:
                break
            rng.shuffle(clashing)
            for u in clashing:
                unit = self.units[u]
                if any(self.busy[t][unit.slot] > 1 for t in unit.teachers):
                    self._improve(u, noise=0.05)
        else:
            return False
        # Polish: fewer days with a subject twice, never at the price of a clash.
        for _ in range(3):
            crowded = self._crowded_units()
            if not crowded:
                break
            rng.shuffle(crowded)
            for u in crowded:
                self._improve(u, noise=0.0)
        return not self._clashing_units()


def build_timetable(
    classes: list[ClassRec], assignments: list[AssignmentRec], rng: random.Random
) -> None:
    """Fill ``slots`` of every assignment with (weekday 1..5, lesson number)."""
    for _attempt in range(8):
        search = _Search(classes, assignments, rng)
        search.initial()
        if search.solve():
            for a in assignments:
                a.slots = []
            for unit in search.units:
                day, number = divmod(unit.slot, MAX_LESSONS)
                for a in unit.assignments:
                    a.slots.append((day + 1, number + 1))
            for a in assignments:
                a.slots.sort()
            return
    raise TimetableError("could not build a timetable without teacher clashes")
