"""The demo's conferences and support plans: a term of conferring, and plans for the students
the dashboard flags, so the teacher's "Reviews due", the conference history and the conferring
page have something to show.

The demo is loaded once for the module, in a transaction rolled back at once (as in
test_continuum_demo); the tests read plain facts gathered while it stood. Who is flagged comes
from the dashboard's own `overview_of`, not from the demo's code. Determinism of the load is
checked in test_continuum_demo, so it is not loaded again here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.auth.models import User
from app.authz import visible_student_ids
from app.classroom import queries
from app.classroom.models import Conference, SupportPlan, SupportPlanChange, conference_goals
from app.classroom.rules import REVIEW_AFTER, PlanStatus, review_horizon
from app.demo import load_demo
from app.demo.trajectories import school_days
from app.extensions import db
from app.goals.models import Goal
from app.reports.flags import FlagKind
from app.reports.overview import overview_of
from app.reports.progress import learners_of_section, progress_context
from app.schools.models import AcademicSession, Enrollment, EnrollmentRole, Section, SessionKind
from tests.demo.loading import rolled_back as _rolled_back

TODAY = date(2026, 11, 25)  # a Wednesday in the fall term, as the other demo tests use
PLAN_FLAGS = {FlagKind.LEVELS_BEHIND, FlagKind.NOT_PROGRESSING}


@dataclass(frozen=True)
class Talk:
    student_id: int
    teacher_id: int
    held_on: date
    is_shared: bool
    notes: str
    next_steps: str
    goal_owners: tuple[int, ...]  # the student of every goal the conference links


@dataclass(frozen=True)
class Plan:
    student_id: int
    owner_id: int
    status: PlanStatus
    tier: int
    flag_kind: str | None
    starts_on: date
    review_on: date
    changes: tuple[str, ...]


@dataclass
class Facts:
    flag_kinds: Counter[FlagKind] = field(default_factory=Counter)
    teacher_id: int = 0
    story_id: int = 0
    students: set[int] = field(default_factory=set)
    taught: set[int] = field(default_factory=set)  # the demo teacher's students
    lead: dict[int, int] = field(default_factory=dict)  # student → lead teacher
    flagged: set[int] = field(default_factory=set)  # behind or not progressing, per overview_of
    talks: list[Talk] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    due: list[queries.PlanRow] = field(default_factory=list)
    school_days: set[date] = field(default_factory=set)

    def talks_of(self, student_id: int) -> list[Talk]:
        return sorted(
            (t for t in self.talks if t.student_id == student_id), key=lambda t: t.held_on
        )


def _gather() -> Facts:
    logins = load_demo(db.session, TODAY)
    facts = Facts()
    for section in db.session.scalars(select(Section)):
        learners, ids = learners_of_section(section.id)
        context = progress_context(section.school_id, section.school.district_id, TODAY)
        for overview in overview_of(learners, ids, context):
            facts.flag_kinds.update(flag.kind for flag in overview.flags)
    teacher = db.session.scalars(select(User).where(User.email == logins.teacher[0])).one()
    facts.teacher_id = teacher.id
    facts.story_id = db.session.scalars(
        select(User.id).where(User.email == logins.student[0])
    ).one()
    facts.taught = set(db.session.scalars(visible_student_ids(teacher)))
    first_teacher = {}
    for section_id, user_id in db.session.execute(
        select(Enrollment.section_id, Enrollment.user_id)
        .where(Enrollment.role == EnrollmentRole.TEACHER)
        .order_by(Enrollment.id.desc())
    ):
        first_teacher[section_id] = user_id
    for student_id, section_id in db.session.execute(
        select(Enrollment.user_id, Enrollment.section_id).where(
            Enrollment.role == EnrollmentRole.STUDENT
        )
    ):
        facts.lead[student_id] = first_teacher[section_id]
    facts.students = set(facts.lead)
    for section in db.session.scalars(select(Section)):
        learners, ids = learners_of_section(section.id)
        context = progress_context(section.school_id, teacher.district_id, TODAY)
        for overview in overview_of(learners, ids, context):
            if {f.kind for f in overview.flags} & PLAN_FLAGS:
                facts.flagged.add(overview.learner.id)
    _conferences(facts)
    _plans(facts)
    facts.due = queries.plans_due(visible_student_ids(teacher), review_horizon(TODAY))
    year_start = db.session.scalars(
        select(AcademicSession.starts_on).where(AcademicSession.kind == SessionKind.SCHOOL_YEAR)
    ).one()
    facts.school_days = set(school_days(year_start, TODAY))
    return facts


def _conferences(facts: Facts) -> None:
    owners: dict[int, list[int]] = defaultdict(list)
    for conference_id, student_id in db.session.execute(
        select(conference_goals.c.conference_id, Goal.student_id).join(
            Goal, Goal.id == conference_goals.c.goal_id
        )
    ):
        owners[conference_id].append(student_id)
    for c in db.session.scalars(select(Conference)):
        facts.talks.append(
            Talk(
                c.student_id,
                c.teacher_id,
                c.held_on,
                c.is_shared,
                c.notes,
                c.next_steps,
                tuple(owners[c.id]),
            )
        )


def _plans(facts: Facts) -> None:
    changes: dict[int, list[str]] = defaultdict(list)
    for plan_id, summary in db.session.execute(
        select(SupportPlanChange.plan_id, SupportPlanChange.summary).order_by(
            SupportPlanChange.changed_at
        )
    ):
        changes[plan_id].append(summary)
    for p in db.session.scalars(select(SupportPlan)):
        facts.plans.append(
            Plan(
                p.student_id,
                p.owner_id,
                p.status,
                p.tier,
                p.flag_kind,
                p.starts_on,
                p.review_on,
                tuple(changes[p.id]),
            )
        )
    assert db.session.scalar(select(func.count()).select_from(SupportPlanChange)) == sum(
        len(c) for c in changes.values()
    )


@pytest.fixture(scope="module")
def facts(app: Flask) -> Facts:
    """Module scope, so the one load happens before any test's own transaction."""
    with _rolled_back(app):
        return _gather()


