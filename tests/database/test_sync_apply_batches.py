"""The apply's batched paths say what applying op by op would: several ops of one
record in one segment, a record changed again in the next segments of one round
(its merge extended, only its changed fields written), a delete after an upsert, a
refused op amid accepted ones, a concurrent edit that sends a record back to a full
merge."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import database.sync.publish
from database.changelog import delete, save
from database.models import ChangeLog, Lesson, Mark, Staff, SyncRefused, TeachingAssignment
from database.sync.apply import apply_segment
from database.sync.config import load_config
from database.sync.digest import state_digest
from database.sync.identity import load_identity
from database.sync.records import Epochs
from database.sync.segments import decode_segment
from database.sync.share import ShareLayout, list_segments, segment_name
from tests.database.sync_helpers import (
    NOW,
    TwoComputers,
    same_everywhere,
    teacher_actor,
    two_computers,
)


@pytest.fixture
def school(tmp_path: Path) -> Iterator[TwoComputers]:
    pair = two_computers(tmp_path)
    yield pair
    pair.close()


def _marks(maker: sessionmaker[Session]) -> dict[uuid.UUID, tuple[str, str, int]]:
    with maker() as session:
        return {m.id: (m.value, m.comment, m.position)
                for m in session.execute(select(Mark)).scalars()}


def _mark(school: TwoComputers, value: str, position: int = 1) -> Mark:
    return Mark(lesson_id=school.journal.lesson, student_id=school.student,
                position=position, value=value, entered_at=NOW)


def test_one_segment_with_a_correction_a_delete_and_a_refused_op(
        school: TwoComputers) -> None:
    """The teacher's computer writes, in one session (one segment): a mark and its
    correction, a mark made and taken back, and — its program bypassing the
    services — a mark in another teacher's journal."""
    a, b = school.a, school.b
    with a.maker.begin() as session:
        other = Staff(surname="Иванов", name="Иван", patronymic="Петрович", position="учитель")
        save(session, a.system(), other)
        assignment = session.get(TeachingAssignment, school.journal.assignment)
        assert assignment is not None
        theirs = TeachingAssignment(year_id=assignment.year_id, class_id=assignment.class_id,
                                    subject_id=assignment.subject_id, teacher_id=other.id)
        save(session, a.system(), theirs)
        foreign = Lesson(assignment_id=theirs.id, date=date(2026, 11, 18), lesson_number=2)
        save(session, a.system(), foreign)
        foreign_id = foreign.id
    school.sync()
    teacher = teacher_actor(b, school.journal)
    with b.maker.begin() as session:
        kept = _mark(school, "4")
        save(session, teacher, kept)
        kept.value = "5"
        kept.comment = "исправлено"
        save(session, teacher, kept)
        taken_back = _mark(school, "2", position=2)
        save(session, teacher, taken_back)
        delete(session, teacher, taken_back)
        save(session, teacher, Mark(lesson_id=foreign_id, student_id=school.student,
                                    position=1, value="3", entered_at=NOW))
        kept_id = kept.id
    report = b.sync()
    assert report.ok and report.published == 5
    report = a.sync()
    assert report.ok and (report.applied, report.refused) == (4, 1), report.describe()
    assert _marks(a.maker) == {kept_id: ("5", "исправлено", 1)}
    with a.maker() as session:
        (refused,) = session.execute(select(SyncRefused)).scalars()
        assert refused.table_name == "mark" and refused.reason == "изменение чужого журнала"


