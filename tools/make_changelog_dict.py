"""Train the zstd dictionary the change log compresses its ``fields`` with.

Made once and committed as :mod:`database.changelog_dict`; never re-made in place:
rows stored with a dictionary can only be read with that same dictionary, so a new
one would need a new format byte in :mod:`database.changelog_codec` (the old kept for
reading). Trained on the ``school`` demo's own change log (synthetic people, the
schema's field names and typical values), a sample stratified by table so the rare
tables (accounts, students) are learnt as well as marks:

    python -m tools.make_changelog_dict bench-data/school
"""

from __future__ import annotations

import base64
import random
import sys
from pathlib import Path

import zstandard
from sqlalchemy import text

from database.demo import DEMO_PASSWORDS
from database.engine import make_engine
from database.keyslots import open_slot
from database.paths import SchoolPaths

DICTIONARY_BYTES = 16 * 1024
PER_TABLE = 300
TOTAL = 4000
TARGET = Path(__file__).resolve().parent.parent / "database" / "changelog_dict.py"


def samples(school: Path) -> list[bytes]:
    paths = SchoolPaths(school)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, "admin", DEMO_PASSWORDS["admin"]))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT table_name, fields FROM change_log")).all()
    finally:
        engine.dispose()
    by_table: dict[str, list[bytes]] = {}
    for table, fields in rows:
        data = fields if isinstance(fields, bytes) else str(fields).encode("utf-8")
        by_table.setdefault(str(table), []).append(data)
    chosen: list[bytes] = []
    rng = random.Random(1)
    for table in sorted(by_table):
        items = by_table[table]
        chosen += rng.sample(items, min(PER_TABLE, len(items)))
    everything = [item for table in sorted(by_table) for item in by_table[table]]
    chosen += rng.sample(everything, max(0, min(TOTAL - len(chosen), len(everything))))
    return chosen


def main(argv: list[str]) -> int:
    data = zstandard.train_dictionary(DICTIONARY_BYTES, samples(Path(argv[0]))).as_bytes()
    text85 = base64.b85encode(data).decode("ascii")
    encoded = "\n".join(text85[i : i + 88] for i in range(0, len(text85), 88))
    TARGET.write_text(
        '"""The zstd dictionary of the change log\'s ``fields`` (format 1); made by\n'
        "``tools/make_changelog_dict.py`` and never changed: stored rows need it to be\n"
        'read."""\n\n'
        "import base64\n\n"
        "FIELDS_DICTIONARY_V1 = base64.b85decode(\n"
        '    """\n' + encoded + '\n"""'
        '.replace("\\n", "")\n)\n',
        encoding="utf-8",
    )
    print(f"{TARGET}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
