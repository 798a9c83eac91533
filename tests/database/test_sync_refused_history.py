"""A refused op stays out of a record's state when the record is recomputed later.

The change log stores op ids as bytes and the refused list as text: the exclusion
must not rely on SQL comparing the two (it once silently let refused ops back in
when a later op touched the same record)."""

from __future__ import annotations

from pathlib import Path

from database.actor import Actor
from database.changelog import save
from database.models import Lesson, SyncRefused
from tests.database.sync_helpers import NOW, add_journal, join, make_admin, teacher_actor


def test_a_refused_op_is_not_merged_back_by_a_later_edit(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    try:
        journal = add_journal(admin)
        assert admin.sync().ok
        room = join(tmp_path, share, admin, "room12")
        try:
            # The classroom program writes as the system: outside its rights.
            with room.maker.begin() as session:
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None
                lesson.room = "forged"
                save(session, Actor.system(room.device_id, clock=lambda: NOW), lesson)
            assert room.sync().ok and admin.sync().refused == 1
            # Then the teacher's own edit of the same lesson, accepted: the lesson is
            # recomputed from its ops, and the refused one must stay out.
            with room.maker.begin() as session:
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None
                lesson.topic = "Дроби"
                save(session, teacher_actor(room, journal), lesson)
            assert room.sync().ok
            report = admin.sync()
            assert report.applied == 1 and report.refused == 0
            with admin.maker() as session:
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None
                assert (lesson.topic, lesson.room) == ("Дроби", "")
                assert session.query(SyncRefused).count() == 1
        finally:
            room.close()
    finally:
        admin.close()
