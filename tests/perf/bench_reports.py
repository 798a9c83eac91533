"""Benchmark figures of the printed documents (called from ``tests/perf/bench.py``).

On an already-built ``school`` demo: the full-year bound journal of the biggest class
(data gathering + PDF, seconds and pages); the same tables built as a plain ReportLab
document (``SimpleDocTemplate``, no running header, footer, bookmarks or two-pass
layout) in the same run — the baseline — and the ratio of our pages per second to
the baseline's (target ≥ 0.6); and every class's journal in seconds (target ≤ 60 s).

Every document of the registry (:func:`document_figures`): each built as the
report window builds it — data, PDF and workbook — for every class where it is of a
class, from the start of the year to the benchmark's day (its week, its day); seconds
per document and in all. The «Отчёты» page's indicators (:func:`indicator_figures`,
target ≤ 1 s on ``large``): the six figures of the week as the home page reads them,
and the whole activity report's data.

Run alone: ``python -m tests.perf.bench_reports bench-data/school`` (add
``documents`` or ``indicators`` after the folder for those alone).
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab import rl_config
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer
from sqlalchemy import func, select

from database.auth import sign_in
from database.demo import DEMO_PASSWORDS
from database.models import AcademicYear, Enrolment, SchoolClass
from database.paths import SchoolPaths
from database.queries.class_book import load_class_book
from desktop_app.reports.class_book import (
    build_class_book,
    class_book_frame,
    lay_out_class_book,
)
from desktop_app.reports.fonts import register_fonts
from desktop_app.reports.layout import (
    BINDING,
    BOTTOM,
    LANDSCAPE_A4,
    OUTER,
    TOP,
    Book,
    Drawn,
    _Page,
)
from tests.perf.clock import BENCH_TODAY, bench_clock


class _Story(Book):
    """A Book that only collects the story: the same section code builds the same
    tables, but pagination, drawing and everything else is left to ReportLab."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.story: list[Flowable] = []
        self._used = 0.0

    @property
    def remaining(self) -> float:
        return self.frame_height - self._used

    def page_break(self) -> None:
        if self.story and not isinstance(self.story[-1], PageBreak):
            self.story.append(PageBreak())
            self.pages.append(_Page())  # counted, so the spreads come out as in ours
            self._used = 0.0

    def bookmark(self, title: str, level: int = 0, key: str | None = None) -> str:
        return key or title

    def add(self, flowable: Flowable, *, space_before: float = 0.0) -> None:
        if space_before and self._used:
            self.story.append(Spacer(1, space_before))
            self._used += space_before
        self.story.append(flowable)
        self._used += getattr(flowable, "height", 0) if isinstance(flowable, Drawn) else 0


def _baseline(data: Any) -> tuple[float, int]:
    """Seconds and pages of a plain ReportLab document of the same tables: built by
    the same table code, paginated and drawn by ``SimpleDocTemplate`` (no running
    header, footer, bookmarks or two-pass layout), with the same stream filters."""
    counted: list[int] = []

    def count(canvas: Any, doc: Any) -> None:
        counted.append(canvas.getPageNumber())

    use_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        start = time.perf_counter()
        collector = _Story(**class_book_frame(data))
        lay_out_class_book(data, into=collector)
        doc = SimpleDocTemplate(io.BytesIO(), pagesize=LANDSCAPE_A4, leftMargin=BINDING,
                                rightMargin=OUTER, topMargin=TOP, bottomMargin=BOTTOM)
        doc.build(collector.story, onFirstPage=count, onLaterPages=count)
        seconds = time.perf_counter() - start
    finally:
        rl_config.useA85 = use_a85
    return seconds, len(counted)


