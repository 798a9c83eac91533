"""Remember-me through the OS keyring (Windows Credential Manager, macOS Keychain,
Secret Service).

What is stored is a *device token*, never the password: see :mod:`database.auth` for
the design (the token wraps the data key in a slot of its own; forgetting deletes
that slot, so a copy left in the keyring opens nothing). The login itself is kept in
QSettings so the next start knows whom to sign in.

The keyring may be missing (no Secret Service on a bare Linux desktop), locked or
broken. Every failure here becomes :class:`KeyringUnavailable`, which the GUI turns
into a warning and a normal password sign-in — never a crash.
"""

from __future__ import annotations

import logging

from database.paths import SchoolPaths
from desktop_app import preferences

log = logging.getLogger("school_journal.remember")

SERVICE_PREFIX = "School Journal"


class KeyringUnavailable(Exception):
    """The OS keyring could not be used; carries no secret."""


def service_name(paths: SchoolPaths) -> str:
    # One entry per school folder, so two schools on one computer do not collide.
    return f"{SERVICE_PREFIX} ({paths.root})"


def store_token(paths: SchoolPaths, login: str, token: str) -> None:
    import keyring  # imported when needed: it takes a while to load

    try:
        keyring.set_password(service_name(paths), login, token)
    except Exception as exc:  # any backend failure: fall back to passwords
        log.warning("keyring: cannot store a token (%s)", type(exc).__name__)
        raise KeyringUnavailable(type(exc).__name__) from None
    preferences.set_remembered_login(paths, login)


def load_token(paths: SchoolPaths) -> tuple[str, str] | None:
    """``(login, token)`` remembered for this school, or None."""
    login = preferences.remembered_login(paths)
    if not login:
        return None
    import keyring

    try:
        token = keyring.get_password(service_name(paths), login)
    except Exception as exc:
        log.warning("keyring: cannot read a token (%s)", type(exc).__name__)
        raise KeyringUnavailable(type(exc).__name__) from None
    if not token:
        return None
    return login, token


def delete_token(paths: SchoolPaths, login: str) -> None:
    """Forget the keyring entry (the caller also deletes the token slot, which is
    what really revokes it). Never raises."""
    if preferences.remembered_login(paths) == login:
        preferences.set_remembered_login(paths, None)
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(service_name(paths), login)
    except keyring.errors.PasswordDeleteError:
        pass
    except Exception as exc:
        log.warning("keyring: cannot delete a token (%s)", type(exc).__name__)
