"""Support-plan and conference rules with a fixed "today": defaults, allowed dates, due states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.classroom.rules import (
    ReviewState,
    conference_date_problem,
    default_review_on,
    review_date_problem,
    review_horizon,
    review_state,
)

TODAY = date(2026, 11, 25)


def test_the_default_review_is_six_weeks_after_the_start() -> None:
    assert default_review_on(date(2026, 11, 25)) == date(2027, 1, 6)


@pytest.mark.parametrize(
    ("review", "problem"),
    [
        pytest.param(TODAY + timedelta(days=1), None, id="the-day-after-is-fine"),
        pytest.param(TODAY + timedelta(weeks=6), None, id="six-weeks-is-fine"),
        pytest.param(TODAY, "on the start date (Nov 25, 2026)", id="same-day-refused"),
        pytest.param(TODAY - timedelta(days=1), "before the start date", id="before-refused"),
        pytest.param(None, None, id="missing-is-left-to-the-default"),
    ],
)
def test_a_review_comes_after_the_start(review: date | None, problem: str | None) -> None:
    found = review_date_problem(TODAY, review)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


@pytest.mark.parametrize(
    ("days", "state"),
    [
        pytest.param(-1, ReviewState.OVERDUE, id="yesterday-overdue"),
        pytest.param(0, ReviewState.TODAY, id="today"),
        pytest.param(1, ReviewState.SOON, id="tomorrow-soon"),
        pytest.param(7, ReviewState.SOON, id="a-week-away-soon"),
        pytest.param(8, ReviewState.LATER, id="eight-days-later"),
    ],
)
def test_review_states_match_the_horizon(days: int, state: ReviewState) -> None:
    review = TODAY + timedelta(days=days)
    assert review_state(review, TODAY) is state
    assert (review <= review_horizon(TODAY)) is (state is not ReviewState.LATER)


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [
        pytest.param(TODAY, True, id="today"),
        pytest.param(TODAY - timedelta(days=30), True, id="last-month"),
        pytest.param(TODAY + timedelta(days=1), False, id="tomorrow"),
    ],
)
def test_a_conference_is_recorded_on_or_after_the_day(held_on: date, allowed: bool) -> None:
    assert (conference_date_problem(held_on, TODAY) is None) is allowed
