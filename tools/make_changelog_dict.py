"""Make what the change log's ``fields`` format 2 compresses with: the table of
common skeletons and the zstd dictionary for the others.

A skeleton is a ``fields`` text with its UUIDs and timestamps taken out
(:func:`database.changelog_fields.split_fields`); most rows of a school share a few
hundred of them (a mark «4», weight 1, «Работа на уроке», no comment), and those are
stored as their number in the table (:mod:`database.changelog_skeletons`); the rest
are zstd-compressed with a dictionary trained on them
(:mod:`database.changelog_dict_v2`). Format 1's dictionary
(:mod:`database.changelog_dict`) was trained on the whole texts.

Made once and committed; never re-made in place: rows stored with a table or a
dictionary can only be read with that same one, so new ones need a new format byte
in :mod:`database.changelog_fields` (the old kept for reading). Learnt from the
``school`` demo's own change log (synthetic people, the schema's field names and
typical values), the dictionary's sample stratified by table so the rare tables
(accounts, students) are learnt as well as marks:

    python -m desktop_app.cli demo --data-dir bench-data/school --size school \
        --today 2026-11-20 --quiet
    python -m tools.make_changelog_dict bench-data/school
"""

from __future__ import annotations

import base64
import random
import sys
from collections import Counter
from pathlib import Path

import zstandard
from sqlalchemy import text

from database.changelog_fields import split_fields, unpack_fields
from database.demo import DEMO_PASSWORDS
from database.engine import make_engine
from database.keyslots import open_slot
from database.paths import SchoolPaths

# 32 KiB: on the ``large`` demo ~2 bytes a row smaller than 16 KiB; 64 KiB
# was no better (the trainer spreads over rarer strings).
DICTIONARY_BYTES = 32 * 1024
# One byte numbers them; on ``large`` the 256 commonest cover ~72 % of the rows,
# 4096 would cover 77 %.
SKELETONS = 256
PER_TABLE = 300
TOTAL = 16000
DATABASE = Path(__file__).resolve().parent.parent / "database"


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


def common_skeletons(by_table: dict[str, list[bytes]]) -> list[bytes]:
    counts = Counter(skeleton for items in by_table.values() for skeleton in items)
    # Ties by the bytes, so the table does not depend on the order rows were read.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [skeleton for skeleton, _ in ranked[:SKELETONS]]


def dictionary_samples(by_table: dict[str, list[bytes]]) -> list[bytes | bytearray | memoryview]:
    chosen: list[bytes | bytearray | memoryview] = []
    rng = random.Random(1)
    for table in sorted(by_table):
        items = by_table[table]
        chosen += rng.sample(items, min(PER_TABLE, len(items)))
    everything = [item for table in sorted(by_table) for item in by_table[table]]
    chosen += rng.sample(everything, max(0, min(TOTAL - len(chosen), len(everything))))
    return chosen


def write_skeletons(skeletons: list[bytes]) -> None:
    # Read with surrogateescape, the placeholder bytes show as \udcff and \udcfe and
    # the rest as the text it is.
    lines = [f"    {skeleton.decode('utf-8', 'surrogateescape')!r},\n" for skeleton in skeletons]
    (DATABASE / "changelog_skeletons.py").write_text(
        "# ruff: noqa: E501\n"
        '"""The change log\'s common ``fields`` skeletons (format 2): a value whose\n'
        "skeleton is the n-th of these is stored as n; made by\n"
        "``tools/make_changelog_dict.py`` and never changed: stored rows need it to be\n"
        'read. ``\\udcff`` stands for a UUID, ``\\udcfe`` for a timestamp."""\n\n'
        "_TEXTS = (\n" + "".join(lines) + ")\n\n"
        'FIELDS_SKELETONS_V2 = tuple(t.encode("utf-8", "surrogateescape") for t in _TEXTS)\n',
        encoding="utf-8",
    )


def write_dictionary(data: bytes) -> None:
    text85 = base64.b85encode(data).decode("ascii")
    encoded = "\n".join(text85[i : i + 88] for i in range(0, len(text85), 88))
    (DATABASE / "changelog_dict_v2.py").write_text(
        '"""The zstd dictionary of the change log\'s ``fields`` (format 2, the skeletons\n'
        "not in :mod:`database.changelog_skeletons`); made by\n"
        "``tools/make_changelog_dict.py`` and never changed: stored rows need it to be\n"
        'read."""\n\n'
        "import base64\n\n"
        "FIELDS_DICTIONARY_V2 = base64.b85decode(\n"
        '    """\n' + encoded + '\n"""'
        '.replace("\\n", "")\n)\n',
        encoding="utf-8",
    )


def main(argv: list[str]) -> int:
    by_table = {
        table: [split_fields(item)[0] for item in items]
        for table, items in texts(Path(argv[0])).items()
    }
    skeletons = common_skeletons(by_table)
    common = set(skeletons)
    rest = {table: [s for s in items if s not in common] for table, items in by_table.items()}
    rest = {table: items for table, items in rest.items() if items}
    data = zstandard.train_dictionary(DICTIONARY_BYTES, dictionary_samples(rest)).as_bytes()
    write_skeletons(skeletons)
    write_dictionary(data)
    covered = sum(len(items) for items in by_table.values()) - sum(map(len, rest.values()))
    print(f"{len(skeletons)} skeletons ({covered} rows), dictionary of {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
