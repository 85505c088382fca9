"""Everything a teacher needs to see about each student of a group, with their flags.

Progress comes from stored mastery (`reports.progress`); check-ins, goals and PDSA cycles are
read with one grouped query each. A group of 10 or of 1,000 costs the same queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select

from app.extensions import db
from app.goals.models import CheckIn, CheckInReply, Goal
from app.goals.rules import GoalStatus
from app.pdsa.models import PdsaCycle
from app.pdsa.stages import ORDER, Stage
from app.reports.flags import DueGoal, Flag, StudentFacts, Thresholds, flags_for, priority
from app.reports.progress import Learner, ProgressContext, StudentProgress, progress_of
from app.schools.groups import AnySelect, ForGroup, Students, as_group


@dataclass(frozen=True)
class LastCheckIn:
    week_start: date
    confidence: int
    wants_help: bool
    answered: bool  # a teacher has replied


@dataclass(frozen=True)
class OpenGoal:
    id: int
    title: str
    due_on: date


@dataclass
class StudentOverview:
    progress: StudentProgress
    last_check_in: LastCheckIn | None = None
    open_help_on: date | None = None
    goals: list[OpenGoal] = field(default_factory=list)
    pdsa_stage: Stage | None = None  # the stage the open cycle is in (the next to complete)
    pdsa_cycle_id: int | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def learner(self) -> Learner:
        return self.progress.learner

    @property
    def priority(self) -> tuple[int, ...]:
        return priority(self.flags)


@ForGroup
def _latest_check_ins(ids: Any) -> AnySelect:
    latest = (
        select(CheckIn.student_id, func.max(CheckIn.week_start).label("week_start"))
        .where(CheckIn.student_id.in_(ids))
        .group_by(CheckIn.student_id)
        .subquery()
    )
    replied = exists().where(CheckInReply.check_in_id == CheckIn.id)
    return select(
        CheckIn.student_id,
        CheckIn.week_start,
        CheckIn.confidence,
        CheckIn.wants_help,
        replied,
    ).join(
        latest,
        (latest.c.student_id == CheckIn.student_id) & (latest.c.week_start == CheckIn.week_start),
    )


def last_check_ins(students: Students) -> dict[int, LastCheckIn]:
    """Each student's latest check-in, and whether anyone has replied to it."""
    group = as_group(students)
    rows = db.session.connection().execute(_latest_check_ins(group), group.params)
    return {
        student_id: LastCheckIn(week_start, confidence, wants_help, bool(answered))
        for student_id, week_start, confidence, wants_help, answered in rows
    }


@ForGroup
def _unanswered_help(ids: Any) -> AnySelect:
    replied = exists().where(CheckInReply.check_in_id == CheckIn.id)
    return (
        select(CheckIn.student_id, func.max(CheckIn.week_start))
        .where(CheckIn.student_id.in_(ids), CheckIn.wants_help.is_(True), ~replied)
        .group_by(CheckIn.student_id)
    )


def open_help_requests(students: Students) -> dict[int, date]:
    """The latest week each student asked for help and no teacher has replied yet."""
    group = as_group(students)
    rows = db.session.connection().execute(_unanswered_help(group), group.params)
    return {student_id: week_start for student_id, week_start in rows}


@ForGroup
def _active_goals(ids: Any) -> AnySelect:
    return (
        select(Goal.student_id, Goal.id, Goal.title, Goal.due_on)
        .where(Goal.student_id.in_(ids), Goal.status == GoalStatus.ACTIVE)
        .order_by(Goal.due_on, Goal.id)
    )


def active_goals(students: Students) -> dict[int, list[OpenGoal]]:
    group = as_group(students)
    found: dict[int, list[OpenGoal]] = defaultdict(list)
    for student_id, goal_id, title, due_on in db.session.connection().execute(
        _active_goals(group), group.params
    ):
        found[student_id].append(OpenGoal(goal_id, title, due_on))
    return found


@ForGroup
def _open_cycles(ids: Any) -> AnySelect:
    return (
        select(PdsaCycle.student_id, PdsaCycle.id, PdsaCycle.done_at, PdsaCycle.studied_at)
        .where(PdsaCycle.student_id.in_(ids), PdsaCycle.closed_at.is_(None))
        .order_by(PdsaCycle.id)
    )


def open_cycles(students: Students) -> dict[int, tuple[int, Stage]]:
    """Each student's newest open PDSA cycle and the stage it is in."""
    group = as_group(students)
    found: dict[int, tuple[int, Stage]] = {}
    for student_id, cycle_id, done_at, studied_at in db.session.connection().execute(
        _open_cycles(group), group.params
    ):
        done = 1 + (done_at is not None) + (studied_at is not None)
        found[student_id] = (cycle_id, ORDER[min(done, len(ORDER) - 1)])
    return found


def overview_of(
    learners: Sequence[Learner],
    students: Students,
    context: ProgressContext,
) -> list[StudentOverview]:
    """Every learner's overview, the students who most need a conversation first."""
    group = as_group(students)
    progress = progress_of(learners, group, context)
    check_ins = last_check_ins(group)
    help_requests = open_help_requests(group)
    goals = active_goals(group)
    cycles = open_cycles(group)
    thresholds = Thresholds.from_settings(context.settings)
    since = context.year.starts_on if context.year else context.today
    overviews = []
    for learner in learners:
        overview = StudentOverview(
            progress[learner.id],
            last_check_in=check_ins.get(learner.id),
            open_help_on=help_requests.get(learner.id),
            goals=goals.get(learner.id, []),
        )
        if learner.id in cycles:
            overview.pdsa_cycle_id, overview.pdsa_stage = cycles[learner.id]
        overview.flags = flags_for(_facts(overview, since), thresholds, context.today)
        overviews.append(overview)
    overviews.sort(key=lambda o: (o.priority, o.learner.sort_name.lower()))
    return overviews


def _facts(overview: StudentOverview, since: date) -> StudentFacts:
    """The flags speak about the framework where the student is furthest behind."""
    widest = overview.progress.widest
    check_in = overview.last_check_in
    return StudentFacts(
        enrolled_on=since,
        level=widest.level if widest else None,
        expected_level=widest.expected if widest else None,
        growth=widest.growth.per_year if widest else None,
        last_mastery_on=overview.progress.last_mastery_on,
        last_checkin_on=check_in.week_start if check_in else None,
        open_help_request_on=overview.open_help_on,
        active_goals=[DueGoal(g.title, g.due_on) for g in overview.goals],
    )
