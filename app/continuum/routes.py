"""A student's continuum: the page, its htmx-filtered body, and its level-over-time chart."""

from __future__ import annotations

from decimal import Decimal
from math import ceil, floor
from typing import Any

from flask import abort, make_response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.auth.models import Role, User
from app.authz import get_student_or_404
from app.continuum import bp, queries
from app.continuum.chart import LevelChart, render_level_chart
from app.continuum.filters import ContinuumFilterForm
from app.continuum.models import Framework
from app.htmx import render
from app.i18n import format_day
from app.schools.calendar import fraction_elapsed
from app.schools.queries import current_school_year


def _continuum_student(student_id: int) -> User:
    """Students see their own continuum; staff who may see the student see theirs."""
    if current_user.role == Role.GUARDIAN:
        abort(404)  # families get the progress summary, not the working page
    return get_student_or_404(current_user, student_id, record="continuum")


def _views(student: User, form: ContinuumFilterForm, frameworks: list[Framework]) -> dict[str, Any]:
    today = clock.today()
    as_of = form.as_of_date()
    year = current_school_year(student.district_id, today)
    chosen = form.chosen_framework(frameworks)
    shown = [chosen] if chosen else frameworks
    query = queries.ContinuumQuery(
        student.id,
        as_of,
        today,
        year_start=year.starts_on if year else None,
        strand_id=form.chosen_strand_id() if chosen else None,
    )
    grade = student.student_profile.grade_level if student.student_profile else None
    expected = None
    if year is not None and grade is not None:
        elapsed = Decimal(fraction_elapsed(as_of, year.starts_on, year.ends_on))
        expected = (grade - 1 + elapsed).quantize(Decimal("0.01"))
    return {
        "views": queries.continuum(query, shown),
        "as_of": as_of,
        "is_past": as_of < today,
        "year": year,
        "expected": expected,
    }


@bp.route("/students/<int:student_id>/continuum")
def student_continuum(student_id: int) -> ResponseReturnValue:
    student = _continuum_student(student_id)
    frameworks = queries.district_frameworks(student.district_id)
    form = ContinuumFilterForm(frameworks, clock.today(), formdata=request.args)
    form.validate()
    return render(
        "continuum/continuum.html",
        "continuum/_continuum_body.html",
        student=student,
        form=form,
        is_own=current_user.id == student.id,
        **_views(student, form, frameworks),
    )


@bp.route("/students/<int:student_id>/continuum/<int:framework_id>/chart.svg")
def level_chart(student_id: int, framework_id: int) -> ResponseReturnValue:
    student = _continuum_student(student_id)
    frameworks = queries.district_frameworks(student.district_id)
    framework = next((f for f in frameworks if f.id == framework_id), None)
    if framework is None:
        abort(404)
    form = ContinuumFilterForm(frameworks, clock.today(), formdata=request.args)
    form.validate()
    form.framework.data = str(framework.id)
    context = _views(student, form, frameworks)
    view, year = context["views"][0], context["year"]
    if year is None or not view.history:
        abort(404)
    grade = student.student_profile.grade_level if student.student_profile else None
    expected = None
    if grade is not None and context["expected"] is not None:
        expected = (Decimal(grade - 1), context["expected"])
    svg = render_level_chart(
        LevelChart(
            title=_("%(framework)s: level over time", framework=framework.name),
            steps=view.history,
            start=year.starts_on,
            end=context["as_of"],
            expected=expected,
            levels=_axis(framework, view.history, expected),
            level_name=_("Level"),
            expected_name=_("Expected level"),
            day_label=lambda day: format_day(day, "short"),
        )
    )
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    # The SVG carries its own style sheet; as an image it can run nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _axis(framework: Framework, history: list[Any], expected: Any) -> tuple[int, int]:
    """A window of whole levels around the line, within the continuum, at least 3 high."""
    values = [step.level for step in history] + list(expected or ())
    numbers = [level.number for level in framework.levels] or [1]
    low = max(min(numbers) - 1, floor(min(values)) - 1)
    high = min(max(numbers), ceil(max(values)) + 1)
    return low, max(high, low + 3)
