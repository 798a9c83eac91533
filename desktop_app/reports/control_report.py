"""The journal-keeping control справка: a line per journal with the counts of what
is missing and late, then the findings one by one (each naming the lessons or the
students), grouped by teacher."""

from __future__ import annotations

from pathlib import Path

from database.queries.journal_control import ControlReport, JournalControl, LessonRef
from desktop_app.reports.registry import Link
from desktop_app.reports.tables import (
    Cell,
    Column,
    Progress,
    Section,
    TableDocument,
    build_table_pdf,
    build_table_xlsx,
)

TITLE = "Справка по итогам контроля ведения электронного журнала"
MAX_LISTED = 12  # lessons or students named in one finding before «и ещё N»


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    return f"{shown} и ещё {rest}" if rest > 0 else shown


def _lessons(refs: tuple[LessonRef, ...]) -> str:
    return _listed([r.text for r in refs])


def findings(journal: JournalControl, homework_minutes: int) -> list[tuple[str, str]]:
    """(finding, the lessons or students it names) of one journal."""
    lines: list[tuple[str, str]] = []

    def lesson_line(text: str, refs: tuple[LessonRef, ...]) -> None:
        if refs:
            lines.append((f"{text}: {len(refs)}", _lessons(refs)))

    lesson_line("Уроки без темы", journal.no_topic)
    lesson_line("Уроки без домашнего задания", journal.no_homework)
    lesson_line("Уроки без отметок посещаемости и без отметки о проведении",
                journal.no_attendance)
    lesson_line(f"Домашнее задание внесено позже {homework_minutes} мин после урока",
                journal.late_homework)
    if journal.late_marks or journal.late_attendance:
        lines.append(("Отметки и посещаемость внесены после дня урока",
                      f"отметок: {journal.late_marks}, посещаемости: {journal.late_attendance}"))
    for missing in journal.period_marks:
        lines.append((f"Нет итоговых отметок за {missing.period}: {len(missing.students)}",
                      _listed(list(missing.students))))
    if journal.few_marks:
        lines.append((
            f"Мало отметок (нужно не менее {journal.marks_required}): "
            f"{len(journal.few_marks)} уч.",
            _listed([f"{f.student} — {f.marks}" for f in journal.few_marks])))
    return lines


def control_links(report: ControlReport) -> list[Link]:
    """One line per lesson a finding names (the report window opens the journal there),
    then one per journal for the findings about students (opened at today)."""
    links: list[Link] = []
    for journal in report.journals:
        where = f"{journal.teacher} · {journal.journal}"
        for what, refs in (("без темы", journal.no_topic),
                           ("без домашнего задания", journal.no_homework),
                           ("без посещаемости", journal.no_attendance),
                           ("домашнее задание поздно", journal.late_homework)):
            links.extend(Link(f"{where} · {ref.text}: {what}", journal.assignment_id,
                              ref.lesson_id) for ref in refs)
        if journal.period_marks or journal.few_marks:
            what = ", ".join(t for t, shown in (("нет итоговых отметок", journal.period_marks),
                                                ("мало отметок", journal.few_marks)) if shown)
            links.append(Link(f"{where}: {what}", journal.assignment_id))
    return links


def control_document(report: ControlReport) -> TableDocument:
    summary: list[tuple[Cell, ...]] = []
    detail: list[tuple[Cell, ...]] = []
    warn: set[tuple[int, int]] = set()
    for journal in report.journals:
        row: tuple[Cell, ...] = (
            journal.teacher, journal.journal, journal.lessons_held, len(journal.no_topic),
            len(journal.no_homework), len(journal.no_attendance), journal.late_marks,
            journal.late_attendance, len(journal.late_homework),
            sum(len(m.students) for m in journal.period_marks),
            len(journal.few_marks) if journal.marks_required else None,
        )
        for col in range(3, len(row)):
            if row[col]:
                warn.add((len(summary), col))
        summary.append(row)
        for finding, named in findings(journal, report.homework_minutes):
            detail.append((journal.teacher, journal.journal, finding, named))
    thresholds = "; ".join(f"{h} ч в неделю — {n}" for h, n in sorted(report.thresholds.items()))
    legend = (
        "Учитываются уроки, которые прошли с первого дня периода по последний (не позднее "
        "сегодняшнего) и не отменены.",
        "Без темы, без домашнего задания — поле не заполнено. Без посещаемости — на уроке нет "
        "ни одной отметки и ни одного кода посещаемости, и он не отмечен как проведённый "
        "(если присутствовали все, учитель отмечает урок проведённым).",
        "Поздние записи: отметки и посещаемость, внесённые после дня урока; домашнее задание, "
        f"внесённое позже {report.homework_minutes} мин после окончания урока.",
        "Итоговые отметки проверяются за периоды, последняя неделя которых началась в "
        "выбранном периоде: ученики журнала на последний день периода без отметки.",
        f"Накопляемость: не менее отметок за четверть (9 недель) по часам в неделю: "
        f"{thresholds}; для более короткого периода — пропорционально числу недель, с "
        "округлением вниз. Учитываются ученики журнала на последний день периода; "
        "отметки на одном уроке считаются одной.",
        "Итоговые отметки и накопляемость не проверяются в классах, обучающихся без отметок "
        "(настройка школы «Классы без отметок», обычно 1-е), и по предметам без отметок.",
    )
    return TableDocument(
        title=TITLE,
        school=report.school_name,
        subtitle=f"период {report.first:%d.%m.%Y}–{report.last:%d.%m.%Y}",
        generated_on=report.as_of.date(),
        sections=(
            Section(
                heading="Сводка по журналам",
                columns=(Column("Учитель", 1.6, "left"), Column("Журнал", 2.6, "left"),
                         Column("Уроков", 0.7), Column("Без темы", 0.7),
                         Column("Без д/з", 0.7), Column("Без посещ.", 0.7),
                         Column("Отметки поздно", 0.8), Column("Посещ. поздно", 0.8),
                         Column("Д/з поздно", 0.7), Column("Нет итог. отметок", 0.8),
                         Column("Мало отметок, уч.", 0.8)),
                rows=tuple(summary),
                warn_cells=frozenset(warn),
            ),
            Section(
                heading="Замечания",
                columns=(Column("Учитель", 1.4, "left"), Column("Журнал", 2.2, "left"),
                         Column("Замечание", 2.8, "left"), Column("Уроки, ученики", 5.0,
                                                                  "left")),
                rows=tuple(detail),
                empty_text="Замечаний нет.",
            ),
        ),
        header="Контроль ведения журнала",
        legend=legend,
        signatures=("Заместитель директора по УВР", "Со справкой ознакомлен(а)"),
    )


def build_control_pdf(path: Path, report: ControlReport, progress: Progress) -> Path:
    return build_table_pdf(path, control_document(report), progress)


def build_control_xlsx(path: Path, report: ControlReport, progress: Progress) -> Path:
    return build_table_xlsx(path, control_document(report), progress)
