"""Fixtures shared by the data-layer and the GUI tests: cheap Argon2id and the tiny
demo school.

Argon2id: every STANDARD key slot written by a test uses cheap parameters (see
``CHEAP_KDF``), patched in once for the whole run, before any template school is
built. The production profile costs ≈0.3 s of two cores per STANDARD slot; a run
writes and opens hundreds of them (demo admins, password changes, sign-ins), and
what those tests check is the key-slot logic, not the cost. The slots record the
parameters they were really made with, so a slot written here is honest about them.
``test_standard_profile_unlocks_within_a_second`` (tests/database/
test_storage_keyslots.py) checks the real parameters through the ``production_kdf``
fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from database.demo import DEMO_PASSWORDS, DemoSchool
from database.demo_install import install_demo
from database.engine import make_engine
from database.keyslots import KdfParams, KdfProfile, open_slot
from database.paths import SchoolPaths
from tests.templates import template

# ISSUED is cheap already (one pass over 4 MiB, a few milliseconds) and keeps its real
# parameters; STANDARD (4 passes over 128 MiB) becomes 2 passes over 8 MiB, still at
# least ISSUED's cost in every parameter, so comparisons between the two still hold.
CHEAP_KDF = {
    KdfProfile.STANDARD: KdfParams(time_cost=2, memory_kib=8 * 1024, parallelism=2),
    KdfProfile.ISSUED: KdfProfile.ISSUED.value,
}
# The production ``KdfProfile.params`` property, kept to put it back.
_PRODUCTION_PARAMS = KdfProfile.__dict__["params"]


def _cheap_params(profile: KdfProfile) -> KdfParams:
    return CHEAP_KDF[profile]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first (otherwise in collection order): under xdist the
    longest job then starts at once beside the rest instead of running alone at the
    end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session", autouse=True)
def cheap_kdf() -> Iterator[None]:
    """Cheap Argon2id for the whole run (session-scoped and autouse, so it is in
    place before any session fixture builds a template school)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(KdfProfile, "params", property(_cheap_params))
        yield


@pytest.fixture
def production_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real Argon2id profiles, for the test that checks them."""
    monkeypatch.setattr(KdfProfile, "params", _PRODUCTION_PARAMS)


# --- the tiny demo school, built once per run ------------------------------------------------

DEMO_TODAY = date(2026, 11, 18)  # a Wednesday of the second quarter
DEMO_SEED = 1


@dataclass(frozen=True)
class DemoTemplate:
    """The run's one tiny demo school (never opened itself: tests open copies)."""

    paths: SchoolPaths
    school: DemoSchool  # what the generator reported: counts, accounts with passwords
    today: date


def _build_demo(folder: Path) -> DemoSchool:
    return install_demo(
        SchoolPaths(folder / "school"), size="tiny", seed=DEMO_SEED, today=DEMO_TODAY
    ).school


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """The tiny demo school (one class, 5 «А», two weeks of journal; seed 1, today
    2026-11-18), made by ``install_demo`` once per run for the database, the GUI and
    the command-line tests alike."""
    folder, school = template(tmp_path_factory, "demo-tiny", _build_demo)
    return DemoTemplate(SchoolPaths(folder / "school"), school, DEMO_TODAY)


@pytest.fixture(scope="session")
def demo_template(tiny_demo: DemoTemplate) -> SchoolPaths:
    """The template's folder; copy it (``demo_paths``, ``copy_demo``) before opening."""
    return tiny_demo.paths


def copy_demo(template_paths: SchoolPaths, target: Path) -> SchoolPaths:
    """A private copy of a template school's folder (database, key slots, logins)."""
    shutil.copytree(template_paths.root, target)
    return SchoolPaths(target)


def open_demo(paths: SchoolPaths) -> Engine:
    """The production engine on a demo school, keyed through the administrator's slot."""
    return make_engine(paths.db, open_slot(paths.slots_dir, "admin", DEMO_PASSWORDS["admin"]))
