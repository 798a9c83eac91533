"""Key slots: the data key wrapped per account (Argon2id + AES-256-GCM) and for recovery.

All slots here use the cheap ISSUED profile, and the run's cheap Argon2 parameters
(tests/conftest.py), except ``test_standard_profile_unlocks_within_a_second``, which
checks the real profiles' parameters and measures the real sign-in cost.
"""

from __future__ import annotations

import json
import time
import traceback
import uuid
from pathlib import Path

import pytest

from database.errors import AuthError, DomainError, StorageError, ValidationError
from database.keyslots import (
    AUTH_FAILED,
    RECOVERY_FAILED,
    KdfParams,
    KdfProfile,
    generate_recovery_key,
    list_slots,
    new_data_key,
    open_recovery_slot,
    open_slot,
    recovery_slot_info,
    remove_slot,
    slot_info,
    slot_path,
    validate_login,
    write_recovery_slot,
    write_slot,
)

ISSUED = KdfProfile.ISSUED
PASSWORD = "Зелёный-чай-42"


@pytest.fixture
def slots(tmp_path: Path) -> Path:
    return tmp_path / "keyslots"


def _secret_free(exc: BaseException, *secrets: str) -> None:
    """Neither the message and repr of the error nor of anything chained to it
    mention a secret. (A formatted traceback would show the test's own source lines,
    which contain the secrets, so the chain is walked instead.)"""
    text = ""
    seen: BaseException | None = exc
    while seen is not None:
        text += str(seen) + repr(seen) + "".join(traceback.format_exception_only(seen))
        seen = seen.__cause__ or seen.__context__
    for secret in secrets:
        assert secret not in text


def test_round_trip(slots: Path) -> None:
    key = new_data_key()
    account = uuid.uuid4()
    write_slot(slots, "ivanova.a", PASSWORD, key, account_id=account, profile=ISSUED)
    assert open_slot(slots, "ivanova.a", PASSWORD) == key
    info = slot_info(slots, "ivanova.a")
    assert info is not None
    assert info.login == "ivanova.a"
    assert info.account_id == account
    assert info.profile == "issued"
    assert info.kdf == ISSUED.params
    assert info.created_at == info.updated_at
    assert info.created_at.tzinfo is not None
    assert list_slots(slots) == ["ivanova.a"]
    # Only wrapped material is on disk.
    raw = slot_path(slots, "ivanova.a").read_bytes()
    assert key not in raw and key.hex().encode() not in raw
    assert PASSWORD.encode() not in raw


def test_new_data_key_is_random_256_bits() -> None:
    keys = {new_data_key() for _ in range(4)}
    assert len(keys) == 4 and all(len(k) == 32 for k in keys)


def test_wrong_password_and_unknown_login_look_the_same(slots: Path) -> None:
    key = new_data_key()
    write_slot(slots, "petrov", PASSWORD, key, account_id=None, profile=ISSUED)
    with pytest.raises(AuthError) as wrong:
        open_slot(slots, "petrov", "не тот пароль")
    with pytest.raises(AuthError) as unknown:
        open_slot(slots, "sidorov", PASSWORD)
    with pytest.raises(AuthError) as malformed:
        open_slot(slots, "../etc/passwd", PASSWORD)
    assert wrong.value.message == unknown.value.message == malformed.value.message
    assert wrong.value.message == AUTH_FAILED == "Неверный логин или пароль."
    for exc in (wrong.value, unknown.value):
        _secret_free(exc, PASSWORD, "не тот пароль", key.hex())


def test_password_change_rewraps_atomically(slots: Path) -> None:
    key = new_data_key()
    account = uuid.uuid4()
    write_slot(slots, "teacher1", "issued-one-time-pass", key, account_id=account, profile=ISSUED)
    created = slot_info(slots, "teacher1")
    assert created is not None
    write_slot(slots, "teacher1", "my own password", key, account_id=account, profile=ISSUED)
    assert open_slot(slots, "teacher1", "my own password") == key
    with pytest.raises(AuthError):
        open_slot(slots, "teacher1", "issued-one-time-pass")
    changed = slot_info(slots, "teacher1")
    assert changed is not None and changed.created_at == created.created_at
    # The rename left no temporary files behind.
    assert sorted(p.name for p in slots.iterdir()) == ["teacher1.slot.json"]


