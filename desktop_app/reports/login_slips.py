"""Login slips: the paper a school hands out with each new login and one-time password.

Plain data in, a PDF file out, no widgets. One slip per person, ten to an A4 page
with dashed cutting lines; every sheet (a class's students and parents, the staff)
starts on a new page under its own heading, so a class teacher gets exactly the
pages of her class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop_app.reports.fonts import BOLD, REGULAR, register_fonts

COLUMNS = 2
ROWS = 5
MARGIN = 12 * mm
HEADER = 12 * mm
GAP = 4 * mm
INK = (0.12, 0.16, 0.2)
MUTED = (0.35, 0.38, 0.43)


@dataclass(frozen=True)
class LoginSlip:
    person_name: str  # "Алексеев Иван Петрович"
    role_title: str  # "ученик", "родитель", "учитель"
    login: str
    password: str  # the one-time password, shown once on paper
    detail: str = ""  # "5 «А» класс", "мать: Алексеев Иван"


@dataclass(frozen=True)
class SlipSheet:
    title: str  # "5 «А» класс", "Сотрудники"
    slips: tuple[LoginSlip, ...]


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_slip(
    canvas: Canvas, slip: LoginSlip, x: float, y: float, w: float, h: float,
    *, school_name: str, issued_on: date, min_length: int,
) -> None:
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setStrokeColorRGB(0.6, 0.63, 0.68)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y, w, h)
    canvas.restoreState()

    pad = 4 * mm
    inner = w - 2 * pad
    top = y + h - pad
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(x + pad, top - 7, _fit(school_name, REGULAR, 7.5, inner))
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 11)
    canvas.drawString(x + pad, top - 21, _fit(slip.person_name, BOLD, 11, inner))
    canvas.setFont(REGULAR, 8.5)
    role_line = slip.role_title + (f" · {slip.detail}" if slip.detail else "")
    canvas.drawString(x + pad, top - 33, _fit(role_line, REGULAR, 8.5, inner))

    label_w = 22 * mm
    for offset, label, value in ((52, "Логин:", slip.login), (70, "Пароль:", slip.password)):
        canvas.setFont(REGULAR, 9)
        canvas.setFillColorRGB(*MUTED)
        canvas.drawString(x + pad, top - offset, label)
        canvas.setFillColorRGB(*INK)
        canvas.setFont(BOLD, 13)
        canvas.drawString(x + pad + label_w, top - offset,
                          _fit(value, BOLD, 13, inner - label_w))

    canvas.setFont(REGULAR, 6.8)
    canvas.setFillColorRGB(*MUTED)
    note = (
        "Пароль одноразовый: при первом входе программа попросит придумать свой "
        f"(не короче {min_length} символов). Никому не сообщайте пароль. "
        f"Выдано {issued_on.strftime('%d.%m.%Y')}."
    )
    lines = simpleSplit(note, REGULAR, 6.8, inner)
    for index, line in enumerate(lines):
        canvas.drawString(x + pad, y + pad + (len(lines) - 1 - index) * 8.2, line)


def build_login_slips(
    path: Path,
    *,
    school_name: str,
    sheets: Sequence[SlipSheet],
    issued_on: date,
    min_length: int = 8,
) -> Path:
    """Write the slips of ``sheets`` to ``path`` (A4 portrait) and return ``path``."""
    register_fonts()
    page_w, page_h = A4
    slip_w = (page_w - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS
    slip_h = (page_h - 2 * MARGIN - HEADER - (ROWS - 1) * GAP) / ROWS
    per_page = COLUMNS * ROWS
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1, initialFontName=REGULAR)  # type: ignore[arg-type]
    canvas.setTitle(f"Логины и пароли — {school_name}")
    canvas.setAuthor(school_name)
    canvas.setCreator("School Journal")

    non_empty = [sheet for sheet in sheets if sheet.slips]
    if not non_empty:
        canvas.setFont(REGULAR, 12)
        canvas.drawString(MARGIN, page_h - MARGIN - 12, "Нет учётных записей для печати.")
        canvas.showPage()
    for sheet in non_empty:
        pages = (len(sheet.slips) + per_page - 1) // per_page
        for page in range(pages):
            canvas.setFillColorRGB(*INK)
            canvas.setFont(BOLD, 12)
            title = _fit(sheet.title, BOLD, 12, (page_w - 2 * MARGIN) * 0.55)
            canvas.drawString(MARGIN, page_h - MARGIN - 10, title)
            canvas.setFont(REGULAR, 8)
            canvas.setFillColorRGB(*MUTED)
            room = page_w - 2 * MARGIN - stringWidth(title, BOLD, 12) - 6 * mm
            sheet_no = f" · лист {page + 1} из {pages}"
            right = _fit(school_name, REGULAR, 8, room - stringWidth(sheet_no, REGULAR, 8))
            canvas.drawRightString(page_w - MARGIN, page_h - MARGIN - 10, right + sheet_no)
            chunk = sheet.slips[page * per_page : (page + 1) * per_page]
            for index, slip in enumerate(chunk):
                row, column = divmod(index, COLUMNS)
                x = MARGIN + column * (slip_w + GAP)
                y = page_h - MARGIN - HEADER - (row + 1) * slip_h - row * GAP
                _draw_slip(canvas, slip, x, y, slip_w, slip_h, school_name=school_name,
                           issued_on=issued_on, min_length=min_length)
            canvas.showPage()
    canvas.save()
    return path
