"""The data wall: students × competencies, each cell a level (or its difference from the
expected level) with its colour band, its number and an accessible label."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.auth.models import Role
from app.extensions import db
from app.schools.models import EnrollmentRole
from tests.classroom.class_data import master, pin_today
from tests.factories import (
    enroll,
    make_district,
    make_framework,
    make_school,
    make_section,
    make_student,
    make_user,
    make_year,
)
from tests.querycount import page_queries

SEP_1 = date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_today(monkeypatch)


@pytest.fixture()
def klass(world):  # type: ignore[no-untyped-def]
    """Maya at level 3 everywhere, level 7 on S2.C2; Ben at 5 and 6 (grade 6: expected 5.32)."""
    master(world.student, world.framework, range(1, 4), SEP_1)
    master(world.student, world.framework, range(4, 8), SEP_1, codes={"S2.C2"})
    ben = make_student(world.school, section=world.section, given_name="Ben", family_name="Brown")
    master(ben, world.framework, range(1, 6), SEP_1)
    master(ben, world.framework, [6], SEP_1, codes={"S1.C1"})
    db.session.commit()
    return world.student, ben


def _page(client, world, **args: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/sections/{world.section.id}/wall", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _cells(page: str) -> list[tuple[str, str, str]]:
    """(classes, aria-label, text) of every cell, row by row."""
    return re.findall(
        r'<td class="(c-[^"]+)"><a href="[^"]+" tabindex="-1" aria-label="([^"]+)">([^<]+)</a>',
        page,
    )


def test_each_cell_is_a_level_with_a_band_and_a_label(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world)
    cells = _cells(page)
    assert [text for _, _, text in cells] == ["6", "5", "5", "5", "3", "3", "3", "7"]
    assert cells[4] == ("c-far-behind strand-start", "Maya Lopez, S1.C1: level 3", "3")
    assert cells[7] == ("c-ahead", "Maya Lopez, S2.C2: level 7", "7")
    assert cells[1] == ("c-near", "Ben Brown, S1.C2: level 5", "5")
    assert cells[0][0] == "c-at strand-start"
    assert "Mathematics: 2 students × 4 competencies, level on each competency" in page
    # The framework level (mean of the competency levels) and the expected level beside it.
    assert (
        '>Lopez, Maya</a></th>\n      <td class="num">4.0 <small class="muted">(5.3)</small>'
        in page
    )


def test_the_gap_switch_shows_the_difference_from_expected(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    cells = _cells(_page(client, world, show="gap"))
    assert [text for _, _, text in cells] == [
        "+0.7",
        "\N{MINUS SIGN}0.3",
        "\N{MINUS SIGN}0.3",
        "\N{MINUS SIGN}0.3",
        "\N{MINUS SIGN}2.3",
        "\N{MINUS SIGN}2.3",
        "\N{MINUS SIGN}2.3",
        "+1.7",
    ]
    assert cells[4][1] == "Maya Lopez, S1.C1: level 3, \N{MINUS SIGN}2.3 from the expected 5.3"


def test_strands_group_the_columns_and_the_legend_explains_colours(
    client, world, sign_in, klass
) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world)
    assert page.count('<th scope="colgroup" colspan="2" class="strand-start">') == 2
    assert "Strand 1</th>" in page and "Strand 2</th>" in page
    assert '<th scope="col" title="Competency 1.1" class="strand-start">S1.C1</th>' in page
    for words in (
        "2 or more levels behind",
        "1 to 2 levels behind",
        "Less than 1 level behind",
        "1 or more levels ahead",
    ):
        assert words in page
    assert "<dt>S2.C2</dt><dd>Competency 2.2</dd>" in page


def test_names_and_cells_open_the_continuum(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    page = _page(client, world)
    maya, framework = world.student, world.framework
    base = f"/students/{maya.id}/continuum?framework={framework.id}"
    assert f'<a href="{base}">Lopez, Maya</a>' in page
    strand_2 = framework.strands[1].id
    assert f'<a href="{base}&amp;strand={strand_2}" tabindex="-1"' in page


def test_framework_chooser_and_unknown_values(client, world, sign_in, klass) -> None:
    habits = make_framework(world.district, name="Habits", strands=1, competencies=3, position=1)
    master(world.student, habits, range(1, 7), SEP_1)
    db.session.commit()
    sign_in(client, world.teacher)
    page = _page(client, world, framework=str(habits.id))
    assert "Habits: 2 students × 3 competencies" in page
    assert [text for _, _, text in _cells(page)] == ["0", "0", "0", "6", "6", "6"]
    assert f'<option selected value="{habits.id}">Habits</option>' in page
    for junk in ({"framework": "999999"}, {"framework": "maths"}, {"show": "colour"}):
        page = _page(client, world, **junk)
        assert "Mathematics: 2 students × 4 competencies, level on each competency" in page
        assert "field-error" not in page


def test_htmx_gets_the_fragment_the_page_includes(client, world, sign_in, klass) -> None:
    sign_in(client, world.teacher)
    url = f"/sections/{world.section.id}/wall?show=gap"
    full = client.get(url).get_data(as_text=True)
    fragment = client.get(url, headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="wall-body">')
    assert "<html" not in body
    assert body.strip() in full
    assert "HX-Request" in fragment.headers["Vary"]


def test_other_sections_get_404(client, world, sign_in) -> None:
    sign_in(client, world.other_teacher)
    assert client.get(f"/sections/{world.section.id}/wall").status_code == 404
    sign_in(client, world.guardian)
    assert client.get(f"/sections/{world.section.id}/wall").status_code == 404


def test_the_same_queries_for_10_and_200_students_on_60_competencies(
    client, world, sign_in
) -> None:
    big = make_framework(world.district, name="Big", strands=6, competencies=10, position=2)

    def fill(n: int) -> None:
        for i in range(n):
            student = make_student(world.school, section=world.section, family_name=f"K{i:03d}")
            master(student, big, range(1, 2 + i % 6), SEP_1)
        db.session.commit()

    sign_in(client, world.teacher)
    url = f"/sections/{world.section.id}/wall?framework={big.id}&show=gap"
    fill(10)
    small = page_queries(client, url)
    fill(190)
    assert page_queries(client, url) == small
    assert len(_cells(client.get(url).get_data(as_text=True))) == 201 * 60


def test_a_district_without_frameworks_gets_an_explanation(client, sign_in) -> None:
    district = make_district("Frameworkless")
    school = make_school(district)
    section = make_section(school, make_year(district))
    teacher = make_user(Role.TEACHER, school)
    enroll(section, teacher, EnrollmentRole.TEACHER)
    make_student(school, section=section)
    db.session.commit()
    sign_in(client, teacher)
    page = client.get(f"/sections/{section.id}/wall?framework=1").get_data(as_text=True)
    assert "No continuum yet" in page
    assert "<table" not in page
