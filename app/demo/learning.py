"""Demo goals, a term of weekly check-ins and PDSA chains, written the way students write.

Every student gets one to three goals (one tied to their next continuum step when the district
has frameworks), a check-in for most weeks since school began (some weeks missed, some asking
for help), and about a third run PDSA chains. The demo student (`rebecca.smith@…`, the first
student login) gets a full story and leaves this week's check-in for the visitor to do.
Drawn from a fixed seed; rows go in with bulk inserts so `flask demo load` stays quick.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select

from app.auth.models import Role, User
from app.continuum.models import Competency, Descriptor, Framework
from app.demo.calendar import school_year_bounds
from app.demo.learning_text import (
    CHAINS,
    HABIT_GOALS,
    HARD,
    NEXT_STEPS,
    REPLIES,
    STRATEGIES,
    WENT_WELL,
)
from app.goals.models import CheckIn, CheckInReply, Goal, GoalRating, GoalRevision
from app.goals.rules import GoalStatus
from app.goals.weeks import monday_of, week_of
from app.pdsa.models import PdsaComment, PdsaCycle
from app.pdsa.stages import Stage
from app.schools.models import Enrollment, EnrollmentRole

SEED = 20261123


@dataclass
class _Student:
    id: int
    email: str
    grade: int
    teacher_id: int | None
    goals: list[tuple[int, date, GoalStatus]] = field(default_factory=list)  # id, since, status


def _late(student_id: int, title: str) -> bool:
    """About one open goal in ten is past its due date; decided apart from the main generator."""
    return random.Random(f"late-{student_id}-{title}").random() < 0.1


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def _students(session: Any, district_id: int) -> list[_Student]:
    from app.schools.models import StudentProfile

    teachers: dict[int, int] = {}
    for section_id, teacher_id in session.execute(
        select(Enrollment.section_id, Enrollment.user_id)
        .where(Enrollment.role == EnrollmentRole.TEACHER)
        .order_by(Enrollment.id.desc())
    ):
        teachers[section_id] = teacher_id  # the first teacher listed wins
    rows = session.execute(
        select(User.id, User.email, StudentProfile.grade_level, Enrollment.section_id)
        .join(StudentProfile, StudentProfile.user_id == User.id)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(User.role == Role.STUDENT, User.district_id == district_id)
        .order_by(User.id)
    )
    return [_Student(i, email, grade, teachers.get(s)) for i, email, grade, s in rows]


def _next_steps(session: Any, district_id: int) -> dict[int, list[tuple[int, str]]]:
    """{level: [(competency id, "I can…" at that level)]} in the district's first framework."""
    first = session.scalar(
        select(Framework.id)
        .where(Framework.district_id == district_id)
        .order_by(Framework.position, Framework.id)
        .limit(1)
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = session.execute(
        select(Descriptor.level, Competency.id, Descriptor.statement)
        .join(Competency, Competency.id == Descriptor.competency_id)
        .where(Competency.framework_id == first)
        .order_by(Competency.position, Competency.id)
    )
    for level, competency_id, statement in rows:
        found[level].append((competency_id, statement))
    return found


def _as_goal(statement: str) -> str:
    """'I can add fractions.' → 'Add fractions': a continuum step, in the student's words."""
    text = statement.removeprefix("I can ").rstrip(".")
    return (text[:1].upper() + text[1:])[:200]


class _Loader:
    def __init__(self, session: Any, district_id: int, today: date) -> None:
        self.session, self.today, self.rng = session, today, random.Random(SEED)
        start = school_year_bounds(today)[0]
        this_week = monday_of(today)
        self.mondays = [start + timedelta(weeks=i) for i in range((this_week - start).days // 7)]
        self.this_week = this_week
        self.steps = _next_steps(session, district_id)
        self.check_ins: list[dict[str, Any]] = []
        self.ratings: list[list[tuple[int, int]]] = []
        self.replies: list[tuple[int, int, str, bool]] = []  # check-in index, author, body, seen

    def _step(self, grade: int, story: bool) -> tuple[int, tuple[int, str] | None]:
        """A continuum step to aim for; the demo student's is the fractions one her PDSA
        chain works on, a level below her grade."""
        if story:
            for level in (grade - 1, grade):
                for step in self.steps.get(level, []):
                    if "fractions with unlike" in step[1]:
                        return level, step
        steps = self.steps.get(grade, [])
        return grade, steps[self.rng.randrange(len(steps))] if steps else None

    def goals(self, student: _Student, story: bool) -> None:
        rng, picks = self.rng, self.rng.sample(range(len(HABIT_GOALS)), 3)
        rows: list[tuple[str, str, int | None, int | None, int, GoalStatus, bool]] = []
        level, step = self._step(student.grade, story)
        if step:
            competency_id, statement = step
            rows.append(
                (
                    _as_goal(statement),
                    "It's my next step on the continuum.",
                    competency_id,
                    level,
                    1,
                    GoalStatus.ACTIVE,
                    False,
                )
            )
        count = 2 if story else rng.choice((0, 1, 1, 2))
        for n, pick in enumerate(picks[:count]):
            title, why = HABIT_GOALS[pick]
            achieved = (story and n == 0) or rng.random() < 0.2
            rows.append(
                (
                    title,
                    why,
                    None,
                    None,
                    1 + n * 2 + rng.randrange(3),
                    GoalStatus.ACHIEVED if achieved else GoalStatus.ACTIVE,
                    (story and n == 1) or rng.random() < 0.15,
                )
            )
        for title, why, competency, target, week, status, co in rows:
            since = self.mondays[min(week, len(self.mondays) - 1)] if self.mondays else self.today
            due = self.today + timedelta(days=7 * rng.randint(1, 5))
            if status is GoalStatus.ACHIEVED:
                due = since + timedelta(weeks=5)
            elif not story and _late(student.id, title):
                # Some goals run past their date while still open: "goal past due" on the
                # dashboard. A separate generator, so nothing else in the demo moves.
                due = max(since + timedelta(days=7), self.today - timedelta(days=5))
            goal_id = self.session.scalar(
                insert(Goal).returning(Goal.id),
                dict(
                    student_id=student.id,
                    title=title,
                    why=why,
                    competency_id=competency,
                    target_level=target,
                    due_on=due,
                    status=status,
                    is_co_created=co,
                    strategies=rng.choice(STRATEGIES),
                    created_at=_at(since, 10),
                    created_by_id=student.teacher_id if co and student.teacher_id else student.id,
                    updated_at=_at(since, 10),
                ),
            )
            student.goals.append((goal_id, since, status))

    def weeks(self, student: _Student, story: bool) -> None:
        rng = self.rng
        diligence = 0.98 if story else rng.uniform(0.55, 0.97)
        confidence = rng.randint(2, 4)
        missed = {3, 8} if story else set()
        for n, monday in enumerate(self.mondays):
            if n in missed or (not story and rng.random() > diligence):
                continue
            confidence = max(1, min(5, confidence + rng.choice((-1, 0, 0, 1))))
            open_goals = [
                (g, since)
                for g, since, s in student.goals
                if since <= monday and (s.is_open or monday < self.this_week - timedelta(weeks=4))
            ]
            ratings = [
                (g, max(1, min(5, 1 + (monday - since).days // 14 + rng.choice((-1, 0, 0, 1)))))
                for g, since in open_goals
            ]
            helps = (story and n == 5) or rng.random() < (0.2 if confidence <= 2 else 0.04)
            last = story and n == len(self.mondays) - 1  # her teacher answered last week's
            reply = helps or last or rng.random() < 0.1
            self.add_check_in(student, monday, confidence, ratings, helps, reply)
        if not story and rng.random() < 0.4:
            ratings = [(g, rng.randint(2, 4)) for g, _, s in student.goals if s.is_open]
            helps = rng.random() < 0.07
            # This week's requests for help are still waiting for the teacher's reply.
            self.add_check_in(student, self.this_week, confidence, ratings, helps, False)

    def add_check_in(
        self,
        student: _Student,
        monday: date,
        confidence: int,
        ratings: list[tuple[int, int]],
        helps: bool,
        reply: bool,
    ) -> None:
        rng, week = self.rng, week_of(monday)
        day = min(monday + timedelta(days=rng.choice((3, 4, 4))), self.today)
        feeling = rng.choice((2, 3, 3, 4, 4, 4, 5, None))
        self.check_ins.append(
            dict(
                student_id=student.id,
                iso_year=week.year,
                iso_week=week.week,
                week_start=monday,
                confidence=confidence,
                went_well=rng.choice(WENT_WELL),
                hard=rng.choice(HARD[:5]) if helps else rng.choice(HARD),
                next_step=rng.choice(NEXT_STEPS),
                wants_help=helps,
                feeling=feeling,
                is_shareable=rng.random() < 0.3,
                created_at=_at(day, 14),
                updated_at=_at(day, 14),
            )
        )
        self.ratings.append(ratings)
        if student.teacher_id and reply:
            recent = monday >= self.this_week - timedelta(weeks=1)
            self.replies.append(
                (len(self.check_ins) - 1, student.teacher_id, rng.choice(REPLIES), not recent)
            )

    def save_weeks(self) -> None:
        if not self.check_ins:
            return
        ids = list(
            self.session.scalars(
                insert(CheckIn).returning(CheckIn.id, sort_by_parameter_order=True), self.check_ins
            )
        )
        rows = [
            dict(check_in_id=ids[i], goal_id=g, rating=r)
            for i, ratings in enumerate(self.ratings)
            for g, r in ratings
        ]
        if rows:
            self.session.execute(insert(GoalRating), rows)
        replies = []
        for index, author, body, seen in self.replies:
            at = self.check_ins[index]["created_at"] + timedelta(hours=20)
            replies.append(
                dict(
                    check_in_id=ids[index],
                    author_id=author,
                    body=body,
                    created_at=at,
                    seen_at=at + timedelta(hours=16) if seen else None,
                )
            )
        if replies:
            self.session.execute(insert(CheckInReply), replies)

    def chain(self, student: _Student, script: tuple[tuple[Any, ...], ...], story: bool) -> None:
        goal = next((g for g, _, s in student.goals if s.is_open), None)
        previous: PdsaCycle | None = None
        start = self.today - timedelta(weeks=2 * len(script))
        for n, (
            change,
            prediction,
            measure,
            happened,
            recorded,
            compared,
            learned,
            decision,
            then,
        ) in enumerate(script):
            planned = _at(start + timedelta(weeks=2 * n), 15)
            cycle = PdsaCycle(
                student_id=student.id,
                goal_id=goal,
                previous_id=previous.id if previous else None,
                change=change,
                prediction=prediction,
                measure=measure,
                by_on=planned.date() + timedelta(days=9),
                what_happened=happened,
                recorded=recorded,
                compared=compared,
                learned=learned,
                decision=decision,
                next_steps=then,
                planned_at=planned,
                created_at=planned,
                is_shareable=story or self.rng.random() < 0.3,
                done_at=planned + timedelta(days=8) if happened else None,
                studied_at=planned + timedelta(days=9) if compared else None,
                closed_at=planned + timedelta(days=10) if decision else None,
            )
            if story and not decision:  # the open cycle has reached Do
                cycle.what_happened = "Did it Monday to Wednesday; Tuesday I forgot the cards."
                cycle.recorded = "Mon 3/5, Wed 4/5"
                cycle.done_at = planned + timedelta(days=5)
            self.session.add(cycle)
            self.session.flush()
            if student.teacher_id and (story or self.rng.random() < 0.4):
                stage = Stage.STUDY if decision else Stage.PLAN
                seen = None if story and not decision else planned + timedelta(days=11)
                self.session.add(
                    PdsaComment(
                        cycle_id=cycle.id,
                        stage=stage,
                        author_id=student.teacher_id,
                        body="Good prediction: it's specific enough to check."
                        if stage is Stage.PLAN
                        else "You compared honestly with your prediction. What surprised you?",
                        created_at=planned + timedelta(days=10, hours=2),
                        seen_at=seen,
                    )
                )
            previous = cycle
            if not decision:
                break


def add_learning(session: Any, district_id: int, today: date) -> None:
    """Goals, check-ins and PDSA chains for the demo district's students; adds and flushes."""
    from app.demo import demo_logins  # the package imports this module

    story_email = demo_logins(session).student[0]
    loader = _Loader(session, district_id, today)
    students = _students(session, district_id)
    for student in students:
        story = student.email == story_email
        loader.goals(student, story)
        loader.weeks(student, story)
        if story:
            loader.chain(student, CHAINS[0], story=True)
            _revise(session, student, today)
        elif loader.rng.random() < 0.35:
            loader.chain(student, loader.rng.choice(CHAINS), story=False)
    loader.save_weeks()
    session.flush()


def _revise(session: Any, student: _Student, today: date) -> None:
    """The demo student revised her co-created goal once: the history shows the old wording."""
    goal_id = next(g for g, _, s in reversed(student.goals) if s.is_open)
    goal = session.get(Goal, goal_id)
    session.add(
        GoalRevision(
            goal_id=goal.id,
            revised_by_id=student.id,
            revised_at=_at(today - timedelta(days=12), 16),
            old_title="Be more careful in math",
            old_why=goal.why,
            old_strategies=goal.strategies,
            old_competency_id=None,
            old_target_level=None,
            old_due_on=today - timedelta(days=2),
            old_status=GoalStatus.ACTIVE,
        )
    )
    goal.status = GoalStatus.REVISED
