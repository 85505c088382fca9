"""The dashboard's shortcuts give what the slow way gave: rows, links and filter selects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask, request, url_for
from wtforms.widgets import Select

from app.classroom.dashboard_filters import DashboardFilterForm, flag_labels
from app.classroom.dashboard_rows import RowLinks, display_rows, framework_cell
from app.classroom.id_links import SENTINEL, id_link
from app.reports.overview import LastCheckIn, OpenGoal, StudentOverview
from app.reports.pace import NO_GROWTH, Growth, Pace, Span
from app.reports.progress import FrameworkProgress, Learner, StudentProgress

TODAY = date(2026, 11, 25)


def _overview(student_id: int, week: date, due: date) -> StudentOverview:
    framework = FrameworkProgress(
        framework_id=1,
        name="Maths",
        level=Decimal("3.04"),
        expected=Decimal("5.32"),
        gap=Decimal("2.28"),
        growth=NO_GROWTH,
        pace=Pace.UNKNOWN,
        history=(),
        competency_levels={},
        last_mastery_on=None,
    )
    learner = Learner(student_id, f"Kid {student_id}", f"{student_id}, Kid", 6)
    return StudentOverview(
        StudentProgress(learner, [framework]),
        last_check_in=LastCheckIn(week, confidence=3, wants_help=True, answered=False),
        goals=[OpenGoal(1, "A goal", due)],
    )


def test_rows_write_each_distinct_date_once() -> None:
    calls: list[tuple[date, str]] = []

    def day(value: date, style: str) -> str:
        calls.append((value, style))
        return f"{style} {value.isoformat()}"

    links = RowLinks(continuum=str, cycle=str, confer=None)
    monday, last_year = date(2026, 11, 23), date(2025, 12, 1)
    overviews = [_overview(i, monday, last_year) for i in range(1, 4)]
    rows = display_rows(overviews, TODAY, links, day)
    assert sorted(calls) == [(last_year, "medium"), (monday, "short")]
    assert [(r.check_in_week, r.due, r.overdue) for r in rows] == [
        ("short 2026-11-23", "medium 2025-12-01", True)
    ] * 3
    cell = rows[0].cells[0]
    assert (cell.level, cell.expected, cell.gap, cell.side) == ("3.0", "5.3", "2.3", "behind")
    assert rows[0].confer_href is None and rows[0].pdsa_href is None


FULL_YEAR = Growth(Decimal("1.25"), Decimal("1.25"), Span(date(2025, 11, 25), TODAY), False)
SCALED = Growth(Decimal("2.04"), Decimal(1), Span(date(2026, 6, 1), TODAY), True)


@pytest.mark.parametrize(
    ("level", "gap", "growth", "shown"),
    [
        (None, None, NO_GROWTH, ("—", None, None, None, None)),
        ("5.28", "0.04", SCALED, ("5.3", "0.0", "behind", "2.0", 177)),
        ("5.36", "-0.04", FULL_YEAR, ("5.4", "0.0", "ahead", "1.3", None)),
        ("5.32", "0.00", FULL_YEAR, ("5.3", "0.0", "at", "1.3", None)),
    ],
    ids=["unknown", "just-behind-scaled", "just-ahead-full-year", "at-the-expected-level"],
)
def test_framework_cells_round_as_the_flags_do(
    level: str | None, gap: str | None, growth: Growth, shown: tuple[object, ...]
) -> None:
    progress = FrameworkProgress(
        1,
        "Maths",
        Decimal(level) if level else None,
        Decimal("5.32") if gap else None,
        Decimal(gap) if gap else None,
        growth,
        Pace.ON,
        (),
        {},
        None,
    )
    cell = framework_cell(progress)
    assert (cell.level, cell.gap, cell.side, cell.growth, cell.scaled_days) == shown


@pytest.mark.parametrize(
    "prefix", ["", "/waypoint", f"/{SENTINEL}"], ids=["root", "prefix", "sentinel-in-prefix"]
)
def test_id_links_are_what_url_for_builds(app: Flask, prefix: str) -> None:
    """Mounted under a prefix too; the last case cannot substitute and asks url_for each time."""
    with app.test_request_context("/", base_url=f"http://localhost{prefix}/"):
        continuum = id_link("continuum.student_continuum", "student_id")
        cycle = id_link("pdsa.cycle", "cycle_id")
        for record_id in (1, 42, 1234567):
            expected = url_for("continuum.student_continuum", student_id=record_id)
            assert continuum(record_id) == expected
            assert cycle(record_id) == url_for("pdsa.cycle", cycle_id=record_id)
        assert continuum(42) == f"{prefix}/students/42/continuum"


@pytest.mark.parametrize("query", ["", "flag=advancing&pace=below&sort=gap", "flag=bogus"])
def test_choice_fields_are_what_wtforms_renders(app: Flask, query: str) -> None:
    """The filter selects are written out by a macro; the markup is WTForms' own, choice for
    choice, with the hint tied to the select as the shared `field` macro ties it."""
    with app.test_request_context(f"/?{query}"):
        form = DashboardFilterForm(flag_labels(Decimal("2.00")), formdata=request.args)
        page = app.jinja_env.from_string(
            '{% from "_macros/forms.html" import choice_field %}'
            "{{ choice_field(form.flag) }}|{{ choice_field(form.pace) }}|"
            "{{ choice_field(form.sort) }}"
        ).render(form=form)
        for field, html in zip((form.flag, form.pace, form.sort), page.split("|"), strict=True):
            attrs = {"aria-describedby": f"{field.id}-hint"} if field.description else {}
            assert str(Select()(field, **attrs)) in " ".join(html.split())
            assert f'<label for="{field.id}">{field.label.text} <span class="optional">' in html
            assert (f'<small id="{field.id}-hint" class="hint">' in html) == bool(field.description)
        selected = [
            c.value for c in form.flag.choices if f'<option selected value="{c.value}">' in page
        ]
        assert selected == (["advancing"] if "advancing" in query else [""])
