"""The benchmark: builds generated schools and prints ONE JSON object of figures.

Run with ``make bench``. Key names are stable so figures can be compared between
runs; they are measured here, never asserted inside tests (the machines are shared
and noisy). ``--sizes`` limits the schools built; ``--reuse`` keeps schools built by
an earlier run in ``bench-data/``.

Every part runs in a process of its own — building the demo school (skipped when
reused), the data layer (no Qt), then the ``gui``, ``reports`` or ``journal`` figures —
and reports that process's peak memory: ``build_peak_rss_mb``, ``data_peak_rss_mb``,
and ``peak_rss_mb`` inside each section. Every process sees the same «today», the day
the schools are built on (:mod:`tests.perf.clock`), so a run on any day measures the
same thing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from database.auth import sign_in
from database.demo import DEMO_PASSWORDS
from database.demo_install import install_demo
from database.models import Enrolment, SchoolClass, Subject, TeachingAssignment
from database.paths import SchoolPaths
from database.queries.journal import load_journal
from database.services.marks import MarkInput, set_cell
from database.settings import load_settings
from tests.perf.clock import BENCH_TODAY, bench_clock


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
    # Not a grade taught without marks (grade 1): marks written there are refused.
    counts = (
        select(Enrolment.class_id, func.count().label("n"))
        .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .where(SchoolClass.grade.not_in(load_settings(session).unmarked_grades))
        .group_by(Enrolment.class_id, SchoolClass.grade, SchoolClass.letter)
        .order_by(func.count().desc(), SchoolClass.grade, SchoolClass.letter)
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


def build_school(paths: SchoolPaths, size: str) -> dict[str, Any]:
    start = time.perf_counter()
    install_demo(paths, size=size, seed=1, today=BENCH_TODAY, replace=True)
    return {"demo_generation_s": round(time.perf_counter() - start, 2)}


def data_layer(paths: SchoolPaths) -> dict[str, Any]:
    """Unlocking, reading a year's journal and writing marks, without Qt."""
    figures: dict[str, Any] = {"database_bytes": _db_bytes(paths)}

    start = time.perf_counter()
    signed = sign_in(paths, "admin", DEMO_PASSWORDS["admin"], clock=bench_clock)
    figures["unlock_s"] = round(time.perf_counter() - start, 3)

    with signed.sessions() as session:
        school_class, assignment = _biggest_assignment(session)
        year_start = date(BENCH_TODAY.year if BENCH_TODAY.month >= 9 else BENCH_TODAY.year - 1,
                          9, 1)
        year_end = date(year_start.year + 1, 5, 31)
        journal = load_journal(session, signed.actor, assignment.id, year_start, year_end)
        # The change log is most of the file: how many rows, and what its ``fields``
        # take stored (database.changelog_fields).
        rows, fields_bytes = session.execute(
            text("SELECT count(*), total(length(fields)) FROM change_log")).one()
    figures["change_log_rows"] = rows
    figures["change_log_fields_bytes_per_row"] = round(fields_bytes / max(rows, 1), 1)
    figures["journal_students"] = len(journal.students)
    figures["journal_lessons"] = len(journal.lessons)

    read_ms: list[float] = []
    for _ in range(20):
        with signed.sessions() as session:
            start = time.perf_counter()
            load_journal(session, signed.actor, assignment.id, year_start, year_end)
            read_ms.append((time.perf_counter() - start) * 1000)
    figures["journal_read_year_p50_ms"] = round(statistics.median(read_ms), 2)

    # Cells of the last ten days' lessons (inside the correction window), each for a
    # student who belongs to the class on that lesson's date.
    recent = [
        lesson for lesson in journal.lessons
        if BENCH_TODAY - timedelta(days=10) < lesson.date <= BENCH_TODAY and not lesson.cancelled
    ]
    cells = [
        (lesson.id, student.id)
        for lesson in recent
        for student in journal.students
        if student.present_on(lesson.date)
    ]
    # Every write really changes the cell (a value other than the one it holds), so
    # each one stores a mark and its change-log row, also on a school reused from an
    # earlier run.
    shown = {(lesson_id, student_id): cell.marks[0].value
             for (student_id, lesson_id), cell in journal.cells.items() if cell.marks}
    write_ms: list[float] = []
    values = ("5", "4", "3", "4", "5")
    for index in range(200):
        lesson_id, student_id = cells[(index * 7) % len(cells)]
        value = values[index % len(values)]
        if shown.get((lesson_id, student_id)) == value:
            value = "3" if value != "3" else "4"
        shown[(lesson_id, student_id)] = value
        start = time.perf_counter()
        with signed.sessions() as session:
            set_cell(
                session, signed.actor, lesson_id, student_id, attendance=None,
                marks=[MarkInput(value)],
            )
            session.commit()
        write_ms.append((time.perf_counter() - start) * 1000)
    figures["mark_write_p50_ms"] = round(statistics.median(write_ms), 2)
    figures["mark_write_p95_ms"] = round(_percentile(write_ms, 0.95), 2)
    figures["biggest_class"] = f"{school_class.grade}{school_class.letter}"
    signed.close()
    return figures


