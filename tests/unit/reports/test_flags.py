"""Flags and their reasons, on a fixed "today" (Tuesday 24 November 2026)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reports.flags import (
    DueGoal,
    Flag,
    FlagKind,
    StudentFacts,
    Thresholds,
    flags_for,
    priority,
)
from app.schools.models import SchoolSettings

D = Decimal
TODAY = date(2026, 11, 24)
YEAR_START = date(2026, 8, 31)
DEFAULTS = Thresholds()

# A student with nothing to flag: a little behind, growing on pace, busy and checking in.
CALM = StudentFacts(
    enrolled_on=YEAR_START,
    level=D("5.00"),
    expected_level=D("5.30"),
    growth=D("1.20"),
    last_mastery_on=date(2026, 11, 10),
    last_checkin_on=date(2026, 11, 16),
)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


BEHIND, STALLED, HELP = FlagKind.LEVELS_BEHIND, FlagKind.NOT_PROGRESSING, FlagKind.HELP_REQUESTED
NO_CHECKIN, PAST_DUE, AHEAD = FlagKind.NO_CHECKIN, FlagKind.GOAL_PAST_DUE, FlagKind.ADVANCING

CASES = [
    pytest.param({}, [], id="nothing-to-flag"),
    pytest.param(
        {"level": D("3.90"), "expected_level": D("6.30")},
        [(BEHIND, "2.4 levels behind the expected level 6.3")],
        id="levels-behind-with-numbers",
    ),
    pytest.param(
        {"level": D("3.30"), "expected_level": D("5.30")},
        [(BEHIND, "2.0 levels behind the expected level 5.3")],
        id="levels-behind-at-the-threshold",
    ),
    pytest.param(
        {"level": D("3.31"), "expected_level": D("5.30")}, [], id="just-under-two-levels-behind"
    ),
    pytest.param({"level": None}, [], id="no-level-no-gap"),
    pytest.param(
        {"last_mastery_on": date(2026, 10, 3)},
        [(STALLED, "No new mastery since Oct 3 (7 weeks)")],
        id="not-progressing",
    ),
    pytest.param(
        {"last_mastery_on": days_ago(42)},
        [(STALLED, "No new mastery since Oct 13 (6 weeks)")],
        id="not-progressing-at-six-weeks",
    ),
    pytest.param({"last_mastery_on": days_ago(41)}, [], id="six-weeks-less-a-day"),
    pytest.param(
        {"last_mastery_on": None},
        [(STALLED, "No new mastery since joining on Aug 31 (12 weeks)")],
        id="no-mastery-yet-this-year",
    ),
    pytest.param(
        {"last_mastery_on": date(2026, 5, 20)},
        [(STALLED, "No new mastery since joining on Aug 31 (12 weeks)")],
        id="mastery-before-joining-does-not-count",
    ),
    pytest.param(
        {"enrolled_on": date(2026, 11, 11), "last_mastery_on": None, "last_checkin_on": None},
        [],
        id="joined-two-weeks-ago-is-not-flagged",
    ),
    pytest.param(
        {"enrolled_on": date(2026, 11, 2), "last_mastery_on": None, "last_checkin_on": None},
        [(NO_CHECKIN, "No check-in since joining on Nov 2 (2 weeks)")],
        id="two-whole-weeks-after-the-joining-week",
    ),
    pytest.param(
        {"open_help_request_on": date(2026, 11, 16)},
        [(HELP, "Asked for help in the check-in of Nov 16")],
        id="asked-for-help",
    ),
    pytest.param(
        {"last_checkin_on": date(2026, 11, 2)},
        [(NO_CHECKIN, "No check-in for 2 weeks (last in the week of Nov 2)")],
        id="no-checkin-for-two-whole-weeks",
    ),
    pytest.param(
        {"last_checkin_on": date(2026, 11, 6)},
        [(NO_CHECKIN, "No check-in for 2 weeks (last in the week of Nov 2)")],
        id="a-friday-check-in-counts-for-its-week",
    ),
    pytest.param({"last_checkin_on": date(2026, 11, 9)}, [], id="one-missed-week-is-not-flagged"),
    pytest.param(
        {"last_checkin_on": None},
        [(NO_CHECKIN, "No check-in since joining on Aug 31 (11 weeks)")],
        id="never-checked-in",
    ),
    pytest.param(
        {"enrolled_on": date(2026, 11, 11), "last_checkin_on": date(2026, 10, 1)},
        [],
        id="check-in-window-starts-when-joining",
    ),
    pytest.param(
        {"active_goals": (DueGoal("Fractions", date(2026, 11, 10)),)},
        [(PAST_DUE, "Goal “Fractions” was due Nov 10")],
        id="goal-past-due",
    ),
    pytest.param(
        {"active_goals": (DueGoal("Fractions", TODAY), DueGoal("Essay", date(2027, 1, 8)))},
        [],
        id="goal-due-today-is-not-late",
    ),
    pytest.param(
        {
            "active_goals": (
                DueGoal("Essay", date(2026, 11, 20)),
                DueGoal("Fractions", date(2026, 11, 10)),
            )
        },
        [(PAST_DUE, "Goal “Fractions” was due Nov 10, and 1 more is past due")],
        id="two-goals-past-due-oldest-named",
    ),
    pytest.param(
        {
            "active_goals": (
                DueGoal("Essay", date(2026, 11, 20)),
                DueGoal("Lab report", date(2025, 12, 1)),
                DueGoal("Fractions", date(2026, 11, 10)),
            )
        },
        [(PAST_DUE, "Goal “Lab report” was due Dec 1, 2025, and 2 more are past due")],
        id="last-years-date-names-the-year",
    ),
    pytest.param(
        {"growth": D("1.80")}, [(AHEAD, "Gaining 1.8 levels a year")], id="advancing-rapidly"
    ),
    pytest.param(
        {"growth": D("1.50")}, [(AHEAD, "Gaining 1.5 levels a year")], id="advancing-at-threshold"
    ),
    pytest.param({"growth": D("1.49")}, [], id="just-under-advancing"),
    pytest.param({"growth": None}, [], id="unknown-growth-is-not-advancing"),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_flags_and_reasons(
    changes: dict[str, object], expected: list[tuple[FlagKind, str]]
) -> None:
    facts = replace(CALM, **changes)  # type: ignore[arg-type]
    assert [(flag.kind, flag.reason) for flag in flags_for(facts, DEFAULTS, TODAY)] == expected


def test_every_flag_at_once_comes_most_severe_first() -> None:
    facts = StudentFacts(
        enrolled_on=YEAR_START,
        level=D("2.00"),
        expected_level=D("5.30"),
        growth=D("2.00"),
        open_help_request_on=date(2026, 11, 16),
        active_goals=(DueGoal("Fractions", date(2026, 11, 10)),),
    )
    flags = flags_for(facts, DEFAULTS, TODAY)
    assert [flag.kind for flag in flags] == list(FlagKind)
    assert [flag.label for flag in flags] == [
        "2 or more levels behind",
        "Not progressing",
        "Asked for help",
        "No check-in",
        "Goal past due",
        "Advancing rapidly",
    ]


def test_the_schools_thresholds_move_the_lines() -> None:
    strict = Thresholds(
        not_progressing_weeks=3,
        levels_behind=D("1.50"),
        no_checkin_weeks=1,
        accelerating_growth=D("1.20"),
    )
    facts = replace(
        CALM,
        level=D("3.80"),
        last_mastery_on=days_ago(21),
        last_checkin_on=date(2026, 11, 9),
        growth=D("1.20"),
    )
    flags = flags_for(facts, strict, TODAY)
    assert [(flag.kind, flag.label) for flag in flags] == [
        (BEHIND, "1.5 or more levels behind"),
        (STALLED, "Not progressing"),
        (NO_CHECKIN, "No check-in"),
        (AHEAD, "Advancing rapidly"),
    ]
    assert flags_for(facts, DEFAULTS, TODAY) == []


def test_thresholds_default_to_the_school_settings_defaults() -> None:
    assert Thresholds.from_settings(SchoolSettings.with_defaults(1)) == Thresholds()


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"not_progressing_weeks": 0}, id="zero-week-window"),
        pytest.param({"no_checkin_weeks": -1}, id="negative-window"),
        pytest.param({"levels_behind": D(0)}, id="zero-levels-behind"),
    ],
)
def test_nonsense_thresholds_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Thresholds(**changes)  # type: ignore[arg-type]


def flagged(*kinds: FlagKind) -> list[Flag]:
    return [Flag(kind, kind.value, "") for kind in kinds]


def test_priority_puts_behind_and_stalled_first() -> None:
    students = {
        "no flags": flagged(),
        "advancing": flagged(AHEAD),
        "past due": flagged(PAST_DUE),
        "no check-in and past due": flagged(NO_CHECKIN, PAST_DUE),
        "asked for help": flagged(HELP),
        "stalled": flagged(STALLED),
        "stalled and asked for help": flagged(STALLED, HELP),
        "behind": flagged(BEHIND),
        "behind and asked for help": flagged(BEHIND, HELP),
        "behind and stalled": flagged(BEHIND, STALLED),
    }
    order = sorted(students, key=lambda name: priority(students[name]))
    assert order == [
        "behind and stalled",
        "behind and asked for help",
        "behind",
        "stalled and asked for help",
        "stalled",
        "asked for help",
        "no check-in and past due",
        "past due",
        "advancing",
        "no flags",
    ]


kind_sets = st.sets(st.sampled_from(list(FlagKind)))


@given(kind_sets, kind_sets)
def test_behind_and_stalled_always_outrank_the_rest(a: set[FlagKind], b: set[FlagKind]) -> None:
    both = {BEHIND, STALLED}
    if both <= a and not both <= b:
        assert priority(flagged(*a)) < priority(flagged(*b))


@given(
    st.dates(date(2026, 8, 1), TODAY),
    st.none() | st.dates(date(2025, 1, 1), TODAY),
    st.none() | st.dates(date(2025, 1, 1), TODAY),
)
def test_nobody_is_flagged_for_silence_before_the_window_passes(
    joined: date, last_mastery: date | None, last_checkin: date | None
) -> None:
    facts = replace(
        CALM, enrolled_on=joined, last_mastery_on=last_mastery, last_checkin_on=last_checkin
    )
    kinds = {flag.kind for flag in flags_for(facts, DEFAULTS, TODAY)}
    if (TODAY - joined).days < 6 * 7:
        assert STALLED not in kinds
    if (TODAY - joined).days < 2 * 7:
        assert NO_CHECKIN not in kinds
