"""The next school year wizard (administration): the year to start from and the
calendar preset; what happens to each student; a preview of the counts and the
order; then the rollover itself with its progress and a Stop button (the pages are
:mod:`desktop_app.setup.next_year_pages`).

Everything it shows is one plan read on the worker
(:func:`database.queries.year_rollover.plan_rollover`); the preview is computed from
that plan and the choices made (:func:`~database.queries.year_rollover.preview_counts`,
plain data, no database); the write is one
:func:`database.services.year_rollover.run_rollover` in one transaction — a Stop
rolls it back whole. The old year's open periods can be closed from the first page
(the rollover refuses an open year). Once written, the new year's journals can be
filled from its timetable (:func:`database.services.lesson_generation.refresh_year_lessons`).
"""

from __future__ import annotations

import threading
import uuid

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.auth import SignedIn
from database.errors import DomainError
from database.models import StudyPeriod
from database.queries.academic_years import AcademicYearInfo, list_academic_years
from database.queries.year_rollover import Outcome, RolloverPlan, plan_rollover
from database.services.lesson_generation import RefreshResult, refresh_year_lessons
from database.services.school import close_period
from database.services.year_rollover import RolloverResult, run_rollover
from desktop_app import messages
from desktop_app.dialogs import app_icon
from desktop_app.setup.next_year_pages import (
    PreviewPage,
    RunPage,
    StudentsPage,
    YearPage,
)
from desktop_app.worker import DbOp


class RolloverStopped(DomainError):
    """The user pressed Stop: the transaction was rolled back."""


class _Progress(QObject):
    """Progress from the worker to the wizard (a queued signal); raises at the next
    report once Stop was pressed, so the write is rolled back."""

    progressed = Signal(str, float)

    def __init__(self) -> None:
        super().__init__()
        self.stop = threading.Event()
        # Translated here, on the GUI thread, not on the worker.
        self.stopped_text = QCoreApplication.translate(
            "NextYearWizard", "Stopped: nothing was written.")

    def __call__(self, text: str, fraction: float) -> None:
        if self.stop.is_set():
            raise RolloverStopped(self.stopped_text)
        self.progressed.emit(text, fraction)


# --- the wizard ----------------------------------------------------------------------------


class NextYearWizard(QWizard):
    """Emits :attr:`created` with the new year's id once it is written."""

    created = Signal(object)
    planShown = Signal()

    def __init__(self, signed: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NextYearWizard")
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Next school year"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # The last page has Stop while writing and «Done» after: nothing to cancel there.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Done"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create"))
        self.resize(820, 560)
        self.signed = signed
        self.plan: RolloverPlan | None = None
        self.outcomes: dict[uuid.UUID, Outcome] = {}
        self.written: RolloverResult | None = None
        self.job: _Progress | None = None
        self.wanted_source: uuid.UUID | None = None  # the year offered first
        self.year_page = YearPage(self)
        self.students_page = StudentsPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        for page in (self.year_page, self.students_page, self.preview_page, self.run_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._page_changed)
        DbOp(list_academic_years).success(self._show_years).failure(
            self.year_page.problems.show_error).read_for(self).parent(self).run()

    def _show_years(self, years: list[AcademicYearInfo]) -> None:
        self.year_page.show_years(years, self.wanted_source)
        if not years:
            self.year_page.problems.show_problems([self.tr("The school has no year yet.")])
            return
        self.load()

    def load(self) -> None:
        actor, source, preset = self.signed.actor, self.year_page.source_id, self.year_page.preset
        if source is None:
            return
        if self.plan is not None and self.plan.source_id != source:
            self.outcomes.clear()

        def shown(plan: RolloverPlan) -> None:
            self.plan = plan
            self.year_page.show_plan(plan)
            self.planShown.emit()

        DbOp(lambda s: plan_rollover(s, actor, source, preset)).success(shown).failure(
            self.year_page.problems.show_error).read_for(self).parent(self).run()

    def close_periods(self) -> None:
        plan, actor = self.plan, self.signed.actor
        if plan is None or not messages.confirm(self, self.tr(
                "Close every open period of %1? Marks of a closed period are changed only "
                "as corrections with a reason.").replace("%1", plan.source_name)):
            return
        source = plan.source_id

        def run(session: Session) -> int:
            periods = session.scalars(select(StudyPeriod.id).where(
                StudyPeriod.year_id == source, StudyPeriod.closed.is_(False))).all()
            for period_id in periods:
                close_period(session, actor, period_id)
            return len(periods)

        DbOp(run).success(lambda _n: self.load()).failure(
            self.year_page.problems.show_error).parent(self).busy(self.tr("Closing…")).run()

    def _page_changed(self, _page_id: int) -> None:
        page = self.currentPage()
        if page is self.students_page:
            self.students_page.class_list.setFocus()

    # --- the write ----------------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan
        if plan is None:
            return
        job = _Progress()
        job.progressed.connect(self._progressed)
        self.job = job
        self.written = None
        actor, source, preset = self.signed.actor, plan.source_id, self.year_page.preset
        order = self.preview_page.order_edit.text()
        outcomes = dict(self.outcomes)
        make_current = self.preview_page.current_check.isChecked()
        self.run_page.stop_button.setEnabled(True)

        def run(session: Session) -> RolloverResult:
            return run_rollover(session, actor, source, order=order, preset=preset,
                                outcomes=outcomes, make_current=make_current, progress=job)

        DbOp(run).success(lambda r: self._done(job, r)).failure(
            lambda exc: self._failed(job, exc)).parent(self).busy(
            self.tr("Creating the new year…")).run()

    def _current(self, job: _Progress) -> bool:
        return shiboken6.isValid(self) and job is self.job

    def _progressed(self, text: str, fraction: float) -> None:
        if self.job is not None and not self.job.stop.is_set():
            self.run_page.status.setText(text)
            self.run_page.bar.setValue(int(fraction * 1000))

    def _done(self, job: _Progress, result: RolloverResult) -> None:
        if not self._current(job):
            return
        self.job = None
        self.written = result
        self.run_page.bar.setValue(1000)
        self.run_page.status.setText(self.run_page.result_text(result))
        self.run_page.stop_button.setEnabled(False)
        self.run_page.fill_button.setVisible(True)
        self.run_page.completeChanged.emit()
        self.created.emit(result.year_id)

    def fill_journals(self) -> None:
        """The new year's lessons from its timetable (what a timetable change does for
        one class, for every class of the year)."""
        if self.written is None:
            return
        actor, year_id = self.signed.actor, self.written.year_id
        button = self.run_page.fill_button
        button.setEnabled(False)

        def filled(result: RefreshResult) -> None:
            if shiboken6.isValid(self):
                self.run_page.status.setText(
                    self.run_page.status.text() + "\n" + self.tr(
                        "Lessons added to the journals: %1.").replace("%1", str(result.created)))

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                button.setEnabled(True)
                self.run_page.problems.show_error(exc)

        DbOp(lambda s: refresh_year_lessons(s, actor, year_id)).success(filled).failure(
            failed).parent(self).busy(self.tr("Filling the journals…")).run()

    def _failed(self, job: _Progress, exc: BaseException) -> None:
        if not self._current(job):
            return
        self.job = None
        self.run_page.stop_button.setEnabled(False)
        self.run_page.status.setText(self.tr("The new year was not created."))
        self.run_page.problems.show_error(exc)

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop.set()
            self.run_page.status.setText(self.tr("Stopping…"))

    def reject(self) -> None:
        self.stop()  # a running write is rolled back at its next progress report
        super().reject()
