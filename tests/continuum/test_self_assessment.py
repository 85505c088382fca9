"""Students rate themselves on any (competency, level); the rating never counts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import clock
from app.continuum.models import Evidence, EvidenceKind
from app.extensions import db
from tests.continuum.test_evidence import TODAY, list_url, record, stored


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def url(student) -> str:
    return f"/students/{student.id}/self-assessments/new"


def data(world, **overrides) -> dict[str, str]:
    values = {
        "competency": str(world.competency.id),
        "level": "6",
        "score": "4",
        "note": "I did it",
    }
    values.update(overrides)
    return values


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence)) or 0


def test_the_form_is_prefilled_from_the_link(client, world, sign_in):
    sign_in(client, world.student)
    page = client.get(url(world.student) + f"?competency={world.competency.id}&level=6")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<option selected value="6">Level 6</option>' in text
    assert "I can do 1.1 at level 6." in text
    assert "4 — Extending" in text


def test_a_self_assessment_is_stored_as_the_students_and_never_counts(client, world, sign_in):
    sign_in(client, world.student)
    response = client.post_form(url(world.student), data(world))
    assert response.status_code == 303
    evidence = db.session.scalars(select(Evidence)).one()
    assert evidence.kind is EvidenceKind.SELF_ASSESSMENT
    assert evidence.recorded_by_id == world.student.id
    assert evidence.observed_on == TODAY
    mastery = stored(world)
    assert mastery is not None
    assert (mastery.is_mastered, mastery.evidence_count, mastery.value) == (False, 0, None)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "Not counted toward mastery" in page
    assert "4 — Extending" in page and "I did it" in page
    assert "Not mastered yet." in page


def test_beside_teacher_evidence_the_mastery_follows_the_teacher_only(client, world, sign_in):
    record(world, score="2")
    sign_in(client, world.student)
    client.post_form(url(world.student), data(world, score="4"))
    assert stored(world).value == 2
    sign_in(client, world.teacher)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert page.index("Self-assessments") > page.index("2 — Developing")
    assert "4 — Extending" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"score": "5"}, "Scores on this scale run from 1 to 4."),
        ({"score": ""}, "Choose a score."),
        ({"level": "0"}, "Choose a level from the list."),
    ],
    ids=["off-scale", "no-score", "no-level"],
)
def test_bad_input_is_explained_and_nothing_saved(client, world, sign_in, change, message):
    sign_in(client, world.student)
    response = client.post_form(url(world.student), data(world, note="Kept text", **change))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and "Kept text" in page
    assert count() == 0


def test_only_the_student_themselves_may_rate(client, world, sign_in):
    sign_in(client, world.other_student)
    assert client.get(url(world.student)).status_code == 404
    response = client.post_form(url(world.student), data(world), page=url(world.other_student))
    assert response.status_code == 404
    sign_in(client, world.teacher)
    assert client.get(url(world.student)).status_code == 404
    assert count() == 0


def test_staff_cannot_edit_or_remove_a_self_assessment(client, world, sign_in):
    sign_in(client, world.student)
    client.post_form(url(world.student), data(world))
    evidence = db.session.scalars(select(Evidence)).one()
    sign_in(client, world.teacher)
    assert client.get(f"/evidence/{evidence.id}/edit").status_code == 404
    response = client.post_form(f"/evidence/{evidence.id}/remove", page="/account/password")
    assert response.status_code == 404
