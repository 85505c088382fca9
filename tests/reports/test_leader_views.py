"""The school leader's and district admin's views: section figures, flags, drill-down, the
equity view's suppression at its boundary and across schools, and a fixed query cost."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from app.extensions import db
from app.schools.models import EnrollmentRole, SchoolSettings, StudentProfile
from tests.factories import enroll, make_student
from tests.querycount import page_queries
from tests.reports.builders import hand_built_class, master


def part(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def row_of(html: str, label: str) -> str:
    """The cells of the table row headed `label` (the first one), tags stripped."""
    match = re.search(
        rf'<th scope="row">(?:<a [^>]*>)?{re.escape(label)}(?:</a>)?.*?</tr>', html, re.S
    )
    assert match, f"no row {label!r}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_school_view_gives_each_sections_figures(client, world, sign_in) -> None:
    people = hand_built_class(world)
    enroll(world.other_section, people.ben, EnrollmentRole.STUDENT)  # Ben is in both classes
    db.session.commit()
    sign_in(client, world.leader)
    page = client.get(f"/schools/{world.school.id}/progress").get_data(as_text=True)
    headline = part(page, "headline-heading")
    assert "Mathematics across the school" in headline
    assert "2 of 3 students with enough history" in headline  # Omar has no mastery at all
    sections = part(page, "sections-heading")
    # Studio A: Maya, Ada, Ben, Nia; 2 of 3 gaining, mean gap 0.07, 1 behind, 1 not
    # progressing, nobody asked for help, 4 with no check-in, no goal past due, 1 advancing.
    assert row_of(sections, "Mathematics 6 · Studio A").endswith(" 4 67% (2 of 3) 0.07 1 1 0 4 0 1")
    # Studio B: Omar (no mastery: level 0, gap 5.32) and Ben, who counts in both classes.
    studio_b = row_of(sections, "Mathematics 6 · Studio B")
    assert studio_b.endswith(" 2 0% (0 of 1) 3.82 2 2 0 2 0 0")
    report_link = f'href="/sections/{world.section.id}/report?framework={world.framework.id}"'
    assert report_link in sections
    flags = part(page, "flags-heading")
    # Ben and Omar, each counted once although Ben is in two classes
    assert re.search(r'report-flag-count">2</span> 2 or more levels behind', flags)


def test_school_view_lists_the_students_with_a_chosen_flag(client, world, sign_in) -> None:
    hand_built_class(world)
    sign_in(client, world.leader)
    url = f"/schools/{world.school.id}/progress"
    behind = part(client.get(url).get_data(as_text=True), "flagged-heading")
    assert "2 students: 2 or more levels behind" in behind
    assert f'href="/students/{world.student.id}"' not in behind
    assert "Behind, Ben" in behind and "Reyes, Omar" in behind
    assert "2.3 levels behind the expected level 5.3" in behind
    fast = part(client.get(url + "?flag=advancing").get_data(as_text=True), "flagged-heading")
    assert "1 student: advancing rapidly" in fast and "Fast, Ada" in fast
    assert "Gaining 3.0 levels a year" in fast
    assert f'href="/sections/{world.section.id}/report' in fast  # drill-down to the class
    junk = client.get(url + "?flag=everyone&framework=abc")
    assert junk.status_code == 200
    assert "2 students: 2 or more levels behind" in junk.get_data(as_text=True)


def test_the_school_view_uses_the_schools_own_thresholds(client, world, sign_in) -> None:
    hand_built_class(world)
    settings = db.session.get(SchoolSettings, world.school.id)
    settings.levels_behind = Decimal("0.30")  # Nia (0.32 behind) now counts too
    settings.accelerating_growth = Decimal("3.50")  # and Ada (3.00 a year) no longer does
    db.session.commit()
    sign_in(client, world.leader)
    page = client.get(f"/schools/{world.school.id}/progress").get_data(as_text=True)
    behind = part(page, "flagged-heading")
    assert "3 students: 0.3 or more levels behind" in behind and "New, Nia" in behind
    fast = client.get(f"/schools/{world.school.id}/progress?flag=advancing")
    assert "0 students: advancing rapidly" in fast.get_data(as_text=True)


def test_district_view_lists_each_school_and_the_total(client, world, sign_in) -> None:
    hand_built_class(world)
    elsewhere = make_student(world.other_school, grade=6, given_name="Eli", family_name="Far")
    master(elsewhere, world.framework, range(1, 7), date(2025, 11, 1))
    db.session.commit()
    sign_in(client, world.district_admin)
    page = client.get("/district/progress").get_data(as_text=True)
    schools = part(page, "schools-heading")
    assert row_of(schools, "Riverbend Middle School").startswith(
        "Riverbend Middle School 5 67% (2 of 3)"
    )
    assert row_of(schools, "Cedar Ridge Academy").startswith("Cedar Ridge Academy 1 0% (0 of 1)")
    assert row_of(schools, "All schools").startswith("All schools 6 50% (2 of 4)")
    chart = client.get("/district/progress/growth.svg")
    assert chart.status_code == 200 and b"<script" not in chart.get_data()


# --- Equity -------------------------------------------------------------------------------


def add_group(school, section, n: int, **profile: object) -> None:
    for i in range(n):
        student = make_student(school, section=section, family_name=f"Eq{i:03d}")
        row = db.session.get(StudentProfile, student.id)
        for key, value in profile.items():
            setattr(row, key, value)
    db.session.commit()


def has_number(cells: str) -> bool:
    """A figure shown in a row (the threshold in "fewer than 10" is not about the group)."""
    return bool(re.search(r"\d", cells.replace("Fewer than 10", "")))


def set_gender(world, gender: str) -> None:
    for student in (world.student, world.other_student):
        db.session.get(StudentProfile, student.id).gender = gender
    db.session.commit()


def equity_rows(page: str, heading_id: str) -> dict[str, str]:
    """Each row of an equity table: its label and its cells' text."""
    html = part(page, heading_id)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html, re.S)
    return {
        re.sub(r"<[^>]+>", "", label).strip(): " ".join(re.sub(r"<[^>]+>", " ", cells).split())
        for label, cells in rows
    }


