"""Every user-visible string has a finished Russian translation, and the .ts file
knows every string the code and the forms contain (pyside6-lupdate is run into a
temporary file and compared)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_app.build_forms import FORMS_DIR, ROOT, RUSSIAN_TS


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(ts)
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    ]


def test_every_message_has_a_finished_russian_translation() -> None:
    problems = []
    for context, source, message in _messages(RUSSIAN_TS):
        translation = message.find("translation")
        if translation is None:
            problems.append(f"{context}: {source!r}: no translation")
            continue
        kind = translation.get("type")
        if message.get("numerus") == "yes":  # plural forms: one, few, many in Russian
            texts = [form.text or "" for form in translation.findall("numerusform")]
        else:
            texts = [translation.text or ""]
        if kind in ("unfinished", "vanished", "obsolete") or not all(t.strip() for t in texts):
            problems.append(f"{context}: {source!r}: {kind or 'empty'}")
            continue
        # Placeholders survive translation.
        for n in range(1, 10):
            if f"%{n}" in source and not all(f"%{n}" in t for t in texts):
                problems.append(f"{context}: {source!r}: %{n} lost")
    assert not problems, "\n".join(problems)


def test_the_ts_file_knows_every_string_in_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    tool = str(lupdate) if lupdate.exists() else shutil.which("pyside6-lupdate")
    assert tool, "pyside6-lupdate is part of PySide6"
    fresh = tmp_path / "fresh.ts"
    sources = sorted(
        str(p.relative_to(ROOT))
        for p in [*(ROOT / "desktop_app").rglob("*.py"), *FORMS_DIR.glob("*.ui")]
        if "generated" not in p.parts
    )
    subprocess.run([tool, "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
                   check=True, cwd=ROOT, capture_output=True)
    known = {(c, s) for c, s, _ in _messages(RUSSIAN_TS)}
    found = {(c, s) for c, s, _ in _messages(fresh)}
    missing = sorted(found - known)
    assert not missing, (
        "strings missing from the Russian .ts; run `python -m desktop_app.build_forms "
        f"--update-translations` and translate them: {missing}"
    )


def test_russian_is_loaded_by_default(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("Sections", "My journals") == "Мои журналы"
    assert QCoreApplication.translate("SignInDialog", "&Sign in") == "&Войти"


def test_english_is_selectable(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from desktop_app import preferences
    from desktop_app.app import install_translations

    preferences.set_language("en")
    try:
        install_translations(app, preferences.language())
        assert QCoreApplication.translate("Sections", "My journals") == "My journals"
    finally:
        install_translations(app, "ru")


def test_numbers_follow_the_language(app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app import numbers, preferences
    from desktop_app.app import install_translations

    assert (numbers.decimal(3.229), numbers.percent(100), numbers.compact(1.5)) == (
        "3,23", "100,0 %", "1,5")
    preferences.set_language("en")
    try:
        install_translations(app, preferences.language())
        assert (numbers.decimal(3.229), numbers.percent(100)) == ("3.23", "100.0 %")
    finally:
        install_translations(app, "ru")


def test_window_titles_end_in_the_russian_program_name(app) -> None:  # type: ignore[no-untyped-def]
    """Qt appends the display name to every title; English in front of a Russian user
    came from an untranslated display name and suffixes written into the forms."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    assert QApplication.applicationDisplayName() == "Школьный журнал"
    assert QCoreApplication.translate("SignInDialog", "Sign in") == "Вход"
    for ui in FORMS_DIR.glob("*.ui"):
        assert "— School Journal" not in ui.read_text(encoding="utf-8"), ui.name


def test_the_file_dialog_speaks_russian(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "Сохранить", "", "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    dialog.deleteLater()
    assert labels["lookInLabel"] == "&Папка:"
    assert labels["fileTypeLabel"] == "&Тип файлов:"
    assert labels["fileNameLabel"] == "&Имя файла:"
