"""Suppression across the schools of a district, so that no two pages together reveal a group.

Pure on purpose. `reports.equity` hides small groups within one school's table, and a second
group when one alone would be hidden (its count is the school's total minus the others). Across
a district there is a second sum: a group's district figure is the sum of that group in each
school. A district admin sees the district table and every school's table, so if a group is
hidden in one school only, the district count minus the other schools' counts gives it away.

So the suppression pattern is decided once for the whole district, from the counts alone, and
every page (each school's equity view, for its leader too, and the district's) applies it:

1. In each school, the groups `equity.suppressed_groups` hides (small, then complementary);
   in the district row, the same over the district's counts.
2. Then, until nothing changes: in each group's column (the schools' cells and the district's),
   and in each row, a single hidden cell is joined by the smallest visible one.

The result only ever adds hidden cells to what one school's table would hide by itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from app.reports.equity import (
    Dimension,
    DimensionTable,
    EquityReport,
    GroupRow,
    StudentRow,
    Suppression,
    group_label,
    suppressed_groups,
)

DISTRICT = None  # the key of the district's own row
COMPLEMENTARY_REASON = "hidden so that a smaller group cannot be worked out"

Counts = dict[Dimension, Counter[str]]
Hidden = dict[Dimension, set[str]]
K = TypeVar("K", int | None, str)


def group_counts(rows: Iterable[StudentRow]) -> Counts:
    """Students per group label, for each dimension."""
    counts: Counts = {dimension: Counter() for dimension in Dimension}
    for row in rows:
        for dimension in Dimension:
            counts[dimension][group_label(dimension, row)] += 1
    return counts


def district_hidden(
    counts: Mapping[int, Counts],
    thresholds: Mapping[int, int],
    district_threshold: int,
) -> dict[int | None, Hidden]:
    """The groups to hide in each school's table and (under DISTRICT) the district's."""
    hidden: dict[int | None, Hidden] = {}
    for dimension in Dimension:
        grid: dict[int | None, Counter[str]] = {
            school: counts[school][dimension] for school in counts
        }
        grid[DISTRICT] = sum(grid.values(), Counter())
        limits: dict[int | None, int] = {key: thresholds[key] for key in counts}
        limits[DISTRICT] = district_threshold
        for key, pattern in _grid_pattern(grid, limits).items():
            hidden.setdefault(key, {})[dimension] = pattern
    return hidden


def _grid_pattern(
    grid: Mapping[int | None, Counter[str]], limits: Mapping[int | None, int]
) -> dict[int | None, set[str]]:
    hidden = {key: set(suppressed_groups(row, limits[key])) for key, row in grid.items()}
    labels = sorted({label for row in grid.values() for label in row})
    changed = True
    while changed:
        changed = False
        for label in labels:
            column = {key: row[label] for key, row in grid.items() if row[label] > 0}
            covered = {key for key in column if label in hidden[key]}
            for key in _lone_partner(column, covered, lambda k: (k is DISTRICT, k or 0)):
                hidden[key].add(label)
                changed = True
        for key, row in grid.items():
            cells = {label: count for label, count in row.items() if count > 0}
            for label in _lone_partner(cells, hidden[key] & set(cells), lambda label: label):
                hidden[key].add(label)
                changed = True
    return hidden


def _lone_partner(cells: Mapping[K, int], hidden: set[K], tiebreak: Callable[[K], Any]) -> list[K]:
    """When exactly one cell of a sum is hidden, the smallest visible cell to hide with it."""
    if len(hidden) != 1 or len(cells) < 2:
        return []
    visible = (key for key in cells if key not in hidden)
    return [min(visible, key=lambda key: (cells[key], tiebreak(key)))]


def with_hidden(report: EquityReport, hidden: Hidden) -> EquityReport:
    """The report with the extra groups of `hidden` suppressed as complementary."""
    tables = tuple(
        _table_with_hidden(table, hidden.get(table.dimension, set())) for table in report.dimensions
    )
    return replace(report, dimensions=tables)


def _table_with_hidden(table: DimensionTable, labels: set[str]) -> DimensionTable:
    groups = tuple(
        GroupRow(row.label, None, Suppression.COMPLEMENTARY, COMPLEMENTARY_REASON)
        if row.label in labels and not row.hidden
        else row
        for row in table.groups
    )
    return replace(table, groups=groups)
