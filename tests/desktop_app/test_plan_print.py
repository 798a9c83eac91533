"""The КТП printed from its editor (tiny demo): a PDF of the journal's plan with the
lessons each topic was given on and the coming lessons the rest falls on — the same
dates the editor's «Planned on» column shows. The demo's lessons stop at its today,
so the rest of the year's lessons are generated first, as a timetable change does.
And the plans of a whole class from the document registry (the command line)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from database.actor import Actor
from database.changelog import local_device_id
from database.demo import DEMO_PASSWORDS
from database.services.lesson_generation import refresh_future_lessons
from desktop_app.cli import PASSWORD_ENV, main
from desktop_app.journal.plan_editor import PLANNED_COLUMN, PlanEditorWindow
from tests.desktop_app.journal_helpers import find_journal, journals, run_db, signed_in
from tests.desktop_app.setup_helpers import WAIT
from tests.desktop_app.test_plan_editor import wait_plan


def test_the_plan_is_printed_to_pdf(qtbot, demo_paths, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    signed = signed_in(qtbot, demo_paths, "tikhomirova.ns")
    math = find_journal(journals(qtbot, signed), "Математика")
    clock = signed.actor.clock
    run_db(qtbot, lambda s: refresh_future_lessons(
        s, Actor.system(local_device_id(s), clock=clock), [math.class_id]))
    window = PlanEditorWindow(signed.actor, math.assignment_id)
    qtbot.addWidget(window)
    window.show()
    wait_plan(qtbot, window)
    fact = window.fact
    assert fact is not None and fact.topics
    # The first topic not given in full has its coming lessons, shown in the editor.
    row, pending = next((i, t) for i, t in enumerate(fact.topics) if not t.done)
    assert pending.planned
    shown = window.table.item(row, PLANNED_COLUMN).text()
    assert shown == ", ".join(f"{g.date:%d.%m}" for g in pending.planned)

    out = tmp_path / "plan.pdf"
    window.choose_pdf = lambda suggested: out  # type: ignore[method-assign]
    window.print_button.click()
    qtbot.waitUntil(lambda: "plan.pdf" in window.summary_label.text(), timeout=WAIT)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Календарно-тематическое планирование" in text
    assert fact.title in text and "учитель Тихомирова Н. С." in text
    assert " ".join(fact.topics[0].topic.topic.split()[:2]) in text
    assert f"Всего {fact.planned_hours}" in text
    assert f"дано часов: {fact.given_hours}" in text
    assert pending.planned[0].date.strftime("%d.%m") in text


def test_a_class_plans_from_the_command_line(  # type: ignore[no-untyped-def]
    demo_paths, monkeypatch, capsys
) -> None:
    """«school-journal report plans --class 5А»: every journal of the class a section."""
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORDS["admin"])
    out = demo_paths.root / "plans.pdf"
    assert main(["report", "--data-dir", str(demo_paths.root), "--user", "admin", "plans",
                 "--class", "5А", "--out", str(out)]) == 0
    assert "Документ сохранён" in capsys.readouterr().out
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Календарно-тематическое планирование" in text and "5 «А» класс" in text
    for subject in ("5 «А» · Математика — учитель Тихомирова Н. С.", "5 «А» · Русский язык"):
        assert subject in text
