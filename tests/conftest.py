"""Fixtures shared by the data-layer and the GUI tests.

Argon2id: every STANDARD key slot written by a test uses cheap parameters (see
``CHEAP_KDF``), patched in once for the whole run, before any template school is
built. The production profile costs ≈0.3 s of two cores per STANDARD slot; a run
writes and opens hundreds of them (demo admins, password changes, sign-ins), and
what those tests check is the key-slot logic, not the cost. The slots record the
parameters they were really made with, so a slot written here is honest about them.
``test_production_kdf_profiles`` (tests/database/test_storage_keyslots.py) checks the
real parameters through the ``production_kdf`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from database.keyslots import KdfParams, KdfProfile

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
