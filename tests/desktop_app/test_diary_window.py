"""The diary window on the tiny demo school (offscreen): the week as a paper diary,
navigation across the autumn holidays, the overview with forecast and "what if",
who sees what, and entries appearing after a teacher saves them."""

from __future__ import annotations

import csv
import os
from datetime import date, datetime, time
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from database.auth import SignedIn, sign_in
from database.models import Account, Lesson, Mark
from database.paths import SchoolPaths
from database.permissions import has_consent
from database.queries.diary import students_visible_to
from desktop_app.diary.window import DiaryWidget
from desktop_app.worker import WorkerTask
from tests.desktop_app.conftest import TODAY

WAIT_MS = 15_000


def _noon() -> datetime:
    """The demo school's "now": Wednesday 18 November 2026 at noon."""
    return datetime.combine(TODAY, time(12, 0))


def _password(paths: SchoolPaths, login: str) -> str:
    with (paths.root / "demo-logins.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["логин"] == login:
                return row["пароль"]
    raise LookupError(login)


def _attach(qtbot: QtBot, paths: SchoolPaths, login: str) -> SignedIn:
    """Sign ``login`` in on the database worker, as the sign-in dialog does."""
    result: list[SignedIn] = []
    password = _password(paths, login)
    WorkerTask(lambda w: w.attach(sign_in(paths, login, password, clock=_noon))).success(
        result.append).run()
    qtbot.waitUntil(lambda: bool(result), timeout=WAIT_MS)
    return result[0]


def _logins(paths: SchoolPaths) -> dict[str, list[str]]:
    """Demo logins by kind: parents with and without consent."""
    signed = sign_in(paths, "admin", _password(paths, "admin"), record=False)
    try:
        with signed.sessions() as session:
            parents = session.execute(
                select(Account.login, Account.guardian_id).where(Account.role == "parent")
                .order_by(Account.login)
            ).all()
            found: dict[str, list[str]] = {"consent": [], "no_consent": []}
            for login, guardian_id in parents:
                key = "consent" if has_consent(session, guardian_id, TODAY) else "no_consent"
                found[key].append(login)
            return found
    finally:
        signed.close()


def _diary(qtbot: QtBot, signed: SignedIn) -> DiaryWidget:
    widget = DiaryWidget(signed.actor, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    return widget


def _wait_week(qtbot: QtBot, widget: DiaryWidget, monday: date) -> None:
    qtbot.waitUntil(
        lambda: widget.week is not None and widget.week.monday == monday, timeout=WAIT_MS
    )


def test_parent_without_consent_sees_only_the_explanation(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    logins = _logins(demo_paths)
    assert logins["no_consent"], "the demo school should have a parent without consent"
    signed = _attach(qtbot, demo_paths, logins["no_consent"][0])
    widget = _diary(qtbot, signed)
    qtbot.waitUntil(lambda: widget.notice_label.isVisible(), timeout=WAIT_MS)
    assert "152-ФЗ" in widget.notice_label.text()
    assert not widget.tabs.isVisible()
    assert widget.week is None and widget.overview == ()
    assert widget.week_view.day_blocks() == []


def test_student_week_across_the_autumn_holidays(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    signed = _attach(qtbot, demo_paths, "s.vasilev.zm")
    widget = _diary(qtbot, signed)
    _wait_week(qtbot, widget, date(2026, 11, 16))
    assert not widget.student_combo.isVisible()  # a student sees only its own diary
    blocks = widget.week_view.day_blocks()
    assert len(blocks) == 6
    assert any(block.day.lessons for block in blocks[:3])  # Monday…Wednesday were taught

    qtbot.mouseClick(widget.previous_button, _left())
    _wait_week(qtbot, widget, date(2026, 11, 9))
    qtbot.mouseClick(widget.previous_button, _left())
    _wait_week(qtbot, widget, date(2026, 11, 2))
    days = widget.week.days if widget.week else ()
    assert [bool(d.holiday) for d in days] == [True, True, True, False, False, False]
    assert days[2].holiday == "День народного единства"
    assert days[3].lessons  # the second quarter starts on Thursday 5 November
    qtbot.mouseClick(widget.previous_button, _left())
    _wait_week(qtbot, widget, date(2026, 10, 26))
    assert all(d.holiday == "Осенние каникулы" for d in widget.week.days)  # type: ignore[union-attr]
    assert all(not block.day.lessons for block in widget.week_view.day_blocks())

    widget.date_edit.setDate(widget.date_edit.date().addDays(30))  # any day of a week
    _wait_week(qtbot, widget, date(2026, 11, 23))
    qtbot.mouseClick(widget.this_week_button, _left())
    _wait_week(qtbot, widget, date(2026, 11, 16))


def test_overview_forecast_and_what_if_on_screen(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    signed = _attach(qtbot, demo_paths, "s.vasilev.zm")
    widget = _diary(qtbot, signed)
    qtbot.waitUntil(lambda: bool(widget.overview), timeout=WAIT_MS)
    assert widget.period_combo.currentText() == "II четверть"
    model = widget.overview_model
    assert model.rowCount() == len(widget.overview)
    row = next(i for i, r in enumerate(widget.overview) if r.forecast and r.forecast != "5")
    overview = widget.overview[row]
    widget.overview_view.selectRow(row)
    assert widget.marks_table.rowCount() == len(overview.marks)
    assert overview.forecast is not None
    assert f"«{int(overview.forecast) + 1}»" in widget.what_if_label.text()
    assert model.index(row, 3).data() == overview.forecast
    # The chart got every marked subject's average.
    qtbot.waitUntil(lambda: bool(widget.series), timeout=WAIT_MS)
    assert widget.chart.bar_chart.series()
    assert widget.chart.line_chart.series()


def test_class_teacher_picks_a_student_of_its_class(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    signed = _attach(qtbot, demo_paths, "pavlova.lg")
    widget = _diary(qtbot, signed)
    qtbot.waitUntil(lambda: widget.week is not None, timeout=WAIT_MS)
    assert widget.student_combo.count() == len(widget.students) > 1
    assert {s.class_title for s in widget.students} == {"5 «А»"}
    widget.student_combo.setCurrentIndex(2)
    chosen = widget.students[2].id
    qtbot.waitUntil(
        lambda: widget.week is not None and widget.week.student_id == chosen, timeout=WAIT_MS
    )


def test_a_saved_mark_appears_on_refresh(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths
) -> None:
    signed = _attach(qtbot, demo_paths, "s.vasilev.zm")
    widget = _diary(qtbot, signed)
    _wait_week(qtbot, widget, date(2026, 11, 16))
    student_id = signed.actor.student_id
    before = sum(len(x.marks) for d in widget.week.days for x in d.lessons)  # type: ignore[union-attr]

    # A teacher saves a mark on this computer (another session of the same database).
    with signed.sessions() as session:
        visible = students_visible_to(session, signed.actor, TODAY)
        assert [s.id for s in visible] == [student_id]
        lesson = session.execute(
            select(Lesson).where(Lesson.date == date(2026, 11, 16)).order_by(Lesson.lesson_number)
        ).scalars().first()
        assert lesson is not None
        taken = session.execute(
            select(Mark.position).where(Mark.lesson_id == lesson.id,
                                        Mark.student_id == student_id)
        ).scalars().all()
        position = 2 if 1 in taken else 1
        session.add(Mark(lesson_id=lesson.id, student_id=student_id, position=position,
                         value="5", work_type="Устный ответ", weight=1.0,
                         comment="Новая отметка", entered_at=signed.actor.now()))
        session.commit()

    qtbot.mouseClick(widget.refresh_button, _left())
    qtbot.waitUntil(
        lambda: sum(len(x.marks) for d in widget.week.days for x in d.lessons)  # type: ignore[union-attr]
        == before + 1,
        timeout=WAIT_MS,
    )


def test_render_diary_to_png(
    app: object, qtbot: QtBot, demo_paths: SchoolPaths, tmp_path: Path
) -> None:
    """Renders every tab of the diary; the PNGs go to $DIARY_SCREENSHOTS when set,
    for a person to look at."""
    out = os.environ.get("DIARY_SCREENSHOTS") or str(tmp_path)
    signed = _attach(qtbot, demo_paths, "s.vasilev.zm")
    widget = _diary(qtbot, signed)
    widget.resize(1500, 950)
    _wait_week(qtbot, widget, date(2026, 11, 16))
    qtbot.waitUntil(lambda: bool(widget.series), timeout=WAIT_MS)
    _settle(qtbot)
    assert widget.grab().save(f"{out}/diary_week.png")
    widget.show_week(date(2026, 11, 2))
    _wait_week(qtbot, widget, date(2026, 11, 2))
    _settle(qtbot)
    assert widget.grab().save(f"{out}/diary_week_holiday.png")
    widget.tabs.setCurrentIndex(1)
    _settle(qtbot)
    assert widget.grab().save(f"{out}/diary_subjects.png")
    widget.tabs.setCurrentIndex(2)
    _settle(qtbot)
    assert widget.grab().save(f"{out}/diary_chart.png")


def _settle(qtbot: QtBot) -> None:
    """Every read the last step started has come back, and the layouts it changed
    are done (instead of waiting a fixed time before a screenshot)."""
    from PySide6.QtCore import QCoreApplication

    from desktop_app.worker import worker

    qtbot.waitUntil(lambda: worker().idle, timeout=WAIT_MS)
    QCoreApplication.processEvents()


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
