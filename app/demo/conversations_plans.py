"""Demo support plans: what the teachers set up for the students the dashboard flags.

About seven in ten of the students flagged today (two or more levels behind, or not
progressing) have an active plan owned by their lead teacher; the students flagged most
recently are the ones still waiting. Each teacher's start dates are spread over the last two to
eight weeks, never before the flag went up, and the review falls six weeks after the start, so
every teacher has reviews overdue, due this week and later. The reason is the flag's own
sentence on the start day (as the new-plan form fills it in) and a line on where the gaps are.
The worst off, both flags or the widest gaps, get tier 3. Two plans opened for students flagged
earlier in the year, and no longer flagged, were completed at their review.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert

from app.classroom.models import SupportPlan, SupportPlanChange
from app.classroom.rules import CheckFrequency, PlanStatus, default_review_on
from app.demo import conversations_text as text
from app.demo.conversations_world import Moment, Pupil, World
from app.reports.flags import Flag, FlagKind

SEED = 20261202
WITH_PLAN = 0.7  # share of flagged students with an active plan
TIER_3 = 0.12  # share of active plans at tier 3
RECENT = timedelta(weeks=2)  # flagged this recently: likely still waiting for a plan
STARTS = (14, 56)  # active plans started this many days ago, at the most recent and the oldest
OPENED = "Opened the plan"


@dataclass
class _Plan:
    pupil: Pupil
    starts_on: date
    flag: Flag
    moment: Moment
    tier: int = 2


def add_plans(session: Any, world: World) -> None:
    """Active plans for flagged students and two completed ones; bulk inserts."""
    if len(world.days) < 20:  # the first weeks of school: nobody has a plan yet
        return
    rng = random.Random(SEED)  # noqa: S311  (seeded demo data)
    flagged: dict[int, list[Pupil]] = defaultdict(list)
    for pupil in world.pupils:
        if world.moment(pupil, world.today).flags:
            flagged[pupil.teacher_id].append(pupil)
    plans = [
        plan for teacher in sorted(flagged) for plan in _teacher_plans(world, flagged[teacher], rng)
    ]
    worst = sorted(plans, key=lambda p: (-len(p.moment.flags), -(p.moment.gap or 0), p.pupil.key))
    for plan in worst[: max(1, round(TIER_3 * len(plans)))]:
        plan.tier = 3
    rows = [_active_row(world, plan, rng) for plan in plans]
    done = {p.id for pupils in flagged.values() for p in pupils}
    rows += _completed_rows(world, done, rng)
    if not rows:
        return
    ids = list(
        session.scalars(
            insert(SupportPlan).returning(SupportPlan.id, sort_by_parameter_order=True),
            [row for row, _ in rows],
        )
    )
    changes = [
        dict(change, plan_id=i) for i, (_, log) in zip(ids, rows, strict=True) for change in log
    ]
    session.execute(insert(SupportPlanChange), changes)


def _flagged_since(world: World, pupil: Pupil) -> date:
    """When today's flag went up: behind since placement, or six weeks after the last mastery."""
    moment = world.moment(pupil, world.today)
    if moment.has(FlagKind.LEVELS_BEHIND):
        return world.year[0]
    last = max(moment.last_mastery or world.year[0], world.year[0])
    return last + timedelta(weeks=world.thresholds[pupil.school_id].not_progressing_weeks)


def _teacher_plans(world: World, pupils: list[Pupil], rng: random.Random) -> list[_Plan]:
    """One teacher's flagged students: who has a plan, and from when."""
    since = {p.id: _flagged_since(world, p) for p in pupils}
    order = list(pupils)
    rng.shuffle(order)
    order.sort(key=lambda p: since[p.id] <= world.today - RECENT)  # the newly flagged first
    chosen = order[len(pupils) - round(WITH_PLAN * len(pupils)) :]
    chosen.sort(key=lambda p: (since[p.id], p.key))  # flagged first, opened first
    low, high = STARTS
    count = len(chosen)
    ago = sorted(
        (low + (k + rng.random()) * (high - low) / count for k in range(count)), reverse=True
    )
    plans = []
    for pupil, days in zip(chosen, ago, strict=True):
        start = max(world.today - timedelta(days=round(days)), since[pupil.id], world.days[10])
        plan = _opened(world, pupil, start)
        if plan is not None:
            plans.append(plan)
    return plans


