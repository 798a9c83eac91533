"""Parents (legal representatives) linked to students, one row per parent and child.

The student is found by personal-file number, otherwise by full name and birth date,
otherwise by full name (and class, if given) when only one student has it. The
parent is the one the school has with the same full name and phone (so brothers and
sisters share a parent), or — without a phone — the same-named parent already linked
to that student; otherwise a new parent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from database import changelog, display_names
from database import validation as v
from database.actor import Actor
from database.ids import new_id
from database.imports.common import (
    FIELD_TITLES,
    Plan,
    RowCells,
    better_name,
    changed_fields,
    every,
    name_key,
    optional_text,
    read_name,
)
from database.imports.outcome import RowOutcome, Status
from database.imports.table import Progress, Table
from database.imports.values import (
    a_date,
    class_of,
    fold,
    gender,
    phone_key,
    split_full_name,
)
from database.models import (
    AcademicYear,
    Consent,
    Enrolment,
    Guardian,
    SchoolClass,
    Student,
    StudentGuardian,
)
from database.permissions import CONSENT_KIND_PERSONAL_DATA
from database.services.bulk import bulk_insert_logged
from database.services.people import update_guardian
from database.services.people_rules import clean_guardian

_NAMES = ("surname", "name", "patronymic")


@dataclass
class _Guardian:
    id: uuid.UUID
    fields: dict[str, Any]
    new: bool = False
    first_row: int = 0  # for a new parent: the row that introduces them
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Student:
    id: uuid.UUID
    title: str
    file_no: str
    birth_date: date | None
    class_key: tuple[int, str] | None


class ParentsImport:
    def __init__(self, session: Session, actor: Actor, table: Table) -> None:
        self.session = session
        self.actor = actor
        self.table = table
        self._load_students(session)
        self.guardians: dict[uuid.UUID, _Guardian] = {}
        self.by_name_phone: dict[tuple[str, str], _Guardian] = {}
        for row in session.execute(select(Guardian.id, Guardian.surname, Guardian.name,
                                          Guardian.patronymic, Guardian.gender,
                                          Guardian.phone)):
            person = _Guardian(row[0], dict(zip((*_NAMES, "gender", "phone"), row[1:],
                                                strict=True)))
            self._remember(person)
        self.links: dict[tuple[uuid.UUID, uuid.UUID], tuple[uuid.UUID, str]] = {
            (student_id, guardian_id): (link_id, relation)
            for link_id, student_id, guardian_id, relation in session.execute(
                select(StudentGuardian.id, StudentGuardian.student_id,
                       StudentGuardian.guardian_id, StudentGuardian.relation)
            )
        }
        self.linked: dict[uuid.UUID, list[uuid.UUID]] = {}
        for student_id, guardian_id in self.links:
            self.linked.setdefault(student_id, []).append(guardian_id)
        self.new_links: list[dict[str, Any]] = []
        self.today = actor.now().date()
        self.consented: set[uuid.UUID] = set(session.execute(
            select(Consent.guardian_id).where(Consent.kind == CONSENT_KIND_PERSONAL_DATA,
                                              Consent.withdrawn_on.is_(None))
        ).scalars())
        self.new_consents: list[dict[str, Any]] = []
        self.relation_changes: list[tuple[uuid.UUID, str]] = []

    def _load_students(self, session: Session) -> None:
        current = session.execute(
            select(Enrolment.student_id, SchoolClass.grade, SchoolClass.letter)
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
            .where(Enrolment.end_date.is_(None), AcademicYear.is_current.is_(True))
        )
        classes = {student_id: (grade, letter) for student_id, grade, letter in current}
        self.by_file_no: dict[str, _Student] = {}
        self.by_name: dict[str, list[_Student]] = {}
        for sid, surname, name, patronymic, born, file_no in session.execute(
            select(Student.id, Student.surname, Student.name, Student.patronymic,
                   Student.birth_date, Student.personal_file_no)
        ):
            student = _Student(sid, display_names.full_name(surname, name, patronymic),
                               file_no, born, classes.get(sid))
            if file_no:
                self.by_file_no[file_no] = student
            self.by_name.setdefault(name_key(surname, name, patronymic), []).append(student)

    def _remember(self, person: _Guardian) -> None:
        self.guardians[person.id] = person
        phone = phone_key(person.fields["phone"])
        if phone:
            self.by_name_phone.setdefault((self._key(person.fields), phone), person)

    @staticmethod
    def _key(fields: dict[str, Any]) -> str:
        return name_key(fields["surname"], fields["name"], fields["patronymic"])

    # --- one row ---------------------------------------------------------------------------------

    def _student(self, cells: RowCells) -> _Student | None:
        file_no = cells.text("student_file_no")
        if file_no:
            found = self.by_file_no.get(file_no)
            if found is None:
                cells.refuse("student_file_no", f"Ученика с личным делом № {file_no} нет: "
                             "сначала импортируйте учеников.")
            return found
        parts = cells.check("student", lambda: split_full_name(cells.text("student")))
        if parts is None:
            return None
        candidates = self.by_name.get(fold(display_names.full_name(*parts)), [])
        born = cells.check("student_birth_date", lambda: a_date(
            cells.raw("student_birth_date"), "Дата рождения ученика"))
        if born is not None:
            candidates = [s for s in candidates if s.birth_date == born]
        if cells.text("student_class"):
            key = cells.check("student_class", lambda: class_of(cells.raw("student_class")))
            if key is not None:
                candidates = [s for s in candidates if s.class_key == key]
        if cells.problems:
            return None
        if not candidates:
            cells.refuse("student", f"Ученика «{cells.text('student')}» в школе нет: проверьте "
                         "ФИО, дату рождения и класс или сначала импортируйте учеников.")
            return None
        if len(candidates) > 1:
            cells.refuse("student", f"Учеников «{cells.text('student')}» несколько: укажите "
                         "дату рождения, класс или № личного дела.")
            return None
        return candidates[0]

    def _guardian_fields(self, cells: RowCells) -> dict[str, Any] | None:
        parts = read_name(cells)
        if parts is None:
            return None
        fields: dict[str, Any] = dict(zip(_NAMES, parts, strict=True))
        sex = cells.check("gender", lambda: gender(cells.raw("gender"), parts[2]))
        if sex:
            fields["gender"] = sex
        phone = cells.check("phone", lambda: clean_guardian({"phone": cells.text("phone")}))
        if phone is not None and phone["phone"]:
            fields["phone"] = phone["phone"]
        return None if cells.problems else fields

    def _consent(self, cells: RowCells) -> tuple[date, str] | None:
        """The consent (152-ФЗ) the row registers: its date and paper, or None."""
        granted = cells.check("consent_date", a_date, cells.raw("consent_date"),
                              "Дата согласия")
        if granted is None:
            if cells.text("consent_document"):
                cells.refuse("consent_document", "Указан документ согласия, но не его дата.")
            return None
        cells.check("consent_date", _not_in_future, granted, self.today)
        document = cells.check("consent_document", v.document_ref,
                               cells.text("consent_document"), "Документ согласия")
        return None if document is None else (granted, document)

    def _find(self, fields: dict[str, Any], student: _Student) -> _Guardian | None:
        key = self._key(fields)
        phone = phone_key(fields.get("phone", ""))
        if phone:
            found = self.by_name_phone.get((key, phone))
            if found is not None:
                return found
        for guardian_id in self.linked.get(student.id, []):
            person = self.guardians[guardian_id]
            if self._key(person.fields) == key:
                return person
        return None

    def plan(self, report: Progress) -> Plan:
        plan = Plan()
        seen: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        rows = self.table.rows
        for index, source in enumerate(rows):
            every(len(rows), report, "Проверка строк", index, 0.1, 0.6)
            cells = RowCells(self.table, source)
            fields = self._guardian_fields(cells)
            student = self._student(cells)
            relation = optional_text(cells, "relation", "Кем приходится", 40)
            consent = self._consent(cells)
            who = (display_names.full_name(*(fields[k] for k in _NAMES)) if fields
                   else cells.text("full_name") or " ".join(
                       cells.text(k) for k in _NAMES if cells.text(k)))
            if student is not None:
                who += f" → {student.title}"
            if fields is None or student is None or cells.problems:
                plan.outcomes.append(cells.error(who))
                continue
            person = self._find(fields, student)
            described: list[str] = []
            if person is None:
                person = _Guardian(new_id(), fields, new=True, first_row=source.number)
                self._remember(person)
            elif person.new:
                pass  # a brother's or sister's row earlier in this file
            else:
                stored = person.fields
                wanted = dict(fields)
                for k in _NAMES:
                    wanted[k] = better_name(stored[k], wanted[k])
                if phone_key(wanted.get("phone", "")) == phone_key(stored["phone"]):
                    wanted["phone"] = stored["phone"]  # the same number, written otherwise
                fresh = changed_fields(stored, wanted)
                fresh = {k: value for k, value in fresh.items() if k not in person.changes}
                person.changes.update(fresh)
                described += [FIELD_TITLES[k] for k in fresh]
            pair = (student.id, person.id)
            if pair in seen:
                cells.refuse("student", f"Этот родитель и ученик уже есть в строке {seen[pair]}.")
                plan.outcomes.append(cells.error(who))
                continue
            seen[pair] = source.number
            link = self.links.get(pair)
            if link is None:
                self.new_links.append({"student_id": student.id, "guardian_id": person.id,
                                       "relation": relation or ""})
                if not person.new:
                    described.append("связь с учеником")
            elif relation is not None and relation != link[1]:
                self.relation_changes.append((link[0], relation))
                described.append(FIELD_TITLES["relation"])
            if consent is not None and person.id not in self.consented:
                self.consented.add(person.id)
                self.new_consents.append({
                    "guardian_id": person.id, "kind": CONSENT_KIND_PERSONAL_DATA,
                    "granted_on": consent[0], "withdrawn_on": None, "document_ref": consent[1],
                })
                described.append("согласие на обработку ПД")
            if person.new:
                detail = ", ".join(part for part in (relation or "", *described) if part)
                if person.first_row != source.number:
                    detail = f"тот же родитель, что в строке {person.first_row}"
                plan.outcomes.append(RowOutcome(source.number, Status.NEW, who, detail))
            elif described:
                plan.outcomes.append(RowOutcome(source.number, Status.UPDATED, who,
                                                ", ".join(described)))
            else:
                plan.outcomes.append(RowOutcome(source.number, Status.UNCHANGED, who, ""))
        plan.write = self.write
        return plan

    # --- writing -------------------------------------------------------------------------------

    def write(self, session: Session, actor: Actor, report: Progress) -> None:
        report("Запись родителей", 0.75)
        new = [{"id": p.id, **p.fields} for p in self.guardians.values() if p.new]
        for person in self.guardians.values():
            if person.changes:
                update_guardian(session, actor, person.id, **person.changes)
        for link_id, relation in self.relation_changes:
            link = session.get(StudentGuardian, link_id)
            if link is not None:
                link.relation = relation
                changelog.save(session, actor, link)
        bulk_insert_logged(session, actor, Guardian, new)
        report("Связи с учениками", 0.9)
        bulk_insert_logged(session, actor, StudentGuardian, self.new_links)
        bulk_insert_logged(session, actor, Consent, self.new_consents)
        session.expire_all()


def _not_in_future(day: date, today: date) -> date:
    return v.not_in_future(day, today, label="Дата согласия")


def plan_parents(session: Session, actor: Actor, table: Table, report: Progress) -> Plan:
    return ParentsImport(session, actor, table).plan(report)
