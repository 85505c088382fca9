"""The district's frameworks: the list, importing a file, and one framework's content and
calculation settings. For school leaders and district admins of that district."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.admin.forms import FrameworkImportForm, FrameworkSettingsForm
from app.authz import get_framework_or_404, managed_framework_district_or_404
from app.continuum import importer
from app.continuum.importer import FrameworkImportError, ImportSummary
from app.continuum.interchange import MAX_BYTES, parse_framework
from app.continuum.mastery import Method
from app.continuum.models import Competency, Framework, FrameworkSource, PerformanceLevel, Strand
from app.continuum.services import recompute_framework
from app.extensions import db

SOURCE_LABELS = {
    FrameworkSource.CASE: "CASE 1.0",
    FrameworkSource.CSV: "CSV",
    FrameworkSource.DEMO: "Demo",
}
# The file plus the multipart envelope and the other fields; the form says "5 MB" itself.
UPLOAD_LIMIT = MAX_BYTES + 256 * 1024


@dataclass(frozen=True)
class FrameworkRow:
    framework: Framework
    strands: int
    competencies: int
    lowest: int | None
    highest: int | None


@bp.route("/frameworks")
def frameworks() -> ResponseReturnValue:
    district_id = managed_framework_district_or_404(current_user)
    return render_template(
        "admin/frameworks.html", rows=framework_rows(district_id), source_labels=SOURCE_LABELS
    )


@bp.route("/frameworks/import", methods=["GET", "POST"])
def import_framework() -> ResponseReturnValue:
    district_id = managed_framework_district_or_404(current_user)
    request.max_content_length = UPLOAD_LIMIT
    form = FrameworkImportForm()
    problems: list[str] = []
    summary: ImportSummary | None = None
    if form.validate_on_submit():
        upload = form.file.data
        spec = parse_framework(
            upload.filename or "", upload.read(), name=form.name.data, level=form.level.data
        )
        try:
            summary = importer.import_framework(spec, district_id)
        except FrameworkImportError as exc:
            db.session.rollback()
            problems = exc.errors
            form.file.errors.append(_problems_summary(len(problems)))
        else:
            db.session.commit()
    status = 422 if form.is_submitted() and summary is None else 200
    # A success is shown here rather than flashed after a redirect: the warnings can be long,
    # and flashed messages travel in the session cookie. Posting the same file again is safe.
    context = {"form": FrameworkImportForm(formdata=None) if summary else form}
    return render_template(
        "admin/import_framework.html", problems=problems, summary=summary, **context
    ), status


def _problems_summary(count: int) -> str:
    return (
        f"Nothing was imported: the file has {count} "
        f"{'problem' if count == 1 else 'problems'}, listed below."
    )


@bp.route("/frameworks/<int:framework_id>", methods=["GET", "POST"])
def framework(framework_id: int) -> ResponseReturnValue:
    framework = get_framework_or_404(current_user, framework_id)
    form = FrameworkSettingsForm(obj=framework)
    if form.validate_on_submit():
        changed = _apply_settings(framework, form)
        if changed:
            rows = recompute_framework(framework)
            results = "result" if rows == 1 else "results"
            flash(f"Settings saved; {rows} stored mastery {results} recalculated.", "success")
        else:
            flash("Nothing changed.", "info")
        db.session.commit()
        return redirect(url_for("admin.framework", framework_id=framework.id), 303)
    status = 422 if form.is_submitted() else 200
    strands = strands_of(framework)
    return render_template(
        "admin/framework.html",
        framework=framework,
        strands=strands,
        competency_count=sum(len(strand.competencies) for strand in strands),
        source_labels=SOURCE_LABELS,
        form=form,
    ), status


def _apply_settings(framework: Framework, form: FrameworkSettingsForm) -> bool:
    values = {
        "method": Method(form.method.data),
        "decay_weight": form.decay_weight.data,
        "n_times": form.n_times.data,
        "last_n": form.last_n.data,
        "minimum_evidence": form.minimum_evidence.data,
    }
    changed = [name for name, value in values.items() if getattr(framework, name) != value]
    for name in changed:
        setattr(framework, name, values[name])
    db.session.flush()
    return bool(changed)


def framework_rows(district_id: int) -> list[FrameworkRow]:
    """Every framework of the district with its size, in one query."""
    strands = (
        select(func.count(Strand.id))
        .where(Strand.framework_id == Framework.id)
        .correlate(Framework)
        .scalar_subquery()
    )
    competencies = (
        select(func.count(Competency.id))
        .where(Competency.framework_id == Framework.id)
        .correlate(Framework)
        .scalar_subquery()
    )
    levels = (
        select(
            PerformanceLevel.framework_id,
            func.min(PerformanceLevel.number).label("lowest"),
            func.max(PerformanceLevel.number).label("highest"),
        )
        .group_by(PerformanceLevel.framework_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Framework, strands, competencies, levels.c.lowest, levels.c.highest)
        .outerjoin(levels, levels.c.framework_id == Framework.id)
        .where(Framework.district_id == district_id)
        .order_by(Framework.position, Framework.name)
    )
    return [FrameworkRow(*row) for row in rows]


def strands_of(framework: Framework) -> list[Strand]:
    """The framework's strands, competencies and descriptors, in three more queries."""
    return list(
        db.session.scalars(
            select(Strand)
            .where(Strand.framework_id == framework.id)
            .options(selectinload(Strand.competencies).selectinload(Competency.descriptors))
            .order_by(Strand.position, Strand.id)
        )
    )
