"""Benchmark: a new computer bootstrapping from the snapshot of a whole school.

The built demo school (``school`` size in ``bench.py``) is copied, made the
administration workstation of a new share, and compacted (``share compact``: a
snapshot of the school); then a new computer enrols and starts from the snapshot.

- ``compact_s`` / ``compact_cpu_s``: the administration's ``share compact`` (sync
  round, snapshot written and verified), after its whole log was published;
- ``snapshot_bytes``, ``snapshot_ops``: the snapshot's size and the change-log rows in it;
- ``bootstrap_s``: the new computer's ``finish_join`` and first sync round (snapshot
  verified, loaded, digest checked, key slots written) — target ≤ 60 s — and
  ``bootstrap_cpu_s``, its CPU time;
- ``share_bytes``: everything on the share afterwards.

Run alone: ``python -m tests.perf.bench_bootstrap SCHOOL_FOLDER``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from database.demo import DEMO_PASSWORDS
from database.engine import make_engine, make_sessionmaker
from database.keyslots import open_slot
from database.paths import SchoolPaths
from database.sync.compact import compact_share
from database.sync.digest import state_digest
from database.sync.enrol import finish_join, init_share, new_enrolment_code, request_join
from database.sync.round import sync_round


def _share_bytes(share: Path) -> int:
    return sum(p.stat().st_size for p in share.rglob("*") if p.is_file())


def bootstrap_figures(school: SchoolPaths, workdir: Path | None = None) -> dict[str, Any]:
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="bench-bootstrap-") as temp:
            return bootstrap_figures(school, Path(temp))
    root = workdir
    admin = SchoolPaths(root / "admin")
    shutil.copytree(school.root, admin.root, ignore=shutil.ignore_patterns("sync"))
    share = root / "share"
    share.mkdir()
    data_key = open_slot(admin.slots_dir, "admin", DEMO_PASSWORDS["admin"])
    engine = make_engine(admin.db, data_key)
    figures: dict[str, Any] = {}
    try:
        init_share(admin, make_sessionmaker(engine), data_key, share)
        # The school's whole log goes out first (on a real share it went out day by day).
        assert sync_round(admin, engine, share).ok
        start, cpu = time.perf_counter(), time.process_time()
        report = compact_share(admin, engine, share)
        figures["compact_s"] = round(time.perf_counter() - start, 2)
        figures["compact_cpu_s"] = round(time.process_time() - cpu, 2)
        figures["snapshot_bytes"] = report.snapshot_bytes
        with make_sessionmaker(engine).begin() as session:
            code = new_enrolment_code(session, "Новый")
        newcomer = SchoolPaths(root / "new")
        request_join(newcomer.root, share, code, "Новый")
        assert sync_round(admin, engine, share).enrolled == ["Новый"]
        start, cpu = time.perf_counter(), time.process_time()
        joined = finish_join(newcomer, share)
        assert joined is not None
        new_engine, _ = joined
        try:
            result = sync_round(newcomer, new_engine, share)
            figures["bootstrap_s"] = round(time.perf_counter() - start, 2)
            # This process's CPU time: the fairer figure on a shared, overloaded machine.
            figures["bootstrap_cpu_s"] = round(time.process_time() - cpu, 2)
            assert result.ok and not result.problems, result.describe()
            figures["snapshot_ops"] = result.applied
            with make_sessionmaker(new_engine)() as theirs, make_sessionmaker(engine)() as ours:
                assert state_digest(theirs) == state_digest(ours)
        finally:
            new_engine.dispose()
    finally:
        engine.dispose()
    figures["share_bytes"] = _share_bytes(share)
    return figures


if __name__ == "__main__":
    print(json.dumps(bootstrap_figures(SchoolPaths(Path(sys.argv[1]))), indent=1))
