"""The compact change log: what is stored, that it reads back as written, and that
``verify_chain`` still names the first broken row of the compact form."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from database.changelog import (
    GENESIS_HASH,
    canonical_json,
    row_hash,
    verify_chain,
)
from database.changelog_codec import (
    TABLE_CODES,
    hlc_from_int,
    hlc_to_int,
    load_hash,
    load_uuid,
    pack_fields,
    store_hash,
    store_uuid,
    unpack_fields,
)
from database.changelog_dict import FIELDS_DICTIONARY_V1
from database.engine import make_engine
from database.keyslots import open_slot
from database.models import SYNCED_TABLES, ChangeLog
from database.paths import SchoolPaths
from tests.database.conftest import SmallSchool
from tests.database.fixtures.make_schema_0001 import ADMIN_LOGIN, ADMIN_PASSWORD, FIXTURE_DIR

_HASHED = (
    "op_id", "hlc", "device_id", "device_seq", "author_id", "table_name", "record_id",
    "operation", "fields", "parent_op", "reason", "prev_hash",
)


def test_values_round_trip_and_unknown_ones_are_kept_as_they_came() -> None:
    some = str(uuid.uuid4())
    assert len(store_uuid(some)) == 16 and load_uuid(store_uuid(some)) == some
    assert store_uuid(uuid.UUID(some)) == uuid.UUID(some).bytes
    # Not canonical UUID text (upper case, a forged id): stored as it is, so the
    # text that was hashed is the text read back.
    for odd in (some.upper(), "not-a-uuid", ""):
        assert store_uuid(odd) == odd and load_uuid(odd) == odd
    digest = "ab" * 32
    assert store_hash(digest) == bytes.fromhex(digest)
    assert load_hash(bytes.fromhex(digest)) == digest
    assert store_hash("AB" * 32) == "AB" * 32
    stamps = ["001764590000000:000000", "001764590000000:000007", "001764590000001:000000"]
    assert [hlc_from_int(hlc_to_int(s)) for s in stamps] == stamps  # type: ignore[arg-type]
    assert sorted(hlc_to_int(s) for s in stamps) == [hlc_to_int(s) for s in stamps]
    assert hlc_to_int("12:3") == "12:3"
    fields = canonical_json({"topic": "Развитие речи «5»", "weight": 1.0, "id": some})
    packed = pack_fields(fields)
    assert unpack_fields(packed) == fields and len(packed) < len(fields.encode("utf-8"))
    with pytest.raises(ValueError):
        unpack_fields(b"\x09" + packed[1:])


def test_every_synchronised_table_has_a_code() -> None:
    codes = dict(TABLE_CODES)
    assert set(SYNCED_TABLES) <= codes.keys()
    assert len(set(codes.values())) == len(codes)


def _raw(session: Session) -> list[tuple[object, ...]]:
    return list(session.execute(text(
        "SELECT op_id, hlc, device_id, table_name, record_id, operation, fields, "
        "prev_hash, hash FROM change_log ORDER BY seq"
    )).all())


def test_rows_are_stored_compactly_and_read_back_as_hashed(
    session: Session, small_school: SmallSchool
) -> None:
    raw = _raw(session)
    assert raw
    for op_id, hlc, device, table, record, operation, fields, prev_hash, digest in raw:
        assert isinstance(op_id, bytes) and len(op_id) == 16
        assert isinstance(device, bytes) and len(device) == 16
        assert isinstance(record, bytes) and len(record) == 16
        assert isinstance(hlc, int) and isinstance(table, int) and operation in (1, 2)
        assert isinstance(fields, bytes) and fields[:1] in (b"\x02", b"\x03")  # format 2
        assert prev_hash is None  # always the previous row's hash here
        assert isinstance(digest, bytes) and len(digest) == 32
    rows = session.execute(
        select(*(getattr(ChangeLog, c) for c in (*_HASHED, "hash")))
        .order_by(ChangeLog.device_id, ChangeLog.device_seq)
    ).mappings().all()
    link = GENESIS_HASH
    for row in rows:
        values = dict(row)
        assert values["prev_hash"] is None
        values["prev_hash"] = link
        assert row_hash(values) == values["hash"]
        assert values["table_name"] in SYNCED_TABLES
        link = values["hash"]
    # Queries compare with the text values, as before.
    first = rows[0]
    assert session.scalar(
        select(ChangeLog.seq).where(ChangeLog.op_id == first["op_id"],
                                    ChangeLog.table_name == first["table_name"])
    ) is not None
    assert verify_chain(session).ok


def _seq_of_row(session: Session, index: int) -> int:
    return int(session.execute(
        select(ChangeLog.seq).order_by(ChangeLog.device_id, ChangeLog.device_seq)
        .offset(index).limit(1)
    ).scalar_one())


def test_rows_of_format_1_still_read_and_verify(
    session: Session, small_school: SmallSchool
) -> None:
    """A log written before format 2 and continued after it: both kinds of rows read
    as the text that was hashed, so the chain still verifies, and a changed one is
    still named."""
    v1 = zstandard.ZstdCompressor(
        level=3, dict_data=zstandard.ZstdCompressionDict(FIELDS_DICTIONARY_V1),
        write_checksum=False, write_content_size=True, write_dict_id=False,
    )
    rows = session.execute(select(ChangeLog.seq, ChangeLog.fields).order_by(ChangeLog.seq))
    old = [(seq, fields) for seq, fields in rows][::2]
    for seq, fields in old:
        session.execute(text("UPDATE change_log SET fields = :f WHERE seq = :s"),
                        {"f": b"\x01" + v1.compress(fields.encode()), "s": seq})
    stored = {seq: value for seq, value in session.execute(
        text("SELECT seq, fields FROM change_log"))}
    assert {stored[seq][:1] for seq, _ in old} == {b"\x01"}
    assert b"\x02" in {value[:1] for value in stored.values()}
    session.expire_all()
    assert [session.get(ChangeLog, seq).fields for seq, _ in old] == [  # type: ignore[union-attr]
        fields for _, fields in old
    ]
    assert verify_chain(session).ok
    seq, fields = old[3]
    session.execute(text("UPDATE change_log SET fields = :f WHERE seq = :s"),
                    {"f": b"\x01" + v1.compress(fields.replace("}", ',"x":1}', 1).encode()),
                     "s": seq})
    report = verify_chain(session)
    assert report.problem is not None and report.problem.seq == seq


def test_verify_names_a_changed_field(session: Session, small_school: SmallSchool) -> None:
    seq = _seq_of_row(session, 5)
    stored = session.scalar(select(ChangeLog.fields).where(ChangeLog.seq == seq))
    assert stored is not None
    altered = stored.replace("}", ',"x":1}', 1) if stored != "{}" else '{"x":1}'
    session.execute(update(ChangeLog).where(ChangeLog.seq == seq).values(fields=altered))
    report = verify_chain(session)
    assert report.problem is not None and report.problem.seq == seq
    assert "контрольная сумма" in report.problem.problem


def test_verify_names_the_row_after_one_changed_and_rehashed(
    session: Session, small_school: SmallSchool
) -> None:
    """Rewriting a row *and* its hash is caught at the next row: its hash covers the
    link to the original one, which the compact log derives from the stored hashes."""
    seq = _seq_of_row(session, 5)
    row = dict(session.execute(
        select(*(getattr(ChangeLog, c) for c in (*_HASHED, "hash"))).where(ChangeLog.seq == seq)
    ).mappings().one())
    previous = session.scalar(select(ChangeLog.hash).where(
        ChangeLog.device_id == row["device_id"], ChangeLog.device_seq == row["device_seq"] - 1))
    row["prev_hash"] = previous
    row["reason"] = "подделка"
    forged = row_hash(row)
    session.execute(update(ChangeLog).where(ChangeLog.seq == seq).values(
        reason="подделка", hash=forged))
    report = verify_chain(session)
    after = _seq_of_row(session, 6)
    assert report.problem is not None and report.problem.seq == after
    assert "предыдущая строка" in report.problem.problem


def test_verify_names_a_deleted_row_and_a_wrong_stored_link(
    session: Session, small_school: SmallSchool
) -> None:
    seq = _seq_of_row(session, 3)
    session.execute(update(ChangeLog).where(ChangeLog.seq == seq).values(prev_hash="cd" * 32))
    report = verify_chain(session)
    assert report.problem is not None and report.problem.seq == seq
    assert "ссылка" in report.problem.problem
    session.rollback()
    session.execute(text("DELETE FROM change_log WHERE seq = :s"), {"s": seq})
    report = verify_chain(session)
    assert report.problem is not None and report.problem.seq == _seq_of_row(session, 3)
    assert "удалена" in report.problem.problem


# --- the migration (0002 text log → 0003 compact log, and back) ----------------------------


_TEXT_COLUMNS = ("seq", *_HASHED, "hash")


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    from alembic import command

    import database.schema

    with engine.connect() as connection, connection.begin():
        config = database.schema.alembic_config(connection)
        (command.downgrade if down else command.upgrade)(config, revision)


def _text_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return list(connection.exec_driver_sql(
            f"SELECT {', '.join(_TEXT_COLUMNS)} FROM change_log ORDER BY seq").all())


def test_upgrade_keeps_every_value_and_downgrade_restores_the_text(tmp_path: Path) -> None:
    target = tmp_path / "school"
    shutil.copytree(FIXTURE_DIR, target)
    paths = SchoolPaths(target)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN_LOGIN, ADMIN_PASSWORD))
    try:
        _migrate(engine, "0002")
        # One broken link, as a tampered 0002 database could have: kept, still named.
        with engine.begin() as connection:
            broken_seq = connection.exec_driver_sql(
                "SELECT seq FROM change_log ORDER BY device_id, device_seq LIMIT 1 OFFSET 4"
            ).scalar_one()
            connection.exec_driver_sql(
                "UPDATE change_log SET prev_hash = ? WHERE seq = ?", ("ef" * 32, broken_seq))
        before = _text_rows(engine)
        assert len(before) > 5
        _migrate(engine, "0003")
        with Session(engine) as session:
            after = [tuple(r) for r in session.execute(
                select(*(getattr(ChangeLog, c) for c in _TEXT_COLUMNS)).order_by(ChangeLog.seq)
            ).all()]
            report = verify_chain(session)
            stored_links = session.execute(text(
                "SELECT seq FROM change_log WHERE prev_hash IS NOT NULL")).scalars().all()
        # Every value reads back as it was, the links now implicit but the broken one.
        assert [r[:-2] + r[-1:] for r in after] == [r[:-2] + r[-1:] for r in before]
        assert stored_links == [broken_seq]
        assert report.problem is not None and report.problem.seq == broken_seq
        assert "ссылка" in report.problem.problem
        _migrate(engine, "0002", down=True)
        assert _text_rows(engine) == before
    finally:
        engine.dispose()


# --- the migration to fields format 2 (0006, and back) -------------------------------------


def _fields_by_seq(engine: Engine) -> dict[int, bytes]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT seq, fields FROM change_log")
        return {seq: value for seq, value in rows}


def _record_index(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[2] for row in connection.exec_driver_sql(
            "PRAGMA index_info(ix_change_log_record)")]


def test_format_2_migration_keeps_every_text_and_downgrade_restores_format_1(
    tmp_path: Path,
) -> None:
    target = tmp_path / "school"
    shutil.copytree(FIXTURE_DIR, target)
    paths = SchoolPaths(target)
    engine = make_engine(paths.db, open_slot(paths.slots_dir, ADMIN_LOGIN, ADMIN_PASSWORD))
    try:
        _migrate(engine, "0004")
        before = _fields_by_seq(engine)
        assert len(before) > 5 and {value[:1] for value in before.values()} == {b"\x01"}
        assert _record_index(engine) == ["table_name", "record_id"]
        texts = {seq: unpack_fields(value) for seq, value in before.items()}
        _migrate(engine, "0006")
        after = _fields_by_seq(engine)
        assert after.keys() == before.keys()
        assert {value[:1] for value in after.values()} <= {b"\x02", b"\x03"}
        assert {seq: unpack_fields(value) for seq, value in after.items()} == texts
        assert sum(map(len, after.values())) < sum(map(len, before.values()))
        assert _record_index(engine) == ["record_id"]
        with Session(engine) as session:
            assert verify_chain(session).ok
        _migrate(engine, "0004", down=True)
        restored = _fields_by_seq(engine)
        assert {value[:1] for value in restored.values()} == {b"\x01"}
        assert {seq: unpack_fields(value) for seq, value in restored.items()} == texts
        assert _record_index(engine) == ["table_name", "record_id"]
    finally:
        engine.dispose()


def test_record_queries_search_the_index(session: Session, small_school: SmallSchool) -> None:
    """A record's rows asked by id alone (the apply's "which have history", a record's
    history) and the lessons with a parent op are searched, not scanned."""
    record = session.scalar(select(ChangeLog.record_id).limit(1))
    plans = {
        "by id": "SELECT DISTINCT record_id FROM change_log WHERE record_id IN (:r)",
        "by table and id": "SELECT seq FROM change_log WHERE table_name = 19 AND record_id = :r",
        "with a parent": "SELECT seq FROM change_log WHERE table_name = 19 AND operation = 1 "
                         "AND parent_op IS NOT NULL",
    }
    for name, query in plans.items():
        plan = " ".join(str(row[-1]) for row in session.execute(
            text("EXPLAIN QUERY PLAN " + query), {"r": store_uuid(record)}))
        assert plan.startswith("SEARCH"), (name, plan)
