"""Mastery methods: a student's counting scores at one level, oldest first, in; a value out.

Pure on purpose (no Flask, no database), so every method can be checked by hand. Arithmetic is
exact wherever the maths allows: sums and products run in an unbounded Decimal context and each
mean is a single correctly rounded division, so a value that is exactly x.xx5 is still exactly
x.xx5 when it reaches the one half-up rounding that decides mastery.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, localcontext

from app.translatable import N_, Text

Score = Decimal | int

# +, − and × never round here. Never divide in it: 1/3 would try to expand without end.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
# Division and rounding, fixed so that a caller's thread context cannot change a result.
_BOUNDED = Context(prec=28)
_CENT = Decimal("0.01")
_MIN_WEIGHT, _MAX_WEIGHT = Decimal("0.50"), Decimal("0.99")


class Method(enum.StrEnum):
    """How a framework turns the scores at one level into a mastery value."""

    DECAYING_AVERAGE = "decaying_average"
    WEIGHTED_AVERAGE = "weighted_average"
    N_TIMES = "n_times"
    MOST_RECENT = "most_recent"
    HIGHEST = "highest"
    MEAN = "mean"
    MODE = "mode"
    MEAN_OF_LAST_N = "mean_of_last_n"
    POWER_LAW = "power_law"

    @property
    def label(self) -> Text:
        """The method's name in English; pages translate it (`translate` filter)."""
        return _LABELS[self]


_LABELS: dict[Method, Text] = {
    Method.DECAYING_AVERAGE: N_("Decaying average"),
    Method.WEIGHTED_AVERAGE: N_("Weighted average"),
    Method.N_TIMES: N_("Number of times at or above the threshold"),
    Method.MOST_RECENT: N_("Most recent"),
    Method.HIGHEST: N_("Highest"),
    Method.MEAN: N_("Mean"),
    Method.MODE: N_("Mode (most frequent score)"),
    Method.MEAN_OF_LAST_N: N_("Mean of the last N scores"),
    Method.POWER_LAW: N_("Power law (trend)"),
}
_WEIGHTED = frozenset({Method.DECAYING_AVERAGE, Method.WEIGHTED_AVERAGE})


def _as_decimal(value: object) -> Decimal:
    """Decimal or int only: a float cannot hold 2.675 exactly, which breaks half-up rounding."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected a Decimal or int, not {type(value).__name__}: {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"expected a finite number, not {number}")
    return number


@dataclass(frozen=True)
class Scale:
    """A framework's proficiency scale; the default is 1 Beginning … 4 Extending, mastery at 3."""

    minimum: Decimal = Decimal(1)
    maximum: Decimal = Decimal(4)
    threshold: Decimal = Decimal(3)
    threshold_label: str = "Proficient"  # the name of the threshold level, for "3 of 5 at …"

    def __post_init__(self) -> None:
        for name in ("minimum", "maximum", "threshold"):
            object.__setattr__(self, name, _as_decimal(getattr(self, name)))
        if not self.minimum < self.maximum:
            raise ValueError(f"scale minimum {self.minimum} must be below maximum {self.maximum}")
        if not self.minimum <= self.threshold <= self.maximum:
            raise ValueError(
                f"threshold {self.threshold} must lie within the scale "
                f"{self.minimum}–{self.maximum}"
            )


@dataclass(frozen=True)
class MethodParams:
    """A method and its parameters; a stored method name (a str) is accepted and converted."""

    method: Method = Method.DECAYING_AVERAGE
    weight: Decimal = Decimal("0.65")  # weight of the newest score, for the two averages
    n: int = 5  # n times
    last_n: int = 3  # mean of the last N

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Method(self.method))
        object.__setattr__(self, "weight", _as_decimal(self.weight))
        if self.method in _WEIGHTED and not _MIN_WEIGHT <= self.weight <= _MAX_WEIGHT:
            raise ValueError(
                f"{self.method.label}: the weight of the newest score must be between "
                f"{_MIN_WEIGHT} and {_MAX_WEIGHT}, not {self.weight}"
            )
        if self.n < 1:
            raise ValueError(f"n times needs n of at least 1, not {self.n}")
        if self.last_n < 1:
            raise ValueError(f"the mean of the last N needs N of at least 1, not {self.last_n}")


