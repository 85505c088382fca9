"""Recording evidence for one student, the evidence page with its history, teacher judgements
and self-assessments. The quick-entry grid for a section is in grid_routes.py.

Staff who may see a student record evidence and judgements for them; the student sees their
evidence and judgements and records self-assessments; families get neither page (404).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import Form

from app import clock
from app.auth.forms import ActionForm
from app.auth.models import Role, User
from app.authz import (
    STAFF_ROLES,
    get_competency_or_404,
    get_evidence_or_404,
    get_student_or_404,
    require_role,
    visible_student_ids,
)
from app.continuum import bp, services
from app.continuum import evidence_queries as eq
from app.continuum.forms import (
    EvidenceDetailsForm,
    NewEvidenceForm,
    OverrideForm,
    SelfAssessmentForm,
)
from app.continuum.models import Evidence, EvidenceKind, Framework, MasteryOverride
from app.continuum.services import EvidenceError, NewEvidence
from app.extensions import db
from app.i18n import translate

RECORD = "evidence"


def target_or_404(competency_id: int | None, level: int | None) -> eq.Target:
    """The (competency, level) named by a URL: in the viewer's district and described."""
    competency = get_competency_or_404(current_user, competency_id)
    target = eq.load_target(competency, level or 0)
    if target is None:
        abort(404)
    return target


def add_error(form: Form, error: EvidenceError) -> None:
    """Put a service's message beside the field it is about."""
    field = form[error.field] if error.field in form else form["score"]
    field.errors = [*field.errors, translate(error.message)]


def _choose(
    form: NewEvidenceForm | SelfAssessmentForm, district_id: int | None
) -> eq.Target | None:
    """Fill the competency, level and score choices; the target once both are chosen."""
    form.competency.choices = eq.competency_choices(district_id)
    form.level.choices = eq.level_choices(district_id)
    chosen = {int(choice.value) for choice in form.competency.choices}
    competency_id = form.competency.data if form.competency.data in chosen else None
    target: eq.Target | None = None
    framework_id: int | None = None
    if competency_id is not None:
        competency = get_competency_or_404(current_user, competency_id)
        target = eq.load_target(competency, form.level.data or 0)
        framework_id = competency.framework_id
    else:
        framework_id = db.session.scalar(
            select(Framework.id)
            .where(Framework.district_id == district_id)
            .order_by(Framework.position, Framework.name)
            .limit(1)
        )
    form.score.choices = eq.scale_choices(eq.scale_labels(framework_id))
    return target


def _entry(form: EvidenceDetailsForm) -> NewEvidence:
    return NewEvidence(
        score=form.score_value,
        kind=form.kind_value,
        observed_on=form.observed_on.data,
        note=form.note.data or "",
        link=form.link.data or "",
        is_missed=bool(form.is_missed.data),
    )


def _page_expired(url: str) -> ResponseReturnValue:
    """A button on a page whose CSRF token no longer matches the session: nothing is done."""
    flash("Nothing changed: the page had expired. Please try again.", "error")
    return redirect(url, 303)


def _evidence_url(evidence: Evidence) -> str:
    return url_for(
        "continuum.evidence_list",
        student_id=evidence.student_id,
        competency_id=evidence.competency_id,
        level=evidence.level,
        _anchor=f"evidence-{evidence.id}",
    )


@bp.route("/students/<int:student_id>/evidence/new", methods=["GET", "POST"])
@require_role(*STAFF_ROLES)
def new_evidence(student_id: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record=RECORD)
    form = NewEvidenceForm(
        competency=request.args.get("competency", type=int),
        level=request.args.get("level", type=int),
        observed_on=clock.today(),
    )
    target = _choose(form, student.district_id)
    if form.validate_on_submit():
        competency = get_competency_or_404(current_user, form.competency.data)
        try:
            evidence = services.record_evidence(
                student, competency, form.level.data, _entry(form), current_user, clock.today()
            )
        except EvidenceError as error:
            add_error(form, error)
        else:
            db.session.commit()
            flash(f"Evidence recorded for {student.name}.", "success")
            return redirect(_evidence_url(evidence), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "continuum/evidence_new.html",
        student=student,
        form=form,
        target=target,
        today=clock.today(),
    ), status


def _page(student: User, target: eq.Target, **context: Any) -> dict[str, Any]:
    is_staff = current_user.role in STAFF_ROLES
    return {
        "student": student,
        "target": target,
        "page": eq.evidence_page(student.id, target),
        "is_staff": is_staff,
        "is_own": current_user.id == student.id,
        "override_form": context.pop("override_form", None)
        or (OverrideForm() if is_staff else None),
        **context,
    }


@bp.route("/students/<int:student_id>/competencies/<int:competency_id>/levels/<int:level>")
@require_role(Role.STUDENT, *STAFF_ROLES)
def evidence_list(student_id: int, competency_id: int, level: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record=RECORD)
    target = target_or_404(competency_id, level)
    return render_template("continuum/evidence.html", **_page(student, target))


