"""«Предметы»: the subjects with how they are assessed and their short names for
printing; add and edit through services.subjects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.queries.people_lists import SubjectRow, subject_rows
from database.services.subjects import create_subject, update_subject
from desktop_app.people.list_page import ListPage
from desktop_app.people.record_dialog import RecordDialog
from desktop_app.people.table import Column, SnapshotModel


def assessment_title(code: str) -> str:
    return {
        "marked": QCoreApplication.translate("People", "marks 1–5"),
        "pass_fail": QCoreApplication.translate("People", "pass / fail"),
        "none": QCoreApplication.translate("People", "not assessed"),
    }.get(code, code)


ASSESSMENT_CODES = ("marked", "pass_fail", "none")


class SubjectsPage(ListPage[SubjectRow]):
    history_table = "subject"

    def __init__(
        self, signed: SignedIn, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(signed, today, parent)
        self.set_hint(
            self.tr(
                "Subjects of the school's curriculum. The short name is printed where space is "
                "tight (the journal's contents, extracts)."
            )
        )
        self.set_model(
            SnapshotModel(
                [
                    Column(self.tr("Subject"), lambda r: r.name, width=260),
                    Column(self.tr("Short name"), lambda r: r.short_name, width=120),
                    Column(
                        self.tr("Assessment"), lambda r: assessment_title(r.assessment), width=150
                    ),
                    Column(
                        self.tr("Order"),
                        lambda r: str(r.sort_order),
                        sort=lambda r: r.sort_order,
                        right=True,
                        width=70,
                    ),
                    Column(
                        self.tr("Journals this year"),
                        lambda r: str(r.assignments),
                        sort=lambda r: r.assignments,
                        right=True,
                    ),
                ],
                row_id=lambda r: r.id,
                parent=self,
            ),
            sort_column=3,
        )
        self.ui.searchEdit.setPlaceholderText(self.tr("Search by name"))
        self.add_button("addSubjectButton", self.tr("&Add subject…"), self.add, accent=True)
        self.add_button(
            "editSubjectButton", self.tr("&Edit…"), self.edit, enabled=lambda rows: len(rows) == 1
        )

    def load(self, session: Session) -> list[SubjectRow]:
        return subject_rows(session, self.actor)

    def show_data(self, data: list[SubjectRow]) -> None:
        self.model.set_rows(data)

    def _dialog(self, title: str, row: SubjectRow | None) -> RecordDialog:
        dialog = RecordDialog(title, self)
        dialog.line("name", self.tr("Name:"), row.name if row else "")
        dialog.line(
            "short_name",
            self.tr("Short name:"),
            row.short_name if row else "",
            placeholder=self.tr("e.g. «Рус. яз.»"),
        )
        dialog.combo(
            "assessment",
            self.tr("Assessment:"),
            [(assessment_title(c), c) for c in ASSESSMENT_CODES],
            row.assessment if row else "marked",
        )
        next_order = max((r.sort_order for r in self.model.rows), default=0) + 1
        dialog.number(
            "sort_order",
            self.tr("Order in lists:"),
            row.sort_order if row else next_order,
            minimum=0,
            maximum=9999,
        )
        return dialog

    def add(self) -> None:
        actor = self.actor
        dialog = self._dialog(self.tr("New subject"), None)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: create_subject(
                s,
                actor,
                v["name"],
                short_name=v["short_name"],
                assessment=v["assessment"],
                sort_order=int(v["sort_order"]),
            )

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        actor = self.actor
        dialog = self._dialog(self.tr("Subject: %1").replace("%1", row.name), row)

        def build(v: dict[str, Any]) -> Callable[[Session], Any]:
            return lambda s: update_subject(
                s,
                actor,
                row.id,
                name=v["name"],
                short_name=v["short_name"],
                assessment=v["assessment"],
                sort_order=int(v["sort_order"]),
            )

        dialog.submit(build, lambda info: self.refresh(select=info.id))
        self.open_dialog(dialog)
