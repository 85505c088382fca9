"""Support plans for flagged students, and the list of plans whose review is due.

A teacher of the student or their school's leader opens and edits a plan; the district admin
reads it. Students and families never see plans (404).
"""

from __future__ import annotations

from flask import abort, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import clock
from app.auth.models import Role, User
from app.authz import require_role, visible_student_ids
from app.classroom import bp, briefing, queries, services
from app.classroom.access import can_edit_plan, get_plan_or_404, writer_student_or_404
from app.classroom.forms import SupportPlanForm
from app.classroom.models import SupportPlan
from app.classroom.rules import (
    CheckFrequency,
    PlanStatus,
    ReviewState,
    default_review_on,
    review_horizon,
    review_state,
)
from app.extensions import db
from app.goals.web import after_save
from app.htmx import render
from app.reports.flags import Flag

CHECK_INS_SHOWN = 26  # half a year of weekly check-ins


def _chosen_flag(flags: list[Flag]) -> Flag | None:
    """The flag named in ?flag=, else the most severe; an unknown name is ignored."""
    asked = request.args.get("flag", "")
    return next((f for f in flags if f.kind.value == asked), flags[0] if flags else None)


def _plan_input(
    form: SupportPlanForm, flag_kind: str | None, status: PlanStatus
) -> services.PlanInput:
    starts_on = form.starts_on.data or clock.today()
    return services.PlanInput(
        reason=form.reason.data or "",
        strategy=form.strategy.data or "",
        tier=int(form.tier.data),
        owner_id=int(form.owner_id.data),
        starts_on=starts_on,
        review_on=form.review_on.data or default_review_on(starts_on),
        check_frequency=CheckFrequency(form.check_frequency.data),
        status=status,
        flag_kind=flag_kind,
    )


@bp.route("/students/<int:student_id>/support-plans/new", methods=["GET", "POST"])
def new_support_plan(student_id: int) -> ResponseReturnValue:
    student = writer_student_or_404(current_user, student_id, record="support plan")
    today = clock.today()
    owners = queries.plan_owner_choices(student)
    overview = briefing.overview_of_student(student, today)
    flags = briefing.plan_worthy(overview.flags)
    chosen = _chosen_flag(flags)
    form = SupportPlanForm(owners=owners)
    del form.status  # a new plan is active
    if not form.is_submitted():
        form.reason.data = chosen.reason if chosen else ""
        form.starts_on.data = today
        form.review_on.data = default_review_on(today)
        if any(owner_id == current_user.id for owner_id, _ in owners):
            form.owner_id.data = current_user.id
    if form.validate_on_submit():
        kind = chosen.kind.value if chosen else None
        plan = services.open_plan(
            student, _plan_input(form, kind, PlanStatus.ACTIVE), by=current_user
        )
        db.session.commit()
        flash(f"Support plan opened for {student.given_name}.", "success")
        return after_save(url_for("classroom.support_plan", plan_id=plan.id))
    action = url_for(
        "classroom.new_support_plan",
        student_id=student.id,
        flag=chosen.kind.value if chosen else None,
    )
    return render(
        "classroom/support_plan_new.html",
        "classroom/_support_plan_form.html",
        status=422 if form.is_submitted() else 200,
        form=form,
        action=action,
        student=student,
        overview=overview,
        flags=flags,
        chosen=chosen,
    )


def _owners_of(plan: SupportPlan, student: User) -> list[tuple[int, str]]:
    """The student's teachers and leaders, plus the current owner if they are neither now."""
    owners = queries.plan_owner_choices(student)
    if all(owner_id != plan.owner_id for owner_id, _ in owners):
        owners.append((plan.owner_id, plan.owner.name))
    return owners


@bp.route("/support-plans/<int:plan_id>", methods=["GET", "POST"])
def support_plan(plan_id: int) -> ResponseReturnValue:
    plan, student = get_plan_or_404(current_user, plan_id)
    editable = can_edit_plan(current_user)
    if request.method == "POST" and not editable:
        abort(404)
    form = SupportPlanForm(obj=plan, owners=_owners_of(plan, student)) if editable else None
    if form is not None and form.validate_on_submit():
        status = PlanStatus(form.status.data)
        changed = services.update_plan(
            plan, _plan_input(form, plan.flag_kind, status), current_user
        )
        db.session.commit()
        flash("Support plan updated." if changed else "No changes to save.", "success")
        return after_save(url_for("classroom.support_plan", plan_id=plan.id))
    today = clock.today()
    return render(
        "classroom/support_plan.html",
        "classroom/_support_plan_form.html",
        status=422 if form is not None and form.is_submitted() else 200,
        plan=plan,
        student=student,
        form=form,
        action=url_for("classroom.support_plan", plan_id=plan.id),
        overview=briefing.overview_of_student(student, today),
        check_ins=briefing.check_ins_since(student.id, plan.starts_on, CHECK_INS_SHOWN),
        changes=queries.plan_changes(plan.id),
        review=review_state(plan.review_on, today),
        today=today,
    )


@bp.route("/teach/reviews")
@require_role(Role.TEACHER, Role.SCHOOL_LEADER)
def reviews_due() -> ResponseReturnValue:
    """Active plans to review: overdue, today, and in the next seven days."""
    today = clock.today()
    plans = queries.plans_due(visible_student_ids(current_user), review_horizon(today))
    groups: dict[ReviewState, list[queries.PlanRow]] = {state: [] for state in ReviewState}
    for row in plans:
        groups[review_state(row.review_on, today)].append(row)
    return render(
        "classroom/reviews.html",
        "classroom/reviews.html",
        groups=groups,
        total=len(plans),
        today=today,
        is_leader=current_user.role == Role.SCHOOL_LEADER,
    )