def test_failed_write_keeps_the_old_slot(slots: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_data_key()
    write_slot(slots, "teacher1", "old password", key, account_id=None, profile=ISSUED)

    def broken_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("database.atomic_file.os.replace", broken_replace)
    with pytest.raises(StorageError):
        write_slot(slots, "teacher1", "new password", key, account_id=None, profile=ISSUED)
    monkeypatch.undo()
    assert open_slot(slots, "teacher1", "old password") == key
    assert sorted(p.name for p in slots.iterdir()) == ["teacher1.slot.json"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated by a crash of another tool
        lambda text: "",  # empty file
        lambda text: "\x00\xff garbage",
        lambda text: "[1, 2, 3]",
        lambda text: text.replace('"argon2id"', '"scrypt"'),
        lambda text: text.replace('"version": 1', '"version": 99'),
        lambda text: text.replace('"time_cost": 1', '"time_cost": 100000'),
        lambda text: text.replace('"memory_kib": 4096', '"memory_kib": 999999999'),
        lambda text: text.replace('"time_cost": 1', '"time_cost": true'),
        lambda text: text.replace('"wrapped_key": "', '"wrapped_key": "!!'),
        lambda text: text.replace('"login": "petrov"', '"login": "ivanov"'),
    ],
)
def test_damaged_slot_is_a_storage_error(slots: Path, damage: object) -> None:
    write_slot(slots, "petrov", PASSWORD, new_data_key(), account_id=None, profile=ISSUED)
    path = slot_path(slots, "petrov")
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    with pytest.raises(StorageError) as caught:
        open_slot(slots, "petrov", PASSWORD)
    assert "повреждён" in caught.value.message
    assert "petrov" in caught.value.message
    _secret_free(caught.value, PASSWORD)
    with pytest.raises(StorageError):
        slot_info(slots, "petrov")


def test_slot_copied_to_another_login_is_refused(slots: Path) -> None:
    key = new_data_key()
    write_slot(slots, "director", PASSWORD, key, account_id=uuid.uuid4(), profile=ISSUED)
    # Someone with folder access copies their own slot over the director's name...
    slot_path(slots, "director").rename(slot_path(slots, "intruder"))
    with pytest.raises(StorageError):
        open_slot(slots, "intruder", PASSWORD)


def test_account_id_is_authenticated(slots: Path) -> None:
    """Editing the account id in a slot (to sign in as someone else) breaks the GCM tag."""
    key = new_data_key()
    write_slot(slots, "teacher1", PASSWORD, key, account_id=uuid.uuid4(), profile=ISSUED)
    path = slot_path(slots, "teacher1")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["account_id"] = str(uuid.uuid4())
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AuthError):
        open_slot(slots, "teacher1", PASSWORD)


def test_unreadable_slot_is_a_storage_error(slots: Path) -> None:
    slots.mkdir()
    slot_path(slots, "petrov").mkdir()  # a folder where the file should be
    with pytest.raises(StorageError):
        open_slot(slots, "petrov", PASSWORD)


@pytest.mark.parametrize(
    "login", ["", "ab", "Ivanova", "иванова", "a" * 65, "-abc", ".hidden", "a/b", "a b",
              "recovery", "con", "lpt1"]
)
def test_bad_logins_are_refused(slots: Path, login: str) -> None:
    with pytest.raises(ValidationError):
        validate_login(login)
    with pytest.raises(ValidationError):
        write_slot(slots, login, PASSWORD, new_data_key(), account_id=None, profile=ISSUED)
    assert slot_info(slots, login) is None


@pytest.mark.parametrize("login", ["abc", "ivanov.ii", "user_01", "a-b-c", "7ab", "x" * 64])
def test_good_logins(login: str) -> None:
    assert validate_login(login) == login


def test_empty_password_is_refused(slots: Path) -> None:
    with pytest.raises(ValidationError):
        write_slot(slots, "petrov", "", new_data_key(), account_id=None, profile=ISSUED)


def test_password_unicode_normalisation(slots: Path) -> None:
    """"й" typed as one code point or as и + combining breve is the same password."""
    key = new_data_key()
    write_slot(slots, "petrov", "мой\u0439", key, account_id=None, profile=ISSUED)
    assert open_slot(slots, "petrov", "мой\u0438\u0306") == key


