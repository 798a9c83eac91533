"""Conflicts shown, never lost: two computers editing one cell offline, the
disagreement described the same way on both, settled on one and closed on both;
a refused op listed identically everywhere and never applied."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from database.actor import Actor, Role
from database.changelog import save
from database.errors import PermissionDenied
from database.models import (
    Account,
    ChangeLog,
    Enrolment,
    Lesson,
    Mark,
    Staff,
    Student,
    TeachingAssignment,
)
from database.queries.sync_conflicts import (
    ConflictItem,
    journal_cell_conflicts,
    list_conflicts,
)
from database.queries.sync_refused import list_refused
from database.services.marks import set_mark
from database.services.sync_conflicts import resolve_conflict
from tests.database.sync_helpers import (
    NOW,
    Computer,
    Journal,
    add_journal,
    join,
    make_admin,
    same_everywhere,
    teacher_actor,
)


@dataclass
class Pair:
    admin: Computer
    room: Computer
    journal: Journal
    student: uuid.UUID
    deputy: uuid.UUID  # the deputy director's account

    @property
    def all(self) -> list[Computer]:
        return [self.admin, self.room]

    def sync(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for computer in self.all:
                report = computer.sync()
                assert report.ok, report.describe()

    def deputy_actor(self) -> Actor:
        return Actor(role=Role.ADMIN, device_id=self.admin.device_id, account_id=self.deputy,
                     clock=lambda: NOW)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    journal = add_journal(admin)
    system = admin.system()
    with admin.maker.begin() as session:
        student = Student(surname="Алексеев", name="Борис")
        save(session, system, student)
        save(session, system, Enrolment(student_id=student.id, class_id=journal.class_id,
                                        start_date=date(2026, 9, 1)))
        staff = Staff(surname="Волкова", name="Наталья", patronymic="Сергеевна",
                      position="заместитель директора")
        save(session, system, staff)
        deputy = Account(login="volkova", role="admin", staff_id=staff.id, status="activated",
                         must_change_password=False, created_at=NOW)
        save(session, system, deputy)
        ids = (student.id, deputy.id)
    room = join(tmp_path, share, admin, "room12")
    result = Pair(admin, room, journal, *ids)
    result.sync()
    yield result
    for computer in result.all:
        computer.close()


def mark_on(computer: Computer, pair: Pair) -> str | None:
    with computer.maker() as session:
        return session.execute(select(Mark.value).where(
            Mark.lesson_id == pair.journal.lesson, Mark.student_id == pair.student)).scalar()


def cell_conflicts(computer: Computer, pair: Pair) -> tuple[ConflictItem, ...]:
    with computer.maker() as session:
        found = journal_cell_conflicts(session, [pair.journal.lesson])
    assert set(found) <= {(pair.student, pair.journal.lesson)}
    return found.get((pair.student, pair.journal.lesson), ())


def admin_list(computer: Computer, pair: Pair) -> list[ConflictItem]:
    with computer.maker() as session:
        return list_conflicts(session, computer.system())


def offline_edits(pair: Pair) -> None:
    """The teacher types 5 in the classroom; the deputy types 3 at the administration,
    both offline."""
    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "5")
    with pair.admin.maker.begin() as session:
        set_mark(session, pair.deputy_actor(), pair.journal.lesson, pair.student, "3")


def test_cell_filled_on_two_computers_shows_both_values_everywhere(pair: Pair) -> None:
    offline_edits(pair)
    pair.sync(rounds=2)
    same_everywhere(pair.all)
    winner = mark_on(pair.admin, pair)
    assert winner in ("5", "3") and mark_on(pair.room, pair) == winner
    described = [cell_conflicts(c, pair) for c in pair.all]
    assert described[0] == described[1]  # the same words on both computers
    (item,) = described[0]
    assert item.kind == "unique"
    assert item.shown.text == winner
    assert {item.shown.text, item.other.text} == {"5", "3"}
    by_value = {item.shown.text: item.shown, item.other.text: item.other}
    assert by_value["5"].author == "Петрова Анна Ивановна"
    assert by_value["5"].computer == "room12"
    assert by_value["3"].author == "Волкова Наталья Сергеевна"
    assert by_value["3"].computer == "Администрация"
    assert by_value["3"].at is not None and by_value["5"].at is not None
    place = item.place
    assert (place.class_name, place.subject_name, place.lesson_date, place.lesson_number,
            place.student_name) == ("5 «А»", "Математика", date(2026, 11, 18), 1,
                                    "Алексеев Борис")
    assert place.assignment_id == pair.journal.assignment
    assert admin_list(pair.admin, pair) == admin_list(pair.room, pair) == [item]
    with pair.admin.maker() as session:  # another journal's lessons: none of its cells
        assert journal_cell_conflicts(session, [uuid.uuid4()]) == {}


@pytest.mark.parametrize("take_other", [False, True])
def test_resolving_on_one_computer_closes_it_on_both(pair: Pair, take_other: bool) -> None:
    offline_edits(pair)
    pair.sync(rounds=2)
    (item,) = cell_conflicts(pair.room, pair)
    expected = item.other.text if take_other else item.shown.text
    with pair.room.maker.begin() as session:
        resolve_conflict(session, teacher_actor(pair.room, pair.journal), item.key,
                         take_other=take_other)
    assert cell_conflicts(pair.room, pair) == ()  # closed here at once
    assert mark_on(pair.room, pair) == expected
    pair.sync(rounds=2)
    for computer in pair.all:
        assert cell_conflicts(computer, pair) == ()
        assert admin_list(computer, pair) == []
        assert mark_on(computer, pair) == expected
    same_everywhere(pair.all)
    with pair.admin.maker() as session:  # the choice is itself a change, with its reason
        reasons = session.execute(select(ChangeLog.reason).where(
            ChangeLog.device_id == str(pair.room.device_id),
            ChangeLog.table_name == "mark")).scalars().all()
    assert "разрешение конфликта синхронизации" in reasons


def test_same_mark_edited_on_both_is_a_field_conflict(pair: Pair) -> None:
    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "4")
    pair.sync()
    offline_edits(pair)
    pair.sync(rounds=2)
    same_everywhere(pair.all)
    (item,) = cell_conflicts(pair.admin, pair)
    assert cell_conflicts(pair.room, pair) == (item,)
    assert item.kind == "field" and item.fields == ("value",)
    assert item.shown.text == mark_on(pair.room, pair)
    with pair.admin.maker.begin() as session:
        resolve_conflict(session, pair.deputy_actor(), item.key, take_other=True)
    pair.sync(rounds=2)
    for computer in pair.all:
        assert cell_conflicts(computer, pair) == ()
        assert mark_on(computer, pair) == item.other.text
    same_everywhere(pair.all)


def test_only_the_journals_keepers_may_resolve(pair: Pair) -> None:
    offline_edits(pair)
    pair.sync(rounds=2)
    (item,) = cell_conflicts(pair.room, pair)
    stranger = Actor(role=Role.TEACHER, device_id=pair.room.device_id,
                     account_id=uuid.uuid4(), staff_id=uuid.uuid4(), clock=lambda: NOW)
    with pair.room.maker.begin() as session, pytest.raises(PermissionDenied):
        resolve_conflict(session, stranger, item.key, take_other=True)
    assert cell_conflicts(pair.room, pair) == (item,)


def test_topic_conflict_in_the_administration_list(pair: Pair) -> None:
    for computer, actor, topic in (
        (pair.room, teacher_actor(pair.room, pair.journal), "Дроби"),
        (pair.admin, pair.deputy_actor(), "Проценты"),
    ):
        with computer.maker.begin() as session:
            lesson = session.get(Lesson, pair.journal.lesson)
            assert lesson is not None
            lesson.topic = topic
            save(session, actor, lesson)
    pair.sync(rounds=2)
    (item,) = admin_list(pair.admin, pair)
    assert admin_list(pair.room, pair) == [item]
    assert item.table == "lesson" and item.what == "тема урока"
    assert {item.shown.text, item.other.text} == {"Дроби", "Проценты"}
    assert item.place.lesson_id == pair.journal.lesson and item.place.student_name == ""


def test_refused_op_is_listed_identically_and_not_applied(pair: Pair, tmp_path: Path) -> None:
    """The teacher's program writes into another teacher's journal (services bypassed)."""
    other_room = join(tmp_path, pair.admin.share, pair.admin, "room13")
    pair_all = [*pair.all, other_room]
    with pair.admin.maker.begin() as session:
        other = Staff(surname="Иванов", name="Иван", patronymic="Петрович", position="учитель")
        save(session, pair.admin.system(), other)
        assignment = session.get(TeachingAssignment, pair.journal.assignment)
        assert assignment is not None
        assignment.teacher_id = other.id
        save(session, pair.admin.system(), assignment)
    pair.sync()
    with pair.room.maker.begin() as session:
        save(session, teacher_actor(pair.room, pair.journal), Mark(
            lesson_id=pair.journal.lesson, student_id=pair.student, position=1, value="2",
            entered_at=NOW))
    for _ in range(2):
        for computer in pair_all:
            assert computer.sync().ok
    lists = []
    for computer in (pair.admin, other_room):
        assert mark_on(computer, pair) is None
        with computer.maker() as session:
            assert session.scalar(select(func.count()).select_from(Mark)) == 0
            lists.append(list_refused(session, computer.system()))
    assert lists[0] == lists[1]
    (item,) = lists[0]
    assert item.author == "Петрова Анна Ивановна"
    assert item.computer == "room12"
    assert item.what == "оценка: 2"
    assert item.reason == "изменение чужого журнала"
    assert item.place.student_name == "Алексеев Борис"
    assert item.place.lesson_date == date(2026, 11, 18)
    assert item.at is not None
    other_room.close()


def test_a_new_value_typed_after_seeing_both_settles_it_everywhere(pair: Pair) -> None:
    """Not only the resolve buttons: any later edit of the field made after seeing
    both sides settles the conflict, and the computer that made it lists the same as
    the others (equal conflict sets)."""
    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "4")
    pair.sync()
    offline_edits(pair)
    pair.sync(rounds=2)
    assert len(cell_conflicts(pair.room, pair)) == 1
    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "2")
    pair.sync(rounds=2)
    for computer in pair.all:
        assert cell_conflicts(computer, pair) == ()
        assert mark_on(computer, pair) == "2"
    same_everywhere(pair.all)


def test_two_fields_of_one_edit_are_one_disagreement(pair: Pair) -> None:
    """A mark and its comment changed together on each computer: one conflict to
    decide (and the status bar counts one), the side taken brings both fields."""
    from database.sync.round import sync_status

    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "4")
    pair.sync()
    for computer, actor, value, comment in (
        (pair.room, teacher_actor(pair.room, pair.journal), "5", "молодец"),
        (pair.admin, pair.deputy_actor(), "3", "не готов"),
    ):
        with computer.maker.begin() as session:
            set_mark(session, actor, pair.journal.lesson, pair.student, value, comment=comment)
    pair.sync(rounds=2)
    (item,) = cell_conflicts(pair.admin, pair)
    assert item.fields == ("comment", "value")
    assert len(pair.admin.conflicts()) == 2  # two rows …
    with pair.admin.maker() as session:
        assert sync_status(session).conflicts == 1  # … one disagreement
    with pair.admin.maker.begin() as session:
        resolve_conflict(session, pair.deputy_actor(), item.key, take_other=True)
    pair.sync(rounds=2)
    expected = ("5", "молодец") if "молодец" in item.other.text else ("3", "не готов")
    assert item.other.text == f"комментарий: {expected[1]}; {expected[0]}"
    for computer in pair.all:
        with computer.maker() as session:
            mark = session.execute(select(Mark)).scalar_one()
            assert (mark.value, mark.comment) == expected
    same_everywhere(pair.all)


@pytest.mark.parametrize("take_other", [False, True])
def test_cleared_on_one_changed_on_the_other(pair: Pair, take_other: bool) -> None:
    """A delete racing a change keeps the change as a conflict; either choice closes it
    on both computers with the same cell."""
    from database.services.marks import clear_cell

    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "4")
    pair.sync()
    with pair.room.maker.begin() as session:  # the teacher clears the cell …
        clear_cell(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                   pair.student)
    with pair.admin.maker.begin() as session:  # … the deputy changes it, offline
        set_mark(session, pair.deputy_actor(), pair.journal.lesson, pair.student, "3")
    pair.sync(rounds=2)
    same_everywhere(pair.all)
    (item,) = admin_list(pair.admin, pair)
    assert admin_list(pair.room, pair) == [item]
    assert item.kind == "delete"
    assert {item.shown.text, item.other.text} == {"запись удалена", "3"}
    assert item.place.student_name == "Алексеев Борис"

    def cell_value(text: str) -> str | None:
        return None if text == "запись удалена" else text

    assert mark_on(pair.admin, pair) == cell_value(item.shown.text)
    expected = cell_value((item.other if take_other else item.shown).text)
    with pair.room.maker.begin() as session:
        resolve_conflict(session, teacher_actor(pair.room, pair.journal), item.key,
                         take_other=take_other)
    pair.sync(rounds=2)
    for computer in pair.all:
        assert admin_list(computer, pair) == []
        assert mark_on(computer, pair) == expected
    same_everywhere(pair.all)


@pytest.mark.parametrize("take_other", [False, True])
def test_topic_conflict_resolved_from_the_list(pair: Pair, take_other: bool) -> None:
    for computer, actor, topic in (
        (pair.room, teacher_actor(pair.room, pair.journal), "Дроби"),
        (pair.admin, pair.deputy_actor(), "Проценты"),
    ):
        with computer.maker.begin() as session:
            lesson = session.get(Lesson, pair.journal.lesson)
            assert lesson is not None
            lesson.topic = topic
            save(session, actor, lesson)
    pair.sync(rounds=2)
    (item,) = admin_list(pair.admin, pair)
    chosen = (item.other if take_other else item.shown).text
    with pair.admin.maker.begin() as session:
        resolve_conflict(session, pair.deputy_actor(), item.key, take_other=take_other)
    pair.sync(rounds=2)
    for computer in pair.all:
        assert admin_list(computer, pair) == []
        with computer.maker() as session:
            lesson = session.get(Lesson, pair.journal.lesson)
            assert lesson is not None and lesson.topic == chosen
    same_everywhere(pair.all)


def test_a_side_from_a_clock_far_ahead_is_not_outvoted(pair: Pair) -> None:
    """The administration's clock ran a year ahead when it typed its value: a choice
    now would not be later than it without dragging this computer's clock a year on,
    so it is refused with the reason and the conflict stays shown."""
    import time

    from database.changelog import META_HLC, _get_meta, _set_meta
    from database.errors import ValidationError

    year_ms = 365 * 24 * 3600 * 1000
    with pair.room.maker.begin() as session:
        set_mark(session, teacher_actor(pair.room, pair.journal), pair.journal.lesson,
                 pair.student, "4")
    pair.sync()
    with pair.admin.maker.begin() as session:
        _set_meta(session, {META_HLC: f"{int(time.time() * 1000) + year_ms:015d}:000000"})
    offline_edits(pair)
    pair.sync(rounds=2)
    (item,) = cell_conflicts(pair.room, pair)
    assert item.shown.text == "3"  # the future-stamped side wins for now
    with pair.room.maker() as session:
        before = _get_meta(session, META_HLC)
    with pair.room.maker.begin() as session, pytest.raises(ValidationError, match="часы"):
        resolve_conflict(session, teacher_actor(pair.room, pair.journal), item.key,
                         take_other=True)
    with pair.room.maker() as session:
        assert _get_meta(session, META_HLC) == before  # not dragged
    assert cell_conflicts(pair.room, pair) == (item,)


def test_year_mark_given_on_two_computers(pair: Pair) -> None:
    """A period (here: year) mark given on both computers is listed for the
    administration with its subject and period, and settled by the subject's teacher."""
    from database.models import PeriodMark
    from database.services.period_marks import set_period_mark

    j = pair.journal
    for computer, actor, value in ((pair.room, teacher_actor(pair.room, j), "5"),
                                   (pair.admin, pair.deputy_actor(), "4")):
        with computer.maker.begin() as session:
            set_period_mark(session, actor, pair.student, j.subject, j.year, "year", None,
                            value)
    pair.sync(rounds=2)
    (item,) = admin_list(pair.admin, pair)
    assert admin_list(pair.room, pair) == [item]
    assert item.table == "period_mark" and item.what == "оценка"
    assert (item.place.subject_name, item.place.period_name, item.place.student_name) == (
        "Математика", "год", "Алексеев Борис")
    assert {item.shown.text, item.other.text} == {"5", "4"}
    with pair.room.maker.begin() as session:
        resolve_conflict(session, teacher_actor(pair.room, j), item.key, take_other=True)
    pair.sync(rounds=2)
    for computer in pair.all:
        assert admin_list(computer, pair) == []
        with computer.maker() as session:
            assert session.execute(select(PeriodMark.value)).scalar_one() == item.other.text
    same_everywhere(pair.all)