# --- every section runs in a child process of its own: a clean QApplication, and
# the peak memory each reports is its own (building a school holds far more than the
# program ever does, and must not count in what the data layer or the grid use).


def peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux from ``VmHWM``, not
    ``ru_maxrss``: exec carries the parent's peak into the child's ``ru_maxrss``, so a
    section started by a benchmark that had built the large school reported that
    build's 400 MB as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB; bytes on macOS
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _child_section(name: str, root: Path, size: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "tests.perf.bench", "--child", name, "--root", str(root),
               "--sizes", size]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return dict(json.loads(done.stdout))


def _refuse_message_boxes() -> None:
    """A message box in a benchmark (a refused mark, a failed read) would wait for a
    click that never comes: the section ends at once instead, naming the message."""
    from desktop_app import messages

    def stop(_parent: object, text: object, *_rest: object) -> bool:
        shown = text if isinstance(text, str) else type(text).__name__ + f": {text}"
        print(f"message box in the benchmark: {shown}", file=sys.stderr, flush=True)
        os._exit(3)

    for name in ("info", "warning", "critical", "confirm", "show_error", "ask_reason"):
        setattr(messages, name, stop)


def _run_child(name: str, root: Path, size: str) -> dict[str, Any]:
    if name not in ("build", "data"):
        _refuse_message_boxes()
    figures = _section(name, SchoolPaths(root / size), size)
    figures.setdefault("peak_rss_mb", peak_rss_mb())
    return figures


def _section(name: str, paths: SchoolPaths, size: str) -> dict[str, Any]:
    if name == "build":
        return build_school(paths, size)
    if name == "data":
        return data_layer(paths)
    if name == "gui":
        from tests.perf.bench_gui import gui_timings

        return gui_timings(paths, "admin", DEMO_PASSWORDS["admin"])
    if name == "journal":
        from tests.perf.bench_journal import journal_figures

        return journal_figures(paths)
    if name == "sync":
        from tests.perf.bench_sync import sync_figures

        return sync_figures()
    if name == "sync_live":
        from tests.perf.bench_sync_live import live_figures

        return live_figures()
    if name == "bootstrap":
        from tests.perf.bench_bootstrap import bootstrap_figures

        return bootstrap_figures(paths)
    if name == "reports":
        from tests.perf.bench_reports import report_figures

        return report_figures(paths)
    if name == "documents":
        from tests.perf.bench_reports import document_figures

        return document_figures(paths)
    if name == "indicators":
        from tests.perf.bench_reports import indicator_figures

        return indicator_figures(paths)
    if name == "people":
        from tests.perf.bench_people import people_figures

        return people_figures(paths)
    if name == "calendar":
        from tests.perf.bench_calendar import calendar_figures

        return calendar_figures(paths)
    if name == "import":
        from tests.perf.bench_import import import_figures

        return import_figures(paths.root.parent / "import")
    raise SystemExit(f"unknown section {name}")


# Which measurements each size gets, beyond the data layer's.
SECTIONS: dict[str, tuple[str, ...]] = {
    "school": ("gui", "reports", "documents", "indicators", "people", "bootstrap", "calendar"),
    "large": ("journal", "import", "indicators", "calendar"),
    "tiny": ("sync", "sync_live"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="school,large,tiny")
    parser.add_argument("--root", default="bench-data")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.child:
        print(json.dumps(_run_child(args.child, root, args.sizes), ensure_ascii=False))
        return 0
    result: dict[str, Any] = {"today": BENCH_TODAY.isoformat()}
    for size in args.sizes.split(","):
        figures: dict[str, Any] = {}
        result[size] = figures
        # The build's and the data layer's figures sit at the size's level (their
        # keys as before), with their processes' peaks under their own names.
        if not (args.reuse and SchoolPaths(root / size).exists()):
            print(f"benchmark: {size}: building the school", file=sys.stderr, flush=True)
            built = _child_section("build", root, size)
            figures.update(built)
            figures["build_peak_rss_mb"] = figures.pop("peak_rss_mb", None)
            if "error" in built:
                continue
        print(f"benchmark: {size}: data layer", file=sys.stderr, flush=True)
        figures.update(_child_section("data", root, size))
        figures["data_peak_rss_mb"] = figures.pop("peak_rss_mb", None)
        for section in SECTIONS.get(size, ()):
            print(f"benchmark: {size}: {section}", file=sys.stderr, flush=True)
            figures[section] = _child_section(section, root, size)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
