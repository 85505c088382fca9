"""A class's family PDFs at once: start a batch, watch its progress, download the ZIP."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from app.authz import get_section_or_404
from app.extensions import db
from app.family import bp
from app.family.batch import new_batch, zip_path
from app.family.content import zip_name
from app.family.forms import BatchForm
from app.family.jobs import queue_batch, run_batch
from app.family.models import BatchStatus, PdfBatch
from app.htmx import render
from app.schools.models import Section


@bp.route("/sections/<int:section_id>/family-pdfs", methods=["GET", "POST"])
def batches(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    form = BatchForm()
    if form.validate_on_submit():
        batch = new_batch(section, current_user, form.language.data or "family")
        if batch is None:
            form.language.errors.append(
                "This class has no students yet, so there are no summaries to make."
            )
        else:
            db.session.commit()
            if not queue_batch(batch):
                run_batch(batch.id)
            return redirect(url_for("family.batch", section_id=section.id, batch_id=batch.id), 303)
    latest = db.session.scalar(
        select(PdfBatch)
        .where(PdfBatch.section_id == section.id)
        .order_by(PdfBatch.id.desc())
        .limit(1)
    )
    status = 422 if form.is_submitted() else 200
    page = render_template("family/batches.html", form=form, section=section, batch=latest)
    return page, status


def _batch_or_404(section_id: int, batch_id: int) -> tuple[PdfBatch, Section]:
    section = get_section_or_404(current_user, section_id)
    batch = db.session.get(PdfBatch, batch_id)
    if batch is None or batch.section_id != section.id:
        abort(404)
    return batch, section


@bp.route("/sections/<int:section_id>/family-pdfs/<int:batch_id>")
def batch(section_id: int, batch_id: int) -> ResponseReturnValue:
    """The batch's progress: the page, or for htmx's polling just the status fragment."""
    found, section = _batch_or_404(section_id, batch_id)
    return render("family/batch.html", "family/_batch_status.html", batch=found, section=section)


@bp.route("/sections/<int:section_id>/family-pdfs/<int:batch_id>/download")
def batch_download(section_id: int, batch_id: int) -> ResponseReturnValue:
    found, section = _batch_or_404(section_id, batch_id)
    path = zip_path(found)
    if found.status is not BatchStatus.DONE or not path.is_file():
        abort(404)
    name = zip_name(section.name, found.created_at.date())
    response = make_response(path.read_bytes())  # a class's ZIP is a few MB at most
    response.mimetype = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