@dataclass(frozen=True)
class MasteryResult:
    """A rounded value and whether it counts as mastery; `reached`/`needed` only for n times."""

    value: Decimal | None
    mastered: bool
    count: int  # counting scores
    needed: int | None = None
    reached: int | None = None
    threshold_label: str = "Proficient"

    @property
    def progress_text(self) -> str:
        """For n times, e.g. '3 of 5 at Proficient or above' (capped at n); otherwise empty."""
        if self.needed is None or self.reached is None:
            return ""
        return n_times_progress(self.reached, self.needed, self.threshold_label)


def n_times_progress(reached: int, needed: int, threshold_label: str) -> Text:
    """'3 of 5 at Proficient or above': how far n times has got, capped at n."""
    return N_(
        "%(reached)s of %(needed)s at %(label)s or above",
        reached=min(reached, needed),
        needed=needed,
        label=threshold_label,
    )


def _decimals(scores: Sequence[Score]) -> list[Decimal]:
    return [_as_decimal(score) for score in scores]


def _require(scores: Sequence[Score]) -> list[Decimal]:
    values = _decimals(scores)
    if not values:
        raise ValueError("a mastery value needs at least one score")
    return values


def _total(values: Sequence[Decimal]) -> Decimal:
    with localcontext(_EXACT):
        return sum(values, Decimal(0))


def _mean(values: Sequence[Decimal]) -> Decimal:
    """One correctly rounded division: exact whenever the mean terminates within 28 digits."""
    return _BOUNDED.divide(_total(values), len(values))


