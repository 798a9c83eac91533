"""Benchmark figures of the spreadsheet import (called from ``tests/perf/bench.py``).

The people of the ``large`` demo (≈3,000 students in 110 classes with their groups,
≈5,000 parents) are written as the two XLSX files a school would prepare — students
with class and groups, parents linked to students — and imported into an empty,
encrypted school (just created, with its current school year): the preview's seconds
and the import's seconds for each file (targets: each ≤ 10 s), then the preview of
the same files again (everything unchanged).

The people come from the demo builder's own stages (calendar, classes, students and
families), without writing the demo's journal, which would take minutes and is not
what is measured here.

Run alone: ``python -m tests.perf.bench_import [folder]``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from database.auth import create_school
from database.changelog import init_local_meta
from database.demo.builder import SIZES, _Builder
from database.demo.records import ClassRec
from database.imports.columns import PARENTS, STUDENTS
from database.imports.engine import preview_import, run_import
from database.imports.outcome import Status
from database.imports.templates import template_columns
from database.models import Base
from database.paths import SchoolPaths
from database.services.school import create_academic_year

BENCH_TODAY = date(2026, 11, 20)  # as tests/perf/bench.py
_GENDER = {"m": "м", "f": "ж"}


def large_demo_classes() -> list[ClassRec]:
    """The ``large`` demo's classes with their students, groups and families (in
    memory: the builder's first stages run against a scratch database)."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        init_local_meta(session, uuid.uuid4())
        builder = _Builder(session, uuid.uuid4(), SIZES["large"], "large", 1, BENCH_TODAY,
                           None)
        builder.write_calendar()
        builder.plan_school()
        builder.enrol_students()
    engine.dispose()
    return builder.classes


def write_people_files(classes: list[ClassRec], folder: Path) -> tuple[Path, Path, int, int]:
    """students.xlsx and parents.xlsx in the template's columns; returns the paths
    and the numbers of student and parent rows."""
    students_book, parents_book = Workbook(), Workbook()
    students_sheet, parents_sheet = students_book.active, parents_book.active
    assert students_sheet is not None and parents_sheet is not None
    student_keys, parent_keys = template_columns(STUDENTS), template_columns(PARENTS)
    students_sheet.append([STUDENTS.column(k).title for k in student_keys])
    parents_sheet.append([PARENTS.column(k).title for k in parent_keys])
    students = parents = 0
    for school_class in classes:
        # The demo's own group names (as its builder writes them).
        names = {(subject, group): f"{subject}, {group + 1}-я группа"
                 for subject, group in school_class.group_ids}
        for s in school_class.students:
            if s.end is not None:
                continue  # left during the term: not on the school's list
            row = {
                "surname": s.surname, "name": s.name, "patronymic": s.patronymic,
                "gender": _GENDER[s.gender], "birth_date": s.birth_date,
                "class": f"{school_class.grade}{school_class.letter}",
                "groups": "; ".join(names[(subject, group)]
                                    for subject, group in sorted(s.groups.items())),
                "personal_file_no": s.personal_file_no, "health_group": s.health_group,
                "pe_group": s.pe_group, "address": s.address, "start_date": None,
                "start_order": None,
            }
            students_sheet.append([row[k] for k in student_keys])
            students += 1
            for g in s.guardians:
                parent = {
                    "surname": g.surname, "name": g.name, "patronymic": g.patronymic,
                    "gender": _GENDER.get(g.gender, ""), "phone": g.phone,
                    "relation": g.relation, "student": s.full_name,
                    "student_birth_date": s.birth_date, "student_file_no": s.personal_file_no,
                    "student_class": f"{school_class.grade}{school_class.letter}",
                    "consent_date": g.consent_on,
                    "consent_document": f"Заявление от {g.consent_on:%d.%m.%Y}"
                    if g.consent_on else None,
                }
                parents_sheet.append([parent[k] for k in parent_keys])
                parents += 1
    students_path, parents_path = folder / "students.xlsx", folder / "parents.xlsx"
    students_book.save(students_path)
    parents_book.save(parents_path)
    return students_path, parents_path, students, parents


_CPU: dict[str, float] = {}


def _timed(fn: Any, name: str = "") -> tuple[Any, float]:
    """``fn()`` and its wall-clock seconds; its CPU seconds go to ``_CPU[name]`` (the
    machine is shared: the CPU time shows what the import itself costs)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if name:
        _CPU[name] = round(time.process_time() - cpu, 2)
    return result, round(time.perf_counter() - start, 2)


def import_figures(folder: Path) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}
    classes, figures["people_generation_s"] = _timed(large_demo_classes)
    (students_path, parents_path, students, parents), figures["xlsx_writing_s"] = _timed(
        lambda: write_people_files(classes, folder))
    figures["student_rows"], figures["parent_rows"] = students, parents
    figures["students_xlsx_bytes"] = students_path.stat().st_size
    figures["parents_xlsx_bytes"] = parents_path.stat().st_size

    school = folder / "school"
    if school.exists():  # from an earlier run: the import goes into an empty school
        shutil.rmtree(school)
    signed = create_school(
        SchoolPaths(school), full_name="Средняя школа № 1", short_name="СШ № 1",
        director_name="Волкова Наталья Сергеевна", admin_login="admin",
        admin_password="benchmark-2026", device_name="Приёмная", device_kind="admin",
        clock=lambda: datetime(2026, 11, 20, 10, 0),
    )
    try:
        with signed.sessions() as session:
            create_academic_year(session, signed.actor, date(2026, 9, 1), date(2027, 5, 31),
                                 make_current=True)
            session.commit()
        for kind, path in (("students", students_path), ("parents", parents_path)):
            with signed.sessions() as session:
                preview, seconds = _timed(
                    lambda k=kind, p=path, s=session: preview_import(s, signed.actor, k, p),
                    f"{kind}_preview_cpu_s")
                assert not preview.has_errors, preview.errors[:3]
            figures[f"{kind}_preview_s"] = seconds
            with signed.sessions() as session:
                def write(s: Session = session, k: str = kind, p: Path = path) -> Any:
                    result = run_import(s, signed.actor, k, p)
                    s.commit()
                    return result
                result, seconds = _timed(write, f"{kind}_import_cpu_s")
            figures[f"{kind}_import_s"] = seconds
            figures[f"{kind}_new"] = result.counts[Status.NEW]
            with signed.sessions() as session:
                again, seconds = _timed(
                    lambda k=kind, p=path, s=session: preview_import(s, signed.actor, k, p))
            figures[f"{kind}_reimport_preview_s"] = seconds
            figures[f"{kind}_reimport_unchanged"] = all(
                r.status.value == "unchanged" for r in again.rows)
    finally:
        signed.close()
    figures.update(_CPU)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        folder = Path(args[0])
        print(json.dumps(import_figures(folder), ensure_ascii=False, indent=2))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        print(json.dumps(import_figures(Path(tmp)), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
