"""Level-over-time charts, drawn on the server as SVG with pygal.

Plain values in, SVG bytes out. The chart is served as an image (so its own styles need no
exception in the page's content security policy) and always comes with a text alternative.
Its words (title, the two lines' names, the dates on the axis) come from the caller, already in
the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pygal
from pygal.style import Style

from app.continuum.levels import Step

_SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)


def chart_style(colors: tuple[str, ...], **extra: int) -> Style:
    """The house style of every server-drawn chart: white, dark text, DejaVu, readable sizes."""
    return Style(
        background="white",
        plot_background="white",
        foreground="#1f2937",
        foreground_strong="#111827",
        foreground_subtle="#d1d5db",
        colors=colors,
        font_family="DejaVu Sans, Arial, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        title_font_size=15,
        **extra,
    )


def without_script(svg: bytes) -> bytes:
    """pygal always embeds its config script; an image needs none."""
    return _SCRIPT.sub(b"", svg)


_STYLE = chart_style(("#1d4ed8", "#b45309"), stroke_width=3, stroke_width_hover=3)


def _english_day(day: date) -> str:
    return f"{day:%b} {day.day}"


@dataclass(frozen=True)
class LevelChart:
    title: str
    steps: Sequence[Step]  # the student's level, a step function
    start: date
    end: date
    expected: tuple[Decimal, Decimal] | None = None  # expected level at start and at end
    levels: tuple[int, int] = (0, 12)
    level_name: str = "Level"  # the legend's names for the two lines
    expected_name: str = "Expected level"
    day_label: Callable[[date], str] = _english_day  # a date on the axis, e.g. "Nov 1"


def _stepped(steps: Sequence[Step], end: date) -> list[tuple[date, float]]:
    """Points that draw a step function: each change holds until the day before the next."""
    points: list[tuple[date, float]] = []
    for i, step in enumerate(steps):
        if i:
            points.append((step.on - timedelta(days=1), float(steps[i - 1].level)))
        points.append((step.on, float(step.level)))
    if steps and steps[-1].on < end:
        points.append((end, float(steps[-1].level)))
    return points


def render_level_chart(chart: LevelChart) -> bytes:
    low, high = chart.levels
    line = pygal.DateLine(
        style=_STYLE,
        width=720,
        height=300,
        js=[],  # no script: the chart is a plain image
        disable_xml_declaration=False,
        show_dots=False,
        range=(low, high),
        min_scale=2,
        max_scale=6,
        x_value_formatter=chart.day_label,
        x_label_rotation=0,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        margin=12,
        title=chart.title,
    )
    line.x_labels = _month_starts(chart.start, chart.end)
    line.add(chart.level_name, _stepped(chart.steps, chart.end))
    if chart.expected is not None:
        start_value, end_value = chart.expected
        line.add(
            chart.expected_name,
            [(chart.start, float(start_value)), (chart.end, float(end_value))],
            stroke_style={"dasharray": "8, 5"},
        )
    svg: bytes = line.render()
    return without_script(svg)


def _month_starts(start: date, end: date) -> list[date]:
    """The first of each month in the span (and the start, unless a month begins soon)."""
    labels = [start] if start.day < 20 else []
    month = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    while month <= end:
        labels.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return labels
