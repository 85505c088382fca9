"""Levels on the continuum, from which levels are mastered and when.

Pure on purpose: the pages read stored mastery (level, date first reached) in one query and
these functions turn it into a level on a competency, a working level, a strand or framework
level, and a level's history over time.

A competency's *described* levels are the levels it has a descriptor for. A demo framework
describes every level 1..12; an imported standards set may describe only a few grades. The
level on a competency is the highest described level L such that every described level up to L
is mastered (0 if none): the DESIGN definition, counted over the levels that exist.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_CENT = Decimal("0.01")


def competency_level(described: Sequence[int], mastered: Collection[int]) -> int:
    """Highest described level reached with every described level below it mastered."""
    level = 0
    for number in sorted(described):
        if number not in mastered:
            break
        level = number
    return level


def working_level(described: Sequence[int], level: int) -> int | None:
    """The next described level above `level`; None once the whole continuum is mastered."""
    return next((number for number in sorted(described) if number > level), None)


def mean_level(levels: Iterable[int | Decimal]) -> Decimal | None:
    """A strand's or framework's level: the mean of its competency levels, to two decimals."""
    values = [Decimal(value) for value in levels]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(_CENT, ROUND_HALF_UP)


def mastered_by(mastered_on: Mapping[int, date | None], on: date) -> set[int]:
    """The levels whose mastery was first reached on or before `on`."""
    return {level for level, day in mastered_on.items() if day is not None and day <= on}


@dataclass(frozen=True)
class Step:
    """From `on`, the level was `level` (until the next step)."""

    on: date
    level: Decimal


def level_history(
    competencies: Sequence[tuple[Sequence[int], Mapping[int, date | None]]],
    start: date,
    end: date,
) -> list[Step]:
    """The mean level of `competencies` at `start` and at every date it changed up to `end`.

    Each competency is (described levels, {level: date first mastered}). The result is a step
    function: one Step at `start`, then one per date within (start, end] where the mean moved.
    """
    change_days = sorted(
        {
            day
            for _, mastered_on in competencies
            for day in mastered_on.values()
            if day is not None and start < day <= end
        }
    )
    steps: list[Step] = []
    for day in [start, *change_days]:
        value = mean_level(
            competency_level(described, mastered_by(mastered_on, day))
            for described, mastered_on in competencies
        )
        if value is not None and (not steps or steps[-1].level != value):
            steps.append(Step(day, value))
    return steps


def level_on(steps: Sequence[Step], on: date) -> Decimal | None:
    """The level a step function held on `on`; None before its first step."""
    current = None
    for step in steps:
        if step.on > on:
            break
        current = step.level
    return current


def closeness(value: Decimal | None, threshold: Decimal, minimum: Decimal) -> Decimal:
    """How far the working level's value has come towards the threshold, from 0 to 1."""
    if value is None or threshold <= minimum:
        return Decimal(0)
    share = (value - minimum) / (threshold - minimum)
    return max(Decimal(0), min(Decimal(1), share)).quantize(_CENT, ROUND_HALF_UP)
