"""Builders shared by the inbox, conferring and support-plan tests, pinned to one Wednesday."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from app.auth.models import User
from app.classroom import services
from app.classroom.models import Conference, SupportPlan
from app.classroom.rules import CheckFrequency, PlanStatus
from app.continuum.models import Framework
from app.extensions import db
from tests.factories import store_mastery
from tests.goals.builders import TODAY

HTMX = {"HX-Request": "true"}
__all__ = ["HTMX", "TODAY", "make_conference", "make_plan", "master"]


def master(student: User, framework: Framework, levels: Iterable[int], on: date) -> None:
    """Store mastery straight into the store and commit (see tests.factories.store_mastery)."""
    store_mastery(student, framework, levels, on)
    db.session.commit()


def make_conference(
    student: User, teacher: User, shared: bool = False, **fields: Any
) -> Conference:
    data = services.ConferenceInput(
        held_on=fields.pop("held_on", TODAY - timedelta(days=7)),
        notes=fields.pop("notes", "Talked through the fractions exit ticket."),
        next_steps=fields.pop("next_steps", "Redo questions 3 and 4; check in on Friday."),
        goal_ids=fields.pop("goal_ids", []),
        is_shared=shared,
    )
    conference = services.record_conference(student, data, by=teacher)
    db.session.commit()
    return conference


def make_plan(
    student: User,
    owner: User,
    starts_on: date = TODAY - timedelta(days=30),
    review_on: date | None = None,
    status: PlanStatus = PlanStatus.ACTIVE,
    **fields: Any,
) -> SupportPlan:
    data = services.PlanInput(
        reason=fields.pop("reason", "2.4 levels behind the expected level 6.3"),
        strategy=fields.pop("strategy", "Small-group number talks three times a week"),
        tier=fields.pop("tier", 2),
        owner_id=owner.id,
        starts_on=starts_on,
        review_on=review_on or starts_on + timedelta(weeks=6),
        check_frequency=CheckFrequency.WEEKLY,
    )
    plan = services.open_plan(student, data, by=owner)
    if status is not PlanStatus.ACTIVE:
        services.update_plan(plan, services.PlanInput(**{**data.__dict__, "status": status}), owner)
    db.session.commit()
    return plan
