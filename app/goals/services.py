"""Changes to goals, check-ins and replies. Services flush, never commit: the route does."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.db import utcnow
from app.extensions import db
from app.goals.models import CheckIn, CheckInReply, Goal, GoalRating, GoalRevision
from app.goals.rules import GoalStatus, GoalTerms, is_revision, status_after_edit
from app.goals.weeks import IsoWeek


@dataclass(frozen=True)
class GoalInput:
    title: str
    why: str
    strategies: str
    competency_id: int | None
    target_level: int | None
    due_on: date
    is_co_created: bool

    @property
    def terms(self) -> GoalTerms:
        return GoalTerms(self.title, self.competency_id, self.target_level, self.due_on)


def terms_of(goal: Goal) -> GoalTerms:
    return GoalTerms(goal.title, goal.competency_id, goal.target_level, goal.due_on)


def create_goal(student_id: int, data: GoalInput, by: User) -> Goal:
    goal = Goal(student_id=student_id, created_by_id=by.id, status=GoalStatus.ACTIVE)
    for f in fields(data):
        setattr(goal, f.name, getattr(data, f.name))
    # A teacher writing a goal for a student does so with them, in a conference.
    goal.is_co_created = data.is_co_created or by.id != student_id
    db.session.add(goal)
    db.session.flush()
    return goal


def _remember(goal: Goal, by: User) -> None:
    db.session.add(
        GoalRevision(
            goal_id=goal.id,
            revised_by_id=by.id,
            old_title=goal.title,
            old_why=goal.why,
            old_strategies=goal.strategies,
            old_competency_id=goal.competency_id,
            old_target_level=goal.target_level,
            old_due_on=goal.due_on,
            old_status=goal.status,
        )
    )


def update_goal(goal: Goal, data: GoalInput, by: User) -> bool:
    """Apply an edit, keeping the old version; False when nothing changed."""
    changed = any(getattr(goal, f.name) != getattr(data, f.name) for f in fields(data))
    if not changed:
        return False
    _remember(goal, by)
    revised = is_revision(terms_of(goal), data.terms)
    for f in fields(data):
        setattr(goal, f.name, getattr(data, f.name))
    goal.status = status_after_edit(goal.status, revised)
    db.session.flush()
    return True


def set_status(goal: Goal, status: GoalStatus, by: User) -> bool:
    if goal.status == status:
        return False
    _remember(goal, by)
    goal.status = status
    db.session.flush()
    return True


@dataclass(frozen=True)
class CheckInInput:
    confidence: int
    went_well: str
    hard: str
    next_step: str
    wants_help: bool
    feeling: int | None
    is_shareable: bool
    ratings: dict[int, int]  # goal id → 1–5


def find_check_in(student_id: int, week: IsoWeek) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(
            CheckIn.student_id == student_id,
            CheckIn.iso_year == week.year,
            CheckIn.iso_week == week.week,
        )
    )


def _fill(check_in: CheckIn, data: CheckInInput) -> None:
    for f in fields(data):
        if f.name != "ratings":
            setattr(check_in, f.name, getattr(data, f.name))
    kept = {rating.goal_id: rating for rating in check_in.ratings}
    for goal_id, value in data.ratings.items():
        if goal_id in kept:
            kept[goal_id].rating = value
        else:
            check_in.ratings.append(GoalRating(goal_id=goal_id, rating=value))


def record_check_in(student_id: int, week: IsoWeek, data: CheckInInput) -> tuple[CheckIn, bool]:
    """Save the week's check-in: (check-in, True) if new, (check-in, False) if updated.

    A second submit for the same week (two tabs, a double click, a retry) updates the one
    check-in. When two requests race, the unique constraint refuses the second insert inside
    a savepoint and the second request updates the row the first one wrote.
    """
    existing = find_check_in(student_id, week)
    if existing is not None:
        _fill(existing, data)
        db.session.flush()
        return existing, False
    check_in = CheckIn(
        student_id=student_id, iso_year=week.year, iso_week=week.week, week_start=week.starts_on
    )
    _fill(check_in, data)
    try:
        with db.session.begin_nested():
            db.session.add(check_in)
    except IntegrityError:
        db.session.expunge(check_in)
        existing = find_check_in(student_id, week)
        assert existing is not None
        _fill(existing, data)
        db.session.flush()
        return existing, False
    return check_in, True


def add_reply(check_in: CheckIn, author: User, body: str) -> CheckInReply:
    reply = CheckInReply(check_in_id=check_in.id, author_id=author.id, body=body)
    db.session.add(reply)
    db.session.flush()
    return reply


def mark_replies_seen(student_id: int) -> None:
    """The student has read their check-in page: no reply on it is new any more."""
    of_student = select(CheckIn.id).where(CheckIn.student_id == student_id)
    db.session.execute(
        update(CheckInReply)
        .where(CheckInReply.check_in_id.in_(of_student), CheckInReply.seen_at.is_(None))
        .values(seen_at=utcnow())
    )
