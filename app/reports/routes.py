"""The pace and progress report of a section, the school leader's views, and the district's.

Thin on purpose: load through authz, read the framework (and flag) filter, let `reports.views`
assemble the page in a fixed number of queries, render (the htmx fragment or the whole page).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from flask import abort, current_app, make_response, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import clock
from app.auth.models import Role
from app.authz import get_school_or_404, get_section_or_404, require_role
from app.htmx import render
from app.reports import bp, views
from app.reports.charts import render_growth_chart
from app.reports.export import ReportTable, table_of, to_csv
from app.reports.flags import FlagKind
from app.reports.forms import ReportFilterForm, SchoolFilterForm
from app.reports.report import Distribution, flag_kind_label

# The SVG carries its own style sheet; as an image it can run nothing.
CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _framework_arg() -> int | None:
    return request.args.get("framework", type=int)


def _filter_form(choice: views.Choice) -> ReportFilterForm:
    form = ReportFilterForm(choice.frameworks, formdata=request.args)
    form.framework.data = str(choice.framework.id) if choice.framework else None
    return form


def _url_if(endpoint: str, **values: Any) -> str | None:
    """A link to another feature's page, once that page exists."""
    return url_for(endpoint, **values) if endpoint in current_app.view_functions else None


def _labels(levels_behind: Decimal | None) -> dict[FlagKind, str]:
    """Column and filter names of the flags; None when schools set different gap thresholds."""
    labels = {kind: flag_kind_label(kind, levels_behind or Decimal(0)) for kind in FlagKind}
    if levels_behind is None:
        labels[FlagKind.LEVELS_BEHIND] = "Levels behind (by each school's threshold)"
    return labels


def _chart(distribution: Distribution | None, title: str) -> ResponseReturnValue:
    if distribution is None:
        abort(404)
    response = make_response(render_growth_chart(distribution, title))
    response.mimetype = "image/svg+xml"
    response.headers["Content-Security-Policy"] = CHART_POLICY
    return response


@bp.route("/sections/<int:section_id>/report")
def section_report(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    page = views.section_page(section, _framework_arg(), clock.today())
    return render(
        "reports/report.html",
        "reports/_report_body.html",
        section=section,
        view=page,
        report=page.report,
        form=_filter_form(page.choice),
        settings=page.context.settings,
        labels=_labels(page.context.settings.levels_behind),
        FlagKind=FlagKind,
        dashboard_url=_url_if("classroom.dashboard", section_id=section.id),
    )


@bp.route("/sections/<int:section_id>/report.csv")
def section_report_csv(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    table = ReportTable.parse(request.args.get("table"))
    if table is None:
        abort(404)
    today = clock.today()
    report = views.section_page(section, _framework_arg(), today).report
    if report is None:
        abort(404)
    header, rows = table_of(report, table)
    response = make_response("\ufeff" + to_csv(header, rows))  # the BOM tells Excel it is UTF-8
    response.mimetype = "text/csv"
    name = "-".join(_slug(part) for part in (section.name, report.framework, table.value))
    response.headers.set("Content-Disposition", "attachment", filename=f"{name}-{today}.csv")
    return response


@bp.route("/sections/<int:section_id>/report/growth.svg")
def section_growth_chart(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    report = views.section_page(section, _framework_arg(), clock.today()).report
    if report is None:
        abort(404)
    return _chart(report.distribution, f"{section.name}: growth in {report.framework}")


@bp.route("/schools/<int:school_id>/progress")
def school_progress(school_id: int) -> ResponseReturnValue:
    school = get_school_or_404(current_user, school_id)
    page = views.school_page(school, _framework_arg(), clock.today())
    settings = page.context.settings
    form = SchoolFilterForm(page.choice.frameworks, settings.levels_behind, formdata=request.args)
    form.framework.data = str(page.choice.framework.id) if page.choice.framework else None
    form.flag.data = form.flag_kind().value
    return render(
        "reports/school_progress.html",
        "reports/_school_progress_body.html",
        school=school,
        view=page,
        form=form,
        kind=form.flag_kind(),
        settings=settings,
        labels=_labels(settings.levels_behind),
        FlagKind=FlagKind,
        has_dashboard="classroom.dashboard" in current_app.view_functions,
    )


@bp.route("/schools/<int:school_id>/progress/growth.svg")
def school_growth_chart(school_id: int) -> ResponseReturnValue:
    school = get_school_or_404(current_user, school_id)
    page = views.school_page(school, _framework_arg(), clock.today())
    framework = page.choice.framework.name if page.choice.framework else ""
    return _chart(page.distribution, f"{school.name}: growth in {framework}")


@bp.route("/schools/<int:school_id>/equity")
def school_equity(school_id: int) -> ResponseReturnValue:
    school = get_school_or_404(current_user, school_id)
    page = views.school_equity_page(school, _framework_arg(), clock.today())
    return render(
        "reports/equity.html",
        "reports/_equity_body.html",
        school=school,
        view=page,
        form=_filter_form(page.choice),
    )


@bp.route("/district/progress")
@require_role(Role.DISTRICT_ADMIN)
def district_progress() -> ResponseReturnValue:
    page = views.district_page(current_user.district_id, _framework_arg(), clock.today())
    gaps = {s.school.settings.levels_behind for s in page.schools}
    return render(
        "reports/district_progress.html",
        "reports/_district_progress_body.html",
        view=page,
        form=_filter_form(page.choice),
        labels=_labels(gaps.pop() if len(gaps) == 1 else None),
        FlagKind=FlagKind,
    )


@bp.route("/district/progress/growth.svg")
@require_role(Role.DISTRICT_ADMIN)
def district_growth_chart() -> ResponseReturnValue:
    page = views.district_page(current_user.district_id, _framework_arg(), clock.today())
    framework = page.choice.framework.name if page.choice.framework else ""
    return _chart(page.distribution, f"District: growth in {framework}")


@bp.route("/district/equity")
@require_role(Role.DISTRICT_ADMIN)
def district_equity() -> ResponseReturnValue:
    page = views.district_equity_page(current_user.district_id, _framework_arg(), clock.today())
    return render(
        "reports/district_equity.html",
        "reports/_district_equity_body.html",
        view=page,
        form=_filter_form(page.choice),
    )


def _slug(text: str) -> str:
    """ASCII letters, digits and dashes, for a file name any system accepts."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "report"
