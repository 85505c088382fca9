"""The pace and progress report of a section: its numbers on a hand-built class, its CSV
exports, an empty class, bad input, who may see it, and its query cost."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from app import clock
from app.auth.models import Role
from app.classroom.models import SupportPlan
from app.classroom.rules import PlanStatus
from app.extensions import db
from app.schools.models import EnrollmentRole
from tests.factories import enroll, make_framework, make_section, make_student, make_user
from tests.querycount import page_queries
from tests.reports.builders import hand_built_class, master


def report_url(world, suffix: str = "", **args: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/sections/{world.section.id}/report{suffix}" + (f"?{query}" if query else "")


def part(page: str, heading_id: str) -> str:
    """The text of the page's <section> whose heading has this id."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_headline_share_and_each_table_on_a_hand_built_class(client, world, sign_in) -> None:
    hand_built_class(world)
    sign_in(client, world.teacher)
    page = client.get(report_url(world)).get_data(as_text=True)
    headline = part(page, "headline-heading")
    # Maya (1.00) and Ada (3.00) gain a level or more; Ben (0.00) does not; Nia has 15 days.
    assert "67%" in headline and "2 of 3 students with enough history" in headline
    assert "1.33" in headline  # mean growth: (1 + 3 + 0) / 3
    assert "0.07" in headline  # mean gap: (−0.68 − 1.68 + 2.32 + 0.32) / 4
    behind = part(page, "behind-heading")
    assert "1 student 2 or more levels behind" in behind
    assert "Behind, Ben" in behind and "2.32" in behind and "No plan" in behind
    assert "Fast, Ada" not in behind
    advancing = part(page, "advancing-heading")
    assert "1 advancing rapidly" in advancing and "Fast, Ada" in advancing and "3.00" in advancing
    stalled = part(page, "stalled-heading")
    assert "1 not progressing" in stalled and "Behind, Ben" in stalled
    assert "No new mastery since joining on Aug 24 (13 weeks)" in stalled
    assert "Lopez, Maya" not in stalled
    students = part(page, "students-heading")
    assert "4 students by name" in students and students.count("Not enough history yet") == 1
    assert students.index("Behind, Ben") < students.index("Fast, Ada") < students.index("New, Nia")


def test_growth_distribution_has_a_chart_and_the_same_numbers_in_a_table(
    client, world, sign_in
) -> None:
    hand_built_class(world)
    sign_in(client, world.teacher)
    page = client.get(report_url(world)).get_data(as_text=True)
    growth = part(page, "growth-heading")
    assert (
        f'src="/sections/{world.section.id}/report/growth.svg?framework={world.framework.id}"'
        in growth
    )
    assert "Under 0.5: 1. 0.5 to under 1.0: 0. 1.0 to under 1.5: 1." in growth  # the alt text
    chart = client.get(report_url(world, "/growth.svg"))
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert "default-src 'none'" in chart.headers["Content-Security-Policy"]
    svg = chart.get_data(as_text=True)
    assert "<script" not in svg and "Levels gained a year" in svg