def test_a_record_changed_in_many_segments_of_one_round(
        school: TwoComputers, monkeypatch: pytest.MonkeyPatch) -> None:
    """One change per segment, all applied by one round of the classroom computer:
    corrections of single fields, a delete after upserts, a change of a unique key
    (the mark's position in its cell), a record made again after its delete."""
    monkeypatch.setattr(database.sync.publish, "MAX_ROWS", 1)
    a, b = school.a, school.b
    actor = a.system()
    with a.maker.begin() as session:
        mark = _mark(school, "3")
        save(session, actor, mark)
        gone = _mark(school, "2", position=2)
        save(session, actor, gone)
        mark_id, gone_id = mark.id, gone.id
    school.sync()
    for record, name, value in ((mark_id, "value", "4"), (mark_id, "comment", "к/р"),
                                (gone_id, "value", "5"), (mark_id, "value", "5")):
        with a.maker.begin() as session:
            changed = session.get(Mark, record)
            assert changed is not None
            setattr(changed, name, value)
            save(session, actor, changed)
    with a.maker.begin() as session:
        g = session.get(Mark, gone_id)
        assert g is not None
        delete(session, actor, g)
    with a.maker.begin() as session:
        m = session.get(Mark, mark_id)
        assert m is not None
        m.position = 2  # the cell's other place, now free
        save(session, actor, m)
    with a.maker.begin() as session:  # taken back (undo): the same record again
        again = _mark(school, "3")
        again.id = gone_id
        save(session, actor, again)
    with a.maker.begin() as session:
        m = session.get(Mark, mark_id)
        assert m is not None
        m.value = "2"
        save(session, actor, m)
    assert a.sync().ok
    report = b.sync()
    assert report.ok and report.applied == 8, report.describe()
    assert _marks(b.maker) == _marks(a.maker) == {
        mark_id: ("2", "к/р", 2), gone_id: ("3", "", 1)}
    with b.maker() as session:
        assert state_digest(session) == a.digest()
    same_everywhere([a, b])


def test_a_concurrent_edit_amid_segments_of_one_round(
        school: TwoComputers, monkeypatch: pytest.MonkeyPatch) -> None:
    """The classroom corrects a mark offline while the administration corrects it in
    three segments: the classroom applies them in one round, its record merged again
    (a conflict), and both computers end with the same winner and conflicts."""
    monkeypatch.setattr(database.sync.publish, "MAX_ROWS", 1)
    a, b = school.a, school.b
    with a.maker.begin() as session:
        mark = _mark(school, "3")
        save(session, a.system(), mark)
        mark_id = mark.id
    school.sync()
    with b.maker.begin() as session:
        m = session.get(Mark, mark_id)
        assert m is not None
        m.value = "4"
        save(session, teacher_actor(b, school.journal), m)
    for value, comment in (("5", ""), ("5", "устно"), ("2", "устно")):
        with a.maker.begin() as session:
            m = session.get(Mark, mark_id)
            assert m is not None
            m.value, m.comment = value, comment
            save(session, a.system(), m)
    assert a.sync().ok
    for computer in (b, a, b, a):
        assert computer.sync().ok
    assert _marks(a.maker) == _marks(b.maker)
    assert a.conflicts() == b.conflicts() != set()
    same_everywhere([a, b])


def test_rows_already_here_are_skipped_amid_new_ones(school: TwoComputers) -> None:
    """A segment holding ops this computer has (replayed, or copied into it) besides
    new ones: the new are applied, the others skipped, none logged twice."""
    a, b = school.a, school.b
    layout = ShareLayout(a.share)
    with b.maker.begin() as session:
        lesson = session.get(Lesson, school.journal.lesson)
        assert lesson is not None
        lesson.topic = "Дроби"
        save(session, teacher_actor(b, school.journal), lesson)
    assert b.sync().ok and a.sync().ok  # applied on the administration's computer
    with b.maker.begin() as session:
        lesson = session.get(Lesson, school.journal.lesson)
        assert lesson is not None
        lesson.topic, lesson.homework = "Проценты", "№ 7"
        save(session, teacher_actor(b, school.journal), lesson)
    assert b.sync().ok
    with a.maker() as session:
        config = load_config(session)
        assert config is not None
        logged = session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
    device = str(b.device_id)
    sign_key = load_identity(b.paths.root).sign_public
    (*_, older, newer) = [
        decode_segment((layout.segments_dir(device) / segment_name(f, t)).read_bytes(),
                       sign_key, config.keys.get)
        for f, t in list_segments(layout, device)
    ]
    with Session(a.engine) as session, session.begin():
        result = apply_segment(session, newer[0], older[1] + newer[1],
                               own_device=str(a.device_id), device_kind="classroom",
                               epochs=Epochs(session))
    assert (result.applied, result.skipped, result.refused) == (
        len(newer[1]), len(older[1]), 0)
    with a.maker() as session:
        assert session.scalar(select(func.count()).select_from(ChangeLog)) == (
            logged + len(newer[1]))
        lesson = session.get(Lesson, school.journal.lesson)
        assert lesson is not None and (lesson.topic, lesson.homework) == ("Проценты", "№ 7")
