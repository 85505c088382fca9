"""The continuum page: levels, next steps, filters, the as-of view, the chart, its query cost."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert

from app import clock
from app.continuum import services
from app.continuum.models import Evidence, EvidenceKind
from app.continuum.services import NewEvidence
from app.extensions import db
from tests.factories import make_framework
from tests.querycount import count_queries

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _master(world, competency, levels, on: date) -> None:
    for level in levels:
        for score in ("3", "4"):
            services.record_evidence(
                world.student,
                competency,
                level,
                NewEvidence(Decimal(score), EvidenceKind.SUMMATIVE, on),
                world.teacher,
                TODAY,
            )
    db.session.commit()


def _url(world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/students/{world.student.id}/continuum" + (f"?{query}" if query else "")


def test_a_student_sees_levels_and_the_next_i_can(client, world, sign_in) -> None:
    _master(world, world.competency, range(1, 6), date(2026, 9, 1))
    sign_in(client, world.student)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "My continuum" in page
    assert "Mathematics" in page
    assert "Level 5" in page and "working on level 6" in page
    assert "I can do 1.1 at level 6." in page
    assert "No evidence at level 6 yet." in page
    assert "Decaying average" in page
    assert f"/students/{world.student.id}/self-assessments/new?competency=" in page
    assert "Record evidence" not in page


def test_progress_at_the_working_level_shows_the_value_against_the_threshold(
    client, world, sign_in
) -> None:
    services.record_evidence(
        world.student,
        world.competency,
        1,
        NewEvidence(Decimal(2), EvidenceKind.OBSERVATION, date(2026, 10, 1)),
        world.teacher,
        TODAY,
    )
    db.session.commit()
    sign_in(client, world.teacher)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "2.00 of 3 needed" in page
    assert "1 observation" in page
    assert world.student.name in page
    assert f"/students/{world.student.id}/evidence/new?competency={world.competency.id}" in page
    assert "Rate myself" not in page


def test_as_of_shows_the_continuum_as_it_stood(client, world, sign_in) -> None:
    _master(world, world.competency, range(1, 4), date(2026, 9, 1))
    _master(world, world.competency, [4], date(2026, 11, 2))
    sign_in(client, world.student)
    now = client.get(_url(world)).get_data(as_text=True)
    before = client.get(_url(world, as_of="2026-10-15")).get_data(as_text=True)
    assert "Level 4" in now and "Level 3" not in now
    assert (
        "Level 3" in before
        and "Showing the continuum as it stood on" in before
        and "Oct 15, 2026" in before
    )


def test_a_future_as_of_date_is_explained_and_today_is_shown(client, world, sign_in) -> None:
    sign_in(client, world.student)
    response = client.get(_url(world, as_of="2027-01-01"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose today or an earlier date." in page
    assert "Showing the continuum as it stood on" not in page


def test_filters_by_framework_and_strand_and_ignore_unknown_values(client, world, sign_in) -> None:
    skills = make_framework(world.district, name="Transferable skills")
    db.session.commit()
    strand = world.framework.strands[1]
    sign_in(client, world.student)
    both = client.get(_url(world)).get_data(as_text=True)
    assert "Transferable skills" in both and "Strand 2" in both
    one = client.get(_url(world, framework=world.framework.id, strand=strand.id))
    page = one.get_data(as_text=True)
    assert f'id="framework-{skills.id}"' not in page
    assert 'id="strand-' + str(strand.id) + '"' in page
    assert 'id="strand-' + str(world.framework.strands[0].id) + '"' not in page
    junk = client.get(_url(world, framework="nope", strand="999999", as_of="yesterday"))
    assert junk.status_code == 200
    assert "Transferable skills" in junk.get_data(as_text=True)


def test_htmx_gets_the_body_fragment_and_the_page_includes_the_same(client, world, sign_in) -> None:
    sign_in(client, world.student)
    fragment = client.get(_url(world), headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="continuum-body">')
    assert "<html" not in body
    assert "HX-Request" in fragment.headers["Vary"]
    full = client.get(_url(world)).get_data(as_text=True)
    assert '<div id="continuum-body">' in full and "<html" in full


def test_the_chart_is_an_svg_image_without_script(client, world, sign_in) -> None:
    _master(world, world.competency, range(1, 3), date(2026, 10, 1))
    sign_in(client, world.student)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "level over time" in page.lower() and 'alt="Chart of the Mathematics level' in page
    response = client.get(f"/students/{world.student.id}/continuum/{world.framework.id}/chart.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "<svg" in svg and "<script" not in svg and "Expected level" in svg
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_a_framework_of_another_district_has_no_chart(client, world, sign_in) -> None:
    sign_in(client, world.student)
    url = f"/students/{world.student.id}/continuum/987654/chart.svg"
    assert client.get(url).status_code == 404


def _bulk_evidence(world, framework, per_cell: int) -> None:
    rows = []
    start = date(2026, 8, 24)
    for strand in framework.strands:
        for competency in strand.competencies:
            for level in range(1, 13):
                for i in range(per_cell):
                    score = 4 if level <= 5 else 2
                    rows.append(
                        {
                            "student_id": world.student.id,
                            "competency_id": competency.id,
                            "level": level,
                            "score": Decimal(score),
                            "kind": EvidenceKind.FORMATIVE,
                            "is_missed": False,
                            "observed_on": start + timedelta(days=i),
                            "recorded_by_id": world.teacher.id,
                            "note": "",
                            "link": "",
                        }
                    )
    db.session.execute(insert(Evidence), rows)
    services.recompute_framework(framework)
    db.session.commit()


def test_queries_do_not_grow_with_60_competencies_12_levels_and_20_evidence_each(
    client, world, sign_in
) -> None:
    big = make_framework(world.district, name="Big", strands=6, competencies=10)
    db.session.commit()
    sign_in(client, world.teacher)
    urls = [_url(world), _url(world, as_of="2026-09-01")]
    with count_queries() as empty:
        for url in urls:
            assert client.get(url).status_code == 200
    _bulk_evidence(world, big, per_cell=20)
    with count_queries() as full:
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200
    assert "Level 5" in page.get_data(as_text=True)
    assert len(full) == len(empty), "\n".join(full)
