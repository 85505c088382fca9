"""Teacher judgement over the calculated decision: a required reason, shown, withdrawable."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import clock
from app.continuum.models import MasteryOverride
from app.extensions import db
from tests.continuum.test_evidence import TODAY, list_url, record, stored


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def judge(client, world, decision: str = "mastered", reason: str = "Showed it in the project"):
    url = list_url(world) + "/judgement"
    return client.post_form(url, {"decision": decision, "reason": reason}, page=list_url(world))


def overrides() -> int:
    return db.session.scalar(select(func.count()).select_from(MasteryOverride)) or 0


@pytest.mark.parametrize(
    ("decision", "reason", "message"),
    [
        ("mastered", "", "Say why the calculated decision does not fit."),
        ("mastered", "   ", "Say why the calculated decision does not fit."),
        ("", "Because", "Choose mastered or not mastered."),
        ("perhaps", "Because", "Choose mastered or not mastered."),
    ],
    ids=["no-reason", "blank-reason", "no-decision", "bad-decision"],
)
def test_a_judgement_needs_a_decision_and_a_reason(
    client, world, sign_in, decision, reason, message
):
    record(world, score="2")
    sign_in(client, world.teacher)
    response = judge(client, world, decision, reason)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "field-error" in page
    assert overrides() == 0
    assert stored(world).is_mastered is False


def test_a_judgement_decides_mastery_and_is_shown_as_the_teachers(client, world, sign_in):
    record(world, score="2")
    sign_in(client, world.teacher)
    response = judge(client, world)
    assert response.status_code == 303
    mastery = stored(world)
    assert (mastery.is_mastered, mastery.is_overridden, mastery.is_calculated_mastered) == (
        True,
        True,
        False,
    )
    assert mastery.mastered_on == TODAY
    page = client.get(list_url(world)).get_data(as_text=True)
    expected = (
        "<strong>Teacher judgement: mastered</strong> — “Showed it in the project” "
        f'<span class="muted">({world.teacher.name}, Nov 25, 2026)</span>'
    )
    assert expected in page
    assert "The calculation alone says not yet mastered." in page
    sign_in(client, world.student)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert expected in page
    assert "Withdraw the judgement" not in page and "Record judgement" not in page


def test_not_mastered_overrides_a_calculated_mastery(client, world, sign_in):
    record(world, score="4")
    assert stored(world).mastered_on == date(2026, 10, 1)
    sign_in(client, world.teacher)
    assert judge(client, world, "not_mastered", "Copied from a classmate").status_code == 303
    mastery = stored(world)
    assert (mastery.is_mastered, mastery.mastered_on) == (False, None)


def test_withdrawing_returns_to_the_calculation_and_keeps_the_history(client, world, sign_in):
    record(world, score="2")
    sign_in(client, world.teacher)
    judge(client, world)
    override = db.session.scalars(select(MasteryOverride)).one()
    response = client.post_form(f"/judgements/{override.id}/withdraw", page=list_url(world))
    assert response.status_code == 303
    mastery = stored(world)
    assert (mastery.is_mastered, mastery.is_overridden) == (False, False)
    db.session.expire_all()
    withdrawn = db.session.get(MasteryOverride, override.id)
    assert withdrawn.withdrawn_by_id == world.teacher.id
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "Teacher judgement: mastered</strong>" not in page
    assert "Judgement history (1)" in page
    on = withdrawn.withdrawn_at  # the real clock: written when the judgement was withdrawn
    assert f"Withdrawn by {world.teacher.name} on {on:%b} {on.day}, {on:%Y}" in page


def test_a_new_judgement_replaces_the_one_in_force(client, world, sign_in):
    record(world, score="2")
    sign_in(client, world.teacher)
    judge(client, world)
    judge(client, world, "not_mastered", "Second look")
    in_force = db.session.scalars(
        select(MasteryOverride).where(MasteryOverride.withdrawn_at.is_(None))
    ).all()
    assert [o.reason for o in in_force] == ["Second look"]
    assert overrides() == 2
    assert stored(world).is_mastered is False


def test_judgements_out_of_reach_answer_404(client, world, sign_in):
    record(world, score="2")
    sign_in(client, world.teacher)
    judge(client, world)
    override = db.session.scalars(select(MasteryOverride)).one()
    sign_in(client, world.other_teacher)
    assert judge(client, world).status_code == 404
    response = client.post_form(f"/judgements/{override.id}/withdraw", page="/account/password")
    assert response.status_code == 404
    assert (
        client.post_form("/judgements/999999/withdraw", page="/account/password").status_code == 404
    )
    assert stored(world).is_overridden is True
