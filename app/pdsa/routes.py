"""PDSA cycles, stage by stage: the student writes, teachers comment, families read shared ones.

Thin routes: load through the access rules, validate the stage's form, call a service,
commit, then redirect (303) or answer htmx.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import clock
from app.auth.models import User
from app.authz import get_student_or_404, is_teacher_of
from app.extensions import db
from app.goals import queries as goal_queries
from app.goals.access import is_self, shared_only
from app.goals.web import after_save
from app.htmx import render
from app.i18n import translate
from app.pdsa import bp, queries, services
from app.pdsa.access import get_cycle_or_404
from app.pdsa.forms import STAGE_FORMS, PlanForm, comment_form
from app.pdsa.models import PdsaCycle
from app.pdsa.stages import ORDER, Stage, current_stage, stage_problem

STAGES = "<any(plan, do, study, act):stage>"
SAVED = {
    Stage.PLAN: _l("Plan saved. Now try the change, then come back to write what happened."),
    Stage.DO: _l("Saved. Next, compare what happened with your prediction."),
    Stage.STUDY: _l("Saved. Last step: decide what to do with the change."),
    Stage.ACT: _l("Cycle closed. Well done for seeing it through!"),
}


def _plan_form(student: User, cycle: PdsaCycle | None = None, **kwargs: Any) -> PlanForm:
    goals = [(g.id, g.title) for g in goal_queries.open_goals(student.id)]
    if cycle is not None and cycle.goal is not None and cycle.goal_id not in dict(goals):
        goals.append((cycle.goal.id, cycle.goal.title))  # a closed goal stays choosable
    return PlanForm(
        obj=cycle,
        goals=goals,
        today=clock.today(),
        previous_by=cycle.by_on if cycle else None,
        **kwargs,
    )


def _plan_input(form: PlanForm) -> services.PlanInput:
    return services.PlanInput(
        goal_id=form.goal_id.data,
        change=form.change.data or "",
        prediction=form.prediction.data or "",
        measure=form.measure.data or "",
        by_on=form.by_on.data or clock.today(),
        is_shareable=bool(form.is_shareable.data),
    )


def _stage_form(stage: Stage, cycle: PdsaCycle, student: User, **kwargs: Any) -> Any:
    if stage is Stage.PLAN:
        return _plan_form(student, cycle, **kwargs)
    return STAGE_FORMS[stage](obj=cycle, **kwargs)


@bp.route("/students/<int:student_id>/pdsa")
def list_cycles(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="PDSA cycles")
    return render(
        "pdsa/cycles.html",
        "pdsa/cycles.html",
        student=student,
        groups=queries.cycles_of(student.id, shared_only=shared_only(current_user)),
        can_start=is_self(current_user, student.id),
        current_stage=current_stage,
    )


@bp.route("/students/<int:student_id>/pdsa/new", methods=["GET", "POST"])
def new_cycle(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record="PDSA cycles")
    if not is_self(current_user, student.id):
        abort(404)
    after_id = request.args.get("after", type=int)
    previous = get_cycle_or_404(current_user, after_id)[0] if after_id else None
    form = _plan_form(student)
    if previous is not None and not form.is_submitted():
        form.goal_id.data = previous.goal_id
        form.change.data = previous.next_steps
        form.measure.data = previous.measure
        form.is_shareable.data = previous.is_shareable
    elif not form.is_submitted():
        form.goal_id.data = request.args.get("goal", type=int)
    error = None
    if form.validate_on_submit():
        try:
            cycle = services.start_cycle(student.id, _plan_input(form), previous)
        except services.StageError as problem:
            error = translate(problem.args[0])
        else:
            db.session.commit()
            flash(str(SAVED[Stage.PLAN]), "success")
            return after_save(url_for("pdsa.cycle", cycle_id=cycle.id))
    return render(
        "pdsa/new.html",
        "pdsa/_stage_form.html",
        status=422 if form.is_submitted() else 200,
        form=form,
        stage=Stage.PLAN,
        student=student,
        cycle=None,
        previous=previous,
        stage_error=error,
        action=request.full_path.rstrip("?"),
    )


@bp.route("/pdsa/<int:cycle_id>")
def cycle(cycle_id: int) -> ResponseReturnValue:
    cycle, student = get_cycle_or_404(current_user, cycle_id)
    own = is_self(current_user, student.id)
    if own:
        services.mark_comments_seen(cycle)
        db.session.commit()
    cycle = queries.with_comments(cycle.id)
    before, after = queries.neighbours(cycle)
    stage = current_stage(cycle.stages_done)
    return render(
        "pdsa/cycle.html",
        "pdsa/cycle.html",
        cycle=cycle,
        student=student,
        before=before,
        after=after,
        stages=ORDER,
        current=stage,
        form=_stage_form(stage, cycle, student, formdata=None) if own and stage else None,
        own=own,
        can_comment=is_teacher_of(current_user, student.id),
        comment_form=comment_form,
    )


@bp.route(f"/pdsa/<int:cycle_id>/{STAGES}", methods=["GET", "POST"])
def edit_stage(cycle_id: int, stage: str) -> ResponseReturnValue:
    cycle, student = get_cycle_or_404(current_user, cycle_id)
    if not is_self(current_user, student.id):
        abort(404)
    step = Stage(stage)
    form = _stage_form(step, cycle, student)
    problem = stage_problem(step, cycle.stages_done, cycle.is_closed)
    error = translate(problem) if problem else None
    if error is None and form.validate_on_submit():
        if step is Stage.PLAN:
            services.update_plan(cycle, _plan_input(form))
            first_time = False
        else:
            first_time = services.save_stage(cycle, step, form.data)
        db.session.commit()
        updated = _("%(stage)s updated.", stage=translate(step.label))
        flash(str(SAVED[step]) if first_time else updated, "success")
        return after_save(url_for("pdsa.cycle", cycle_id=cycle.id) + f"#stage-{step.value}")
    return render(
        "pdsa/stage.html",
        "pdsa/_stage_form.html",
        status=422 if form.is_submitted() else 200,
        form=form,
        stage=step,
        student=student,
        cycle=cycle,
        stage_error=error,
        action=url_for("pdsa.edit_stage", cycle_id=cycle.id, stage=step.value),
    )


@bp.route(f"/pdsa/<int:cycle_id>/{STAGES}/comments", methods=["POST"])
def comment(cycle_id: int, stage: str) -> ResponseReturnValue:
    cycle, student = get_cycle_or_404(current_user, cycle_id)
    if not is_teacher_of(current_user, student.id):
        abort(404)
    step = Stage(stage)
    form = comment_form(step)
    if form.validate_on_submit():
        services.add_comment(cycle, step, current_user, form.body.data or "")
        db.session.commit()
        flash(f"Comment added to {student.given_name}'s {step.label} stage.", "success")
        return after_save(
            url_for("pdsa.cycle", cycle_id=cycle.id) + f"#stage-{step.value}",
            "pdsa/_comments.html",
            cycle=queries.with_comments(cycle.id),
            stage=step,
            can_comment=True,
            comment_form=comment_form,
        )
    return render(
        "pdsa/comment.html",
        "pdsa/_comments.html",
        status=422,
        cycle=queries.with_comments(cycle.id),
        student=student,
        stage=step,
        can_comment=True,
        comment_form=comment_form,
        cform=form,
    )