@pytest.mark.parametrize(
    ("men", "hidden"),
    [pytest.param(9, True, id="n-minus-1-is-hidden"), pytest.param(10, False, id="n-is-shown")],
)
def test_equity_suppresses_a_group_below_the_threshold(
    client, world, sign_in, men: int, hidden: bool
) -> None:
    set_gender(world, "Female")  # Maya and Omar: 14 women with the 12 below
    add_group(world.school, world.section, 12, gender="Female")
    add_group(world.school, world.section, men, gender="Male")
    sign_in(client, world.leader)
    page = client.get(f"/schools/{world.school.id}/equity").get_data(as_text=True)
    gender = equity_rows(page, "equity-gender")
    if hidden:  # 9 men hidden, and the women with them: 23 − 14 would give the 9 away
        assert gender == {
            "Female": "Hidden so that a smaller group cannot be worked out",
            "Male": "Fewer than 10",
        }
    else:
        assert gender["Female"].startswith("14 ") and gender["Male"].startswith("10 ")
    overall = equity_rows(page, "equity-all-heading")["All students"]
    assert overall.startswith(f"{14 + men} ")


def test_one_hidden_group_takes_a_second_with_it(client, world, sign_in) -> None:
    add_group(world.school, world.section, 12, english_learner=False, gender="Female")
    sign_in(client, world.leader)
    page = client.get(f"/schools/{world.school.id}/equity").get_data(as_text=True)
    # 12 not English learners, 2 not reported: hiding "Not reported" alone would leave 14 − 12.
    learners = equity_rows(page, "equity-english_learner")
    assert learners == {
        "Not English learners": "Hidden so that a smaller group cannot be worked out",
        "Not reported": "Fewer than 10",
    }


SMALL_GROUPS = {
    # dimension: the groups with fewer than 10 students in the school built below
    "gender": {"Nonbinary", "Not reported"},  # 3 and 3 (Maya, Omar, the one without)
    "race_ethnicity": {"Two or more races", "American Indian or Alaska Native", "Not reported"},
}


