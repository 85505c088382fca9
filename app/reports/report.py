"""The pace and progress report of a group: its tables, from each student's figures.

Pure on purpose (no Flask, no database): the routes read stored mastery through
`reports.progress`, turn each student into a `StudentLine` for one framework, and everything a
report shows is computed here from those lines and `today`, so the section report, the school
leader's view and the district view count the same way.

- The growth distribution puts each student's levels-a-year in half-level buckets; the edge at
  1.0 is the headline's, so the buckets from 1.0 up add up to the students gaining one level or
  more a year.
- The month-by-month trend reads each student's level history at the end of every month of the
  school year so far (today for the current month): the mean level, the mean expected level,
  and the share growing at the school's on-pace rate or faster on that day.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.continuum.levels import Step, level_on
from app.reports.flags import Flag, FlagKind
from app.reports.pace import ONE_LEVEL, Growth, Pace, Share, expected_level, growth, share_gaining

_CENT = Decimal("0.01")
HALF_LEVELS = (Decimal("0.5"), ONE_LEVEL, Decimal("1.5"), Decimal(2))
PROGRESS_KINDS = (FlagKind.LEVELS_BEHIND, FlagKind.ADVANCING, FlagKind.NOT_PROGRESSING)


_KIND_LABELS = {
    FlagKind.NOT_PROGRESSING: "Not progressing",
    FlagKind.HELP_REQUESTED: "Asked for help",
    FlagKind.NO_CHECKIN: "No check-in",
    FlagKind.GOAL_PAST_DUE: "Goal past due",
    FlagKind.ADVANCING: "Advancing rapidly",
}


def flag_kind_label(kind: FlagKind, levels_behind: Decimal) -> str:
    """A kind of flag as a column or filter names it, with the school's threshold for gaps."""
    if kind is FlagKind.LEVELS_BEHIND:
        text = f"{levels_behind.normalize():f}"
        return f"{text} or more levels behind"
    return _KIND_LABELS[kind]


@dataclass(frozen=True)
class StudentLine:
    """One student's figures in one framework, and the flags that apply on the day."""

    id: int
    name: str
    sort_name: str
    grade: int | None
    level: Decimal | None
    expected: Decimal | None
    gap: Decimal | None
    growth: Growth
    pace: Pace
    last_mastery_on: date | None
    history: Sequence[Step] = ()
    flags: tuple[Flag, ...] = ()

    def flag(self, kind: FlagKind) -> Flag | None:
        return next((f for f in self.flags if f.kind is kind), None)


@dataclass(frozen=True)
class Bucket:
    """Students whose growth is at least `low` and under `high` (None: open-ended)."""

    label: str
    low: Decimal | None
    high: Decimal | None
    students: int
    share: Decimal | None  # of the students with a known growth, 0 to 1

    @property
    def short(self) -> str:
        """For a chart's axis, where the full label does not fit: "< 0.5", "1–1.5", "≥ 2"."""
        if self.low is None:
            return f"< {_plain(self.high)}"
        if self.high is None:
            return f"≥ {_plain(self.low)}"
        return f"{_plain(self.low)}–{_plain(self.high)}"

    @property
    def gaining(self) -> bool:
        """Part of the headline: one level or more a year."""
        return self.low is not None and self.low >= ONE_LEVEL


@dataclass(frozen=True)
class Distribution:
    buckets: tuple[Bucket, ...]
    unknown: int  # students without enough history for a growth figure

    @property
    def known(self) -> int:
        return sum(bucket.students for bucket in self.buckets)


def growth_distribution(
    per_year: Iterable[Decimal | None], edges: Sequence[Decimal] = HALF_LEVELS
) -> Distribution:
    """Count growth figures between consecutive `edges` (ascending); None counts as unknown."""
    if list(edges) != sorted(set(edges)) or not edges:
        raise ValueError(f"bucket edges must be distinct and ascending, not {list(edges)}")
    values = list(per_year)
    known = [value for value in values if value is not None]
    bounds = [None, *edges, None]
    buckets = []
    for low, high in itertools.pairwise(bounds):
        count = sum(
            1 for value in known if (low is None or value >= low) and (high is None or value < high)
        )
        share = _share(count, len(known))
        buckets.append(Bucket(_bucket_label(low, high), low, high, count, share))
    return Distribution(tuple(buckets), unknown=len(values) - len(known))


