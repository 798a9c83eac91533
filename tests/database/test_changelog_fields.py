"""The stored form of the change log's ``fields``: format 2 gives back exactly the text
it was given, whatever the text holds; format 1 rows still read."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import select

from database.actor import Actor
from database.changelog import canonical_json, save, verify_chain
from database.changelog_dict import FIELDS_DICTIONARY_V1
from database.changelog_fields import pack_fields, split_fields, unpack_fields
from database.changelog_skeletons import FIELDS_SKELETONS_V2
from database.models import ChangeLog, Lesson, SyncRefused
from tests.database.sync_helpers import NOW, add_journal, join, make_admin

_ID = "7bdb5b85-021a-4301-830d-0aa6938afd99"
_MARK = canonical_json({
    "comment": "", "entered_at": "2026-09-04T11:35:20", "entered_by": _ID, "late": False,
    "lesson_id": str(uuid.uuid4()), "position": 1, "student_id": str(uuid.uuid4()),
    "value": "4", "weight": 1.0, "work_type": "Работа на уроке",
})

# A value the previous version stored (an attendance row of the ``large`` demo), kept
# as bytes: format 1 must read it for as long as such rows exist.
_V1_STORED = bytes.fromhex(
    "0128b52ffd20d8f50200a3c71195c52d3fea91f6fac6737461e2d3a82e15d92ef72957ae52c4de72"
    "efa073beb0b96a3cae355cfeb875abfff694f323a5125bb2a326372addc4e3ebacb6522e7398512d"
    "e964e32406fc339ec73929a138a7187b80f0816752313501"
)
_V1_TEXT = (
    '{"code":"у","entered_at":"2026-09-04T11:35:20",'
    '"entered_by":"7bdb5b85-021a-4301-830d-0aa6938afd99","late":false,'
    '"lesson_id":"a44d3f8b-dde5-4a8d-b8ee-5febfc61a20d",'
    '"student_id":"b079eb2c-10e1-4537-b155-49b4169a58be"}'
)

AWKWARD = [
    "",
    "{}",
    _MARK,
    # Almost UUIDs: upper case, one digit short or long, a non-hex letter, no quotes,
    # braces, inside a longer string, two glued together.
    f'{{"a":"{_ID.upper()}","b":"{_ID[:-1]}","c":"{_ID}0","d":"{_ID[:-1]}g"}}',
    f'{{"a":{_ID},"b":"{{{_ID}}}","c":"x{_ID}","d":"{_ID}{_ID}","e":"{_ID}""{_ID}"}}',
    f'"{_ID}"',
    f'["{_ID}","{_ID}","{_ID}"]',
    # Almost timestamps: not a real moment, out of 2000–2135, with a fraction or zone,
    # a space instead of T, and real ones at both ends of the range.
    '{"a":"2026-13-01T10:00:00","b":"2026-02-30T10:00:00","c":"2026-11-13T24:00:00",'
    '"d":"2026-11-13T23:59:60","e":"1999-12-31T23:59:59","f":"2136-02-07T06:28:16",'
    '"g":"2000-01-01T00:00:00","h":"2136-02-07T06:28:15","i":"2026-11-13T13:55:44.5",'
    '"j":"2026-11-13T13:55:44+03:00","k":"2026-11-13 13:55:44","l":"0000-01-01T00:00:00"}',
    # Characters whose UTF-8 is near the placeholder bytes, and the placeholders' own
    # code points; a percent sign (the UUIDs are filled in with %-formatting).
    f'{{"a":"ÿþ\ufffe\uffff\U0010ffff","b":"{_ID}","c":"%s %d %%","t":"2026-11-13T13:55:44"}}',
    # Non-ASCII, escapes and control characters as canonical JSON writes them.
    canonical_json({"topic": "Развитие речи «5»\n\t\"ё\"", "emoji": "📚", "z": "\x00"}),
    # Very long, with many values of both kinds.
    canonical_json({f"k{i}": str(uuid.UUID(int=i * 7919)) for i in range(500)}
                   | {f"t{i}": f"2026-11-{1 + i % 28:02d}T10:{i % 60:02d}:00" for i in range(300)}
                   | {"text": "Ж" * 100_000}),
    "not json at all: \"" + _ID + "\" and \"2026-11-13T13:55:44\"",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_format_2_gives_back_exactly_the_text(text: str) -> None:
    stored = pack_fields(text)
    assert stored[:1] in (b"\x02", b"\x03")
    assert unpack_fields(stored) == text


def test_a_common_skeleton_is_stored_as_its_number() -> None:
    """A mark as the demo's teachers type most: one byte for everything but its
    three UUIDs and its time."""
    stored = pack_fields(_MARK)
    assert stored[:1] == b"\x03" and len(stored) == 2 + 3 * 16 + 4
    assert FIELDS_SKELETONS_V2[stored[1]] == split_fields(_MARK)[0]
    assert unpack_fields(stored) == _MARK


def test_every_common_skeleton_round_trips() -> None:
    rng = random.Random(3)
    for skeleton in FIELDS_SKELETONS_V2:
        parts = skeleton.split(b"\xff")
        filled = parts[0] + b"".join(
            f'"{uuid.UUID(int=rng.getrandbits(128))}"'.encode() + part for part in parts[1:]
        )
        filled = filled.replace(b"\xfe", b'"2026-11-13T13:55:44"')
        assert b"\xff" not in filled and b"\xfe" not in filled
        value = filled.decode("utf-8")
        stored = pack_fields(value)
        assert stored[:1] == b"\x03" and unpack_fields(stored) == value


def test_only_canonical_uuids_and_real_moments_are_taken_out() -> None:
    skeleton, ids, times = split_fields(AWKWARD[3])
    assert ids == b"" and times == b"" and skeleton == AWKWARD[3].encode()
    skeleton, ids, times = split_fields(AWKWARD[4])
    assert ids == uuid.UUID(_ID).bytes * 2  # only '"<uuid>"' whole, twice in "e"
    skeleton, ids, times = split_fields(AWKWARD[7])
    # g and h, the range's ends; the others are kept as text.
    assert len(times) == 8 and skeleton.count(b"\xfe") == 2
    assert b"2026-02-30T10:00:00" in skeleton and b"2136-02-07T06:28:16" in skeleton


def test_random_texts_round_trip() -> None:
    rng = random.Random(10)
    pieces = ['"', "-", "T", ":", "0", "9", "a", "f", "A", "ж", "\uffff", "%", "{", ",",
              f'"{_ID}"', '"2026-11-13T13:55:44"', '"2026-02-29T10:00:00"']
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        assert unpack_fields(pack_fields(text)) == text


def test_lone_surrogates_are_kept_not_refused() -> None:
    """Not in any canonical JSON of ours, but storing is not where an op is judged."""
    text = '{"a":"\ud800","b":"' + _ID + '"}'
    assert unpack_fields(pack_fields(text)) == text


def test_format_2_is_smaller_than_format_1_on_a_mark() -> None:
    v1 = zstandard.ZstdCompressor(
        level=3, dict_data=zstandard.ZstdCompressionDict(FIELDS_DICTIONARY_V1),
        write_checksum=False, write_content_size=True, write_dict_id=False,
    )
    old = 1 + len(v1.compress(_MARK.encode()))
    new = len(pack_fields(_MARK))
    # 48 bytes are the three UUIDs themselves, 4 the time.
    assert new <= old - 30, (old, new)


def test_format_1_still_reads() -> None:
    assert unpack_fields(_V1_STORED) == _V1_TEXT


def test_unknown_or_cut_values_are_refused_with_value_error() -> None:
    stored = pack_fields(_MARK)
    compressed = pack_fields(AWKWARD[3])
    assert compressed[:1] == b"\x02"
    for broken in (b"\x09" + stored[1:], b"", stored[:20], stored + b"\x00", b"\x03",
                   b"\x02", compressed[:5], compressed[:-1]):
        with pytest.raises(ValueError):
            unpack_fields(broken)


def test_an_odd_op_from_another_computer_is_stored_as_it_came_and_refused(
    tmp_path: Path,
) -> None:
    """An op outside its author's rights whose fields hold almost-UUIDs, a moment that
    never was, the placeholders' code points and a percent sign: applied elsewhere it
    is stored with the very text its computer hashed, listed as refused, and the
    chain still verifies there."""
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    try:
        journal = add_journal(admin)
        assert admin.sync().ok
        room = join(tmp_path, share, admin, "room12")
        try:
            odd = (f'{_ID.upper()} "{_ID}" 2026-02-30T10:00:00 '
                   f'"2026-11-13T13:55:44" ÿ\ufffe\uffff %s {_ID}')
            with room.maker.begin() as session:
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None
                lesson.room = odd
                save(session, Actor.system(room.device_id, clock=lambda: NOW), lesson)
                sent = session.execute(
                    select(ChangeLog.op_id, ChangeLog.fields, ChangeLog.hash)
                    .order_by(ChangeLog.seq.desc()).limit(1)).one()
            assert odd in json.loads(sent.fields).values()
            assert room.sync().ok and admin.sync().refused == 1
            with admin.maker() as session:
                stored = session.execute(
                    select(ChangeLog.fields, ChangeLog.hash).where(ChangeLog.op_id == sent.op_id)
                ).one()
                assert (stored.fields, stored.hash) == (sent.fields, sent.hash)
                assert session.scalar(select(SyncRefused.op_id)) == sent.op_id
                assert verify_chain(session).ok
                lesson = session.get(Lesson, journal.lesson)
                assert lesson is not None and lesson.room != odd
        finally:
            room.close()
    finally:
        admin.close()
