"""A round in steps (database.sync.round.sync_round_steps): work saved between two
steps is kept, and what the round remembers of the records it applied stays true."""

from __future__ import annotations

from pathlib import Path

import pytest

import database.sync.publish
from database.changelog import save
from database.models import Lesson
from database.sync.round import sync_round_steps
from tests.database.sync_helpers import add_journal, join, make_admin, teacher_actor


def test_a_save_between_two_steps_survives_the_rest_of_the_round(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database.sync.publish, "MAX_ROWS", 1)  # one segment per change
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    try:
        journal = add_journal(admin)
        assert admin.sync().ok
        room = join(tmp_path, share, admin, "room12")
        try:
            for number in range(4):  # the same lesson, in four segments
                with admin.maker.begin() as session:
                    lesson = session.get(Lesson, journal.lesson)
                    assert lesson is not None
                    lesson.topic = f"Тема {number}"
                    save(session, admin.system(), lesson)
            assert admin.sync().ok
            steps = sync_round_steps(room.paths, room.engine, share)
            next(steps)  # published
            next(steps)  # the first segment applied
            with room.maker.begin() as session:
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None and lesson.topic == "Тема 0"
                lesson.homework = "№ 12"
                save(session, teacher_actor(room, journal), lesson)
            with pytest.raises(StopIteration) as finished:
                while True:
                    next(steps)
            report = finished.value.value
            assert report.ok and report.applied == 4  # the first segment too
            with room.maker() as session:
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None
                assert (lesson.topic, lesson.homework) == ("Тема 3", "№ 12")
        finally:
            room.close()
    finally:
        admin.close()
