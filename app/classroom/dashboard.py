"""The class dashboard: every student of a section, who needs a conversation first.

The figures come from the report data layer (`reports.overview`), a fixed number of queries
whatever the class size; this module only reduces them for sorting and filtering
(`dashboard_order`, pure) and hands plain values to the template, the rows already
written out (`dashboard_rows`) so that rendering a large class stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import clock
from app.authz import get_section_or_404
from app.classroom import bp
from app.classroom.access import WRITERS
from app.classroom.dashboard_filters import DashboardFilterForm, flag_labels
from app.classroom.dashboard_order import Filters, RowFacts, arrange, flag_counts
from app.classroom.dashboard_rows import DashboardRow, RowLinks, display_rows
from app.classroom.id_links import id_link
from app.htmx import render
from app.i18n import format_day
from app.reports.flags import FlagKind
from app.reports.overview import StudentOverview, overview_of
from app.reports.pace import Share, share_gaining
from app.reports.progress import ProgressContext, learners_of_section, progress_context


@dataclass(frozen=True)
class FrameworkShare:
    name: str
    share: Share

    @property
    def percent(self) -> int | None:
        value = self.share.value
        return None if value is None else int((value * 100).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class ClassDashboard:
    """Everything the dashboard template shows, as plain values."""

    rows: list[DashboardRow]  # filtered and in the chosen order
    total: int
    framework_names: list[str]
    shares: list[FrameworkShare]
    counts: dict[FlagKind, int]
    filters: Filters


def row_facts(overview: StudentOverview) -> RowFacts:
    frameworks = overview.progress.frameworks
    gaps = [f.gap for f in frameworks if f.gap is not None]
    growths = [f.growth.per_year for f in frameworks if f.growth.per_year is not None]
    check_in = overview.last_check_in
    return RowFacts(
        name=overview.learner.name,
        sort_name=overview.learner.sort_name,
        priority=overview.priority,
        gap=max(gaps) if gaps else None,
        growth=min(growths) if growths else None,
        last_check_in=check_in.week_start if check_in else None,
        flags=frozenset(flag.kind for flag in overview.flags),
        paces=frozenset(f.pace for f in frameworks),
    )


def class_dashboard(
    section_id: int, context: ProgressContext, filters: Filters, links: RowLinks
) -> ClassDashboard:
    learners, student_ids = learners_of_section(section_id)
    overviews = overview_of(learners, student_ids, context)
    facts = {o.learner.id: row_facts(o) for o in overviews}
    shown = arrange(overviews, lambda o: facts[o.learner.id], filters)
    return ClassDashboard(
        rows=display_rows(shown, context.today, links, format_day),
        total=len(overviews),
        framework_names=[f.name for f in context.frameworks],
        shares=_shares(overviews, context),
        counts=flag_counts(facts.values()),
        filters=filters,
    )


def _shares(overviews: Sequence[StudentOverview], context: ProgressContext) -> list[FrameworkShare]:
    """The headline measure per framework: a level a year in maths is not one in habits."""
    return [
        FrameworkShare(
            framework.name,
            share_gaining(o.progress.frameworks[i].growth.per_year for o in overviews),
        )
        for i, framework in enumerate(context.frameworks)
    ]


def can_confer() -> bool:
    """Teachers and leaders confer (see classroom.access); the district admin only reads."""
    return bool(current_user.role in WRITERS)


def row_links(confer: bool) -> RowLinks:
    """One `url_for` per kind of link, whatever the size of the class (see `id_links`)."""
    return RowLinks(
        continuum=id_link("continuum.student_continuum", "student_id"),
        cycle=id_link("pdsa.cycle", "cycle_id"),
        confer=id_link("classroom.confer", "student_id") if confer else None,
    )


@bp.route("/sections/<int:section_id>/dashboard")
def dashboard(section_id: int) -> ResponseReturnValue:
    section = get_section_or_404(current_user, section_id)
    context = progress_context(section.school_id, section.school.district_id, clock.today())
    labels = flag_labels(context.settings.levels_behind)
    form = DashboardFilterForm(labels, formdata=request.args)
    return render(
        "classroom/dashboard.html",
        "classroom/_dashboard_body.html",
        section=section,
        form=form,
        view=class_dashboard(section.id, context, form.filters(), row_links(can_confer())),
        labels=labels,
        url=_linker(section.id, form),
    )


def _linker(section_id: int, form: DashboardFilterForm) -> Callable[..., str]:
    """url(flag=None, …): this page with the current choices, some of them changed."""

    def url(**changes: str | None) -> str:
        args: dict[str, Any] = form.query(**changes)
        return url_for("classroom.dashboard", section_id=section_id, **args)

    return url
