"""The demo district's goals, check-ins and PDSA chains: a believable term, and a demo student
whose history is rich but whose check-in for this week is still to do."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.auth.models import User
from app.demo import load_demo
from app.extensions import db
from app.goals.models import CheckIn, CheckInReply, Goal
from app.goals.rules import GoalStatus
from app.pdsa.models import PdsaCycle

TODAY = date(2026, 11, 25)
THIS_MONDAY = date(2026, 11, 23)


def _count(*where: object, model: object = CheckIn) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_the_demo_has_a_term_of_learning_and_a_student_with_a_story(app):
    logins = load_demo(db.session, TODAY)
    db.session.commit()
    students = _count(User.role == "student", model=User)
    past_weeks = 12  # Aug 31 to Nov 16
    check_ins = _count(CheckIn.week_start < THIS_MONDAY)
    assert 0.6 * students * past_weeks < check_ins < 0.97 * students * past_weeks  # weeks missed
    assert 0.03 < _count(CheckIn.wants_help) / _count() < 0.2  # some ask for help
    assert _count(CheckIn.week_start == THIS_MONDAY) > 0  # some have done this week's already
    assert _count(model=Goal) > students and _count(model=PdsaCycle) > students / 4

    rebecca = db.session.scalars(select(User).where(User.email == logins.student[0])).one()
    assert rebecca.email.startswith("rebecca.smith@")
    mine = CheckIn.student_id == rebecca.id
    assert _count(mine, CheckIn.week_start == THIS_MONDAY) == 0  # left for the visitor
    assert past_weeks - 2 <= _count(mine) < past_weeks
    goals = db.session.scalars(select(Goal).where(Goal.student_id == rebecca.id)).all()
    assert {g.status for g in goals} >= {GoalStatus.ACTIVE, GoalStatus.ACHIEVED}
    assert any(g.competency_id for g in goals) and any(g.is_co_created for g in goals)
    cycles = db.session.scalars(select(PdsaCycle).where(PdsaCycle.student_id == rebecca.id)).all()
    assert len(cycles) == 3 and sum(c.is_closed for c in cycles) == 2
    assert {c.previous_id for c in cycles} - {None} <= {c.id for c in cycles}
    unseen = db.session.scalar(
        select(func.count())
        .select_from(CheckInReply)
        .join(CheckIn)
        .where(mine, CheckInReply.seen_at.is_(None))
    )
    assert unseen == 1
