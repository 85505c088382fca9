"""The growth distribution as a bar chart, drawn on the server as SVG with pygal.

Plain values in, SVG bytes out, like `continuum.chart`: served as an image from its own route
(so its styles need no exception in the page's content security policy), with the same numbers
in a table beside it.
"""

from __future__ import annotations

import pygal

from app.continuum.chart import chart_style, without_script
from app.reports.report import Distribution

_STYLE = chart_style(("#1d4ed8", "#6b7280"), value_font_size=14)
WIDTH, HEIGHT = 720, 320


def render_growth_chart(distribution: Distribution, title: str) -> bytes:
    """Students per bucket of levels gained a year, each bar labelled with its count."""
    chart = pygal.Bar(
        style=_STYLE,
        width=WIDTH,
        height=HEIGHT,
        js=[],  # no script: the chart is a plain image
        title=title,
        x_title="Levels gained a year",
        y_title="Students",
        show_legend=False,
        print_values=True,
        print_zeroes=False,
        margin=12,
        x_label_rotation=0,
        truncate_label=-1,
        min_scale=2,
        max_scale=6,
        range=(0, max([b.students for b in distribution.buckets] + [distribution.unknown, 1])),
    )
    chart.x_labels = [b.short for b in distribution.buckets] + ["no figure yet"]
    chart.add("Students", [b.students for b in distribution.buckets] + [None])
    chart.add("Not enough history yet", [None] * len(distribution.buckets) + [distribution.unknown])
    svg: bytes = chart.render()
    return without_script(svg)  # pygal always embeds its config script; an image needs none
