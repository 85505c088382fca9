"""CSV export of the report's tables: headers always, plain numbers, no spreadsheet formulas."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from app.reports.export import ReportTable, table_of, to_csv
from app.reports.report import section_report
from tests.unit.reports.test_report import TODAY, YEAR, line


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_values_are_written_plainly() -> None:
    text = to_csv(
        ["Name", "Gap", "On", "Missing"], [["Lopez, Maya", Decimal("2.50"), date(2026, 9, 1), None]]
    )
    assert rows(text) == [
        ["Name", "Gap", "On", "Missing"],
        ["Lopez, Maya", "2.50", "2026-09-01", ""],
    ]
    assert text.endswith("\r\n")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_a_spreadsheet_would_run_is_quoted(start: str) -> None:
    text = to_csv(["Name"], [[f"{start}HYPERLINK(1)"], [Decimal("-1.25")]])
    assert rows(text)[1:] == [[f"'{start}HYPERLINK(1)"], ["-1.25"]]


@pytest.mark.parametrize("table", list(ReportTable))
def test_an_empty_report_has_a_header_row_only(table: ReportTable) -> None:
    header, body = table_of(section_report("Mathematics", [], TODAY, YEAR, Decimal(1)), table)
    assert header and body == []
    assert rows(to_csv(header, body)) == [header]


def test_every_student_is_a_row_of_the_students_table() -> None:
    report = section_report(
        "Mathematics", [line("Ann", "1.20"), line("Bo")], TODAY, YEAR, Decimal(1)
    )
    header, body = table_of(report, ReportTable.STUDENTS)
    assert [row[0] for row in body] == ["Ann", "Bo"]
    assert body[0][header.index("Growth (levels a year)")] == Decimal("1.20")
    assert body[1][header.index("Growth rests on")] == "not enough history yet"


def test_unknown_table_names_are_refused() -> None:
    assert ReportTable.parse("behind") is ReportTable.BEHIND
    assert ReportTable.parse("passwords") is None
    assert ReportTable.parse(None) is None
