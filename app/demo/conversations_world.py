"""What the conversations demo reads back from the demo district, and the flags on a day.

Everything `app.demo.conversations` and `app.demo.conversations_plans` need, read in a handful
of queries: each student's lead teacher, goals, mastery dates, scores on their step goal and
check-ins. `World.moment` computes a student's flags on any day from the mastery reached by
then, with the same level, expected-level and flag functions the dashboard uses.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, tuple_

from app.auth.models import User
from app.continuum.levels import competency_level, mastered_by, mean_level
from app.continuum.models import Competency, Descriptor, Evidence, EvidenceKind, Framework, Mastery
from app.demo.continuum import roster
from app.demo.conversations_text import SHORT
from app.demo.trajectories import school_days
from app.goals.models import CheckIn, Goal
from app.goals.rules import GoalStatus
from app.reports.flags import Flag, FlagKind, StudentFacts, Thresholds, flags_for
from app.reports.pace import expected_level, gap
from app.schools.models import AcademicSession, SchoolSettings, SessionKind

PLAN_FLAGS = (FlagKind.LEVELS_BEHIND, FlagKind.NOT_PROGRESSING)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class DemoGoal:
    id: int
    title: str
    status: GoalStatus
    competency_id: int | None
    target: int | None
    co_created: bool
    since: date
    due_on: date

    def open_on(self, day: date) -> bool:
        return self.since <= day and (self.status.is_open or day <= self.due_on)


@dataclass
class Pupil:
    id: int
    key: str
    name: str
    grade: int
    school_id: int
    teacher_id: int
    goals: list[DemoGoal] = field(default_factory=list)
    mastered: dict[int, dict[int, date]] = field(default_factory=lambda: defaultdict(dict))
    days: list[date] = field(default_factory=list)  # every mastery date, sorted
    scores: list[tuple[date, int, Decimal]] = field(default_factory=list)  # on the step goal
    check_ins: list[tuple[date, str, bool, int]] = field(default_factory=list)

    @property
    def step(self) -> DemoGoal | None:
        """The goal on the student's next continuum step, if any."""
        return next((g for g in self.goals if g.competency_id is not None), None)


@dataclass(frozen=True)
class Moment:
    """What the student's data said on one day."""

    flags: list[Flag]
    gap: Decimal | None
    lowest: tuple[int, int] | None  # (competency, level) lowest in the first framework
    last_mastery: date | None

    def has(self, kind: FlagKind) -> bool:
        return any(f.kind is kind for f in self.flags)


@dataclass
class World:
    today: date
    year: tuple[date, date]
    days: list[date]  # school days from the first day of school to yesterday
    calendar: list[date]  # every school day of the year
    frameworks: list[list[tuple[int, list[int]]]]  # per framework: (competency, its levels)
    names: dict[int, str]  # competency → a teacher's shorthand
    thresholds: dict[int, Thresholds]  # by school
    pupils: list[Pupil]
    story_id: int | None
    seen: dict[tuple[int, date], Moment] = field(default_factory=dict, repr=False)

    def moment(self, pupil: Pupil, on: date) -> Moment:
        """The student's flags on `on` as the dashboard computes them, from mastery by then."""
        if (pupil.id, on) not in self.seen:
            self.seen[(pupil.id, on)] = self._moment(pupil, on)
        return self.seen[(pupil.id, on)]

    def _moment(self, pupil: Pupil, on: date) -> Moment:
        widest: tuple[Decimal, Decimal, Decimal] | None = None  # gap, level, expected
        expected = expected_level(pupil.grade, on, *self.year)
        lowest = None
        for framework in self.frameworks:
            levels = [
                (competency_level(described, mastered_by(pupil.mastered.get(c, {}), on)), c)
                for c, described in framework
            ]
            level = mean_level(n for n, _ in levels)
            if level is None:
                continue
            if lowest is None:  # the first framework's: the one the step goals come from
                lowest = (min(levels)[1], min(levels)[0])
            behind = gap(expected, level)
            if widest is None or behind > widest[0]:
                widest = (behind, level, expected)
        count = bisect.bisect_right(pupil.days, on)
        last = pupil.days[count - 1] if count else None
        facts = StudentFacts(
            enrolled_on=self.year[0],
            level=widest[1] if widest else None,
            expected_level=widest[2] if widest else None,
            last_mastery_on=last,
        )
        flags = [
            f
            for f in flags_for(facts, self.thresholds[pupil.school_id], on)
            if f.kind in PLAN_FLAGS
        ]
        return Moment(flags, widest[0] if widest else None, lowest, last)

    def level_on(self, pupil: Pupil, competency: int, on: date) -> int:
        described = next(d for f in self.frameworks for c, d in f if c == competency)
        return competency_level(described, mastered_by(pupil.mastered.get(competency, {}), on))

    def school_day_after(self, day: date, days: int) -> str:
        """The first school day at least `days` after `day`, as a teacher writes it."""
        later = day + timedelta(days=days)
        i = bisect.bisect_left(self.calendar, later)
        return short_day(self.calendar[i] if i < len(self.calendar) else later)


