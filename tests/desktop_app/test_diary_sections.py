"""The diary and the documents inside the main window: the student's section opens
on the diary, a class teacher finds its class's diaries and documents beside the
class page, the administration every diary and the documents; a lock while a diary
is loading leaves no error behind."""

from __future__ import annotations

from desktop_app.diary.sections import LazyTabs
from desktop_app.diary.window import DiaryWidget
from desktop_app.report_window import ReportWindow
from desktop_app.worker import worker
from tests.desktop_app.conftest import DEMO, sign_in_with_dialog, wait_main

WAIT_MS = 20_000


def _tabs(main, key: str) -> LazyTabs:  # type: ignore[no-untyped-def]
    page = main.ui.pageStack.widget(main.section_keys.index(key))
    assert isinstance(page, LazyTabs)
    return page


def test_student_section_opens_on_the_diary(qtbot, make_controller, recorded_messages) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["student"])
    wait_main(qtbot, controller)
    tabs = _tabs(controller.main, "diary")
    diary = tabs.built(0)
    assert isinstance(diary, DiaryWidget)
    qtbot.waitUntil(lambda: diary.week is not None, timeout=WAIT_MS)
    assert diary.week is not None and diary.week.student_name.startswith("Васильев")
    assert tabs.tabText(1) == "Обзор"  # the overview page the section had stays beside it
    assert recorded_messages.shown == []


def test_class_teacher_gets_class_diaries_and_documents(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["class_teacher"])
    wait_main(qtbot, controller)
    tabs = _tabs(controller.main, "my_class")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Мой класс", "Дневники класса", "Документы"]
    assert tabs.built(1) is None and tabs.built(2) is None  # nothing read until opened
    tabs.setCurrentIndex(1)
    diary = tabs.built(1)
    assert isinstance(diary, DiaryWidget)
    qtbot.waitUntil(lambda: diary.student_combo.count() == 25, timeout=WAIT_MS)
    tabs.setCurrentIndex(2)
    documents = tabs.built(2)
    assert isinstance(documents, ReportWindow)
    qtbot.waitUntil(lambda: documents.class_combo.count() == 1, timeout=WAIT_MS)


def test_admin_documents_and_every_diary(qtbot, make_controller) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["admin"])
    wait_main(qtbot, controller)
    main = controller.main
    reports = _tabs(main, "reports")
    reports.setCurrentIndex(1)
    documents = reports.built(1)
    assert isinstance(documents, ReportWindow)
    qtbot.waitUntil(lambda: documents.document_combo.count() >= 2, timeout=WAIT_MS)
    assert documents.document_combo.itemData(0) == "journal"
    school = _tabs(main, "school")
    school.setCurrentIndex(1)
    diary = school.built(1)
    assert isinstance(diary, DiaryWidget)
    qtbot.waitUntil(lambda: diary.week is not None, timeout=WAIT_MS)


def test_lock_while_the_diary_loads_leaves_no_error(  # type: ignore[no-untyped-def]
    qtbot, make_controller, recorded_messages
) -> None:
    controller = make_controller()
    sign_in_with_dialog(qtbot, controller, *DEMO["parent"])
    wait_main(qtbot, controller)
    main = controller.main
    diary = _tabs(main, "diary").built(0)
    assert isinstance(diary, DiaryWidget)
    diary.refresh()
    main.ui.actionLock.trigger()
    assert controller.locked and main.ui.pageStack.count() == 0
    # The reads still under way come back to destroyed widgets.
    qtbot.waitUntil(lambda: worker().idle, timeout=WAIT_MS)
    assert [k for k, _ in recorded_messages.shown if k in ("warning", "critical")] == []
