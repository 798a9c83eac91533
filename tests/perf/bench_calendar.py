"""The school calendar's figures on an already-built demo school, on a copy of it:

- ``lessons_fill_rest_of_year_s`` — the lessons of the rest of the year created from
  the timetable (the demo writes them up to «today» only), untouched by a change;
- ``lessons_refresh_s`` — regenerating the lessons of the whole school after a
  timetable change (one class's lesson moved from «today» on):
  :func:`~database.services.lesson_generation.refresh_future_lessons` for every class,
  from «today» to the end of the year, committed; ``lessons_refresh_created`` /
  ``lessons_refresh_removed`` — what it changed;
- ``rollover_s`` — the next school year made from the current one
  (:func:`~database.services.year_rollover.run_rollover`, committed), after the year's
  periods are closed (not timed); ``rollover_students``, ``rollover_classes``,
  ``rollover_assignments``, ``rollover_plan_topics`` — what it wrote;
- ``rollover_again_s`` — the same rollover once more (it finds everything done);
- ``*_cpu_s`` — the same steps in CPU seconds of the process (the wall time on a
  shared machine also counts the waits for a core).

Run it alone with ``python -m tests.perf.bench_calendar PATH``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from database.auth import sign_in
from database.demo import DEMO_PASSWORDS
from database.models import AcademicYear, StudyPeriod, TeachingAssignment, TimetableEntry
from database.paths import SchoolPaths
from database.services.lesson_generation import refresh_future_lessons
from database.services.school import close_period
from database.services.timetable import change_timetable_entry
from database.services.year_rollover import run_rollover
from tests.perf.clock import BENCH_TODAY, bench_clock


def _moved_entry(session: Any, actor: Any) -> None:
    """The timetable change: one lesson of a class moves to another of its
    assignments from «today» on (the slot stays, its subject changes)."""
    entry, assignment = session.execute(
        select(TimetableEntry, TeachingAssignment)
        .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
        .where(TimetableEntry.valid_to.is_(None), TeachingAssignment.group_id.is_(None))
        .order_by(TimetableEntry.id).limit(1)
    ).one()
    other = session.scalars(
        select(TeachingAssignment.id).where(
            TeachingAssignment.class_id == assignment.class_id,
            TeachingAssignment.id != assignment.id,
            TeachingAssignment.group_id.is_(None),
            TeachingAssignment.teacher_id == assignment.teacher_id)
        .order_by(TeachingAssignment.id).limit(1)
    ).first()
    change_timetable_entry(session, actor, entry.id, BENCH_TODAY,
                           assignment_id=other or assignment.id, room=entry.room)


def calendar_figures(paths: SchoolPaths) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-calendar-") as folder:
        copy = SchoolPaths(Path(shutil.copytree(paths.root, Path(folder) / "school")))
        signed = sign_in(copy, "admin", DEMO_PASSWORDS["admin"], clock=bench_clock)
        actor = signed.actor
        try:
            # The demo writes lessons up to «today»: the rest of the year first (its
            # own figure), so the timed refresh is the one a timetable change causes.
            with signed.sessions() as session:
                start = time.perf_counter()
                filled = refresh_future_lessons(session, actor, None, today=BENCH_TODAY)
                session.commit()
                figures["lessons_fill_rest_of_year_s"] = round(time.perf_counter() - start, 2)
                figures["lessons_fill_rest_of_year_created"] = filled.created
            with signed.sessions() as session:
                _moved_entry(session, actor)
                session.commit()
            with signed.sessions() as session:
                start, cpu = time.perf_counter(), time.process_time()
                refreshed = refresh_future_lessons(session, actor, None, today=BENCH_TODAY)
                session.commit()
                figures["lessons_refresh_s"] = round(time.perf_counter() - start, 2)
                figures["lessons_refresh_cpu_s"] = round(time.process_time() - cpu, 2)
            figures["lessons_refresh_created"] = refreshed.created
            figures["lessons_refresh_removed"] = refreshed.removed

            with signed.sessions() as session:
                year_id = session.scalars(
                    select(AcademicYear.id).where(AcademicYear.is_current)).one()
                for period_id in session.scalars(
                        select(StudyPeriod.id).where(StudyPeriod.year_id == year_id)).all():
                    close_period(session, actor, period_id)
                session.commit()
            for key in ("rollover_s", "rollover_again_s"):
                with signed.sessions() as session:
                    start, cpu = time.perf_counter(), time.process_time()
                    result = run_rollover(session, actor, year_id,
                                          order="Приказ № 45 от 30.05.2027")
                    session.commit()
                    figures[key] = round(time.perf_counter() - start, 2)
                    # CPU seconds of this process: on a shared machine the wall time
                    # also counts the waits for a core.
                    figures[key.replace("_s", "_cpu_s")] = round(time.process_time() - cpu, 2)
                if key == "rollover_s":
                    created = result.created
                    figures["rollover_students"] = created.students
                    figures["rollover_classes"] = created.classes
                    figures["rollover_assignments"] = created.assignments
                    figures["rollover_plan_topics"] = created.plan_topics
            figures["rollover_again_nothing_new"] = result.nothing_new
        finally:
            signed.close()
    return figures


if __name__ == "__main__":
    print(json.dumps(calendar_figures(SchoolPaths(Path(sys.argv[1]))), indent=2))
