"""Goal rules: what counts as a revision, and which due dates and target levels are allowed."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.goals.journal import JournalEntry, newest
from app.goals.rules import (
    GoalStatus,
    GoalTerms,
    due_date_problem,
    is_revision,
    status_after_edit,
    target_level_problem,
)

TODAY = date(2026, 11, 25)
TERMS = GoalTerms("Solve two-step equations", 7, 6, date(2026, 12, 18))


@pytest.mark.parametrize(
    ("after", "revised"),
    [
        pytest.param(TERMS, False, id="unchanged"),
        pytest.param(GoalTerms("Solve equations", 7, 6, TERMS.due_on), True, id="new-what"),
        pytest.param(GoalTerms(TERMS.title, 7, 7, TERMS.due_on), True, id="new-target"),
        pytest.param(GoalTerms(TERMS.title, 7, 6, date(2027, 1, 8)), True, id="moved-date"),
    ],
)
def test_changing_the_terms_revises_a_goal(after: GoalTerms, revised: bool) -> None:
    assert is_revision(TERMS, after) is revised


@pytest.mark.parametrize(
    ("status", "revised", "expected"),
    [
        pytest.param(GoalStatus.ACTIVE, True, GoalStatus.REVISED, id="active-revised"),
        pytest.param(GoalStatus.ACTIVE, False, GoalStatus.ACTIVE, id="active-reworded"),
        pytest.param(GoalStatus.REVISED, True, GoalStatus.REVISED, id="revised-again"),
        pytest.param(GoalStatus.ACHIEVED, True, GoalStatus.ACHIEVED, id="closed-stays-closed"),
    ],
)
def test_status_after_edit(status: GoalStatus, revised: bool, expected: GoalStatus) -> None:
    assert status_after_edit(status, revised) is expected


def test_open_statuses() -> None:
    assert {s for s in GoalStatus if s.is_open} == {GoalStatus.ACTIVE, GoalStatus.REVISED}
    assert GoalStatus.SET_ASIDE.label == "Set aside"


@pytest.mark.parametrize(
    ("due_on", "previous", "ok"),
    [
        pytest.param(TODAY, None, True, id="today"),
        pytest.param(date(2026, 11, 24), None, False, id="yesterday-new"),
        pytest.param(date(2026, 11, 1), date(2026, 11, 1), True, id="passed-but-unchanged"),
        pytest.param(date(2026, 11, 2), date(2026, 11, 1), False, id="moved-into-the-past"),
    ],
)
def test_due_dates(due_on: date, previous: date | None, ok: bool) -> None:
    assert (due_date_problem(due_on, previous, TODAY) is None) is ok


def test_target_levels() -> None:
    assert target_level_problem(None, None, []) is None
    assert target_level_problem(3, None, [1, 2]) is None
    assert target_level_problem(3, 2, [1, 2, 3]) is None
    assert "Choose the competency" in (target_level_problem(None, 2, []) or "")
    assert "no level 9" in (target_level_problem(3, 9, [1, 2, 3]) or "")


def test_journal_keeps_the_newest() -> None:
    def entry(day: int) -> JournalEntry:
        return JournalEntry(datetime.combine(date(2026, 11, day), time(9)), "Goal", str(day), "/")

    assert [e.text for e in newest([entry(3), entry(9), entry(5), entry(1)], 2)] == ["9", "5"]
