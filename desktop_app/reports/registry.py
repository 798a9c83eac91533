"""The documents the program prints, one entry each: what the document asks for
(a class, a student, a date range), who may build it, how its data is read and which
builders lay it out. The report window and ``school-journal report`` both offer
exactly these entries, so a new document is one entry here plus its builder.

An entry's reader runs on the database worker (or the command's session) and returns
plain data; its builders run anywhere (the report window's build thread) and write
the file. The entry checks the role first (:meth:`Document.require`); the reader
checks the particular class or student again, as every read of the data does.

Qt-free: the command line runs on a machine with no display, and a test checks this
module pulls in no widgets. Titles are marked for translation by name (see
:func:`QT_TRANSLATE_NOOP`) and translated by the report window.

Adding a document:

1. its reader in ``database/queries/`` (plain frozen dataclasses out; it checks the
   particular class or student, as :func:`database.queries.summary.require_class_report`);
2. its builder(s) in ``desktop_app/reports/`` (``path, data → path``; a long one
   reports progress);
3. one :class:`Document` in :data:`DOCUMENTS` with two- or three-line adapters below,
   and the Russian translation of its title in the .ts file.

The report window (``report_window.py``) and ``school-journal report <key>`` then
offer it to the roles named. A document asking for something new (a day, a teacher)
also adds a :class:`Need`, with its field in the window and its option in the command.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from database.actor import Actor, Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from database.queries.activity import ActivityReport
    from database.queries.attendance_report import ClassAttendance
    from database.queries.class_book import ClassBookData
    from database.queries.daily_sheet import DailySheet
    from database.queries.extract import StudentExtract
    from database.queries.journal_control import ControlReport
    from database.queries.plan_fact import PlanForPrint
    from database.queries.progress import ClassProgress
    from database.queries.progress_scope import SchoolProgress
    from database.queries.quarterly import QuarterlyReport
    from database.queries.substitution_report import SubstitutionReport
    from database.queries.substitutions import SubstitutionSheet
    from database.queries.summary import SummaryData

Progress = Callable[[str, float], None]
"""``progress(stage, fraction)``; raising from it (the window's cancel) stops a build."""

DataT = TypeVar("DataT")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for pyside6-lupdate, which finds the call by this name, without
    importing Qt; the report window translates the text in ``context``."""
    return text


class Need(Enum):
    """What a document asks the user for (the window shows the matching fields, the
    command line wants the matching options)."""

    CLASS = "class"  # a class of the school year: --class 5А
    STUDENT = "student"  # one student: --student LOGIN
    RANGE = "range"  # a date range: --from, --to
    WEEK = "week"  # a week, by any of its days: --week (default: this week)
    DAY = "day"  # one day: --day (default: today)


@dataclass(frozen=True)
class Params:
    """The answers to a document's needs (ids already resolved)."""

    class_id: uuid.UUID | None = None
    student_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    today: date | None = None  # printed as the date made/issued; None: the actor's today
    day: date | None = None  # a DAY document's day; any day of a WEEK document's week

    def class_(self) -> uuid.UUID:
        if self.class_id is None:
            raise ValueError("the document needs a class")
        return self.class_id

    def student(self) -> uuid.UUID:
        if self.student_id is None:
            raise ValueError("the document needs a student")
        return self.student_id

    def one_day(self) -> date:
        """A DAY document's day, or any day of a WEEK document's week."""
        if self.day is None:
            raise ValueError("the document needs a day or a week")
        return self.day

    def range(self) -> tuple[date, date]:
        if self.date_from is None or self.date_to is None:
            raise ValueError("the document needs a date range")
        if self.date_to < self.date_from:
            from database.errors import ValidationError

            raise ValidationError("Конец периода раньше его начала: проверьте даты.")
        return self.date_from, self.date_to


@dataclass(frozen=True)
class Link:
    """A line of a built document that leads into a journal (a control finding): the
    report window lists them, and a double click opens the journal at the lesson."""

    text: str
    assignment_id: uuid.UUID
    lesson_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Document(Generic[DataT]):
    key: str  # the window's item data and the name after ``school-journal report``
    title: str  # English source, translated in the "ReportWindow" context
    file_name: str  # Russian start of the saved file's name: «Классный журнал 5А.pdf»
    needs: frozenset[Need]
    roles: frozenset[Role]  # who may build it at all
    action: str  # what is refused to others: «печатать классный журнал»
    read: Callable[[Session, Actor, Params], DataT]
    pdf: Callable[[Path, DataT, Progress], Path]
    xlsx: Callable[[Path, DataT, Progress], Path] | None = None
    # Documents sharing a command are told apart by their needs
    # (``report extract --student`` / ``--class``).
    command: str = field(default="")
    links: Callable[[DataT], list[Link]] | None = None  # lines that open a journal

    @property
    def command_name(self) -> str:
        return self.command or self.key

    def allowed(self, actor: Actor) -> bool:
        return actor.role in self.roles

    def require(self, actor: Actor) -> None:
        from database.permissions import require_role

        require_role(actor, *sorted(self.roles), action=self.action)

    def load(self, session: Session, actor: Actor, params: Params) -> DataT:
        """Check the role, then read the data (the reader checks the class or student)."""
        self.require(actor)
        return self.read(session, actor, params)

    def file_stem(self, class_title: str) -> str:
        """«Классный журнал 5А»: no guillemets or spaces in the class part of a file name."""
        title = class_title.replace("«", "").replace("»", "").replace(" ", "")
        return f"{self.file_name} {title}".strip()


# --- readers and builders (imported when used: the command line starts fast) ---------------


def _read_class_book(session: Session, actor: Actor, p: Params) -> ClassBookData:
    from database.queries.class_book import load_class_book

    return load_class_book(session, actor, p.class_(), generated_on=p.today)


def _class_book_pdf(path: Path, data: ClassBookData, progress: Progress) -> Path:
    from desktop_app.reports.class_book import build_class_book

    return build_class_book(path, data, progress=progress)


def _class_book_xlsx(path: Path, data: ClassBookData, progress: Progress) -> Path:
    from desktop_app.reports.journal_xlsx import build_journal_xlsx

    return build_journal_xlsx(path, data.journals, title=f"{data.header.class_name} класс")


def _read_summary(session: Session, actor: Actor, p: Params) -> SummaryData:
    from database.queries.summary import load_summary

    return load_summary(session, actor, p.class_(), generated_on=p.today)


def _summary_pdf(path: Path, data: SummaryData, progress: Progress) -> Path:
    from desktop_app.reports.summary_sheet import build_summary_pdf

    return build_summary_pdf(path, data)


def _summary_xlsx(path: Path, data: SummaryData, progress: Progress) -> Path:
    from desktop_app.reports.summary_sheet import build_summary_xlsx

    return build_summary_xlsx(path, data)


def _read_extract(session: Session, actor: Actor, p: Params) -> tuple[StudentExtract, ...]:
    from database.queries.extract import load_extract

    return (load_extract(session, actor, p.student(), *p.range(), issued_on=p.today),)


def _read_class_extracts(
    session: Session, actor: Actor, p: Params
) -> tuple[StudentExtract, ...]:
    from database.queries.extract import load_class_extracts

    return load_class_extracts(session, actor, p.class_(), *p.range(), issued_on=p.today)


def _extracts_pdf(path: Path, data: tuple[StudentExtract, ...], progress: Progress) -> Path:
    from desktop_app.reports.extract import build_extracts

    return build_extracts(path, data)


def _read_activity(session: Session, actor: Actor, p: Params) -> ActivityReport:
    from database.queries.activity import load_activity

    return load_activity(session, actor, p.one_day())


def _activity_pdf(path: Path, data: ActivityReport, progress: Progress) -> Path:
    from desktop_app.reports.activity_report import build_activity_pdf

    return build_activity_pdf(path, data, progress)


def _activity_xlsx(path: Path, data: ActivityReport, progress: Progress) -> Path:
    from desktop_app.reports.activity_report import build_activity_xlsx

    return build_activity_xlsx(path, data, progress)


def _read_control(session: Session, actor: Actor, p: Params) -> ControlReport:
    from database.queries.journal_control import load_control

    return load_control(session, actor, *p.range())


def _control_pdf(path: Path, data: ControlReport, progress: Progress) -> Path:
    from desktop_app.reports.control_report import build_control_pdf

    return build_control_pdf(path, data, progress)


def _control_xlsx(path: Path, data: ControlReport, progress: Progress) -> Path:
    from desktop_app.reports.control_report import build_control_xlsx

    return build_control_xlsx(path, data, progress)


def _control_links(data: ControlReport) -> list[Link]:
    from desktop_app.reports.control_report import control_links

    return control_links(data)


def _read_progress(session: Session, actor: Actor, p: Params) -> ClassProgress:
    from database.queries.progress import load_progress

    return load_progress(session, actor, p.class_(), *p.range(), generated_on=p.today)


def _progress_pdf(path: Path, data: ClassProgress, progress: Progress) -> Path:
    from desktop_app.reports.progress_report import build_progress_pdf

    return build_progress_pdf(path, data, progress)


def _progress_xlsx(path: Path, data: ClassProgress, progress: Progress) -> Path:
    from desktop_app.reports.progress_report import build_progress_xlsx

    return build_progress_xlsx(path, data, progress)


def _read_attendance(session: Session, actor: Actor, p: Params) -> ClassAttendance:
    from database.queries.attendance_report import load_attendance

    return load_attendance(session, actor, p.class_(), *p.range(), generated_on=p.today)


def _attendance_pdf(path: Path, data: ClassAttendance, progress: Progress) -> Path:
    from desktop_app.reports.attendance_report import build_attendance_pdf

    return build_attendance_pdf(path, data, progress)


def _attendance_xlsx(path: Path, data: ClassAttendance, progress: Progress) -> Path:
    from desktop_app.reports.attendance_report import build_attendance_xlsx

    return build_attendance_xlsx(path, data, progress)


def _read_substitutions(session: Session, actor: Actor, p: Params) -> SubstitutionSheet:
    from database.queries.substitutions import substitution_sheet

    return substitution_sheet(session, actor, p.one_day())


def _substitutions_pdf(path: Path, data: SubstitutionSheet, progress: Progress) -> Path:
    from desktop_app.reports.substitution_sheet import build_sheet_pdf

    return build_sheet_pdf(path, data, progress)


def _substitutions_xlsx(path: Path, data: SubstitutionSheet, progress: Progress) -> Path:
    from desktop_app.reports.substitution_sheet import build_sheet_xlsx

    return build_sheet_xlsx(path, data, progress)


def _read_plans(session: Session, actor: Actor, p: Params) -> tuple[PlanForPrint, ...]:
    from database.queries.plan_fact import class_plans_for_print

    return class_plans_for_print(session, actor, p.class_())


def _plans_pdf(path: Path, data: tuple[PlanForPrint, ...], progress: Progress) -> Path:
    from desktop_app.reports.plan_print import build_class_plans_pdf

    return build_class_plans_pdf(path, data, progress)


def _plans_xlsx(path: Path, data: tuple[PlanForPrint, ...], progress: Progress) -> Path:
    from desktop_app.reports.plan_print import build_class_plans_xlsx

    return build_class_plans_xlsx(path, data, progress)


def _read_progress_teacher(session: Session, actor: Actor, p: Params) -> SchoolProgress:
    from database.queries.progress_scope import BY_TEACHER, load_school_progress

    return load_school_progress(session, actor, BY_TEACHER, *p.range(), generated_on=p.today)


def _read_progress_grade(session: Session, actor: Actor, p: Params) -> SchoolProgress:
    from database.queries.progress_scope import BY_GRADE, load_school_progress

    return load_school_progress(session, actor, BY_GRADE, *p.range(), generated_on=p.today)


def _scope_pdf(path: Path, data: SchoolProgress, progress: Progress) -> Path:
    from desktop_app.reports.progress_scope_report import build_scope_pdf

    return build_scope_pdf(path, data, progress)


def _scope_xlsx(path: Path, data: SchoolProgress, progress: Progress) -> Path:
    from desktop_app.reports.progress_scope_report import build_scope_xlsx

    return build_scope_xlsx(path, data, progress)


def _read_daily(session: Session, actor: Actor, p: Params) -> DailySheet:
    from database.queries.daily_sheet import load_daily_sheet

    return load_daily_sheet(session, actor, p.class_(), p.one_day(), generated_on=p.today)


def _daily_pdf(path: Path, data: DailySheet, progress: Progress) -> Path:
    from desktop_app.reports.daily_sheet_report import build_daily_pdf

    return build_daily_pdf(path, data, progress)


def _daily_xlsx(path: Path, data: DailySheet, progress: Progress) -> Path:
    from desktop_app.reports.daily_sheet_report import build_daily_xlsx

    return build_daily_xlsx(path, data, progress)


def _read_substitutions_period(session: Session, actor: Actor, p: Params) -> SubstitutionReport:
    from database.queries.substitution_report import load_substitutions

    return load_substitutions(session, actor, *p.range(), generated_on=p.today)


def _substitutions_period_pdf(path: Path, data: SubstitutionReport, progress: Progress) -> Path:
    from desktop_app.reports.substitution_report import build_substitution_pdf

    return build_substitution_pdf(path, data, progress)


def _substitutions_period_xlsx(path: Path, data: SubstitutionReport, progress: Progress) -> Path:
    from desktop_app.reports.substitution_report import build_substitution_xlsx

    return build_substitution_xlsx(path, data, progress)


def _substitution_links(data: SubstitutionReport) -> list[Link]:
    from desktop_app.reports.substitution_report import substitution_links

    return substitution_links(data)


def _read_quarterly(session: Session, actor: Actor, p: Params) -> QuarterlyReport:
    from database.queries.quarterly import load_quarterly

    return load_quarterly(session, actor, *p.range(), generated_on=p.today)


def _quarterly_pdf(path: Path, data: QuarterlyReport, progress: Progress) -> Path:
    from desktop_app.reports.quarterly_report import build_quarterly_pdf

    return build_quarterly_pdf(path, data, progress)


def _quarterly_xlsx(path: Path, data: QuarterlyReport, progress: Progress) -> Path:
    from desktop_app.reports.quarterly_report import build_quarterly_xlsx

    return build_quarterly_xlsx(path, data, progress)


# --- the registry -----------------------------------------------------------------------------

_ADMINISTRATION: Final = frozenset({Role.ADMIN})
# Teachers: the readers let a class teacher print its own class only.
_CLASS_DOCUMENTS: Final = frozenset({Role.ADMIN, Role.TEACHER})

DOCUMENTS: Final[tuple[Document[Any], ...]] = (
    Document(
        key="journal",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Class journal for binding"),
        file_name="Классный журнал",
        needs=frozenset({Need.CLASS}),
        roles=_ADMINISTRATION,
        action="печатать классный журнал",
        read=_read_class_book,
        pdf=_class_book_pdf,
        xlsx=_class_book_xlsx,
    ),
    Document(
        key="summary",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Summary sheet"),
        file_name="Сводная ведомость",
        needs=frozenset({Need.CLASS}),
        roles=_CLASS_DOCUMENTS,
        action="печатать сводную ведомость",
        read=_read_summary,
        pdf=_summary_pdf,
        xlsx=_summary_xlsx,
    ),
    Document(
        key="extract",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Diary extract of a student"),
        file_name="Выписка из дневника",
        needs=frozenset({Need.STUDENT, Need.RANGE}),
        roles=_CLASS_DOCUMENTS,
        action="печатать выписки из дневника",
        read=_read_extract,
        pdf=_extracts_pdf,
    ),
    Document(
        key="class_extracts",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Diary extracts of the whole class"),
        file_name="Выписки из дневников",
        needs=frozenset({Need.CLASS, Need.RANGE}),
        roles=_CLASS_DOCUMENTS,
        action="печатать выписки из дневника",
        read=_read_class_extracts,
        pdf=_extracts_pdf,
        command="extract",
    ),
    Document(
        key="activity",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Activity indicators"),
        file_name="Показатели активности",
        needs=frozenset({Need.WEEK}),
        roles=_ADMINISTRATION,
        action="просматривать показатели активности",
        read=_read_activity,
        pdf=_activity_pdf,
        xlsx=_activity_xlsx,
    ),
    Document(
        key="control",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Journal-keeping control"),
        file_name="Контроль ведения журнала",
        needs=frozenset({Need.RANGE}),
        # Teachers: the reader limits a teacher to its own journals.
        roles=_CLASS_DOCUMENTS,
        action="проверять ведение журнала",
        read=_read_control,
        pdf=_control_pdf,
        xlsx=_control_xlsx,
        links=_control_links,
    ),
    Document(
        key="progress",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Progress by subject and period"),
        file_name="Успеваемость",
        needs=frozenset({Need.CLASS, Need.RANGE}),
        roles=_CLASS_DOCUMENTS,
        action="печатать отчёт об успеваемости",
        read=_read_progress,
        pdf=_progress_pdf,
        xlsx=_progress_xlsx,
    ),
    Document(
        key="progress_teacher",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Progress by teacher"),
        file_name="Успеваемость по учителям",
        needs=frozenset({Need.RANGE}),
        # Teachers: the reader limits a teacher to its own journals.
        roles=_CLASS_DOCUMENTS,
        action="печатать отчёт об успеваемости",
        read=_read_progress_teacher,
        pdf=_scope_pdf,
        xlsx=_scope_xlsx,
    ),
    Document(
        key="progress_grade",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Progress by grade level"),
        file_name="Успеваемость по параллелям",
        needs=frozenset({Need.RANGE}),
        roles=_ADMINISTRATION,
        action="печатать отчёт об успеваемости по параллелям",
        read=_read_progress_grade,
        pdf=_scope_pdf,
        xlsx=_scope_xlsx,
    ),
    Document(
        key="attendance",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Attendance of a class"),
        file_name="Посещаемость",
        needs=frozenset({Need.CLASS, Need.RANGE}),
        roles=_CLASS_DOCUMENTS,
        action="печатать отчёт о посещаемости",
        read=_read_attendance,
        pdf=_attendance_pdf,
        xlsx=_attendance_xlsx,
    ),
    Document(
        key="plans",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Calendar-thematic plans of a class"),
        file_name="КТП",
        needs=frozenset({Need.CLASS}),
        roles=_CLASS_DOCUMENTS,
        action="печатать КТП класса",
        read=_read_plans,
        pdf=_plans_pdf,
        xlsx=_plans_xlsx,
    ),
    Document(
        key="substitutions",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Substitutions sheet of a day"),
        file_name="Замены уроков",
        needs=frozenset({Need.DAY}),
        roles=_ADMINISTRATION,
        action="печатать лист замен",
        read=_read_substitutions,
        pdf=_substitutions_pdf,
        xlsx=_substitutions_xlsx,
    ),
    Document(
        key="daily",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Daily attendance sheet of a class"),
        file_name="Посещаемость за день",
        needs=frozenset({Need.CLASS, Need.DAY}),
        roles=_CLASS_DOCUMENTS,
        action="печатать лист посещаемости",
        read=_read_daily,
        pdf=_daily_pdf,
        xlsx=_daily_xlsx,
    ),
    Document(
        key="substitutions_period",
        title=QT_TRANSLATE_NOOP("ReportWindow", "Substitutions and cancellations"),
        file_name="Замены и отмены",
        needs=frozenset({Need.RANGE}),
        # Teachers: the reader limits a teacher to its lessons and those it substituted.
        roles=_CLASS_DOCUMENTS,
        action="печатать отчёт о заменах",
        read=_read_substitutions_period,
        pdf=_substitutions_period_pdf,
        xlsx=_substitutions_period_xlsx,
        links=_substitution_links,
    ),
    Document(
        key="quarterly",
        title=QT_TRANSLATE_NOOP("ReportWindow",
                                "Quarterly report on keeping the electronic journal"),
        file_name="Отчёт о ведении электронного журнала",
        needs=frozenset({Need.RANGE}),
        roles=_ADMINISTRATION,
        action="готовить отчёт о ведении электронного журнала",
        read=_read_quarterly,
        pdf=_quarterly_pdf,
        xlsx=_quarterly_xlsx,
    ),
)


def document(key: str) -> Document[Any]:
    """The entry named ``key`` (KeyError for an unknown one)."""
    for entry in DOCUMENTS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def documents_for(actor: Actor) -> list[Document[Any]]:
    """What ``actor`` may build, in the registry's order."""
    return [d for d in DOCUMENTS if d.allowed(actor)]


def commands() -> dict[str, list[Document[Any]]]:
    """``school-journal report`` names → the documents behind each name."""
    result: dict[str, list[Document[Any]]] = {}
    for entry in DOCUMENTS:
        result.setdefault(entry.command_name, []).append(entry)
    return result


__all__ = [
    "DOCUMENTS",
    "Document",
    "Link",
    "Need",
    "Params",
    "Progress",
    "commands",
    "document",
    "documents_for",
]
