"""Sorting and filtering the class dashboard, and the counts of its headline strip.

Pure on purpose (no Flask, no database): the dashboard reduces each student's overview to a
`RowFacts` and this module decides who is shown and in what order. Every order ends with the
student's name, so two requests with the same filters always list students the same way.

A student has one figure per framework; a single sort or filter reads them like this:
- gap: the largest gap in any framework (the framework the flags speak about);
- growth: the slowest known growth in any framework;
- pace: a student matches a pace when any of their frameworks is at that pace.
"""

from __future__ import annotations

import enum
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from app.reports.flags import FlagKind
from app.reports.pace import Pace

T = TypeVar("T")


class SortKey(enum.StrEnum):
    NEED = "need"
    NAME = "name"
    GAP = "gap"
    GROWTH = "growth"
    CHECK_IN = "check_in"

    @property
    def label(self) -> str:
        return _SORT_LABELS[self]


_SORT_LABELS = {
    SortKey.NEED: "Most in need first",
    SortKey.NAME: "Name (A–Z)",
    SortKey.GAP: "Gap (furthest behind first)",
    SortKey.GROWTH: "Growth (slowest first)",
    SortKey.CHECK_IN: "Last check-in (longest ago first)",
}


@dataclass(frozen=True)
class RowFacts:
    """What sorting and filtering look at for one student."""

    name: str
    sort_name: str
    priority: tuple[int, ...]
    gap: Decimal | None  # largest gap in any framework; positive means behind
    growth: Decimal | None  # slowest known growth in any framework, levels a year
    last_check_in: date | None
    flags: frozenset[FlagKind]
    paces: frozenset[Pace]


@dataclass(frozen=True)
class Filters:
    """The dashboard's choices; the defaults show everyone, most in need first."""

    flag: FlagKind | None = None
    pace: Pace | None = None
    name: str = ""
    sort: SortKey = SortKey.NEED

    @property
    def active(self) -> bool:
        """True when a filter (not only the order) narrows the list."""
        return self.flag is not None or self.pace is not None or bool(self.name.strip())


@lru_cache(maxsize=4096)  # every sort by name folds each name again
def folded(text: str) -> str:
    """Lower case without accents, so "angela" finds "Ángela"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(facts: RowFacts, filters: Filters) -> bool:
    if filters.flag is not None and filters.flag not in facts.flags:
        return False
    if filters.pace is not None and filters.pace not in facts.paces:
        return False
    wanted = folded(filters.name.strip())
    return not wanted or wanted in folded(facts.name) or wanted in folded(facts.sort_name)


_BIG = Decimal("1e9")


def _name(facts: RowFacts) -> str:
    return folded(facts.sort_name)


def _order(sort: SortKey) -> Callable[[RowFacts], tuple[object, ...]]:
    """The sort key for `sort`; unknown figures go last, except a missing check-in, which is
    the longest ago of all."""
    if sort is SortKey.NAME:
        return lambda f: (_name(f),)
    if sort is SortKey.GAP:
        return lambda f: (f.gap is None, -(f.gap or 0), _name(f))
    if sort is SortKey.GROWTH:
        return lambda f: (f.growth is None, f.growth if f.growth is not None else _BIG, _name(f))
    if sort is SortKey.CHECK_IN:
        return lambda f: (f.last_check_in or date.min, _name(f))
    return lambda f: (f.priority, _name(f))


def arrange(rows: Sequence[T], facts_of: Callable[[T], RowFacts], filters: Filters) -> list[T]:
    """The rows that match `filters`, in the chosen order."""
    key = _order(filters.sort)
    kept = [(facts_of(row), row) for row in rows]
    kept = [(facts, row) for facts, row in kept if matches(facts, filters)]
    kept.sort(key=lambda pair: key(pair[0]))
    return [row for _, row in kept]


def flag_counts(facts: Iterable[RowFacts]) -> dict[FlagKind, int]:
    """How many students carry each kind of flag, every kind listed, most severe first."""
    counts = Counter(kind for f in facts for kind in f.flags)
    return {kind: counts[kind] for kind in FlagKind}
