"""School settings and the audit log, for the school's leader and the district admin."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.admin import bp
from app.admin.forms import SchoolSettingsForm
from app.audit import AuditEvent
from app.authz import get_school_or_404
from app.extensions import db
from app.schools.models import PaperSize, SchoolSettings

AUDIT_PAGE_SIZE = 50


@bp.route("/schools/<int:school_id>/settings", methods=["GET", "POST"])
def settings(school_id: int) -> ResponseReturnValue:
    school = get_school_or_404(current_user, school_id)
    row = db.session.get(SchoolSettings, school.id) or SchoolSettings.with_defaults(school.id)
    form = SchoolSettingsForm(obj=row)
    if form.validate_on_submit():
        form.populate_obj(row)
        row.paper_size = PaperSize(form.paper_size.data)
        db.session.add(row)
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("admin.settings", school_id=school.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/settings.html", school=school, form=form), status


@bp.route("/schools/<int:school_id>/audit")
def audit_log(school_id: int) -> ResponseReturnValue:
    school = get_school_or_404(current_user, school_id)
    page = max(1, request.args.get("page", 1, type=int))
    where = AuditEvent.school_id == school.id
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(where)) or 0
    events = db.session.scalars(
        select(AuditEvent)
        .where(where)
        .options(joinedload(AuditEvent.actor), joinedload(AuditEvent.student))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(AUDIT_PAGE_SIZE)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
    ).all()
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    return render_template(
        "admin/audit_log.html", school=school, events=events, page=page, pages=pages, total=total
    )
