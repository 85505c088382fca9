"""School-year arithmetic. Pure: plain dates in, plain values out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class YearProgress:
    fraction: float  # 0 on the first day, 1 on the last
    week: int  # 1-based week of the school year, clamped to the year
    weeks: int


def fraction_elapsed(on: date, first_day: date, last_day: date) -> float:
    """Share of the school year elapsed on `on`: 0 on the first day, 1 on the last, clamped."""
    span = (last_day - first_day).days
    if span <= 0:
        return 1.0 if on >= last_day else 0.0
    return min(1.0, max(0.0, (on - first_day).days / span))


def year_progress(on: date, first_day: date, last_day: date) -> YearProgress:
    weeks = (last_day - first_day).days // 7 + 1
    week = min(weeks, max(1, (on - first_day).days // 7 + 1))
    return YearProgress(fraction_elapsed(on, first_day, last_day), week, weeks)
