"""The school's current year, classes and groups as the importers see them: read once,
and classes or groups a file names that do not exist yet are created (through the
services) only when the import is written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import validation as v
from database.actor import Actor
from database.errors import ValidationError
from database.imports.values import class_title, fold
from database.models import AcademicYear, ClassGroup, SchoolClass
from database.services.classes import create_class, create_group

ClassKey = tuple[int, str]  # (grade, letter)
GroupKey = tuple[int, str, str]  # (grade, letter, folded group name)

NO_YEAR = (
    "В школе нет текущего учебного года: сначала создайте его (раздел «Школа»), "
    "затем повторите импорт."
)


@dataclass
class Structure:
    year_id: uuid.UUID
    year_name: str
    year_start: date
    year_end: date
    classes: dict[ClassKey, uuid.UUID]
    groups: dict[GroupKey, tuple[uuid.UUID, str]]  # → (id, name as stored)
    class_keys: dict[uuid.UUID, ClassKey] = field(default_factory=dict)
    new_classes: set[ClassKey] = field(default_factory=set)
    new_groups: dict[GroupKey, str] = field(default_factory=dict)  # → name as in the file

    @classmethod
    def load(cls, session: Session) -> Structure:
        year = session.execute(
            select(AcademicYear).where(AcademicYear.is_current.is_(True))
        ).scalars().first()
        if year is None:
            raise ValidationError(NO_YEAR)
        classes = {
            (grade, letter): class_id
            for class_id, grade, letter in session.execute(
                select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(
                    SchoolClass.year_id == year.id
                )
            )
        }
        keys = {class_id: key for key, class_id in classes.items()}
        groups: dict[GroupKey, tuple[uuid.UUID, str]] = {}
        for group_id, class_id, name in session.execute(
            select(ClassGroup.id, ClassGroup.class_id, ClassGroup.name)
        ):
            if class_id in keys:
                grade, letter = keys[class_id]
                groups[(grade, letter, fold(name))] = (group_id, name)
        return cls(year.id, year.name, year.start_date, year.end_date, classes, groups, keys)

    # --- planning (nothing written) ---------------------------------------------------------

    def want_class(self, key: ClassKey) -> None:
        if key not in self.classes:
            self.new_classes.add(key)

    def want_group(self, key: ClassKey, name: str) -> GroupKey:
        cleaned = v.text(name, "Название группы", max_length=100, required=True)
        group_key = (key[0], key[1], fold(cleaned))
        self.want_class(key)
        if group_key not in self.groups:
            self.new_groups.setdefault(group_key, cleaned)
        return group_key

    def group_name(self, key: GroupKey) -> str:
        known = self.groups.get(key)
        return known[1] if known is not None else self.new_groups[key]

    def created(self) -> tuple[str, ...]:
        """What the import creates besides its rows, for the preview."""
        texts = [f"класс {class_title(*key)}" for key in sorted(self.new_classes)]
        texts += [
            f"группа «{name}» ({class_title(key[0], key[1])})"
            for key, name in sorted(self.new_groups.items())
        ]
        return tuple(texts)

    # --- writing -------------------------------------------------------------------------------

    def class_id(self, session: Session, actor: Actor, key: ClassKey) -> uuid.UUID:
        known = self.classes.get(key)
        if known is None:
            known = create_class(session, actor, self.year_id, key[0], key[1]).id
            self.classes[key] = known
            self.class_keys[known] = key
        return known

    def group_id(self, session: Session, actor: Actor, key: GroupKey) -> uuid.UUID:
        known = self.groups.get(key)
        if known is None:
            class_id = self.class_id(session, actor, (key[0], key[1]))
            info = create_group(session, actor, class_id, self.new_groups[key])
            known = (info.id, info.name)
            self.groups[key] = known
        return known[0]

    def within_year(self, day: date) -> date:
        return min(max(day, self.year_start), self.year_end)
