"""The demo's calendar: pure date arithmetic, so the demo year always surrounds `today`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.demo import (
    FRIDAY,
    MONDAY,
    last_weekday_of_month,
    nth_weekday_of_month,
    school_year_bounds,
    school_year_title,
    semester_bounds,
    spring_start,
)


@pytest.mark.parametrize(
    ("year", "month", "weekday", "expected"),
    [
        pytest.param(2026, 8, MONDAY, date(2026, 8, 31), id="month-ends-on-the-weekday"),
        pytest.param(2025, 8, MONDAY, date(2025, 8, 25), id="month-ends-on-a-sunday"),
        pytest.param(2027, 8, MONDAY, date(2027, 8, 30), id="month-ends-the-day-after"),
        pytest.param(2026, 12, FRIDAY, date(2026, 12, 25), id="december-rolls-the-year"),
        pytest.param(2024, 2, MONDAY, date(2024, 2, 26), id="leap-february"),
    ],
)
def test_last_weekday_of_month(year: int, month: int, weekday: int, expected: date) -> None:
    assert last_weekday_of_month(year, month, weekday) == expected


@pytest.mark.parametrize(
    ("year", "month", "weekday", "n", "expected"),
    [
        pytest.param(2027, 6, FRIDAY, 2, date(2027, 6, 11), id="june-starts-tuesday"),
        pytest.param(2029, 6, FRIDAY, 2, date(2029, 6, 8), id="june-starts-on-the-friday"),
        pytest.param(2028, 6, FRIDAY, 2, date(2028, 6, 9), id="june-starts-thursday"),
        pytest.param(2027, 6, FRIDAY, 1, date(2027, 6, 4), id="first-friday"),
        pytest.param(2026, 6, MONDAY, 1, date(2026, 6, 1), id="first-day-is-the-weekday"),
    ],
)
def test_nth_weekday_of_month(year: int, month: int, weekday: int, n: int, expected: date) -> None:
    assert nth_weekday_of_month(year, month, weekday, n) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2026, 11, 25), (date(2026, 8, 31), date(2027, 6, 11)), id="fall"),
        pytest.param(date(2027, 3, 2), (date(2026, 8, 31), date(2027, 6, 11)), id="spring"),
        pytest.param(date(2027, 6, 11), (date(2026, 8, 31), date(2027, 6, 11)), id="last-day"),
        pytest.param(
            date(2026, 7, 31), (date(2025, 8, 25), date(2026, 6, 12)), id="july-is-last-year"
        ),
        pytest.param(
            date(2026, 8, 1), (date(2026, 8, 31), date(2027, 6, 11)), id="august-is-the-new-year"
        ),
        pytest.param(date(2028, 12, 31), (date(2028, 8, 28), date(2029, 6, 8)), id="new-years-eve"),
        pytest.param(date(2028, 1, 1), (date(2027, 8, 30), date(2028, 6, 9)), id="new-years-day"),
    ],
)
def test_school_year_bounds(today: date, expected: tuple[date, date]) -> None:
    assert school_year_bounds(today) == expected


@pytest.mark.parametrize("year", range(2024, 2036), ids=lambda year: f"starting-{year}")
def test_school_year_shape(year: int) -> None:
    start, end = school_year_bounds(date(year, 10, 1))
    assert (start.year, start.month, start.weekday()) == (year, 8, MONDAY)
    assert start.day > 31 - 7  # The last Monday of August.
    assert (end.year, end.month, end.weekday()) == (year + 1, 6, FRIDAY)
    assert 8 <= end.day <= 14  # The second Friday of June.


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2027, date(2027, 1, 4), id="new-year-on-friday"),
        pytest.param(2024, date(2024, 1, 8), id="new-year-on-monday-waits-a-week"),
        pytest.param(2025, date(2025, 1, 6), id="new-year-on-wednesday"),
        pytest.param(2028, date(2028, 1, 3), id="new-year-on-saturday"),
        pytest.param(2023, date(2023, 1, 2), id="new-year-on-sunday"),
    ],
)
def test_spring_start(year: int, expected: date) -> None:
    assert spring_start(year) == expected


def test_semesters_split_the_year_at_winter_break() -> None:
    fall, spring = semester_bounds(date(2026, 11, 25))
    assert fall == (date(2026, 8, 31), date(2027, 1, 1))
    assert spring == (date(2027, 1, 4), date(2027, 6, 11))


@pytest.mark.parametrize("year", range(2024, 2036), ids=lambda year: f"starting-{year}")
def test_semesters_cover_the_year_without_overlap(year: int) -> None:
    (fall_start, fall_end), (spring_begins, spring_end) = semester_bounds(date(year, 9, 15))
    assert (fall_start, spring_end) == school_year_bounds(date(year, 9, 15))
    assert fall_end.weekday() == FRIDAY
    assert spring_begins.weekday() == MONDAY
    assert spring_begins - fall_end == timedelta(days=3)


@pytest.mark.parametrize(
    ("start_year", "expected"),
    [
        pytest.param(2026, "2026\u201327", id="ordinary"),
        pytest.param(2009, "2009\u201310", id="decade-rolls"),
        pytest.param(2099, "2099\u201300", id="century-rolls"),
    ],
)
def test_school_year_title(start_year: int, expected: str) -> None:
    assert school_year_title(start_year) == expected
