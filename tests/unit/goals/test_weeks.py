"""ISO weeks, the Sunday lock, and the check-in charts' points."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.goals.weeks import (
    IsoWeek,
    is_locked,
    mean_rating,
    monday_of,
    recent_mondays,
    sparkline,
    week_of,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 11, 25), IsoWeek(2026, 48), id="a-wednesday"),
        pytest.param(date(2026, 11, 23), IsoWeek(2026, 48), id="its-monday"),
        pytest.param(date(2026, 11, 29), IsoWeek(2026, 48), id="its-sunday"),
        pytest.param(date(2027, 1, 1), IsoWeek(2026, 53), id="new-year-in-last-years-week-53"),
        pytest.param(date(2024, 12, 30), IsoWeek(2025, 1), id="december-in-next-years-week-1"),
    ],
)
def test_week_of(day: date, expected: IsoWeek) -> None:
    assert week_of(day) == expected


def test_week_bounds_are_monday_to_sunday() -> None:
    week = IsoWeek(2026, 53)
    assert week.starts_on == date(2026, 12, 28)
    assert week.ends_on == date(2027, 1, 3)


@pytest.mark.parametrize(
    ("today", "locked"),
    [
        pytest.param(date(2026, 11, 23), False, id="monday-open"),
        pytest.param(date(2026, 11, 29), False, id="sunday-still-open"),
        pytest.param(date(2026, 11, 30), True, id="next-monday-locked"),
        pytest.param(date(2027, 2, 1), True, id="months-later-locked"),
    ],
)
def test_a_week_locks_after_its_sunday(today: date, locked: bool) -> None:
    assert is_locked(date(2026, 11, 23), today) is locked


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2100, 1, 1)))
def test_every_day_is_in_the_week_starting_on_its_monday(day: date) -> None:
    week = week_of(day)
    assert week.starts_on == monday_of(day)
    assert week.starts_on <= day <= week.ends_on
    assert not is_locked(week.starts_on, day)
    assert is_locked(week.starts_on, week.ends_on + timedelta(days=1))


def test_recent_mondays_newest_first_and_bounded() -> None:
    weeks = recent_mondays(date(2026, 11, 25), since=date(2026, 11, 4), limit=10)
    assert weeks == [date(2026, 11, 23), date(2026, 11, 16), date(2026, 11, 9), date(2026, 11, 2)]
    assert len(recent_mondays(date(2026, 11, 25), since=date(2020, 1, 1), limit=5)) == 5


def test_sparkline_skips_missed_weeks_and_scales_one_to_five() -> None:
    assert sparkline([1, None, 5], width=100, height=40) == "0.0,40.0 100.0,0.0"
    assert sparkline([]) == ""
    assert sparkline([3]) == "0.0,20.0"


def test_mean_rating() -> None:
    assert mean_rating([4, 5]) == 4.5
    assert mean_rating([1, 2, 2]) == 1.7
    assert mean_rating([]) is None
