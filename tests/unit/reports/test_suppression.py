"""Suppression across a district's schools: no pair of tables reveals a hidden group."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reports.equity import (
    Dimension,
    StudentRow,
    Suppression,
    equity_report,
    suppressed_groups,
)
from app.reports.suppression import (
    DISTRICT,
    Counts,
    district_hidden,
    group_counts,
    with_hidden,
)

GENDER = Dimension.GENDER


def gender_counts(**by_label: int) -> Counts:
    counts = group_counts([])
    counts[GENDER] = Counter(by_label)
    return counts


def hidden_gender(schools: dict[int, dict[str, int]], threshold: int = 10) -> dict:
    counts = {school: gender_counts(**groups) for school, groups in schools.items()}
    found = district_hidden(counts, dict.fromkeys(schools, threshold), threshold)
    return {key: found[key][GENDER] for key in found}


def test_large_groups_everywhere_hide_nothing() -> None:
    hidden = hidden_gender({1: {"F": 12, "M": 15}, 2: {"F": 20, "M": 11}})
    assert hidden == {1: set(), 2: set(), DISTRICT: set()}


def test_a_group_hidden_in_one_school_is_hidden_in_another_too() -> None:
    # School 1 hides X (4 students) and, within its row, Y (its smallest other group). The
    # district shows X (4 + 30 = 34); without more, 34 − 30 (school 2's X) would give school 1's.
    hidden = hidden_gender({1: {"X": 4, "Y": 12, "Z": 40}, 2: {"X": 30, "Y": 25, "Z": 50}})
    assert hidden[1] == {"X", "Y"}
    assert hidden[2] >= {"X", "Y"}  # the column partners, then school 2's row is fine with two
    assert hidden[DISTRICT] == set()


def test_one_school_district_hides_what_the_school_hides() -> None:
    hidden = hidden_gender({1: {"X": 9, "Y": 30}})
    assert hidden[1] == {"X", "Y"}
    assert hidden[DISTRICT] == {"X", "Y"}


def test_a_group_small_across_the_district_is_hidden_everywhere() -> None:
    hidden = hidden_gender({1: {"X": 3, "Y": 30, "Z": 31}, 2: {"X": 4, "Y": 30, "Z": 33}})
    assert "X" in hidden[DISTRICT] and "X" in hidden[1] and "X" in hidden[2]


grids = st.dictionaries(
    st.integers(min_value=1, max_value=5),
    st.dictionaries(st.sampled_from("ABCDE"), st.integers(min_value=1, max_value=40), min_size=1),
    min_size=1,
    max_size=4,
)


@given(grids, st.integers(min_value=1, max_value=12))
def test_no_line_of_the_grid_has_a_lone_hidden_cell(schools: dict, threshold: int) -> None:
    hidden = hidden_gender(schools, threshold)
    total = sum((Counter(groups) for groups in schools.values()), Counter())
    rows = {**{k: Counter(v) for k, v in schools.items()}, DISTRICT: total}
    for key, row in rows.items():
        # Every small group is hidden, and a school hides at least what its table alone would.
        assert {label for label, n in row.items() if n < threshold} <= hidden[key]
        assert set(suppressed_groups(row, threshold)) <= hidden[key]
        assert len(hidden[key]) != 1 or len(row) == 1
    for label in total:
        column = [key for key, row in rows.items() if row[label] > 0]
        lone = [key for key in column if label in hidden[key]]
        assert len(lone) != 1 or len(column) == 1


def test_with_hidden_adds_complementary_rows_and_keeps_the_others() -> None:
    rows = [StudentRow(Decimal(1), Decimal(0), gender="F")] * 12 + [
        StudentRow(Decimal(1), Decimal(0), gender="M")
    ] * 15
    report = with_hidden(equity_report(rows), {GENDER: {"F"}})
    table = next(t for t in report.dimensions if t.dimension is GENDER)
    shown = {
        row.label: (row.suppressed, row.figures and row.figures.students) for row in table.groups
    }
    assert shown == {"F": (Suppression.COMPLEMENTARY, None), "M": (None, 15)}
    assert report.overall.figures is not None and report.overall.figures.students == 27


@pytest.mark.parametrize("dimension", list(Dimension))
def test_group_counts_use_the_equity_labels(dimension: Dimension) -> None:
    counts = group_counts([StudentRow(None, None), StudentRow(None, None, "f", "Asian", True)])
    assert sum(counts[dimension].values()) == 2
    assert "Not reported" in counts[dimension]
