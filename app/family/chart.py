"""The level-over-time chart of a family summary, as a small hand-made SVG.

Pure: plain values in, SVG text out. It draws what `continuum.chart` draws (the level as a
step line, the expected level dashed) with a few dozen elements instead of pygal's few hundred,
because WeasyPrint's time grows with every SVG node: two pygal charts doubled the time of a
summary. Presentation attributes only (no <style>, no script), so the same SVG works inline in
a PDF and in a page under a strict content security policy. The month names come from the
caller, already in the reader's language; the caption beside the chart says which line is
which (solid and dashed, so colour is never the only clue), so the SVG carries no legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import ceil, floor
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 520, 135
LEFT, RIGHT, TOP, BOTTOM = 30, 14, 10, 30  # plot margins: the axis labels
LEVEL_COLOUR = "#1d4ed8"
EXPECTED_COLOUR = "#b45309"
GRID_COLOUR = "#d1d5db"
TEXT_COLOUR = "#1f2937"
FONT = "DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class ChartWords:
    months: Sequence[str]  # twelve short month names, January first


@dataclass(frozen=True)
class SummaryChart:
    steps: Sequence[tuple[date, Decimal]]  # the level from each date on, oldest first
    start: date
    end: date
    expected: tuple[Decimal, Decimal] | None  # at start and at end
    words: ChartWords


def axis_range(values: Sequence[Decimal], lowest: int = 0, highest: int = 12) -> tuple[int, int]:
    """Whole levels around the values, at least three apart, within the continuum."""
    low = max(lowest, floor(min(values)) - 1)
    high = min(highest, ceil(max(values)) + 1)
    if high - low < 3:
        high = min(highest, low + 3)
        low = max(lowest, high - 3)
    return low, high


def render_summary_chart(chart: SummaryChart, lowest: int = 0, highest: int = 12) -> str:
    values = [level for _, level in chart.steps] + list(chart.expected or ())
    low, high = axis_range(values, lowest, highest)
    plot = _Plot(chart.start, chart.end, low, high)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="{FONT}" font-size="15" '
        f'fill="{TEXT_COLOUR}" aria-hidden="true" focusable="false">'
    ]
    parts += _grid(plot, low, high)
    parts += _month_labels(plot, chart.start, chart.end, chart.words.months)
    if chart.expected is not None:
        x1, x2 = plot.x(chart.start), plot.x(chart.end)
        y1, y2 = plot.y(chart.expected[0]), plot.y(chart.expected[1])
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{EXPECTED_COLOUR}" stroke-width="2.5" stroke-dasharray="8 5"/>'
        )
    parts.append(_step_line(plot, chart.steps, chart.end))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class _Plot:
    start: date
    end: date
    low: int
    high: int

    def x(self, day: date) -> float:
        span = max(1, (self.end - self.start).days)
        share = min(1.0, max(0.0, (day - self.start).days / span))
        return LEFT + share * (WIDTH - LEFT - RIGHT)

    def y(self, level: Decimal) -> float:
        share = (float(level) - self.low) / (self.high - self.low)
        return TOP + (1 - share) * (HEIGHT - TOP - BOTTOM)


def _grid(plot: _Plot, low: int, high: int) -> list[str]:
    lines = []
    for level in range(low, high + 1):
        y = plot.y(Decimal(level))
        lines.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    return lines


def _month_labels(plot: _Plot, start: date, end: date, months: Sequence[str]) -> list[str]:
    """The first of each month in the span, labelled with its short name."""
    labels = []
    day = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    firsts = [start] if start.day < 20 else []
    while day <= end:
        firsts.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    baseline = HEIGHT - BOTTOM + 22
    step = max(1, ceil(len(firsts) / 8))  # at most eight labels, so they never collide
    for first in firsts[::step]:
        labels.append(
            f'<text x="{plot.x(first):.1f}" y="{baseline}" text-anchor="middle">'
            f"{escape(months[first.month - 1])}</text>"
        )
    return labels


def _step_line(plot: _Plot, steps: Sequence[tuple[date, Decimal]], end: date) -> str:
    points: list[str] = []
    for i, (day, level) in enumerate(steps):
        if i:
            points.append(f"{plot.x(day):.1f},{plot.y(steps[i - 1][1]):.1f}")
        points.append(f"{plot.x(day):.1f},{plot.y(level):.1f}")
    if steps:
        points.append(f"{plot.x(end):.1f},{plot.y(steps[-1][1]):.1f}")
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{LEVEL_COLOUR}" '
        f'stroke-width="3.5" stroke-linejoin="round"/>'
    )
