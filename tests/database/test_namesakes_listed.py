"""Two teachers with the same surname and initials, «Иванова Мария Петровна» (the
mathematics teacher of the small school) and «Иванова Марина Павловна» (its English
teacher), are named in full wherever they are listed together: the substitutions
grid and sheet, the timetable's week and the journal-keeping control."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from database.changelog import save
from database.models import Staff
from database.queries.journal_control import load_control
from database.queries.substitutions import lessons_to_cover, substitution_sheet
from database.queries.timetable_week import timetable_week
from database.services.lessons import set_substitution
from tests.database.conftest import TODAY, SmallSchool

MARIA = "Иванова Мария Петровна"
MARINA = "Иванова Марина Павловна"


@pytest.fixture
def namesakes(session: Session, small_school: SmallSchool) -> SmallSchool:
    s = small_school
    for staff_id, (name, patronymic) in ((s.math_teacher_id, ("Мария", "Петровна")),
                                         (s.english_teacher_id, ("Марина", "Павловна"))):
        teacher = session.get(Staff, staff_id)
        assert teacher is not None
        teacher.surname, teacher.name, teacher.patronymic = "Иванова", name, patronymic
        save(session, s.system, teacher)
    session.commit()
    return s


def test_the_substitutions_grid_and_sheet_name_namesakes_in_full(
    session: Session, namesakes: SmallSchool
) -> None:
    s = namesakes
    math = lessons_to_cover(session, s.admin, s.year_id, s.math_teacher_id, TODAY, TODAY)
    assert MARINA in [f.name for f in math[0].free]
    assert "Иванова М. П." not in [f.name for f in math[0].free]
    set_substitution(session, s.admin, s.math_lesson_today_id, s.english_teacher_id,
                     "болезнь учителя")
    session.commit()
    math = lessons_to_cover(session, s.admin, s.year_id, s.math_teacher_id, TODAY, TODAY)
    assert math[0].substitute == MARINA
    line = next(x for x in substitution_sheet(session, s.admin, TODAY).lines
                if x.lesson_number == 1)
    assert (line.absent, line.substitute) == (MARIA, MARINA)


def test_the_timetable_week_names_namesakes_in_full(
    session: Session, namesakes: SmallSchool
) -> None:
    s = namesakes
    week = timetable_week(session, s.admin, TODAY)
    assert week is not None
    teachers = dict(week.teachers)
    assert (teachers[s.math_teacher_id], teachers[s.english_teacher_id]) == (MARIA, MARINA)
    assert week.assignments[s.math_assignment_id].teacher == MARIA
    assert MARINA in week.assignments[s.english1_assignment_id].title
    assert "Иванова М. П." not in teachers.values()


def test_the_journal_control_names_namesakes_in_full(
    session: Session, namesakes: SmallSchool
) -> None:
    s = namesakes
    report = load_control(session, s.admin, date(2026, 11, 16), date(2026, 11, 20))
    by_teacher = {j.teacher_id: j.teacher for j in report.journals}
    assert (by_teacher[s.math_teacher_id], by_teacher[s.english_teacher_id]) == (MARIA, MARINA)
