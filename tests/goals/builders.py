"""Builders for goals, check-ins and PDSA cycles, shared by the learning tests and the matrix."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from app.auth.models import User
from app.extensions import db
from app.goals.models import CheckIn, CheckInReply, Goal, GoalRating
from app.goals.rules import GoalStatus
from app.goals.weeks import week_of
from app.pdsa.models import PdsaComment, PdsaCycle
from app.pdsa.stages import Decision, Stage

TODAY = date(2026, 11, 25)  # a Wednesday; its ISO week runs Nov 23–29


def make_goal(student: User, title: str = "Solve two-step equations", **fields: Any) -> Goal:
    goal = Goal(
        student_id=student.id,
        title=title,
        why=fields.pop("why", "So I can start on the algebra unit with confidence."),
        strategies=fields.pop("strategies", "Ten practice problems after lunch."),
        due_on=fields.pop("due_on", TODAY + timedelta(days=21)),
        status=fields.pop("status", GoalStatus.ACTIVE),
        created_by_id=fields.pop("created_by_id", student.id),
        **fields,
    )
    db.session.add(goal)
    db.session.commit()
    return goal


def make_check_in(
    student: User,
    on: date = TODAY,
    ratings: dict[int, int] | None = None,
    **fields: Any,
) -> CheckIn:
    week = week_of(on)
    check_in = CheckIn(
        student_id=student.id,
        iso_year=week.year,
        iso_week=week.week,
        week_start=week.starts_on,
        confidence=fields.pop("confidence", 3),
        went_well=fields.pop("went_well", "Finished the practice set."),
        hard=fields.pop("hard", "Word problems."),
        next_step=fields.pop("next_step", "Ask about word problems on Monday."),
        created_at=fields.pop("created_at", datetime.combine(week.starts_on, datetime.min.time())),
        **fields,
    )
    check_in.ratings = [GoalRating(goal_id=g, rating=r) for g, r in (ratings or {}).items()]
    db.session.add(check_in)
    db.session.commit()
    return check_in


def make_reply(check_in: CheckIn, author: User, body: str = "Great week!") -> CheckInReply:
    reply = CheckInReply(check_in_id=check_in.id, author_id=author.id, body=body)
    db.session.add(reply)
    db.session.commit()
    return reply


STAMPS = {Stage.DO: "done_at", Stage.STUDY: "studied_at", Stage.ACT: "closed_at"}


def make_cycle(
    student: User, goal: Goal | None = None, done: tuple[Stage, ...] = (), **fields: Any
) -> PdsaCycle:
    """A cycle with its plan written and the stages in `done` finished."""
    cycle = PdsaCycle(
        student_id=student.id,
        goal_id=goal.id if goal else None,
        change=fields.pop("change", "Do five problems before checking answers"),
        prediction=fields.pop("prediction", "My exit tickets go from 2/5 to 4/5"),
        measure=fields.pop("measure", "Exit-ticket scores"),
        by_on=fields.pop("by_on", TODAY + timedelta(days=7)),
        **fields,
    )
    for stage in done:
        setattr(cycle, STAMPS[stage], datetime.combine(TODAY - timedelta(days=5), time(12)))
        if stage is Stage.DO:
            cycle.what_happened, cycle.recorded = "I did it four days.", "3, 4, 4, 5"
        if stage is Stage.STUDY:
            cycle.compared, cycle.learned = "Better than predicted.", "Checking later helps."
        if stage is Stage.ACT:
            cycle.decision, cycle.next_steps = Decision.ADAPT, "Try it with word problems"
    db.session.add(cycle)
    db.session.commit()
    return cycle


def make_comment(cycle: PdsaCycle, author: User, stage: Stage = Stage.PLAN) -> PdsaComment:
    comment = PdsaComment(cycle_id=cycle.id, stage=stage, author_id=author.id, body="Nice plan.")
    db.session.add(comment)
    db.session.commit()
    return comment


def post_prefixed(client: Any, url: str, prefix: str, data: dict[str, Any], page: str, **kw: Any):  # type: ignore[no-untyped-def]
    """POST a form whose fields carry a prefix (one reply or comment box among many)."""
    token = client.csrf_token(page)
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    return client.post(url, data={f"{prefix}-csrf_token": token, **fields}, **kw)
