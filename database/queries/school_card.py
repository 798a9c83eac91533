"""The school card and rules as the administration edits them: the school's names
and every setting's current value (stored, or the default)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from database.actor import Actor
from database.permissions import require_admin
from database.services.school import SchoolInfo, get_school
from database.settings import raw_settings


@dataclass(frozen=True)
class SchoolCard:
    school: SchoolInfo | None
    settings: dict[str, Any]


def school_card(session: Session, actor: Actor) -> SchoolCard:
    require_admin(actor, "изменение сведений о школе")
    return SchoolCard(get_school(session), raw_settings(session))
