"""When to sync (database.sync.watch): the schedule on a fake clock, and the cheap
look at the share on real computers over one folder."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from database.changelog import save
from database.models import Enrolment, Mark, Student
from database.sync.watch import (
    FIRST_LOOK_S,
    FULL_ROUND_S,
    MAX_BACKOFF_S,
    POLL_INTERVAL_S,
    PUBLISH_DELAY_S,
    SyncSchedule,
    poll_share,
)
from tests.database.sync_helpers import (
    NOW,
    Computer,
    add_journal,
    join,
    make_admin,
    teacher_actor,
)

FP = (("registry", 1, 1),)


def run_idle(schedule: SyncSchedule, start: float, end: float, step: float = 1.0) -> list[
        tuple[float, str]]:
    """Drive the schedule second by second; every poll finds nothing new."""
    actions: list[tuple[float, str]] = []
    now = start
    while now < end:
        action, _ = schedule.due(now)
        if action == "poll":
            schedule.polled(now, FP, news=False)
            actions.append((now, "poll"))
        elif action == "round":
            schedule.round_started(now)
            schedule.round_finished(now, ok=True)
            actions.append((now, "round"))
        now += step
    return actions


def test_idle_computer_only_polls_and_a_full_round_comes_every_five_minutes() -> None:
    schedule = SyncSchedule(0.0)
    actions = run_idle(schedule, 0.0, FULL_ROUND_S + 1)
    polls = [t for t, a in actions if a == "poll"]
    rounds = [t for t, a in actions if a == "round"]
    assert polls[0] == FIRST_LOOK_S  # the first look soon after signing in
    assert all(b - a == POLL_INTERVAL_S for a, b in itertools.pairwise(polls))
    assert rounds == [FULL_ROUND_S]


def test_a_commit_is_published_a_few_seconds_later_with_what_follows_it() -> None:
    schedule = SyncSchedule(0.0)
    schedule.polled(0.0, FP, news=False)
    schedule.committed(1.0)
    schedule.committed(2.5)  # rides along
    assert schedule.due(1.0 + PUBLISH_DELAY_S - 0.5) == (None, 0.5)
    assert schedule.due(1.0 + PUBLISH_DELAY_S)[0] == "round"
    schedule.round_started(4.0)
    schedule.committed(4.5)  # during the round: the next round sends it
    schedule.round_finished(5.0, ok=True)
    assert schedule.due(4.5 + PUBLISH_DELAY_S)[0] == "round"


def test_news_from_a_poll_starts_a_round_at_once() -> None:
    schedule = SyncSchedule(0.0)
    schedule.polled(0.0, FP, news=False)
    assert schedule.due(5.0) == (None, POLL_INTERVAL_S - 5.0)
    schedule.polled(10.0, FP, news=True)
    assert schedule.due(10.0) == ("round", 0.0)


def test_an_unavailable_share_is_looked_at_less_and_less_and_never_synced() -> None:
    schedule = SyncSchedule(0.0)
    schedule.polled(0.0, None, news=False)  # the share is gone
    schedule.committed(0.0)  # waits for the share
    now, gaps = 0.0, [schedule.poll_at]
    for _ in range(16):
        action, wait = schedule.due(now)
        assert action in (None, "poll")
        if action is None:
            now += wait
            continue
        schedule.polled(now, None, news=False)
        gaps.append(schedule.poll_at - now)
    assert gaps == sorted(gaps) and gaps[0] == 2 * POLL_INTERVAL_S and gaps[-1] == MAX_BACKOFF_S
    # Back: the first good look resets the pace and what waited goes out.
    now = schedule.poll_at
    assert schedule.due(now)[0] == "poll"
    schedule.polled(now, FP, news=False)
    assert schedule.due(now) == ("round", 0.0)
    schedule.round_started(now)
    schedule.round_finished(now, ok=True)
    assert schedule.due(now) == (None, POLL_INTERVAL_S)


def test_a_failed_round_backs_off_like_a_failed_poll() -> None:
    schedule = SyncSchedule(0.0)
    schedule.round_started(0.0)
    schedule.round_finished(0.0, ok=False)
    assert schedule.due(0.0) == (None, 2 * POLL_INTERVAL_S)
    assert schedule.due(2 * POLL_INTERVAL_S) == ("poll", 0.0)


def test_mark_latency_with_the_default_timers_is_within_thirty_seconds() -> None:
    """The worst case of the defaults: the mark is committed just after B's poll;
    A publishes ``PUBLISH_DELAY_S`` later, B sees it at its next poll."""
    a, b = SyncSchedule(0.0), SyncSchedule(0.0)
    a.polled(0.0, FP, news=False)
    b.polled(0.0, FP, news=False)
    published_at = None
    shown_at = None
    a.committed(0.1)
    now = 0.0
    while shown_at is None and now < 120:
        action, _ = a.due(now)
        if action == "round":
            a.round_started(now)
            a.round_finished(now, ok=True)
            published_at = published_at or now
        elif action == "poll":
            a.polled(now, FP, news=False)
        action, _ = b.due(now)
        if action == "poll":
            b.polled(now, FP, news=published_at is not None)
        elif action == "round" and published_at is not None:
            shown_at = now
        now = round(now + 0.1, 1)
    assert published_at is not None and shown_at is not None
    assert shown_at - 0.1 <= PUBLISH_DELAY_S + POLL_INTERVAL_S <= 30


# --- the look at the share ---------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Computer, Computer, Path]]:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    assert admin.sync().ok
    room = join(tmp_path, share, admin, "room12")
    assert admin.sync().ok and room.sync().ok
    yield admin, room, share
    admin.close()
    room.close()


def test_poll_finds_news_only_when_another_computer_published(
        pair: tuple[Computer, Computer, Path]) -> None:
    admin, room, share = pair
    with room.maker() as session:
        first = poll_share(session, share, None)
        assert first.fingerprint is not None and first.news  # nothing known yet: look
        idle = poll_share(session, share, first.fingerprint)
        assert not idle.news and idle.fingerprint == first.fingerprint
    # A round with nothing new rewrites no head: the other's look stays quiet.
    assert room.sync().ok and admin.sync().ok
    with room.maker() as session:
        assert not poll_share(session, share, first.fingerprint).news
    journal = add_journal(admin)
    with admin.maker.begin() as session:
        student = Student(surname="Алексеев", name="Борис")
        save(session, admin.system(), student)
        save(session, admin.system(), Enrolment(student_id=student.id, class_id=journal.class_id,
                                                start_date=date(2026, 9, 1)))
        save(session, teacher_actor(admin, journal), Mark(
            lesson_id=journal.lesson, student_id=student.id, position=1, value="5",
            entered_at=NOW))
    assert admin.sync().ok
    with room.maker() as session:
        news = poll_share(session, share, first.fingerprint)
    assert news.news
    assert room.sync().applied > 0
    with room.maker() as session:
        assert not poll_share(session, share, news.fingerprint).news


def test_poll_of_a_missing_share_says_so_and_touches_nothing(
        pair: tuple[Computer, Computer, Path]) -> None:
    _, room, share = pair
    moved = share.with_name("elsewhere")
    shutil.move(share, moved)
    with room.maker() as session:
        result = poll_share(session, share, None)
    assert result.fingerprint is None and not result.news and result.unavailable
    assert not share.exists()
