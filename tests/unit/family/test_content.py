"""What a family summary says, decided by pure functions: strengths, next steps, growth over a
period, the chart's line, file names and the family's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.continuum.levels import Step
from app.family.chart import ChartWords, SummaryChart, axis_range, render_summary_chart
from app.family.content import (
    CompetencyFacts,
    Period,
    chart_line,
    choose_language,
    file_name,
    fingerprint,
    next_steps,
    period_growth,
    strengths,
    zip_name,
)

PERIOD = Period(date(2026, 8, 24), date(2026, 11, 25))
STATEMENTS = {n: f"I can do level {n}." for n in range(1, 8)}


def facts(title: str, mastered: dict[int, date], position: int = 1) -> CompetencyFacts:
    return CompetencyFacts(title, position, STATEMENTS, mastered)


OLD = date(2025, 9, 1)


@pytest.mark.parametrize(
    ("mastered", "expected"),
    [
        pytest.param({1: OLD, 2: OLD}, [], id="nothing-new-in-the-period"),
        pytest.param({1: OLD, 2: date(2026, 9, 1)}, [(2, date(2026, 9, 1))], id="one-new-level"),
        pytest.param(
            {1: OLD, 2: date(2026, 9, 1), 3: date(2026, 10, 1)},
            [(3, date(2026, 10, 1))],
            id="the-highest-new-level-only",
        ),
        pytest.param({1: OLD, 3: date(2026, 10, 1)}, [], id="out-of-order-is-not-yet-a-strength"),
        pytest.param({1: OLD, 2: date(2026, 12, 1)}, [], id="after-the-period"),
    ],
)
def test_strengths(mastered, expected):
    found = strengths([facts("Fractions", mastered)], PERIOD)
    assert [(s.level, s.on) for s in found] == expected


def test_strengths_newest_first_and_limited():
    competencies = [facts(f"C{i}", {1: date(2026, 9, i + 1)}, position=i) for i in range(1, 6)]
    found = strengths(competencies, PERIOD, limit=3)
    assert [s.competency for s in found] == ["C5", "C4", "C3"]


def test_next_steps_are_the_working_levels_of_those_furthest_behind():
    competencies = [
        facts("Ahead", {1: OLD, 2: OLD, 3: OLD}, position=1),
        facts("Behind", {1: OLD}, position=2),
        facts("Also behind", {1: OLD}, position=3),
        facts("Done", dict.fromkeys(range(1, 8), OLD), position=0),
    ]
    found = next_steps(competencies, limit=2)
    assert [(s.competency, s.level, s.text) for s in found] == [
        ("Behind", 2, "I can do level 2."),
        ("Also behind", 2, "I can do level 2."),
    ]


@pytest.mark.parametrize(
    ("history", "start", "end", "gained"),
    [
        pytest.param([], None, None, None, id="no-history"),
        pytest.param(
            [Step(date(2025, 9, 1), Decimal(5)), Step(date(2026, 11, 1), Decimal(6))],
            Decimal(5),
            Decimal(6),
            Decimal(1),
            id="one-level-in-the-period",
        ),
        pytest.param(
            [Step(date(2026, 10, 1), Decimal("4.5"))],
            Decimal("4.5"),
            Decimal("4.5"),
            Decimal(0),
            id="placed-mid-period-gains-from-placement",
        ),
    ],
)
def test_period_growth(history, start, end, gained):
    growth = period_growth(history, PERIOD)
    assert (growth.start_level, growth.end_level, growth.gained) == (start, end, gained)


def test_chart_line_starts_on_the_first_day_and_keeps_the_periods_steps():
    history = [
        Step(date(2025, 9, 1), Decimal(5)),
        Step(date(2026, 11, 1), Decimal(6)),
        Step(date(2026, 12, 1), Decimal(7)),
    ]
    assert chart_line(history, PERIOD) == [
        (date(2026, 8, 24), Decimal(5)),
        (date(2026, 11, 1), Decimal(6)),
    ]


@pytest.mark.parametrize(
    ("requested", "preferred", "expected"),
    [
        ("es", ["en"], "es"),
        ("fr", ["es"], "es"),
        (None, [], "en"),
        (None, ["es", "es", "en"], "es"),
        (None, ["es", "en"], "en"),  # a tie: English
    ],
)
def test_choose_language(requested, preferred, expected):
    assert choose_language(requested, preferred) == expected


def test_names_are_safe_for_any_file_system():
    assert file_name("Núñez, Íñigo", "es", date(2026, 11, 25)) == (
        "Nunez-Inigo-progress-2026-11-25-es.pdf"
    )
    assert file_name("../../", "en", date(2026, 11, 25)) == "student-progress-2026-11-25-en.pdf"
    assert zip_name("Mathematics 6 · Studio A", date(2026, 11, 25)) == (
        "Mathematics-6-Studio-A-family-summaries-2026-11-25.zip"
    )


def test_fingerprint_changes_with_any_part():
    base = fingerprint([1, "Maya", None, date(2026, 11, 25)])
    assert base == fingerprint([1, "Maya", None, date(2026, 11, 25)])
    assert base != fingerprint([1, "Maya", None, date(2026, 11, 26)])
    assert base != fingerprint([1, "Maya ", None, date(2026, 11, 25)])


@pytest.mark.parametrize(
    ("values", "expected"),
    [([Decimal("4.4"), Decimal("4.6")], (3, 6)), ([Decimal(0)], (0, 3)), ([Decimal(12)], (9, 12))],
)
def test_axis_range_is_three_levels_or_more_within_the_continuum(values, expected):
    assert axis_range(values) == expected


def test_chart_svg_has_no_script_or_style_and_escapes_its_words():
    svg = render_summary_chart(
        SummaryChart(
            steps=[(date(2026, 8, 24), Decimal(5)), (date(2026, 11, 1), Decimal(6))],
            start=date(2026, 8, 24),
            end=date(2026, 11, 25),
            expected=(Decimal(5), Decimal("5.32")),
            words=ChartWords(months=[f"<m{i}>" for i in range(1, 13)]),
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "&lt;m9&gt;" in svg and "<m9>" not in svg  # September, escaped
    assert 'stroke-dasharray="8 5"' in svg  # the expected level is dashed, not only coloured
