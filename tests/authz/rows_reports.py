"""Access-matrix rows for the reports: a section's pace and progress report, its CSV and chart;
the school leader's progress and equity views; the district admin's views across schools."""

from __future__ import annotations

from tests.authz.matrix import Row, only

SECTION_STAFF = {"teacher", "leader", "district_admin"}  # of world.section
SCHOOL_STAFF = {"leader", "district_admin"}  # of world.school

ROWS: list[Row] = [
    Row(
        "reports.section_report",
        lambda w: f"/sections/{w.section.id}/report",
        only(SECTION_STAFF),
    ),
    Row(
        "reports.section_report_csv",
        lambda w: f"/sections/{w.section.id}/report.csv?table=students",
        only(SECTION_STAFF),
    ),
    Row(
        "reports.section_growth_chart",
        lambda w: f"/sections/{w.section.id}/report/growth.svg",
        only(SECTION_STAFF),
    ),
    Row(
        "reports.school_progress",
        lambda w: f"/schools/{w.school.id}/progress",
        only(SCHOOL_STAFF),
    ),
    Row(
        "reports.school_growth_chart",
        lambda w: f"/schools/{w.school.id}/progress/growth.svg",
        only(SCHOOL_STAFF),
    ),
    Row(
        "reports.school_equity",
        lambda w: f"/schools/{w.school.id}/equity",
        only(SCHOOL_STAFF),
    ),
    Row("reports.district_progress", lambda w: "/district/progress", only({"district_admin"})),
    Row(
        "reports.district_growth_chart",
        lambda w: "/district/progress/growth.svg",
        only({"district_admin"}),
    ),
    Row("reports.district_equity", lambda w: "/district/equity", only({"district_admin"})),
]