def report_figures(paths: SchoolPaths) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    signed = sign_in(paths, "admin", DEMO_PASSWORDS["admin"], clock=bench_clock)
    try:
        with signed.sessions() as session:
            current = select(AcademicYear.id).where(AcademicYear.is_current.is_(True))
            classes = session.execute(
                select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
                .where(SchoolClass.year_id.in_(current))
                .order_by(SchoolClass.grade, SchoolClass.letter)
            ).all()
            biggest = session.execute(
                select(Enrolment.class_id).where(Enrolment.class_id.in_([c[0] for c in classes]))
                .group_by(Enrolment.class_id).order_by(func.count().desc()).limit(1)
            ).scalar_one()
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            register_fonts()  # once per process (the TrueType files are parsed here)
            with signed.sessions() as session:
                start = time.perf_counter()
                data = load_class_book(session, signed.actor, biggest)
                loaded = time.perf_counter()
            build_class_book(out / "one.pdf", data)
            done = time.perf_counter()
            pages = len(PdfReader(str(out / "one.pdf")).pages)
            grade_letter = next(f"{g}{letter}" for cid, g, letter in classes if cid == biggest)
            figures["journal_pdf_class"] = grade_letter
            figures["journal_pdf_lessons"] = sum(len(j.lessons) for j in data.journals)
            figures["journal_pdf_one_class_s"] = round(done - start, 3)
            figures["journal_pdf_one_class_data_s"] = round(loaded - start, 3)
            figures["journal_pdf_one_class_build_s"] = round(done - loaded, 3)
            figures["journal_pdf_one_class_pages"] = pages

            # Ours and the baseline alternately, three times each; medians (the
            # benchmark machines are shared and noisy).
            ours: list[float] = []
            base: list[float] = []
            base_pages = 0
            for _ in range(3):
                begin = time.perf_counter()
                build_class_book(out / "again.pdf", data)
                ours.append(time.perf_counter() - begin)
                seconds, base_pages = _baseline(data)
                base.append(seconds)
            our_pps = pages / statistics.median(ours)
            base_pps = base_pages / statistics.median(base)
            figures["journal_pdf_pages_per_s"] = round(our_pps, 1)
            figures["baseline_reportlab_pages"] = base_pages
            figures["baseline_reportlab_s"] = round(statistics.median(base), 3)
            figures["baseline_reportlab_pages_per_s"] = round(base_pps, 1)
            figures["journal_pdf_ratio_to_baseline"] = round(our_pps / base_pps, 2)

            start = time.perf_counter()
            total_pages = 0
            for class_id, grade, letter in classes:
                with signed.sessions() as session:
                    book = load_class_book(session, signed.actor, class_id)
                laid_out = lay_out_class_book(book)
                laid_out.render(out / f"{grade}{letter}.pdf")
                total_pages += laid_out.total_pages
            figures["journal_pdf_all_classes_s"] = round(time.perf_counter() - start, 2)
            figures["journal_pdf_all_classes_count"] = len(classes)
            figures["journal_pdf_all_classes_pages"] = total_pages
    finally:
        signed.close()
    return figures


def _quiet(stage: str, fraction: float) -> None:
    """Builders' progress, not shown."""


def document_figures(paths: SchoolPaths) -> dict[str, Any]:
    """Every registry document for the whole school, as the administration builds it."""
    from database.queries.report_choices import report_choices
    from desktop_app.reports.registry import DOCUMENTS, Need, Params

    figures: dict[str, Any] = {}
    signed = sign_in(paths, "admin", DEMO_PASSWORDS["admin"], clock=bench_clock)
    try:
        with signed.sessions() as session:
            choices = report_choices(session, signed.actor)
        # The school year to the benchmark's day: the first quarter's marks are in it.
        span = choices.ranges[-1]
        figures["documents_range"] = f"{span.start:%d.%m.%Y}–{BENCH_TODAY:%d.%m.%Y}"
        register_fonts()
        total = 0.0
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            for document in DOCUMENTS:
                if Need.STUDENT in document.needs:
                    continue  # one student's extract: the class's extracts stand for it
                targets = [c.id for c in choices.classes] if Need.CLASS in document.needs \
                    else [None]
                start = time.perf_counter()
                pages = 0
                for class_id in targets:
                    params = Params(class_id=class_id, date_from=span.start,
                                    date_to=min(span.end, BENCH_TODAY), today=BENCH_TODAY,
                                    day=BENCH_TODAY)
                    with signed.sessions() as session:
                        data = document.load(session, signed.actor, params)
                    pdf = document.pdf(out / f"{document.key}.pdf", data, _quiet)
                    pages += len(PdfReader(str(pdf)).pages)
                    if document.xlsx is not None:
                        document.xlsx(out / f"{document.key}.xlsx", data, _quiet)
                seconds = time.perf_counter() - start
                total += seconds
                figures[f"document_{document.key}_s"] = round(seconds, 2)
                figures[f"document_{document.key}_pages"] = pages
                figures[f"document_{document.key}_count"] = len(targets)
        figures["documents_all_s"] = round(total, 1)
    finally:
        signed.close()
    return figures


def indicator_figures(paths: SchoolPaths) -> dict[str, Any]:
    """The «Отчёты» page's six indicators of the week (median of three reads) and the
    whole activity report's data (week, year, per class, per teacher, history)."""
    from database.queries.activity import load_activity
    from database.queries.home import activity_indicators

    figures: dict[str, Any] = {}
    signed = sign_in(paths, "admin", DEMO_PASSWORDS["admin"], clock=bench_clock)
    try:
        page: list[float] = []
        full: list[float] = []
        for _ in range(3):
            with signed.sessions() as session:
                start = time.perf_counter()
                activity_indicators(session, signed.actor, BENCH_TODAY)
                page.append(time.perf_counter() - start)
            with signed.sessions() as session:
                start = time.perf_counter()
                load_activity(session, signed.actor, BENCH_TODAY)
                full.append(time.perf_counter() - start)
        figures["indicators_page_s"] = round(statistics.median(page), 3)
        figures["activity_report_data_s"] = round(statistics.median(full), 3)
    finally:
        signed.close()
    return figures


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-data/school")
    which = sys.argv[2] if len(sys.argv) > 2 else "journal"
    run = {"journal": report_figures, "documents": document_figures,
           "indicators": indicator_figures}[which]
    print(json.dumps(run(SchoolPaths(root)), ensure_ascii=False, indent=2))
