"""The benchmark: builds generated schools and prints ONE JSON object of figures.

Run with ``make bench``. Key names are stable so figures can be compared between
runs; they are measured here, never asserted inside tests (the machines are shared
and noisy). ``--sizes`` limits the schools built; ``--reuse`` keeps schools built by
an earlier run in ``bench-data/``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.auth import sign_in
from database.demo import DEMO_PASSWORDS
from database.demo_install import install_demo
from database.models import Enrolment, Lesson, SchoolClass, Subject, TeachingAssignment
from database.paths import SchoolPaths
from database.queries.journal import load_journal
from database.services.marks import MarkInput, set_cell

BENCH_TODAY = date(2026, 11, 20)  # fixed, so every run builds the same schools


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _db_bytes(paths: SchoolPaths) -> int:
    return sum(
        p.stat().st_size
        for p in (paths.db, paths.db.with_name(paths.db.name + "-wal"))
        if p.exists()
    )


def _biggest_assignment(session: Session) -> tuple[Any, Any]:
    """The class with most students; its first whole-class marked-subject assignment."""
    counts = (
        select(Enrolment.class_id, func.count().label("n"))
        .group_by(Enrolment.class_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    class_id = session.execute(counts).first()[0]  # type: ignore[index]
    row = session.execute(
        select(TeachingAssignment)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .where(
            TeachingAssignment.class_id == class_id,
            TeachingAssignment.group_id.is_(None),
            Subject.assessment == "marked",
        )
        .order_by(TeachingAssignment.hours_per_week.desc())
        .limit(1)
    ).scalar_one()
    return session.get(SchoolClass, class_id), row


def bench_size(size: str, root: Path, reuse: bool) -> dict[str, Any]:
    paths = SchoolPaths(root / size)
    figures: dict[str, Any] = {}
    if not (reuse and paths.exists()):
        start = time.perf_counter()
        install_demo(paths, size=size, seed=1, today=BENCH_TODAY, replace=True)
        figures["demo_generation_s"] = round(time.perf_counter() - start, 2)
    figures["database_bytes"] = _db_bytes(paths)

    start = time.perf_counter()
    signed = sign_in(paths, "admin", DEMO_PASSWORDS["admin"])
    figures["unlock_s"] = round(time.perf_counter() - start, 3)

    with signed.sessions() as session:
        school_class, assignment = _biggest_assignment(session)
        lessons = session.execute(
            select(Lesson.id)
            .where(
                Lesson.assignment_id == assignment.id,
                Lesson.date > BENCH_TODAY - timedelta(days=10),
                Lesson.date <= BENCH_TODAY,
            )
            .order_by(Lesson.date)
        ).scalars().all()
        year_start = date(BENCH_TODAY.year if BENCH_TODAY.month >= 9 else BENCH_TODAY.year - 1,
                          9, 1)
        year_end = date(year_start.year + 1, 5, 31)
        journal = load_journal(session, signed.actor, assignment.id, year_start, year_end)
    figures["journal_students"] = len(journal.students)
    figures["journal_lessons"] = len(journal.lessons)

    read_ms: list[float] = []
    for _ in range(20):
        with signed.sessions() as session:
            start = time.perf_counter()
            load_journal(session, signed.actor, assignment.id, year_start, year_end)
            read_ms.append((time.perf_counter() - start) * 1000)
    figures["journal_read_year_p50_ms"] = round(statistics.median(read_ms), 2)

    write_ms: list[float] = []
    values = ("5", "4", "3", "4", "5")
    students = [s.id for s in journal.students if s.left_on is None]
    for index in range(200):
        lesson_id = lessons[index % len(lessons)]
        student_id = students[index % len(students)]
        start = time.perf_counter()
        with signed.sessions() as session:
            set_cell(
                session, signed.actor, lesson_id, student_id, attendance=None,
                marks=[MarkInput(values[index % len(values)])],
            )
            session.commit()
        write_ms.append((time.perf_counter() - start) * 1000)
    figures["mark_write_p50_ms"] = round(statistics.median(write_ms), 2)
    figures["mark_write_p95_ms"] = round(_percentile(write_ms, 0.95), 2)
    figures["biggest_class"] = f"{school_class.grade}{school_class.letter}"
    signed.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="school,large")
    parser.add_argument("--root", default="bench-data")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)
    root = Path(args.root)
    result: dict[str, Any] = {"today": BENCH_TODAY.isoformat()}
    sections: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        (size, lambda size=size: bench_size(size, root, args.reuse))  # type: ignore[misc]
        for size in args.sizes.split(",")
    ]
    for name, run in sections:
        print(f"benchmark: {name}…", file=sys.stderr, flush=True)
        result[name] = run()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
