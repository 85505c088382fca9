"""Expected level, gap, growth, pace and the headline share, on a fixed "today"."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.continuum.levels import Step
from app.reports.pace import (
    MIN_GROWTH_DAYS,
    Pace,
    Share,
    expected_level,
    gap,
    growth,
    pace_status,
    share_gaining,
)

D = Decimal
FIRST, LAST = date(2026, 8, 31), date(2027, 6, 11)  # 284 days apart
TODAY = date(2026, 11, 24)


def steps(*pairs: tuple[date, str]) -> list[Step]:
    return [Step(on, D(level)) for on, level in pairs]


@pytest.mark.parametrize(
    ("grade", "on", "first", "last", "expected"),
    [
        pytest.param(6, FIRST, FIRST, LAST, "5.00", id="first-day-is-grade-minus-one"),
        pytest.param(6, LAST, FIRST, LAST, "6.00", id="last-day-is-the-grade"),
        pytest.param(6, date(2027, 1, 20), FIRST, LAST, "5.50", id="halfway-by-calendar-days"),
        pytest.param(6, date(2026, 8, 1), FIRST, LAST, "5.00", id="summer-before-clamps"),
        pytest.param(6, date(2027, 7, 4), FIRST, LAST, "6.00", id="summer-after-clamps"),
        # 85 / 284 = 0.29929… → 0.30
        pytest.param(6, TODAY, FIRST, LAST, "5.30", id="late-november"),
        # a 200-day year: 29 / 200 = 0.145 exactly, which half-up makes 0.15 (a float gives 0.14)
        pytest.param(
            1, date(2026, 9, 30), date(2026, 9, 1), date(2027, 3, 20), "0.15", id="half-up"
        ),
        pytest.param(0, FIRST, FIRST, LAST, "-1.00", id="kindergarten-starts-below-zero"),
        pytest.param(12, FIRST, FIRST, FIRST, "12.00", id="one-day-year-is-over"),
    ],
)
def test_expected_level(grade: int, on: date, first: date, last: date, expected: str) -> None:
    assert expected_level(grade, on, first, last) == D(expected)


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        pytest.param("6.30", "3.90", "2.40", id="behind-is-positive"),
        pytest.param("5.30", "5.30", "0.00", id="on-the-line"),
        pytest.param("5.30", "6.05", "-0.75", id="ahead-is-negative"),
    ],
)
def test_gap(expected: str, actual: str, result: str) -> None:
    assert gap(D(expected), D(actual)) == D(result)


YEAR_AGO = date(2025, 11, 24)
LONG_HISTORY = steps(
    (date(2025, 6, 1), "2.50"),
    (date(2025, 10, 1), "3.00"),
    (date(2026, 1, 15), "3.40"),
    (date(2026, 10, 1), "4.20"),
)


@pytest.mark.parametrize(
    ("history", "per_year", "start", "scaled", "basis"),
    [
        # level today 4.20 − level on Nov 24 last year 3.00
        pytest.param(LONG_HISTORY, "1.20", YEAR_AGO, False, "over the last year", id="full-year"),
        pytest.param(
            steps((YEAR_AGO, "3.00"), (date(2026, 3, 1), "3.90")),
            "0.90",
            YEAR_AGO,
            False,
            "over the last year",
            id="history-starting-exactly-a-year-ago",
        ),
        # gained 0.40 in 85 days: 0.40 × 365 / 85 = 1.7176… → 1.72
        pytest.param(
            steps((FIRST, "4.00"), (date(2026, 10, 15), "4.40")),
            "1.72",
            FIRST,
            True,
            "over 85 days, scaled to a year",
            id="short-history-scaled",
        ),
        pytest.param(
            steps((FIRST, "4.00")), "0.00", FIRST, True, "over 85 days, scaled to a year", id="flat"
        ),
        # a step dated today counts; one after today does not
        pytest.param(
            steps((FIRST, "4.00"), (TODAY, "4.17"), (TODAY + timedelta(days=1), "9.00")),
            "0.73",  # 0.17 × 365 / 85 = 0.72999… → 0.73
            FIRST,
            True,
            "over 85 days, scaled to a year",
            id="future-steps-ignored",
        ),
        pytest.param(
            steps((TODAY - timedelta(days=28), "4.00"), (TODAY, "4.10")),
            "1.30",  # 0.10 × 365 / 28 = 1.3035… → 1.30
            TODAY - timedelta(days=28),
            True,
            "over 28 days, scaled to a year",
            id="four-weeks-is-enough",
        ),
        pytest.param(
            steps((TODAY - timedelta(days=27), "4.00"), (TODAY, "4.10")),
            None,
            TODAY - timedelta(days=27),
            False,
            "not enough history yet",
            id="under-four-weeks-is-not",
        ),
    ],
)
def test_growth(
    history: list[Step], per_year: str | None, start: date, scaled: bool, basis: str
) -> None:
    result = growth(history, TODAY)
    assert result.per_year == (None if per_year is None else D(per_year))
    assert result.span is not None
    assert (result.span.start, result.span.end) == (start, TODAY)
    assert result.span.days == (TODAY - start).days
    assert result.scaled is scaled
    assert result.basis == basis


@pytest.mark.parametrize(
    "history",
    [
        pytest.param([], id="no-history"),
        pytest.param(steps((TODAY + timedelta(days=3), "1.00")), id="history-starts-later"),
    ],
)
def test_growth_without_history(history: list[Step]) -> None:
    result = growth(history, TODAY)
    assert (result.per_year, result.span, result.known) == (None, None, False)
    assert result.basis == "not enough history yet"


def test_growth_minimum_can_be_changed() -> None:
    history = steps((TODAY - timedelta(days=14), "4.00"), (TODAY, "4.10"))
    assert growth(history, TODAY).per_year is None
    assert growth(history, TODAY, min_days=14).per_year == D("2.61")  # 0.10 × 365 / 14


ON, ACCEL = D("1.00"), D("1.50")


@pytest.mark.parametrize(
    ("per_year", "pace"),
    [
        pytest.param(None, Pace.UNKNOWN, id="unknown-without-growth"),
        pytest.param("-0.20", Pace.BELOW, id="falling-back-is-below"),
        pytest.param("0.99", Pace.BELOW, id="just-below"),
        pytest.param("1.00", Pace.ON, id="on-pace-at-the-threshold"),
        pytest.param("1.49", Pace.ON, id="top-of-on-pace"),
        pytest.param("1.50", Pace.ACCELERATING, id="accelerating-at-the-threshold"),
        pytest.param("3.00", Pace.ACCELERATING, id="far-ahead"),
    ],
)
def test_pace_status(per_year: str | None, pace: Pace) -> None:
    value = None if per_year is None else D(per_year)
    assert pace_status(value, on_pace=ON, accelerating=ACCEL) is pace


def test_pace_follows_the_schools_thresholds() -> None:
    assert pace_status(D("0.90"), on_pace=D("0.80"), accelerating=D("1.20")) is Pace.ON
    assert pace_status(D("1.20"), on_pace=D("0.80"), accelerating=D("1.20")) is Pace.ACCELERATING


def test_pace_thresholds_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="must be below"):
        pace_status(D(1), on_pace=D("1.50"), accelerating=D("1.50"))


@pytest.mark.parametrize(
    ("pace", "label", "family"),
    [
        pytest.param(Pace.BELOW, "Below pace", "behind pace", id="below"),
        pytest.param(Pace.ON, "On pace", "on pace", id="on"),
        pytest.param(Pace.ACCELERATING, "Accelerating", "ahead of pace", id="accelerating"),
        pytest.param(
            Pace.UNKNOWN, "Not enough history yet", "not enough history yet", id="unknown"
        ),
    ],
)
def test_pace_labels(pace: Pace, label: str, family: str) -> None:
    assert (pace.label, pace.family_label) == (label, family)


@pytest.mark.parametrize(
    ("values", "gaining", "known", "share"),
    [
        pytest.param([], 0, 0, None, id="nobody"),
        pytest.param([None, None], 0, 0, None, id="no-growth-known"),
        pytest.param(["1.00", "0.99", None, "2.00"], 2, 3, "0.6667", id="one-level-counts"),
        pytest.param(["1.20"] * 4, 4, 4, "1.0000", id="everyone"),
    ],
)
def test_share_gaining(
    values: list[str | None], gaining: int, known: int, share: str | None
) -> None:
    result = share_gaining(None if value is None else D(value) for value in values)
    assert result == Share(gaining, known)
    assert result.value == (None if share is None else D(share))


years = st.dates(date(2020, 7, 1), date(2030, 9, 30)).flatmap(
    lambda first: st.tuples(
        st.just(first), st.integers(0, 400).map(lambda days: first + timedelta(days=days))
    )
)


@given(
    st.integers(0, 13),
    years,
    st.dates(date(2020, 1, 1), date(2031, 12, 31)),
    st.dates(date(2020, 1, 1), date(2031, 12, 31)),
)
def test_expected_level_rises_with_the_date_within_the_grade(
    grade: int, year: tuple[date, date], a: date, b: date
) -> None:
    early, late = sorted((a, b))
    first, last = year
    low, high = expected_level(grade, early, first, last), expected_level(grade, late, first, last)
    assert D(grade - 1) <= low <= high <= D(grade)


@given(
    st.lists(st.integers(1, 900), min_size=1, max_size=8, unique=True),
    st.lists(st.decimals("0", "12", places=2), min_size=8, max_size=8),
)
def test_growth_needs_the_minimum_span(ages: list[int], levels: list[Decimal]) -> None:
    history = [
        Step(TODAY - timedelta(days=age), level)
        for age, level in zip(sorted(ages, reverse=True), levels, strict=False)
    ]
    result = growth(history, TODAY)
    oldest = max(ages)
    assert result.known is (oldest >= MIN_GROWTH_DAYS)
    assert result.scaled is (MIN_GROWTH_DAYS <= oldest < 365)
    if result.span is not None:
        assert result.span.days == min(oldest, 365)


@given(st.lists(st.none() | st.decimals("-3", "5", places=2)))
def test_share_stays_between_zero_and_one(values: list[Decimal | None]) -> None:
    share = share_gaining(values).value
    assert share is None or D(0) <= share <= D(1)


def test_a_callers_decimal_context_changes_no_figure() -> None:
    """A thread that lowered its precision or changed its rounding gets the same figures."""
    from decimal import ROUND_DOWN, Context, localcontext

    history = steps((date(2026, 9, 1), "3.00"), (date(2026, 10, 20), "4.33"))

    def figures() -> tuple[object, ...]:
        rate = growth(history, TODAY)
        return (
            rate.per_year,
            rate.gained,
            gap(D("5.29"), D("3.04")),
            expected_level(6, TODAY, FIRST, LAST),
            Share(gaining=2, known=3).value,
        )

    expected = figures()
    assert expected == (D("5.78"), D("1.33"), D("2.25"), D("5.30"), D("0.6667"))
    with localcontext(Context(prec=2, rounding=ROUND_DOWN)):
        assert figures() == expected
