"""«Сотрудники»: staff with their position, class and teaching load; add, edit,
deactivate (a member who left: their accounts are disabled) and reactivate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.queries.people_lists import StaffRow, staff_rows
from database.services.people import (
    add_staff,
    deactivate_staff,
    reactivate_staff,
    update_staff,
)
from desktop_app import messages, numbers
from desktop_app.people.list_page import ListPage
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.table import Column, SnapshotModel
from desktop_app.worker import DbOp

# Positions a school types most; free text is allowed.
POSITIONS = (
    "директор",
    "заместитель директора по УВР",
    "заместитель директора по ВР",
    "учитель",
    "учитель начальных классов",
    "учитель русского языка и литературы",
    "учитель математики",
    "учитель информатики",
    "учитель физики",
    "учитель химии",
    "учитель биологии",
    "учитель истории и обществознания",
    "учитель географии",
    "учитель английского языка",
    "учитель физической культуры",
    "учитель музыки",
    "учитель ИЗО",
    "учитель технологии",
    "педагог-психолог",
    "социальный педагог",
    "педагог-организатор",
    "библиотекарь",
    "системный администратор",
)


def gender_choices() -> list[tuple[str, str]]:
    return [
        ("—", ""),
        (QCoreApplication.translate("People", "male"), "m"),
        (QCoreApplication.translate("People", "female"), "f"),
    ]


def hours_text(hours: float) -> str:
    return numbers.compact(hours) if hours else ""


class StaffPage(ListPage[StaffRow]):
    history_table = "staff"

    def __init__(
        self, signed: SignedIn, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(signed, today, parent)
        self.set_hint(
            self.tr(
                "Everyone who works at the school. A staff member who left is deactivated, not "
                "deleted: their journals keep their name, and their accounts are disabled."
            )
        )
        self.set_model(
            SnapshotModel(
                [
                    Column(self.tr("Full name"), lambda r: r.full_name, width=260),
                    Column(self.tr("Position"), lambda r: r.position, width=240),
                    Column(self.tr("Class teacher of"), lambda r: r.led_class, width=130),
                    Column(
                        self.tr("Hours a week"),
                        lambda r: hours_text(r.hours),
                        sort=lambda r: r.hours,
                        right=True,
                        width=100,
                    ),
                    Column(self.tr("Login"), lambda r: r.login, width=130),
                    Column(
                        self.tr("State"),
                        lambda r: self.tr("works") if r.active else self.tr("left"),
                    ),
                ],
                row_id=lambda r: r.id,
                muted=lambda r: not r.active,
                parent=self,
            )
        )
        self.ui.searchEdit.setPlaceholderText(self.tr("Search by name, position or login"))
        self.add_button("addStaffButton", self.tr("&Add staff member…"), self.add, accent=True)
        self.add_button(
            "editStaffButton", self.tr("&Edit…"), self.edit, enabled=lambda rows: len(rows) == 1
        )
        self.add_button(
            "deactivateStaffButton",
            self.tr("&Left the school…"),
            self.deactivate,
            enabled=lambda rows: len(rows) == 1 and rows[0].active,
        )
        self.add_button(
            "reactivateStaffButton",
            self.tr("&Works again"),
            self.reactivate,
            enabled=lambda rows: len(rows) == 1 and not rows[0].active,
        )

    def load(self, session: Session) -> list[StaffRow]:
        return staff_rows(session, self.actor)

    def show_data(self, data: list[StaffRow]) -> None:
        self.model.set_rows(data)

    def _dialog(self, title: str, row: StaffRow | None) -> RecordDialog:
        dialog = RecordDialog(title, self)
        dialog.line("surname", self.tr("Surname:"), row.surname if row else "")
        dialog.line("name", self.tr("Name:"), row.name if row else "")
        dialog.line("patronymic", self.tr("Patronymic:"), row.patronymic if row else "")
        dialog.combo("gender", self.tr("Gender:"), gender_choices(), row.gender if row else "")
        dialog.line(
            "position", self.tr("Position:"), row.position if row else "", completions=POSITIONS
        )
        return dialog

    def add(self) -> None:
        actor = self.actor
        dialog = self._dialog(self.tr("New staff member"), None)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: add_staff(
                s,
                actor,
                v["surname"],
                v["name"],
                v["patronymic"],
                gender=v["gender"],
                position=v["position"],
            )

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = self._dialog(row.full_name, row)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: update_staff(
                s,
                actor,
                row.id,
                surname=v["surname"],
                name=v["name"],
                patronymic=v["patronymic"],
                gender=v["gender"],
                position=v["position"],
            )

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def deactivate(self) -> None:
        row = self.current()
        if row is None or not messages.confirm(
            self,
            self.tr(
                "%1 left the school? Their accounts will be disabled; their journals stay until "
                "you give them to another teacher."
            ).replace("%1", row.full_name),
        ):
            return
        actor = self.actor
        DbOp(lambda s: deactivate_staff(s, actor, row.id)).success(
            lambda _: self.refresh(select=row.id)
        ).parent(self).run()

    def reactivate(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        DbOp(lambda s: reactivate_staff(s, actor, row.id)).success(
            lambda _: self.refresh(select=row.id)
        ).parent(self).run()