def _opened(world: World, pupil: Pupil, start: date) -> _Plan | None:
    """The plan opens on the first school day from `start` on which a flag is up."""
    i = bisect.bisect_left(world.days, start)
    while i < len(world.days):
        moment = world.moment(pupil, world.days[i])
        if moment.flags:
            return _Plan(pupil, world.days[i], moment.flags[0], moment)
        i += 5
    return None


def _focus(world: World, plan: _Plan) -> tuple[str, int, int]:
    """(competency shorthand, level, working level) the plan works on: the student's lowest
    competency when behind, their step goal's when stuck."""
    step = plan.pupil.step
    if plan.flag.kind is FlagKind.NOT_PROGRESSING and step and step.competency_id:
        competency = step.competency_id
        level = world.level_on(plan.pupil, competency, plan.starts_on)
    elif plan.moment.lowest is not None:
        competency, level = plan.moment.lowest
    else:
        return "mathematics", 0, 1
    return world.names[competency], level, level + 1


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(15, 30)) + timedelta(minutes=rng.randint(0, 90))


def _row(pupil: Pupil, start: date, at: datetime, **values: Any) -> dict[str, Any]:
    return dict(
        student_id=pupil.id,
        school_id=pupil.school_id,
        owner_id=pupil.teacher_id,
        created_by_id=pupil.teacher_id,
        starts_on=start,
        review_on=default_review_on(start),
        created_at=at,
        updated_at=at,
        **values,
    )


def _change(
    pupil: Pupil, at: datetime, old: PlanStatus | None, new: PlanStatus, summary: str
) -> dict[str, Any]:
    return dict(
        changed_by_id=pupil.teacher_id,
        changed_at=at,
        old_status=old,
        new_status=new,
        summary=summary,
    )


Row = tuple[dict[str, Any], list[dict[str, Any]]]  # the plan, its change log


def _active_row(world: World, plan: _Plan, rng: random.Random) -> Row:
    short, level, working = _focus(world, plan)
    kind = plan.flag.kind.value
    more = rng.choice(text.REASON_MORE[kind]).format(short=short, level=level, working=working)
    weekly = plan.tier == 3 or rng.random() < 0.6
    at = _at(plan.starts_on, rng)
    row = _row(
        plan.pupil,
        plan.starts_on,
        at,
        reason=f"{plan.flag.reason}. {more}",
        flag_kind=kind,
        strategy=rng.choice(text.STRATEGIES[(kind, plan.tier)]).format(short=short, level=working),
        tier=plan.tier,
        check_frequency=CheckFrequency.WEEKLY if weekly else CheckFrequency.FORTNIGHTLY,
        status=PlanStatus.ACTIVE,
    )
    return row, [_change(plan.pupil, at, None, PlanStatus.ACTIVE, OPENED)]


def _completed_rows(world: World, flagged: set[int], rng: random.Random) -> list[Row]:
    """Two plans opened when a student was flagged earlier in the year and completed at the
    review, the student no longer flagged today: one in the demo teacher's classes, one not."""
    reviewed_by = world.today - timedelta(days=1)
    starts = [d for d in world.days[30::5] if default_review_on(d) <= reviewed_by][-6:]
    story = next((p for p in world.pupils if p.id == world.story_id), None)
    pool = sorted(
        (p for p in world.pupils if p.id not in flagged and p.id != world.story_id),
        key=lambda p: p.key,
    )
    mine = [p for p in pool if story is not None and p.teacher_id == story.teacher_id]
    others = [p for p in pool if story is None or p.teacher_id != story.teacher_id]
    rows = []
    for group in (mine, others):
        plan = next(
            (
                _Plan(p, day, moment.flags[0], moment)
                for p in group
                for day in reversed(starts)  # the latest first: completed not long ago
                if (moment := world.moment(p, day)).flags
            ),
            None,
        )
        if plan is None:
            continue
        row, log = _active_row(world, plan, rng)
        closed = _at(row["review_on"], rng)
        row.update(status=PlanStatus.COMPLETED, updated_at=closed)
        summary = f"Status: {PlanStatus.ACTIVE.label} → {PlanStatus.COMPLETED.label}"
        log.append(_change(plan.pupil, closed, PlanStatus.ACTIVE, PlanStatus.COMPLETED, summary))
        rows.append((row, log))
    return rows
