"""The class dashboard's order and filters, and the data wall's colour bands: pure, no app."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.classroom.dashboard_filters import flag_labels
from app.classroom.dashboard_order import (
    Filters,
    RowFacts,
    SortKey,
    arrange,
    flag_counts,
    folded,
    matches,
)
from app.classroom.wall_bands import Band, band, difference, legend, signed, tenths
from app.reports.flags import DueGoal, FlagKind, StudentFacts, Thresholds, flags_for
from app.reports.pace import Pace

D = Decimal
MINUS = "\N{MINUS SIGN}"


def facts(name: str, **fields: object) -> RowFacts:
    given_name, family = name.split()
    base = RowFacts(
        name=name,
        sort_name=f"{family}, {given_name}",
        priority=(1,) * len(FlagKind),
        gap=None,
        growth=None,
        last_check_in=None,
        flags=frozenset(),
        paces=frozenset({Pace.UNKNOWN}),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


MAYA = facts(
    "Maya Lopez",
    priority=(0, 0, 0, 1, 1, 1),
    gap=D("2.32"),
    growth=D("0.00"),
    last_check_in=date(2026, 11, 23),
    flags=frozenset({FlagKind.LEVELS_BEHIND, FlagKind.NOT_PROGRESSING, FlagKind.HELP_REQUESTED}),
    paces=frozenset({Pace.BELOW}),
)
BEN = facts(
    "Ben Brown",
    priority=(1, 1, 1, 0, 0, 1),
    gap=D("0.07"),
    growth=D("1.07"),
    flags=frozenset({FlagKind.NO_CHECKIN, FlagKind.GOAL_PAST_DUE}),
    paces=frozenset({Pace.ON, Pace.BELOW}),
)
AVA = facts(
    "Ava Ávila",
    priority=(1, 1, 1, 1, 1, 0),
    gap=D("-0.68"),
    growth=D("8.59"),
    last_check_in=date(2026, 11, 16),
    flags=frozenset({FlagKind.ADVANCING}),
    paces=frozenset({Pace.ACCELERATING}),
)
NEW = facts("Noor Nasser")  # nothing known yet
CLASS = [AVA, NEW, MAYA, BEN]


def names(rows: list[RowFacts]) -> list[str]:
    return [row.name for row in rows]


M, B, A, N = "Maya Lopez", "Ben Brown", "Ava Ávila", "Noor Nasser"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        pytest.param(SortKey.NEED, [M, B, A, N], id="need"),
        pytest.param(
            SortKey.NAME,
            [A, B, M, N],
            id="name-ignores-accents",
        ),
        pytest.param(
            SortKey.GAP,
            [M, B, A, N],
            id="gap-unknown-last",
        ),
        pytest.param(
            SortKey.GROWTH,
            [M, B, A, N],
            id="growth-unknown-last",
        ),
        pytest.param(
            SortKey.CHECK_IN,
            [B, N, A, M],
            id="never-checked-in-first",
        ),
    ],
)
def test_every_order(sort: SortKey, expected: list[str]) -> None:
    assert names(arrange(CLASS, lambda f: f, Filters(sort=sort))) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(Filters(), [M, B, A, N], id="all"),
        pytest.param(Filters(flag=FlagKind.HELP_REQUESTED), [M], id="flag"),
        pytest.param(Filters(pace=Pace.BELOW), [M, B], id="pace-in-any-framework"),
        pytest.param(Filters(pace=Pace.UNKNOWN), [N], id="pace-unknown"),
        pytest.param(Filters(name="AVILA"), [A], id="name-folds-case-and-accents"),
        pytest.param(Filters(name=" lopez, ma "), [M], id="name-as-listed"),
        pytest.param(
            Filters(flag=FlagKind.NO_CHECKIN, pace=Pace.ACCELERATING), [], id="both-must-hold"
        ),
    ],
)
def test_filters(filters: Filters, expected: list[str]) -> None:
    assert names(arrange(CLASS, lambda f: f, filters)) == expected


def test_only_real_filters_count_as_active() -> None:
    assert not Filters(sort=SortKey.NAME).active
    assert not Filters(name="   ").active
    assert Filters(name="m").active and Filters(pace=Pace.ON).active


def test_flag_counts_list_every_kind_most_severe_first() -> None:
    counts = flag_counts(CLASS)
    assert list(counts) == list(FlagKind)
    assert counts[FlagKind.LEVELS_BEHIND] == 1 and counts[FlagKind.GOAL_PAST_DUE] == 1
    assert sum(counts.values()) == 6


def test_folded() -> None:
    assert folded("Ángela de León") == "angela de leon"


fact_lists = st.lists(
    st.builds(
        facts,
        st.sampled_from(["Maya Lopez", "Ben Brown", "Ava Ávila", "Noor Nasser", "Eve Ek"]),
        gap=st.none() | st.decimals(-5, 5, places=2),
        growth=st.none() | st.decimals(0, 9, places=2),
        flags=st.frozensets(st.sampled_from(list(FlagKind))),
        paces=st.frozensets(st.sampled_from(list(Pace)), min_size=1),
    ),
    max_size=12,
)


@given(fact_lists, st.sampled_from(list(SortKey)), st.none() | st.sampled_from(list(FlagKind)))
def test_arrange_keeps_exactly_the_matching_rows(
    rows: list[RowFacts], sort: SortKey, flag: FlagKind | None
) -> None:
    filters = Filters(flag=flag, sort=sort)
    shown = arrange(rows, lambda f: f, filters)
    assert sorted(map(id, shown)) == sorted(id(r) for r in rows if matches(r, filters))
    # Sorting is stable, so re-arranging a list that is already in order changes nothing.
    assert arrange(shown, lambda f: f, filters) == shown


EXPECTED = D("5.32")


@pytest.mark.parametrize(
    ("level", "expected_band"),
    [
        pytest.param(0, Band.FAR_BEHIND, id="nothing-mastered"),
        pytest.param(3, Band.FAR_BEHIND, id="2.32-behind"),
        pytest.param(4, Band.BEHIND, id="1.32-behind"),
        pytest.param(5, Band.NEAR, id="0.32-behind"),
        pytest.param(6, Band.AT, id="0.68-ahead"),
        pytest.param(7, Band.AHEAD, id="1.68-ahead"),
    ],
)
def test_bands_against_the_expected_level(level: int, expected_band: Band) -> None:
    assert band(difference(level, EXPECTED), D("2.00")) is expected_band


@pytest.mark.parametrize(
    ("diff", "expected_band"),
    [
        pytest.param(D("-2.00"), Band.FAR_BEHIND, id="exactly-the-threshold"),
        pytest.param(D("-1.99"), Band.BEHIND, id="just-inside"),
        pytest.param(D("-1.00"), Band.BEHIND, id="exactly-one-behind"),
        pytest.param(D("-0.01"), Band.NEAR, id="a-hair-behind"),
        pytest.param(D("0"), Band.AT, id="exactly-expected"),
        pytest.param(D("1.00"), Band.AHEAD, id="exactly-one-ahead"),
        pytest.param(None, Band.UNKNOWN, id="no-expected-level"),
    ],
)
def test_band_boundaries(diff: Decimal | None, expected_band: Band) -> None:
    assert band(diff, D("2.00")) is expected_band


def test_a_threshold_of_one_level_has_no_middle_band() -> None:
    assert band(D("-1.00"), D("1.00")) is Band.FAR_BEHIND
    bands = [b for b, _ in legend(D("1.00"))]
    assert Band.BEHIND not in bands
    assert legend(D("1.00"))[0] == (Band.FAR_BEHIND, "1 or more levels behind")


def test_the_legend_names_every_band_in_words() -> None:
    assert legend(D("2.50"))[:2] == [
        (Band.FAR_BEHIND, "2.5 or more levels behind"),
        (Band.BEHIND, "1 to 2.5 levels behind"),
    ]
    assert [b for b, _ in legend(D("2.00"))] == list(Band)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("-2.32"), f"{MINUS}2.3"),
        (D("0.68"), "+0.7"),
        (D("-0.25"), f"{MINUS}0.3"),
        (D("0.04"), "0.0"),
        (D("-0.04"), "0.0"),
    ],
)
def test_signed_rounds_half_up_with_a_true_minus(value: Decimal, text: str) -> None:
    assert signed(value) == text


def test_tenths() -> None:
    assert tenths(D("2.25")) == "2.3"
    assert tenths(None) == "—"


def test_filter_labels_match_the_badges() -> None:
    """The flag select and the headline counts name each kind as its badge does."""
    today = date(2026, 11, 25)
    everything = StudentFacts(
        enrolled_on=date(2026, 8, 24),
        level=D("1.00"),
        expected_level=D("5.30"),
        growth=D("2.00"),
        last_mastery_on=date(2026, 9, 1),
        open_help_request_on=date(2026, 11, 23),
        active_goals=[DueGoal("Ratios", date(2026, 11, 1))],
    )
    for threshold in (D("2.00"), D("1.50")):
        thresholds = Thresholds(levels_behind=threshold)
        badges = {flag.kind: flag.label for flag in flags_for(everything, thresholds, today)}
        assert badges == flag_labels(threshold)
