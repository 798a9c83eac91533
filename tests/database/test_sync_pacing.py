"""A paced round (database.sync.pacing): a segment applied in parts, each its own
transaction with the cursor at its last row, gives what the whole segment gives; a
round closed or crashed between parts resumes inside the segment."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Generator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import database.sync.pacing as pacing
import database.sync.round as sync_round_module
from database.changelog import save
from database.models import ChangeLog, Lesson, SyncCursor, SyncSegment
from database.sync.apply import apply_segment
from database.sync.pacing import Pace, part_of
from database.sync.round import SyncReport, sync_round_steps
from database.sync.segments import SegmentHeader
from tests.database.sync_helpers import (
    Computer,
    TwoComputers,
    same_everywhere,
    teacher_actor,
    two_computers,
)

PART_ROWS = 4
LESSONS = 18  # one segment of 18 rows on the classroom computer's side: five parts


@pytest.fixture
def school(tmp_path: Path) -> Iterator[TwoComputers]:
    pair = two_computers(tmp_path)
    try:
        yield pair
    finally:
        pair.close()


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> Pace:
    """Parts of exactly PART_ROWS rows: a step too short for anything but the least."""
    monkeypatch.setattr(pacing, "FIRST_ROWS", PART_ROWS)
    monkeypatch.setattr(pacing, "MIN_ROWS", PART_ROWS)
    return Pace(1e-9)


def a_school_day(pair: TwoComputers) -> None:
    """LESSONS new lessons on the administration computer, published as one segment."""
    with pair.a.maker.begin() as session:
        for number in range(LESSONS):
            save(session, pair.a.system(), Lesson(
                assignment_id=pair.journal.assignment, date=date(2026, 11, 19),
                lesson_number=number + 1, topic=f"Тема {number}"))
    assert pair.a.sync().ok


def where_the_cursor_is(room: Computer, device: uuid.UUID) -> tuple[int, int, bool]:
    """(cursor, the device's last row in the log here, whether the cursor's hash is
    that row's)."""
    with room.maker() as session:
        cursor = session.get(SyncCursor, str(device))
        assert cursor is not None
        last = session.execute(select(func.max(ChangeLog.device_seq)).where(
            ChangeLog.device_id == device)).scalar_one()
        at_cursor = session.execute(select(ChangeLog.hash).where(
            ChangeLog.device_id == device, ChangeLog.device_seq == cursor.last_seq)).scalar()
        return cursor.last_seq, int(last), at_cursor == cursor.last_hash


def run_to_end(steps: Generator[None, None, SyncReport]) -> SyncReport:
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]


