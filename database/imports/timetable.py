"""The timetable from a spreadsheet: one long table (a «Класс» column) or one sheet
per class (the class read from the sheet's title), a row per lesson of the week.

From the file's one start date (the «Действует с» column, or today) each class in the
file has exactly the file's week: its entries already there and the same are kept,
the others stop that day, the new ones start then — as
:func:`database.services.timetable.copy_timetable_week` does — and the future lessons
of its journals follow. Nothing else is created: the classes, subjects, groups and
teaching assignments must exist (the teaching-load import makes them).

Every clash the timetable screen refuses (the teacher, the class or the same group,
the room at the same weekday and lesson number; :func:`_clash` words it as
:func:`database.services.timetable.find_clashes` does) is found before anything is
written — among the file's rows and against the classes not in the file — and
refuses its row, so a file with a clash writes nothing. The new entries are then
inserted in bulk with their change-log rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import display_names
from database import validation as v
from database.actor import Actor
from database.display_names import class_title
from database.errors import ValidationError
from database.imports.common import Plan, RowCells, every, optional_text
from database.imports.outcome import RowOutcome, Status
from database.imports.structure import ClassKey, Structure
from database.imports.table import Progress, Table
from database.imports.values import a_date, a_number, class_of, clean_text, fold
from database.models import ClassGroup, Staff, Subject, TeachingAssignment, TimetableEntry
from database.services import timetable as svc
from database.services.bulk import bulk_insert_logged
from database.services.lesson_generation import refresh_future_lessons

WEEKDAY_WORDS: Final[dict[str, int]] = {
    **{word: number for number, word in v.WEEKDAYS_RU.items()},
    **dict(zip(("пн", "вт", "ср", "чт", "пт", "сб"), range(1, 7), strict=True)),
    **dict(zip(("пнд", "втр", "срд", "чтв", "птн", "сбт"), range(1, 7), strict=True)),
}


@dataclass(frozen=True)
class _Assignment:
    id: uuid.UUID
    class_id: uuid.UUID
    group_id: uuid.UUID | None
    teacher_id: uuid.UUID
    title: str  # «Математика, 5 «А»»
    teacher: str  # «Смирнова О. П.»


@dataclass(frozen=True)
class _Slot:
    """A lesson of the week that will stand (from the file, or kept of another class)."""

    assignment: _Assignment
    weekday: int
    lesson_number: int
    room: str
    row: int | None  # the file's row, None for another class's entry


@dataclass
class _Row:
    number: int
    class_id: uuid.UUID
    slot: _Slot


def weekday_of(value: object) -> int:
    number = a_number(value, "День недели") if isinstance(value, int | float) else None
    if number is not None:
        if number != int(number):
            raise ValidationError("День недели: целое число от 1 до 6.")
        return v.weekday(int(number))
    word = fold(clean_text(value)).rstrip(".")
    if word.isdigit():
        return v.weekday(int(word))
    if word not in WEEKDAY_WORDS:
        raise ValidationError(
            f"«{clean_text(value)}» — не день недели (нужно «понедельник» … «суббота» или "
            "«пн» … «сб»).")
    return WEEKDAY_WORDS[word]


def lesson_number_of(value: object) -> int:
    number = a_number(value, "№ урока")
    if number is None or number != int(number):
        raise ValidationError("№ урока: целое число.")
    return v.lesson_number(int(number))


def _clash(new: _Slot, other: _Slot) -> str | None:
    """Why two lessons at the same weekday and number cannot both stand (the services'
    wording), or None."""
    slot = f"{v.WEEKDAYS_RU[new.weekday]}, {new.lesson_number}-й урок"
    where = f"строка {other.row}" if other.row is not None else "уже в расписании"
    what = f"{other.assignment.title}, {where}"
    a, b = new.assignment, other.assignment
    if a.teacher_id == b.teacher_id:
        return f"{slot}: {a.teacher} в это время уже ведёт урок ({what})."
    if a.class_id == b.class_id and not (
        a.group_id is not None and b.group_id is not None and a.group_id != b.group_id
    ):
        whose = "у группы" if a.group_id is not None and a.group_id == b.group_id else "у класса"
        return f"{slot}: {whose} в это время уже стоит урок ({what})."
    if new.room and new.room == other.room:
        return f"{slot}: кабинет {new.room} в это время занят ({what})."
    return None


class TimetableImport:
    def __init__(self, session: Session, actor: Actor, table: Table) -> None:
        self.table = table
        self.actor = actor
        self.structure = Structure.load(session)
        year_id = self.structure.year_id
        teachers = {
            sid: (display_names.full_name(surname, name, patronymic),
                  display_names.short_name(surname, name, patronymic))
            for sid, surname, name, patronymic in session.execute(
                select(Staff.id, Staff.surname, Staff.name, Staff.patronymic))
        }
        subjects = {sid: name for sid, name in session.execute(
            select(Subject.id, Subject.name))}
        self.groups = {gid: name for gid, name in session.execute(
            select(ClassGroup.id, ClassGroup.name))}
        # (class, folded subject) → that class's assignments of the subject
        self.by_subject: dict[tuple[uuid.UUID, str], list[_Assignment]] = {}
        self.assignments: dict[uuid.UUID, _Assignment] = {}
        for aid, class_id, group_id, subject_id, teacher_id in session.execute(
            select(TeachingAssignment.id, TeachingAssignment.class_id,
                   TeachingAssignment.group_id, TeachingAssignment.subject_id,
                   TeachingAssignment.teacher_id)
            .where(TeachingAssignment.year_id == year_id)
        ):
            key = self.structure.class_keys.get(class_id)
            title = subjects.get(subject_id, "") + (f", {class_title(*key)}" if key else "")
            if group_id is not None:
                title += f" ({self.groups.get(group_id, '')})"
            assignment = _Assignment(aid, class_id, group_id, teacher_id, title,
                                     teachers.get(teacher_id, ("", ""))[1])
            self.assignments[aid] = assignment
            self.by_subject.setdefault((class_id, fold(subjects.get(subject_id, ""))),
                                       []).append(assignment)
        self.teacher_keys = {sid: {fold(full), fold(short).replace(" ", "").replace(".", "")}
                             for sid, (full, short) in teachers.items()}
        self.entries = [
            (entry_id, self.assignments[aid], weekday, number, room, valid_from, valid_to)
            for entry_id, aid, weekday, number, room, valid_from, valid_to in session.execute(
                select(TimetableEntry.id, TimetableEntry.assignment_id, TimetableEntry.weekday,
                       TimetableEntry.lesson_number, TimetableEntry.room,
                       TimetableEntry.valid_from, TimetableEntry.valid_to))
            if aid in self.assignments
        ]
        self.rows: list[_Row] = []
        self.start = self.structure.within_year(actor.now().date())

    # --- one row ---------------------------------------------------------------------------

    def _class(self, cells: RowCells) -> uuid.UUID | None:
        from_sheet = not cells.text("class")
        raw = cells.raw("sheet_title") if from_sheet else cells.raw("class")
        try:
            key: ClassKey = class_of(raw)
        except ValidationError:
            if from_sheet:
                cells.refuse("class", f"Не указан класс: в строке нет класса, а лист "
                             f"«{clean_text(raw)}» не назван по классу (назовите лист «5А» "
                             "или добавьте столбец «Класс»).")
            else:
                cells.refuse("class", f"«{clean_text(raw)}» — не класс (нужно, например, «5А»).")
            return None
        class_id = self.structure.classes.get(key)
        if class_id is None:
            cells.refuse("class", f"Класса {class_title(*key)} нет в учебном году "
                         f"{self.structure.year_name}: сначала внесите классы и нагрузку.")
        return class_id

    def _assignment(self, cells: RowCells, class_id: uuid.UUID) -> _Assignment | None:
        subject = cells.text("subject")
        found = self.by_subject.get((class_id, fold(subject)), [])
        group = fold(cells.text("group"))
        found = [a for a in found if fold(self.groups.get(a.group_id, "")
                                          if a.group_id else "") == group]
        teacher = cells.text("teacher")
        if teacher:
            wanted = {fold(teacher), fold(teacher).replace(" ", "").replace(".", "")}
            by_teacher = [a for a in found if self.teacher_keys.get(a.teacher_id, set()) & wanted]
            if found and not by_teacher:
                cells.refuse("teacher", f"«{teacher}» не ведёт этот предмет в классе по "
                             "нагрузке.")
                return None
            found = by_teacher
        if not found:
            whom = f"группе «{cells.text('group')}»" if group else "классе"
            cells.refuse("subject", f"В нагрузке нет предмета «{subject}» в этом {whom}: "
                         "сначала импортируйте нагрузку.")
            return None
        if len(found) > 1:
            cells.refuse("teacher", "Этот предмет в классе ведут несколько учителей: укажите "
                         "учителя.")
            return None
        return found[0]

    def _start(self, cells: RowCells) -> date | None:
        if not cells.text("valid_from"):
            return None
        day = cells.check("valid_from", a_date, cells.raw("valid_from"), "Действует с")
        if day is None:
            return None
        s = self.structure
        if not s.year_start <= day <= s.year_end:
            cells.refuse("valid_from", f"Дата вне учебного года {s.year_name}.")
            return None
        return day

    # --- the plan -----------------------------------------------------------------------------

    def plan(self, report: Progress) -> Plan:
        plan = Plan()
        rows = self.table.rows
        first_start: tuple[date, int] | None = None  # (date, row)
        outcomes: dict[int, RowOutcome] = {}
        for index, source in enumerate(rows):
            every(len(rows), report, "Проверка строк", index, 0.1, 0.5)
            cells = RowCells(self.table, source)
            class_id = self._class(cells)
            weekday = cells.check("weekday", weekday_of, cells.raw("weekday"))
            number = cells.check("lesson_number", lesson_number_of, cells.raw("lesson_number"))
            assignment = self._assignment(cells, class_id) if class_id is not None else None
            room = optional_text(cells, "room", "Кабинет", 20) or ""
            start = self._start(cells)
            if start is not None:
                if first_start is None:
                    first_start = (start, source.number)
                elif start != first_start[0]:
                    cells.refuse("valid_from", "В файле одна дата «Действует с» для всех "
                                 f"строк: в строке {first_start[1]} — "
                                 f"{first_start[0]:%d.%m.%Y}.")
            who = ", ".join(part for part in (
                cells.text("class") or clean_text(cells.raw("sheet_title")),
                v.WEEKDAYS_RU.get(weekday or 0, cells.text("weekday")),
                f"{number}-й урок" if number else "", cells.text("subject")) if part)
            if (cells.problems or class_id is None or weekday is None or number is None
                    or assignment is None):
                outcomes[index] = cells.error(who)
                continue
            slot = _Slot(assignment, weekday, number, room, source.number)
            self.rows.append(_Row(source.number, class_id, slot))
            outcomes[index] = RowOutcome(source.number, Status.NEW, who, "")
        if first_start is not None:
            self.start = first_start[0]
        report("Проверка пересечений", 0.6)
        self._check_clashes(outcomes)
        self._mark_kept(outcomes)
        plan.outcomes = [outcomes[i] for i in range(len(rows))]
        plan.write = self.write
        return plan

    def _check_clashes(self, outcomes: dict[int, RowOutcome]) -> None:
        index_of = {source.number: i for i, source in enumerate(self.table.rows)}
        classes = {row.class_id for row in self.rows}
        standing: dict[tuple[int, int], list[_Slot]] = {}
        for _eid, assignment, weekday, number, room, _from, valid_to in self.entries:
            if assignment.class_id in classes:
                continue  # replaced by the file from the start date
            if valid_to is None or valid_to >= self.start:
                standing.setdefault((weekday, number), []).append(
                    _Slot(assignment, weekday, number, room, None))
        for row in self.rows:
            slot = row.slot
            others = standing.setdefault((slot.weekday, slot.lesson_number), [])
            for other in others:
                why = _clash(slot, other)
                if why is not None:
                    index = index_of[row.number]
                    who = outcomes[index].who
                    cells = RowCells(self.table, self.table.rows[index])
                    cells.refuse("subject", why)
                    outcomes[index] = cells.error(who)
                    break
            else:
                others.append(slot)
        refused = {o.row for o in outcomes.values() if o.status is Status.ERROR}
        self.rows = [row for row in self.rows if row.number not in refused]

    def _mark_kept(self, outcomes: dict[int, RowOutcome]) -> None:
        """Rows the timetable has already from the start date on stay as they are; the
        first row of each class says how many of its lessons stop (not in the file)."""
        index_of = {source.number: i for i, source in enumerate(self.table.rows)}
        existing = {
            (a.id, weekday, number, room)
            for _eid, a, weekday, number, room, valid_from, valid_to in self.entries
            if valid_to is None and valid_from <= self.start
        }
        for row in self.rows:
            slot = row.slot
            if (slot.assignment.id, slot.weekday, slot.lesson_number, slot.room) in existing:
                index = index_of[row.number]
                old = outcomes[index]
                outcomes[index] = RowOutcome(old.row, Status.UNCHANGED, old.who, "")
        for class_id, first_row in self._first_rows().items():
            stopping = len(self._stopping(class_id))
            if stopping:
                index = index_of[first_row]
                old = outcomes[index]
                note = (f"с {self.start:%d.%m.%Y} снимаются уроки класса, которых нет в "
                        f"файле: {stopping}")
                outcomes[index] = RowOutcome(old.row, old.status, old.who,
                                             "; ".join(p for p in (old.detail, note) if p))

    def _first_rows(self) -> dict[uuid.UUID, int]:
        first: dict[uuid.UUID, int] = {}
        for row in self.rows:
            first.setdefault(row.class_id, row.number)
        return first

    def _wanted(self, class_id: uuid.UUID) -> set[tuple[uuid.UUID, int, int, str]]:
        return {(r.slot.assignment.id, r.slot.weekday, r.slot.lesson_number, r.slot.room)
                for r in self.rows if r.class_id == class_id}

    def _stopping(self, class_id: uuid.UUID) -> list[uuid.UUID]:
        """The class's entries that stop from the start date: in force then or later,
        and not exactly a lesson of the file that stands open-ended already."""
        wanted = self._wanted(class_id)
        return [
            entry_id
            for entry_id, a, weekday, number, room, valid_from, valid_to in self.entries
            if a.class_id == class_id and (valid_to is None or valid_to >= self.start)
            and not ((a.id, weekday, number, room) in wanted and valid_to is None
                     and valid_from <= self.start)
        ]

    # --- writing --------------------------------------------------------------------------------

    def write(self, session: Session, actor: Actor, report: Progress) -> None:
        classes = sorted(self._first_rows())
        stopping: set[uuid.UUID] = set()
        for class_id in classes:
            stopping.update(self._stopping(class_id))
        kept = {
            (a.id, weekday, number, room)
            for entry_id, a, weekday, number, room, _from, valid_to in self.entries
            if a.class_id in classes and entry_id not in stopping
            and (valid_to is None or valid_to >= self.start)
        }
        class_of_entry = {entry[0]: entry[1].class_id for entry in self.entries}
        changed = {class_of_entry[entry_id] for entry_id in stopping}
        for entry_id in sorted(stopping):
            svc.stop_timetable_entry(session, actor, entry_id, self.start)
        session.flush()
        report("Запись расписания", 0.7)
        new_rows = []
        for row in self.rows:
            slot = row.slot
            if (slot.assignment.id, slot.weekday, slot.lesson_number, slot.room) in kept:
                continue
            # Checked as add_timetable_entry checks (weekday, number, room, a date in
            # the year, every clash above), then inserted in bulk: one at a time, the
            # service's own clash queries take most of a school's import.
            new_rows.append({"assignment_id": slot.assignment.id, "weekday": slot.weekday,
                             "lesson_number": slot.lesson_number, "room": slot.room,
                             "valid_from": self.start, "valid_to": None})
            changed.add(row.class_id)
        bulk_insert_logged(session, actor, TimetableEntry, new_rows)
        if changed:  # a class whose week is as it was keeps its lessons as they are
            report("Уроки журналов", 0.9)
            refresh_future_lessons(session, actor, sorted(changed))


def plan_timetable(session: Session, actor: Actor, table: Table, report: Progress) -> Plan:
    return TimetableImport(session, actor, table).plan(report)
