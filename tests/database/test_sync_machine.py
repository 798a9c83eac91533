"""A stateful property test: six computers of one school over one share folder.

Hypothesis drives edits, publishing and applying, conflicts settled by a choice,
crashes during apply, partitions, clock jumps, forged ops, damaged or copied files and
compaction of the share (a snapshot, old segments removed) in any order. After healing
(faults undone, everyone online, a few quiet rounds) every computer must hold the
same state and the same conflicts, every acknowledged write must be in every
computer's log with the per-field winner being the greatest (HLC, device), and no
refused op may have been applied anywhere.

The school is built once and copied for every example. The copies live at other
paths than the originals, so the machine fingerprint (which includes the folder's
path, to catch cloned disks) is pinned for this test only.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from unittest import mock

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from database.actor import Actor
from database.changelog import META_HLC, _get_meta, _set_meta, save
from database.engine import make_engine
from database.errors import ValidationError
from database.models import ChangeLog, Lesson, SyncCursor, SyncRefused
from database.paths import SchoolPaths
from database.sync import identity as identity_module
from database.sync.compact import DAY_MS, compact_share
from database.sync.share import ShareLayout, list_segments, segment_name
from tests.database.sync_helpers import (
    NOW,
    Computer,
    Journal,
    add_journal,
    join,
    make_admin,
    teacher_actor,
)

COMPUTERS = 6
FIELDS = ("topic", "homework")
_TEMPLATE: dict[str, Any] = {}


def _pinned_fingerprint(root: Path) -> str:
    return "0" * 64


def _template() -> dict[str, Any]:
    """Build the school once per test session: an administration computer and five
    classroom computers, all synced."""
    if not _TEMPLATE:
        base = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        share = base / "share"
        share.mkdir()
        with mock.patch.object(identity_module, "machine_fingerprint", _pinned_fingerprint):
            admin = make_admin(base, share)
            journal = add_journal(admin)
            computers = [admin] + [
                join(base, share, admin, f"room{n}") for n in range(1, COMPUTERS)
            ]
            for _ in range(2):
                for computer in computers:
                    assert computer.sync().ok
        info = [(c.name, c.data_key) for c in computers]
        for computer in computers:
            computer.close()
        _TEMPLATE.update(base=base, journal=journal, info=info)
    return _TEMPLATE


class SchoolOverOneShare(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        template = _template()
        self.dir = Path(tempfile.mkdtemp(prefix="sync-example-"))
        shutil.copytree(template["base"], self.dir, dirs_exist_ok=True)
        self.share = self.dir / "share"
        self.journal: Journal = template["journal"]
        self.computers = [
            Computer(name, SchoolPaths(self.dir / name),
                     make_engine(self.dir / name / "school.db", key), key, self.share)
            for name, key in template["info"]
        ]
        self.patch = mock.patch.object(identity_module, "machine_fingerprint",
                                       _pinned_fingerprint)
        self.patch.start()
        self.offline: set[int] = set()
        self.damaged: dict[Path, bytes] = {}
        self.acked: list[tuple[str, str, str, str]] = []  # op id, lesson, field, value
        self.forged: list[str] = []
        self.lessons = [self.journal.lesson]
        self.counter = 0

    # --- edits ------------------------------------------------------------------------------

    def _actor(self, index: int) -> Actor:
        computer = self.computers[index]
        if index == 0:
            return Actor.system(computer.device_id, clock=lambda: NOW)
        return teacher_actor(computer, self.journal)

    def _last_op(self, computer: Computer) -> str:
        with computer.maker() as session:
            return str(session.execute(
                select(ChangeLog.op_id).order_by(ChangeLog.seq.desc()).limit(1)
            ).scalar_one())

    @rule(index=st.integers(0, COMPUTERS - 1), field=st.sampled_from(FIELDS),
          which=st.integers(0, 3))
    def edit_lesson(self, index: int, field: str, which: int) -> None:
        computer = self.computers[index]
        lesson_id = self.lessons[which % len(self.lessons)]
        self.counter += 1
        value = f"{computer.name}-{self.counter}"
        with computer.maker.begin() as session:
            lesson = session.get(Lesson, lesson_id)
            if lesson is None:
                return  # not arrived here yet
            setattr(lesson, field, value)
            save(session, self._actor(index), lesson)
        self.acked.append((self._last_op(computer), str(lesson_id), field, value))

    @rule(index=st.integers(0, COMPUTERS - 1), take_other=st.booleans())
    def resolve_conflict(self, index: int, take_other: bool) -> None:
        """Someone settles the first field conflict this computer shows: a choice that
        is itself an acknowledged write, which must close it everywhere after healing."""
        from database.queries.sync_conflicts import list_conflicts
        from database.services.sync_conflicts import resolve_conflict

        computer = self.computers[index]
        with computer.maker() as session:
            items = [i for i in list_conflicts(session, computer.system())
                     if i.kind == "field" and i.table == "lesson"]
        if not items:
            return
        item = items[0]
        try:
            with computer.maker.begin() as session:
                resolve_conflict(session, self._actor(index), item.key, take_other=take_other)
                lesson = session.get(Lesson, uuid.UUID(item.key.record_id))
                assert lesson is not None
                values = {f: getattr(lesson, f) for f in item.fields}
        except ValidationError as refused:
            # A side stamped by a computer whose clock ran far ahead (a clock_jump)
            # cannot be outvoted yet: the choice is refused, nothing is written, and
            # the conflict stays listed.
            assert "часы которого спешали" in refused.message
            with computer.maker() as session:
                assert item.key in {i.key for i in list_conflicts(session, computer.system())}
            return
        op_id = self._last_op(computer)
        self.acked.extend((op_id, item.key.record_id, f, v) for f, v in values.items())

    @rule(first=st.integers(0, COMPUTERS - 1), second=st.integers(0, COMPUTERS - 1),
          field=st.sampled_from(FIELDS), settle=st.sampled_from([None, False, True]))
    def concurrent_edits(self, first: int, second: int, field: str,
                         settle: bool | None) -> None:
        """Two computers edit one field before either has seen the other's edit; the
        second, once it has both, may settle the conflict at once (keep or take)."""
        if first == second:
            return
        self.edit_lesson(first, field, 0)
        self.edit_lesson(second, field, 0)
        self.sync(first)
        self.sync(second)
        if settle is not None:
            self.resolve_conflict(second, settle)

    @rule(index=st.integers(0, COMPUTERS - 1), number=st.integers(2, 8))
    def add_lesson(self, index: int, number: int) -> None:
        computer = self.computers[index]
        from datetime import date

        with computer.maker.begin() as session:
            lesson = Lesson(assignment_id=self.journal.assignment, date=date(2026, 11, 19),
                            lesson_number=number)
            save(session, self._actor(index), lesson)
            self.lessons.append(lesson.id)

    @rule(index=st.integers(1, COMPUTERS - 1))
    def forge(self, index: int) -> None:
        """A classroom program writing as the system (an op outside its rights)."""
        computer = self.computers[index]
        with computer.maker.begin() as session:
            lesson = session.get(Lesson, self.journal.lesson)
            assert lesson is not None
            lesson.room = f"forged-{uuid.uuid4().hex[:6]}"
            save(session, Actor.system(computer.device_id, clock=lambda: NOW), lesson)
        self.forged.append(self._last_op(computer))

    # --- the network and the machines --------------------------------------------------------

    @rule(index=st.integers(0, COMPUTERS - 1))
    def sync(self, index: int) -> None:
        if index in self.offline:
            return
        report = self.computers[index].sync()
        assert report.ok, report.describe()

    @rule(index=st.integers(1, COMPUTERS - 1))
    def partition(self, index: int) -> None:
        self.offline ^= {index}

    @rule(index=st.integers(0, COMPUTERS - 1))
    def crash_during_apply(self, index: int) -> None:
        computer = self.computers[index]
        before = self._cursors(computer)

        def power_cut(*args: object, **kwargs: object) -> None:
            raise RuntimeError("power cut")

        with (
            mock.patch("database.sync.apply._receive_clock", power_cut),
            contextlib.suppress(RuntimeError),
        ):
            computer.sync()
        computer.engine.dispose()  # the program restarts
        assert self._cursors(computer) == before

    @rule(index=st.integers(0, COMPUTERS - 1), minutes=st.integers(1, 600))
    def clock_jump(self, index: int, minutes: int) -> None:
        computer = self.computers[index]
        with computer.maker.begin() as session:
            wall, counter = (_get_meta(session, META_HLC) or "0:0").split(":")
            _set_meta(session, {META_HLC: f"{int(wall) + minutes * 60_000:015d}:{counter}"})

    @rule(index=st.integers(0, COMPUTERS - 1), copy=st.booleans())
    def damage_newest_segment(self, index: int, copy: bool) -> None:
        layout = ShareLayout(self.share)
        device = self.computers[index].device_id
        names = list_segments(layout, device)
        if not names:
            return
        path = layout.segments_dir(device) / segment_name(*names[-1])
        if copy:
            shutil.copy(path, path.with_name(path.stem + " (1).sjs"))
            return
        if path not in self.damaged:
            self.damaged[path] = path.read_bytes()
        raw = bytearray(self.damaged[path])
        raw[len(raw) // 2] ^= 0xFF
        path.write_bytes(bytes(raw))

    @rule(months_later=st.booleans())
    def compact(self, months_later: bool) -> None:
        """The administration compacts the share. Today: only segments every computer
        seen today has applied go. Months later: every other computer counts as gone
        away, so everything the snapshot covers goes and a partitioned computer must
        catch up from the snapshot when it returns."""
        admin = self.computers[0]
        now = int(time.time() * 1000) + (60 * DAY_MS if months_later else 0)
        compact_share(admin.paths, admin.engine, self.share,
                      grace_days=30 if months_later else 0, active_days=1, now_ms=now)

    # --- checks -------------------------------------------------------------------------------

    def _cursors(self, computer: Computer) -> dict[str, int]:
        with computer.maker() as session:
            return dict(session.execute(select(SyncCursor.device_id, SyncCursor.last_seq)).all())

    @invariant()
    def cursors_never_pass_the_log(self) -> None:
        """Each computer's view of a device's log is a prefix of it: the cursor equals
        the number of rows of that device in its log."""
        for computer in self.computers:
            with computer.maker() as session:
                for device, seq in session.execute(
                    select(SyncCursor.device_id, SyncCursor.last_seq)
                ):
                    rows = session.execute(
                        select(ChangeLog.device_seq).where(ChangeLog.device_id == device)
                    ).scalars().all()
                    assert sorted(rows) == list(range(1, seq + 1))

    def teardown(self) -> None:
        try:
            self._heal_and_check()
        finally:
            self.patch.stop()
            for computer in self.computers:
                computer.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    def _forgers(self) -> set[str]:
        with self.computers[0].maker() as session:
            return set(session.execute(
                select(ChangeLog.device_id).where(ChangeLog.op_id.in_(self.forged))
            ).scalars())

    def _heal_and_check(self) -> None:
        for path, original in self.damaged.items():
            path.write_bytes(original)
        self.offline.clear()
        for _ in range(3):
            for computer in self.computers:
                report = computer.sync()
                assert report.ok, report.describe()
        # A computer whose own program forged an op keeps that op in its own state (its
        # database was changed behind the services' back); every other computer refuses
        # it, so they must agree among themselves.
        forgers = {op_device for op_device in self._forgers()}
        honest = [c for c in self.computers if str(c.device_id) not in forgers]
        digests = {c.name: c.digest() for c in honest}
        assert len(set(digests.values())) == 1, digests
        conflicts = [c.conflicts() for c in honest]
        assert all(c == conflicts[0] for c in conflicts)
        for computer in self.computers:
            with computer.maker() as session:
                present = set(session.execute(select(ChangeLog.op_id)).scalars())
                refused = set(session.execute(select(SyncRefused.op_id)).scalars())
                rows = {
                    r.op_id: r for r in session.execute(
                        select(ChangeLog.op_id, ChangeLog.hlc, ChangeLog.device_id)
                    )
                }
                for op_id, *_ in self.acked:
                    assert op_id in present
                for op_id in self.forged:
                    origin = rows[op_id].device_id == str(computer.device_id)
                    assert origin or op_id in refused
                # Per field, the winner is the greatest (HLC, device) of the accepted ops.
                winners: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}
                for op_id, lesson, field, value in self.acked:
                    if op_id in refused:
                        continue
                    key = (rows[op_id].hlc, rows[op_id].device_id)
                    if (lesson, field) not in winners or winners[(lesson, field)][0] < key:
                        winners[(lesson, field)] = (key, value)
                if str(computer.device_id) in self._forgers():
                    continue
                for (lesson, field), (_, value) in winners.items():
                    row = session.get(Lesson, uuid.UUID(lesson))
                    assert row is not None and getattr(row, field) == value
                lesson_row = session.get(Lesson, self.journal.lesson)
                assert lesson_row is not None
                if lesson_row.room.startswith("forged-"):
                    # Only the forger itself may show its own forged value.
                    assert str(computer.device_id) in self._forgers()


# Each example runs six real databases, so examples are few and not shrunk (shrinking
# a failure would take many minutes; the failing steps are printed as they are).
SchoolOverOneShare.TestCase.settings = settings(
    max_examples=4, stateful_step_count=12, deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSchoolOverOneShare = SchoolOverOneShare.TestCase
