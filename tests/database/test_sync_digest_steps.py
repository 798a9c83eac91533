"""The state digest in steps (database.sync.digest.digest_steps, divergence.frontier_digest):
the same value as in one go, of one state whatever is saved between the steps, and a
quiet paced round announces it after computing it between other work."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

import database.sync.digest as digest_module
import database.sync.pacing as pacing
from database.changelog import save
from database.models import Lesson
from database.sync import divergence
from database.sync.config import get_meta
from database.sync.digest import digest_steps, state_digest
from database.sync.divergence import frontier, frontier_digest
from database.sync.identity import load_identity
from database.sync.pacing import Pace
from database.sync.round import sync_round_steps
from database.sync.segments import decode_head
from database.sync.share import ShareLayout
from tests.database.conftest import SmallSchool
from tests.database.sync_helpers import TwoComputers, two_computers
from tests.database.test_sync_pacing import a_school_day


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_module, "_BATCH", 3)


@pytest.fixture
def school(tmp_path: Path) -> Iterator[TwoComputers]:
    pair = two_computers(tmp_path)
    try:
        yield pair
    finally:
        pair.close()


def test_the_digest_in_steps_equals_the_digest_in_one_go(
        engine: Engine, small_school: SmallSchool, small_batches: None) -> None:
    with engine.connect() as connection, connection.begin():
        steps = digest_steps(connection.connection.driver_connection,
                             step_s=lambda: 0.0)  # a step after every batch
        taken = 0
        with pytest.raises(StopIteration) as finished:
            while True:
                next(steps)
                taken += 1
    assert taken > 20  # the small school's rows, three at a time
    with Session(engine) as session:
        assert finished.value.value == state_digest(session)


def test_a_digest_in_steps_is_of_the_state_it_began_with(
        school: TwoComputers, small_batches: None) -> None:
    own = str(school.a.device_id)
    with school.a.maker() as session:
        before = (frontier(session, own), state_digest(session))
    assert before[0] is not None  # everything published: the state is a frontier's
    steps = frontier_digest(school.a.engine, own, step_s=lambda: 0.0)
    next(steps)
    next(steps)
    with school.a.maker.begin() as session:  # the user saves between two steps
        lesson = session.get(Lesson, school.journal.lesson)
        assert lesson is not None
        lesson.topic = "Сохранено во время подсчёта"
        save(session, school.a.system(), lesson)
    with pytest.raises(StopIteration) as finished:
        while True:
            next(steps)
    assert finished.value.value == before
    assert school.a.digest() != before[1]  # the save is in a later state
    # With the save not yet published the state is no frontier's: nothing to compute.
    assert list(frontier_digest(school.a.engine, own)) == []
    with pytest.raises(StopIteration) as none:
        next(frontier_digest(school.a.engine, own))
    assert none.value.value is None


def test_a_quiet_paced_round_computes_the_digest_in_steps_and_announces_it(
        school: TwoComputers, small_batches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(divergence, "DIGEST_EVERY_MS", 0)  # due at every quiet round
    room = school.b
    school.sync()
    with room.maker() as session:
        stored = json.loads(get_meta(session, divergence.META_DIGEST) or "{}")
    # The last round was quiet and computed it: now nothing moved, nothing to compute.
    steps = list(sync_round_steps(room.paths, room.engine, room.share, pace=Pace(1e-9)))
    assert len(steps) == 1  # published (nothing): no digest steps
    # Something new arrives, then a quiet round: the digest of the new state, in steps.
    monkeypatch.setattr(pacing, "FIRST_ROWS", 100)
    a_school_day(school)
    assert room.sync().applied  # not quiet: the digest waits for the school to settle
    said: list[str] = []
    steps = list(sync_round_steps(room.paths, room.engine, room.share, pace=Pace(1e-9),
                                  progress=lambda text, _fraction: said.append(text)))
    assert len(steps) > 10  # the digest, three rows a step
    assert said == ["Сверка данных с другими компьютерами"]  # what the bar says meanwhile
    with room.maker() as session:
        now = json.loads(get_meta(session, divergence.META_DIGEST) or "{}")
    assert now["digest"] == room.digest() != stored["digest"]
    assert now["at"][str(school.a.device_id)] > stored["at"][str(school.a.device_id)]
    head = decode_head(ShareLayout(room.share).head(room.device_id).read_bytes(),
                       load_identity(room.paths.root).sign_public)
    assert (head["digest"], head["digest_at"]) == (now["digest"], now["at"])
