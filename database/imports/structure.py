"""The school's current year, classes and groups as the importers see them: read once,
and classes or groups a file names that do not exist yet are created only when the
import is written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import validation as v
from database.actor import Actor
from database.display_names import class_title
from database.errors import ValidationError
from database.imports.values import fold
from database.models import AcademicYear, ClassGroup, SchoolClass
from database.services.bulk import bulk_insert_logged

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

    def write_new(self, session: Session, actor: Actor) -> None:
        """Create every class and group the plan wants, in bulk (a large school's
        110 classes and 220 groups one service call at a time take seconds). Their
        values were checked by the same validators the services use when planned,
        and the snapshot guarantees none exists yet."""
        classes = sorted(self.new_classes - self.classes.keys())
        ids = bulk_insert_logged(session, actor, SchoolClass, [
            {"year_id": self.year_id, "grade": grade, "letter": letter, "room": ""}
            for grade, letter in classes
        ])
        for key, class_id in zip(classes, ids, strict=True):
            self.classes[key] = class_id
            self.class_keys[class_id] = key
        groups = sorted(g for g in self.new_groups if g not in self.groups)
        ids = bulk_insert_logged(session, actor, ClassGroup, [
            {"class_id": self.classes[(g[0], g[1])], "name": self.new_groups[g]}
            for g in groups
        ])
        for group_key, group_id in zip(groups, ids, strict=True):
            self.groups[group_key] = (group_id, self.new_groups[group_key])

    def class_id(self, key: ClassKey) -> uuid.UUID:
        """A class's id (after :meth:`write_new`)."""
        return self.classes[key]

    def group_id(self, key: GroupKey) -> uuid.UUID:
        """A group's id (after :meth:`write_new`)."""
        return self.groups[key][0]

    def within_year(self, day: date) -> date:
        return min(max(day, self.year_start), self.year_end)
