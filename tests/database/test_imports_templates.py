"""The import templates (written from the columns the reader matches) and the people
lists exported to XLSX, which import back as they are."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.imports.columns import KINDS
from database.imports.engine import preview_import, run_import
from database.imports.export import export_people
from database.imports.table import read_table
from database.imports.templates import TEMPLATE_FILES, template_columns, write_template
from database.models import Guardian, Student
from tests.database.conftest import SmallSchool


def fill_template(kind: str, path: Path) -> Path:
    """The template with its own example rows typed under the header."""
    write_template(kind, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    spec = KINDS[kind]
    keys = [c.key for c in spec.columns]
    for example in spec.examples:
        values = dict(zip(keys, example, strict=True))
        sheet.append([values[key] for key in template_columns(spec)])
    book.save(path)
    return path


def test_each_template_is_read_by_its_import(tmp_path: Path) -> None:
    for kind in KINDS:
        table = read_table(KINDS[kind], write_template(kind, tmp_path / f"{kind}.xlsx"))
        assert table.header_row == 1
        assert set(table.columns) == set(template_columns(KINDS[kind]))
        assert table.rows == ()


def test_filled_templates_import_in_the_schools_order(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    """Staff, students, parents, then the teaching load: each template's examples."""
    for kind in ("staff", "students", "parents", "assignments"):
        path = fill_template(kind, tmp_path / TEMPLATE_FILES[kind])
        preview = preview_import(session, small_school.admin, kind, path)
        assert not preview.has_errors, [r.describe() for r in preview.errors]
        run_import(session, small_school.admin, kind, path)
        session.commit()
    ivanova = session.execute(select(Guardian).where(Guardian.surname == "Иванова")).scalar_one()
    assert ivanova.phone == "+7 912 345-67-89"


def test_exported_people_import_back_unchanged(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    path = tmp_path / "люди.xlsx"
    written = export_people(session, small_school.admin, "students", path)
    assert written == 4  # the student who left is not on the list
    students = session.execute(select(func.count()).select_from(Student)).scalar_one()
    for kind in ("students", "parents"):
        preview = preview_import(session, small_school.admin, kind, path)
        assert preview.rows and all(r.status.value == "unchanged" for r in preview.rows), [
            r.describe() for r in preview.rows]
    assert session.execute(select(func.count()).select_from(Student)).scalar_one() == students
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Ученики", "Родители"]

    staff = export_people(session, small_school.admin, "staff", tmp_path / "staff.xlsx")
    assert staff == 4
    staff_preview = preview_import(session, small_school.admin, "staff", tmp_path / "staff.xlsx")
    assert {r.status.value for r in staff_preview.rows} == {"unchanged"}
    accounts = export_people(session, small_school.sysadmin, "accounts",
                             tmp_path / "accounts.xlsx")
    assert accounts == 8
    rows = list(load_workbook(tmp_path / "accounts.xlsx").worksheets[0].values)
    assert rows[0][:3] == ("Логин", "Роль", "ФИО")
    assert ("admin", "администрация") in {(r[0], r[1]) for r in rows[1:]}


def test_shipped_templates_match_the_columns() -> None:
    """resources/import_templates (``python -m database.imports.templates``) are the
    templates the code writes today."""
    folder = Path(__file__).resolve().parents[2] / "resources" / "import_templates"
    for kind, name in TEMPLATE_FILES.items():
        header = next(load_workbook(folder / name, read_only=True).worksheets[0].values)
        assert list(header) == [KINDS[kind].column(k).title
                                for k in template_columns(KINDS[kind])], name
