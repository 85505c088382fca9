"""Flags: the exceptional situations a teacher should not miss, each with its reason in words.

Pure on purpose: a dashboard gathers each student's facts in a fixed number of queries and
calls `flags_for(facts, thresholds, today)`. Thresholds come from the school's settings.

Windows count from the later of the last event and `enrolled_on`, so a student who joined
recently is not flagged "not progressing" or "no check-in" before the window has passed.

- Not progressing: no new mastery for `not_progressing_weeks` weeks (counted in days).
- Levels behind: expected − actual ≥ `levels_behind`.
- Asked for help: an open help request from a check-in.
- No check-in: `no_checkin_weeks` whole ISO weeks (Monday to Sunday) have passed without one,
  not counting the current week, which is not over yet.
- Goal past due: an active goal whose due date is before today.
- Advancing rapidly: growth ≥ `accelerating_growth` levels a year.

`priority(flags)` orders students for a conversation: two or more levels behind *and* not
progressing first, then levels behind, not progressing, asked for help, no check-in, goal past
due, advancing rapidly, and students with no flag last. Within a tier, the next flag down
decides, so of two students behind, the one also asking for help comes first.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from app.reports.pace import gap as level_gap

_TENTH = Decimal("0.1")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class FlagKind(enum.StrEnum):
    """The kinds of flag, declared from most to least severe."""

    LEVELS_BEHIND = "levels_behind"
    NOT_PROGRESSING = "not_progressing"
    HELP_REQUESTED = "help_requested"
    NO_CHECKIN = "no_checkin"
    GOAL_PAST_DUE = "goal_past_due"
    ADVANCING = "advancing"

    @property
    def severity(self) -> int:
        """0 is the most severe."""
        return _SEVERITY[self]


_KINDS = tuple(FlagKind)  # most severe first; iterating an Enum is slow on a class page
_SEVERITY = {kind: rank for rank, kind in enumerate(_KINDS)}


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    label: str  # short, for a badge or a filter: "2 or more levels behind"
    reason: str  # one sentence with the numbers: "2.4 levels behind the expected level 6.3"


class _Settings(Protocol):
    """What Thresholds needs from a school's settings row (duck-typed, to stay pure)."""

    @property
    def not_progressing_weeks(self) -> int: ...
    @property
    def levels_behind(self) -> Decimal: ...
    @property
    def no_checkin_weeks(self) -> int: ...
    @property
    def accelerating_growth(self) -> Decimal: ...


@dataclass(frozen=True)
class Thresholds:
    """The school's flag thresholds; the defaults are DESIGN.md's."""

    not_progressing_weeks: int = 6
    levels_behind: Decimal = Decimal("2.00")
    no_checkin_weeks: int = 2
    accelerating_growth: Decimal = Decimal("1.50")

    def __post_init__(self) -> None:
        if self.not_progressing_weeks < 1 or self.no_checkin_weeks < 1:
            raise ValueError("flag windows must be at least one week")
        if self.levels_behind <= 0 or self.accelerating_growth <= 0:
            raise ValueError("flag thresholds must be positive")

    @classmethod
    def from_settings(cls, settings: _Settings) -> Thresholds:
        return cls(
            not_progressing_weeks=settings.not_progressing_weeks,
            levels_behind=settings.levels_behind,
            no_checkin_weeks=settings.no_checkin_weeks,
            accelerating_growth=settings.accelerating_growth,
        )


@dataclass(frozen=True)
class DueGoal:
    title: str
    due_on: date


@dataclass(frozen=True)
class StudentFacts:
    """What the flags need to know about one student, in one framework's context.

    `enrolled_on`: the later of the day the student joined and the first day of the school
    year; windows count from here. `open_help_request_on`: the date of the latest check-in that
    asked for help and has no reply yet. `active_goals`: active goals with a due date; only
    those due before today are flagged. `last_checkin_on`: any day in the week of the latest
    check-in (its Monday will do).
    """

    enrolled_on: date
    level: Decimal | None = None
    expected_level: Decimal | None = None
    growth: Decimal | None = None  # levels per year; None when not enough history yet
    last_mastery_on: date | None = None
    last_checkin_on: date | None = None
    open_help_request_on: date | None = None
    active_goals: Sequence[DueGoal] = ()