def short_day(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}"


def score_list(values: list[Decimal]) -> str:
    shown = [str(int(v)) if v == int(v) else str(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


# --- Reading what the demo already holds -------------------------------------------------------


def read_world(session: Any, district_id: int, today: date) -> World:
    from app.demo import demo_logins  # the package imports this module

    year_start, year_end = session.execute(
        select(AcademicSession.starts_on, AcademicSession.ends_on).where(
            AcademicSession.district_id == district_id,
            AcademicSession.kind == SessionKind.SCHOOL_YEAR,
        )
    ).one()
    calendar = school_days(year_start, year_end)
    days = [d for d in calendar if d < today]
    students = roster(session, district_id)
    people = {
        i: (name, school)
        for i, name, school in session.execute(
            select(User.id, User.given_name, User.school_id).where(
                User.id.in_([s.id for s in students])
            )
        )
    }
    pupils = {
        s.id: Pupil(s.id, s.key, people[s.id][0], s.grade, people[s.id][1], s.teacher_id)
        for s in students
    }
    frameworks, names = _frameworks(session, district_id)
    _add_goals(session, pupils)
    framework_ids = select(Framework.id).where(Framework.district_id == district_id)
    for student_id, competency_id, level, on in session.execute(
        select(Mastery.student_id, Mastery.competency_id, Mastery.level, Mastery.mastered_on).where(
            Mastery.framework_id.in_(framework_ids), Mastery.mastered_on.is_not(None)
        )
    ):
        if student_id in pupils:
            pupils[student_id].mastered[competency_id][level] = on
            pupils[student_id].days.append(on)
    for pupil in pupils.values():
        pupil.days.sort()
    _add_scores_and_check_ins(session, pupils)
    thresholds = {
        settings.school_id: Thresholds.from_settings(settings)
        for settings in session.scalars(
            select(SchoolSettings).where(
                SchoolSettings.school_id.in_({school for _, school in people.values()})
            )
        )
    }
    for school_id in {school for _, school in people.values()} - set(thresholds):
        thresholds[school_id] = Thresholds()
    email = demo_logins(session).student[0]
    story_id = session.scalar(select(User.id).where(User.email == email))
    return World(
        today,
        (year_start, year_end),
        days,
        calendar,
        frameworks,
        names,
        thresholds,
        list(pupils.values()),
        story_id,
    )


def _frameworks(
    session: Any, district_id: int
) -> tuple[list[list[tuple[int, list[int]]]], dict[int, str]]:
    levels: dict[int, list[int]] = defaultdict(list)
    order: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    rows = session.execute(
        select(Framework.id, Competency.id, Competency.code, Competency.title, Descriptor.level)
        .join(Competency, Competency.framework_id == Framework.id)
        .join(Descriptor, Descriptor.competency_id == Competency.id)
        .where(Framework.district_id == district_id)
        .order_by(Framework.position, Framework.id, Competency.position, Competency.id)
    )
    for framework_id, competency_id, code, title, level in rows:
        if competency_id not in names:
            order[framework_id].append(competency_id)
            names[competency_id] = SHORT.get(code, title[:1].lower() + title[1:])
        levels[competency_id].append(level)
    return [[(c, levels[c]) for c in competencies] for competencies in order.values()], names


def _add_goals(session: Any, pupils: dict[int, Pupil]) -> None:
    rows = session.execute(
        select(
            Goal.student_id,
            Goal.id,
            Goal.title,
            Goal.status,
            Goal.competency_id,
            Goal.target_level,
            Goal.is_co_created,
            Goal.created_at,
            Goal.due_on,
        ).order_by(Goal.id)
    )
    for student_id, goal_id, title, status, competency, target, co, created, due in rows:
        if student_id in pupils:
            goal = DemoGoal(goal_id, title, status, competency, target, co, created.date(), due)
            pupils[student_id].goals.append(goal)


def _add_scores_and_check_ins(session: Any, pupils: dict[int, Pupil]) -> None:
    """Teacher evidence on each student's step goal, and every check-in, in two queries."""
    steps = [(p.id, p.step.competency_id) for p in pupils.values() if p.step is not None]
    rows = session.execute(
        select(Evidence.student_id, Evidence.observed_on, Evidence.level, Evidence.score)
        .where(
            tuple_(Evidence.student_id, Evidence.competency_id).in_(steps),
            Evidence.removed_at.is_(None),
            Evidence.kind != EvidenceKind.SELF_ASSESSMENT,
        )
        .order_by(Evidence.observed_on, Evidence.id)
    )
    for student_id, on, level, score in rows:
        if student_id in pupils:
            pupils[student_id].scores.append((on, level, Decimal(score)))
    rows = session.execute(
        select(
            CheckIn.student_id,
            CheckIn.week_start,
            CheckIn.hard,
            CheckIn.wants_help,
            CheckIn.confidence,
        ).order_by(CheckIn.week_start)
    )
    for student_id, week_start, hard, wants_help, confidence in rows:
        if student_id in pupils:
            pupils[student_id].check_ins.append((week_start, hard, wants_help, confidence))
