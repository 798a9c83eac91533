"""The six activity indicators against a hand-built week with known answers.

The week is Monday 16 – Sunday 22 November 2026, the report is made on Friday the
20th at 12:00 (bells: 1st lesson 8:30–9:15, 2nd 9:25–10:10, 3rd 10:30–11:15).

Lessons of 5 «А» that count this week:
- L1 Mon, 1st, math: topic; two marks, at 23 h 59 min and at 24 h 01 min after its end;
- L2 Wed, 1st, math: homework only, entered 1 h 29 min after the end;
- L3 Wed, 2nd, English group 1: only the «conducted» flag;
- L4 Thu, 3rd, English group 2, given by a substitute (Попова): nothing at all;
- L5 Fri, 1st, math: only a mark carrying a comment for parents, and one absence code.
Not counted: a cancelled lesson with a topic (Tue) and a lesson tomorrow with a topic.
Before the week: the first quarter's lesson of 7 September (conducted, no topic).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied
from database.models import (
    Account,
    Attendance,
    Lesson,
    LoginEvent,
    Mark,
    SchoolClass,
    TeachingAssignment,
    TimetableEntry,
)
from database.queries.activity import (
    ACCOUNTS,
    DEFINITIONS,
    KEEPING,
    LOGINS,
    ONLINE,
    PLANNING,
    TIMETABLE,
    Ratio,
    load_activity,
    week_of,
)
from database.queries.home import activity_indicators
from tests.database.conftest import NOW, SmallSchool

REPORT_AT = datetime(2026, 11, 20, 12, 0)


def _lesson(session: Session, school: SmallSchool, assignment: uuid.UUID, day: date,
            number: int, **fields: object) -> uuid.UUID:
    lesson = Lesson(assignment_id=assignment, date=day, lesson_number=number, **fields)
    save(session, school.system, lesson)
    return lesson.id


def _mark(session: Session, school: SmallSchool, lesson: uuid.UUID, student: int,
          at: datetime, comment: str = "") -> None:
    save(session, school.system, Mark(lesson_id=lesson, student_id=school.student_ids[student],
                                      value="5", comment=comment, entered_at=at))


def _login(session: Session, school: SmallSchool, account: uuid.UUID | None, at: datetime,
           success: bool = True) -> None:
    assert account is not None
    save(session, school.system, LoginEvent(account_id=account, device_id=school.system.device_id,
                                            at=at, success=success))


@pytest.fixture
def week(session: Session, small_school: SmallSchool) -> SmallSchool:
    s = small_school
    math, eng1, eng2 = s.math_assignment_id, s.english1_assignment_id, s.english2_assignment_id
    l1 = _lesson(session, s, math, date(2026, 11, 16), 1, topic="Сложение дробей")
    _mark(session, s, l1, 0, datetime(2026, 11, 17, 9, 14))  # 23 h 59 min after 9:15
    _mark(session, s, l1, 1, datetime(2026, 11, 17, 9, 16))  # 24 h 01 min after
    l2 = session.get(Lesson, s.math_lesson_today_id)
    assert l2 is not None
    l2.homework, l2.homework_entered_at = "№ 245", datetime(2026, 11, 18, 10, 44)
    save(session, s.system, l2)
    l3 = session.get(Lesson, s.english1_lesson_today_id)
    assert l3 is not None
    l3.conducted = True
    save(session, s.system, l3)
    _lesson(session, s, eng2, date(2026, 11, 19), 3, substitute_teacher_id=s.other_teacher_id,
            substitution_reason="болезнь")
    l5 = _lesson(session, s, math, date(2026, 11, 20), 1)
    _mark(session, s, l5, 2, datetime(2026, 11, 20, 9, 0), comment="Молодец!")
    save(session, s.system, Attendance(lesson_id=l5, student_id=s.student_ids[3], code="б",
                                       entered_at=datetime(2026, 11, 20, 8, 35)))
    _lesson(session, s, math, date(2026, 11, 17), 2, topic="Отменён", cancelled=True)
    _lesson(session, s, eng1, date(2026, 11, 21), 1, topic="Завтрашний урок")

    # 5 «А»'s timetable is filled from 9 November (every assignment for its hours: the
    # other three math lessons, two of group 1's English, group 2's three and the
    # project's five); a second class has no timetable at all.
    free = iter([(day, number) for day in (2, 4, 5, 6) for number in range(4, 8)])
    placed = {math: 2, eng1: 1}
    for assignment in session.execute(
            select(TeachingAssignment).where(TeachingAssignment.class_id == s.class_id)
    ).scalars().all():
        for _ in range(int(assignment.hours_per_week) - placed.get(assignment.id, 0)):
            day, number = next(free)
            save(session, s.system, TimetableEntry(
                assignment_id=assignment.id, weekday=day, lesson_number=number,
                valid_from=date(2026, 11, 9)))
    save(session, s.system, SchoolClass(year_id=s.year_id, grade=6, letter="Б"))

    # Accounts: the 8 activated ones of the small school, two not yet activated, one
    # disabled (neither counted nor its sign-ins).
    for login in ("new.one", "new.two"):
        save(session, s.system, Account(login=login, role="student", status="created",
                                        created_at=NOW))
    disabled = Account(login="gone", role="teacher", status="disabled", created_at=NOW)
    save(session, s.system, disabled)
    for hour in (8, 12, 15):  # the administration signed in three times this week
        _login(session, s, s.admin.account_id, datetime(2026, 11, 17, hour, 0))
    _login(session, s, s.math_teacher.account_id, datetime(2026, 11, 20, 7, 50))
    _login(session, s, s.english_teacher.account_id, datetime(2026, 11, 10, 7, 50))  # last week
    _login(session, s, disabled.id, datetime(2026, 11, 18, 9, 0))
    _login(session, s, s.student.account_id, datetime(2026, 11, 18, 9, 0), success=False)
    session.commit()
    return s


def test_week_is_monday_to_sunday() -> None:
    assert week_of(date(2026, 11, 20)) == (date(2026, 11, 16), date(2026, 11, 22))
    assert week_of(date(2026, 11, 16)) == (date(2026, 11, 16), date(2026, 11, 22))


def test_school_figures_for_the_week_and_the_year(session: Session, week: SmallSchool) -> None:
    report = load_activity(session, week.admin, date(2026, 11, 18), now=REPORT_AT)
    assert (report.week_start, report.week_end) == (date(2026, 11, 16), date(2026, 11, 22))
    figures = {f.key: (f.week, f.year) for f in report.indicators}
    # Filled: 5 «А» of two classes this week; from the start of the year, 5 «А» in the
    # last two of the 12 weeks, of 12 × 2 class-weeks.
    assert figures[TIMETABLE] == (Ratio(1, 2), Ratio(2, 24))
    # L1 (topic) and L2 (homework) of five; the year adds 7 September (no topic).
    assert figures[PLANNING] == (Ratio(2, 5), Ratio(2, 6))
    # L1 and L5 (marks; L5's is the one carrying a comment), L3 (conducted); the year
    # adds 7 September (conducted).
    assert figures[KEEPING] == (Ratio(3, 5), Ratio(4, 6))
    assert figures[ACCOUNTS] == (Ratio(8, 10), Ratio(8, 10))
    # Admin (three times) and the math teacher this week; the English teacher last
    # week; the disabled account and the failed sign-in are not counted. 12 weeks
    # from the week of 1 September to this one.
    assert figures[LOGINS] == (Ratio(2, 8), Ratio(3, 12 * 8))
    # Entries: L1's marks (23:59 on time, 24:01 late), L2's homework (on time), L5's
    # mark and absence (on time): 4 of 5.
    assert figures[ONLINE] == (Ratio(4, 5), Ratio(4, 5))
    # The weekly history: 12 weeks; 7 September's lesson in the second, this week last.
    history = report.history
    assert len(history) == 12 and history[0].start == date(2026, 8, 31)
    assert history[1].lessons == 1 and history[1].keeping == Ratio(1, 1)
    assert history[-1].start == date(2026, 11, 16) and history[-1].planning == Ratio(2, 5)
    assert history[-2].logins == Ratio(1, 8) and history[-1].logins == Ratio(2, 8)
    assert history[5].lessons == 0 and history[5].planning.percent == 0.0
    assert report.figure(ONLINE).week.percent == 80.0
    assert report.figure(PLANNING).met is False and report.figure(ONLINE).met is True
    assert len(DEFINITIONS) == 7


def test_per_class_and_per_teacher(session: Session, week: SmallSchool) -> None:
    report = load_activity(session, week.admin, date(2026, 11, 18), now=REPORT_AT)
    by_class = {line.name: line for line in report.classes}
    assert list(by_class) == ["5 «А»", "6 «Б»"]
    five = by_class["5 «А»"]
    assert (five.lessons_week, five.lessons_year, five.timetable) == (5, 6, True)
    assert five.keeping == (Ratio(3, 5), Ratio(4, 6))
    assert by_class["6 «Б»"].timetable is False and by_class["6 «Б»"].lessons_week == 0
    by_teacher = {line.name: line for line in report.teachers}
    assert set(by_teacher) == {"Смирнова О. П.", "Кузнецова А. И.", "Попова Е. В."}
    smirnova = by_teacher["Смирнова О. П."]
    assert (smirnova.lessons_week, smirnova.lessons_year) == (3, 4)
    assert smirnova.planning[0] == Ratio(2, 3) and smirnova.keeping[0] == Ratio(2, 3)
    assert smirnova.online[0] == Ratio(4, 5)  # every entry of the week is hers
    assert by_teacher["Кузнецова А. И."].keeping[0] == Ratio(1, 1)
    # The substitute gave L4, so it is hers, not the English teacher's.
    assert by_teacher["Попова Е. В."].lessons_week == 1
    assert by_teacher["Попова Е. В."].keeping[0] == Ratio(0, 1)


def test_lessons_not_yet_over_are_not_counted(session: Session, week: SmallSchool) -> None:
    # Wednesday at 10:00: L3 (ends 10:10), L4 and L5 have not taken place yet.
    report = load_activity(session, week.admin, date(2026, 11, 18),
                           now=datetime(2026, 11, 18, 10, 0))
    assert report.figure(PLANNING).week == Ratio(2, 2)
    assert report.figure(KEEPING).week == Ratio(1, 2)


def test_home_page_shows_all_six(session: Session, week: SmallSchool) -> None:
    indicators = activity_indicators(session, week.admin, date(2026, 11, 18))
    assert len(indicators) == 6
    full = load_activity(session, week.admin, date(2026, 11, 18))
    assert [i.value for i in indicators] == [f.week.percent for f in full.indicators]
    only_week = load_activity(session, week.admin, date(2026, 11, 18), week_only=True)
    assert [f.week for f in only_week.indicators] == [f.week for f in full.indicators]
    assert only_week.classes == () and only_week.figure(KEEPING).year == Ratio(0, 0)
    assert indicators[3].value == 80.0 and indicators[3].detail == "8 из 10"


def test_only_the_administration_sees_the_indicators(
    session: Session, week: SmallSchool
) -> None:
    for actor in (week.math_teacher, week.sysadmin, week.student):
        with pytest.raises(PermissionDenied):
            load_activity(session, actor, date(2026, 11, 18))