def test_a_paced_round_applies_a_segment_in_parts_with_the_cursor_at_each(
        school: TwoComputers, small_parts: Pace) -> None:
    a_school_day(school)
    steps = sync_round_steps(school.b.paths, school.b.engine, school.b.share, pace=small_parts)
    positions = []
    with pytest.raises(StopIteration) as finished:
        while True:
            next(steps)
            seq, last, hashed = where_the_cursor_is(school.b, school.a.device_id)
            assert seq == last and hashed  # never past what was applied, nor behind
            positions.append(seq)
    report: SyncReport = finished.value.value
    assert report.ok and report.applied == LESSONS and not report.waiting
    parts = sorted(set(positions))
    # Each part a step of its own, PART_ROWS rows apart.
    assert len(parts) == -(-LESSONS // PART_ROWS) + 1  # and where the round began
    assert all(b - a <= PART_ROWS for a, b in itertools.pairwise(parts))
    with school.b.maker() as session:  # the file counts as checked, as if in one go
        files = {(s.first_seq, s.last_seq) for s in session.execute(
            select(SyncSegment).where(SyncSegment.device_id == str(school.a.device_id))
        ).scalars()}
    assert (parts[0] + 1, parts[-1]) in files
    school.sync()
    same_everywhere([school.a, school.b])


def test_parts_decide_conflicts_as_the_whole_segment_does(
        school: TwoComputers, small_parts: Pace) -> None:
    # The classroom edits the journal's lesson offline while the administration
    # corrects it too, among a day of other changes: one conflict, kept everywhere.
    with school.b.maker.begin() as session:
        lesson = session.get(Lesson, school.journal.lesson)
        assert lesson is not None
        lesson.topic = "Дроби (кабинет 12)"
        save(session, teacher_actor(school.b, school.journal), lesson)
    with school.a.maker.begin() as session:
        lesson = session.get(Lesson, school.journal.lesson)
        assert lesson is not None
        lesson.topic = "Дроби (администрация)"
        save(session, school.a.system(), lesson)
    a_school_day(school)
    report = run_to_end(sync_round_steps(
        school.b.paths, school.b.engine, school.b.share, pace=small_parts))
    assert report.ok and report.applied == LESSONS + 1
    school.sync()
    same_everywhere([school.a, school.b])
    assert school.b.conflicts()  # both topics kept, the same winner on both


def test_a_round_closed_between_two_parts_resumes_inside_the_segment(
        school: TwoComputers, small_parts: Pace) -> None:
    a_school_day(school)
    steps = sync_round_steps(school.b.paths, school.b.engine, school.b.share, pace=small_parts)
    next(steps)  # published
    next(steps)  # the segment read
    next(steps)  # its first part applied
    steps.close()  # signed out
    seq, last, hashed = where_the_cursor_is(school.b, school.a.device_id)
    assert seq == last and hashed
    report = school.b.sync()  # the next round, whole segments
    assert report.ok and not report.waiting and not report.problems, report.describe()
    assert report.applied == LESSONS - PART_ROWS
    same_everywhere([school.a, school.b])


def test_a_crash_inside_a_part_keeps_the_parts_before_and_loses_nothing(
        school: TwoComputers, small_parts: Pace, monkeypatch: pytest.MonkeyPatch) -> None:
    a_school_day(school)
    real = apply_segment
    calls: list[int] = []

    def crashing(session: Any, header: SegmentHeader, rows: list[dict[str, Any]],
                 **kwargs: Any) -> Any:
        calls.append(header.first)
        result = real(session, header, rows, **kwargs)
        if len(calls) == 3:  # the third part written, not yet committed: power cut
            raise RuntimeError("power cut")
        return result

    monkeypatch.setattr(sync_round_module, "apply_segment", crashing)
    with pytest.raises(RuntimeError, match="power cut"):
        run_to_end(sync_round_steps(
            school.b.paths, school.b.engine, school.b.share, pace=small_parts))
    seq, last, hashed = where_the_cursor_is(school.b, school.a.device_id)
    assert seq == calls[2] - 1 == last and hashed  # two parts kept, the third rolled back
    monkeypatch.setattr(sync_round_module, "apply_segment", real)
    report = school.b.sync()
    assert report.ok and report.applied == LESSONS - 2 * PART_ROWS
    same_everywhere([school.a, school.b])


def test_a_part_header_describes_exactly_its_rows() -> None:
    stamps = [f"{1000 + i:015d}:000000" for i in range(6)]
    rows: list[dict[str, Any]] = [
        {"device_seq": 10 + i, "hash": f"h{i}", "hlc": stamps[i]} for i in range(6)]
    header = SegmentHeader(device="d", key_id=1, first=10, last=15, prev_hash="h-1",
                           last_hash="h5", hlc_min=stamps[0], hlc_max=stamps[-1],
                           seen={"x": 3})
    assert part_of(header, rows, 0, 6) == (header, rows)
    first, part = part_of(header, rows, 0, 2)
    assert (first.first, first.last, first.prev_hash, first.last_hash) == (10, 11, "h-1", "h1")
    middle, part = part_of(header, rows, 2, 5)
    assert part == rows[2:5]
    assert (middle.first, middle.last, middle.prev_hash, middle.last_hash) == (12, 14, "h1", "h4")
    assert (middle.hlc_min, middle.hlc_max) == (stamps[2], stamps[4])
    assert middle.seen == header.seen and middle.device == "d"


def test_the_pace_follows_what_the_rows_cost() -> None:
    pace = Pace(0.04)
    assert pace.rows() == pacing.FIRST_ROWS
    pace.took(100, 0.1)  # 1 ms a row: 40 rows make a step
    assert pace.rows() == 40
    pace.step_s = None  # nobody waiting: whole segments
    assert pace.rows() is None and not pace.sliced
    pace.step_s = 0.0001
    assert pace.rows() == pacing.MIN_ROWS
