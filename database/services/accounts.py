"""Accounts: who may sign in, with which role, linked to which person; login events
and the lockout after repeated failures. Passwords and key slots live in the storage
layer, not here.

Who may call (role × function; ``Actor.system`` acts as admin):

=====================  =====  ==========================  ===========  ===========  ===========
function               admin  sysadmin                    teacher      student      parent
=====================  =====  ==========================  ===========  ===========  ===========
create_account         yes    yes, not an admin account   —            —            —
disable_account        yes    yes, not an admin account   —            —            —
enable_account         yes    yes, not an admin account   —            —            —
set_role               yes    yes, not to/from admin      —            —            —
require_password_change yes   yes, not an admin account   —            —            —
mark_activated         yes    —                           own account  own account  own account
record_login           yes    —                           own account  own account  own account
get_account_by_login   (no actor: used by the sign-in code before anyone is signed in)
suggest_login          (no actor: a pure helper over existing logins)
is_locked              (no actor: a pure check)
=====================  =====  ==========================  ===========  ===========  ===========

``record_login`` is called by the sign-in code with ``Actor.system`` (admin role).
Nobody may disable or change the role of their own account. Listing accounts is
:mod:`database.queries.account_list`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog
from database import validation as v
from database.actor import ROLE_TITLES_RU, Actor, Role, local_now
from database.errors import ConflictError, PermissionDenied, ValidationError
from database.models import Account, Guardian, LoginEvent, Staff, Student
from database.permissions import require_account_manager
from database.queries.account_list import AccountInfo, account_info
from database.services._common import get_or_raise
from database.settings import load_settings

STATUS_CREATED: Final = "created"
STATUS_ACTIVATED: Final = "activated"
STATUS_DISABLED: Final = "disabled"


def _get_account(session: Session, account_id: uuid.UUID) -> Account:
    return get_or_raise(session, Account, account_id, "Учётная запись не найдена.")


def _require_may_manage(actor: Actor, account_role: Role, new_role: Role | None = None) -> None:
    """Account managers; only the administration touches administration accounts."""
    require_account_manager(actor)
    if actor.role is not Role.ADMIN and Role.ADMIN in (account_role, new_role):
        raise PermissionDenied(
            "Недостаточно прав: учётными записями администрации управляет только администрация."
        )


def _require_not_self(actor: Actor, account: Account, action: str) -> None:
    if actor.account_id is not None and actor.account_id == account.id:
        raise PermissionDenied(f"Нельзя {action} собственную учётную запись.")


_ROLE_LINK: Final[dict[Role, str]] = {
    Role.ADMIN: "staff_id",
    Role.SYSADMIN: "staff_id",
    Role.TEACHER: "staff_id",
    Role.STUDENT: "student_id",
    Role.PARENT: "guardian_id",
}
_LINK_TITLES: Final[dict[str, str]] = {
    "staff_id": "сотрудник",
    "student_id": "ученик",
    "guardian_id": "родитель",
}


def _check_link(
    session: Session,
    role: Role,
    links: dict[str, uuid.UUID | None],
    account_id: uuid.UUID | None,
) -> None:
    """Exactly one person link, of the kind the role needs (a sysadmin may have none);
    the person exists (staff: still working) and has no other account of this role."""
    present = {key: value for key, value in links.items() if value is not None}
    wanted = _ROLE_LINK[role]
    role_title = ROLE_TITLES_RU[role]
    if set(present) - {wanted}:
        raise ValidationError(
            f"Учётная запись с ролью «{role_title}» связывается только с "
            f"человеком вида «{_LINK_TITLES[wanted]}»."
        )
    person_id = present.get(wanted)
    if person_id is None:
        if role is Role.SYSADMIN:
            return
        raise ValidationError(f"Укажите, кому принадлежит учётная запись ({_LINK_TITLES[wanted]}).")
    if wanted == "staff_id":
        staff = get_or_raise(session, Staff, person_id, "Сотрудник не найден.")
        if not staff.active:
            raise ValidationError("Сотрудник больше не работает в школе.")
    elif wanted == "student_id":
        get_or_raise(session, Student, person_id, "Ученик не найден.")
    else:
        get_or_raise(session, Guardian, person_id, "Родитель не найден.")
    column = getattr(Account, wanted)
    query = select(Account.login).where(column == person_id, Account.role == role.value)
    if account_id is not None:
        query = query.where(Account.id != account_id)
    other = session.execute(query).scalar()
    if other is not None:
        raise ConflictError(
            f"У этого человека уже есть учётная запись с ролью «{role_title}»: {other}."
        )


def create_account(
    session: Session,
    actor: Actor,
    login: str,
    role: Role | str,
    *,
    staff_id: uuid.UUID | None = None,
    student_id: uuid.UUID | None = None,
    guardian_id: uuid.UUID | None = None,
) -> AccountInfo:
    """A new account (status «создана», the password must be changed at first
    sign-in). The key slot with the first password is made by the storage layer."""
    new_role = v.role(role)
    _require_may_manage(actor, new_role)
    login = v.login(login)
    _check_link(
        session,
        new_role,
        {"staff_id": staff_id, "student_id": student_id, "guardian_id": guardian_id},
        None,
    )
    if session.execute(select(Account.id).where(Account.login == login)).first():
        raise ConflictError(f"Логин «{login}» уже занят.")
    account = Account(
        login=login,
        role=new_role.value,
        staff_id=staff_id,
        student_id=student_id,
        guardian_id=guardian_id,
        status=STATUS_CREATED,
        must_change_password=True,
        failed_attempts=0,
        locked_until=None,
        last_login_at=None,
        created_at=actor.now(),
    )
    changelog.save(session, actor, account)
    return account_info(account)


def disable_account(
    session: Session, actor: Actor, account_id: uuid.UUID, *, reason: str | None = None
) -> AccountInfo:
    """Nobody can sign in with a disabled account (the record and its history stay).

    The status alone does not keep the password from unwrapping the data key off-line:
    the GUI and the command line call :func:`database.auth.disable_access`, which also
    removes the key slot and remembered sign-ins; every sign-in removes the slots of
    accounts found disabled (a status that came from another computer)."""
    require_account_manager(actor)
    account = _get_account(session, account_id)
    _require_may_manage(actor, Role(account.role))
    _require_not_self(actor, account, "отключить")
    if account.status != STATUS_DISABLED:
        account.status = STATUS_DISABLED
        changelog.save(session, actor, account, reason=reason)
    return account_info(account)


def enable_account(session: Session, actor: Actor, account_id: uuid.UUID) -> AccountInfo:
    """Enable a disabled account again. Its key slot went with the disabling, so it
    starts afresh: «создана», a new one-time password to be issued and changed at the
    first sign-in (:func:`database.auth.enable_access` issues it). Failed attempts and
    a lock are cleared."""
    require_account_manager(actor)
    account = _get_account(session, account_id)
    _require_may_manage(actor, Role(account.role))
    if account.status == STATUS_DISABLED:
        account.status = STATUS_CREATED
        account.must_change_password = True
    if account.failed_attempts:
        account.failed_attempts = 0
    if account.locked_until is not None:
        account.locked_until = None
    changelog.save(session, actor, account)
    return account_info(account)


def set_role(
    session: Session, actor: Actor, account_id: uuid.UUID, role: Role | str
) -> AccountInfo:
    """Change an account's role; the linked person must suit the new role. Only the
    administration grants or takes away the administration role."""
    new_role = v.role(role)
    require_account_manager(actor)
    account = _get_account(session, account_id)
    _require_may_manage(actor, Role(account.role), new_role)
    _require_not_self(actor, account, "менять роль")
    _check_link(
        session,
        new_role,
        {
            "staff_id": account.staff_id,
            "student_id": account.student_id,
            "guardian_id": account.guardian_id,
        },
        account.id,
    )
    if account.role != new_role.value:
        account.role = new_role.value
        changelog.save(session, actor, account)
    return account_info(account)


def require_password_change(session: Session, actor: Actor, account_id: uuid.UUID) -> AccountInfo:
    """After a password reset: the user must choose a new password at next sign-in."""
    require_account_manager(actor)
    account = _get_account(session, account_id)
    _require_may_manage(actor, Role(account.role))
    if not account.must_change_password:
        account.must_change_password = True
        changelog.save(session, actor, account)
    return account_info(account)


def _require_self_or_admin(actor: Actor, account_id: uuid.UUID) -> None:
    if actor.role is Role.ADMIN or actor.account_id == account_id:
        return
    raise PermissionDenied("Недостаточно прав: это чужая учётная запись.")


def mark_activated(session: Session, actor: Actor, account_id: uuid.UUID) -> AccountInfo:
    """The user changed the first password: the account is «активирована» and no
    longer must change its password."""
    _require_self_or_admin(actor, account_id)
    account = _get_account(session, account_id)
    if account.status == STATUS_DISABLED:
        raise ConflictError("Учётная запись отключена.")
    account.status = STATUS_ACTIVATED
    account.must_change_password = False
    changelog.save(session, actor, account)
    return account_info(account)


# --- sign-in bookkeeping --------------------------------------------------------------


class _HasLock(Protocol):
    @property
    def locked_until(self) -> datetime | None: ...


def is_locked(account: _HasLock, now: datetime | None = None) -> datetime | None:
    """When the lock ends, or ``None`` if the account is not locked now."""
    moment = local_now() if now is None else now
    if account.locked_until is not None and account.locked_until > moment:
        return account.locked_until
    return None


@dataclass(frozen=True)
class LoginOutcome:
    account_id: uuid.UUID
    success: bool
    failed_attempts: int
    locked_until: datetime | None  # set when the account is locked after this attempt
    attempts_left: int  # before the lock (0 when locked)
    last_login_at: datetime | None


def record_login(
    session: Session, actor: Actor, account_id: uuid.UUID, success: bool
) -> LoginOutcome:
    """Record a sign-in attempt (a ``LoginEvent``) and keep the lockout counter.

    A failure counts; when ``settings.lockout_attempts`` failures follow one another
    the account is locked for ``settings.lockout_minutes``. After a lock has run out
    the count starts again. A success clears the count and stamps ``last_login_at``.
    Checking the lock before asking for the password is the sign-in code's job
    (:func:`is_locked`).
    """
    _require_self_or_admin(actor, account_id)
    if not isinstance(success, bool):
        raise ValidationError("Результат входа должен быть «да» или «нет».")
    account = _get_account(session, account_id)
    settings = load_settings(session)
    now = actor.now()
    event = LoginEvent(account_id=account.id, device_id=actor.device_id, at=now, success=success)
    changelog.save(session, actor, event)
    if success:
        account.failed_attempts = 0
        account.locked_until = None
        account.last_login_at = now
    else:
        if account.locked_until is not None and account.locked_until <= now:
            account.failed_attempts = 0  # the lock ran out: a fresh count
            account.locked_until = None
        account.failed_attempts += 1
        if account.failed_attempts >= settings.lockout_attempts and account.locked_until is None:
            account.locked_until = now + timedelta(minutes=settings.lockout_minutes)
    changelog.save(session, actor, account)
    locked = is_locked(account, now)
    return LoginOutcome(
        account_id=account.id,
        success=success,
        failed_attempts=account.failed_attempts,
        locked_until=locked,
        attempts_left=0 if locked else max(settings.lockout_attempts - account.failed_attempts, 0),
        last_login_at=account.last_login_at,
    )


# --- reads ----------------------------------------------------------------------------


def get_account_by_login(session: Session, login: str) -> AccountInfo | None:
    """For the sign-in code: the account of a login (case-insensitive), or None."""
    if not isinstance(login, str):
        return None
    account = session.execute(
        select(Account).where(Account.login == login.strip().lower())
    ).scalar()
    return None if account is None else account_info(account)


# --- login suggestions ----------------------------------------------------------------


# GOST-like practical transliteration (as in Russian passports since 2014, with
# «ъ» dropped): what people expect to see in their logins.
TRANSLIT: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Lowercase Latin for a Russian word; hyphens stay, other characters go."""
    out: list[str] = []
    for char in text.lower():
        if char in TRANSLIT:
            out.append(TRANSLIT[char])
        elif char.isascii() and (char.isalnum() or char == "-"):
            out.append(char)
    return "".join(out)


