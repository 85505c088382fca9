"""The report's own calculations: growth buckets, the monthly trend, headline figures, order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.continuum.levels import Step
from app.reports.flags import Flag, FlagKind
from app.reports.pace import NO_GROWTH, Growth, Pace, Span, share_gaining
from app.reports.report import (
    StudentLine,
    flag_kind_label,
    flagged,
    growth_distribution,
    headline,
    month_ends,
    monthly_trend,
    section_report,
)

D = Decimal
YEAR = (date(2026, 8, 24), date(2027, 6, 11))
TODAY = date(2026, 11, 25)


def line(
    name: str,
    per_year: str | None = None,
    gap: str | None = None,
    history: list[Step] | None = None,
    grade: int | None = 6,
    flags: tuple[Flag, ...] = (),
    last_mastery_on: date | None = None,
) -> StudentLine:
    rate = NO_GROWTH
    if per_year is not None:
        rate = Growth(D(per_year), D(per_year), Span(date(2025, 11, 25), TODAY), scaled=False)
    return StudentLine(
        id=abs(hash(name)) % 10_000,
        name=name,
        sort_name=name,
        grade=grade,
        level=None,
        expected=None,
        gap=None if gap is None else D(gap),
        growth=rate,
        pace=Pace.UNKNOWN,
        last_mastery_on=last_mastery_on,
        history=history or [],
        flags=flags,
    )


def counts(per_year: list[str | None]) -> list[int]:
    values = [None if v is None else D(v) for v in per_year]
    return [bucket.students for bucket in growth_distribution(values).buckets]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([], [0, 0, 0, 0, 0], id="nobody"),
        pytest.param(["-0.5", "0.49"], [2, 0, 0, 0, 0], id="losing-ground-is-under-half"),
        pytest.param(["0.5", "0.99"], [0, 2, 0, 0, 0], id="lower-edge-belongs-to-its-bucket"),
        pytest.param(["1.00", "1.49", "1.5"], [0, 0, 2, 1, 0], id="one-level-starts-a-bucket"),
        pytest.param(["2", "7.3"], [0, 0, 0, 0, 2], id="open-top"),
        pytest.param([None, "1.2"], [0, 0, 1, 0, 0], id="unknown-is-not-in-a-bucket"),
    ],
)
def test_growth_buckets(values: list[str | None], expected: list[int]) -> None:
    assert counts(values) == expected


def test_bucket_labels_and_shares() -> None:
    dist = growth_distribution([D("0.2"), D("1.2"), D("1.3"), D("2.5"), None])
    assert [b.label for b in dist.buckets] == [
        "under 0.5",
        "0.5 to under 1.0",
        "1.0 to under 1.5",
        "1.5 to under 2.0",
        "2.0 or more",
    ]
    assert [b.short for b in dist.buckets] == ["< 0.5", "0.5–1", "1–1.5", "1.5–2", "≥ 2"]
    assert [b.share for b in dist.buckets] == [D("0.25"), D(0), D("0.5"), D(0), D("0.25")]
    assert (dist.known, dist.unknown) == (4, 1)
    assert [b.gaining for b in dist.buckets] == [False, False, True, True, True]


def test_edges_must_ascend() -> None:
    with pytest.raises(ValueError, match="ascending"):
        growth_distribution([], edges=[D(1), D("0.5")])


growths = st.lists(
    st.one_of(st.none(), st.decimals(min_value=-3, max_value=6, places=2)), max_size=40
)


@given(growths)
def test_buckets_from_one_level_up_are_the_headline(values: list[Decimal | None]) -> None:
    dist = growth_distribution(values)
    share = share_gaining(values)
    assert sum(b.students for b in dist.buckets if b.gaining) == share.gaining
    assert dist.known == share.known
    assert dist.known + dist.unknown == len(values)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2026, 8, 20), [], id="before-the-year"),
        pytest.param(date(2026, 8, 24), [date(2026, 8, 24)], id="first-day"),
        pytest.param(
            date(2026, 10, 3),
            [date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 3)],
            id="this-month-ends-today",
        ),
        pytest.param(date(2027, 9, 1), None, id="after-the-year-stops-at-its-end"),
    ],
)
def test_month_ends(today: date, expected: list[date] | None) -> None:
    days = month_ends(*YEAR, today)
    if expected is None:
        assert len(days) == 11 and days[-1] == YEAR[1] and days[4] == date(2026, 12, 31)
    else:
        assert days == expected


def test_monthly_trend_reads_each_history_at_each_months_end() -> None:
    steady = [Step(date(2025, 8, 1), D(4)), Step(date(2026, 9, 15), D(5))]  # one a year
    late = [Step(date(2026, 10, 10), D(2)), Step(date(2026, 11, 20), D(3))]  # from October
    points = monthly_trend([line("A", history=steady), line("B", history=late)], *YEAR, TODAY, D(1))
    assert [p.label for p in points] == ["Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026"]
    assert [p.mean_level for p in points] == [D(4), D(5), D("3.5"), D(4)]
    assert [p.with_level for p in points] == [1, 1, 2, 2]
    # Grade 6 is expected at 5.00 on the first day; Aug 31 is 7 days into a 291-day year.
    assert points[0].mean_expected == D("5.02")
    # A has a full year behind it (Aug 31: gained 0 in the year before; later: 1 level);
    # B's span is too short before November (46 days on Nov 25: 1 level, scaled to a year).
    assert [(p.on_pace.gaining, p.on_pace.known) for p in points] == [
        (0, 1),
        (1, 1),
        (1, 1),
        (2, 2),
    ]


def test_a_student_without_a_grade_has_no_expected_level() -> None:
    points = monthly_trend([line("A", grade=None)], *YEAR, TODAY, D(1))
    assert all(p.mean_expected is None and p.mean_level is None for p in points)


def _flag(kind: FlagKind) -> Flag:
    return Flag(kind, kind.value, f"because {kind.value}")


def test_headline_counts_students_once_per_kind() -> None:
    behind = _flag(FlagKind.LEVELS_BEHIND)
    lines = [
        line("A", "1.20", "2.50", flags=(behind, _flag(FlagKind.NOT_PROGRESSING))),
        line("B", "0.40", "-0.50"),
        line("C", None, None, flags=(behind,)),
    ]
    h = headline(lines)
    assert (h.students, h.share.gaining, h.share.known) == (3, 1, 2)
    assert (h.mean_growth, h.mean_gap) == (D("0.80"), D("1.00"))
    assert h.count(FlagKind.LEVELS_BEHIND) == 2 and h.count(FlagKind.NOT_PROGRESSING) == 1
    assert h.count(FlagKind.ADVANCING) == 0


def test_flagged_lists_the_strongest_case_first() -> None:
    behind, fast = _flag(FlagKind.LEVELS_BEHIND), _flag(FlagKind.ADVANCING)
    stalled = _flag(FlagKind.NOT_PROGRESSING)
    lines = [
        line("Ann", "1.6", "2.10", flags=(behind, fast)),
        line("Bo", "2.4", "3.40", flags=(behind, fast)),
        line("Cy", "0", "0", flags=(stalled,), last_mastery_on=date(2026, 9, 1)),
        line("Di", "0", "0", flags=(stalled,)),
        line("Ed", "0", "0", flags=(stalled,), last_mastery_on=date(2026, 8, 30)),
    ]
    assert [x.name for x in flagged(lines, FlagKind.LEVELS_BEHIND)] == ["Bo", "Ann"]
    assert [x.name for x in flagged(lines, FlagKind.ADVANCING)] == ["Bo", "Ann"]
    assert [x.name for x in flagged(lines, FlagKind.NOT_PROGRESSING)] == ["Di", "Ed", "Cy"]


def test_section_report_orders_by_name_and_counts_plans_only_for_students_behind() -> None:
    behind = _flag(FlagKind.LEVELS_BEHIND)
    a, b, c = line("b, Zed", flags=(behind,)), line("Alba", flags=(behind,)), line("Cora")
    report = section_report("Mathematics", [a, b, c], TODAY, YEAR, D(1), with_plan={a.id, c.id})
    assert [x.name for x in report.lines] == ["Alba", "b, Zed", "Cora"]
    assert report.behind_without_plan == 1
    assert len(report.trend) == 4
    assert section_report("Mathematics", [], TODAY, None, D(1)).trend == ()


@pytest.mark.parametrize(
    ("threshold", "label"),
    [(D("2.00"), "2 or more levels behind"), (D("1.50"), "1.5 or more levels behind")],
)
def test_levels_behind_is_named_with_the_schools_threshold(threshold: Decimal, label: str) -> None:
    assert flag_kind_label(FlagKind.LEVELS_BEHIND, threshold) == label
    assert flag_kind_label(FlagKind.ADVANCING, threshold) == "Advancing rapidly"
