"""Recording conferences and keeping support plans. Services flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.classroom.models import Conference, SupportPlan, SupportPlanChange
from app.classroom.rules import CheckFrequency, PlanStatus
from app.extensions import db
from app.goals.models import Goal


@dataclass(frozen=True)
class ConferenceInput:
    held_on: date
    notes: str
    next_steps: str
    goal_ids: list[int]
    is_shared: bool


def record_conference(student: User, data: ConferenceInput, by: User) -> Conference:
    """Save a conference; only the student's own goals can be linked to it."""
    goals = (
        list(
            db.session.scalars(
                select(Goal).where(Goal.id.in_(data.goal_ids), Goal.student_id == student.id)
            )
        )
        if data.goal_ids
        else []
    )
    conference = Conference(
        student_id=student.id,
        teacher_id=by.id,
        held_on=data.held_on,
        notes=data.notes,
        next_steps=data.next_steps,
        is_shared=data.is_shared,
        goals=goals,
    )
    db.session.add(conference)
    db.session.flush()
    return conference


@dataclass(frozen=True)
class PlanInput:
    reason: str
    strategy: str
    tier: int
    owner_id: int
    starts_on: date
    review_on: date
    check_frequency: CheckFrequency
    status: PlanStatus = PlanStatus.ACTIVE
    flag_kind: str | None = None


def open_plan(student: User, data: PlanInput, by: User) -> SupportPlan:
    assert student.school_id is not None
    plan = SupportPlan(student_id=student.id, school_id=student.school_id, created_by_id=by.id)
    for f in fields(data):
        setattr(plan, f.name, getattr(data, f.name))
    db.session.add(plan)
    db.session.flush()
    _note(plan, by, None, "Opened the plan")
    return plan


_EDITABLE = ("reason", "strategy", "tier", "owner_id", "starts_on", "review_on", "check_frequency")


def update_plan(plan: SupportPlan, data: PlanInput, by: User) -> bool:
    """Apply an edit; a status change is recorded with who and when. False if nothing changed."""
    edited = [name for name in _EDITABLE if getattr(plan, name) != getattr(data, name)]
    old_status = plan.status
    if not edited and data.status == old_status:
        return False
    for name in edited:
        setattr(plan, name, getattr(data, name))
    parts = []
    if data.status != old_status:
        plan.status = data.status
        parts.append(f"Status: {old_status.label} → {data.status.label}")
    if edited:
        parts.append("Changed " + ", ".join(_LABELS[name] for name in edited))
    db.session.flush()
    _note(plan, by, old_status, "; ".join(parts))
    return True


_LABELS = {
    "reason": "reason",
    "strategy": "strategy",
    "tier": "tier",
    "owner_id": "owner",
    "starts_on": "start date",
    "review_on": "review date",
    "check_frequency": "progress check",
}


def _note(plan: SupportPlan, by: User, old_status: PlanStatus | None, summary: str) -> None:
    db.session.add(
        SupportPlanChange(
            plan_id=plan.id,
            changed_by_id=by.id,
            old_status=old_status,
            new_status=plan.status,
            summary=summary[:300],
        )
    )
    db.session.flush()