_PREFIX_RE = re.compile(r"[a-z0-9._\-]*")


def login_base(surname: str, name: str, patronymic: str = "", prefix: str = "") -> str:
    """«smirnova.op» from «Смирнова Ольга Петровна» (``prefix`` «s.» for students, «p.»
    for parents, …), before making it unique."""
    prefix = prefix.strip().lower()
    if not _PREFIX_RE.fullmatch(prefix):
        raise ValidationError("Приставка логина: только латинские буквы, цифры, «.», «_», «-».")
    base_surname = transliterate(surname).strip("-") or "user"
    initials = "".join(transliterate(part)[:1] for part in (name, patronymic) if part)
    tail = f".{initials}" if initials else ""
    room = v.LOGIN_MAX_LENGTH - len(prefix) - len(tail) - 3  # space for a counter
    base = f"{prefix}{base_surname[: max(room, 1)]}{tail}"
    if not base[0].isalpha():
        base = f"u{base}"
    while len(base) < v.LOGIN_MIN_LENGTH:
        base += "x"
    return base


def unique_login(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base`` with 2, 3… appended, whichever is not in ``taken``."""
    if base not in taken:
        return v.login(base)
    counter = 2
    while f"{base}{counter}" in taken:
        counter += 1
    return v.login(f"{base}{counter}")


def suggest_login(
    session: Session, surname: str, name: str, patronymic: str = "", prefix: str = ""
) -> str:
    """:func:`login_base`, with 2, 3… appended when taken. Always a valid, free login."""
    base = login_base(surname, name, patronymic, prefix)
    taken = set(
        session.execute(select(Account.login).where(Account.login.startswith(base))).scalars()
    )
    return unique_login(base, taken)
