"""Rules for conferences and support plans: defaults, allowed dates, when a review is due.

Pure: plain values in, plain values out, `today` as an argument.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

REVIEW_AFTER = timedelta(weeks=6)
REVIEW_SOON = timedelta(days=7)
DEFAULT_TIER = 2
TIERS = (1, 2, 3)


class PlanStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CheckFrequency(enum.StrEnum):
    """How often the plan's owner checks progress between reviews."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {"weekly": "Weekly", "fortnightly": "Every two weeks", "monthly": "Monthly"}[
            self.value
        ]


class ReviewState(enum.StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"

    @property
    def label(self) -> str:
        return {
            "overdue": "Review overdue",
            "today": "Review today",
            "soon": "Review this week",
            "later": "Review later",
        }[self.value]


TIER_LABELS = {
    1: "Tier 1 · classroom support",
    2: "Tier 2 · targeted, small group",
    3: "Tier 3 · intensive, individual",
}


def default_review_on(starts_on: date) -> date:
    """Six weeks after the start: long enough to see a change, short enough to adjust."""
    return starts_on + REVIEW_AFTER


def review_date_problem(starts_on: date | None, review_on: date | None) -> str | None:
    """Why the review date cannot be accepted, or None. A review comes after the start."""
    if starts_on is None or review_on is None or review_on > starts_on:
        return None
    when = "before" if review_on < starts_on else "on"
    return (
        f"The review date is {when} the start date ({_day(starts_on)}). "
        "Pick a day after it, e.g. six weeks later."
    )


def review_state(review_on: date, today: date) -> ReviewState:
    if review_on < today:
        return ReviewState.OVERDUE
    if review_on == today:
        return ReviewState.TODAY
    if review_on <= today + REVIEW_SOON:
        return ReviewState.SOON
    return ReviewState.LATER


def review_horizon(today: date) -> date:
    """Reviews on or before this date are listed as due: the past, today and the next week."""
    return today + REVIEW_SOON


def conference_date_problem(held_on: date, today: date) -> str | None:
    """A conference is recorded once it has happened: today or earlier."""
    if held_on <= today:
        return None
    return f"A conference is recorded after it happens: pick today ({_day(today)}) or earlier."


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(day: date) -> str:
    """ "Oct 3, 2026", with no locale, so no surprises."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
