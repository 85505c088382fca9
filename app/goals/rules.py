"""Rules for goals: statuses, what makes an edit a revision, and when a due date is allowed.

Pure: plain values in, plain values out. Words are English, marked with `N_` so that pages
show them in the reader's language (app/translatable.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from app.translatable import N_, Text


class GoalStatus(enum.StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    REVISED = "revised"
    SET_ASIDE = "set_aside"

    @property
    def label(self) -> Text:
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still being worked on: rated in the weekly check-in, shown on the home page."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset({GoalStatus.ACTIVE, GoalStatus.REVISED})
_STATUS_LABELS = {
    GoalStatus.ACTIVE: N_("Active"),
    GoalStatus.ACHIEVED: N_("Achieved"),
    GoalStatus.REVISED: N_("Revised"),
    GoalStatus.SET_ASIDE: N_("Set aside"),
}


@dataclass(frozen=True)
class GoalTerms:
    """The parts of a goal that define it; changing one of them revises the goal."""

    title: str
    competency_id: int | None
    target_level: int | None
    due_on: date


def is_revision(before: GoalTerms, after: GoalTerms) -> bool:
    """A change to what, target or due date revises a goal; rewording the why does not."""
    return before != after


def status_after_edit(status: GoalStatus, revised: bool) -> GoalStatus:
    """An open goal whose terms changed shows as revised; a closed one keeps its status."""
    if revised and status.is_open:
        return GoalStatus.REVISED
    return status


def due_date_problem(due_on: date, previous: date | None, today: date) -> Text | None:
    """A new or moved due date must not be in the past; an unchanged one may have passed."""
    if due_on == previous or due_on >= today:
        return None
    return N_("Pick a date from today on: a goal needs a due date still ahead of you.")


def target_level_problem(
    competency_id: int | None, target_level: int | None, described: list[int]
) -> Text | None:
    """A target level needs a competency, and must be one of its described levels."""
    if target_level is None:
        return None
    if competency_id is None:
        return N_("Choose the competency this level belongs to, or leave the level empty.")
    if target_level not in described:
        shown = ", ".join(str(level) for level in described) or N_("none")
        return N_(
            "That competency has no level %(level)s. Its levels are: %(levels)s.",
            level=target_level,
            levels=shown,
        )
    return None
