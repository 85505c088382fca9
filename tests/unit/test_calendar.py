from datetime import date

import pytest

from app.schools.calendar import fraction_elapsed, year_progress

FIRST, LAST = date(2026, 8, 31), date(2027, 6, 11)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(FIRST, 0.0, id="first-day-is-zero"),
        pytest.param(LAST, 1.0, id="last-day-is-one"),
        pytest.param(date(2026, 8, 1), 0.0, id="summer-before-clamps-to-zero"),
        pytest.param(date(2027, 7, 4), 1.0, id="summer-after-clamps-to-one"),
        pytest.param(date(2027, 1, 20), 142 / 284, id="mid-year-by-calendar-days"),
    ],
)
def test_fraction_elapsed(on: date, expected: float) -> None:
    assert fraction_elapsed(on, FIRST, LAST) == pytest.approx(expected)


def test_one_day_year_does_not_divide_by_zero() -> None:
    assert fraction_elapsed(FIRST, FIRST, FIRST) == 1.0


@pytest.mark.parametrize(
    ("on", "week"),
    [
        pytest.param(FIRST, 1, id="first-week"),
        pytest.param(date(2026, 9, 7), 2, id="second-monday"),
        pytest.param(date(2026, 11, 25), 13, id="late-november"),
        pytest.param(date(2030, 1, 1), 41, id="after-the-year-clamps"),
    ],
)
def test_year_progress_weeks(on: date, week: int) -> None:
    progress = year_progress(on, FIRST, LAST)
    assert progress.week == week
    assert progress.weeks == 41
