"""The equity view: growth, gap and the headline share by subgroup, never exposing a child.

Pure on purpose: the page reads one row per student (demographics from StudentProfile, growth
and gap already computed) and `equity_report(rows, threshold)` returns tables ready to render.

Suppression, per dimension (gender, race/ethnicity, disability, English learner, low income):

1. Every group with fewer than `threshold` students (the school's suppression_threshold,
   default 10) is hidden: no count, no figures, only "fewer than 10".
2. The groups of a dimension add up to the total, which is shown elsewhere (the "All students"
   row, the school's roll). So if exactly one group is hidden, subtracting the visible groups
   from the total would reveal it. Then the smallest visible group is hidden as well ("hidden
   so that a smaller group cannot be worked out"), and the check repeats until no dimension has
   exactly one hidden group. "Not reported" is a group like any other.
3. When the whole population is below the threshold, the "All students" row is hidden too.

Groups are listed in a fixed order (by label, "Not reported" last), never by size, so the
order of the rows reveals nothing about hidden groups. Figures of a visible group are taken over
its students with a known value: mean growth and the headline share over those with growth.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from app.reports.pace import Share, share_gaining

DEFAULT_THRESHOLD = 10
NOT_REPORTED = "Not reported"
ALL_STUDENTS = "All students"
_CENT = Decimal("0.01")
_BOUNDED = Context(prec=28)


class Dimension(enum.StrEnum):
    GENDER = "gender"
    RACE_ETHNICITY = "race_ethnicity"
    DISABILITY = "disability"
    ENGLISH_LEARNER = "english_learner"
    LOW_INCOME = "low_income"

    @property
    def label(self) -> str:
        return _DIMENSION_LABELS[self]


_DIMENSION_LABELS = {
    Dimension.GENDER: "Gender",
    Dimension.RACE_ETHNICITY: "Race/ethnicity",
    Dimension.DISABILITY: "Disability",
    Dimension.ENGLISH_LEARNER: "English learner",
    Dimension.LOW_INCOME: "Low income",
}
# (label for True, label for False) of the yes/no dimensions
_YES_NO = {
    Dimension.DISABILITY: ("With a disability", "Without a disability"),
    Dimension.ENGLISH_LEARNER: ("English learners", "Not English learners"),
    Dimension.LOW_INCOME: ("Low income", "Not low income"),
}


@dataclass(frozen=True)
class StudentRow:
    """One student: demographics as stored (None = not reported) and their measures."""

    growth: Decimal | None  # levels per year; None when not enough history yet
    gap: Decimal | None  # expected − actual; None when the student has no level
    gender: str | None = None
    race_ethnicity: str | None = None
    has_disability: bool | None = None
    english_learner: bool | None = None
    low_income: bool | None = None


@dataclass(frozen=True)
class Figures:
    students: int
    mean_growth: Decimal | None
    mean_gap: Decimal | None
    share: Share  # gaining one or more levels a year, of those with a known growth


class Suppression(enum.StrEnum):
    SMALL = "small"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class GroupRow:
    """One table row: either figures, or the reason they are hidden (never both)."""

    label: str
    figures: Figures | None
    suppressed: Suppression | None = None
    reason: str | None = None

    @property
    def hidden(self) -> bool:
        return self.suppressed is not None


@dataclass(frozen=True)
class DimensionTable:
    dimension: Dimension
    groups: tuple[GroupRow, ...]

    @property
    def label(self) -> str:
        return self.dimension.label


@dataclass(frozen=True)
class EquityReport:
    threshold: int
    overall: GroupRow
    dimensions: tuple[DimensionTable, ...]


def equity_report(rows: Sequence[StudentRow], threshold: int = DEFAULT_THRESHOLD) -> EquityReport:
    """Figures for all students and for each group of each dimension, suppressed as above."""
    if threshold < 1:
        raise ValueError(f"the suppression threshold must be at least 1, not {threshold}")
    overall_hidden = {ALL_STUDENTS: Suppression.SMALL} if len(rows) < threshold else {}
    overall = _row(ALL_STUDENTS, rows, overall_hidden, threshold)
    tables = tuple(_table(dimension, rows, threshold) for dimension in Dimension)
    return EquityReport(threshold, overall, tables)


def suppressed_groups(counts: Mapping[str, int], threshold: int) -> dict[str, Suppression]:
    """Which groups of one dimension to hide, and why (rules 1 and 2 of the module docstring)."""
    hidden = {label: Suppression.SMALL for label, count in counts.items() if count < threshold}
    while len(hidden) == 1 and len(counts) > 1:
        _, label = min((count, label) for label, count in counts.items() if label not in hidden)
        hidden[label] = Suppression.COMPLEMENTARY
    return hidden


def figures(rows: Sequence[StudentRow]) -> Figures:
    """Count, mean growth, mean gap and the headline share of a group of students."""
    growths = [row.growth for row in rows]
    return Figures(
        students=len(rows),
        mean_growth=_mean(growths),
        mean_gap=_mean([row.gap for row in rows]),
        share=share_gaining(growths),
    )


def group_label(dimension: Dimension, row: StudentRow) -> str:
    """The group a student falls in for one dimension, as a table shows it."""
    if dimension in _YES_NO:
        value = _BOOLEAN_FIELDS[dimension](row)
        if value is None:
            return NOT_REPORTED
        yes, no = _YES_NO[dimension]
        return yes if value else no
    text = (_TEXT_FIELDS[dimension](row) or "").strip()
    return text[:1].upper() + text[1:] if text else NOT_REPORTED


_BOOLEAN_FIELDS: dict[Dimension, Callable[[StudentRow], bool | None]] = {
    Dimension.DISABILITY: lambda row: row.has_disability,
    Dimension.ENGLISH_LEARNER: lambda row: row.english_learner,
    Dimension.LOW_INCOME: lambda row: row.low_income,
}
_TEXT_FIELDS: dict[Dimension, Callable[[StudentRow], str | None]] = {
    Dimension.GENDER: lambda row: row.gender,
    Dimension.RACE_ETHNICITY: lambda row: row.race_ethnicity,
}


def _table(dimension: Dimension, rows: Sequence[StudentRow], threshold: int) -> DimensionTable:
    groups: dict[str, list[StudentRow]] = {}
    for row in rows:
        groups.setdefault(group_label(dimension, row), []).append(row)
    hidden = suppressed_groups(
        {label: len(members) for label, members in groups.items()}, threshold
    )
    ordered = sorted(groups, key=lambda label: _order(dimension, label))
    return DimensionTable(
        dimension, tuple(_row(label, groups[label], hidden, threshold) for label in ordered)
    )


def _row(
    label: str,
    members: Sequence[StudentRow],
    hidden: Mapping[str, Suppression],
    threshold: int,
) -> GroupRow:
    why = hidden.get(label)
    if why is Suppression.SMALL:
        return GroupRow(label, None, why, f"fewer than {threshold}")
    if why is Suppression.COMPLEMENTARY:
        return GroupRow(label, None, why, "hidden so that a smaller group cannot be worked out")
    return GroupRow(label, figures(members))


def _order(dimension: Dimension, label: str) -> tuple[int, str]:
    """Yes before no, then alphabetical, "Not reported" last: an order that ignores size."""
    if label == NOT_REPORTED:
        return (2, "")
    if dimension in _YES_NO:
        return (0 if label == _YES_NO[dimension][0] else 1, "")
    return (0, label.casefold())


def _mean(values: Sequence[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    if not known:
        return None
    with localcontext(_BOUNDED):
        return (sum(known, Decimal(0)) / len(known)).quantize(_CENT, ROUND_HALF_UP)
