"""Changes to PDSA cycles. Services flush, never commit: the route does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update

from app.auth.models import User
from app.db import utcnow
from app.extensions import db
from app.pdsa.models import PdsaComment, PdsaCycle
from app.pdsa.stages import Decision, Stage, stage_problem
from app.translatable import N_


class StageError(ValueError):
    """A stage saved out of order, or a change to a closed cycle: nothing was changed.

    Its message is English marked with `N_`; the page translates it (`app.i18n.translate`).
    """


@dataclass(frozen=True)
class PlanInput:
    goal_id: int | None
    change: str
    prediction: str
    measure: str
    by_on: date
    is_shareable: bool


STAGE_FIELDS = {
    Stage.DO: ("what_happened", "recorded"),
    Stage.STUDY: ("compared", "learned"),
    Stage.ACT: ("decision", "next_steps"),
}
STAMPS = {Stage.DO: "done_at", Stage.STUDY: "studied_at", Stage.ACT: "closed_at"}


def next_cycle_of(cycle_id: int) -> PdsaCycle | None:
    return db.session.scalar(select(PdsaCycle).where(PdsaCycle.previous_id == cycle_id))


def start_cycle(student_id: int, plan: PlanInput, previous: PdsaCycle | None) -> PdsaCycle:
    """A new cycle with its plan; after `previous`, which must be closed and not yet followed."""
    if previous is not None:
        if not previous.is_closed:
            raise StageError(
                N_("Close the earlier cycle with its Act stage before starting the next.")
            )
        if next_cycle_of(previous.id) is not None:
            raise StageError(N_("That cycle already has a next cycle: it is linked below."))
    cycle = PdsaCycle(student_id=student_id, previous_id=previous.id if previous else None)
    update_plan(cycle, plan)
    db.session.add(cycle)
    db.session.flush()
    return cycle


def update_plan(cycle: PdsaCycle, plan: PlanInput) -> None:
    if cycle.is_closed:
        raise StageError(stage_problem(Stage.PLAN, cycle.stages_done, closed=True) or "")
    for name, value in vars(plan).items():
        setattr(cycle, name, value)
    db.session.flush()


def save_stage(cycle: PdsaCycle, stage: Stage, values: dict[str, Any]) -> bool:
    """Save Do, Study or Act; True when the stage was done for the first time."""
    problem = stage_problem(stage, cycle.stages_done, cycle.is_closed)
    if problem:
        raise StageError(problem)
    for name in STAGE_FIELDS[stage]:
        value = values[name]
        setattr(cycle, name, Decision(value) if name == "decision" else value)
    first_time = getattr(cycle, STAMPS[stage]) is None
    if first_time:
        setattr(cycle, STAMPS[stage], utcnow())
    db.session.flush()
    return first_time


def add_comment(cycle: PdsaCycle, stage: Stage, author: User, body: str) -> PdsaComment:
    comment = PdsaComment(cycle_id=cycle.id, stage=stage, author_id=author.id, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


def mark_comments_seen(cycle: PdsaCycle) -> None:
    db.session.execute(
        update(PdsaComment)
        .where(PdsaComment.cycle_id == cycle.id, PdsaComment.seen_at.is_(None))
        .values(seen_at=utcnow())
    )
