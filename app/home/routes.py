"""Each role's home page, and the door that sends people to theirs."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from app import clock
from app.auth.models import Role
from app.authz import require_role
from app.extensions import db
from app.home import bp
from app.schools import queries
from app.schools.models import District
from app.security import public

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
    return render_template(
        "home/student.html",
        sections=queries.sections_of_student(current_user.id),
        profile=current_user.student_profile,
        **queries.year_context(current_user.district_id, clock.today()),
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
