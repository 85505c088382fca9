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


def competency_steps(
    described: Sequence[int], mastered_on: Mapping[int, date | None]
) -> list[tuple[date, int]]:
    """When a competency's level rose, and to what: [(date, new level)], oldest first.

    Level L is reached on the latest of the dates its described levels up to L were first
    mastered, because every one of them is needed. A level never mastered ends the climb.
    """
    steps: list[tuple[date, int]] = []
    reached: date | None = None
    for number in sorted(described):
        day = mastered_on.get(number)
        if day is None:
            break
        reached = day if reached is None or day > reached else reached
        if steps and steps[-1][0] == reached:
            steps[-1] = (reached, number)
        else:
            steps.append((reached, number))
    return steps


def _increments(
    competencies: Sequence[tuple[Sequence[int], Mapping[int, date | None]]],
) -> list[tuple[date, int]]:
    """Every rise of every competency, as (date, levels gained), oldest first."""
    rises: list[tuple[date, int]] = []
    for described, mastered_on in competencies:
        previous = 0
        for day, level in competency_steps(described, mastered_on):
            rises.append((day, level - previous))
            previous = level
    rises.sort()
    return rises


def level_history(
    competencies: Sequence[tuple[Sequence[int], Mapping[int, date | None]]],
    start: date,
    end: date,
) -> list[Step]:
    """The mean level of `competencies` at `start` and at every date it changed up to `end`.

    Each competency is (described levels, {level: date first mastered}). The result is a step
    function: one Step at `start`, then one per date within (start, end] where the mean moved.
    Linear in the number of mastered levels, so a class's histories stay cheap.
    """
    if not competencies:
        return []
    return _steps(_increments(competencies), len(competencies), start, end)


def _steps(rises: list[tuple[date, int]], count: int, start: date, end: date) -> list[Step]:
    total = 0
    steps: list[Step] = []
    pending: date | None = None
    for day, gained in rises:
        if day > end:
            break
        if day > start and pending != day:
            steps.append(Step(pending or start, _mean(total, count)))
            pending = day
        total += gained
    steps.append(Step(pending or start, _mean(total, count)))
    return _merge(steps)


def full_history(
    competencies: Sequence[tuple[Sequence[int], Mapping[int, date | None]]],
    end: date,
) -> list[Step]:
    """The mean level from the first day anything was mastered, to `end`; [] if nothing was.

    The first step is the level at the end of that first day (for a placement, the level the
    student arrived with), which is where growth is measured from.
    """
    rises = _increments(competencies)
    if not rises or rises[0][0] > end:
        return []
    return _steps(rises, len(competencies), rises[0][0], end)


def _mean(total: int, count: int) -> Decimal:
    return (Decimal(total) / count).quantize(_CENT, ROUND_HALF_UP)


def _merge(steps: list[Step]) -> list[Step]:
    """Drop steps that do not change the level."""
    merged: list[Step] = []
    for step in steps:
        if not merged or merged[-1].level != step.level:
            merged.append(step)
    return merged


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


@dataclass(frozen=True)
class StandingFigures:
    """Where a student stands in one framework, from the dates their levels were mastered."""

    level: Decimal
    competency_levels: Mapping[int, int]
    history: Sequence[Step]
    last_mastery_on: date | None


def standing_figures(
    shape: Sequence[tuple[int, Sequence[int]]],
    mastered_on: Mapping[int, Mapping[int, date]],
) -> StandingFigures:
    """`shape` is [(competency id, described levels)]; `mastered_on` {competency: {level: date}}."""
    levels: dict[int, int] = {}
    pairs: list[tuple[Sequence[int], Mapping[int, date | None]]] = []
    last: date | None = None
    for competency_id, described in shape:
        dates = mastered_on.get(competency_id, {})
        levels[competency_id] = competency_level(described, dates.keys())
        pairs.append((described, dates))
        if dates:
            newest = max(dates.values())
            last = newest if last is None or newest > last else last
    history = full_history(pairs, last) if last is not None else []
    level = mean_level(levels.values()) or Decimal("0.00")
    return StandingFigures(level, levels, history, last)