def flags_for(facts: StudentFacts, thresholds: Thresholds, today: date) -> list[Flag]:
    """Every flag that applies to the student on `today`, most severe first."""
    found = [
        _levels_behind(facts, thresholds),
        _not_progressing(facts, thresholds, today),
        _help_requested(facts, today),
        _no_checkin(facts, thresholds, today),
        _goal_past_due(facts, today),
        _advancing(facts, thresholds),
    ]
    return sorted((flag for flag in found if flag is not None), key=lambda f: f.kind.severity)


def priority(flags: Sequence[Flag]) -> tuple[int, ...]:
    """Sort key, smallest first: who most needs a conversation (see the module docstring)."""
    kinds = {flag.kind for flag in flags}
    # One 0/1 per kind, most severe first: compared in order, this puts "levels behind and not
    # progressing" ahead of "levels behind" alone, because not progressing is the next kind.
    return tuple(0 if kind in kinds else 1 for kind in _KINDS)


def _levels_behind(facts: StudentFacts, thresholds: Thresholds) -> Flag | None:
    if facts.level is None or facts.expected_level is None:
        return None
    behind = level_gap(facts.expected_level, facts.level)
    if behind < thresholds.levels_behind:
        return None
    return Flag(
        FlagKind.LEVELS_BEHIND,
        f"{_number(thresholds.levels_behind)} or more levels behind",
        f"{_tenths(behind)} levels behind the expected level {_tenths(facts.expected_level)}",
    )


def _not_progressing(facts: StudentFacts, thresholds: Thresholds, today: date) -> Flag | None:
    last = facts.last_mastery_on
    since = last if last is not None and last >= facts.enrolled_on else facts.enrolled_on
    days = (today - since).days
    if days < thresholds.not_progressing_weeks * 7:
        return None
    if since == last:
        reason = f"No new mastery since {_day(since, today)} ({_weeks(days // 7)})"
    else:
        reason = f"No new mastery since joining on {_day(since, today)} ({_weeks(days // 7)})"
    return Flag(FlagKind.NOT_PROGRESSING, "Not progressing", reason)


def _help_requested(facts: StudentFacts, today: date) -> Flag | None:
    if facts.open_help_request_on is None:
        return None
    reason = f"Asked for help in the check-in of {_day(facts.open_help_request_on, today)}"
    return Flag(FlagKind.HELP_REQUESTED, "Asked for help", reason)


def _no_checkin(facts: StudentFacts, thresholds: Thresholds, today: date) -> Flag | None:
    last = facts.last_checkin_on
    joined_week = _monday(facts.enrolled_on)
    since = _monday(last) if last is not None and _monday(last) >= joined_week else joined_week
    # Whole weeks after the week of `since`, before the current (unfinished) one.
    missed = (_monday(today) - since).days // 7 - 1
    if missed < thresholds.no_checkin_weeks:
        return None
    if last is not None and since == _monday(last):
        reason = f"No check-in for {_weeks(missed)} (last in the week of {_day(since, today)})"
    else:
        reason = f"No check-in since joining on {_day(facts.enrolled_on, today)} ({_weeks(missed)})"
    return Flag(FlagKind.NO_CHECKIN, "No check-in", reason)


def _goal_past_due(facts: StudentFacts, today: date) -> Flag | None:
    overdue = sorted(
        (goal for goal in facts.active_goals if goal.due_on < today),
        key=lambda goal: (goal.due_on, goal.title),
    )
    if not overdue:
        return None
    first = overdue[0]
    reason = f"Goal “{first.title}” was due {_day(first.due_on, today)}"
    if len(overdue) == 2:
        reason += ", and 1 more is past due"
    elif len(overdue) > 2:
        reason += f", and {len(overdue) - 1} more are past due"
    return Flag(FlagKind.GOAL_PAST_DUE, "Goal past due", reason)


def _advancing(facts: StudentFacts, thresholds: Thresholds) -> Flag | None:
    if facts.growth is None or facts.growth < thresholds.accelerating_growth:
        return None
    reason = f"Gaining {_tenths(facts.growth)} levels a year"
    return Flag(FlagKind.ADVANCING, "Advancing rapidly", reason)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _tenths(value: Decimal) -> str:
    return str(value.quantize(_TENTH, ROUND_HALF_UP))


def _number(value: Decimal) -> str:
    """2.00 → "2", 1.50 → "1.5": a threshold as people write it."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _weeks(count: int) -> str:
    return "1 week" if count == 1 else f"{count} weeks"


def _day(day: date, today: date) -> str:
    """ "Oct 3", with the year when it is not this year's; no locale, so no surprises."""
    text = f"{_MONTHS[day.month - 1]} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"