EXPECTED_TABLES = {
    # table: (first header, rows as (first cell, a later cell that proves the figures))
    "growth": (
        "Levels gained a year",
        [
            ["under 0.5", "1", "33.3"],
            ["0.5 to under 1.0", "0", "0.0"],
            ["1.0 to under 1.5", "1", "33.3"],
            ["1.5 to under 2.0", "0", "0.0"],
            ["2.0 or more", "1", "33.3"],
            ["Not enough history yet", "1", ""],
        ],
    ),
    "behind": ("Student", [["Behind, Ben", "6", "3.00", "5.32", "2.32", "0.00", "no"]]),
    "advancing": ("Student", [["Fast, Ada", "6", "7.00", "3.00", "over the last year"]]),
    "not_progressing": ("Student", [["Behind, Ben", "6", "3.00", "2025-09-01"]]),
    "trend": (
        "Month",
        [
            # Aug 31: 5, 4, 3 (Nia's history starts in November); nobody grew in the year.
            ["Aug 2026", "2026-08-31", "4.00", "5.02", "3", "0", "3", "0.0"],
            # Sep 30: Ada's 2 levels over the 333 days since her first mastery.
            ["Sep 2026", "2026-09-30", "4.67", "5.13", "3", "1", "3", "33.3"],
            ["Oct 2026", "2026-10-31", "4.67", "5.23", "3", "1", "3", "33.3"],
            ["Nov 2026", "2026-11-25", "5.25", "5.32", "4", "2", "3", "66.7"],
        ],
    ),
    "students": (
        "Student",
        [
            ["Behind, Ben", "6", "3.00", "5.32", "2.32", "0.00", "over the last year"],
            ["Fast, Ada", "6", "7.00", "5.32", "-1.68", "3.00", "over the last year"],
            ["Lopez, Maya", "6", "6.00", "5.32", "-0.68", "1.00", "over the last year"],
            ["New, Nia", "6", "5.00", "5.32", "0.32", "", "not enough history yet"],
        ],
    ),
}


@pytest.mark.parametrize("table", sorted(EXPECTED_TABLES))
def test_every_table_exports_as_csv(client, world, sign_in, table: str) -> None:
    hand_built_class(world)
    sign_in(client, world.teacher)
    response = client.get(report_url(world, ".csv", table=table))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    name = f"mathematics-6-studio-a-mathematics-{table.replace('_', '-')}-2026-11-25.csv"
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    first_header, expected = EXPECTED_TABLES[table]
    header, *rows = csv_rows(response)
    assert header[0] == first_header
    assert [row[: len(want)] for row, want in zip(rows, expected, strict=True)] == expected


def test_names_with_accents_survive_the_csv(client, world, sign_in) -> None:
    make_student(world.school, section=world.section, given_name="Zoë", family_name="Ñúñez")
    db.session.commit()
    sign_in(client, world.teacher)
    response = client.get(report_url(world, ".csv", table="students"))
    assert response.get_data().startswith(b"\xef\xbb\xbf")  # the BOM, for spreadsheets
    assert ["Ñúñez, Zoë"] in [row[:1] for row in csv_rows(response)]


@pytest.mark.parametrize("table", sorted(EXPECTED_TABLES))
def test_an_empty_class_exports_a_header_row_only(client, world, sign_in, table: str) -> None:
    empty = make_section(world.school, world.year, "Empty studio")
    enroll(empty, world.teacher, EnrollmentRole.TEACHER)
    db.session.commit()
    sign_in(client, world.teacher)
    response = client.get(f"/sections/{empty.id}/report.csv?table={table}")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert len(rows) == 1 and rows[0][0] == EXPECTED_TABLES[table][0]
    page = client.get(f"/sections/{empty.id}/report").get_data(as_text=True)
    assert "No students in this class yet" in page


@pytest.mark.parametrize("query", ["", "?table=", "?table=passwords", "?table=GROWTH"])
def test_an_unknown_table_is_not_found(client, world, sign_in, query: str) -> None:
    sign_in(client, world.teacher)
    assert client.get(report_url(world, ".csv") + query).status_code == 404


@pytest.mark.parametrize("suffix", ["", ".csv?table=students", "/growth.svg"])
def test_another_teachers_section_is_not_found(client, world, sign_in, suffix: str) -> None:
    sign_in(client, world.other_teacher)
    assert client.get(f"/sections/{world.section.id}/report{suffix}").status_code == 404
    sign_in(client, world.teacher)
    assert client.get(f"/sections/{world.other_section.id}/report{suffix}").status_code == 404
    assert client.get(f"/sections/999999/report{suffix}").status_code == 404