@bp.route(
    "/students/<int:student_id>/competencies/<int:competency_id>/levels/<int:level>/judgement",
    methods=["POST"],
)
@require_role(*STAFF_ROLES)
def set_override(student_id: int, competency_id: int, level: int) -> ResponseReturnValue:
    student = get_student_or_404(current_user, student_id, record=RECORD)
    target = target_or_404(competency_id, level)
    form = OverrideForm()
    if form.validate_on_submit():
        is_mastered = form.decision.data == "mastered"
        try:
            services.set_override(
                student,
                target.competency,
                level,
                is_mastered,
                form.reason.data,
                current_user,
                clock.today(),
            )
        except EvidenceError as error:
            add_error(form, error)
        else:
            db.session.commit()
            decision = "mastered" if is_mastered else "not mastered"
            flash(f"Teacher judgement recorded: {decision}.", "success")
            return redirect(
                url_for(
                    "continuum.evidence_list",
                    student_id=student.id,
                    competency_id=competency_id,
                    level=level,
                ),
                303,
            )
    page = _page(student, target, override_form=form)
    return render_template("continuum/evidence.html", **page), 422


def _override_or_404(override_id: int) -> MasteryOverride:
    override = db.session.scalar(
        select(MasteryOverride).where(
            MasteryOverride.id == override_id,
            MasteryOverride.student_id.in_(visible_student_ids(current_user)),
        )
    )
    if override is None:
        abort(404)
    return override


@bp.route("/judgements/<int:override_id>/withdraw", methods=["POST"])
@require_role(*STAFF_ROLES)
def withdraw_override(override_id: int) -> ResponseReturnValue:
    override = _override_or_404(override_id)
    get_student_or_404(current_user, override.student_id, record=RECORD)
    competency = get_competency_or_404(current_user, override.competency_id)
    page = url_for(
        "continuum.evidence_list",
        student_id=override.student_id,
        competency_id=competency.id,
        level=override.level,
    )
    if not ActionForm().validate_on_submit():
        return _page_expired(page)
    services.withdraw_override(override, current_user, competency)
    db.session.commit()
    flash("Teacher judgement withdrawn: the calculated decision applies again.", "success")
    return redirect(page, 303)


def _teacher_evidence(evidence_id: int) -> tuple[Evidence, User]:
    """Evidence staff may change: about a student they see, and not a self-assessment."""
    evidence = get_evidence_or_404(current_user, evidence_id)
    if evidence.kind is EvidenceKind.SELF_ASSESSMENT:
        abort(404)  # the student's own rating is theirs; staff do not edit it
    student = get_student_or_404(current_user, evidence.student_id, record=RECORD)
    return evidence, student


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@require_role(*STAFF_ROLES)
def edit_evidence(evidence_id: int) -> ResponseReturnValue:
    evidence, student = _teacher_evidence(evidence_id)
    target = target_or_404(evidence.competency_id, evidence.level)
    form = EvidenceDetailsForm(
        score=eq.number(evidence.score),
        is_missed=evidence.is_missed,
        kind=evidence.kind.value,
        observed_on=evidence.observed_on,
        note=evidence.note,
        link=evidence.link,
    )
    form.score.choices = eq.scale_choices(target.labels)
    if form.validate_on_submit():
        try:
            changed = services.edit_evidence(evidence, _entry(form), current_user, clock.today())
        except EvidenceError as error:
            add_error(form, error)
        else:
            db.session.commit()
            flash(
                "Evidence updated; the old values are kept in its history."
                if changed
                else "Nothing changed.",
                "success" if changed else "info",
            )
            return redirect(_evidence_url(evidence), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "continuum/evidence_edit.html",
        evidence=evidence,
        student=student,
        target=target,
        form=form,
        today=clock.today(),
    ), status


@bp.route("/evidence/<int:evidence_id>/remove", methods=["POST"])
@require_role(*STAFF_ROLES)
def remove_evidence(evidence_id: int) -> ResponseReturnValue:
    evidence, _student = _teacher_evidence(evidence_id)
    if not ActionForm().validate_on_submit():
        return _page_expired(_evidence_url(evidence))
    services.remove_evidence(evidence, current_user)
    db.session.commit()
    flash("Evidence removed. It stays in the history and can be restored.", "success")
    return redirect(_evidence_url(evidence), 303)


@bp.route("/evidence/<int:evidence_id>/restore", methods=["POST"])
@require_role(*STAFF_ROLES)
def restore_evidence(evidence_id: int) -> ResponseReturnValue:
    evidence, _student = _teacher_evidence(evidence_id)
    if not ActionForm().validate_on_submit():
        return _page_expired(_evidence_url(evidence))
    services.restore_evidence(evidence, current_user)
    db.session.commit()
    flash("Evidence restored: it counts again.", "success")
    return redirect(_evidence_url(evidence), 303)


@bp.route("/students/<int:student_id>/self-assessments/new", methods=["GET", "POST"])
@require_role(Role.STUDENT)
def self_assessment(student_id: int) -> ResponseReturnValue:
    if student_id != current_user.id:
        abort(404)  # a student rates only themselves
    student = get_student_or_404(current_user, student_id, record=RECORD)
    form = SelfAssessmentForm(
        competency=request.args.get("competency", type=int),
        level=request.args.get("level", type=int),
    )
    target = _choose(form, student.district_id)
    if form.validate_on_submit():
        competency = get_competency_or_404(current_user, form.competency.data)
        today = clock.today()
        entry = NewEvidence(
            form.score_value, EvidenceKind.SELF_ASSESSMENT, today, form.note.data or ""
        )
        try:
            evidence = services.record_evidence(
                student, competency, form.level.data, entry, student, today
            )
        except EvidenceError as error:
            add_error(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "Your self-assessment is saved. It sits beside your teachers' evidence "
                    "and does not change your level."
                ),
                "success",
            )
            return redirect(_evidence_url(evidence), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "continuum/self_assessment.html", student=student, form=form, target=target
    ), status