def _bucket_label(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return f"under {_one_place(high)}"
    if high is None:
        return f"{_one_place(low)} or more"
    return f"{_one_place(low)} to under {_one_place(high)}"


def _one_place(value: Decimal | None) -> str:
    assert value is not None
    return f"{value.quantize(Decimal('0.1'))}"


def _plain(value: Decimal | None) -> str:
    assert value is not None
    return f"{value.normalize():f}"


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / whole).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the known values, to two decimals; None when none is known."""
    known = [value for value in values if value is not None]
    if not known:
        return None
    return (sum(known, Decimal(0)) / len(known)).quantize(_CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthPoint:
    """The group on the last day of a month (or today, for the current month)."""

    label: str  # "Sep 2026"
    on: date
    mean_level: Decimal | None
    mean_expected: Decimal | None
    with_level: int  # students whose history reaches back to `on`
    on_pace: Share  # growing at the on-pace rate or faster, of those with a growth figure


def month_ends(start: date, end: date, today: date) -> list[date]:
    """The last day of each month from `start` to the earlier of `end` and `today`, that day
    itself for the month it falls in; [] before the year begins."""
    stop = min(end, today)
    days: list[date] = []
    year, month = start.year, start.month
    while date(year, month, 1) <= stop:
        last = date(year, month, calendar.monthrange(year, month)[1])
        days.append(min(last, stop))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [day for day in days if day >= start]


def monthly_trend(
    lines: Sequence[StudentLine],
    year_start: date,
    year_end: date,
    today: date,
    on_pace: Decimal,
) -> list[MonthPoint]:
    """Mean level, mean expected level and the share on pace at each month's end so far."""
    points = []
    for on in month_ends(year_start, year_end, today):
        levels = [level_on(line.history, on) for line in lines]
        expected = [
            expected_level(line.grade, on, year_start, year_end)
            for line in lines
            if line.grade is not None
        ]
        rates = [growth(line.history, on).per_year for line in lines]
        points.append(
            MonthPoint(
                label=f"{calendar.month_abbr[on.month]} {on.year}",
                on=on,
                mean_level=mean(levels),
                mean_expected=mean(expected),
                with_level=sum(1 for level in levels if level is not None),
                on_pace=share_gaining_at_least(rates, on_pace),
            )
        )
    return points


def share_gaining_at_least(per_year: Iterable[Decimal | None], rate: Decimal) -> Share:
    """Like the headline share, with another rate than one level a year."""
    known = [value for value in per_year if value is not None]
    return Share(gaining=sum(1 for value in known if value >= rate), known=len(known))


@dataclass(frozen=True)
class Headline:
    """A group's figures in one line of a table: the headline share first."""

    students: int
    share: Share
    mean_growth: Decimal | None
    mean_gap: Decimal | None
    flags: dict[FlagKind, int]  # students with each kind of flag (0 for none)

    def count(self, kind: FlagKind) -> int:
        return self.flags.get(kind, 0)


def headline(lines: Sequence[StudentLine]) -> Headline:
    """The students, the headline share, mean growth and gap, and flag counts of a group."""
    counts = dict.fromkeys(FlagKind, 0)
    for line in lines:
        for kind in {flag.kind for flag in line.flags}:
            counts[kind] += 1
    rates = [line.growth.per_year for line in lines]
    return Headline(
        students=len(lines),
        share=share_gaining(rates),
        mean_growth=mean(rates),
        mean_gap=mean(line.gap for line in lines),
        flags=counts,
    )


def flagged(lines: Sequence[StudentLine], kind: FlagKind) -> list[StudentLine]:
    """The students with a flag of `kind`, those it applies to most first, then by name."""
    found = [line for line in lines if line.flag(kind) is not None]
    return sorted(found, key=lambda line: (_severity(line, kind), line.sort_name.casefold()))


def _severity(line: StudentLine, kind: FlagKind) -> tuple[Decimal | int, ...]:
    """Furthest behind, fastest, or longest without mastery first."""
    if kind is FlagKind.LEVELS_BEHIND:
        return (-(line.gap or Decimal(0)),)
    if kind is FlagKind.ADVANCING:
        return (-(line.growth.per_year or Decimal(0)),)
    if kind is FlagKind.NOT_PROGRESSING:
        return (0, 0) if line.last_mastery_on is None else (1, line.last_mastery_on.toordinal())
    return (0,)


@dataclass(frozen=True)
class SectionReport:
    """Everything the pace and progress report of one group shows, for one framework."""

    framework: str
    today: date
    lines: tuple[StudentLine, ...]  # by name
    headline: Headline
    distribution: Distribution
    behind: tuple[StudentLine, ...]
    advancing: tuple[StudentLine, ...]
    not_progressing: tuple[StudentLine, ...]
    trend: tuple[MonthPoint, ...]
    with_plan: frozenset[int]  # students with an active support plan

    @property
    def behind_without_plan(self) -> int:
        return sum(1 for line in self.behind if line.id not in self.with_plan)


def section_report(
    framework: str,
    lines: Sequence[StudentLine],
    today: date,
    year: tuple[date, date] | None,
    on_pace: Decimal,
    with_plan: Iterable[int] = (),
) -> SectionReport:
    """The report of a group from its students' lines; `year` is (first day, last day)."""
    by_name = tuple(sorted(lines, key=lambda line: (line.sort_name.casefold(), line.id)))
    trend = monthly_trend(by_name, year[0], year[1], today, on_pace) if year else []
    return SectionReport(
        framework=framework,
        today=today,
        lines=by_name,
        headline=headline(by_name),
        distribution=growth_distribution(line.growth.per_year for line in by_name),
        behind=tuple(flagged(by_name, FlagKind.LEVELS_BEHIND)),
        advancing=tuple(flagged(by_name, FlagKind.ADVANCING)),
        not_progressing=tuple(flagged(by_name, FlagKind.NOT_PROGRESSING)),
        trend=tuple(trend),
        with_plan=frozenset(with_plan),
    )
