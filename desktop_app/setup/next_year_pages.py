"""The pages of the next-year wizard (:mod:`desktop_app.setup.next_year_wizard`):
the year and preset, the students, the preview, the write. They keep no state of
their own: the plan, the chosen outcomes and the result live on the wizard."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from database.calendar_presets import PRESETS
from database.queries.academic_years import AcademicYearInfo
from database.queries.year_rollover import (
    LAST_GRADE,
    Outcome,
    RolloverClass,
    RolloverCounts,
    RolloverPlan,
    outcome_of,
    preview_counts,
)
from database.services.year_rollover import RolloverResult
from desktop_app.setup.date_range import ru_date
from desktop_app.setup.problem_label import ProblemLabel
from desktop_app.setup.year_dialogs import preset_title

if TYPE_CHECKING:
    from desktop_app.setup.next_year_wizard import NextYearWizard

STUDENT_ID = Qt.ItemDataRole.UserRole + 1



def fill(text: str, *values: object) -> str:
    """``text`` with ``%1``, ``%2``… replaced (the translated texts keep the places)."""
    for number, value in reversed(list(enumerate(values, start=1))):
        text = text.replace(f"%{number}", str(value))
    return text


# --- page 1: the year --------------------------------------------------------------------


class YearPage(QWizardPage):
    def __init__(self, wizard: NextYearWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setObjectName("yearPage")
        self.setTitle(self.tr("The school year to start from"))
        self.setSubTitle(self.tr(
            "The new year is made from this one: its classes promoted, their groups, "
            "teaching load, timetable and plans copied. This year's journals are not changed."))
        form = QFormLayout(self)
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("yearBox")
        self.year_box.activated.connect(lambda _i: wizard.load())
        form.addRow(self.tr("From the year:"), self.year_box)
        self.preset_box = QComboBox(self)
        self.preset_box.setObjectName("presetBox")
        for preset in PRESETS:
            self.preset_box.addItem(preset_title(preset), preset)
        self.preset_box.activated.connect(lambda _i: wizard.load())
        form.addRow(self.tr("Periods and holidays:"), self.preset_box)
        self.target_label = QLabel(self)
        self.target_label.setObjectName("targetLabel")
        self.target_label.setWordWrap(True)
        form.addRow(self.tr("New year:"), self.target_label)
        self.open_label = ProblemLabel(self, warning=True)
        self.open_label.setObjectName("openPeriodsLabel")
        form.addRow(self.open_label)
        self.close_button = QPushButton(self.tr("Close the year's periods"), self)
        self.close_button.setObjectName("closePeriodsButton")
        self.close_button.setVisible(False)
        self.close_button.clicked.connect(wizard.close_periods)
        form.addRow("", self.close_button)
        self.problems = ProblemLabel(self)
        form.addRow(self.problems)

    def show_years(self, years: list[AcademicYearInfo], wanted: uuid.UUID | None) -> None:
        self.year_box.clear()
        for year in years:
            title = year.name + (self.tr(" (current)") if year.is_current else "")
            self.year_box.addItem(title, str(year.id))
        current = next((i for i, y in enumerate(years) if y.id == wanted),
                       next((i for i, y in enumerate(years) if y.is_current), len(years) - 1))
        self.year_box.setCurrentIndex(max(current, 0))

    @property
    def source_id(self) -> uuid.UUID | None:
        data = self.year_box.currentData()
        return uuid.UUID(data) if isinstance(data, str) and data else None

    @property
    def preset(self) -> str:
        return str(self.preset_box.currentData())

    def show_plan(self, plan: RolloverPlan) -> None:
        self.problems.clear_problems()
        text = self.tr("%1: %2 – %3. Classes now: %4, students on the last day: %5.") \
            .replace("%1", plan.target_name).replace("%2", ru_date(plan.target_start)) \
            .replace("%3", ru_date(plan.target_end)).replace("%4", str(len(plan.classes))) \
            .replace("%5", str(plan.students))
        if plan.target_id is not None:
            text += " " + self.tr("The year exists already: only what it lacks is added.")
        self.target_label.setText(text)
        if plan.open_periods:
            self.open_label.show_problems([self.tr(
                "The year is not closed yet; still open: %1. Close them first.").replace(
                "%1", ", ".join(plan.open_periods))])
        else:
            self.open_label.clear_problems()
        self.close_button.setVisible(bool(plan.open_periods))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.owner.plan
        return plan is not None and not plan.open_periods and bool(plan.classes)


# --- page 2: the students ------------------------------------------------------------------


class StudentsPage(QWizardPage):
    def __init__(self, wizard: NextYearWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setObjectName("studentsPage")
        self.setTitle(self.tr("What happens to each student"))
        self.setSubTitle(self.tr(
            "By default every class goes up a grade and the 11th grades graduate. Select "
            "students (Ctrl+A: the whole class) and choose for them."))
        layout = QHBoxLayout(self)
        self.class_list = QListWidget(self)
        self.class_list.setObjectName("classList")
        self.class_list.setMaximumWidth(190)
        self.class_list.currentRowChanged.connect(self._class_chosen)
        layout.addWidget(self.class_list)
        right = QVBoxLayout()
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("studentTable")
        self.table.setHorizontalHeaderLabels([self.tr("Student"), self.tr("Next year")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        right.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[Outcome, QPushButton] = {}
        for outcome, text in ((Outcome.PROMOTE, self.tr("Promote")),
                              (Outcome.RETAIN, self.tr("Keep in the grade")),
                              (Outcome.GRADUATE, self.tr("Graduate")),
                              (Outcome.LEAVE, self.tr("Leaves"))):
            button = QPushButton(text, self)
            button.setObjectName(f"{outcome.value}Button")
            button.clicked.connect(lambda _=False, o=outcome: self.set_selected(o))
            buttons.addWidget(button)
            self.buttons[outcome] = button
        buttons.addStretch(1)
        right.addLayout(buttons)
        self.summary = QLabel(self)
        self.summary.setObjectName("classSummary")
        self.summary.setWordWrap(True)
        right.addWidget(self.summary)
        layout.addLayout(right, 1)

    def initializePage(self) -> None:
        plan = self.owner.plan
        self.class_list.clear()
        if plan is None:
            return
        for school_class in plan.classes:
            item = QListWidgetItem(self._class_text(school_class))
            self.class_list.addItem(item)
        self.class_list.setCurrentRow(0)

    def _class_text(self, school_class: RolloverClass) -> str:
        changed = sum(1 for s in school_class.students
                      if outcome_of(s, self.owner.outcomes) is not s.default)
        text = f"{school_class.title} ({len(school_class.students)})"
        return text + (" *" if changed else "")

    @property
    def school_class(self) -> RolloverClass | None:
        plan, row = self.owner.plan, self.class_list.currentRow()
        if plan is None or not 0 <= row < len(plan.classes):
            return None
        return plan.classes[row]

    def _class_chosen(self, _row: int) -> None:
        school_class = self.school_class
        self.table.setRowCount(0)
        if school_class is None:
            return
        for row, student in enumerate(school_class.students):
            self.table.insertRow(row)
            name = QTableWidgetItem(student.name)
            name.setData(STUDENT_ID, str(student.student_id))
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(""))
        self._show_outcomes()

    def _show_outcomes(self) -> None:
        school_class = self.school_class
        if school_class is None:
            return
        for row, student in enumerate(school_class.students):
            outcome = outcome_of(student, self.owner.outcomes)
            text = self.outcome_title(outcome)
            if outcome is Outcome.PROMOTE:
                text += f" — {school_class.next_title}"
            elif outcome is Outcome.RETAIN:
                text += f" — {school_class.title}"
            if student.placed:
                text = self.tr("already in a class of the new year")
            item = self.table.item(row, 1)
            if item is not None:
                item.setText(text)
        self.class_list.currentItem().setText(self._class_text(school_class))
        self.summary.setText(self.tr("Promoted: %1, kept: %2, graduate: %3, leave: %4.")
                             .replace("%1", str(self._count(Outcome.PROMOTE)))
                             .replace("%2", str(self._count(Outcome.RETAIN)))
                             .replace("%3", str(self._count(Outcome.GRADUATE)))
                             .replace("%4", str(self._count(Outcome.LEAVE))))
        self._update_buttons()

    def outcome_title(self, outcome: Outcome) -> str:
        return {
            Outcome.PROMOTE: self.tr("promoted"),
            Outcome.RETAIN: self.tr("kept in the grade"),
            Outcome.GRADUATE: self.tr("graduates"),
            Outcome.LEAVE: self.tr("leaves the school"),
        }[outcome]

    def _count(self, outcome: Outcome) -> int:
        school_class = self.school_class
        return 0 if school_class is None else sum(
            1 for s in school_class.students if outcome_of(s, self.owner.outcomes) is outcome)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def _update_buttons(self) -> None:
        school_class = self.school_class
        chosen = bool(self.selected_rows())
        for outcome, button in self.buttons.items():
            allowed = school_class is not None and not (
                outcome is Outcome.PROMOTE and school_class.grade >= LAST_GRADE)
            button.setEnabled(chosen and allowed)

    def set_selected(self, outcome: Outcome) -> None:
        school_class = self.school_class
        if school_class is None:
            return
        for row in self.selected_rows():
            student = school_class.students[row]
            if outcome is student.default:
                self.owner.outcomes.pop(student.student_id, None)
            else:
                self.owner.outcomes[student.student_id] = outcome
        self._show_outcomes()


# --- page 3: the preview -------------------------------------------------------------------


class PreviewPage(QWizardPage):
    def __init__(self, wizard: NextYearWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setObjectName("previewPage")
        self.setTitle(self.tr("Check before it is written"))
        self.setSubTitle(self.tr("Nothing has been written yet. «Create» makes the new year "
                                 "in one step; it can be stopped, and then nothing is kept."))
        form = QFormLayout(self)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.counts_label)
        self.order_edit = QLineEdit(self)
        self.order_edit.setObjectName("orderEdit")
        self.order_edit.setPlaceholderText(self.tr("e.g. Order No. 45 of 30.05.2027"))
        self.order_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        form.addRow(self.tr("Transfer order:"), self.order_edit)
        self.current_check = QCheckBox(self.tr("Make the new year the current one"), self)
        self.current_check.setObjectName("makeCurrentCheck")
        form.addRow("", self.current_check)
        self.registerField("order*", self.order_edit)
        # Past this page there is no going back: the write has started.
        self.setCommitPage(True)

    def initializePage(self) -> None:
        plan = self.owner.plan
        if plan is None:
            return
        counts = preview_counts(plan, self.owner.outcomes)
        self.counts_label.setText(self.preview_text(plan, counts))

    def preview_text(self, plan: RolloverPlan, counts: RolloverCounts) -> str:
        lines = [
            fill(self.tr("New year %1 from %2."), plan.target_name, plan.source_name),
            fill(self.tr("Students: promoted %1, kept in the grade %2, graduate %3, leave %4."),
                 counts.promoted, counts.retained, counts.graduated, counts.left),
            fill(self.tr("Classes of the new year: %1; groups: %2."), counts.classes,
                 counts.groups),
            fill(self.tr("Teaching assignments copied: %1; timetable lessons a week: %2 (a "
                         "draft: the journals are filled from it once it is checked)."),
                 counts.assignments, counts.timetable_entries),
            self.tr("Each assignment's plan (КТП) is copied from this year's plan of its new "
                    "grade."),
            fill(self.tr("Each student's stay in a class of %1 ends on its last day, %2, by the "
                         "order below."), plan.source_name, ru_date(plan.source_end)),
        ]
        if plan.target_id is not None:
            lines.append(self.tr("The year exists already: only what it lacks is added."))
        return "\n".join(lines)


# --- page 4: the write ---------------------------------------------------------------------


class RunPage(QWizardPage):
    def __init__(self, wizard: NextYearWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setObjectName("runPage")
        self.setTitle(self.tr("Creating the new year"))
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setObjectName("runStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("runProgress")
        self.bar.setRange(0, 1000)
        layout.addWidget(self.bar)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.clicked.connect(wizard.stop)
        self.fill_button = QPushButton(self.tr("Fill the new year's journals"), self)
        self.fill_button.setObjectName("fillJournalsButton")
        self.fill_button.setVisible(False)
        self.fill_button.clicked.connect(wizard.fill_journals)
        row = QHBoxLayout()
        row.addWidget(self.stop_button)
        row.addWidget(self.fill_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.problems.clear_problems()
        self.bar.setValue(0)
        self.status.setText(self.tr("Starting…"))
        self.owner.start()

    def isComplete(self) -> bool:
        return self.owner.written is not None

    def result_text(self, result: RolloverResult) -> str:
        created = result.created
        if result.nothing_new:
            return fill(self.tr("The year %1 has everything already: nothing was added."),
                        result.year_name)
        return "\n".join([
            fill(self.tr("The year %1 is created."), result.year_name),
            fill(self.tr("Students: promoted %1, kept in the grade %2, graduated %3, left %4."),
                 created.promoted, created.retained, created.graduated, created.left),
            fill(self.tr("New classes: %1, groups: %2, group members: %3."), created.classes,
                 created.groups, created.group_members),
            fill(self.tr("Assignments: %1, timetable lessons: %2, plan topics: %3."),
                 created.assignments, created.timetable_entries, created.plan_topics),
            fill(self.tr("Periods: %1, holidays: %2, bells: %3."), created.periods,
                 created.holidays, created.bells),
            self.tr("The timetable is a draft: check it («Timetable…»), then fill the journals "
                    "with its lessons (here, or later by running the wizard again)."),
        ])
