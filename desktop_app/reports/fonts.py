"""The shipped DejaVu fonts registered with ReportLab (Cyrillic everywhere, embedded).

DejaVu Sans for headings and text; DejaVu Sans Condensed for the dense tables of the
bound journal. All are TrueType, which ReportLab always embeds (as subsets), so no
font of a document is left to the printer's substitution.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

ALL_FONTS = (REGULAR, BOLD, CONDENSED, CONDENSED_BOLD)


def register_fonts() -> None:
    """Register once per process; TrueType fonts are always embedded (subset)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name in ALL_FONTS:
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
