"""Levels on the continuum from mastered levels and their dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.continuum.levels import (
    Step,
    closeness,
    competency_level,
    competency_steps,
    full_history,
    level_history,
    level_on,
    mastered_by,
    mean_level,
    working_level,
)

ALL = list(range(1, 13))


@pytest.mark.parametrize(
    ("described", "mastered", "level"),
    [
        pytest.param(ALL, set(), 0, id="nothing-mastered"),
        pytest.param(ALL, {1, 2, 3}, 3, id="first-three"),
        pytest.param(ALL, {1, 2, 4, 5}, 2, id="a-hole-stops-the-count"),
        pytest.param(ALL, {2, 3}, 0, id="level-1-missing"),
        pytest.param(ALL, set(ALL), 12, id="whole-continuum"),
        pytest.param([6, 7], {6}, 6, id="imported-grades-6-and-7"),
        pytest.param([6, 7], {7}, 0, id="imported-only-the-upper"),
    ],
)
def test_competency_level(described: list[int], mastered: set[int], level: int) -> None:
    assert competency_level(described, mastered) == level


@pytest.mark.parametrize(
    ("described", "level", "working"),
    [
        pytest.param(ALL, 0, 1, id="start"),
        pytest.param(ALL, 5, 6, id="middle"),
        pytest.param(ALL, 12, None, id="top"),
        pytest.param([6, 7], 0, 6, id="first-described"),
        pytest.param([6, 7], 6, 7, id="next-described"),
    ],
)
def test_working_level(described: list[int], level: int, working: int | None) -> None:
    assert working_level(described, level) == working


def test_mean_level_rounds_half_up_to_two_decimals() -> None:
    assert mean_level([5, 6, 6]) == Decimal("5.67")
    assert mean_level([1, 2, 2, 2, 2, 2, 2, 2]) == Decimal("1.88")  # 1.875 → 1.88
    assert mean_level([]) is None


def test_mastered_by_counts_only_dates_on_or_before() -> None:
    dates = {1: date(2026, 9, 1), 2: date(2026, 10, 1), 3: None}
    assert mastered_by(dates, date(2026, 9, 30)) == {1}
    assert mastered_by(dates, date(2026, 10, 1)) == {1, 2}


def test_level_history_steps_at_each_change_of_the_mean() -> None:
    a = (ALL, {1: date(2026, 8, 20), 2: date(2026, 9, 15), 3: date(2026, 11, 2)})
    b = (ALL, {1: date(2026, 8, 20), 2: date(2026, 10, 5)})
    steps = level_history([a, b], date(2026, 8, 24), date(2026, 11, 25))
    assert steps == [
        Step(date(2026, 8, 24), Decimal("1.00")),
        Step(date(2026, 9, 15), Decimal("1.50")),
        Step(date(2026, 10, 5), Decimal("2.00")),
        Step(date(2026, 11, 2), Decimal("2.50")),
    ]
    assert level_on(steps, date(2026, 10, 4)) == Decimal("1.50")
    assert level_on(steps, date(2026, 8, 1)) is None


def test_level_history_ignores_mastery_after_the_end() -> None:
    a = (ALL, {1: date(2026, 9, 1), 2: date(2026, 12, 1)})
    steps = level_history([a], date(2026, 8, 24), date(2026, 11, 1))
    assert steps == [Step(date(2026, 8, 24), Decimal("0.00")), Step(date(2026, 9, 1), Decimal(1))]


@pytest.mark.parametrize(
    ("value", "share"),
    [
        pytest.param(None, "0", id="no-value"),
        pytest.param(Decimal(1), "0", id="at-minimum"),
        pytest.param(Decimal(2), "0.50", id="half-way"),
        pytest.param(Decimal("3.5"), "1", id="past-the-threshold"),
    ],
)
def test_closeness(value: Decimal | None, share: str) -> None:
    assert closeness(value, Decimal(3), Decimal(1)) == Decimal(share)


@given(
    st.sets(st.integers(min_value=1, max_value=12)),
    st.sets(st.integers(min_value=1, max_value=12)),
)
def test_level_never_exceeds_a_level_that_is_not_mastered(
    described: set[int], mastered: set[int]
) -> None:
    level = competency_level(sorted(described), mastered)
    assert all(number in mastered for number in described if number <= level)
    nxt = working_level(sorted(described), level)
    assert nxt is None or (nxt in described and nxt not in mastered)


def _naive_history(competencies, start, end):
    """The definition, day by day: the oracle for the linear-time history."""
    days = sorted(
        {d for _, dates in competencies for d in dates.values() if d and start < d <= end}
    )
    steps: list[Step] = []
    for day in [start, *days]:
        value = mean_level(
            competency_level(described, mastered_by(dates, day))
            for described, dates in competencies
        )
        if value is not None and (not steps or steps[-1].level != value):
            steps.append(Step(day, value))
    return steps


_days = st.dates(min_value=date(2026, 8, 1), max_value=date(2027, 6, 30))
_competency = st.tuples(
    st.lists(st.integers(1, 12), min_size=1, max_size=12, unique=True).map(sorted),
    st.dictionaries(st.integers(1, 12), st.one_of(st.none(), _days), max_size=12),
)


@given(st.lists(_competency, min_size=1, max_size=6), _days, _days)
def test_the_linear_history_matches_the_definition(competencies, a, b) -> None:
    start, end = min(a, b), max(a, b)
    assert level_history(competencies, start, end) == _naive_history(competencies, start, end)


def test_competency_steps_wait_for_every_lower_level() -> None:
    dates = {1: date(2026, 9, 1), 2: date(2026, 8, 25), 3: date(2026, 10, 1), 5: date(2026, 9, 2)}
    assert competency_steps(ALL, dates) == [(date(2026, 9, 1), 2), (date(2026, 10, 1), 3)]


def test_full_history_starts_on_the_first_mastery_day() -> None:
    placed = (ALL, {1: date(2026, 8, 26), 2: date(2026, 8, 26), 3: date(2026, 10, 5)})
    steps = full_history([placed], date(2026, 11, 25))
    assert steps == [Step(date(2026, 8, 26), Decimal(2)), Step(date(2026, 10, 5), Decimal(3))]
    assert full_history([(ALL, {})], date(2026, 11, 25)) == []
