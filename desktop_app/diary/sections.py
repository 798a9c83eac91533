"""Where the diary and the report window live in the main window's sections.

One hook (:func:`with_diary_sections`) wraps a section page in tabs:

- «Дневник» (student, parent): the diary first, the overview page beside it;
- «Мой класс» (class teacher): the class page, the class's diaries, its documents;
- «Школа» (administration): the school page and every student's diary;
- «Отчёты» (administration): the indicators and the documents for printing.

Tabs other than the first are built when first opened, so signing in reads nothing
the user does not look at.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QTabWidget, QWidget

from database.actor import Actor


class LazyTabs(QTabWidget):
    """Tabs whose widgets are made on first view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionTabs")
        self.setDocumentMode(True)
        self._factories: dict[int, Callable[[], QWidget]] = {}
        self.currentChanged.connect(self._materialise)

    def add_page(self, page: QWidget, title: str) -> None:
        self.addTab(page, title)

    def add_lazy(self, factory: Callable[[], QWidget], title: str) -> None:
        index = self.addTab(QWidget(self), title)
        self._factories[index] = factory
        if index == self.currentIndex():
            self._materialise(index)

    def _materialise(self, index: int) -> None:
        factory = self._factories.pop(index, None)
        if factory is None:
            return
        title = self.tabText(index)
        placeholder = self.widget(index)
        self.blockSignals(True)
        self.removeTab(index)
        self.insertTab(index, factory(), title)
        self.setCurrentIndex(index)
        self.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()

    def built(self, index: int) -> QWidget | None:
        """The tab's widget once made (None while it is still a placeholder)."""
        return None if index in self._factories else self.widget(index)


TITLES: dict[str, str] = {
    "diary": str(QT_TRANSLATE_NOOP("DiarySections", "Diary")),
    "overview": str(QT_TRANSLATE_NOOP("DiarySections", "Overview")),
    "my_class": str(QT_TRANSLATE_NOOP("DiarySections", "My class")),
    "my_journals": str(QT_TRANSLATE_NOOP("DiarySections", "My journals")),
    "class_diary": str(QT_TRANSLATE_NOOP("DiarySections", "Class diary")),
    "documents": str(QT_TRANSLATE_NOOP("DiarySections", "Documents")),
    "school": str(QT_TRANSLATE_NOOP("DiarySections", "School")),
    "diaries": str(QT_TRANSLATE_NOOP("DiarySections", "Diaries")),
    "indicators": str(QT_TRANSLATE_NOOP("DiarySections", "Indicators")),
}


def _title(key: str) -> str:
    return QCoreApplication.translate("DiarySections", TITLES[key])


def with_diary_sections(
    key: str, page: QWidget, actor: Actor, today: Callable[[], date],
    open_lesson: Callable[[uuid.UUID, uuid.UUID | None], None] | None = None,
) -> QWidget:
    """``page`` of section ``key``, with the diary and documents tabs that belong there
    (``open_lesson``: how the documents' lines open a journal at a lesson)."""
    from desktop_app.diary.window import DiaryWidget
    from desktop_app.report_window import ReportWindow

    def diary() -> QWidget:
        return DiaryWidget(actor, today=today)

    def documents() -> QWidget:
        return ReportWindow(actor, today=today, open_lesson=open_lesson)

    if key == "diary":
        tabs = LazyTabs()
        tabs.add_lazy(diary, _title("diary"))
        tabs.add_page(page, _title("overview"))
        return tabs
    if key == "my_journals":  # a teacher's documents: the control of its journals
        tabs = LazyTabs()
        tabs.add_page(page, _title("my_journals"))
        tabs.add_lazy(documents, _title("documents"))
        return tabs
    if key == "my_class":
        tabs = LazyTabs()
        tabs.add_page(page, _title("my_class"))
        tabs.add_lazy(diary, _title("class_diary"))
        tabs.add_lazy(documents, _title("documents"))
        return tabs
    if key == "school":
        tabs = LazyTabs()
        tabs.add_page(page, _title("school"))
        tabs.add_lazy(diary, _title("diaries"))
        return tabs
    if key == "reports":
        tabs = LazyTabs()
        tabs.add_page(page, _title("indicators"))
        tabs.add_lazy(documents, _title("documents"))
        return tabs
    return page
