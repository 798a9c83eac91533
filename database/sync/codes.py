"""One-time enrolment codes and the answers to refused requests (see
:mod:`database.sync.enrol`): a code is valid for :data:`CODE_VALID_HOURS`, kept a week
longer so a late request is answered «expired» rather than «wrong»; the codes live in
``local_meta`` of the administration workstation only."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from database.sync.config import META_ENROL_CODES, get_meta, set_meta
from database.sync.share import ShareLayout, SharePath

# How long a one-time code may be typed on the new computer; an expired code is kept
# a week longer, so a request made with it is answered «expired», not «wrong».
CODE_VALID_HOURS = 24
EXPIRED_KEPT_MS = 7 * 24 * 3600 * 1000

# Answers the administration leaves for a refused request (``enrol/<device>.ans``,
# signed by the root key), so the new computer can say why instead of waiting.
REFUSED_WRONG = "wrong"
REFUSED_EXPIRED = "expired"


@dataclass(frozen=True)
class EnrolmentCode:
    """A one-time code issued and not used yet."""

    code: str
    name: str
    kind: str
    expires_ms: int | None  # None: issued before codes had a validity (never expires)

    def expired(self, now_ms: int) -> bool:
        return self.expires_ms is not None and now_ms > self.expires_ms


def now_ms() -> int:
    return int(time.time() * 1000)


def codes_of(session: Session) -> dict[str, dict[str, Any]]:
    return dict(json.loads(get_meta(session, META_ENROL_CODES) or "{}"))


def pending_codes(session: Session) -> list[EnrolmentCode]:
    """The codes issued at this workstation and not used yet (expired ones too, for a
    week: the list says so)."""
    return [
        EnrolmentCode(code, str(v["name"]), str(v["kind"]),
                      None if v.get("expires") is None else int(v["expires"]))
        for code, v in sorted(codes_of(session).items(), key=lambda c: str(c[1]["name"]))
    ]


def withdraw_code(session: Session, code: str) -> None:
    """Cancel a code not used yet (a request made with it is then answered «wrong»)."""
    codes = codes_of(session)
    codes.pop(code, None)
    set_meta(session, {META_ENROL_CODES: json.dumps(codes, ensure_ascii=False)})


def answer_path(layout: ShareLayout, device_id: uuid.UUID | str) -> SharePath:
    return layout.enrol_dir / f"{uuid.UUID(str(device_id)).hex}.ans"


__all__ = ["CODE_VALID_HOURS", "EXPIRED_KEPT_MS", "REFUSED_EXPIRED", "REFUSED_WRONG",
           "EnrolmentCode", "answer_path", "codes_of", "now_ms", "pending_codes",
           "withdraw_code"]