def test_an_active_support_plan_shows_beside_the_student_behind(client, world, sign_in) -> None:
    people = hand_built_class(world)
    plan = SupportPlan(
        student_id=people.ben.id,
        school_id=world.school.id,
        reason="Two levels behind",
        strategy="Small-group work twice a week",
        owner_id=world.teacher.id,
        created_by_id=world.teacher.id,
        starts_on=date(2026, 11, 2),
        review_on=date(2026, 12, 14),
    )
    db.session.add(plan)
    db.session.commit()
    sign_in(client, world.teacher)
    behind = part(client.get(report_url(world)).get_data(as_text=True), "behind-heading")
    assert "Active plan" in behind and "0 without an active support plan" in behind
    assert csv_rows(client.get(report_url(world, ".csv", table="behind")))[1][6] == "yes"
    plan.status = PlanStatus.COMPLETED
    db.session.commit()
    behind = part(client.get(report_url(world)).get_data(as_text=True), "behind-heading")
    assert "No plan" in behind and "1 without an active support plan" in behind


def test_the_framework_filter_switches_the_report_and_ignores_unknown_values(
    client, world, sign_in
) -> None:
    hand_built_class(world)
    skills = make_framework(world.district, name="Transferable skills", position=2)
    master(world.student, skills, range(1, 3), date(2026, 9, 1))
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get(report_url(world, framework=skills.id)).get_data(as_text=True)
    assert "Transferable skills: the headline" in page
    assert f'<option selected value="{skills.id}">' in page
    for junk in ("nope", "999999", "-1"):
        response = client.get(report_url(world, framework=junk))
        assert response.status_code == 200
        assert "Mathematics: the headline" in response.get_data(as_text=True)
    csv_response = client.get(report_url(world, ".csv", table="students", framework=skills.id))
    assert "transferable-skills" in csv_response.headers["Content-Disposition"]


def test_htmx_gets_the_report_body_that_the_page_includes(client, world, sign_in) -> None:
    hand_built_class(world)
    sign_in(client, world.teacher)
    fragment = client.get(report_url(world), headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="report-body">') and "<html" not in body
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get(report_url(world)).get_data(as_text=True)
    assert body.strip() in page


def test_a_district_without_frameworks_gets_a_clear_page(client, world, sign_in) -> None:
    db.session.delete(world.framework)
    db.session.commit()
    sign_in(client, world.teacher)
    response = client.get(report_url(world))
    assert response.status_code == 200
    assert "No continuum yet" in response.get_data(as_text=True)
    assert client.get(report_url(world, ".csv", table="students")).status_code == 404


def _add_students(world, n: int) -> None:
    for i in range(n):
        student = make_student(world.school, section=world.section, family_name=f"Kid{i:03d}")
        master(student, world.framework, range(1, 4 + i % 4), date(2026, 9, 1 + i % 20))
    db.session.commit()


def test_the_report_costs_the_same_queries_at_10_and_200_students(client, world, sign_in) -> None:
    make_user(Role.TEACHER, world.school)
    sign_in(client, world.teacher)
    urls = [
        report_url(world),
        report_url(world, ".csv", table="students"),
        report_url(world, "/growth.svg"),
    ]
    _add_students(world, 10)
    small = [page_queries(client, url) for url in urls]
    _add_students(world, 190)
    assert [page_queries(client, url) for url in urls] == small
    assert re.search(r"201 students by name", client.get(urls[0]).get_data(as_text=True))


def test_before_the_school_year_begins_there_is_no_trend_and_no_gap(
    client, world, sign_in, monkeypatch: pytest.MonkeyPatch
) -> None:
    hand_built_class(world)
    monkeypatch.setattr(clock, "today", lambda: date(2026, 8, 1))  # the year starts on Aug 24
    sign_in(client, world.teacher)
    response = client.get(report_url(world))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The trend starts with the school year." in page
    assert "0 students 2 or more levels behind" in page  # no expected level, so no gap
    assert len(csv_rows(client.get(report_url(world, ".csv", table="trend")))) == 1
