"""A hand-made journal snapshot for model tests that need no database: one class,
mathematics, four students (one left on 10.11, one arrived on 12.11), lessons from
September to «today» (18.11.2026) with a control work on 17.11, two quarters."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from database.notation import DEFAULT_SETTINGS
from database.queries.journal import (
    AssignmentInfo,
    JournalCell,
    JournalData,
    JournalLesson,
    JournalMark,
    JournalStudent,
    PeriodInfo,
)
from database.settings import SchoolSettings, settings_from
from desktop_app.journal.ops import JournalSnapshot

TODAY = date(2026, 11, 18)
Q1 = PeriodInfo(uuid.uuid4(), "quarter", 1, "I четверть", date(2026, 9, 1),
                date(2026, 10, 24), closed=True)
Q2 = PeriodInfo(uuid.uuid4(), "quarter", 2, "II четверть", date(2026, 11, 5),
                date(2026, 12, 28), closed=False)


def default_settings() -> SchoolSettings:
    """The settings a new school starts with (``DEFAULT_SETTINGS``)."""
    return settings_from(DEFAULT_SETTINGS)


def _student(number: int, name: str, *, enrolled_from: date = date(2026, 9, 1),
             left_on: date | None = None, left_note: str = "",
             arrived_note: str = "") -> JournalStudent:
    return JournalStudent(uuid.uuid4(), number, name, enrolled_from, left_on, left_note,
                          arrived_note)


def _lesson(day: date, *, control_work: bool = False) -> JournalLesson:
    return JournalLesson(
        id=uuid.uuid4(), date=day, lesson_number=2, topic=f"Тема {day:%d.%m}",
        plan_topic_id=None, homework="№ 12" if day < TODAY else "",
        work_type="Контрольная работа" if control_work else "",
        control_work=control_work, conducted=day <= TODAY, cancelled=False,
        substitute_teacher_id=None, substitute_name="", substitution_reason="",
        homework_late=False, entries_late=False, missing=frozenset(),
    )


def journal_snapshot(*, keeps: bool = True) -> JournalSnapshot:
    students = (
        _student(1, "Алексеев Иван"),
        _student(2, "Борисова Мария"),
        _student(3, "Дмитриев Олег", left_on=date(2026, 11, 10), left_note="выбыл 10.11"),
        _student(4, "Ёлкина Вера", enrolled_from=date(2026, 11, 12),
                 arrived_note="прибыла 12.11"),
    )
    days = [date(2026, 9, 2) + timedelta(weeks=w) for w in range(8)]  # Wednesdays of Q1
    days += [date(2026, 11, 11), date(2026, 11, 16), date(2026, 11, 17), TODAY]
    lessons = tuple(_lesson(day, control_work=day == date(2026, 11, 17)) for day in days)
    mark = JournalMark(position=1, value="5", work_type="Работа на уроке", weight=1.0,
                       comment="", late=False)
    cells = {
        (students[0].id, lessons[0].id): JournalCell(None, False, (mark,)),
        (students[1].id, lessons[0].id): JournalCell("н", False, ()),
        (students[0].id, lessons[-2].id): JournalCell(
            None, False, (mark, JournalMark(2, "4", "Контрольная работа", 2.0, "", False))),
    }
    assignment = AssignmentInfo(
        id=uuid.uuid4(), year_id=uuid.uuid4(), year_name="2026/2027", class_id=uuid.uuid4(),
        class_name="5 «А»", grade=5, group_id=None, group_name="", subject_id=uuid.uuid4(),
        subject_name="Математика", subject_short_name="Матем.", assessment="marked",
        teacher_id=uuid.uuid4(), teacher_name="Тихомирова Наталья Сергеевна",
        teacher_short_name="Тихомирова Н. С.",
    )
    data = JournalData(
        assignment=assignment, date_from=date(2026, 9, 1), date_to=date(2027, 5, 31),
        students=students, lessons=lessons, cells=cells,
        period_marks={(students[0].id, Q1.id): "5"}, periods=(Q1, Q2),
    )
    return JournalSnapshot(data=data, settings=default_settings(), today=TODAY,
                           suggestions={}, keeps=keeps)
