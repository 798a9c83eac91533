"""The class teacher's daily sheet and the substitutions and cancellations report,
against a hand-built Monday 16 November 2026 of 5 «А»:

- 1st lesson, math (whole class): Алексеев «б», Борисова «у», Васильев «оп»;
- 2nd lesson, English group 1 (Алексеев, Васильев): Алексеев «б» — his whole day;
- 3rd lesson, English group 2 (Борисова, Григорьева), given by Попова instead of
  Кузнецова («курсы»): Борисова present — not her whole day;
- 4th lesson, math, cancelled («карантин»): on neither the sheet nor the count.
Дмитриев left on 10 November and is not on the sheet.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied
from database.models import Attendance, Lesson
from database.queries.daily_sheet import NOT_HIS, load_daily_sheet
from database.queries.substitution_report import CANCELLED, SUBSTITUTED, load_substitutions
from database.services import lessons as lesson_service
from tests.database.conftest import SmallSchool

MONDAY = date(2026, 11, 16)


@pytest.fixture
def monday(session: Session, small_school: SmallSchool) -> SmallSchool:
    s = small_school
    math = Lesson(assignment_id=s.math_assignment_id, date=MONDAY, lesson_number=1)
    eng1 = Lesson(assignment_id=s.english1_assignment_id, date=MONDAY, lesson_number=2)
    eng2 = Lesson(assignment_id=s.english2_assignment_id, date=MONDAY, lesson_number=3)
    math4 = Lesson(assignment_id=s.math_assignment_id, date=MONDAY, lesson_number=4)
    for lesson in (math, eng1, eng2, math4):
        save(session, s.system, lesson)
    at = datetime(2026, 11, 16, 9, 0)
    for lesson, student, code in ((math, 0, "б"), (math, 1, "у"), (math, 2, "оп"),
                                  (eng1, 0, "б")):
        save(session, s.system, Attendance(lesson_id=lesson.id, student_id=s.student_ids[student],
                                           code=code, entered_at=at))
    session.commit()
    lesson_service.set_substitution(session, s.admin, eng2.id, s.other_teacher_id, "курсы")
    lesson_service.cancel_lesson(session, s.admin, math4.id, "карантин")
    session.commit()
    return s


def test_the_daily_sheet(session: Session, monday: SmallSchool) -> None:
    sheet = load_daily_sheet(session, monday.math_teacher, monday.class_id, MONDAY)
    assert [(lesson.number, lesson.subject, lesson.teacher, lesson.absent)
            for lesson in sheet.lessons] == [
        (1, "Матем.", "Смирнова О. П.", 2), (2, "Англ.", "Кузнецова А. И.", 1),
        (3, "Англ.", "Попова Е. В.", 0)]
    assert sheet.cancelled == ("4 ур. Математика",)
    rows = {s.name.split()[0]: s for s in sheet.students}
    assert list(rows) == ["Алексеев", "Борисова", "Васильев", "Григорьева"]
    a, b, v, g = rows.values()
    assert a.codes == ("б", "б", NOT_HIS) and (a.lessons, a.missed, a.whole_day) == (2, 2, True)
    assert a.reasons == "б ×2"
    assert b.codes == ("у", NOT_HIS, "") and (b.missed, b.whole_day) == (1, False)
    assert v.codes == ("оп", "", NOT_HIS) and (v.missed, v.whole_day) == (0, False)
    assert g.codes == ("", NOT_HIS, "") and g.lessons == 2
    assert (sheet.missed, sheet.whole_day) == (3, 1)


def test_the_daily_sheet_is_the_class_teachers(session: Session, monday: SmallSchool) -> None:
    with pytest.raises(PermissionDenied):
        load_daily_sheet(session, monday.english_teacher, monday.class_id, MONDAY)
    load_daily_sheet(session, monday.admin, monday.class_id, MONDAY)


def test_substitutions_and_cancellations(session: Session, monday: SmallSchool) -> None:
    report = load_substitutions(session, monday.admin, MONDAY, date(2026, 11, 22))
    assert [(line.number, line.journal, line.teacher, line.substitute, line.status,
             line.reason) for line in report.lessons] == [
        (3, "5 «А» · Английский язык (Английский, 2 гр.)", "Кузнецова А. И.", "Попова Е. В.",
         SUBSTITUTED, "курсы"),
        (4, "5 «А» · Математика", "Смирнова О. П.", "", CANCELLED, "карантин"),
    ]
    assert (report.substituted, report.cancelled) == (1, 1)
    assert [(c.teacher, c.count) for c in report.given] == [("Попова Е. В.", 1)]
    assert [(c.teacher, c.count) for c in report.missed] == [
        ("Кузнецова А. И.", 1), ("Смирнова О. П.", 1)]
    # A week without changes has none; a teacher sees its own lessons and those it gave.
    assert load_substitutions(session, monday.admin, date(2026, 11, 23),
                              date(2026, 11, 29)).lessons == ()
    mine = load_substitutions(session, monday.other_teacher, MONDAY, date(2026, 11, 22))
    assert [line.status for line in mine.lessons] == [SUBSTITUTED]
    with pytest.raises(PermissionDenied):
        load_substitutions(session, monday.student, MONDAY, date(2026, 11, 22))
