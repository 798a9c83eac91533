"""The journal read query: contents, order, permissions and a fixed statement count."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from database.actor import Actor
from database.changelog import save
from database.collation import ru_sort_key
from database.errors import NotFound, PermissionDenied
from database.models import (
    Attendance,
    Enrolment,
    GroupMember,
    Lesson,
    Mark,
    Staff,
    Student,
    TeachingAssignment,
)
from database.queries.journal import lessons_needing_attention, list_journals, load_journal
from database.queries.journal_choices import StaffChoice, substitute_choices
from database.queries.lesson_missing import MISSING_ATTENDANCE, MISSING_HOMEWORK, MISSING_TOPIC
from database.services.lessons import set_substitution, update_lesson
from database.services.marks import MarkInput, set_cell
from database.services.period_marks import set_period_mark
from tests.database.conftest import SmallSchool

AUTUMN = (date(2026, 9, 1), date(2026, 11, 30))


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        # The engine's own "BEGIN" (database/engine.py) opens the transaction; it is
        # not one of the reads being counted.
        if args[2] != "BEGIN":
            statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def enrol(
    session: Session, school: SmallSchool, surname: str, name: str, gender: str,
    start: date = date(2026, 9, 1), end: date | None = None,
) -> uuid.UUID:
    student = Student(surname=surname, name=name, gender=gender)
    save(session, school.system, student)
    save(session, school.system, Enrolment(student_id=student.id, class_id=school.class_id,
                                           start_date=start, end_date=end))
    return student.id


# --- contents ---------------------------------------------------------------------------------


def test_students_in_russian_order_with_arrivals_and_leavers(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    enrol(session, s, "Ёлкина", "Вера", "f")
    enrol(session, s, "Ершов", "Глеб", "m")
    enrol(session, s, "Егоров", "Антон", "m")
    arrived = enrol(session, s, "Жуков", "Илья", "m", start=date(2026, 11, 12))
    data = load_journal(session, s.math_teacher, s.math_assignment_id, *AUTUMN)
    names = [st.full_name for st in data.students]
    assert names == [
        "Алексеев Иван", "Борисова Мария", "Васильев Пётр", "Григорьева Анна",
        "Дмитриев Олег", "Егоров Антон", "Ершов Глеб", "Ёлкина Вера", "Жуков Илья",
    ]
    assert [st.number for st in data.students] == list(range(1, 10))
    left = data.students[4]
    assert left.left_on == date(2026, 11, 10) and left.left_note == "выбыл 10.11"
    assert left.present_on(date(2026, 11, 10)) and not left.present_on(date(2026, 11, 11))
    newcomer = data.students[-1]
    assert newcomer.id == arrived
    assert newcomer.enrolled_from == date(2026, 11, 12)
    assert newcomer.arrived_note == "прибыл 12.11"
    assert data.students[0].arrived_note == "" and data.students[0].left_note == ""

    later = load_journal(session, s.math_teacher, s.math_assignment_id,
                         date(2026, 11, 11), date(2026, 11, 30))
    assert "Дмитриев Олег" not in [st.full_name for st in later.students]
    earlier = load_journal(session, s.math_teacher, s.math_assignment_id,
                           date(2026, 9, 1), date(2026, 11, 11))
    assert "Жуков Илья" not in [st.full_name for st in earlier.students]


def test_a_student_who_left_and_came_back_has_both_stays(
    session: Session, small_school: SmallSchool
) -> None:
    """Left on 10.11 and enrolled again in the same class on 17.11: one row with two
    stays, absent in between, and the notes saying both (the paper journal's way)."""
    from database.services.people import enrol_student

    s = small_school
    returned = s.student_ids[-1]  # Дмитриев Олег, left on 2026-11-10
    enrol_student(session, s.admin, returned, s.class_id, date(2026, 11, 17), "№ 57")
    data = load_journal(session, s.math_teacher, s.math_assignment_id, *AUTUMN)
    rows = [st for st in data.students if st.id == returned]
    assert len(rows) == 1
    student = rows[0]
    assert student.spans == ((date(2026, 9, 1), date(2026, 11, 10)), (date(2026, 11, 17), None))
    assert student.present_on(date(2026, 11, 10)) and student.present_on(date(2026, 11, 17))
    assert not student.present_on(date(2026, 11, 11))
    assert not student.present_on(date(2026, 11, 16))
    assert student.left_on is None and student.left_note == ""
    assert student.note == "выбыл 10.11, прибыл 17.11"
    assert not student.present_throughout(date(2026, 9, 1))
    # The class roster (summary sheet, the book's general data) says the same.
    from database.queries.class_book import load_class_book

    book = load_class_book(session, s.admin, s.class_id)
    (row,) = [st for st in book.students if st.id == returned]
    assert [(g.left_on, g.back_on, g.back_order) for g in row.gaps] == [
        (date(2026, 11, 10), date(2026, 11, 17), "№ 57")]
    assert row.left_on is None and row.note == "выбыл 10.11, прибыл 17.11"
    assert not row.present_on(date(2026, 11, 12)) and row.present_on(date(2026, 11, 17))
    # Everyone else: one stay, present throughout.
    others = [st for st in data.students if st.id != returned]
    assert all(len(st.spans) == 1 and st.present_throughout(date(2026, 9, 1))
               for st in others)


def test_stays_that_touch_are_one(session: Session, small_school: SmallSchool) -> None:
    """Enrolment rows that follow each other day after day (a move in the records, not
    a gap) make one stay."""
    s = small_school
    student = enrol(session, s, "Жуков", "Илья", "m", end=date(2026, 10, 9))
    save(session, s.system, Enrolment(student_id=student, class_id=s.class_id,
                                      start_date=date(2026, 10, 10), end_date=None))
    data = load_journal(session, s.math_teacher, s.math_assignment_id, *AUTUMN)
    (row,) = [st for st in data.students if st.id == student]
    assert row.spans == ((date(2026, 9, 1), None),) and row.note == ""


def test_namesake_teachers_are_named_in_full_in_lists(
    session: Session, small_school: SmallSchool
) -> None:
    """The English teacher renamed «Смирнова Оксана Павловна»: the same «Смирнова О. П.»
    as the mathematics teacher, so the journal list and the substitute list name both
    in full; the book's page headers too."""
    from database.queries.class_book import load_class_book

    s = small_school
    english = session.get(Staff, s.english_teacher_id)
    assert english is not None
    english.surname, english.name, english.patronymic = "Смирнова", "Оксана", "Павловна"
    save(session, s.system, english)
    teachers = {ref.subject_name: ref.teacher_name for ref in list_journals(session, s.admin)}
    assert teachers == {"Математика": "Смирнова Ольга Петровна",
                        "Английский язык": "Смирнова Оксана Павловна",
                        "Индивидуальный проект": teachers["Индивидуальный проект"]}
    choices = {c.short_name for c in substitute_choices(session, s.admin)}
    assert {"Смирнова Ольга Петровна", "Смирнова Оксана Павловна"} <= choices
    assert "Смирнова О. П." not in choices and "Попова Е. В." in choices
    book = load_class_book(session, s.admin, s.class_id)
    shorts = {j.assignment.subject_name: j.assignment.teacher_short_name
              for j in book.journals}
    assert shorts["Математика"] == "Смирнова Ольга Петровна"
    assert shorts["Английский язык"] == "Смирнова Оксана Павловна"


def test_ru_sort_key_puts_yo_after_ye() -> None:
    words = ["Жуков", "Ёлкин", "Ершов", "Егоров", "ёж", "Яковлев", "Абрамов"]
    assert sorted(words, key=ru_sort_key) == [
        "Абрамов", "Егоров", "Ершов", "ёж", "Ёлкин", "Жуков", "Яковлев"
    ]


def test_journal_header_lessons_cells_and_period_marks(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    first, second = s.student_ids[0], s.student_ids[1]
    set_cell(session, s.math_teacher, s.math_lesson_today_id, first, attendance="оп",
             marks=[MarkInput("5", comment="Молодец"), MarkInput("4")])
    set_cell(session, s.math_teacher, s.math_lesson_today_id, second, attendance="н")
    set_cell(session, s.admin, s.math_lesson_old_id, first, attendance=None, marks=["3"],
             reason="перенос с бумажного журнала")
    set_period_mark(session, s.math_teacher, first, s.math_id, s.year_id, "period",
                    s.q2_id, "4")
    set_period_mark(session, s.math_teacher, first, s.math_id, s.year_id, "year", None, "4")
    set_period_mark(session, s.english_teacher, first, s.english_id, s.year_id, "period",
                    s.q2_id, "5")
    future = Lesson(assignment_id=s.math_assignment_id, date=date(2026, 11, 23),
                    lesson_number=1)
    save(session, s.system, future)
    set_substitution(session, s.admin, s.math_lesson_today_id, s.other_teacher_id,
                     "болезнь учителя")

    data = load_journal(session, s.math_teacher, s.math_assignment_id, *AUTUMN)
    header = data.assignment
    assert header.class_name == "5 «А»" and header.group_name == ""
    assert header.subject_name == "Математика" and header.assessment == "marked"
    assert header.teacher_name == "Смирнова Ольга Петровна"
    assert header.teacher_short_name == "Смирнова О. П."
    assert header.title == "5 «А» · Математика"
    assert [(ls.date, ls.lesson_number) for ls in data.lessons] == [
        (date(2026, 9, 7), 1), (date(2026, 11, 18), 1), (date(2026, 11, 23), 1)
    ]
    old, today, ahead = data.lessons
    assert today.substitute_name == "Попова Е. В."
    assert today.substitution_reason == "болезнь учителя"
    assert today.missing == frozenset({MISSING_TOPIC, MISSING_HOMEWORK})
    assert old.missing == frozenset({MISSING_TOPIC, MISSING_HOMEWORK})  # conducted
    assert old.entries_late and not today.entries_late
    assert ahead.missing == frozenset()

    cell = data.cell(first, s.math_lesson_today_id)
    assert cell is not None
    assert cell.text == "оп 5/4"
    assert [(m.position, m.value, m.comment) for m in cell.marks] == [
        (1, "5", "Молодец"), (2, "4", "")
    ]
    absent = data.cell(second, s.math_lesson_today_id)
    assert absent is not None and absent.attendance == "н" and absent.marks == ()
    assert data.cell(s.student_ids[2], s.math_lesson_today_id) is None
    old_cell = data.cell(first, s.math_lesson_old_id)
    assert old_cell is not None and old_cell.marks[0].late

    assert data.period_marks == {(first, s.q2_id): "4", (first, "year"): "4"}
    assert [p.name for p in data.periods] == ["I четверть", "II четверть"]
    assert data.periods[0].closed and not data.periods[1].closed


def test_lesson_without_any_entry_misses_attendance(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    data = load_journal(session, s.math_teacher, s.math_assignment_id,
                        date(2026, 11, 18), date(2026, 11, 18))
    assert data.lessons[0].missing == frozenset(
        {MISSING_TOPIC, MISSING_HOMEWORK, MISSING_ATTENDANCE})
    update_lesson(session, s.math_teacher, s.math_lesson_today_id, topic="Дроби",
                  homework="№ 1", conducted=True)
    data = load_journal(session, s.math_teacher, s.math_assignment_id,
                        date(2026, 11, 18), date(2026, 11, 18))
    assert data.lessons[0].missing == frozenset()


def test_group_journal_lists_its_members(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    data = load_journal(session, s.english_teacher, s.english1_assignment_id, *AUTUMN)
    assert data.assignment.group_name == "Английский, 1 гр."
    assert [st.full_name for st in data.students] == [
        "Алексеев Иван", "Васильев Пётр", "Дмитриев Олег"
    ]
    # A student who joined the group later shows from the day of joining.
    moved = s.student_ids[1]
    member = session.execute(
        select(GroupMember).where(GroupMember.student_id == moved)).scalar_one()
    member.end_date = date(2026, 11, 1)
    save(session, s.system, member)
    save(session, s.system, GroupMember(group_id=s.group1_id, student_id=moved,
                                        start_date=date(2026, 11, 2)))
    data = load_journal(session, s.english_teacher, s.english1_assignment_id, *AUTUMN)
    joined = next(st for st in data.students if st.id == moved)
    assert joined.enrolled_from == date(2026, 11, 2)


# --- permissions ------------------------------------------------------------------------------


def test_who_may_read_a_journal(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    load_journal(session, s.admin, s.math_assignment_id, *AUTUMN)
    # The math teacher leads 5 «А», so it reads the English journal too.
    load_journal(session, s.math_teacher, s.english1_assignment_id, *AUTUMN)
    for actor in (s.english_teacher, s.other_teacher, s.student, s.parent, s.sysadmin):
        with pytest.raises(PermissionDenied):
            load_journal(session, actor, s.math_assignment_id, *AUTUMN)
    set_substitution(session, s.math_teacher, s.math_lesson_today_id, s.other_teacher_id,
                     "курсы")
    load_journal(session, s.other_teacher, s.math_assignment_id, *AUTUMN)
    with pytest.raises(NotFound):
        load_journal(session, s.admin, uuid.uuid4(), *AUTUMN)


# --- a fixed number of statements -------------------------------------------------------------


def _fill(session: Session, school: SmallSchool, students: int, lessons: int) -> None:
    """Many students, lessons, marks and attendance codes, written directly."""
    ids = [enrol(session, school, f"Ученик{n:03d}", "Тест", "m") for n in range(students)]
    day = date(2026, 9, 2)
    moment = datetime(2026, 9, 2, 10, 0)
    for n in range(lessons):
        while day.isoweekday() > 5:
            day += timedelta(days=1)
        lesson = Lesson(assignment_id=school.math_assignment_id, date=day,
                        lesson_number=2, topic=f"Тема {n}")
        session.add(lesson)
        session.flush()
        for i, student in enumerate(ids):
            session.add(Mark(lesson_id=lesson.id, student_id=student, position=1,
                             value=str(2 + (i + n) % 4), entered_at=moment))
            if (i + n) % 7 == 0:
                session.add(Attendance(lesson_id=lesson.id, student_id=student, code="н",
                                       entered_at=moment))
        day += timedelta(days=1)
    session.commit()


@pytest.mark.parametrize("who", ["math_teacher", "admin", "other_teacher_substituting"])
def test_statement_count_does_not_grow_with_the_journal(
    engine: Engine, session: Session, small_school: SmallSchool, who: str
) -> None:
    s = small_school
    actor: Actor
    if who == "other_teacher_substituting":
        set_substitution(session, s.admin, s.math_lesson_today_id, s.other_teacher_id, "курсы")
        actor = s.other_teacher
    else:
        actor = getattr(s, who)
    set_period_mark(session, s.math_teacher, s.student_ids[0], s.math_id, s.year_id,
                    "period", s.q2_id, "5")
    session.commit()

    def run() -> tuple[int, int, int]:
        with Session(engine) as fresh, counted(engine) as statements:
            data = load_journal(fresh, actor, s.math_assignment_id, *AUTUMN)
        return len(statements), len(data.students), len(data.cells)

    small_count, small_students, _ = run()
    _fill(session, s, students=30, lessons=40)
    big_count, big_students, big_cells = run()
    assert big_students == small_students + 30
    assert big_cells >= 30 * 40
    assert small_count == big_count
    assert big_count <= 8


# --- the picker and the attention list --------------------------------------------------------


def test_list_journals(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    titles = [r.title for r in list_journals(session, s.admin)]
    assert titles == [
        "5 «А» · Математика",
        "5 «А» · Английский язык (Английский, 1 гр.)",
        "5 «А» · Английский язык (Английский, 2 гр.)",
        "5 «А» · Индивидуальный проект",
    ]
    leader = list_journals(session, s.math_teacher)
    assert len(leader) == 4
    assert [r.subject_name for r in leader if r.own] == ["Математика"]
    assert len(list_journals(session, s.english_teacher)) == 2
    other = list_journals(session, s.other_teacher)
    assert [r.subject_name for r in other] == ["Индивидуальный проект"]
    set_substitution(session, s.admin, s.math_lesson_today_id, s.other_teacher_id, "курсы")
    other = list_journals(session, s.other_teacher)
    assert [(r.subject_name, r.own) for r in other] == [
        ("Математика", False), ("Индивидуальный проект", True)
    ]
    for actor in (s.student, s.parent, s.sysadmin):
        assert list_journals(session, actor) == []


def test_lessons_needing_attention(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    items = lessons_needing_attention(session, s.math_teacher, date(2026, 9, 1))
    assert [(i.date, i.missing) for i in items] == [
        (date(2026, 9, 7), frozenset({MISSING_TOPIC, MISSING_HOMEWORK})),
        (date(2026, 11, 18),
         frozenset({MISSING_TOPIC, MISSING_HOMEWORK, MISSING_ATTENDANCE})),
    ]
    assert items[0].journal_title == "5 «А» · Математика"
    update_lesson(session, s.math_teacher, s.math_lesson_today_id, topic="Дроби",
                  homework="№ 5")
    set_cell(session, s.math_teacher, s.math_lesson_today_id, s.student_ids[0],
             attendance="н")
    items = lessons_needing_attention(session, s.math_teacher, date(2026, 11, 1))
    assert items == []
    english = lessons_needing_attention(session, s.english_teacher, date(2026, 11, 1))
    assert [i.lesson_id for i in english] == [s.english1_lesson_today_id]
    set_substitution(session, s.english_teacher, s.english1_lesson_today_id,
                     s.other_teacher_id, "болезнь")
    assert lessons_needing_attention(session, s.english_teacher, date(2026, 11, 1)) == []
    substitute = lessons_needing_attention(session, s.other_teacher, date(2026, 11, 1))
    assert [i.lesson_id for i in substitute] == [s.english1_lesson_today_id]
    assert len(lessons_needing_attention(session, s.admin, date(2026, 9, 1))) == 2
    assert lessons_needing_attention(session, s.student, date(2026, 9, 1)) == []
    assert session.execute(select(TeachingAssignment)).first() is not None


# --- the substitution field -------------------------------------------------------------------


def test_substitute_choices(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    retired = Staff(surname="Абрамова", name="Нина", patronymic="", active=False)
    save(session, s.system, retired)
    no_patronymic = Staff(surname="Ёжикова", name="Лидия", patronymic="")
    save(session, s.system, no_patronymic)
    choices = substitute_choices(session, s.admin)
    assert [c.short_name for c in choices] == [
        "Волкова Н. С.", "Ёжикова Л.", "Кузнецова А. И.", "Попова Е. В.", "Смирнова О. П.",
    ]
    assert choices[-1] == StaffChoice(s.math_teacher_id, "Смирнова О. П.")
    assert substitute_choices(session, s.math_teacher) == choices
    assert substitute_choices(session, s.student) == []
    assert substitute_choices(session, s.sysadmin) == []
