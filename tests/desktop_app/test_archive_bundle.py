"""The yearly archive bundle: every class journal, the summary sheets (PDF, XLSX) and
the year's change log with a signed manifest; verify passes on the original and fails
on one changed byte, a changed manifest, a missing or an extra file; the register
gives each kind its retention."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from database.archive import (
    KIND_CHANGELOG,
    KIND_JOURNAL,
    KIND_SUMMARY,
    MANIFEST,
    archive_register,
    public_hex,
    signing_key,
    verify_bundle,
)
from database.auth import sign_in
from database.errors import ConflictError, PermissionDenied
from database.paths import SchoolPaths
from desktop_app.reports.archive_bundle import BuiltBundle, build_year_archive
from tests.desktop_app.conftest import DEMO


@pytest.fixture(scope="module")
def bundle(demo_template: SchoolPaths, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("archive")
    paths = SchoolPaths(tmp / "school")
    shutil.copytree(demo_template.root, paths.root)
    signed = sign_in(paths, *DEMO["admin"])
    try:
        with signed.sessions() as session:
            built = build_year_archive(session, signed.actor, paths, signed.data_key(),
                                       tmp / "archive")
            key = public_hex(signing_key(paths, signed.data_key()))
            with pytest.raises(ConflictError, match="уже есть"):
                build_year_archive(session, signed.actor, paths, signed.data_key(),
                                   tmp / "archive")
    finally:
        signed.close()
    return paths, built, key


def _copy(built: BuiltBundle, tmp_path: Path) -> Path:
    target = tmp_path / built.folder.name
    shutil.copytree(built.folder, target)
    return target


def test_the_bundle_holds_every_document_and_verifies(bundle) -> None:  # type: ignore[no-untyped-def]
    _, built, key = bundle
    names = sorted(p.name for p in built.folder.iterdir())
    assert "Классный журнал 5А.pdf" in names
    assert {"Сводная ведомость 5А.pdf", "Сводная ведомость 5А.xlsx"} <= set(names)
    assert any(n.startswith("Журнал изменений") for n in names) and built.changelog_rows > 0
    check = verify_bundle(built.folder, expected_key=key)
    assert check.ok, check.problems
    assert "подпись верна" in check.describe()


def test_one_changed_byte_in_any_file_fails_the_check(bundle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, built, key = bundle
    folder = _copy(built, tmp_path)
    pdf = folder / "Классный журнал 5А.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    check = verify_bundle(folder, expected_key=key)
    assert not check.ok
    assert check.problems == ("файл Классный журнал 5А.pdf изменён (контрольная сумма не "
                              "совпадает)",)
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    assert verify_bundle(folder, expected_key=key).ok  # the original passes again


def test_a_changed_manifest_missing_or_extra_file_fail(bundle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, built, _ = bundle
    folder = _copy(built, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["year"] = "2025/2026"
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1,
                                              sort_keys=True), encoding="utf-8")
    assert any("подпись" in p for p in verify_bundle(folder).problems)
    folder = _copy(built, tmp_path / "second")
    (folder / "Сводная ведомость 5А.xlsx").unlink()
    (folder / "лишний.txt").write_text("x")
    problems = verify_bundle(folder).problems
    assert any("нет файла Сводная ведомость 5А.xlsx" in p for p in problems)
    assert any("посторонний файл лишний.txt" in p for p in problems)
    assert any("не ключом этой школы" in p
               for p in verify_bundle(built.folder, expected_key="00" * 32).problems)


def test_register_lists_retention_and_what_is_due_for_destruction(bundle) -> None:  # type: ignore[no-untyped-def]
    _, built, _ = bundle
    [entry] = archive_register(built.folder.parent)
    end = date(2027, 5, 31)
    year_end = date.fromisoformat(json.loads((built.folder / MANIFEST).read_text(
        encoding="utf-8"))["year_end"])
    assert entry.keep_until[KIND_JOURNAL] == year_end.replace(year=year_end.year + 5)
    assert entry.keep_until[KIND_SUMMARY] == year_end.replace(year=year_end.year + 25)
    assert entry.keep_until[KIND_CHANGELOG] == year_end.replace(year=year_end.year + 5)
    assert entry.expired(end) == []
    assert entry.expired(year_end.replace(year=year_end.year + 6)) == [
        KIND_CHANGELOG, KIND_JOURNAL]


def test_only_the_administration_builds_the_archive(bundle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths, _, _ = bundle
    signed = sign_in(paths, *DEMO["sysadmin"])
    try:
        with signed.sessions() as session, pytest.raises(PermissionDenied):
            build_year_archive(session, signed.actor, paths, signed.data_key(), tmp_path)
    finally:
        signed.close()
    assert list(tmp_path.iterdir()) == []


def test_command_line_verify_and_register(bundle, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.cli import main

    _, built, _ = bundle
    folder = _copy(built, tmp_path)
    assert main(["archive", "verify", str(folder)]) == 0
    assert "подпись верна" in capsys.readouterr().out
    log = next(folder.glob("Журнал изменений*.jsonl"))
    data = bytearray(log.read_bytes())
    data[10] ^= 0x01
    log.write_bytes(bytes(data))
    assert main(["archive", "verify", str(folder)]) == 1
    assert f"файл {log.name} изменён" in capsys.readouterr().out
    assert main(["archive", "list", str(built.folder.parent)]) == 0
    out = capsys.readouterr().out
    assert "сводная ведомость — хранить до" in out and "классный журнал — хранить до" in out