def test_remove_and_list(slots: Path) -> None:
    assert list_slots(slots) == []  # no folder yet
    key = new_data_key()
    for login in ("zeta", "alpha", "mid.dle"):
        write_slot(slots, login, PASSWORD, key, account_id=None, profile=ISSUED)
    write_recovery_slot(slots, generate_recovery_key(), key)
    (slots / "notes.txt").write_text("not a slot")
    assert list_slots(slots) == ["alpha", "mid.dle", "zeta"]
    remove_slot(slots, "mid.dle")
    remove_slot(slots, "mid.dle")  # already gone: fine
    assert list_slots(slots) == ["alpha", "zeta"]
    with pytest.raises(AuthError):
        open_slot(slots, "mid.dle", PASSWORD)


def test_recovery_slot(slots: Path) -> None:
    key = new_data_key()
    recovery = generate_recovery_key()
    groups = recovery.split("-")
    assert len(groups) == 6 and all(len(g) == 5 for g in groups)
    assert not set(recovery.replace("-", "")) & set("ILOU")
    assert recovery_slot_info(slots) is None
    write_recovery_slot(slots, recovery, key)
    assert open_recovery_slot(slots, recovery) == key
    # Typed from paper: lowercase, spaces instead of hyphens.
    assert open_recovery_slot(slots, recovery.lower().replace("-", " ")) == key
    info = recovery_slot_info(slots)
    assert info is not None and info.profile == "standard"
    assert info.kdf == KdfProfile.STANDARD.params
    other = generate_recovery_key()
    assert other != recovery
    with pytest.raises(AuthError) as wrong:
        open_recovery_slot(slots, other)
    assert wrong.value.message == RECOVERY_FAILED
    _secret_free(wrong.value, other, recovery, key.hex())
    with pytest.raises(AuthError):
        open_recovery_slot(slots, "12345")
    with pytest.raises(ValidationError):
        write_recovery_slot(slots, "too-short", key)


def test_recovery_key_entropy() -> None:
    # 30 symbols from a 32-letter alphabet: 150 bits.
    key = generate_recovery_key().replace("-", "")
    assert len(key) == 30
    assert len({generate_recovery_key() for _ in range(50)}) == 50


def test_missing_recovery_slot_is_explained(slots: Path) -> None:
    with pytest.raises(StorageError) as caught:
        open_recovery_slot(slots, generate_recovery_key())
    assert "не настроен" in caught.value.message


def test_standard_profile_unlocks_within_a_second(slots: Path, production_kdf: None) -> None:
    """The one test paying the real Argon2id cost for human-chosen passwords (every
    other test runs with cheap parameters, see tests/conftest.py)."""
    assert KdfProfile.STANDARD.params == KdfParams(time_cost=4, memory_kib=128 * 1024,
                                                   parallelism=2)
    assert KdfProfile.ISSUED.params == KdfParams(time_cost=1, memory_kib=4 * 1024,
                                                 parallelism=1)
    key = new_data_key()
    write_slot(slots, "director", PASSWORD, key, account_id=None)  # STANDARD by default
    info = slot_info(slots, "director")
    assert info is not None and info.profile == "standard"
    assert info.kdf == KdfProfile.STANDARD.params
    assert info.kdf.memory_kib >= 64 * 1024
    # CPU time, not wall time: other test runs on the same 2-core machine must not
    # make this flaky. Argon2 runs ``parallelism`` lanes on as many threads, so on an
    # idle machine with that many cores the wall time is the CPU time divided by it.
    cpu_started = time.process_time()
    assert open_slot(slots, "director", PASSWORD) == key
    cpu = time.process_time() - cpu_started
    wall_on_idle_machine = cpu / info.kdf.parallelism
    assert wall_on_idle_machine < 1.0, f"STANDARD unlock needs {wall_on_idle_machine:.2f} s"
    with pytest.raises(DomainError):
        open_slot(slots, "director", PASSWORD + "x")


def test_data_key_length_is_checked(slots: Path) -> None:
    with pytest.raises(ValueError) as caught:
        write_slot(slots, "petrov", PASSWORD, b"short", account_id=None, profile=ISSUED)
    assert "short" not in str(caught.value)
