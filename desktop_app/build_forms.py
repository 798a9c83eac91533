"""The one build step for generated GUI code (Picard/Anki style).

``python -m desktop_app.build_forms`` compiles

- every Designer form ``ui_forms/<name>.ui`` with ``pyside6-uic`` into
  ``desktop_app/generated/ui_<name>.py``;
- ``resources/resources.qrc`` (icon, style) with ``pyside6-rcc`` into
  ``desktop_app/generated/resources_rc.py``;
- every translation ``resources/translations/*.ts`` with ``pyside6-lrelease`` into
  the ``.qm`` file beside it.

The outputs are git-ignored and stamped "generated — do not edit". A file is rebuilt
only when its source is newer (``--force`` rebuilds everything).

``python -m desktop_app.build_forms --update-translations`` runs ``pyside6-lupdate``
over ``desktop_app/**/*.py`` and ``ui_forms/*.ui`` to refresh the Russian ``.ts``
(new strings then need a translation: a test fails until every one has one).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "ui_forms"
GENERATED_DIR = ROOT / "desktop_app" / "generated"
QRC_FILE = ROOT / "resources" / "resources.qrc"
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
RUSSIAN_TS = TRANSLATIONS_DIR / "school_journal_ru.ts"

STAMP = "# generated — do not edit: `python -m desktop_app.build_forms` rebuilds this file\n"


def _tool(name: str) -> str:
    """A PySide6 tool from this interpreter's environment first, then from PATH."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 into this environment")
    return found


def _stale(source: Path, target: Path, force: bool) -> bool:
    return force or not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def _stamp(target: Path) -> None:
    text = target.read_text(encoding="utf-8")
    if not text.startswith(STAMP):
        target.write_text(STAMP + text, encoding="utf-8")


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, cwd=ROOT)


def compile_forms(force: bool = False) -> list[Path]:
    GENERATED_DIR.mkdir(parents=True, exist_ok=True)
    init = GENERATED_DIR / "__init__.py"
    if not init.exists():
        init.write_text(STAMP + '"""Compiled forms and resources (git-ignored)."""\n',
                        encoding="utf-8")
    built: list[Path] = []
    for form in sorted(FORMS_DIR.glob("*.ui")):
        target = GENERATED_DIR / f"ui_{form.stem}.py"
        if _stale(form, target, force):
            _run([_tool("pyside6-uic"), "--from-imports", "-o", str(target), str(form)])
            _stamp(target)
            built.append(target)
    rc_target = GENERATED_DIR / "resources_rc.py"
    qrc_inputs = [QRC_FILE, *(QRC_FILE.parent / p for p in ("icons", "styles"))]
    newest = max(
        p.stat().st_mtime for d in qrc_inputs for p in ([d] if d.is_file() else d.iterdir())
    )
    if force or not rc_target.exists() or rc_target.stat().st_mtime < newest:
        _run([_tool("pyside6-rcc"), "-g", "python", "-o", str(rc_target), str(QRC_FILE)])
        _stamp(rc_target)
        built.append(rc_target)
    return built


def compile_translations(force: bool = False) -> list[Path]:
    built: list[Path] = []
    for ts in sorted(TRANSLATIONS_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if _stale(ts, qm, force):
            _run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)])
            built.append(qm)
    return built


_PLURAL = re.compile(r'<message numerus="yes">\s*<source>(.*?)</source>.*?</message>', re.S)
_PLAIN = r"<message>\s*<source>{}</source>.*?</message>"


def update_translations() -> None:
    sources = sorted(
        str(p.relative_to(ROOT))
        for p in [*(ROOT / "desktop_app").rglob("*.py"), *FORMS_DIR.glob("*.ui")]
        if "generated" not in p.parts
    )
    # pyside6-lupdate reads no plural forms from Python: it would turn each hand-made
    # plural message («ещё %n отметка/отметки/отметок») into an unfinished plain one.
    plurals = {m.group(1): m.group(0) for m in _PLURAL.finditer(RUSSIAN_TS.read_text("utf-8"))}
    _run(
        [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources,
         "-ts", str(RUSSIAN_TS.relative_to(ROOT))],
    )
    text = RUSSIAN_TS.read_text("utf-8")
    for source, block in plurals.items():
        plain = re.search(_PLAIN.format(re.escape(source)), text, re.S)
        if plain is not None:
            text = text[:plain.start()] + block + text[plain.end():]
    RUSSIAN_TS.write_text(text, "utf-8")


def ensure_built() -> None:
    """Build whatever is missing or stale; a no-op in a PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        return
    compile_forms()
    compile_translations()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild everything")
    parser.add_argument(
        "--update-translations", action="store_true",
        help="refresh resources/translations/*.ts from the sources (pyside6-lupdate)",
    )
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.update_translations:
        update_translations()
    built = [*compile_forms(args.force), *compile_translations(args.force)]
    for path in built:
        print(f"built {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
