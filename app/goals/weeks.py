"""ISO weeks for the weekly check-in: which week a date is in, and when a week locks.

Pure: plain dates in, plain values out. A week runs Monday to Sunday (ISO 8601), so a
check-in is editable through its Sunday and locked from the Monday after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @property
    def starts_on(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def ends_on(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)


def week_of(day: date) -> IsoWeek:
    """The ISO week `day` falls in (the ISO year can differ from the calendar year)."""
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def is_locked(week_start: date, today: date) -> bool:
    """A week's check-in can be changed until its Sunday ends."""
    return today > week_start + timedelta(days=6)


def recent_mondays(today: date, since: date, limit: int) -> list[date]:
    """Mondays of the weeks from `since` to this week, newest first, at most `limit` of them."""
    first = monday_of(since)
    monday = monday_of(today)
    weeks: list[date] = []
    while monday >= first and len(weeks) < limit:
        weeks.append(monday)
        monday -= timedelta(days=7)
    return weeks


def sparkline(values: Sequence[float | None], width: int = 160, height: int = 40) -> str:
    """SVG polyline points for `values` on a 1–5 scale, oldest first; gaps are skipped.

    Returned as the `points` attribute text, so charts need neither scripts nor inline styles.
    """
    if not values:
        return ""
    step = width / max(len(values) - 1, 1)
    points = []
    for i, value in enumerate(values):
        if value is None:
            continue
        y = height - (value - 1) / 4 * height
        points.append(f"{i * step:.1f},{y:.1f}")
    return " ".join(points)


def mean_rating(ratings: Sequence[int]) -> float | None:
    """The mean of a week's goal ratings, to one decimal; None when nothing was rated."""
    if not ratings:
        return None
    return round(sum(ratings) / len(ratings), 1)
