"""Equity figures by subgroup, with small-group and complementary suppression."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reports.equity import (
    ALL_STUDENTS,
    NOT_REPORTED,
    Dimension,
    DimensionTable,
    EquityReport,
    GroupRow,
    StudentRow,
    Suppression,
    equity_report,
    suppressed_groups,
)
from app.reports.pace import Share

D = Decimal
SMALL, COMPLEMENTARY = Suppression.SMALL, Suppression.COMPLEMENTARY


def students(
    count: int, growth: str | None = "1.00", gap: str | None = "0.50", **fields: object
) -> list[StudentRow]:
    row = StudentRow(
        growth=None if growth is None else D(growth),
        gap=None if gap is None else D(gap),
        **fields,  # type: ignore[arg-type]
    )
    return [row] * count


def table(report: EquityReport, dimension: Dimension) -> DimensionTable:
    return next(t for t in report.dimensions if t.dimension is dimension)


def shown(rows: tuple[GroupRow, ...]) -> dict[str, int | str]:
    """Each group as a reader sees it: a student count, or the reason it is hidden."""
    return {
        row.label: row.reason if row.figures is None else row.figures.students  # type: ignore[misc]
        for row in rows
    }


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        pytest.param({"A": 12, "B": 15}, {}, id="all-large-enough"),
        pytest.param({"A": 10, "B": 9}, {"B": SMALL, "A": COMPLEMENTARY}, id="n-and-n-minus-1"),
        pytest.param({"A": 10, "B": 10}, {}, id="exactly-n-is-shown"),
        pytest.param(
            {"A": 12, "B": 15, "C": 3},
            {"C": SMALL, "A": COMPLEMENTARY},
            id="next-smallest-is-hidden-too",
        ),
        pytest.param(
            {"A": 20, "B": 4, "C": 3}, {"B": SMALL, "C": SMALL}, id="two-small-protect-each-other"
        ),
        pytest.param(
            {"B": 12, "A": 12, "C": 2},
            {"C": SMALL, "A": COMPLEMENTARY},
            id="a-tie-is-broken-by-label",
        ),
        pytest.param({"A": 7}, {"A": SMALL}, id="a-lone-small-group"),
        pytest.param({}, {}, id="no-groups"),
    ],
)
def test_suppressed_groups(counts: dict[str, int], hidden: dict[str, Suppression]) -> None:
    assert suppressed_groups(counts, 10) == hidden


def test_boundary_n_minus_one_hides_both_sides_of_a_yes_no() -> None:
    rows = students(10, low_income=False) + students(9, low_income=True)
    assert shown(table(equity_report(rows), Dimension.LOW_INCOME).groups) == {
        "Low income": "fewer than 10",
        "Not low income": "hidden so that a smaller group cannot be worked out",
    }


def test_boundary_n_shows_both() -> None:
    rows = students(10, low_income=False) + students(10, low_income=True)
    assert shown(table(equity_report(rows), Dimension.LOW_INCOME).groups) == {
        "Low income": 10,
        "Not low income": 10,
    }


def test_not_reported_is_a_group_that_can_be_hidden() -> None:
    rows = (
        students(12, gender="female")
        + students(15, gender="male")
        + students(4, gender=None)
        + students(1, gender="  ")
    )
    groups = table(equity_report(rows), Dimension.GENDER).groups
    assert [row.label for row in groups] == ["Female", "Male", NOT_REPORTED]
    assert shown(groups) == {
        "Female": "hidden so that a smaller group cannot be worked out",
        "Male": 15,
        NOT_REPORTED: "fewer than 10",
    }


def test_hidden_rows_carry_no_figures_at_all() -> None:
    rows = students(20, english_learner=False) + students(3, english_learner=True)
    for row in table(equity_report(rows), Dimension.ENGLISH_LEARNER).groups:
        assert row.hidden and row.figures is None


def test_figures_of_a_visible_group() -> None:
    rows = (
        students(4, growth="1.50", gap="-0.20", has_disability=True)
        + students(4, growth="0.60", gap="2.10", has_disability=True)
        + students(2, growth=None, gap=None, has_disability=True)
        + students(10, growth="1.00", gap="0.00", has_disability=False)
    )
    report = equity_report(rows)
    with_disability = table(report, Dimension.DISABILITY).groups[0]
    assert with_disability.label == "With a disability"
    assert with_disability.figures is not None
    assert with_disability.figures.students == 10
    assert with_disability.figures.mean_growth == D("1.05")  # (4 × 1.5 + 4 × 0.6) / 8
    assert with_disability.figures.mean_gap == D("0.95")  # (4 × −0.2 + 4 × 2.1) / 8
    assert with_disability.figures.share == Share(gaining=4, known=8)
    assert report.overall.figures is not None
    assert report.overall.figures.share == Share(gaining=14, known=18)
    assert report.overall.figures.share.value == D("0.7778")


@pytest.mark.parametrize(
    ("dimension", "field", "labels"),
    [
        pytest.param(
            Dimension.DISABILITY,
            "has_disability",
            ["With a disability", "Without a disability", NOT_REPORTED],
            id="disability",
        ),
        pytest.param(
            Dimension.ENGLISH_LEARNER,
            "english_learner",
            ["English learners", "Not English learners", NOT_REPORTED],
            id="english-learner",
        ),
        pytest.param(
            Dimension.LOW_INCOME,
            "low_income",
            ["Low income", "Not low income", NOT_REPORTED],
            id="low-income",
        ),
    ],
)
def test_yes_no_groups_in_a_fixed_order(
    dimension: Dimension, field: str, labels: list[str]
) -> None:
    # sizes chosen so that size order differs from the listed order
    unknown, no, yes = (dict[str, Any]({field: value}) for value in (None, False, True))
    rows = students(11, **unknown) + students(30, **no) + students(12, **yes)
    assert [row.label for row in table(equity_report(rows), dimension).groups] == labels


def test_groups_are_listed_by_label_not_by_size() -> None:
    rows = students(30, race_ethnicity="White") + students(12, race_ethnicity="asian")
    rows += students(20, race_ethnicity="Hispanic or Latino")
    groups = table(equity_report(rows), Dimension.RACE_ETHNICITY).groups
    assert [row.label for row in groups] == ["Asian", "Hispanic or Latino", "White"]


def test_a_population_under_the_threshold_hides_everything() -> None:
    report = equity_report(students(9, gender="female"))
    assert report.overall.label == ALL_STUDENTS
    assert report.overall.reason == "fewer than 10"
    assert all(row.hidden for t in report.dimensions for row in t.groups)


def test_the_schools_threshold_is_used() -> None:
    rows = students(5, gender="female") + students(5, gender="male")
    report = equity_report(rows, threshold=5)
    assert shown(table(report, Dimension.GENDER).groups) == {"Female": 5, "Male": 5}
    assert report.threshold == 5
    hidden = equity_report(rows, threshold=6)
    assert shown(table(hidden, Dimension.GENDER).groups) == {
        "Female": "fewer than 6",
        "Male": "fewer than 6",
    }


def test_threshold_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        equity_report([], threshold=0)


def test_every_dimension_is_reported_once() -> None:
    report = equity_report(students(12))
    assert [t.label for t in report.dimensions] == [
        "Gender",
        "Race/ethnicity",
        "Disability",
        "English learner",
        "Low income",
    ]


maybe_bool = st.sampled_from([True, False, None])
student_rows = st.builds(
    StudentRow,
    growth=st.none() | st.decimals("-1", "4", places=2),
    gap=st.none() | st.decimals("-3", "5", places=2),
    gender=st.sampled_from(["female", "male", "nonbinary", None]),
    race_ethnicity=st.sampled_from(["Asian", "Black", "Hispanic", "White", "Two or more", None]),
    has_disability=maybe_bool,
    english_learner=maybe_bool,
    low_income=maybe_bool,
)


@given(st.lists(student_rows, max_size=80), st.integers(1, 15))
def test_suppression_properties(rows: list[StudentRow], threshold: int) -> None:
    report = equity_report(rows, threshold)
    for t in report.dimensions:
        hidden = [row for row in t.groups if row.hidden]
        # no single hidden group can be recovered by subtracting from the total
        lone = len(t.groups) == 1 and report.overall.hidden
        assert len(hidden) != 1 or lone
        for row in t.groups:
            assert (row.figures is None) is row.hidden
            if row.figures is not None:
                assert row.figures.students >= threshold
                share = row.figures.share.value
                assert share is None or D(0) <= share <= D(1)


@given(st.dictionaries(st.text(max_size=3), st.integers(1, 40), max_size=8), st.integers(1, 15))
def test_suppressed_groups_never_leave_one_hidden(counts: dict[str, int], threshold: int) -> None:
    hidden = suppressed_groups(counts, threshold)
    assert len(hidden) != 1 or len(counts) == 1
    assert all(count >= threshold for label, count in counts.items() if label not in hidden)
    assert all(why is SMALL for label, why in hidden.items() if counts[label] < threshold)