def round_half_up(value: Decimal) -> Decimal:
    """Two decimals, halves up as people round by hand; round() gives 4.125 → 4.12."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP, context=_BOUNDED)


def decaying_average(scores: Sequence[Score], weight: Decimal) -> Decimal:
    """Exponential smoothing (Canvas, JumpRope): v = s₁, then v = w·s + (1 − w)·v per score.

    Exact (only +, − and ×), so a new score equal to the current value leaves it unchanged.
    """
    values = _require(scores)
    with localcontext(_EXACT):
        value = values[0]
        for score in values[1:]:
            value = weight * score + (1 - weight) * value
    return value


def weighted_average(scores: Sequence[Score], weight: Decimal) -> Decimal:
    """Canvas's older method: w·newest + (1 − w)·mean(earlier); one score alone is that score.

    Computed as (w·newest·k + (1 − w)·Σ earlier) / k, so the only rounding is one division.
    """
    *earlier, newest = _require(scores)
    if not earlier:
        return newest
    with localcontext(_EXACT):
        numerator = weight * newest * len(earlier) + (1 - weight) * _total(earlier)
    return _BOUNDED.divide(numerator, len(earlier))


def n_times(scores: Sequence[Score], n: int, threshold: Decimal) -> tuple[Decimal | None, int]:
    """With at least n scores ≥ threshold, the mean of those scores; with fewer, None.

    Also returns how many scores are at or above the threshold, so a page can say "3 of 5".
    """
    met = [score for score in _decimals(scores) if score >= threshold]
    if not met or len(met) < n:
        return None, len(met)
    return _mean(met), len(met)


def most_recent(scores: Sequence[Score]) -> Decimal:
    """The newest score."""
    return _require(scores)[-1]


def highest(scores: Sequence[Score]) -> Decimal:
    """The best score, whenever it came."""
    return max(_require(scores))


def mean(scores: Sequence[Score]) -> Decimal:
    """Σ s / k: every score counts the same."""
    return _mean(_require(scores))


def mode(scores: Sequence[Score]) -> Decimal:
    """The most frequent score; a tie goes to the tied score seen most recently."""
    values = _require(scores)
    counts = Counter(values)
    top = max(counts.values())
    return next(score for score in reversed(values) if counts[score] == top)


def mean_of_last_n(scores: Sequence[Score], n: int) -> Decimal:
    """Mean of the newest n scores (of all of them while there are fewer than n)."""
    return _mean(_require(scores)[-n:])


def power_law(scores: Sequence[Score], minimum: Decimal, maximum: Decimal) -> Decimal:
    """Marzano trend (JumpRope): fit ln s = ln a + b·ln t over t = 1..k; a·k^b, clamped.

    Fewer than three scores make no trend and ln is undefined at 0, so those give the mean.
    Float only inside the fit; str() hands Decimal the float's shortest exact-looking form.
    """
    values = _require(scores)
    if len(values) < 3 or min(values) <= 0:
        return _mean(values)
    trend = Decimal(str(_power_fit([float(score) for score in values])))
    return min(max(trend, _as_decimal(minimum)), _as_decimal(maximum))


def _power_fit(ys: list[float]) -> float:
    """Least squares of ln y on ln t, evaluated at the last t: exp(ȳ + b·(ln k − x̄))."""
    xs = [math.log(t) for t in range(1, len(ys) + 1)]
    logs = [math.log(y) for y in ys]
    x_bar, y_bar = math.fsum(xs) / len(xs), math.fsum(logs) / len(logs)
    covariance = math.fsum((x - x_bar) * (y - y_bar) for x, y in zip(xs, logs, strict=True))
    b = covariance / math.fsum((x - x_bar) ** 2 for x in xs)
    return math.exp(y_bar + b * (xs[-1] - x_bar))


_Rule = Callable[[list[Decimal], MethodParams, Scale], Decimal]
_SINGLE_VALUE: dict[Method, _Rule] = {
    Method.DECAYING_AVERAGE: lambda s, p, _: decaying_average(s, p.weight),
    Method.WEIGHTED_AVERAGE: lambda s, p, _: weighted_average(s, p.weight),
    Method.MOST_RECENT: lambda s, _, __: most_recent(s),
    Method.HIGHEST: lambda s, _, __: highest(s),
    Method.MEAN: lambda s, _, __: mean(s),
    Method.MODE: lambda s, _, __: mode(s),
    Method.MEAN_OF_LAST_N: lambda s, p, _: mean_of_last_n(s, p.last_n),
    Method.POWER_LAW: lambda s, _, scale: power_law(s, scale.minimum, scale.maximum),
}


def _apply(
    values: list[Decimal], params: MethodParams, scale: Scale
) -> tuple[Decimal | None, int | None]:
    """The unrounded value, and for n times the count at or above the threshold."""
    if params.method is Method.N_TIMES:
        return n_times(values, params.n, scale.threshold)
    if not values:
        return None, None
    return _SINGLE_VALUE[params.method](values, params, scale), None


def evaluate(
    scores: Sequence[Score], params: MethodParams, scale: Scale, minimum_evidence: int = 1
) -> MasteryResult:
    """Apply the method, round half-up, and compare the ROUNDED value with the threshold.

    No scores give no value. Fewer than `minimum_evidence` scores give a value that does not
    yet count as mastery, so one lucky 4 is not enough where a school asks for more.
    """
    values = _decimals(scores)
    raw, reached = _apply(values, params, scale)
    value = None if raw is None else round_half_up(raw)
    mastered = value is not None and len(values) >= minimum_evidence and value >= scale.threshold
    needed = params.n if params.method is Method.N_TIMES else None
    return MasteryResult(value, mastered, len(values), needed, reached, scale.threshold_label)


def first_mastered_index(
    scores: Sequence[Score], params: MethodParams, scale: Scale, minimum_evidence: int = 1
) -> int | None:
    """0-based index of the score with which mastery was first reached; None if never.

    Every prefix is evaluated because most methods can fall again after a low score.
    """
    values = _decimals(scores)
    return next(
        (
            i
            for i in range(len(values))
            if evaluate(values[: i + 1], params, scale, minimum_evidence).mastered
        ),
        None,
    )


@dataclass(frozen=True)
class Decision:
    """What is stored for one (student, competency, level): the result and when it was reached."""

    result: MasteryResult
    mastered_on: date | None


def decide(
    dated_scores: Sequence[tuple[date, Score]],
    params: MethodParams,
    scale: Scale,
    minimum_evidence: int = 1,
) -> Decision:
    """Evaluate the scores (oldest first) and, if mastered now, the date it was first reached.

    A dip below the threshold that recovered later does not move the date; a student not
    mastered now has no date, so "mastered by D" is simply `mastered_on <= D`.
    """
    scores = [score for _, score in dated_scores]
    result = evaluate(scores, params, scale, minimum_evidence)
    if not result.mastered:
        return Decision(result, None)
    index = first_mastered_index(scores, params, scale, minimum_evidence)
    return Decision(result, None if index is None else dated_scores[index][0])
