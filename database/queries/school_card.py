"""The school's names (``get_school``: anyone may read them) and the school card and
rules as the administration edits them: the names and every setting's current value
(stored, or the default). Changing them is ``database.services.school``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.actor import Actor
from database.models import School
from database.permissions import require_admin
from database.settings import raw_settings


@dataclass(frozen=True)
class SchoolInfo:
    id: uuid.UUID
    full_name: str
    short_name: str
    director_name: str
    address: str


def school_info_of(school: School) -> SchoolInfo:
    return SchoolInfo(
        id=school.id,
        full_name=school.full_name,
        short_name=school.short_name,
        director_name=school.director_name,
        address=school.address,
    )


def get_school(session: Session) -> SchoolInfo | None:
    """The school's names (anyone may read them: they are printed on every page)."""
    school = session.execute(select(School).limit(1)).scalar()
    return None if school is None else school_info_of(school)


@dataclass(frozen=True)
class SchoolCard:
    school: SchoolInfo | None
    settings: dict[str, Any]


def school_card(session: Session, actor: Actor) -> SchoolCard:
    require_admin(actor, "изменение сведений о школе")
    return SchoolCard(get_school(session), raw_settings(session))