@pytest.mark.parametrize("dimension", sorted(SMALL_GROUPS))
def test_no_group_below_the_threshold_shows_a_number(
    client, world, sign_in, dimension: str
) -> None:
    add_group(world.school, world.section, 14, gender="Female", race_ethnicity="White")
    add_group(world.school, world.section, 11, gender="Male", race_ethnicity="Asian")
    add_group(
        world.school, world.section, 3, gender="Nonbinary", race_ethnicity="Two or more races"
    )
    add_group(world.school, world.section, 1, race_ethnicity="American Indian or Alaska Native")
    sign_in(client, world.leader)
    page = client.get(f"/schools/{world.school.id}/equity").get_data(as_text=True)
    rows = equity_rows(page, f"equity-{dimension}")
    assert SMALL_GROUPS[dimension] <= set(rows)
    for label in SMALL_GROUPS[dimension]:
        assert rows[label] == "Fewer than 10", label
    shown = [label for label, cells in rows.items() if has_number(cells)]
    assert shown and not set(shown) & SMALL_GROUPS[dimension]


def test_suppression_holds_across_the_schools_of_a_district(client, world, sign_in) -> None:
    # Riverbend: 14 women, 4 men (hidden), so women are hidden too. Cedar Ridge: 20 and 15.
    # The district's men (19) minus Cedar Ridge's (15) would give Riverbend's 4 away, so Cedar
    # Ridge hides both groups too, on its own page as on the district's.
    set_gender(world, "Female")
    add_group(world.school, world.section, 12, gender="Female", low_income=False)
    add_group(world.school, world.section, 4, gender="Male", low_income=False)
    add_group(world.other_school, None, 20, gender="Female", low_income=False)
    add_group(world.other_school, None, 15, gender="Male", low_income=False)
    sign_in(client, world.other_leader)
    cedar = equity_rows(
        client.get(f"/schools/{world.other_school.id}/equity").get_data(as_text=True),
        "equity-gender",
    )
    assert cedar["Male"] == "Hidden so that a smaller group cannot be worked out"
    assert cedar["Female"] == "Hidden so that a smaller group cannot be worked out"
    sign_in(client, world.district_admin)
    page = client.get("/district/equity").get_data(as_text=True)
    gender = part(page, "equity-gender")
    totals = re.findall(
        r'rowspan="3">(\w+)</th><th scope="row">All schools</th>(.*?)</tr>', gender, re.S
    )
    assert [(label, cells.split("</td>")[0][-2:]) for label, cells in totals] == [
        ("Female", "34"),
        ("Male", "19"),
    ]
    for school in ("Riverbend Middle School", "Cedar Ridge Academy"):
        cells = re.findall(rf"<th scope=\"row\">{school}</th>(.*?)</tr>", gender, re.S)
        assert cells and not any(has_number(re.sub(r"<[^>]+>", "", c)) for c in cells), school


def test_teachers_never_see_the_equity_view(client, world, sign_in) -> None:
    sign_in(client, world.teacher)
    assert client.get(f"/schools/{world.school.id}/equity").status_code == 404
    assert client.get("/district/equity").status_code == 404


def _grow(world, n: int) -> None:
    for i in range(n):
        section = world.section if i % 2 else world.other_section
        student = make_student(world.school, section=section, family_name=f"Kid{i:03d}")
        db.session.get(StudentProfile, student.id).gender = ("Female", "Male")[i % 2]
        master(student, world.framework, range(1, 3 + i % 5), date(2026, 9, 1 + i % 25))
        if i % 7 == 0:
            other = make_student(world.other_school, family_name=f"Far{i:03d}")
            master(other, world.framework, range(1, 5), date(2026, 10, 1))
    db.session.commit()


def test_leader_and_district_views_cost_the_same_at_10_and_200_students(
    client, world, sign_in
) -> None:
    school_urls = [
        f"/schools/{world.school.id}/progress",
        f"/schools/{world.school.id}/progress?flag=advancing",
        f"/schools/{world.school.id}/progress/growth.svg",
        f"/schools/{world.school.id}/equity",
    ]
    district_urls = ["/district/progress", "/district/equity", "/district/progress/growth.svg"]
    _grow(world, 10)
    sign_in(client, world.leader)
    small = [page_queries(client, url) for url in school_urls]
    sign_in(client, world.district_admin)
    small += [page_queries(client, url) for url in district_urls]
    _grow(world, 190)
    large = [page_queries(client, url) for url in district_urls]
    sign_in(client, world.leader)
    large = [page_queries(client, url) for url in school_urls] + large
    assert large == small
