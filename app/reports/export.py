"""Every table of the pace and progress report as CSV: a header row, then one row per line.

Pure on purpose: the CSV is written from the same `SectionReport` the page shows, so the file and
the page cannot disagree. Numbers are written plainly (2 decimals, shares as percentages with one
decimal, dates ISO 8601); an unknown value is an empty cell. A text cell that a spreadsheet would
read as a formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from app.reports.flags import FlagKind
from app.reports.report import SectionReport, StudentLine

Cell = str | int | Decimal | date | None
Table = tuple[list[str], list[list[Cell]]]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ReportTable(enum.StrEnum):
    """The tables a report exports, in the order the page shows them."""

    GROWTH = "growth"
    BEHIND = "behind"
    ADVANCING = "advancing"
    NOT_PROGRESSING = "not_progressing"
    TREND = "trend"
    STUDENTS = "students"

    @classmethod
    def parse(cls, value: str | None) -> ReportTable | None:
        return next((table for table in cls if table.value == value), None)


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * 100).quantize(Decimal("0.1"))


def _growth_table(report: SectionReport) -> Table:
    header = ["Levels gained a year", "Students", "Share of students with enough history (%)"]
    rows: list[list[Cell]] = [
        [bucket.label, bucket.students, _percent(bucket.share)]
        for bucket in report.distribution.buckets
    ]
    rows.append(["Not enough history yet", report.distribution.unknown, None])
    return header, rows


def _reason(line: StudentLine, kind: FlagKind) -> str | None:
    flag = line.flag(kind)
    return flag.reason if flag else None


def _behind_table(report: SectionReport) -> Table:
    header = [
        "Student",
        "Grade",
        "Level",
        "Expected level",
        "Gap",
        "Growth (levels a year)",
        "Active support plan",
        "Reason",
    ]
    rows: list[list[Cell]] = [
        [
            line.sort_name,
            line.grade,
            line.level,
            line.expected,
            line.gap,
            line.growth.per_year,
            "yes" if line.id in report.with_plan else "no",
            _reason(line, FlagKind.LEVELS_BEHIND),
        ]
        for line in report.behind
    ]
    return header, rows


def _advancing_table(report: SectionReport) -> Table:
    header = ["Student", "Grade", "Level", "Growth (levels a year)", "Growth rests on", "Reason"]
    rows: list[list[Cell]] = [
        [
            line.sort_name,
            line.grade,
            line.level,
            line.growth.per_year,
            line.growth.basis,
            _reason(line, FlagKind.ADVANCING),
        ]
        for line in report.advancing
    ]
    return header, rows


def _not_progressing_table(report: SectionReport) -> Table:
    header = ["Student", "Grade", "Level", "Last new mastery", "Reason"]
    rows: list[list[Cell]] = [
        [
            line.sort_name,
            line.grade,
            line.level,
            line.last_mastery_on,
            _reason(line, FlagKind.NOT_PROGRESSING),
        ]
        for line in report.not_progressing
    ]
    return header, rows


def _trend_table(report: SectionReport) -> Table:
    header = [
        "Month",
        "On",
        "Mean level",
        "Mean expected level",
        "Students with a level",
        "On pace or faster",
        "Students with enough history",
        "Share on pace or faster (%)",
    ]
    rows: list[list[Cell]] = [
        [
            point.label,
            point.on,
            point.mean_level,
            point.mean_expected,
            point.with_level,
            point.on_pace.gaining,
            point.on_pace.known,
            _percent(point.on_pace.value),
        ]
        for point in report.trend
    ]
    return header, rows


def _students_table(report: SectionReport) -> Table:
    header = [
        "Student",
        "Grade",
        "Level",
        "Expected level",
        "Gap",
        "Growth (levels a year)",
        "Growth rests on",
        "Pace",
        "Last new mastery",
        "Flags",
    ]
    rows: list[list[Cell]] = [
        [
            line.sort_name,
            line.grade,
            line.level,
            line.expected,
            line.gap,
            line.growth.per_year,
            line.growth.basis,
            line.pace.label,
            line.last_mastery_on,
            "; ".join(flag.label for flag in line.flags),
        ]
        for line in report.lines
    ]
    return header, rows


_TABLES: dict[ReportTable, Callable[[SectionReport], Table]] = {
    ReportTable.GROWTH: _growth_table,
    ReportTable.BEHIND: _behind_table,
    ReportTable.ADVANCING: _advancing_table,
    ReportTable.NOT_PROGRESSING: _not_progressing_table,
    ReportTable.TREND: _trend_table,
    ReportTable.STUDENTS: _students_table,
}


def table_of(report: SectionReport, table: ReportTable) -> Table:
    """The table's header and rows; a report with no students has the header alone."""
    header, rows = _TABLES[table](report)
    return header, rows if report.lines else []


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """CSV text with Windows line endings (RFC 4180), the header row always first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()
