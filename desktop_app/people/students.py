"""«Ученики»: every student of the school with the class they are in now; add (and
enrol at once), edit, enrol, leave, transfer to another class and come back — each
with its date and order number — and the card with parents and consents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.errors import ValidationError
from database.queries.people_lists import (
    STATUS_ENROLLED,
    STATUS_LEFT,
    STATUS_NONE,
    ClassRow,
    StudentRow,
    YearRef,
    class_rows,
    student_rows,
    year_ref,
)
from database.services.people import (
    add_student,
    enrol_student,
    leave_student,
    transfer_student,
    update_student,
)
from desktop_app.people.list_page import ListPage, choices, iso_day, ru_day
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.staff import gender_choices
from desktop_app.people.table import Column, SnapshotModel

HEALTH_GROUPS = ("I", "II", "III", "IV", "V")
PE_GROUPS = ("основная", "подготовительная", "специальная", "освобождён")


@dataclass(frozen=True)
class StudentsData:
    year: YearRef | None
    students: list[StudentRow]
    classes: list[ClassRow]


class StudentsPage(ListPage[StudentRow]):
    history_table = "student"

    def __init__(self, signed: SignedIn, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(signed, today, parent)
        self.year: YearRef | None = None
        self.classes: list[ClassRow] = []
        self.card: QWidget | None = None
        # Translated once: the state column is made for every student of the school.
        self._since = self.tr("studies since %1")
        self._left = self.tr("left %1")
        self._not_enrolled = self.tr("not enrolled")
        self.set_hint(self.tr(
            "Every student of the school. Arrival, leaving and transfers are entered with the "
            "date and the order number; a student who left stays in the list (greyed)."))
        self.set_model(SnapshotModel(
            [
                Column(self.tr("Full name"), lambda r: r.full_name, width=230),
                Column(self.tr("Class"), lambda r: r.class_title,
                       sort=lambda r: f"{r.grade_order[0]:02d}{r.grade_order[1]}", width=60),
                Column(self.tr("Born"), lambda r: ru_day(r.birth_date),
                       sort=lambda r: iso_day(r.birth_date), width=85),
                Column(self.tr("Personal file"), lambda r: r.personal_file_no, width=85),
                Column(self.tr("Health, PE"),
                       lambda r: ", ".join(x for x in (r.health_group, r.pe_group) if x),
                       width=150),
                Column(self.tr("State"), self.state_text, sort=lambda r: r.status, width=150),
                Column(self.tr("Order"), lambda r: r.order, width=140),
                Column(self.tr("Parents"), lambda r: str(r.guardians),
                       sort=lambda r: r.guardians, right=True),
            ],
            row_id=lambda r: r.id, muted=lambda r: r.status != STATUS_ENROLLED, parent=self,
        ), sort_column=1)
        self.ui.searchEdit.setPlaceholderText(self.tr("Search by name, class or personal file"))
        self.ui.filterCombo.setVisible(True)
        self.ui.filterCombo.currentIndexChanged.connect(self._filter)
        one = lambda rows: len(rows) == 1  # noqa: E731
        self.add_button("addStudentButton", self.tr("&Add student…"), self.add, accent=True)
        self.add_button("editStudentButton", self.tr("&Edit…"), self.edit, enabled=one)
        self.add_button("enrolButton", self.tr("E&nrol…"), self.enrol,
                        enabled=lambda rows: len(rows) == 1 and rows[0].status == STATUS_NONE)
        self.add_button("leaveButton", self.tr("&Leaves…"), self.leave,
                        enabled=lambda rows: len(rows) == 1 and rows[0].status == STATUS_ENROLLED)
        self.add_button("transferButton", self.tr("&Transfer…"), self.transfer,
                        enabled=lambda rows: len(rows) == 1 and rows[0].status == STATUS_ENROLLED)
        self.add_button("returnButton", self.tr("Comes &back…"), self.enrol,
                        enabled=lambda rows: len(rows) == 1 and rows[0].status == STATUS_LEFT)
        self.add_button("cardButton", self.tr("&Parents and consents…"), self.open_card,
                        enabled=one)

    def state_text(self, row: StudentRow) -> str:
        if row.status == STATUS_ENROLLED:
            return self._since.replace("%1", ru_day(row.since))
        if row.status == STATUS_LEFT:
            return self._left.replace("%1", ru_day(row.since))
        return self._not_enrolled

    # --- data -----------------------------------------------------------------------------

    def load(self, session: Session) -> StudentsData:
        today = self.today()
        return StudentsData(year_ref(session), student_rows(session, self.actor, today),
                            class_rows(session, self.actor, today))

    def show_data(self, data: StudentsData) -> None:
        self.year, self.classes = data.year, data.classes
        combo = self.ui.filterCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Studying now"), f"status:{STATUS_ENROLLED}")
        combo.addItem(self.tr("All students"), "all:")
        combo.addItem(self.tr("Left"), f"status:{STATUS_LEFT}")
        combo.addItem(self.tr("Not enrolled"), f"status:{STATUS_NONE}")
        for c in data.classes:
            combo.addItem(self.tr("Class %1").replace("%1", c.title), f"class:{c.id}")
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        self.model.set_rows(data.students)
        self._filter()

    def show_all(self) -> None:
        self.ui.filterCombo.setCurrentIndex(self.ui.filterCombo.findData("all:"))

    def _filter(self) -> None:
        kind, _, value = str(self.ui.filterCombo.currentData() or "all:").partition(":")
        if kind == "status":
            self.proxy.set_predicate(lambda r: r.status == value)
        elif kind == "class":
            self.proxy.set_predicate(lambda r: str(r.class_id) == value)
        else:
            self.proxy.set_predicate(None)
        self._count()

    def select_id(self, record_id: Any) -> bool:
        if not super().select_id(record_id):
            self.show_all()  # e.g. a student who just left, under «Studying now»
            return super().select_id(record_id)
        return True

    def _class_items(self, exclude: Any = None) -> list[tuple[str, Any]]:
        return [(c.title, c.id) for c in self.classes if c.id != exclude]

    def _require_year(self) -> YearRef:
        if self.year is None:
            raise ValidationError("Сначала создайте учебный год и его классы.")
        return self.year

    def _start_day(self) -> date:
        """Today, or the first day of the year when it has not begun yet."""
        today = self.today()
        if self.year is not None and today < self.year.start_date:
            return self.year.start_date
        return today

    # --- dialogs --------------------------------------------------------------------------

    def _person_fields(self, dialog: RecordDialog, row: StudentRow | None) -> None:
        dialog.line("surname", self.tr("Surname:"), row.surname if row else "")
        dialog.line("name", self.tr("Name:"), row.name if row else "")
        dialog.line("patronymic", self.tr("Patronymic:"), row.patronymic if row else "")
        dialog.combo("gender", self.tr("Gender:"), gender_choices(), row.gender if row else "")
        dialog.date("birth_date", self.tr("Born:"), row.birth_date if row else None,
                    optional=True)
        dialog.line("personal_file_no", self.tr("Personal file №:"),
                    row.personal_file_no if row else "")
        dialog.combo("health_group", self.tr("Health group:"),
                     choices([(g, g) for g in HEALTH_GROUPS], none="—"),
                     row.health_group if row else None)
        dialog.line("pe_group", self.tr("PE group:"), row.pe_group if row else "",
                    completions=PE_GROUPS)
        dialog.line("address", self.tr("Address:"), row.address if row else "")

    @staticmethod
    def _person_values(v: dict[str, Any]) -> dict[str, Any]:
        return {
            "gender": v["gender"] or "", "birth_date": v["birth_date"],
            "personal_file_no": v["personal_file_no"], "health_group": v["health_group"] or "",
            "pe_group": v["pe_group"], "address": v["address"],
        }

    def add(self) -> None:
        actor = self.actor
        dialog = RecordDialog(self.tr("New student"), self, hint=self.tr(
            "Choose a class to enrol the student at once (by the order of enrolment)."))
        self._person_fields(dialog, None)
        dialog.combo("class_id", self.tr("Enrol in class:"),
                     choices(self._class_items(), none=self.tr("— do not enrol now —")))
        dialog.date("start_date", self.tr("Enrolled from:"), self._start_day())
        dialog.line("order", self.tr("Order:"), placeholder=self.tr("e.g. «№ 45-у от 01.09.2026»"))

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            person = self._person_values(v)

            def run(s: Session) -> Any:
                info = add_student(s, actor, v["surname"], v["name"], v["patronymic"], **person)
                if v["class_id"] is not None:
                    enrol_student(s, actor, info.id, v["class_id"], v["start_date"], v["order"])
                return info

            return run

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = RecordDialog(row.full_name, self)
        self._person_fields(dialog, row)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            person = self._person_values(v)
            return lambda s: update_student(s, actor, row.id, surname=v["surname"],
                                            name=v["name"], patronymic=v["patronymic"], **person)

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def enrol(self) -> None:
        """Enrol a new student, or bring back one who left."""
        row = self.current()
        if row is None:
            return
        actor = self.actor
        back = row.status == STATUS_LEFT
        title = (self.tr("%1 comes back") if back else self.tr("Enrol %1")).replace(
            "%1", row.full_name)
        dialog = RecordDialog(title, self)
        dialog.combo("class_id", self.tr("Class:"), self._class_items())
        start = self._start_day()
        if back and row.since is not None and row.since >= start:
            start = row.since + timedelta(days=1)
        dialog.date("start_date", self.tr("From:"), start)
        dialog.line("order", self.tr("Order:"), placeholder=self.tr("e.g. «№ 45-у от 01.09.2026»"))

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            if v["class_id"] is None:
                raise ValidationError("Выберите класс.")
            return lambda s: enrol_student(s, actor, row.id, v["class_id"], v["start_date"],
                                           v["order"])

        dialog.submit(build, lambda _: self.refresh(select=row.id))
        self.open_dialog(dialog)

    def leave(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = RecordDialog(self.tr("%1 leaves %2").replace("%1", row.full_name).replace(
            "%2", row.class_title), self, hint=self.tr(
            "The last day in the class; from the next day the student is not in its journals."))
        dialog.date("end_date", self.tr("Last day:"), self.today())
        dialog.line("order", self.tr("Order:"), placeholder=self.tr("e.g. «№ 77-у от 10.11.2026»"))
        dialog.line("reason", self.tr("Reason:"),
                    completions=("переезд", "перевод в другую школу", "по заявлению родителей"))

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: leave_student(s, actor, student_id=row.id, end_date=v["end_date"],
                                           order=v["order"], reason=v["reason"])

        dialog.submit(build, lambda _: self.refresh(select=row.id))
        self.open_dialog(dialog)

    def transfer(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = RecordDialog(self.tr("Transfer %1").replace("%1", row.full_name), self,
                              hint=self.tr(
            "The student leaves %1 after the last day and is in the new class from the next "
            "day, by the same order.").replace("%1", row.class_title))
        dialog.combo("class_id", self.tr("To class:"), self._class_items(exclude=row.class_id))
        dialog.date("last_day", self.tr("Last day in %1:").replace("%1", row.class_title),
                    self.today())
        dialog.line("order", self.tr("Order:"), placeholder=self.tr("e.g. «№ 80-у от 15.11.2026»"))

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            if v["class_id"] is None:
                raise ValidationError("Выберите класс, в который переводится ученик.")
            return lambda s: transfer_student(s, actor, row.id, v["class_id"], v["last_day"],
                                              v["order"])

        dialog.submit(build, lambda _: self.refresh(select=row.id))
        self.open_dialog(dialog)

    def open_card(self) -> None:
        row = self.current()
        if row is None:
            return
        from desktop_app.people.student_card import StudentCardWindow

        if self.card is not None:
            self.card.close()
        card = StudentCardWindow(self.signed, row, self.today, self)
        card.changed.connect(lambda: self.refresh(select=row.id))
        self.card = card
        card.show()
