"""Train the zstd dictionary the change log compresses its ``fields`` with.

Made once per format and committed (format 2: :mod:`database.changelog_dict_v2`);
never re-made in place: rows stored with a dictionary can only be read with that
same dictionary, so a new one needs a new format byte in
:mod:`database.changelog_fields` (the old kept for reading). Format 1's
(:mod:`database.changelog_dict`) was trained on the whole texts; format 2's on what
format 2 compresses: the texts with their UUIDs and timestamps taken out
(:func:`database.changelog_fields.split_fields`).

Trained on the ``school`` demo's own change log (synthetic people, the schema's
field names and typical values), a sample stratified by table so the rare tables
(accounts, students) are learnt as well as marks:

    python -m desktop_app.cli demo --data-dir bench-data/school --size school \
        --today 2026-11-20 --quiet
    python -m tools.make_changelog_dict bench-data/school
"""

from __future__ import annotations

import base64
import random
import sys
from pathlib import Path

import zstandard
from sqlalchemy import text

from database.changelog_fields import split_fields, unpack_fields
from database.demo import DEMO_PASSWORDS
from database.engine import make_engine
from database.keyslots import open_slot
from database.paths import SchoolPaths

# 32 KiB: on the ``large`` demo ~2 bytes a row smaller than 16 KiB; 64 KiB
# was larger again (the trainer spreads over rarer strings).
DICTIONARY_BYTES = 32 * 1024
PER_TABLE = 300
TOTAL = 16000
TARGET = Path(__file__).resolve().parent.parent / "database" / "changelog_dict_v2.py"


def texts(school: Path) -> dict[str, list[str]]:
    """The school's change-log ``fields`` texts by table."""
    paths = SchoolPaths(school)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, "admin", DEMO_PASSWORDS["admin"]))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT table_name, fields FROM change_log")).all()
    finally:
        engine.dispose()
    by_table: dict[str, list[str]] = {}
    for table, fields in rows:
        value = unpack_fields(fields) if isinstance(fields, bytes) else str(fields)
        by_table.setdefault(str(table), []).append(value)
    return by_table


def samples(school: Path) -> list[bytes | bytearray | memoryview]:
    by_table = texts(school)
    chosen: list[str] = []
    rng = random.Random(1)
    for table in sorted(by_table):
        items = by_table[table]
        chosen += rng.sample(items, min(PER_TABLE, len(items)))
    everything = [item for table in sorted(by_table) for item in by_table[table]]
    chosen += rng.sample(everything, max(0, min(TOTAL - len(chosen), len(everything))))
    return [split_fields(item)[0] for item in chosen]  # what format 2 compresses


def main(argv: list[str]) -> int:
    data = zstandard.train_dictionary(DICTIONARY_BYTES, samples(Path(argv[0]))).as_bytes()
    text85 = base64.b85encode(data).decode("ascii")
    encoded = "\n".join(text85[i : i + 88] for i in range(0, len(text85), 88))
    TARGET.write_text(
        '"""The zstd dictionary of the change log\'s ``fields`` (format 2, the texts\n'
        "without their UUIDs and timestamps); made by ``tools/make_changelog_dict.py``\n"
        'and never changed: stored rows need it to be read."""\n\n'
        "import base64\n\n"
        "FIELDS_DICTIONARY_V2 = base64.b85decode(\n"
        '    """\n' + encoded + '\n"""'
        '.replace("\\n", "")\n)\n',
        encoding="utf-8",
    )
    print(f"{TARGET}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
