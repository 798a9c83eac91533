"""The set-up checklist on the «Школа» page: the steps a school takes, in order, each
with its state and a button that opens its screen.

Built from a :class:`~database.queries.setup_progress.SetupProgress` snapshot read
with the home screen; the texts are made here (translated), from its counts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from database.queries.setup_progress import SetupProgress, SetupStep

STEP_TITLES: dict[str, str] = {
    "school": str(QT_TRANSLATE_NOOP("SetupChecklist", "School card and rules")),
    "calendar": str(QT_TRANSLATE_NOOP("SetupChecklist", "School year and study periods")),
    "bells": str(QT_TRANSLATE_NOOP("SetupChecklist", "Bells")),
    "holidays": str(QT_TRANSLATE_NOOP("SetupChecklist", "Holidays and non-school days")),
    "subjects": str(QT_TRANSLATE_NOOP("SetupChecklist", "Subjects")),
    "staff": str(QT_TRANSLATE_NOOP("SetupChecklist", "Staff")),
    "classes": str(QT_TRANSLATE_NOOP("SetupChecklist", "Classes and groups")),
    "students": str(QT_TRANSLATE_NOOP("SetupChecklist", "Students and parents (consents)")),
    "assignments": str(QT_TRANSLATE_NOOP("SetupChecklist", "Teaching assignments")),
    "timetable": str(QT_TRANSLATE_NOOP("SetupChecklist", "Timetable")),
    "plans": str(QT_TRANSLATE_NOOP("SetupChecklist", "Calendar-thematic plans (КТП)")),
    "accounts": str(QT_TRANSLATE_NOOP("SetupChecklist", "Accounts and login slips")),
}

# Steps whose screens come with a later version: the state and what to do today.

# Steps that need the school year to exist first.
NEEDS_YEAR = frozenset({"bells", "holidays", "classes", "students", "assignments",
                        "timetable", "plans"})


def _fmt(template: str, *values: object) -> str:
    for number, value in enumerate(values, start=1):
        template = template.replace(f"%{number}", str(value))
    return template


def step_title(key: str) -> str:
    return QCoreApplication.translate("SetupChecklist", STEP_TITLES[key])


def _listed(label: str, names: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(names[:limit]) + (" …" if len(names) > limit else "")
    return _fmt(label, shown)


class SetupChecklist(QGroupBox):
    """One row per step: number, title, state, and a button (none for the steps
    without a screen yet). ``open_step(key)`` is called with the step's key."""

    def __init__(
        self, progress: SetupProgress, open_step: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Setting up the school"))
        self.setObjectName("setupChecklist")
        self.progress = progress
        self.buttons: dict[str, QPushButton] = {}
        self.states: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(2, 1)
        intro = QLabel(self.tr("Go through the steps in order: each step's screen opens with its "
                          "button. The list stays here until everything is done."), self)
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        grid.addWidget(intro, 0, 0, 1, 4)
        next_step = progress.next_step
        for row, step in enumerate(progress.steps, start=1):
            mark = QLabel("✓" if step.done else f"{row}.", self)
            mark.setObjectName("stepDone" if step.done else "stepNumber")
            mark.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            title = QLabel(step_title(step.key), self)
            title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if next_step is not None and step.key == next_step.key:
                title.setText(f"<b>{step_title(step.key)}</b>")
            state = QLabel(self.step_state(step), self)
            state.setObjectName(f"state_{step.key}")
            state.setWordWrap(True)
            state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if step.done:
                state.setProperty("role", "hint")
            self.states[step.key] = state
            for label in (mark, title, state):
                label.setContentsMargins(0, 5, 0, 0)  # level with the button's text
            grid.addWidget(mark, row, 0)
            grid.addWidget(title, row, 1)
            grid.addWidget(state, row, 2)
            button = QPushButton(self.tr("Change…") if step.done else self.tr("Open…"), self)
            button.setObjectName(f"step_{step.key}")
            if next_step is not None and step.key == next_step.key:
                button.setProperty("accent", True)
            button.clicked.connect(lambda _=False, key=step.key: open_step(key))
            grid.addWidget(button, row, 3, Qt.AlignmentFlag.AlignTop)
            self.buttons[step.key] = button

    def step_state(self, step: SetupStep) -> str:
        """What the step has and what it still lacks, as the checklist says it."""
        progress = self.progress
        lines: list[str] = []
        no_year = not progress.year_name
        key = step.key
        if key in NEEDS_YEAR and no_year:
            lines.append(self.tr("Create the school year first."))
        elif key == "school":
            lines.append(self.tr("The names and the director are entered; check the notation, "
                            "work types and time windows.") if step.done
                         else self.tr("Enter the school's names and director."))
        elif key == "calendar":
            if no_year:
                lines.append(self.tr(
                    "No school year yet: create it, and fill its study periods and holidays "
                    "from a preset."))
            else:
                lines.append(_fmt(self.tr("School year %1: %2 study periods."), progress.year_name,
                                  step.count))
            lines += step.problems
        elif key == "bells":
            lines.append(_fmt(self.tr("%1 lessons in the bell schedule."), step.count) if step.done
                         else self.tr("No bell schedule yet."))
        elif key == "holidays":
            lines.append(_fmt(self.tr("%1 vacations, holidays and non-school days."), step.count)
                         if step.done else self.tr("No vacations or holidays yet."))
        elif key == "subjects":
            lines.append(_fmt(self.tr("%1 subjects."), step.count) if step.done
                         else self.tr("No subjects yet."))
        elif key == "staff":
            lines.append(_fmt(self.tr("%1 staff members."), step.count) if step.done
                         else self.tr("Only the director so far: add the teachers."))
        elif key == "classes":
            lines.append(_fmt(self.tr("%1 classes."), step.count) if step.done
                         else self.tr("No classes yet."))
            if step.lacking:
                lines.append(_listed(self.tr("No class teacher: %1."), step.lacking))
        elif key == "students":
            if step.done:
                lines.append(_fmt(self.tr("%1 students, %2 parents, consents registered for %3."),
                                  step.count, step.extra.get("guardians", 0),
                                  step.extra.get("consents", 0)))
            else:
                lines.append(self.tr("No students yet.") if progress.step("classes").done
                             else self.tr("Add the classes first."))
            if step.done and step.lacking:
                lines.append(_listed(self.tr("No students in: %1."), step.lacking))
        elif key == "assignments":
            lines.append(_fmt(self.tr("%1 teaching assignments."), step.count) if step.count
                         else self.tr("No teaching assignments yet: a journal appears for "
                                      "each one."))
            if step.count and step.lacking:
                lines.append(_listed(self.tr("Classes without a teaching load: %1."),
                                     step.lacking))
        elif key == "timetable":
            if step.of:
                lines.append(_fmt(self.tr("Filled for %1 of %2 classes."), step.count, step.of))
            else:
                lines.append(self.tr("Comes after the classes and teaching assignments."))
            if step.count and step.lacking:
                lines.append(_listed(self.tr("Not every lesson of the week is placed in: %1."),
                                     step.lacking))
        elif key == "plans":
            if step.of:
                lines.append(_fmt(self.tr("%1 of %2 teaching assignments have a plan."), step.count,
                                  step.of))
            else:
                lines.append(self.tr("Comes after the teaching assignments."))
            lines.append(self.tr(
                "Teachers fill their plans from the journal («КТП…»); here the "
                "administration edits, imports or copies any journal's plan."))
        elif key == "accounts":
            extra = step.extra
            if step.done:
                lines.append(_fmt(self.tr("%1 accounts: everyone has one."), step.count))
            elif any(extra.values()):
                lines.append(_fmt(self.tr("Without an account: %1 staff, %2 students, %3 parents."),
                                  extra.get("staff", 0), extra.get("students", 0),
                                  extra.get("guardians", 0)))
            else:
                lines.append(self.tr("Comes after the staff and students."))
        return "\n".join(lines)
