"""Signing in, password changes, one-time passwords and remembered sign-ins.

This module sits on the key slots (:mod:`database.keyslots`), the encrypted store
(:mod:`database.store`) and the account services; the GUI and the command line call
it, never the slots directly.

**Signing in** (:func:`sign_in`): refuse early if this login is locked out on this
computer; unwrap the data key from the login's slot with the password; open (and if
needed migrate) the encrypted database; load the account (a disabled account is
refused); record the sign-in; build the :class:`~database.actor.Actor` with the
linked staff/student/guardian ids and this computer's device id. The result,
:class:`SignedIn`, holds the engine and the data key in memory only;
:meth:`SignedIn.close` disposes the engine and overwrites the key (workstation lock,
sign out).

**Failed attempts and lockout.** A wrong password cannot be written into the
database — without the right password there is no key to open it. So each login has
a small *guard file* beside the slots (``keyslots/guard/<login>.guard.json``,
written atomically): consecutive failures, ``locked_until``, and the times of the
failures not yet in the database. It is consulted *before* the slot is unwrapped, so
a locked login costs an attacker no Argon2 time and gets no answer about the
password. After the next successful sign-in the pending failures are replayed into
the database as failed login events (with their real times) so the audit and the
weekly indicators see them, and the guard is reset. The thresholds (attempts,
minutes) are school settings, which also live in the encrypted database; the last
values seen are cached in ``workstation.json`` (see below) for use before sign-in.

**Remembered sign-in ("remember me on this computer").** The secret kept in the OS
keyring is *not* the password. Remembering creates a separate *device token*: 256
random bits, which wrap the data key in a slot of their own
(``keyslots/remembered/<login>.slot.json``, ISSUED KDF profile — with 256 random bits
the KDF cost buys nothing). Only the token goes to the keyring. So

- the password never leaves the user's head, and a stolen keyring entry opens this
  school on this computer only, and only until it is forgotten;
- forgetting (:func:`forget_device_token`, also done by "sign out", by a password
  change and by an administrator's password reset) deletes the token slot: a copy of
  the token left in the keyring then opens nothing;
- whether remembering is allowed is the school's policy per workstation kind: it is
  checked again against the database after every remembered sign-in, and a token
  made before the policy changed is revoked then;
- a workstation lock always asks for the password, never the token.

**Disabling an account takes its key away.** The status alone would leave the slot
in place, and the password would still unwrap the data key from a copy of the folder.
:func:`disable_access` saves the status and deletes the login's slot, remembered
sign-in and guard file; :func:`enable_access` enables the account with a new
one-time password (a new slot). Every sign-in also runs :func:`revoke_disabled_slots`,
so a status that arrived from another computer removes the slot here as well.

**workstation.json** (beside the database, not secret): this computer's kind and
name, the school's short name, and the last-seen policy values (remember-me allowed,
idle lock minutes, lockout thresholds, minimum password length), refreshed at every
sign-in. It is a cache for what must be known before the database can be opened;
the database stays authoritative.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from database import changelog
from database.actor import Actor, Role, local_now
from database.atomic_file import atomic_write_bytes
from database.display_names import full_name_of
from database.errors import AuthError, StorageError, ValidationError
from database.keyslots import (
    AUTH_FAILED,
    KdfProfile,
    generate_recovery_key,
    list_slots,
    new_data_key,
    open_slot,
    remove_slot,
    slot_info,
    slot_path,
    validate_login,
    write_recovery_slot,
    write_slot,
)
from database.models import Account, Device, Guardian, School, Staff, Student
from database.notation import DEFAULT_SETTINGS
from database.paths import SchoolPaths
from database.permissions import require_account_manager
from database.settings import SchoolSettings, load_settings

if TYPE_CHECKING:
    from database.queries.account_list import AccountInfo
from database.workstation import (
    DEVICE_KINDS,
    WORKSTATION_FILE,
    Workstation,
    normalize_login,
    read_workstation,
    write_workstation,
)

__all__ = [
    "DEVICE_KINDS",
    "WORKSTATION_FILE",
    "SignedIn",
    "Workstation",
    "change_password",
    "check_password_policy",
    "create_device_token",
    "create_school",
    "disable_access",
    "enable_access",
    "forget_device_token",
    "has_device_token",
    "issue_password",
    "normalize_login",
    "read_workstation",
    "revoke_disabled_slots",
    "sign_in",
    "sign_in_with_token",
    "write_workstation",
]

GUARD_DIR = "guard"
REMEMBERED_DIR = "remembered"
MAX_PENDING_FAILURES = 100

# No 0/o, 1/l/i: an issued password is read off paper.
ISSUED_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ISSUED_GROUPS = 3
ISSUED_GROUP_LEN = 5  # 15 characters from 31 ≈ 74 bits (ISSUED slots rely on ≥ 60)

DISABLED = "Учётная запись отключена. Обратитесь к администратору школы."
DISABLED_NO_PASSWORD = (
    "Учётная запись отключена: новый пароль выдаётся, когда её снова включают."
)
TOKEN_INVALID = "Сохранённый вход на этом компьютере больше не действует. Войдите с паролем."

Clock = Callable[[], datetime]


# --- the result of signing in --------------------------------------------------------


@dataclass
class SignedIn:
    """An open, signed-in school database. Not thread-safe: the GUI keeps it on its
    one database worker thread; the command line uses it directly."""

    paths: SchoolPaths
    engine: Engine
    sessionmaker: sessionmaker[Session]
    actor: Actor
    login: str
    account_id: uuid.UUID
    person_name: str
    must_change_password: bool
    device_name: str
    device_kind: str
    school_name: str
    settings: SchoolSettings
    # Shown once, right after a school is created; None otherwise.
    recovery_key: str | None = None
    _data_key: bytearray | None = field(default=None, repr=False)

    @property
    def role(self) -> Role:
        return self.actor.role

    @property
    def closed(self) -> bool:
        return self._data_key is None

    @contextlib.contextmanager
    def sessions(self) -> Iterator[Session]:
        """One short session; the caller commits (one transaction per action)."""
        if self.closed:
            raise StorageError("База данных закрыта: войдите снова.")
        with self.sessionmaker() as session:
            yield session

    def data_key(self) -> bytes:
        if self._data_key is None:
            raise StorageError("База данных закрыта: войдите снова.")
        return bytes(self._data_key)

    def close(self) -> None:
        """Close every connection and overwrite the key in memory (best effort: the
        engine's connect listener and SQLCipher hold their own copies until the
        engine is disposed, which happens here)."""
        self.engine.dispose()
        if self._data_key is not None:
            for index in range(len(self._data_key)):
                self._data_key[index] = 0
            self._data_key = None


def _workstation_from(signed: SignedIn) -> Workstation:
    s = signed.settings
    kind = signed.device_kind
    return Workstation(
        device_kind=kind,
        device_name=signed.device_name,
        school_name=signed.school_name,
        remember_me_allowed=bool(s.remember_me_allowed.get(kind, False)),
        idle_lock_minutes=int(s.idle_lock_minutes.get(kind, 10)),
        lockout_attempts=s.lockout_attempts,
        lockout_minutes=s.lockout_minutes,
        password_min_length=s.password_min_length,
    )


# --- guard files: failed attempts counted before the slot is opened ----------------------


def _guard_path(paths: SchoolPaths, login: str) -> Path:
    validate_login(login)
    return paths.slots_dir / GUARD_DIR / f"{login}.guard.json"


@dataclass
class _Guard:
    path: Path
    failures: int = 0
    locked_until: datetime | None = None
    pending: list[datetime] = field(default_factory=list)

    @classmethod
    def load(cls, paths: SchoolPaths, login: str) -> _Guard:
        path = _guard_path(paths, login)
        guard = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return guard
        except (OSError, ValueError):
            # A damaged guard file must not lock anyone out for ever, nor unlock:
            # start counting afresh.
            return guard
        if isinstance(data, dict):
            with contextlib.suppress(TypeError, ValueError):
                guard.failures = max(0, int(data.get("failures", 0)))
                until = data.get("locked_until")
                guard.locked_until = datetime.fromisoformat(until) if until else None
                guard.pending = [datetime.fromisoformat(t) for t in data.get("pending", [])]
        return guard

    def save(self) -> None:
        document = {
            "failures": self.failures,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "pending": [t.isoformat() for t in self.pending[-MAX_PENDING_FAILURES:]],
        }
        try:
            atomic_write_bytes(self.path, json.dumps(document, indent=1).encode("utf-8"))
        except OSError:
            raise StorageError(
                f"Не удалось записать файл {self.path}. Проверьте, что папка с данными "
                "доступна для записи."
            ) from None

    def clear(self) -> None:
        self.failures, self.locked_until, self.pending = 0, None, []
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def check(self, login: str, now: datetime) -> None:
        if self.locked_until is not None and self.locked_until > now:
            raise AuthError(locked_message(login, self.locked_until, now))

    def fail(self, now: datetime, attempts: int, minutes: int) -> None:
        if self.locked_until is not None and self.locked_until <= now:
            self.locked_until = None  # the last lock has run out: count afresh
        self.failures += 1
        self.pending.append(now)
        if self.failures >= attempts:
            self.locked_until = now + timedelta(minutes=minutes)
            self.failures = 0
        self.save()


def locked_message(login: str, until: datetime, now: datetime) -> str:
    when = until.strftime("%H:%M") if until.date() == now.date() else until.strftime(
        "%H:%M %d.%m.%Y"
    )
    return (
        f"Слишком много неудачных попыток входа. Вход под логином «{login}» "
        f"заблокирован до {when}. Если вы забыли пароль, обратитесь к администратору."
    )


def failed_attempts(paths: SchoolPaths, login: str) -> int:
    """Consecutive failures counted on this computer (for tests and the GUI)."""
    return _Guard.load(paths, normalize_login(login)).failures


# --- password policy -----------------------------------------------------------------------


def check_password_policy(password: str, login: str, min_length: int) -> None:
    """A password people choose: long enough, not the login."""
    if len(password) < min_length:
        raise ValidationError(f"Пароль должен быть не короче {min_length} символов.")
    if password.strip() != password:
        raise ValidationError("Пароль не должен начинаться или заканчиваться пробелом.")
    if login and login.lower() in password.lower():
        raise ValidationError("Пароль не должен совпадать с логином или содержать его.")
    if len(set(password)) < 3:
        raise ValidationError("Пароль слишком простой: используйте разные символы.")


def generate_one_time_password() -> str:
    """E.g. ``k7m2p-q9xtz-4wabc``: 15 unambiguous characters, about 74 random bits."""
    groups = (
        "".join(secrets.choice(ISSUED_ALPHABET) for _ in range(ISSUED_GROUP_LEN))
        for _ in range(ISSUED_GROUPS)
    )
    return "-".join(groups)


# --- signing in ----------------------------------------------------------------------------


def person_name(session: Session, account: Account) -> str:
    person: Staff | Student | Guardian | None = None
    if account.staff_id is not None:
        person = session.get(Staff, account.staff_id)
    elif account.student_id is not None:
        person = session.get(Student, account.student_id)
    elif account.guardian_id is not None:
        person = session.get(Guardian, account.guardian_id)
    if person is None:
        return account.login
    return full_name_of(person)


def _actor_for(account: Account, device_id: uuid.UUID, clock: Clock) -> Actor:
    return Actor(
        role=Role(account.role),
        device_id=device_id,
        account_id=account.id,
        staff_id=account.staff_id,
        student_id=account.student_id,
        guardian_id=account.guardian_id,
        clock=clock,
    )


def _require_school(paths: SchoolPaths) -> None:
    if not paths.exists():
        raise StorageError(f"В папке {paths.root} нет базы данных школы.")


def _open_engine(paths: SchoolPaths, data_key: bytes) -> Engine:
    from database.store import open_database

    return open_database(paths, data_key)


def _make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    from database.engine import make_sessionmaker

    return make_sessionmaker(engine)


def _record_login(session: Session, actor: Actor, account_id: uuid.UUID, success: bool) -> None:
    from database.services.accounts import record_login

    record_login(session, actor, account_id, success)


def _fixed(moment: datetime) -> Clock:
    """A clock stopped at ``moment``: replayed failures keep their real time."""
    return lambda: moment


def _finish_sign_in(
    paths: SchoolPaths,
    login: str,
    data_key: bytes,
    *,
    guard: _Guard | None,
    device_kind: str | None,
    clock: Clock,
    record: bool,
) -> SignedIn:
    """Open the database with an unwrapped key and check the account."""
    engine = _open_engine(paths, data_key)
    try:
        maker = _make_sessionmaker(engine)
        with maker() as session:
            account = session.execute(
                select(Account).where(Account.login == login)
            ).scalar_one_or_none()
            if account is None:
                raise AuthError(AUTH_FAILED)
            revoke_disabled_slots(paths, session)
            if account.status == "disabled":
                raise AuthError(DISABLED)
            now = clock()
            if account.locked_until is not None and account.locked_until > now:
                # Locked by failures counted elsewhere (another computer, via sync).
                raise AuthError(locked_message(login, account.locked_until, now))
            device_id = changelog.local_device_id(session)
            actor = _actor_for(account, device_id, clock)
            if guard is not None:
                for at in guard.pending:
                    _record_login(session, replace(actor, clock=_fixed(at)), account.id, False)
            if record:
                _record_login(session, actor, account.id, True)
            settings = load_settings(session)
            device = session.get(Device, device_id)
            school = session.execute(select(School).limit(1)).scalar()
            signed = SignedIn(
                paths=paths,
                engine=engine,
                sessionmaker=maker,
                actor=actor,
                login=login,
                account_id=account.id,
                person_name=person_name(session, account),
                must_change_password=bool(account.must_change_password),
                device_name=device.name if device is not None else "",
                device_kind=(
                    device.kind if device is not None else (device_kind or "classroom")
                ),
                school_name=school.short_name if school is not None else "",
                settings=settings,
                _data_key=bytearray(data_key),
            )
            session.commit()
    except BaseException:
        engine.dispose()
        raise
    if guard is not None:
        guard.clear()
    write_workstation(paths, _workstation_from(signed))
    return signed


def sign_in(
    paths: SchoolPaths,
    login: str,
    password: str,
    *,
    device_kind: str | None = None,
    clock: Clock = local_now,
    record: bool = True,
) -> SignedIn:
    """Sign ``login`` in with ``password``; :class:`AuthError` with a Russian message
    for a wrong password, a locked or disabled account.

    ``device_kind`` is only a fallback for a database without this computer's device
    row; ``record=False`` skips the login event (unlocking a locked workstation is
    not a new sign-in)."""
    _require_school(paths)
    login = normalize_login(login)
    try:
        validate_login(login)
    except ValidationError:
        raise AuthError(AUTH_FAILED) from None
    workstation = read_workstation(paths)
    guard = _Guard.load(paths, login)
    now = clock()
    guard.check(login, now)
    try:
        data_key = _open_any_slot(paths, login, password)
    except AuthError:
        if slot_info(paths.slots_dir, login) is not None or _has_synced_slot(paths, login):
            guard.fail(now, workstation.lockout_attempts, workstation.lockout_minutes)
            guard.check(login, now)
        raise
    signed = _finish_sign_in(
        paths, login, data_key, guard=guard, device_kind=device_kind, clock=clock, record=record
    )
    _share_password_once(signed, password)
    return signed


def _open_any_slot(paths: SchoolPaths, login: str, password: str) -> bytes:
    """This computer's own slot, else the slot synchronised from the school's other
    computers (a password set elsewhere; see :mod:`database.sync.people`)."""
    from database.sync.people import open_with_synced_slot

    try:
        return open_slot(paths.slots_dir, login, password)
    except AuthError:
        key = open_with_synced_slot(paths, login, password)
        if key is None:
            raise
        return key


def _has_synced_slot(paths: SchoolPaths, login: str) -> bool:
    from database.sync.people import synced_dir

    return slot_info(synced_dir(paths), login) is not None


def _publish_password(signed: SignedIn, login: str, account_id: uuid.UUID, password: str,
                      profile: KdfProfile) -> None:
    """Give the school's other computers this password (when this one has joined a
    share): see :mod:`database.sync.people`."""
    from database.sync.people import publish_password

    with signed.sessions() as session:
        if publish_password(session, signed.actor, signed.paths, account_id, login, password,
                            profile):
            session.commit()


def _share_password_once(signed: SignedIn, password: str) -> None:
    """An account whose password was set before this computer joined a share gets its
    synchronised slot at its first sign-in here, the one moment the password is known."""
    from database.sync.people import has_account_key

    with signed.sessions() as session:
        if has_account_key(session, signed.account_id):
            return
    profile = KdfProfile.ISSUED if signed.must_change_password else KdfProfile.STANDARD
    _publish_password(signed, signed.login, signed.account_id, password, profile)


# --- password changes ------------------------------------------------------------------------


def _mark_password_set(session: Session, signed: SignedIn) -> None:
    from database.services.accounts import mark_activated

    mark_activated(session, signed.actor, signed.account_id)


def change_password(signed: SignedIn, old: str, new: str) -> None:
    """The user's own password change (also the forced one after an issued
    password): checks the policy, re-wraps the slot with the STANDARD profile
    (atomically), clears *must change password* and marks the account activated."""
    if new == old:
        raise ValidationError("Новый пароль должен отличаться от прежнего.")
    check_password_policy(new, signed.login, signed.settings.password_min_length)
    try:
        key = _open_any_slot(signed.paths, signed.login, old)
    except AuthError:
        raise AuthError("Текущий пароль указан неверно.") from None
    if key != signed.data_key():
        raise StorageError("Файл ключа не относится к этой базе данных.")
    write_slot(
        signed.paths.slots_dir, signed.login, new, key,
        account_id=signed.account_id, profile=KdfProfile.STANDARD,
    )
    # A password change is often a reaction to a leak: remembered sign-ins go too.
    forget_device_token(signed.paths, signed.login)
    with signed.sessions() as session:
        _mark_password_set(session, signed)
        session.commit()
    _publish_password(signed, signed.login, signed.account_id, new, KdfProfile.STANDARD)
    signed.must_change_password = False


def issue_password(signed: SignedIn, account_id: uuid.UUID) -> str:
    """A new one-time password for an account (administration, system administrator):
    the slot is (re)written with the ISSUED profile, the user must change it at the
    next sign-in, remembered sign-ins of that login are revoked and a lockout on this
    computer is lifted. Returns the password, to be printed on a login slip."""
    from database.services.accounts import require_password_change

    require_account_manager(signed.actor)
    with signed.sessions() as session:
        info = require_password_change(session, signed.actor, account_id)
        if info.status == "disabled":
            # A disabled account must not get its key back through a password reset.
            raise AuthError(DISABLED_NO_PASSWORD)
        session.commit()
    return _write_issued_slot(signed, account_id, info.login)


def _write_issued_slot(signed: SignedIn, account_id: uuid.UUID, login: str) -> str:
    password = generate_one_time_password()
    write_slot(
        signed.paths.slots_dir, login, password, signed.data_key(),
        account_id=account_id, profile=KdfProfile.ISSUED,
    )
    forget_device_token(signed.paths, login)
    _Guard.load(signed.paths, login).clear()
    _publish_password(signed, login, account_id, password, KdfProfile.ISSUED)
    return password


def revoke_access(signed: SignedIn, login: str) -> None:
    """Remove a login's key slot, remembered sign-in and guard file on this computer
    (used when an account is disabled)."""
    require_account_manager(signed.actor)
    _remove_access(signed.paths, login)


def _remove_access(paths: SchoolPaths, login: str) -> None:
    remove_slot(paths.slots_dir, login)
    forget_device_token(paths, login)
    _Guard.load(paths, login).clear()


def disable_access(
    signed: SignedIn, account_id: uuid.UUID, *, reason: str | None = None
) -> AccountInfo:
    """Disable an account *and* take its key away: the status is saved (change log),
    then the login's key slot and remembered sign-in on this computer are deleted, so
    the password no longer unwraps the data key, not even off-line. (The OS keyring
    entry of a remembered sign-in is the GUI's to delete; without its slot it opens
    nothing.)"""
    from database.services.accounts import disable_account

    with signed.sessions() as session:
        info = disable_account(session, signed.actor, account_id, reason=reason)
        session.commit()
    revoke_access(signed, info.login)
    return info


def enable_access(signed: SignedIn, account_id: uuid.UUID) -> tuple[AccountInfo, str]:
    """Enable a disabled account again with a new one-time password (its old slot is
    gone): returns the account and the password for the login slip."""
    from database.services.accounts import enable_account

    require_account_manager(signed.actor)
    with signed.sessions() as session:
        info = enable_account(session, signed.actor, account_id)
        session.commit()
    return info, _write_issued_slot(signed, account_id, info.login)


def revoke_disabled_slots(paths: SchoolPaths, session: Session) -> list[str]:
    """Delete the key slots (and remembered sign-ins) on this computer whose account
    is disabled in the database; returns those logins. Run at every sign-in, so an
    account disabled on another computer (the status arrives by sync) or before this
    rule existed loses its key here too. Slots of logins the database does not know
    are left alone."""
    logins = list_slots(paths.slots_dir)
    if not logins:
        return []
    disabled = set(
        session.execute(
            select(Account.login).where(Account.login.in_(logins), Account.status == "disabled")
        ).scalars()
    )
    for login in sorted(disabled):
        _remove_access(paths, login)
    return sorted(disabled)


# --- remembered sign-in ------------------------------------------------------------------------


def _remembered_dir(paths: SchoolPaths) -> Path:
    return paths.slots_dir / REMEMBERED_DIR


def remember_allowed(signed: SignedIn) -> bool:
    return bool(signed.settings.remember_me_allowed.get(signed.device_kind, False))


def create_device_token(signed: SignedIn) -> str:
    """A new random secret that opens this school for ``signed.login`` on this
    computer; the caller stores it in the OS keyring. Refused when the school's
    policy does not allow remembering on this kind of workstation."""
    if not remember_allowed(signed):
        raise AuthError(
            "Запоминать вход на этом компьютере запрещено правилами школы."
        )
    token = secrets.token_urlsafe(32)
    write_slot(
        _remembered_dir(signed.paths), signed.login, token, signed.data_key(),
        account_id=signed.account_id, profile=KdfProfile.ISSUED,
    )
    return token


def has_device_token(paths: SchoolPaths, login: str) -> bool:
    login = normalize_login(login)
    try:
        return slot_path(_remembered_dir(paths), login).is_file()
    except ValidationError:
        return False


def forget_device_token(paths: SchoolPaths, login: str) -> None:
    """Delete the token slot: a token left in the keyring then opens nothing."""
    login = normalize_login(login)
    try:
        remove_slot(_remembered_dir(paths), login)
    except ValidationError:
        return


def sign_in_with_token(
    paths: SchoolPaths, login: str, token: str, *, clock: Clock = local_now
) -> SignedIn:
    """Sign in with a remembered device token instead of the password."""
    _require_school(paths)
    login = normalize_login(login)
    workstation_guard = _Guard.load(paths, login)
    workstation_guard.check(login, clock())
    try:
        data_key = open_slot(_remembered_dir(paths), login, token)
    except (AuthError, ValidationError):
        forget_device_token(paths, login)
        raise AuthError(TOKEN_INVALID) from None
    signed = _finish_sign_in(
        paths, login, data_key, guard=workstation_guard, device_kind=None, clock=clock,
        record=True,
    )
    if not remember_allowed(signed) or signed.must_change_password:
        signed.close()
        forget_device_token(paths, login)
        raise AuthError(
            "Запоминать вход на этом компьютере больше нельзя по правилам школы. "
            "Войдите с паролем."
            if not signed.must_change_password
            else TOKEN_INVALID
        )
    return signed


# --- a new school ------------------------------------------------------------------------------


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """«Волкова Наталья Сергеевна» → surname, name, patronymic."""
    parts = full_name.split()
    if len(parts) < 2:
        raise ValidationError(
            "Укажите фамилию, имя и (если есть) отчество директора через пробел."
        )
    return parts[0], parts[1], " ".join(parts[2:])


def _remove_new_school(paths: SchoolPaths) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            paths.db.with_name(paths.db.name + suffix).unlink()


def create_school(
    paths: SchoolPaths,
    *,
    full_name: str,
    short_name: str,
    director_name: str,
    admin_login: str,
    admin_password: str,
    device_name: str,
    device_kind: str,
    clock: Clock = local_now,
) -> SignedIn:
    """First start: a new encrypted database with the school, its default settings,
    the director as staff and the administrator's account (whose password is the
    one given here, so it need not be changed). The recovery key is returned in
    :attr:`SignedIn.recovery_key`, to be shown once and kept on paper."""
    from database.services.accounts import create_account
    from database.services.people import add_staff
    from database.services.school import set_setting, update_school
    from database.store import create_database

    if paths.exists():
        raise StorageError(f"В папке {paths.root} уже есть база данных школы.")
    admin_login = normalize_login(admin_login)
    validate_login(admin_login)
    min_length = int(DEFAULT_SETTINGS["password_min_length"])
    check_password_policy(admin_password, admin_login, min_length)
    if device_kind not in DEVICE_KINDS:
        raise ValidationError("Неизвестный вид рабочего места.")
    surname, name, patronymic = split_full_name(director_name)
    if not device_name.strip():
        raise ValidationError("Укажите название этого компьютера (например, «Приёмная»).")

    data_key = new_data_key()
    paths.root.mkdir(parents=True, exist_ok=True)
    engine = create_database(
        paths, data_key, device_name=device_name.strip(), device_kind=device_kind
    )
    try:
        maker = _make_sessionmaker(engine)
        with maker() as session:
            system = Actor.system(changelog.local_device_id(session), clock=clock)
            update_school(
                session, system, full_name=full_name, short_name=short_name,
                director_name=" ".join(director_name.split()),
            )
            for key, value in DEFAULT_SETTINGS.items():
                set_setting(session, system, key, value)
            director = add_staff(
                session, system, surname=surname, name=name, patronymic=patronymic,
                position="директор",
            )
            account = create_account(
                session, system, admin_login, Role.ADMIN, staff_id=director.id
            )
            session.commit()
            account_id = account.id
        write_slot(
            paths.slots_dir, admin_login, admin_password, data_key,
            account_id=account_id, profile=KdfProfile.STANDARD,
        )
        recovery_key = generate_recovery_key()
        write_recovery_slot(paths.slots_dir, recovery_key, data_key)
    except BaseException:
        engine.dispose()
        remove_slot(paths.slots_dir, admin_login)
        _remove_new_school(paths)
        raise
    engine.dispose()
    signed = _finish_sign_in(
        paths, admin_login, data_key, guard=None, device_kind=device_kind, clock=clock,
        record=True,
    )
    with signed.sessions() as session:
        _mark_password_set(session, signed)
        session.commit()
    signed.must_change_password = False
    signed.recovery_key = recovery_key
    return signed
