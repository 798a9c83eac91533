"""Page layout shared by the printed documents: a book of pages built in two passes.

Pass 1 (:meth:`Book.add`) lays the flowables out: it wraps each one, splits tables
that do not fit, and decides which page everything goes on — so the number of pages
and the page of every section are known before anything is drawn. Pass 2
(:meth:`Book.render`) draws every page with its running header, the page or sheet
number and the generation date, and puts the bookmarks on the pages pass 1 chose.
Flowables that must print a count (the certification sheet, the title page) or
section places (the contents) read them from the book while they draw.

For binding, the inner margin is 30 mm: on the left of odd pages and on the right of
even pages (mirrored for duplex printing), nothing is drawn inside it.

**Sheets, not pages** (``numbering="sheets"``, the bound journal). The book is
printed duplex, so a sheet (лист) is two pages: page 2k−1 is the front of sheet k and
page 2k its back. As the archive numbers a file, the number is written on the front
only, in the top right corner, away from the binding; the backs carry none. A page
marked *unnumbered* (the certification sheet: the archive rules number neither it
nor count it) starts a sheet of its own and is left out of the count, so a book of N
numbered pages has ⌈N/2⌉ sheets. ``numbering="pages"`` (extracts, slips) prints
«Страница N из M» in the footer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop_app.reports.fonts import BOLD, CONDENSED, REGULAR, register_fonts

LANDSCAPE_A4 = landscape(A4)
BINDING = 30 * mm  # the inner margin the binding takes
OUTER = 10 * mm
TOP = 10 * mm
BOTTOM = 9 * mm
HEADER_SPACE = 8 * mm  # running header and the gap under it
FOOTER_SPACE = 7 * mm
INK = (0.1, 0.1, 0.12)
# An empty table cell that ReportLab skips (an empty string still costs a text object).
EMPTY: tuple[()] = ()
MUTED = (0.35, 0.37, 0.4)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def wrap_text(text: str, font: str, size: float, width: float, max_lines: int = 0) -> str:
    """Break ``text`` into lines that fit ``width`` (for plain-string table cells,
    which ReportLab draws line by line at a fraction of a Paragraph's cost)."""
    if not text:
        return ""
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return text
    lines: list[str] = []
    for raw in text.splitlines() or [""]:
        # Only plain spaces break a line: a no-break space (U+00A0) holds a date to its
        # marks («05.11: 5, 4») the way typesetters hold a number to its unit.
        words = [word for word in raw.split(" ") if word]
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while stringWidth(word, font, size) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and stringWidth(word[:cut] + "-", font, size) > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            line = word
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit_text(lines[-1] + "…", font, size, width)
    return "\n".join(lines)


@dataclass(frozen=True)
class PageStyle:
    size: tuple[float, float] = LANDSCAPE_A4
    inner: float = BINDING  # binding margin: left on odd pages, right on even ones
    outer: float = OUTER
    mirrored: bool = True
    top: float = TOP
    bottom: float = BOTTOM
    header: bool = True


@dataclass
class _Placed:
    flowable: Flowable
    width: float
    height: float
    y: float  # distance from the frame's top to the flowable's top


def sheet_of(page: int) -> int:
    """The sheet (лист) a 1-based page of a duplex print is on: ⌈page/2⌉."""
    return (page + 1) // 2


def sheet_place(page: int) -> str:
    """Where a page is, as the archive writes it: «5» for the front of sheet 5,
    «5 об.» for its back (оборот)."""
    return f"{sheet_of(page)}" + ("" if page % 2 else " об.")


def shrink_to_fit(text: str, font: str, size: float, width: float, height: float,
                  min_size: float = 5.0) -> tuple[str, float]:
    """``text`` and a font size at which it fits ``width`` × ``height`` whole: one
    line at the largest size from ``size`` down to ``min_size``, then two or more
    lines. Nothing is cut off (at ``min_size`` the text wraps as far as it must)."""
    steps = max(1, round((size - min_size) / 0.5))
    sizes = [size - 0.5 * i for i in range(steps + 1)]
    for candidate in sizes:
        if stringWidth(text, font, candidate) <= width:
            return text, candidate
    for candidate in sizes:
        wrapped = wrap_text(text, font, candidate, width)
        if (wrapped.count("\n") + 1) * candidate * 1.12 <= height:
            return wrapped, candidate
    return wrap_text(text, font, min_size, width), min_size


@dataclass
class _Page:
    items: list[_Placed] = field(default_factory=list)
    used: float = 0.0
    bookmarks: list[tuple[str, str, int]] = field(default_factory=list)  # key, title, level
    header: bool = True
    numbered: bool = True
    restarts: bool = False  # «Страница 1 из …» again here (the next student's extract)


class Book:
    """A document laid out page by page (pass 1) and drawn once (pass 2)."""

    def __init__(
        self,
        *,
        title: str,
        author: str,
        header_left: str,
        header_center: str,
        header_right: str,
        generated_on: date,
        style: PageStyle | None = None,
        footer_label: str = "Страница",
        numbering: str = "pages",
    ) -> None:
        register_fonts()
        self.title = title
        self.author = author
        self.header_parts = (header_left, header_center, header_right)
        self.generated_on = generated_on
        self.style = style or PageStyle()
        self.footer_label = footer_label
        if numbering not in ("pages", "sheets"):
            raise ValueError(numbering)
        self.numbering = numbering
        page_w, page_h = self.style.size
        self.frame_width = page_w - self.style.inner - self.style.outer
        self.frame_height = (
            page_h - self.style.top - self.style.bottom - FOOTER_SPACE
            - (HEADER_SPACE if self.style.header else 0)
        )
        self.pages: list[_Page] = [_Page(header=self.style.header)]
        self.anchors: dict[str, int] = {}  # bookmark key → page number (1-based)
        self.page_number = 0  # while drawing: the page being drawn
        self._counts: list[tuple[int, int]] = []
        self._keys = 0

    # --- pass 1: layout ---------------------------------------------------------------------

    @property
    def total_pages(self) -> int:
        return len(self.pages)

    @property
    def total_sheets(self) -> int:
        """The numbered sheets of the duplex print (unnumbered pages left out)."""
        return sheet_of(sum(1 for page in self.pages if page.numbered))

    @property
    def remaining(self) -> float:
        return self.frame_height - self.pages[-1].used

    def page_break(self) -> None:
        """Start a new page (nothing happens on a page that is still empty)."""
        if self.pages[-1].items:
            self.pages.append(_Page(header=self.style.header))

    def start_page(self, *, odd: bool) -> None:
        """Start a new page that is odd (the front of a new sheet) or even (the left
        half of a spread); the page in between, if any, is left blank and says so."""
        self.page_break()
        if (len(self.pages) % 2 == 1) != odd:
            self.add(Drawn(self.frame_width, self.remaining, _blank_page))
            self.page_break()

    def start_sheet(self) -> None:
        """Start the front of a new sheet, so what follows can be taken out whole."""
        self.start_page(odd=True)

    def restart_numbering(self) -> None:
        """Count pages afresh from the current page («Страница 1 из 2» of each
        student's extract in a class batch, each handed out on its own)."""
        self.pages[-1].restarts = True

    def _page_counts(self) -> list[tuple[int, int]]:
        """(number, of) for every page: counted from the last restart to the next."""
        starts = [i for i, page in enumerate(self.pages) if page.restarts or i == 0]
        ends = [*starts[1:], len(self.pages)]
        counts: list[tuple[int, int]] = []
        for start, end in zip(starts, ends, strict=True):
            counts += [(i - start + 1, end - start) for i in range(start, end)]
        return counts

    def unnumbered(self) -> None:
        """The current page is not numbered nor counted (the certification sheet)."""
        self.pages[-1].numbered = False

    def bookmark(self, title: str, level: int = 0, key: str | None = None) -> str:
        """A PDF bookmark (outline entry) to the current page; returns its key."""
        if key is None:
            self._keys += 1
            key = f"s{self._keys}"
        page = self.pages[-1]
        page.bookmarks.append((key, title, level))
        self.anchors[key] = len(self.pages)
        return key

    def add(self, flowable: Flowable, *, space_before: float = 0.0) -> None:
        """Place ``flowable`` on the current page, splitting it across pages if needed."""
        pending = [flowable]
        while pending:
            item = pending.pop(0)
            page = self.pages[-1]
            gap = space_before if page.items else 0.0
            avail = self.frame_height - page.used - gap
            width, height = item.wrap(self.frame_width, avail)
            if height <= avail + 0.01:
                page.items.append(_Placed(item, width, height, page.used + gap))
                page.used += gap + height
                continue
            parts = item.split(self.frame_width, avail) if avail > 20 else []
            if len(parts) > 1:
                pending[:0] = parts
                continue
            if not page.items:
                # Taller than a whole page and not splittable: let it overflow at the
                # bottom rather than loop forever (never happens with our tables).
                page.items.append(_Placed(item, width, height, 0.0))
                page.used = self.frame_height
                self.page_break()
                continue
            self.pages.append(_Page(header=self.style.header))
            pending.insert(0, item)

    # --- pass 2: drawing --------------------------------------------------------------------

    def frame_left(self, page_number: int) -> float:
        """x of the text frame on page ``page_number`` (1-based): odd pages keep the
        binding margin on the left, even ones on the right."""
        if not self.style.mirrored or page_number % 2 == 1:
            return self.style.inner
        return self.style.outer

    def render(self, path: Path, *, invariant: bool | None = None,
               progress: Callable[[int, int], None] | None = None) -> Path:
        """Draw every page to ``path``; ``invariant`` (default: ``rl_config.invariant``,
        set by ``RL_invariant=1``) makes the bytes reproducible; ``progress(done,
        total)`` after each page."""
        if invariant is None:
            invariant = bool(rl_config.invariant)
        # Drawn into a temporary file beside ``path`` and renamed at the end: a
        # cancelled or failed build never leaves half a document (or clobbers the
        # previous one).
        partial = path.with_name(f".{path.name}.partial")
        canvas = Canvas(
            str(partial), pagesize=self.style.size, pageCompression=1,
            invariant=1 if invariant else 0, initialFontName=REGULAR,  # type: ignore[arg-type]
        )
        canvas.setTitle(self.title)
        canvas.setAuthor(self.author)
        canvas.setCreator("School Journal")
        canvas.setSubject(self.header_parts[1])
        page_h = self.style.size[1]
        self._counts = self._page_counts()
        for index, page in enumerate(self.pages, start=1):
            self.page_number = index
            left = self.frame_left(index)
            for key, title, level in page.bookmarks:
                canvas.bookmarkPage(key)
                canvas.addOutlineEntry(title, key, level=level, closed=level == 0)
            self._draw_chrome(canvas, index, left, page.header)
            top = page_h - self.style.top - (HEADER_SPACE if page.header else 0)
            for placed in page.items:
                placed.flowable.drawOn(canvas, left, top - placed.y - placed.height)
            canvas.showPage()
            if progress is not None:
                progress(index, len(self.pages))
        if any(page.bookmarks for page in self.pages):
            canvas.showOutline()
        # Plain Flate streams: the ASCII85 layer ReportLab adds by default only makes
        # the file bigger and costs a fifth of the build time in pure Python.
        use_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas.save()
            os.replace(partial, path)
        finally:
            rl_config.useA85 = use_a85
            partial.unlink(missing_ok=True)
        return path

    def _draw_chrome(self, canvas: Canvas, number: int, left: float, header: bool) -> None:
        page_h = self.style.size[1]
        width = self.frame_width
        canvas.setFillColorRGB(*MUTED)
        canvas.setStrokeColorRGB(*MUTED)
        canvas.setLineWidth(0.4)
        if header:
            y = page_h - self.style.top - 8
            h_left, h_center, h_right = self.header_parts
            canvas.setFont(REGULAR, 7.5)
            third = width / 3 - 6
            canvas.drawString(left, y, fit_text(h_left, REGULAR, 7.5, third))
            canvas.drawRightString(left + width, y, fit_text(h_right, REGULAR, 7.5, third))
            canvas.setFont(BOLD, 8)
            canvas.drawCentredString(left + width / 2, y, fit_text(h_center, BOLD, 8, third))
            canvas.line(left, y - 3, left + width, y - 3)
        y = self.style.bottom
        canvas.setFont(CONDENSED, 7.5)
        canvas.drawString(left, y, f"Сформировано {self.generated_on:%d.%m.%Y}")
        if self.numbering == "pages":
            canvas.setFont(BOLD, 8)
            counted, of = self._counts[number - 1]
            canvas.drawRightString(left + width, y, f"{self.footer_label} {counted} из {of}")
        elif number % 2 == 1 and self.pages[number - 1].numbered:
            # The front of a sheet: its number in the top right corner, away from the
            # binding (which is on the left of odd pages).
            canvas.setFillColorRGB(*INK)
            canvas.setFont(BOLD, 10)
            canvas.drawRightString(left + width, page_h - self.style.top + 1,
                                   f"Лист {sheet_of(number)}")
        canvas.setFillColorRGB(*INK)
        canvas.setStrokeColorRGB(*INK)


class Drawn(Flowable):
    """A fixed-size flowable drawn by a callback at pass 2 (it may read the book's
    page count and anchors, which pass 1 has settled by then)."""

    def __init__(self, width: float, height: float,
                 draw: Callable[[Canvas, float, float], None]) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self._draw_cb = draw

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self._draw_cb(self.canv, self.width, self.height)


def _blank_page(canvas: Canvas, w: float, h: float) -> None:
    canvas.setFont(CONDENSED, 9)
    canvas.drawCentredString(w / 2, h / 2, "Страница оставлена пустой")


class RotatedText(Flowable):
    """A short label turned 90° for a narrow table header cell (day numbers)."""

    def __init__(self, text: str, font: str = CONDENSED, size: float = 7,
                 height: float | None = None) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.width = size * 1.2
        self.height = height if height is not None else stringWidth(text, font, size) + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self.font, self.size)
        canvas.translate(self.width / 2 + self.size * 0.35, 1)
        canvas.rotate(90)
        canvas.drawString(0, 0, self.text)
        canvas.restoreState()


# ReportLab writes one flat page tree, uncompressed dictionaries (only the page
# contents are Flate streams): ``<< /Count 42 /Kids [ 3 0 R ... ] /Type /Pages >>``.
_PAGE_TREE = re.compile(rb"/Count (\d+) /Kids \[[^\]]*\] /Type /Pages\b")


def written_page_count(path: Path) -> int:
    """The number of pages of a PDF that :meth:`Book.render` wrote, read back from the
    file itself (the command line reports it; a PDF reader library is only a
    development dependency)."""
    found = _PAGE_TREE.search(path.read_bytes())
    if found is None:
        raise ValueError(f"{path} has no ReportLab page tree")
    return int(found.group(1))
