"""Issue a batch of new accounts: a one-time password and a key slot for each, then
the accounts themselves in one transaction (:mod:`database.services.account_batch`).

The plan is checked first (no slot is written for a login that is taken, so no one's
key is ever replaced); then the slots are written, so a cancelled or refused batch
leaves nothing behind (its new slots are removed) and a committed one never has an
account without a slot. Each
slot is one Argon2id derivation with the cheap ``ISSUED`` profile (one-time
passwords are random: see :class:`database.keyslots.KdfProfile`) plus a crash-safe
file write with two fsyncs; the write waits on the disk, so a few threads overlap
the waits with the derivations (argon2 and file I/O release the GIL).
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from database.auth import SignedIn, generate_one_time_password
from database.errors import ConflictError, DomainError
from database.ids import new_id
from database.keyslots import KdfProfile, list_slots, remove_slot, write_slot
from database.permissions import require_account_manager
from database.services.account_batch import PlannedAccount, check_batch, create_batch

SLOT_THREADS = 4

Progress = Callable[[int, int], None]  # (done, total)


class BatchCancelled(DomainError):
    """The user stopped the batch: nothing was created."""


@dataclass(frozen=True)
class IssuedAccount:
    account_id: uuid.UUID
    planned: PlannedAccount
    password: str


def issue_batch(
    signed: SignedIn,
    planned: Sequence[PlannedAccount],
    *,
    progress: Progress | None = None,
    cancelled: threading.Event | None = None,
) -> list[IssuedAccount]:
    """Create the accounts of ``planned`` with one-time passwords; returns them with
    their passwords (to be printed at once: the passwords are stored nowhere).
    ``progress(done, total)`` is called as slots are written; setting ``cancelled``
    stops the batch before anything is committed."""
    require_account_manager(signed.actor)
    total = len(planned)
    if not total:
        return []
    data_key = signed.data_key()
    slots_dir = signed.paths.slots_dir
    ids = [new_id() for _ in planned]
    passwords = [generate_one_time_password() for _ in planned]
    written: list[str] = []
    lock = threading.Lock()
    stop = cancelled or threading.Event()

    with signed.sessions() as session:
        check_batch(session, signed.actor, planned)
    existing = set(list_slots(slots_dir))
    stale = next((p.login for p in planned if p.login in existing), None)
    if stale is not None:
        # A key file without an account (left by a restore?): never overwritten here.
        raise ConflictError(
            f"Для логина «{stale}» на этом компьютере уже есть файл ключа: составьте список "
            "заново или удалите лишний файл."
        )

    def write(index: int) -> None:
        if stop.is_set():
            return
        login = planned[index].login
        write_slot(slots_dir, login, passwords[index], data_key, account_id=ids[index],
                   profile=KdfProfile.ISSUED)
        with lock:
            written.append(login)
            done = len(written)
        if progress is not None:
            progress(done, total)

    def undo() -> None:
        for login in written:
            with contextlib.suppress(DomainError):
                remove_slot(slots_dir, login)

    try:
        with ThreadPoolExecutor(max_workers=SLOT_THREADS) as pool:
            futures: list[Future[None]] = [pool.submit(write, i) for i in range(total)]
            finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in finished:
                error = future.exception()
                if error is not None:
                    stop.set()  # the rest return at once
                    raise error
        if stop.is_set():
            raise BatchCancelled("Создание учётных записей остановлено: ничего не создано.")
        with signed.sessions() as session:
            create_batch(session, signed.actor, planned, ids)
            session.commit()
    except BaseException:
        undo()
        raise
    return [
        IssuedAccount(account_id, p, password)
        for account_id, p, password in zip(ids, planned, passwords, strict=True)
    ]
