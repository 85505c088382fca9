"""School, section and student pages for staff and families."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.auth.models import Role
from app.authz import (
    STAFF_ROLES,
    get_school_or_404,
    get_section_or_404,
    get_student_or_404,
)
from app.schools import bp, queries


@bp.route("/schools/<int:school_id>")
def school(school_id: int) -> ResponseReturnValue:
    school = get_school_or_404(current_user, school_id)
    return render_template(
        "schools/school.html",
        school=school,
        sections=queries.sections_of_school(school.id),
        grades=queries.grade_counts(school.id),
        **queries.year_context(school.district_id, date.today()),
    )


@bp.route("/sections/<int:section_id>")
def section(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    return render_template(
        "schools/section.html",
        section=section,
        summary=queries.section_rows_by_id(section.id),
        students=queries.roster(section.id),
    )


@bp.route("/students/<int:student_id>")
def student(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="student profile")
    is_staff = current_user.role in STAFF_ROLES
    return render_template(
        "schools/student.html",
        student=student,
        profile=student.student_profile,
        sections=queries.sections_of_student(student.id),
        guardians=queries.guardians_of(student.id) if is_staff else [],
        is_staff=is_staff,
        viewer_is_guardian=current_user.role == Role.GUARDIAN,
    )
