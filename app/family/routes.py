"""Family pages: a student's progress summary (page and PDF), guardian invitations, and a
class's PDFs as one ZIP."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from app import clock
from app.auth.models import Role, User
from app.authz import get_student_or_404
from app.extensions import db
from app.family import bp
from app.family.content import choose_language, file_name
from app.family.forms import LanguageForm, SummaryOptionsForm
from app.family.render import cached_summary_pdf
from app.family.summary import SummaryContext, build_summary, summary_context
from app.i18n import READER_ROLES, use_language
from app.schools.models import School
from app.schools.queries import guardians_of


def _summary_student(student_id: int) -> User:
    return get_student_or_404(current_user, student_id, record="family progress summary")


def _options(student: User) -> tuple[SummaryOptionsForm, SummaryContext, str]:
    """The form, the summary context and the language for a student's summary."""
    school = db.session.get(School, student.school_id) if student.school_id else None
    if school is None:
        abort(404)
    today = clock.today()
    context = summary_context(school, today)
    form = SummaryOptionsForm(context.default_period(), today, formdata=request.args)
    form.validate()
    if current_user.role in (Role.GUARDIAN, Role.STUDENT):
        preferred = [current_user.preferred_language]
    else:
        preferred = [guardian.preferred_language for guardian, _ in guardians_of(student.id)]
    return form, context, choose_language(form.language(), preferred)


@bp.route("/students/<int:student_id>/summary")
def summary(student_id: int) -> ResponseReturnValue:
    student = _summary_student(student_id)
    form, context, language = _options(student)
    use_language(language)  # the whole page in the summary's language, as the family sees it
    built = build_summary(student, context, form.period(), language)
    status = 422 if form.errors else 200
    pdf_url = url_for("family.summary_pdf", student_id=student.id)
    if request.query_string and not form.errors:
        pdf_url += "?" + request.query_string.decode()
    page = render_template("family/summary.html", s=built, form=form, pdf_url=pdf_url)
    return page, status


@bp.route("/students/<int:student_id>/summary.pdf")
def summary_pdf(student_id: int) -> ResponseReturnValue:
    student = _summary_student(student_id)
    form, context, language = _options(student)
    if form.errors:
        page = url_for("family.summary", student_id=student.id)
        return redirect(f"{page}?{request.query_string.decode()}", 303)
    period = form.period()
    pdf, _ = cached_summary_pdf(student, context, period, language)
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    name = file_name(student.sort_name, language, period.end)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The language a student or guardian reads Waypoint in ---


@bp.route("/account/language", methods=["GET", "POST"])
def language() -> ResponseReturnValue:
    if current_user.role not in READER_ROLES:
        abort(404)  # staff pages are in English only
    form = LanguageForm(language=current_user.preferred_language)
    if form.validate_on_submit():
        current_user.preferred_language = form.language.data
        db.session.commit()
        use_language(form.language.data)
        flash(gettext("Your language is saved."), "success")
        return redirect(url_for("home.index"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("family/language.html", form=form), status


from app.family import batches, invitations  # noqa: E402, F401  (they register on bp)
