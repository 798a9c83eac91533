"""The document registry the report window and ``school-journal report`` share: Qt-free,
who may build what, and every entry read and built on the tiny demo school."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.changelog import local_device_id
from database.demo import DEMO_PASSWORDS
from database.engine import make_engine
from database.errors import PermissionDenied
from database.keyslots import open_slot
from database.paths import SchoolPaths
from database.queries.extract import resolve_student
from database.queries.summary import resolve_class
from desktop_app.reports.registry import DOCUMENTS, Need, Params, commands, document, documents_for

SCRIPT = """
import importlib, pkgutil, sys
import desktop_app.reports
for module in pkgutil.walk_packages(desktop_app.reports.__path__, "desktop_app.reports."):
    importlib.import_module(module.name)
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print(",".join(qt))
"""


def test_the_registry_and_every_builder_load_no_qt() -> None:
    """The command line builds documents on a machine with no display."""
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "", f"Qt modules imported: {result.stdout}"


def _actor(role: Role) -> Actor:
    return Actor(role=role, device_id=uuid.uuid4(), account_id=uuid.uuid4())


def test_who_may_build_what() -> None:
    keys = [d.key for d in DOCUMENTS]
    assert len(set(keys)) == len(keys)
    assert [d.key for d in documents_for(_actor(Role.ADMIN))] == keys
    assert [d.key for d in documents_for(_actor(Role.TEACHER))] == [
        "summary", "extract", "class_extracts", "control", "progress", "progress_teacher",
        "attendance", "plans", "daily", "substitutions_period"]
    with pytest.raises(PermissionDenied, match="показатели активности"):
        document("activity").require(_actor(Role.TEACHER))
    for key in ("progress_grade", "quarterly"):  # the school's figures: the administration
        with pytest.raises(PermissionDenied):
            document(key).require(_actor(Role.TEACHER))
    for role in (Role.SYSADMIN, Role.STUDENT, Role.PARENT):
        assert documents_for(_actor(role)) == []
    with pytest.raises(PermissionDenied, match="печатать классный журнал"):
        document("journal").require(_actor(Role.TEACHER))
    document("journal").require(_actor(Role.ADMIN))


def test_documents_sharing_a_command_differ_in_what_they_are_of() -> None:
    for documents in commands().values():
        subjects = [d.needs & {Need.CLASS, Need.STUDENT} for d in documents]
        assert len(subjects) == len({frozenset(s) for s in subjects})
    assert [d.key for d in commands()["extract"]] == ["extract", "class_extracts"]


def test_file_names_have_no_guillemets() -> None:
    assert document("journal").file_stem("5 «А»") == "Классный журнал 5А"


@pytest.mark.parametrize("key", [d.key for d in DOCUMENTS])
def test_every_document_reads_and_builds(
    key: str, demo_template: SchoolPaths, tmp_path: Path
) -> None:
    entry = document(key)
    paths = SchoolPaths(tmp_path / "school")
    shutil.copytree(demo_template.root, paths.root)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, "admin", DEMO_PASSWORDS["admin"]))
    try:
        with Session(engine) as session:
            actor = Actor.system(local_device_id(session),
                                 clock=lambda: datetime(2026, 11, 18, 15))
            params = Params(
                class_id=resolve_class(session, "5А") if Need.CLASS in entry.needs else None,
                student_id=(resolve_student(session, "s.vasilev.zm")
                            if Need.STUDENT in entry.needs else None),
                date_from=date(2026, 11, 1) if Need.RANGE in entry.needs else None,
                date_to=date(2026, 11, 18) if Need.RANGE in entry.needs else None,
                today=date(2026, 11, 18),
                day=date(2026, 11, 18) if entry.needs & {Need.WEEK, Need.DAY} else None,
            )
            data = entry.load(session, actor, params)
    finally:
        engine.dispose()
    pdf = entry.pdf(tmp_path / "d.pdf", data, lambda stage, f: None)
    assert len(PdfReader(pdf).pages) >= 1
    if entry.xlsx is not None:
        xlsx = entry.xlsx(tmp_path / "d.xlsx", data, lambda stage, f: None)
        workbook = openpyxl.load_workbook(xlsx)
        assert workbook.sheetnames
        for sheet in workbook.worksheets:
            _assert_prints_well(sheet)


def _assert_prints_well(sheet: Any) -> None:
    """Print setup of every worksheet (desktop_app/reports/xlsx_print.py): A4, landscape
    where wide, fit to width, title rows repeated, header and footer, dates readable."""
    from desktop_app.reports.xlsx_print import DATE_WIDTH, PORTRAIT_CHARACTERS, sheet_width

    setup = sheet.page_setup
    assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert int(setup.fitToWidth) >= 1 and int(setup.fitToHeight) == 0, sheet.title
    if sheet_width(sheet) > PORTRAIT_CHARACTERS:
        assert setup.orientation == "landscape", sheet.title
    if sheet.max_row > 3 and sheet.title != "Пояснения":
        assert sheet.print_title_rows, sheet.title
    assert sheet.oddHeader.center.text and "&P" in sheet.oddFooter.right.text, sheet.title
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, (date, datetime)) and cell.number_format.count("Y"):
                width = sheet.column_dimensions[cell.column_letter].width
                assert width and width >= DATE_WIDTH, (sheet.title, cell.coordinate)
