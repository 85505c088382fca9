"""Conferring: the page a teacher opens beside a student, the conference form, the history.

Staff read every conference; the student and their family read only the shared ones.
"""

from __future__ import annotations

from typing import Any

from flask import flash, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import clock
from app.auth.models import Role, User
from app.authz import get_student_or_404, require_role
from app.classroom import bp, briefing, queries, services
from app.classroom.access import sees_private_notes, writer_student_or_404
from app.classroom.forms import ConferenceForm
from app.extensions import db
from app.goals import queries as goal_queries
from app.goals.web import after_save
from app.htmx import render

RECENT_CHECK_INS = 4
RECENT_CONFERENCES = 3


def _goal_choices(goals: goal_queries.GoalList) -> list[tuple[int, str]]:
    open_goals = [(g.id, g.title) for g in goals.open]
    closed = [(g.id, f"{g.title} ({g.status.label.lower()})") for g in goals.closed]
    return open_goals + closed


def _confer_context(student: User, goals: goal_queries.GoalList) -> dict[str, Any]:
    today = clock.today()
    overview = briefing.overview_of_student(student, today)
    return {
        "student": student,
        "today": today,
        "overview": overview,
        "plan_flags": briefing.plan_worthy(overview.flags),
        "goals": goals,
        "check_ins": briefing.check_ins_since(student.id, None, RECENT_CHECK_INS),
        "conferences": queries.conferences_of(student.id, False, RECENT_CONFERENCES),
        "conference_total": queries.conference_count(student.id, False),
        "plans": queries.plans_of(student.id),
    }


@bp.route("/students/<int:student_id>/confer", methods=["GET", "POST"])
def confer(student_id: int) -> ResponseReturnValue:
    student = writer_student_or_404(current_user, student_id, record="conferring")
    goals = goal_queries.goals_of(student.id)
    form = ConferenceForm(goal_choices=_goal_choices(goals), today=clock.today())
    if form.validate_on_submit():
        data = services.ConferenceInput(
            held_on=form.held_on.data or clock.today(),
            notes=form.notes.data or "",
            next_steps=form.next_steps.data or "",
            goal_ids=list(form.goals.data or []),
            is_shared=bool(form.is_shared.data),
        )
        services.record_conference(student, data, by=current_user)
        db.session.commit()
        shared = f"shared with {student.given_name}" if data.is_shared else "kept private to staff"
        flash(f"Conference saved and {shared}.", "success")
        return after_save(url_for("classroom.confer", student_id=student.id))
    return render(
        "classroom/confer.html",
        "classroom/_conference_form.html",
        status=422 if form.is_submitted() else 200,
        form=form,
        **_confer_context(student, goals),
    )


def _history(student: User, viewer: User) -> ResponseReturnValue:
    shared_only = not sees_private_notes(viewer)
    return render(
        "classroom/conferences.html",
        "classroom/conferences.html",
        student=student,
        conferences=queries.conferences_of(student.id, shared_only),
        shared_only=shared_only,
        own=viewer.id == student.id,
    )


@bp.route("/students/<int:student_id>/conferences")
def conferences(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="conferences")
    return _history(student, current_user)


@bp.route("/me/conferences")
@require_role(Role.STUDENT)
def my_conferences() -> ResponseReturnValue:
    """The student's "From my conferences": what was shared with them, newest first."""
    return _history(current_user, current_user)
