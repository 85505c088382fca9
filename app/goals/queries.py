"""Read-side queries for goals and check-ins: a fixed number per page, however many rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User
from app.continuum.models import Competency, Descriptor, Framework
from app.extensions import db
from app.goals.journal import JournalEntry
from app.goals.models import CheckIn, CheckInReply, Goal, GoalRating, GoalRevision
from app.goals.rules import OPEN_STATUSES
from app.goals.weeks import mean_rating, recent_mondays, sparkline
from app.i18n import format_day

TIMELINE_WEEKS = 20


def competency_choices(
    district_id: int | None,
) -> tuple[list[tuple[int, str]], dict[int, list[int]]]:
    """The district's described competencies as select choices, and each one's levels."""
    rows = db.session.execute(
        select(Competency.id, Framework.name, Competency.code, Competency.title, Descriptor.level)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(Descriptor, Descriptor.competency_id == Competency.id)
        .where(Framework.district_id == district_id)
        .order_by(Framework.position, Framework.name, Competency.code, Descriptor.level)
    )
    choices: dict[int, str] = {}
    described: dict[int, list[int]] = defaultdict(list)
    for competency_id, framework, code, title, level in rows:
        choices.setdefault(competency_id, f"{framework}: {code} {title}")
        described[competency_id].append(level)
    return list(choices.items()), dict(described)


def ratings_by_goal(goal_ids: list[int]) -> dict[int, list[tuple[date, int]]]:
    """{goal id: [(week start, rating), …] oldest first}, in one query."""
    if not goal_ids:
        return {}
    rows = db.session.execute(
        select(GoalRating.goal_id, CheckIn.week_start, GoalRating.rating)
        .join(CheckIn, CheckIn.id == GoalRating.check_in_id)
        .where(GoalRating.goal_id.in_(goal_ids))
        .order_by(CheckIn.week_start)
    )
    found: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for goal_id, week_start, rating in rows:
        found[goal_id].append((week_start, rating))
    return dict(found)


@dataclass(frozen=True)
class GoalList:
    open: list[Goal]
    closed: list[Goal]
    progress: dict[int, list[tuple[date, int]]]

    def latest(self, goal_id: int) -> int | None:
        ratings = self.progress.get(goal_id)
        return ratings[-1][1] if ratings else None


def goals_of(student_id: int, only_open: bool = False) -> GoalList:
    """The student's goals with their competencies and progress: two queries."""
    query = (
        select(Goal)
        .where(Goal.student_id == student_id)
        .options(joinedload(Goal.competency))
        .order_by(Goal.due_on, Goal.id)
    )
    if only_open:
        query = query.where(Goal.status.in_(OPEN_STATUSES))
    goals = list(db.session.scalars(query))
    progress = ratings_by_goal([goal.id for goal in goals])
    return GoalList(
        [g for g in goals if g.status.is_open],
        [g for g in goals if not g.status.is_open],
        progress,
    )


def open_goals(student_id: int) -> list[Goal]:
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.student_id == student_id, Goal.status.in_(OPEN_STATUSES))
            .order_by(Goal.due_on, Goal.id)
        )
    )


def goal_history(goal: Goal) -> list[GoalRevision]:
    return list(
        db.session.scalars(
            select(GoalRevision)
            .where(GoalRevision.goal_id == goal.id)
            .options(joinedload(GoalRevision.revised_by))
            .order_by(GoalRevision.revised_at.desc(), GoalRevision.id.desc())
        )
    )


def titles_of(goal_ids: set[int]) -> dict[int, str]:
    if not goal_ids:
        return {}
    return dict(db.session.execute(select(Goal.id, Goal.title).where(Goal.id.in_(goal_ids))).all())


@dataclass(frozen=True)
class Week:
    monday: date
    check_in: CheckIn | None
    progress: float | None


