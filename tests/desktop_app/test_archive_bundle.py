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


def test_bundles_past_retention_are_listed_with_the_act_to_print(bundle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Six years after the year's end the journals and the change log are past their
    5 years, the summary sheets (25 years) are not: the act lists exactly those files,
    the bundle stays where it is."""
    from pypdf import PdfReader

    from database.archive_destruction import due_for_destruction
    from desktop_app.reports.destruction_act import ActData, build_destruction_act

    _, built, _ = bundle
    root = built.folder.parent
    [entry] = archive_register(root)
    journal_until = entry.keep_until[KIND_JOURNAL]
    assert due_for_destruction(root, journal_until) == []  # the last day still kept
    later = date(journal_until.year + 1, journal_until.month, journal_until.day)
    items = due_for_destruction(root, later)
    assert [item.kind for item in items] == [KIND_CHANGELOG, KIND_JOURNAL]
    journals = next(item for item in items if item.kind == KIND_JOURNAL)
    assert "Классный журнал 5А.pdf" in journals.files and journals.verified
    assert all(not name.startswith("Сводная") for item in items for name in item.files)
    act = build_destruction_act(tmp_path / "акт.pdf", ActData(
        school_full_name="МБОУ «Средняя общеобразовательная школа № 17»",
        director_name="Александрова Лариса Юрьевна", file_index="02-15",
        items=tuple(items), made_on=later))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(act).pages)
    assert "о выделении к уничтожению документов, не подлежащих хранению" in text
    assert "УТВЕРЖДАЮ" in text and "Л. Ю. Александрова" in text
    assert f"Классные журналы за {entry.year} учебный год" in text
    assert "Классный журнал 5А.pdf" in text and "02-15" in text and "5 лет" in text
    files = sum(len(item.files) for item in items)
    assert f"Итого {files} (" in text and "Председатель комиссии" in text
    assert "Сводная ведомость 5А.pdf" not in text
    assert built.folder.is_dir()  # listing and the act delete nothing


def test_the_signing_key_is_not_in_backups(bundle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The archive's signing key stays on the administration's computer: a backup
    (which anyone with a password could open) holds neither the key file nor its bytes."""
    import zipfile

    from database.archive import KEY_FILE
    from database.backup import backup

    paths, _, _ = bundle
    key_file = paths.root / KEY_FILE
    assert key_file.is_file()
    wrapped = json.loads(key_file.read_text(encoding="utf-8"))["wrapped"]
    signed = sign_in(paths, *DEMO["admin"])
    try:
        out = tmp_path / "backup.zip"
        backup(paths, signed.data_key(), out)
    finally:
        signed.close()
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert not any(KEY_FILE in name for name in names)
        for name in names:
            data = archive.read(name)
            assert wrapped.encode() not in data and bytes.fromhex(wrapped) not in data, name
