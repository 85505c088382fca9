"""Expected level, gap, growth and pace: where a student stands and how fast they are moving.

Pure on purpose (no Flask, no database): dashboards read stored mastery, build a level history
with `app.continuum.levels.level_history`, and pass it here with `today`.

Growth is levels gained per school year. Where the history reaches back a full year it is the
level today minus the level 365 days ago. Otherwise it is the gain since the history's first
date, scaled to 365 days, and marked as scaled. Below `MIN_GROWTH_DAYS` (28 days, four weeks)
there is no growth value at all: one level mastered in the first week would otherwise read as
fifty levels a year, and four weeks is the shortest span that holds a few rounds of evidence.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal

from app.continuum.levels import Step, level_on
from app.schools.calendar import fraction_elapsed

YEAR_DAYS = 365
MIN_GROWTH_DAYS = 28
ONE_LEVEL = Decimal(1)  # the headline measure: one or more levels gained a year

_CENT = Decimal("0.01")
_SHARE = Decimal("0.0001")
# Division and rounding, fixed so that a caller's thread context cannot change a result. The
# context is passed to each operation rather than entered with `localcontext`, which copies it
# every time: a class page rounds a few hundred figures.
_BOUNDED = Context(prec=28)


def _round(value: Decimal, places: Decimal = _CENT) -> Decimal:
    return value.quantize(places, ROUND_HALF_UP, _BOUNDED)


def expected_level(grade: int, on: date, year_start: date, year_end: date) -> Decimal:
    """(grade − 1) + the share of the school year elapsed on `on`, to two decimals, half-up.

    A grade-6 student is expected at 5.00 on the first day and 6.00 on the last; outside the
    year the share is clamped, so summer reads as the start or the end of the year.
    """
    # The float's shortest repr is the exact decimal whenever days/span terminates (0.145, not
    # 0.14499…), and a repeating fraction with a denominator under a few hundred never lies
    # within 1e-15 of a half cent, so half-up rounding sees the true value.
    fraction = Decimal(repr(fraction_elapsed(on, year_start, year_end)))
    return _round(_BOUNDED.add(Decimal(grade - 1), fraction))


def gap(expected: Decimal, actual: Decimal) -> Decimal:
    """Expected − actual: positive means behind, negative ahead."""
    return _round(_BOUNDED.subtract(expected, actual))


@dataclass(frozen=True)
class Span:
    """The dates a growth figure rests on, both included in the history."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Growth:
    """Levels gained per school year, with the span it rests on.

    `per_year` is None when there is not enough history yet (no history, or a span shorter than
    the minimum); `span` is then what there is, if anything, so a page can say how long.
    """

    per_year: Decimal | None
    gained: Decimal | None
    span: Span | None
    scaled: bool

    @property
    def known(self) -> bool:
        return self.per_year is not None

    @property
    def basis(self) -> str:
        """What the figure rests on, in words for a table cell or a tooltip."""
        if self.span is None or self.per_year is None:
            return "not enough history yet"
        if not self.scaled:
            return "over the last year"
        return f"over {self.span.days} days, scaled to a year"


NO_GROWTH = Growth(per_year=None, gained=None, span=None, scaled=False)


def growth(history: Sequence[Step], today: date, min_days: int = MIN_GROWTH_DAYS) -> Growth:
    """Levels per year from a level history (a step function, oldest step first) up to `today`."""
    if not history or history[0].on > today:
        return NO_GROWTH
    now = level_on(history, today)
    assert now is not None  # the first step is on or before today
    year_ago = today - timedelta(days=YEAR_DAYS)
    if history[0].on <= year_ago:
        then = level_on(history, year_ago)
        assert then is not None
        gained = _BOUNDED.subtract(now, then)
        return Growth(gained, gained, Span(year_ago, today), scaled=False)
    span = Span(history[0].on, today)
    gained = _BOUNDED.subtract(now, history[0].level)
    if span.days < min_days:
        return Growth(None, gained, span, scaled=False)
    per_year = _BOUNDED.divide(_BOUNDED.multiply(gained, YEAR_DAYS), span.days)
    return Growth(_round(per_year), gained, span, scaled=True)  # the span is under a year


class Pace(enum.StrEnum):
    """How a student's growth compares with the school's thresholds."""

    BELOW = "below"
    ON = "on"
    ACCELERATING = "accelerating"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """For teachers and leaders."""
        return _LABELS[self]

    @property
    def family_label(self) -> str:
        """Plain words for students and families."""
        return _FAMILY_LABELS[self]


_LABELS = {
    Pace.BELOW: "Below pace",
    Pace.ON: "On pace",
    Pace.ACCELERATING: "Accelerating",
    Pace.UNKNOWN: "Not enough history yet",
}
_FAMILY_LABELS = {
    Pace.BELOW: "behind pace",
    Pace.ON: "on pace",
    Pace.ACCELERATING: "ahead of pace",
    Pace.UNKNOWN: "not enough history yet",
}


def pace_status(per_year: Decimal | None, *, on_pace: Decimal, accelerating: Decimal) -> Pace:
    """Below (< on_pace), on pace (on_pace ≤ g < accelerating), accelerating (≥ accelerating)."""
    if on_pace >= accelerating:
        raise ValueError(f"on-pace growth {on_pace} must be below accelerating {accelerating}")
    if per_year is None:
        return Pace.UNKNOWN
    if per_year >= accelerating:
        return Pace.ACCELERATING
    return Pace.ON if per_year >= on_pace else Pace.BELOW


@dataclass(frozen=True)
class Share:
    """The headline measure: students gaining one level or more a year, of those with growth."""

    gaining: int
    known: int

    @property
    def value(self) -> Decimal | None:
        """gaining / known, from 0 to 1, to four decimals; None when no growth is known."""
        if self.known == 0:
            return None
        return _round(_BOUNDED.divide(Decimal(self.gaining), self.known), _SHARE)


def share_gaining(per_year: Iterable[Decimal | None]) -> Share:
    """Count the students gaining ≥ one level a year among those whose growth is known."""
    known = [value for value in per_year if value is not None]
    return Share(gaining=sum(1 for value in known if value >= ONE_LEVEL), known=len(known))
