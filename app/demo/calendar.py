"""School-year dates for the demo district. Pure: plain dates in, plain values out."""

from __future__ import annotations

from datetime import date, timedelta

MONDAY, FRIDAY = 0, 4


def last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    """The last given weekday (Monday = 0) of a month."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    last = first_of_next - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def nth_weekday_of_month(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (Monday = 0) of a month, n counting from 1."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def school_year_start_year(today: date) -> int:
    """The calendar year the current school year began in: from August on, this year's."""
    return today.year if today.month >= 8 else today.year - 1


def school_year_bounds(today: date) -> tuple[date, date]:
    """First and last day of the school year `today` falls in (or, in August, is about to)."""
    year = school_year_start_year(today)
    return (
        last_weekday_of_month(year, 8, MONDAY),
        nth_weekday_of_month(year + 1, 6, FRIDAY, 2),
    )


def spring_start(year: int) -> date:
    """The first Monday after New Year's Day, when classes resume after winter break."""
    new_year = date(year, 1, 1)
    return new_year + timedelta(days=(MONDAY - new_year.weekday() - 1) % 7 + 1)


def semester_bounds(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """Fall and spring semesters: fall ends the Friday before spring's first Monday."""
    start, end = school_year_bounds(today)
    spring = spring_start(start.year + 1)
    return (start, spring - timedelta(days=3)), (spring, end)


def school_year_title(start_year: int) -> str:
    """The usual US spelling of a school year: 2026, an en dash, then 27."""
    return f"{start_year}\u2013{(start_year + 1) % 100:02d}"
