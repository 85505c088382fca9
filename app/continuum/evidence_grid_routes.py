"""Quick entry: one section, one competency, one level, a score per student.

With htmx each cell saves on change and answers with its row (saved, or the message); Undo
removes the piece just recorded, so the history shows it. Without JavaScript the grid is one
form whose Save button records every filled cell at once, or nothing if any cell is wrong.

A page kept open until its CSRF token no longer matches the session (signed in again since,
a restarted browser) saves nothing: a cell or Undo answers 422 with its row saying so, and
the grid's alert region asks for a reload; the whole grid comes back with every entry kept.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import clock
from app.auth.forms import ActionForm
from app.auth.models import User
from app.authz import (
    STAFF_ROLES,
    get_competency_or_404,
    get_evidence_or_404,
    get_section_or_404,
    get_student_or_404,
    require_role,
)
from app.continuum import bp, services
from app.continuum import evidence_queries as eq
from app.continuum.evidence_routes import RECORD, target_or_404
from app.continuum.forms import ChooserForm, GridForm, grid_form
from app.continuum.models import Evidence, EvidenceKind
from app.continuum.services import EvidenceError, NewEvidence
from app.extensions import db
from app.htmx import render, wants_fragment
from app.schools.models import Section

PAGE = "continuum/grid.html"
ROW = "continuum/_grid_row.html"


def _chooser(target: eq.Target | None = None) -> ChooserForm:
    """The competency and level chooser: from the query string, or showing the grid's own."""
    data = {"competency": target.competency.id, "level": target.level} if target else {}
    form = ChooserForm(request.args if request.args and not target else None, data=data)
    form.competency.choices = eq.competency_choices(current_user.district_id)
    form.level.choices = eq.level_choices(current_user.district_id)
    return form


