"""Charts drawn into the printed documents with ReportLab's canvas (no Qt: the
command line builds the same PDF): a percentage line chart, one line per series,
the x axis labelled by week; and a percentage bar chart, a group of bars per label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop_app.reports.fonts import CONDENSED, CONDENSED_BOLD
from desktop_app.reports.layout import Drawn

GRID = (0.82, 0.83, 0.86)
AXIS = (0.35, 0.35, 0.38)
COLOURS = ((0.16, 0.35, 0.63), (0.80, 0.38, 0.10), (0.20, 0.55, 0.30), (0.55, 0.25, 0.60))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # percent; None: no data that week (a gap)


def percent_chart(title: str, labels: Sequence[str], series: Sequence[Series],
                  width: float, height: float = 170.0) -> Drawn:
    """A 0–100 % line chart of ``series`` over ``labels`` (one point each)."""
    def draw(canvas: Canvas, w: float, h: float) -> None:
        left, bottom, top = 30.0, 24.0, 30.0
        plot_w, plot_h = w - left - 8, h - bottom - top
        canvas.setFont(CONDENSED_BOLD, 9)
        canvas.drawString(0, h - 10, title)
        # Legend, in one line under the title.
        x = 0.0
        canvas.setFont(CONDENSED, 7.5)
        for index, line in enumerate(series):
            canvas.setStrokeColorRGB(*COLOURS[index % len(COLOURS)])
            canvas.setLineWidth(1.6)
            canvas.line(x, h - 21, x + 14, h - 21)
            canvas.setFillColorRGB(*AXIS)
            canvas.drawString(x + 17, h - 23.5, line.name)
            x += 30 + stringWidth(line.name, CONDENSED, 7.5)
        # Grid and the y axis.
        canvas.setLineWidth(0.4)
        for step in range(0, 101, 20):
            y = bottom + plot_h * step / 100
            canvas.setStrokeColorRGB(*GRID)
            canvas.line(left, y, left + plot_w, y)
            canvas.setFillColorRGB(*AXIS)
            canvas.drawRightString(left - 3, y - 2.5, f"{step} %")
        canvas.setStrokeColorRGB(*AXIS)
        canvas.line(left, bottom, left + plot_w, bottom)
        count = len(labels)
        if count == 0:
            return

        def x_of(i: int) -> float:
            return left + (plot_w * (i + 0.5) / count)

        every = max(1, round(count / 18))  # at most ~18 labels
        for i, label in enumerate(labels):
            if i % every == 0 or i == count - 1:
                canvas.drawCentredString(x_of(i), bottom - 10, label)
                canvas.line(x_of(i), bottom, x_of(i), bottom - 2.5)
        for index, line in enumerate(series):
            canvas.setStrokeColorRGB(*COLOURS[index % len(COLOURS)])
            canvas.setFillColorRGB(*COLOURS[index % len(COLOURS)])
            canvas.setLineWidth(1.4)
            previous: tuple[float, float] | None = None
            for i, value in enumerate(line.values):
                if value is None:
                    previous = None
                    continue
                point = (x_of(i), bottom + plot_h * max(0.0, min(100.0, value)) / 100)
                if previous is not None:
                    canvas.line(*previous, *point)
                canvas.circle(*point, 1.4, stroke=0, fill=1)
                previous = point
        canvas.setFillColorRGB(0, 0, 0)

    return Drawn(width, height, draw)


def percent_bars(title: str, labels: Sequence[str], series: Sequence[Series],
                 width: float, height: float = 160.0) -> Drawn:
    """A 0–100 % bar chart: a group of bars per label, one bar per series (None: no
    bar), the value printed over each bar with the decimal comma."""
    def draw(canvas: Canvas, w: float, h: float) -> None:
        left, bottom, top = 30.0, 24.0, 40.0  # room for the labels over 100 % bars
        plot_w, plot_h = w - left - 8, h - bottom - top
        canvas.setFont(CONDENSED_BOLD, 9)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(0, h - 10, title)
        x = 0.0
        canvas.setFont(CONDENSED, 7.5)
        for index, line in enumerate(series):
            canvas.setFillColorRGB(*COLOURS[index % len(COLOURS)])
            canvas.rect(x, h - 25, 10, 6, stroke=0, fill=1)
            canvas.setFillColorRGB(*AXIS)
            canvas.drawString(x + 13, h - 25, line.name)
            x += 26 + stringWidth(line.name, CONDENSED, 7.5)
        canvas.setLineWidth(0.4)
        for step in range(0, 101, 20):
            y = bottom + plot_h * step / 100
            canvas.setStrokeColorRGB(*GRID)
            canvas.line(left, y, left + plot_w, y)
            canvas.setFillColorRGB(*AXIS)
            canvas.drawRightString(left - 3, y - 2.5, f"{step} %")
        canvas.setStrokeColorRGB(*AXIS)
        canvas.line(left, bottom, left + plot_w, bottom)
        if not labels or not series:
            return
        slot = plot_w / len(labels)
        bar = min(22.0, slot * 0.8 / len(series))
        canvas.setFont(CONDENSED, 6.5)
        for i, label in enumerate(labels):
            centre = left + slot * (i + 0.5)
            canvas.setFillColorRGB(*AXIS)
            canvas.drawCentredString(centre, bottom - 10, label)
            start = centre - bar * len(series) / 2
            for index, line in enumerate(series):
                value = line.values[i] if i < len(line.values) else None
                if value is None:
                    continue
                height_of = plot_h * max(0.0, min(100.0, value)) / 100
                x0 = start + bar * index
                canvas.setFillColorRGB(*COLOURS[index % len(COLOURS)])
                canvas.rect(x0 + 0.5, bottom, bar - 1, height_of, stroke=0, fill=1)
                canvas.setFillColorRGB(*AXIS)
                canvas.drawCentredString(x0 + bar / 2, bottom + height_of + 2,
                                         f"{value:.1f}".replace(".", ","))
        canvas.setFillColorRGB(0, 0, 0)

    return Drawn(width, height, draw)


__all__ = ["Series", "percent_bars", "percent_chart"]