# --- Conferences ------------------------------------------------------------------------------


def test_the_demo_teacher_has_conferred_with_most_of_their_students(facts: Facts) -> None:
    mine = {t.student_id for t in facts.talks if t.teacher_id == facts.teacher_id}
    assert mine <= facts.taught
    assert len(mine) >= 0.8 * len(facts.taught)
    everyone = {t.student_id for t in facts.talks}
    assert 0 < len(facts.students - everyone) <= 0.15 * len(facts.students)  # some not yet


def test_conferences_are_by_the_lead_teacher_on_past_school_days(facts: Facts) -> None:
    assert len(facts.talks) > 2 * len(facts.students)
    for talk in facts.talks:
        assert talk.teacher_id == facts.lead[talk.student_id]
        assert talk.held_on < TODAY
        assert talk.held_on in facts.school_days
        assert talk.notes.strip() and talk.next_steps.strip()
        assert set(talk.goal_owners) <= {talk.student_id}
    shared = sum(t.is_shared for t in facts.talks) / len(facts.talks)
    assert 0.6 <= shared <= 0.8
    assert sum(bool(t.goal_owners) for t in facts.talks) >= 0.9 * len(facts.talks)
    by_student = Counter((t.student_id, t.held_on) for t in facts.talks)
    assert max(by_student.values()) == 1  # one conference a day at most


def test_the_notes_vary_and_speak_of_the_students_data(facts: Facts) -> None:
    notes = [t.notes for t in facts.talks]
    assert len(set(notes)) >= 0.9 * len(notes)
    assert sum("level" in n for n in notes) >= 0.7 * len(notes)
    assert any("check-in" in n for n in notes)


def test_flagged_students_are_seen_more_often(facts: Facts) -> None:
    count = Counter(t.student_id for t in facts.talks)
    flagged = [count[s] for s in facts.flagged if s != facts.story_id]
    others = [count[s] for s in facts.students - facts.flagged if count[s]]
    assert sum(flagged) / len(flagged) > sum(others) / len(others) + 0.5
    assert all(flagged)  # none of them is left waiting


def test_the_demo_student_has_three_conferences_the_latest_shared(facts: Facts) -> None:
    talks = facts.talks_of(facts.story_id)
    assert len(talks) == 3
    assert len({t.held_on for t in talks}) == 3
    latest = talks[-1]
    assert latest.is_shared and latest.goal_owners
    assert TODAY - timedelta(days=14) <= latest.held_on < TODAY
    assert "1." in latest.next_steps and "2." in latest.next_steps and "Me:" in latest.next_steps
    assert not all(t.is_shared for t in talks)  # one stayed private


# --- Support plans ----------------------------------------------------------------------------


def test_most_flagged_students_have_an_active_plan_owned_by_their_teacher(facts: Facts) -> None:
    active = [p for p in facts.plans if p.status is PlanStatus.ACTIVE]
    students = {p.student_id for p in active}
    assert len(students) == len(active)  # one each
    assert students <= facts.flagged
    assert 0.6 * len(facts.flagged) <= len(students) <= 0.8 * len(facts.flagged)
    tiers = Counter(p.tier for p in active)
    assert set(tiers) == {2, 3} and tiers[2] > 3 * tiers[3]
    for plan in active:
        assert plan.owner_id == facts.lead[plan.student_id]
        assert plan.flag_kind in {k.value for k in PLAN_FLAGS}
        assert plan.review_on == plan.starts_on + REVIEW_AFTER
        assert TODAY - timedelta(weeks=8) <= plan.starts_on < TODAY
        assert plan.starts_on in facts.school_days
        assert plan.changes == ("Opened the plan",)
    settled = sum(p.starts_on <= TODAY - timedelta(weeks=2) for p in active)
    assert settled >= 0.8 * len(active)  # most started two to eight weeks ago


def test_the_demo_teacher_has_reviews_due_this_week_or_overdue(facts: Facts) -> None:
    assert len(facts.due) >= 3
    assert any(row.review_on < TODAY for row in facts.due)
    assert all(row.student_id in facts.taught for row in facts.due)
    assert any(
        p.review_on > review_horizon(TODAY)
        for p in facts.plans
        if p.owner_id == facts.teacher_id and p.status is PlanStatus.ACTIVE
    )  # and some later


def test_two_plans_were_completed_at_their_review(facts: Facts) -> None:
    done = [p for p in facts.plans if p.status is PlanStatus.COMPLETED]
    assert len(done) == 2
    assert any(p.owner_id == facts.teacher_id for p in done)
    for plan in done:
        assert plan.student_id not in facts.flagged
        assert plan.review_on < TODAY
        assert plan.changes == ("Opened the plan", "Status: Active → Completed")


def test_the_demo_school_has_students_flagged_for_every_reason(facts: Facts) -> None:
    """The dashboard's promise: somebody to talk to for each kind of flag."""
    assert set(facts.flag_kinds) == set(FlagKind), facts.flag_kinds
