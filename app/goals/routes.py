"""Goals and the weekly check-in: the student writes, teachers reply, families read.

Thin routes: load through the access rules, validate the form, call a service, commit,
then redirect (303) or answer htmx with the updated fragment.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import clock
from app.auth.models import Role, User
from app.authz import get_student_or_404, is_teacher_of, require_role
from app.extensions import db
from app.goals import bp, queries, services
from app.goals.access import (
    can_edit_goals,
    feelings_enabled,
    get_check_in_or_404,
    get_goal_or_404,
    is_self,
    shared_only,
    shows_feelings,
)
from app.goals.forms import CheckInForm, GoalForm, GoalStatusForm, check_in_form, reply_form
from app.goals.models import CheckIn, Goal
from app.goals.rules import GoalStatus
from app.goals.web import after_save
from app.goals.weeks import IsoWeek, is_locked, week_of
from app.htmx import render

STATUS_MESSAGES = {
    GoalStatus.ACHIEVED: _l("Goal marked as achieved. Well done!"),
    GoalStatus.SET_ASIDE: _l("Goal set aside. It stays in your history."),
    GoalStatus.ACTIVE: _l("Goal reopened."),
}


def _goal_form(student: User, goal: Goal | None = None) -> GoalForm:
    choices, described = queries.competency_choices(student.district_id)
    return GoalForm(
        obj=goal,
        competencies=choices,
        described=described,
        today=clock.today(),
        previous_due=goal.due_on if goal else None,
    )


def _goal_input(form: GoalForm) -> services.GoalInput:
    competency_id = form.competency_id.data
    return services.GoalInput(
        title=form.title.data or "",
        why=form.why.data or "",
        strategies=form.strategies.data or "",
        competency_id=competency_id,
        target_level=form.target_level.data if competency_id else None,
        due_on=form.due_on.data or clock.today(),
        is_co_created=bool(form.is_co_created.data),
    )


def _render_goal_form(form: GoalForm, student: User, goal: Goal | None) -> ResponseReturnValue:
    action = (
        url_for("goals.edit_goal", goal_id=goal.id)
        if goal
        else url_for("goals.new_goal", student_id=student.id)
    )
    return render(
        "goals/goal_form.html",
        "goals/_goal_form.html",
        status=422 if form.is_submitted() else 200,
        form=form,
        student=student,
        goal=goal,
        action=action,
    )


@bp.route("/students/<int:student_id>/goals")
def list_goals(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="goals")
    return render(
        "goals/goals.html",
        "goals/goals.html",
        student=student,
        goals=queries.goals_of(student.id),
        can_edit=can_edit_goals(current_user, student.id),
        today=clock.today(),
    )


@bp.route("/students/<int:student_id>/goals/new", methods=["GET", "POST"])
def new_goal(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="goals")
    if not can_edit_goals(current_user, student.id):
        abort(404)
    form = _goal_form(student)
    if not form.is_submitted() and not is_self(current_user, student.id):
        form.is_co_created.data = True
    if form.validate_on_submit():
        goal = services.create_goal(student.id, _goal_input(form), by=current_user)
        db.session.commit()
        flash(_("Goal saved. You'll rate your progress on it in each weekly check-in."), "success")
        return after_save(url_for("goals.goal", goal_id=goal.id))
    return _render_goal_form(form, student, None)


@bp.route("/goals/<int:goal_id>")
def goal(goal_id: int) -> ResponseReturnValue:
    goal, student = get_goal_or_404(current_user, goal_id)
    return render(
        "goals/goal.html",
        "goals/goal.html",
        goal=goal,
        student=student,
        history=queries.goal_history(goal),
        progress=queries.ratings_by_goal([goal.id]).get(goal.id, []),
        can_edit=can_edit_goals(current_user, student.id),
        status_form=GoalStatusForm(),
        today=clock.today(),
    )


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
def edit_goal(goal_id: int) -> ResponseReturnValue:
    goal, student = get_goal_or_404(current_user, goal_id)
    if not can_edit_goals(current_user, student.id):
        abort(404)
    form = _goal_form(student, goal)
    if form.validate_on_submit():
        changed = services.update_goal(goal, _goal_input(form), by=current_user)
        db.session.commit()
        flash(
            _("Goal updated; the earlier version is kept below.") if changed else _("No changes.")
        )
        return after_save(url_for("goals.goal", goal_id=goal.id))
    return _render_goal_form(form, student, goal)


@bp.route("/goals/<int:goal_id>/status", methods=["POST"])
def set_status(goal_id: int) -> ResponseReturnValue:
    goal, student = get_goal_or_404(current_user, goal_id)
    if not can_edit_goals(current_user, student.id):
        abort(404)
    form = GoalStatusForm()
    if form.validate_on_submit():
        status = GoalStatus(form.status.data)
        services.set_status(goal, status, by=current_user)
        db.session.commit()
        flash(str(STATUS_MESSAGES.get(status, _("Status changed."))), "success")
    else:
        flash(_("That did not go through, so nothing changed. Please try again."), "error")
    return after_save(url_for("goals.goal", goal_id=goal.id))


def _this_week() -> IsoWeek:
    return week_of(clock.today())


def _posted_week(form: CheckInForm) -> date | None:
    raw = form.week_start.data
    if not isinstance(raw, str):  # not posted: WTForms keeps the saved check-in's date
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _check_in_input(form: CheckInForm) -> services.CheckInInput:
    feeling = form.feeling.data if "feeling" in form else None
    return services.CheckInInput(
        confidence=form.confidence.data,
        went_well=form.went_well.data or "",
        hard=form.hard.data or "",
        next_step=form.next_step.data or "",
        wants_help=bool(form.wants_help.data),
        feeling=feeling,
        is_shareable=bool(form.is_shareable.data),
        ratings={int(f.name.removeprefix("goal_")): f.data for f in form.goal_fields()},
    )


def _check_in_form(existing: CheckIn | None, goals: list[Goal]) -> CheckInForm:
    form = check_in_form(goals, feelings_enabled(current_user.school_id), obj=existing)
    if existing is not None and not form.is_submitted():
        for rating in existing.ratings:
            if f"goal_{rating.goal_id}" in form:
                form[f"goal_{rating.goal_id}"].data = rating.rating
    return form


@bp.route("/me/check-in", methods=["GET", "POST"])
@require_role(Role.STUDENT)
def check_in() -> ResponseReturnValue:
    week = _this_week()
    existing = services.find_check_in(current_user.id, week)
    goals = queries.open_goals(current_user.id)
    form = _check_in_form(existing, goals)
    posted = _posted_week(form) if form.is_submitted() else week.starts_on
    locked = posted is not None and posted != week.starts_on and is_locked(posted, clock.today())
    form.week_start.data = week.starts_on.isoformat()
    if not locked and form.validate_on_submit():
        saved, created = services.record_check_in(current_user.id, week, _check_in_input(form))
        db.session.commit()
        flash(
            _("Check-in saved. See you next week!") if created else _("Check-in updated."),
            "success",
        )
        return after_save(
            url_for("goals.check_in"),
            "goals/_check_in_form.html",
            form=_check_in_form(saved, goals),
            week=week,
            existing=saved,
        )
    return render(
        "goals/check_in.html",
        "goals/_check_in_form.html",
        status=422 if form.is_submitted() else 200,
        form=form,
        week=week,
        existing=existing,
        locked_week=posted if locked else None,
    )


@bp.route("/students/<int:student_id>/check-ins")
def check_ins(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="check-ins")
    timeline = queries.timeline(student.id, clock.today(), shared_only=shared_only(current_user))
    if is_self(current_user, student.id):
        services.mark_replies_seen(student.id)
        db.session.commit()
    return render(
        "goals/check_ins.html",
        "goals/check_ins.html",
        student=student,
        timeline=timeline,
        show_feelings=shows_feelings(current_user, student),
        can_reply=is_teacher_of(current_user, student.id),
        new_reply_form=reply_form,
        today=clock.today(),
    )


@bp.route("/check-ins/<int:check_in_id>/replies", methods=["POST"])
def reply(check_in_id: int) -> ResponseReturnValue:
    check_in, student = get_check_in_or_404(current_user, check_in_id)
    if not is_teacher_of(current_user, student.id):
        abort(404)
    form = reply_form(check_in.id)
    if form.validate_on_submit():
        services.add_reply(check_in, current_user, form.body.data or "")
        db.session.commit()
        flash(f"Reply sent to {student.given_name}.", "success")
        db.session.refresh(check_in)
        return after_save(
            url_for("goals.check_ins", student_id=student.id) + f"#week-{check_in.id}",
            "goals/_replies.html",
            check_in=check_in,
            can_reply=True,
            reply_form=reply_form(check_in.id, formdata=None),
        )
    return render(
        "goals/reply.html",
        "goals/_replies.html",
        status=422,
        check_in=check_in,
        student=student,
        can_reply=True,
        reply_form=form,
    )
