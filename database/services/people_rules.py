"""The rules a person's fields must keep (names, gender, a student's birth date and
personal-file number, a staff position, a parent's phone): one place for the people
services and the spreadsheet importers, which check each cell by them before any
service call so a preview can name the bad cell. Each ``clean_*`` validates just the
fields present in ``changes`` and returns them cleaned; it raises ``ValidationError``
(or ``ConflictError`` for a personal-file number another student has)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import validation as v
from database.actor import Actor
from database.errors import ConflictError, ValidationError
from database.models import Student
from database.validation import NamePart


def clean_person(changes: dict[str, Any], *, gender_required: bool) -> dict[str, Any]:
    """Validate the name parts and gender among ``changes`` (only those present)."""
    cleaned = dict(changes)
    if "surname" in cleaned:
        cleaned["surname"] = v.person_name_part(cleaned["surname"], NamePart.SURNAME)
    if "name" in cleaned:
        cleaned["name"] = v.person_name_part(cleaned["name"], NamePart.NAME)
    if "patronymic" in cleaned:
        cleaned["patronymic"] = v.person_name_part(cleaned["patronymic"], NamePart.PATRONYMIC)
    if "gender" in cleaned:
        cleaned["gender"] = v.gender(cleaned["gender"], required=gender_required)
    return cleaned


def clean_staff(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_person(changes, gender_required=False)
    if "position" in cleaned:
        cleaned["position"] = v.text(cleaned["position"], "Должность", max_length=200)
    return cleaned


MIN_STUDENT_AGE: Final = 4
MAX_STUDENT_AGE: Final = 30


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def clean_student(
    session: Session, actor: Actor, changes: dict[str, Any], student_id: uuid.UUID | None
) -> dict[str, Any]:
    cleaned = clean_person(changes, gender_required=True)
    if "birth_date" in cleaned and cleaned["birth_date"] is not None:
        born = v.a_date(cleaned["birth_date"], "Дата рождения")
        today = actor.now().date()
        v.not_in_future(born, today, label="Дата рождения")
        if born > _years_before(today, MIN_STUDENT_AGE):
            raise ValidationError(
                f"Дата рождения ({v.ru_date(born)}): ученику должно быть не меньше "
                f"{MIN_STUDENT_AGE} лет."
            )
        if born < _years_before(today, MAX_STUDENT_AGE):
            raise ValidationError(
                f"Дата рождения ({v.ru_date(born)}): проверьте год — ученику больше "
                f"{MAX_STUDENT_AGE} лет."
            )
    if "personal_file_no" in cleaned:
        number = v.text(cleaned["personal_file_no"], "Номер личного дела", max_length=40)
        cleaned["personal_file_no"] = number
        if number:
            query = select(Student.id).where(Student.personal_file_no == number)
            if student_id is not None:
                query = query.where(Student.id != student_id)
            if session.execute(query).first():
                raise ConflictError(f"Личное дело № {number} уже есть у другого ученика.")
    if "health_group" in cleaned:
        cleaned["health_group"] = v.health_group(cleaned["health_group"])
    if "pe_group" in cleaned:
        cleaned["pe_group"] = v.text(cleaned["pe_group"], "Группа по физкультуре", max_length=30)
    if "address" in cleaned:
        cleaned["address"] = v.text(cleaned["address"], "Адрес", max_length=500)
    return cleaned


def clean_guardian(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_person(changes, gender_required=False)
    if "phone" in cleaned:
        cleaned["phone"] = v.phone(cleaned["phone"])
    return cleaned