@dataclass(frozen=True)
class Timeline:
    weeks: list[Week]  # newest first, with the missed weeks in their place
    goal_titles: dict[int, str] = field(default_factory=dict)

    @property
    def confidence_points(self) -> str:
        oldest_first = list(reversed(self.weeks))
        return sparkline([w.check_in.confidence if w.check_in else None for w in oldest_first])

    @property
    def progress_points(self) -> str:
        return sparkline([w.progress for w in reversed(self.weeks)])

    @property
    def done(self) -> int:
        return sum(1 for w in self.weeks if w.check_in)


def timeline(student_id: int, today: date, shared_only: bool = False) -> Timeline:
    """The last weeks of check-ins, missed weeks included: three or four queries."""
    query = (
        select(CheckIn)
        .where(CheckIn.student_id == student_id)
        .options(
            selectinload(CheckIn.ratings),
            selectinload(CheckIn.replies).joinedload(CheckInReply.author),
        )
        .order_by(CheckIn.week_start.desc())
        .limit(TIMELINE_WEEKS)
    )
    if shared_only:
        query = query.where(CheckIn.is_shareable.is_(True))
    check_ins = {c.week_start: c for c in db.session.scalars(query)}
    since = min(check_ins, default=today)
    weeks = [
        Week(monday, c, mean_rating([r.rating for r in c.ratings]) if c else None)
        for monday in recent_mondays(today, since, TIMELINE_WEEKS)
        for c in [check_ins.get(monday)]
    ]
    if shared_only:
        weeks = [w for w in weeks if w.check_in]
    goal_ids = {r.goal_id for c in check_ins.values() for r in c.ratings}
    return Timeline(weeks, titles_of(goal_ids))


def unseen_replies(student_id: int) -> list[CheckInReply]:
    return list(
        db.session.scalars(
            select(CheckInReply)
            .join(CheckIn, CheckIn.id == CheckInReply.check_in_id)
            .where(CheckIn.student_id == student_id, CheckInReply.seen_at.is_(None))
            .options(joinedload(CheckInReply.author), joinedload(CheckInReply.check_in))
            .order_by(CheckInReply.created_at.desc())
        )
    )


def journal(student_id: int, limit: int) -> list[JournalEntry]:
    """Goals set, check-ins done and teachers' replies, in the reader's language: three queries."""
    goals = db.session.execute(
        select(Goal.id, Goal.title, Goal.created_at)
        .where(Goal.student_id == student_id)
        .order_by(Goal.created_at.desc())
        .limit(limit)
    )
    entries = [
        JournalEntry(
            at,
            _("Goal"),
            _("Set a goal: %(title)s", title=title),
            url_for("goals.goal", goal_id=goal_id),
        )
        for goal_id, title, at in goals
    ]
    check_ins = db.session.execute(
        select(CheckIn.id, CheckIn.week_start, CheckIn.created_at, CheckIn.next_step)
        .where(CheckIn.student_id == student_id)
        .order_by(CheckIn.created_at.desc())
        .limit(limit)
    )
    timeline_url = url_for("goals.check_ins", student_id=student_id)
    entries += [
        JournalEntry(
            at,
            _("Check-in"),
            _(
                "Checked in for the week of %(date)s. Next step: %(step)s",
                date=format_day(monday, "short"),
                step=next_step,
            ),
            f"{timeline_url}#week-{check_in_id}",
        )
        for check_in_id, monday, at, next_step in check_ins
    ]
    replies = db.session.execute(
        select(
            CheckInReply.check_in_id, CheckInReply.created_at, CheckInReply.body, User.given_name
        )
        .join(CheckIn, CheckIn.id == CheckInReply.check_in_id)
        .join(User, User.id == CheckInReply.author_id)
        .where(CheckIn.student_id == student_id)
        .order_by(CheckInReply.created_at.desc())
        .limit(limit)
    )
    entries += [
        JournalEntry(
            at,
            _("Feedback"),
            _("%(name)s replied: %(reply)s", name=name, reply=body),
            f"{timeline_url}#week-{c_id}",
        )
        for c_id, at, body, name in replies
    ]
    return entries
