"""Benchmark figures of synchronisation (called from ``tests/perf/bench.py``).

A school day of 40 computers, 20,000 changes (new marks in every free cell of the
``tiny`` demo, the rest corrections of existing marks — updates take the slower
per-record merge path), made on the administration computer of a ``tiny`` demo set
up over a local share folder; then

- ``publish_s``: publishing them (segments encrypted, signed, written, verified);
- ``apply_s`` / ``apply_changes_per_s``: a computer that has seen none of them
  applies them (target ≤ 3 s); ``apply_cpu_s`` is the process's CPU time for it,
  the fairer figure on a shared, overloaded machine;
- ``compact_s`` / ``snapshot_bytes``: the administration's ``share compact`` after the
  day (a snapshot of the school; nothing younger than the grace period is removed);
- ``bootstrap_s``: a new computer enrols, loads that snapshot and replays only what
  came after it (the ``school`` figure is in :mod:`tests.perf.bench_bootstrap`);
- ``share_bytes_per_day`` and the applying computer's database growth.

Run alone: ``python -m tests.perf.bench_sync``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from database.changelog import ChangeLogWriter, local_device_id
from database.demo import DEMO_PASSWORDS
from database.demo.writer import BulkWriter
from database.engine import make_engine, make_sessionmaker
from database.ids import new_id
from database.keyslots import open_slot
from database.models import Enrolment, Lesson, Mark, TeachingAssignment
from database.paths import SchoolPaths
from database.sync.compact import compact_share
from database.sync.demo_share import install_demo_share
from database.sync.enrol import finish_join, new_enrolment_code, request_join
from database.sync.round import sync_round

CHANGES = 20_000


def _share_bytes(share: Path) -> int:
    return sum(p.stat().st_size for p in share.rglob("*") if p.is_file())


def _db_bytes(paths: SchoolPaths) -> int:
    return sum(
        p.stat().st_size for p in (paths.db, paths.db.with_name(paths.db.name + "-wal"))
        if p.exists()
    )


def free_cells(session: Session) -> list[tuple[Any, Any]]:
    """(lesson id, student id) of every journal cell without a mark yet."""
    cells = session.execute(
        select(Lesson.id, Enrolment.student_id)
        .join(TeachingAssignment, TeachingAssignment.id == Lesson.assignment_id)
        .join(Enrolment, Enrolment.class_id == TeachingAssignment.class_id)
    ).all()
    taken = set(session.execute(select(Mark.lesson_id, Mark.student_id)).all())
    return [(c[0], c[1]) for c in cells if (c[0], c[1]) not in taken]


def _school_day(paths: SchoolPaths, data_key: bytes, changes: int) -> int:
    """``changes`` new marks (distinct cells) and topic edits, through the change log."""
    engine = make_engine(paths.db, data_key)
    try:
        with make_sessionmaker(engine).begin() as session:
            device = local_device_id(session)
            free = free_cells(session)
            writer = ChangeLogWriter(session, device)
            bulk = BulkWriter(session, writer)
            now = datetime(2026, 11, 20, 10, 0)
            made = 0
            for lesson_id, student_id in free[:changes]:
                bulk.add(Mark, {
                    "id": new_id(), "lesson_id": lesson_id, "student_id": student_id,
                    "position": 2, "value": "4", "work_type": "", "weight": 1.0,
                    "comment": "", "entered_by": None, "entered_at": now, "late": False,
                })
                made += 1
            bulk.flush()
            # The rest of the day: corrections of marks already there (updates of
            # records the other computer has: the slower, per-record merge path).
            marks = session.execute(select(Mark.id, Mark.value)).all()
            updates = []
            for round_no in range(1 + (changes - made) // max(1, len(marks))):
                for mark_id, value in marks:
                    if made >= changes:
                        break
                    new_value = "5" if (value != "5") ^ (round_no % 2 == 1) else "3"
                    writer.append(author_id=None, table_name="mark", record_id=mark_id,
                                  operation="upsert", fields={"value": new_value},
                                  parent_op=None, reason=None)
                    updates.append({"mark_id": mark_id, "value": new_value})
                    made += 1
            if updates:
                marks_table: Table = Mark.__table__  # type: ignore[assignment]
                session.execute(
                    update(marks_table).where(marks_table.c.id == bindparam("mark_id")),
                    updates,
                )
            writer.flush()
        return made
    finally:
        engine.dispose()


def sync_figures(workdir: Path | None = None) -> dict[str, Any]:
    root = Path(workdir or tempfile.mkdtemp(prefix="bench-sync-"))
    share = root / "share"
    started = time.perf_counter()
    summary = install_demo_share(root / "demo", share, 2, size="tiny")
    figures: dict[str, Any] = {"setup_s": round(time.perf_counter() - started, 2)}
    admin, room = summary.computers
    data_key = open_slot(admin.slots_dir, "admin", DEMO_PASSWORDS["admin"])
    made = _school_day(admin, data_key, CHANGES)
    figures["changes"] = made
    share_before = _share_bytes(share)
    engine = make_engine(admin.db, data_key)
    try:
        start = time.perf_counter()
        report = sync_round(admin, engine, share)
        figures["publish_s"] = round(time.perf_counter() - start, 2)
        assert report.ok and report.published >= made, report.describe()
    finally:
        engine.dispose()
    figures["share_bytes_per_day"] = _share_bytes(share) - share_before
    figures["share_bytes_per_year_estimate"] = figures["share_bytes_per_day"] * 170

    # The classroom computer's data key: through the teacher's synchronised slot.
    from database.sync.people import open_with_synced_slot

    teacher = next(a for a in summary.demo.school.accounts if a.role == "teacher")
    room_key = open_with_synced_slot(room, teacher.login, teacher.password)
    assert room_key is not None
    db_before = _db_bytes(room)
    engine = make_engine(room.db, room_key)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        report = sync_round(room, engine, share)
        elapsed = time.perf_counter() - start
        figures["apply_cpu_s"] = round(time.process_time() - cpu, 2)
        assert report.ok and report.applied >= made, report.describe()
    finally:
        engine.dispose()
    figures["apply_s"] = round(elapsed, 2)
    figures["apply_changes_per_s"] = round(report.applied / elapsed)
    figures["apply_db_growth_bytes"] = _db_bytes(room) - db_before

    # The administration compacts (a snapshot); a new computer starts from it.
    newcomer = SchoolPaths(root / "demo" / "computer-new")
    engine = make_engine(admin.db, data_key)
    try:
        start = time.perf_counter()
        compacted = compact_share(admin, engine, share)
        figures["compact_s"] = round(time.perf_counter() - start, 2)
        figures["snapshot_bytes"] = compacted.snapshot_bytes
        with make_sessionmaker(engine).begin() as session:
            code = new_enrolment_code(session, "Новый")
        request_join(newcomer.root, share, code, "Новый")
        sync_round(admin, engine, share)
    finally:
        engine.dispose()
    start = time.perf_counter()
    joined = finish_join(newcomer, share)
    assert joined is not None
    engine, _ = joined
    try:
        report = sync_round(newcomer, engine, share)
        assert report.ok, report.describe()
    finally:
        engine.dispose()
    figures["bootstrap_s"] = round(time.perf_counter() - start, 2)
    figures["bootstrap_changes"] = report.applied
    figures["share_bytes_total"] = _share_bytes(share)
    return figures


if __name__ == "__main__":
    print(json.dumps(sync_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else None),
                     ensure_ascii=False, indent=1))
