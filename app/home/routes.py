"""Each role's home page, and the door that sends people to theirs."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from app import clock
from app.auth.models import Role
from app.authz import require_role
from app.continuum.queries import next_steps
from app.extensions import db
from app.goals import queries as goals
from app.goals import services as goal_services
from app.goals.journal import newest
from app.goals.weeks import week_of
from app.home import bp
from app.pdsa import queries as pdsa
from app.schools import queries
from app.schools.models import District
from app.security import public

JOURNAL = 15  # entries on the student's home; enough for the last few weeks

HOME_ENDPOINTS = {
    Role.STUDENT: "home.student",
    Role.TEACHER: "home.teacher",
    Role.SCHOOL_LEADER: "home.leader",
    Role.DISTRICT_ADMIN: "home.district",
    Role.GUARDIAN: "home.guardian",
}


@bp.route("/")
def index() -> ResponseReturnValue:
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


@bp.route("/healthz")
@public
def health() -> ResponseReturnValue:
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/me")
@require_role(Role.STUDENT)
def student() -> ResponseReturnValue:
    """What to do next: this week's check-in, goals, the PDSA stage, feedback, continuum."""
    me, today = current_user.id, clock.today()
    week = week_of(today)
    return render_template(
        "home/student.html",
        sections=queries.sections_of_student(me),
        profile=current_user.student_profile,
        week=week,
        check_in=goal_services.find_check_in(me, week),
        goals=goals.goals_of(me, only_open=True),
        cycles=pdsa.open_cycles(me),
        replies=goals.unseen_replies(me),
        comments=pdsa.unseen_comments(me),
        journal=newest(goals.journal(me, JOURNAL) + pdsa.journal(me, JOURNAL), JOURNAL),
        next_steps=next_steps(me, current_user.district_id, today),
        **queries.year_context(current_user.district_id, today),
    )


@bp.route("/teach")
@require_role(Role.TEACHER)
def teacher() -> ResponseReturnValue:
    return render_template(
        "home/teacher.html",
        sections=queries.sections_of_teacher(current_user.id),
        **queries.year_context(current_user.district_id, clock.today()),
    )


@bp.route("/school")
@require_role(Role.SCHOOL_LEADER)
def leader() -> ResponseReturnValue:
    return redirect(url_for("schools.school", school_id=current_user.school_id))


@bp.route("/district")
@require_role(Role.DISTRICT_ADMIN)
def district() -> ResponseReturnValue:
    return render_template(
        "home/district.html",
        district=db.session.get(District, current_user.district_id),
        schools=queries.school_rows(current_user.district_id),
        **queries.year_context(current_user.district_id, clock.today()),
    )


@bp.route("/family")
@require_role(Role.GUARDIAN)
def guardian() -> ResponseReturnValue:
    children = queries.children_of(current_user.id)
    return render_template(
        "home/guardian.html",
        children=children,
        sections=queries.sections_by_student([child.id for child in children]),
    )