@bp.route("/sections/<int:section_id>/quick-entry")
@require_role(*STAFF_ROLES)
def grid_chooser(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    form = _chooser()
    if request.args and form.validate():
        competency = get_competency_or_404(current_user, form.competency.data)
        if eq.load_target(competency, form.level.data) is not None:
            return redirect(_grid_url(section.id, competency.id, form.level.data), 303)
        form.level.errors = [f"{competency.code} has no level {form.level.data} on this continuum."]
    status = 422 if request.args else 200
    return render_template("continuum/grid_chooser.html", section=section, chooser=form), status


def _grid_url(section_id: int, competency_id: int, level: int) -> str:
    return url_for(
        "continuum.grid", section_id=section_id, competency_id=competency_id, level=level
    )


def _entries(
    form: GridForm, students: list[User], target: eq.Target, today: date
) -> list[tuple[User, NewEvidence]] | None:
    """The filled cells as evidence to record; None (with messages in place) if any is wrong."""
    try:
        services.check_observed_on(form.observed_on.data, today)
    except EvidenceError as error:
        form.observed_on.errors = [*form.observed_on.errors, error.message]
        return None
    entries, ok = [], True
    for student in students:
        cell = form.cell(student.id)
        if cell.is_blank:
            continue
        score = target.scale.minimum if cell.is_missed else cell.score_value
        try:
            services.check_score(score, target.scale)
        except EvidenceError as error:
            cell.errors = [*cell.errors, error.message]
            ok = False
            continue
        kind = EvidenceKind(form.kind.data)
        entries.append(
            (student, NewEvidence(score, kind, form.observed_on.data, is_missed=cell.is_missed))
        )
    return entries if ok else None


def _record(entries: list[tuple[User, NewEvidence]], target: eq.Target) -> list[Evidence]:
    return [
        services.record_evidence(
            student, target.competency, target.level, entry, current_user, clock.today()
        )
        for student, entry in entries
    ]


@bp.route(
    "/sections/<int:section_id>/competencies/<int:competency_id>/levels/<int:level>/quick-entry",
    methods=["GET", "POST"],
)
@require_role(*STAFF_ROLES)
def grid(section_id: int, competency_id: int, level: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    target = target_or_404(competency_id, level)
    students = eq.section_students(section.id)
    form = grid_form([s.id for s in students], observed_on=clock.today())
    message = ""
    if form.validate_on_submit():
        entries = _entries(form, students, target, clock.today())
        if entries:
            saved = _record(entries, target)
            db.session.commit()
            flash(f"Saved {len(saved)} {'score' if len(saved) == 1 else 'scores'}.", "success")
            if not wants_fragment():
                return redirect(_grid_url(section.id, target.competency.id, target.level), 303)
            form = grid_form(
                [s.id for s in students],
                formdata=None,
                observed_on=form.observed_on.data,
                kind=form.kind.data,
            )
        elif entries is not None:
            message = "Nothing new to save: type a score in at least one row."
    # An expired token has its own message (form_top); "check the rows" is for wrong cells.
    has_errors = any(name != "csrf_token" for name in form.errors)
    return render(
        PAGE,
        "continuum/_grid.html",
        status=422 if form.errors else 200,
        has_errors=has_errors,
        today=clock.today(),
        section=section,
        target=target,
        form=form,
        rows=eq.grid_rows(students, target),
        chooser=_chooser(target),
        message=message,
        oob_flash=wants_fragment(),
    )


def _section_student(section: Section, student_id: int) -> User:
    if not eq.is_enrolled(section.id, student_id):
        abort(404)
    return get_student_or_404(current_user, student_id, record=RECORD)


def _cell_errors(form: GridForm, student_id: int) -> list[str]:
    fields = (form.kind, form.observed_on, form.cell(student_id))
    return [message for f in fields for message in f.errors]


def _row(
    section: Section, target: eq.Target, form: GridForm, student: User, **context: object
) -> str:
    """One student's row, as a cell save or an Undo answers it."""
    row = eq.grid_rows([student], target)[0]
    return render_template(ROW, section=section, target=target, form=form, row=row, **context)


@bp.route(
    "/sections/<int:section_id>/competencies/<int:competency_id>/levels/<int:level>"
    "/quick-entry/students/<int:student_id>",
    methods=["POST"],
)
@require_role(*STAFF_ROLES)
def grid_cell(
    section_id: int, competency_id: int, level: int, student_id: int
) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    target = target_or_404(competency_id, level)
    student = _section_student(section, student_id)
    form = grid_form([student.id])
    saved = None
    if form.validate_on_submit() and not form.cell(student.id).is_blank:
        entries = _entries(form, [student], target, clock.today())
        if entries:
            saved = _record(entries, target)[0]
            db.session.commit()
    expired = bool(form.csrf_token.errors)
    errors = [] if expired else _cell_errors(form, student.id)
    if not wants_fragment():  # the grid posts cells only with htmx; answer a stray POST plainly
        if expired:
            flash(f"Nothing saved for {student.name}: the page had expired.", "error")
        elif errors:
            flash(f"Nothing saved for {student.name}: {' '.join(errors)}", "error")
        elif saved:
            flash(f"Saved for {student.name}.", "success")
        return redirect(_grid_url(section.id, target.competency.id, target.level), 303)
    row = _row(section, target, form, student, saved=saved, errors=errors, expired=expired)
    return row, 422 if errors or expired else 200


@bp.route(
    "/sections/<int:section_id>/quick-entry/evidence/<int:evidence_id>/undo", methods=["POST"]
)
@require_role(*STAFF_ROLES)
def grid_undo(section_id: int, evidence_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    evidence = get_evidence_or_404(current_user, evidence_id)
    if evidence.kind is EvidenceKind.SELF_ASSESSMENT:
        abort(404)
    student = _section_student(section, evidence.student_id)
    target = target_or_404(evidence.competency_id, evidence.level)
    form = grid_form([student.id], formdata=None)
    if not ActionForm().validate_on_submit():  # the page's token no longer matches the session
        if not wants_fragment():
            flash(f"Nothing undone for {student.name}: the page had expired.", "error")
            return redirect(_grid_url(section.id, target.competency.id, target.level), 303)
        row = _row(section, target, form, student, saved=evidence, expired=True, undoing=True)
        return row, 422
    services.remove_evidence(evidence, current_user)
    db.session.commit()
    if not wants_fragment():
        flash(f"Removed the score for {student.name}; it stays in the history.", "success")
        return redirect(_grid_url(section.id, target.competency.id, target.level), 303)
    return _row(section, target, form, student, undone=evidence)
