"""Read-side queries for PDSA cycles: a fixed number per page, however many cycles."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.goals.journal import JournalEntry
from app.goals.models import Goal
from app.i18n import translate
from app.pdsa.models import PdsaComment, PdsaCycle
from app.pdsa.stages import NEXT_ACTIONS, Decision, Stage, chains, current_stage


@dataclass(frozen=True)
class GoalChains:
    goal: Goal | None
    chains: list[list[PdsaCycle]]


def cycles_of(student_id: int, shared_only: bool = False) -> list[GoalChains]:
    """The student's cycles as chains under their goals: two queries."""
    query = (
        select(PdsaCycle)
        .where(PdsaCycle.student_id == student_id)
        .options(joinedload(PdsaCycle.goal))
        .order_by(PdsaCycle.id)
    )
    if shared_only:
        query = query.where(PdsaCycle.is_shareable.is_(True))
    cycles = {c.id: c for c in db.session.scalars(query)}
    by_goal: dict[int | None, list[list[PdsaCycle]]] = {}
    for chain in chains([(c.id, c.previous_id) for c in cycles.values()]):
        first = cycles[chain[0]]
        by_goal.setdefault(first.goal_id, []).append([cycles[i] for i in chain])
    goals = {c.goal_id: c.goal for c in cycles.values()}
    ordered = sorted(by_goal, key=lambda goal_id: (goal_id is None, goal_id or 0))
    return [GoalChains(goals[goal_id], by_goal[goal_id]) for goal_id in ordered]


def with_comments(cycle_id: int) -> PdsaCycle:
    cycle = db.session.scalars(
        select(PdsaCycle)
        .where(PdsaCycle.id == cycle_id)
        .options(
            selectinload(PdsaCycle.comments).joinedload(PdsaComment.author),
            joinedload(PdsaCycle.goal),
        )
        .execution_options(populate_existing=True)
    ).one()
    return cycle


def neighbours(cycle: PdsaCycle) -> tuple[PdsaCycle | None, PdsaCycle | None]:
    """The cycle before this one in its chain, and the one after: one query."""
    found = db.session.scalars(
        select(PdsaCycle).where(
            (PdsaCycle.previous_id == cycle.id) | (PdsaCycle.id == cycle.previous_id)
        )
    ).all()
    before = next((c for c in found if c.id == cycle.previous_id), None)
    after = next((c for c in found if c.previous_id == cycle.id), None)
    return before, after


@dataclass(frozen=True)
class OpenCycle:
    cycle: PdsaCycle
    stage: Stage

    @property
    def next_action(self) -> str:
        """What to do at this stage, in English; pages translate it (`translate` filter)."""
        return NEXT_ACTIONS[self.stage]


def open_cycles(student_id: int) -> list[OpenCycle]:
    cycles = db.session.scalars(
        select(PdsaCycle)
        .where(PdsaCycle.student_id == student_id, PdsaCycle.closed_at.is_(None))
        .options(joinedload(PdsaCycle.goal))
        .order_by(PdsaCycle.id.desc())
    )
    return [OpenCycle(c, current_stage(c.stages_done) or Stage.ACT) for c in cycles]


def unseen_comments(student_id: int) -> list[PdsaComment]:
    return list(
        db.session.scalars(
            select(PdsaComment)
            .join(PdsaCycle, PdsaCycle.id == PdsaComment.cycle_id)
            .where(PdsaCycle.student_id == student_id, PdsaComment.seen_at.is_(None))
            .options(joinedload(PdsaComment.author), joinedload(PdsaComment.cycle))
            .order_by(PdsaComment.created_at.desc())
        )
    )


def journal(student_id: int, limit: int) -> list[JournalEntry]:
    """Each stage a student finished, and teachers' comments, as journal entries in the reader's
    language: two queries."""
    cycles = db.session.scalars(
        select(PdsaCycle)
        .where(PdsaCycle.student_id == student_id)
        .order_by(PdsaCycle.updated_at.desc())
        .limit(limit)
    )
    entries = []
    for c in cycles:
        href = url_for("pdsa.cycle", cycle_id=c.id)
        change = c.change if len(c.change) <= 80 else c.change[:79] + "…"
        for at, text in (
            (c.planned_at, _("Planned a PDSA cycle: %(change)s", change=change)),
            (c.done_at, _("Tried the change: %(change)s", change=change)),
            (c.studied_at, _("Studied the results against my prediction")),
            (c.closed_at, _decided(c.decision, c.next_steps)),
        ):
            if at is not None:
                entries.append(JournalEntry(at, _("PDSA"), text, href))
    comments = db.session.execute(
        select(PdsaComment.cycle_id, PdsaComment.stage, PdsaComment.created_at, PdsaComment.body)
        .join(PdsaCycle, PdsaCycle.id == PdsaComment.cycle_id)
        .where(PdsaCycle.student_id == student_id)
        .order_by(PdsaComment.created_at.desc())
        .limit(limit)
    )
    entries += [
        JournalEntry(
            at,
            _("Feedback"),
            _("Comment on %(stage)s: %(comment)s", stage=translate(stage.label), comment=body),
            url_for("pdsa.cycle", cycle_id=cycle_id) + f"#stage-{stage.value}",
        )
        for cycle_id, stage, at, body in comments
    ]
    return entries


def _decided(decision: Decision | None, next_steps: str) -> str:
    """The journal's line for a closed cycle: the decision, then what comes next."""
    if decision is Decision.ADOPT:
        return _("Decided to adopt: %(next)s", next=next_steps)
    if decision is Decision.ADAPT:
        return _("Decided to adapt: %(next)s", next=next_steps)
    if decision is Decision.ABANDON:
        return _("Decided to abandon: %(next)s", next=next_steps)
    return _("Decided to act: %(next)s", next=next_steps)
