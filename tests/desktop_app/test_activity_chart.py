"""The «Отчёты» page's weekly history chart: read when asked for, the same figures
as the activity report."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.activity_chart import ActivityChart
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main


def test_the_history_chart_shows_every_week_with_lessons(qtbot, make_controller,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    main = controller.main
    main.ui.navigationList.setCurrentRow(main.section_keys.index("reports"))
    chart = main.findChild(ActivityChart)
    assert chart is not None and not chart.view.isVisibleTo(chart)
    with qtbot.waitSignal(chart.loaded, timeout=60_000):
        qtbot.mouseClick(chart.button, Qt.MouseButton.LeftButton)
    assert chart.report is not None and chart.view.isVisibleTo(chart)
    series = chart.chart.series()
    assert [s.name() for s in series] == [
        "Планирование", "Ведение журнала", "Онлайн-ведение", "Уникальные входы"]
    weeks_with_lessons = [p for p in chart.report.history if p.keeping.whole]
    assert series[1].count() == len(weeks_with_lessons) > 0
    assert series[1].at(0).y() == weeks_with_lessons[0].keeping.percent
    out = Path(os.environ.get("DIARY_SCREENSHOTS") or tmp_path)
    main.resize(1300, 900)
    qtbot.wait(300)
    assert main.grab().save(str(out / "reports_page_history.png"))
