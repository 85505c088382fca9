"""The dashboard's table rows as display values: numbers rounded, dates written, links built.

Worked out in the template, they cost a call back into Python per figure, link and date (a
`tenths` filter, `url_for`, the date filter: some 270 calls for a class of 35), and crossing
from Jinja into Python is most of what such a call costs. Here each row is worked out once,
in plain Python, and the template only places strings. The words ("behind", "Week of",
"Confer") stay in the template, beside the markup they belong to.

Links and date formatting come in as functions, so this module needs no request: the route
passes `url_for`-built links and the reader's date format (see `dashboard.py`). The rows are
NamedTuples: as immutable as frozen dataclasses and about three times cheaper to build, which
shows when every request builds a hundred of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from app.classroom.wall_bands import tenths

if TYPE_CHECKING:
    from app.reports.overview import StudentOverview
    from app.reports.progress import FrameworkProgress

Link = Callable[[int], str]
DayFormat = Callable[[date, str], str]  # (day, "short" or "medium") -> text


@dataclass(frozen=True)
class RowLinks:
    """Where a row's links go, each from a record id; no confer link for those who only read."""

    continuum: Link  # by student id
    cycle: Link  # by PDSA cycle id
    confer: Link | None  # by student id


class FlagBadge(NamedTuple):
    kind: str  # the FlagKind value, a CSS class suffix
    label: str
    reason: str


class FrameworkCell(NamedTuple):
    """One framework's figures for one student, to one decimal as the flags write them."""

    level: str  # "—" when unknown
    expected: str | None
    gap: str | None  # the size of the gap, without a sign; None when unknown
    side: Literal["behind", "ahead", "at"] | None
    growth: str | None  # levels a year; None when there is not enough history
    pace: str  # the Pace value, a CSS class suffix
    pace_label: str
    scaled_days: int | None  # the span a scaled growth rests on; None for a full year
    basis: str  # why growth is unknown, when it is


class DashboardRow(NamedTuple):
    name: str
    sort_name: str
    grade: int | None
    continuum_href: str
    confer_href: str | None
    flags: tuple[FlagBadge, ...]
    cells: tuple[FrameworkCell, ...]
    check_in_week: str | None  # the Monday of the last check-in's week, written out
    wants_help: bool
    answered: bool
    goal_count: int
    due: str | None  # the first active goal's due date, written out
    overdue: bool
    pdsa_href: str | None
    pdsa_stage: str  # English, as staff pages are; an N_ Text (see app.translatable)


def display_rows(
    overviews: Iterable[StudentOverview], today: date, links: RowLinks, day: DayFormat
) -> list[DashboardRow]:
    """Each overview as a row, in the same order; each distinct date is formatted once."""
    on = _day_in_context(cache(day), today)
    return [_row(overview, links, on, today) for overview in overviews]


def _day_in_context(day: DayFormat, today: date) -> Callable[[date], str]:
    """A date in this year is short ("Nov 16"); another year's says the year."""
    return lambda value: day(value, "short" if value.year == today.year else "medium")


def _row(
    o: StudentOverview, links: RowLinks, day: Callable[[date], str], today: date
) -> DashboardRow:
    learner, check_in = o.learner, o.last_check_in
    due_on = o.goals[0].due_on if o.goals else None
    return DashboardRow(
        name=learner.name,
        sort_name=learner.sort_name,
        grade=learner.grade,
        continuum_href=links.continuum(learner.id),
        confer_href=links.confer(learner.id) if links.confer else None,
        flags=tuple(FlagBadge(f.kind.value, f.label, f.reason) for f in o.flags),
        cells=tuple(framework_cell(p) for p in o.progress.frameworks),
        check_in_week=day(check_in.week_start) if check_in else None,
        wants_help=bool(check_in and check_in.wants_help),
        answered=bool(check_in and check_in.answered),
        goal_count=len(o.goals),
        due=day(due_on) if due_on else None,
        overdue=bool(due_on and due_on < today),
        pdsa_href=links.cycle(o.pdsa_cycle_id) if o.pdsa_cycle_id is not None else None,
        pdsa_stage=o.pdsa_stage.label if o.pdsa_stage else "",
    )


def framework_cell(p: FrameworkProgress) -> FrameworkCell:
    growth = p.growth
    scaled = growth.span.days if growth.scaled and growth.span else None
    gap, side = _gap(p)
    return FrameworkCell(
        level=tenths(p.level),
        expected=tenths(p.expected) if p.expected is not None else None,
        gap=gap,
        side=side,
        growth=tenths(growth.per_year) if growth.per_year is not None else None,
        pace=p.pace.value,
        pace_label=p.pace.label,
        scaled_days=scaled,
        basis=growth.basis,
    )


def _gap(p: FrameworkProgress) -> tuple[str | None, Literal["behind", "ahead", "at"] | None]:
    if p.gap is None:
        return None, None
    if p.gap > 0:
        return tenths(p.gap), "behind"
    if p.gap < 0:
        return tenths(-p.gap), "ahead"
    return tenths(p.gap), "at"
