"""Recording evidence for one student, the evidence page, edits and removals with history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from app import clock
from app.continuum import services
from app.continuum.models import (
    ChangeAction,
    Descriptor,
    Evidence,
    EvidenceChange,
    EvidenceKind,
    Mastery,
)
from app.continuum.services import NewEvidence
from app.extensions import db
from tests.factories import make_district, make_framework
from tests.querycount import count_queries

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def record(world, score: str = "3", level: int = 6, on: date = date(2026, 10, 1), **extra):
    """Evidence for world.student recorded by world.teacher, committed."""
    kind = extra.pop("kind", EvidenceKind.FORMATIVE)
    by = extra.pop("by", world.teacher)
    evidence = services.record_evidence(
        world.student, world.competency, level, NewEvidence(Decimal(score), kind, on, **extra),
        by, TODAY,
    )  # fmt: skip
    db.session.commit()
    return evidence


def stored(world, level: int = 6) -> Mastery | None:
    db.session.expire_all()
    return db.session.get(Mastery, (world.student.id, world.competency.id, level))


def evidence_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence)) or 0


def list_url(world, level: int = 6) -> str:
    return f"/students/{world.student.id}/competencies/{world.competency.id}/levels/{level}"


def new_url(world) -> str:
    return f"/students/{world.student.id}/evidence/new"


def form_data(world, **overrides) -> dict[str, str]:
    data = {
        "competency": str(world.competency.id),
        "level": "6",
        "score": "4",
        "kind": "summative",
        "observed_on": "2026-11-20",
        "note": "Explained ratios with a drawing.",
        "link": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_grouped_competencies_the_scale_and_today(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.get(new_url(world) + f"?competency={world.competency.id}&level=6")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<optgroup label="Mathematics · Strand 1">' in page
    assert "3 — Proficient" in page and "1 — Beginning" in page
    assert 'value="2026-11-25"' in page  # date observed defaults to today
    assert "I can do 1.1 at level 6." in page  # the level's descriptor
    for kind in ("Formative", "Summative", "Diagnostic", "Student work", "Observation"):
        assert f">{kind}</option>" in page
    assert "Self assessment</option>" not in page


def test_recording_stores_the_evidence_and_the_mastery_in_the_same_request(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(new_url(world), form_data(world, link="https://example.org/w"))
    assert response.status_code == 303
    evidence = db.session.scalars(select(Evidence)).one()
    assert (evidence.student_id, evidence.level, evidence.score) == (
        world.student.id,
        6,
        Decimal("4.00"),
    )
    assert evidence.kind is EvidenceKind.SUMMATIVE
    assert evidence.recorded_by_id == world.teacher.id
    assert evidence.link == "https://example.org/w"
    mastery = stored(world)
    assert (mastery.is_mastered, mastery.mastered_on, mastery.value) == (
        True,
        date(2026, 11, 20),
        Decimal("4.00"),
    )
    assert response.headers["Location"].endswith(f"{list_url(world)}#evidence-{evidence.id}")
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "4 — Extending" in page and "Explained ratios with a drawing." in page
    assert f"Recorded by {world.teacher.name}" in page
    assert "Mastered on Nov 20, 2026." in page
    assert 'href="https://example.org/w"' in page


def test_only_web_links_become_links(client, world, sign_in):
    record(world, link="javascript:alert(1)")  # not through the form, which refuses it
    sign_in(client, world.teacher)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "javascript:" not in page


def test_a_missed_mark_counts_as_the_lowest_score(client, world, sign_in):
    sign_in(client, world.teacher)
    response = client.post_form(new_url(world), form_data(world, score="", is_missed="y"))
    assert response.status_code == 303
    evidence = db.session.scalars(select(Evidence)).one()
    assert (evidence.is_missed, evidence.score) == (True, Decimal("1.00"))
    assert stored(world).value == Decimal("1.00")
    assert "Missed (scored 1)" in client.get(list_url(world)).get_data(as_text=True)


BAD_INPUT = [
    pytest.param({"score": "7"}, "score", "Scores on this scale run from 1 to 4.", id="off-scale"),
    pytest.param(
        {"score": ""}, "score", "Choose a score, or mark the evidence as missed.", id="none"
    ),
    pytest.param({"score": "abc"}, "score", "Choose a score from the scale.", id="not-a-number"),
    pytest.param(
        {"observed_on": "2026-11-26"}, "observed_on", "Evidence cannot be dated in the future.",
        id="future",
    ),
    pytest.param({"observed_on": "next week"}, "observed_on", "Give a date such as", id="no-date"),
    pytest.param(
        {"link": "javascript:alert(1)"}, "link",
        "Give a web address starting with http:// or https://.", id="bad-link",
    ),
    pytest.param({"level": "12"}, "level", "S1.C1 has no level 12 on this continuum.", id="level"),
    pytest.param({"level": "40"}, "level", "Choose a level from the list.", id="unknown-level"),
    pytest.param({"kind": "self_assessment"}, "kind", "Choose a kind of evidence", id="kind"),
    pytest.param({"competency": ""}, "competency", "Choose a competency", id="no-competency"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_explained_beside_its_field_and_nothing_is_saved(
    client, world, sign_in, change, field, message
):
    db.session.execute(
        delete(Descriptor).where(
            Descriptor.competency_id == world.competency.id, Descriptor.level == 12
        )
    )
    db.session.commit()
    sign_in(client, world.teacher)
    data = form_data(world, note="Typed before the mistake", **change)
    response = client.post_form(new_url(world), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert "Typed before the mistake" in page  # what was typed comes back
    assert evidence_count() == 0
    assert stored(world) is None


def test_an_edit_keeps_the_old_values_in_the_history(client, world, sign_in):
    evidence = record(world, score="2", note="First try")
    assert not stored(world).is_mastered
    sign_in(client, world.teacher)
    edit = f"/evidence/{evidence.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert '<option selected value="2">' in page and "First try" in page
    response = client.post_form(
        edit, form_data(world, score="4", kind="observation", observed_on="2026-10-02", note="")
    )
    assert response.status_code == 303
    change = db.session.scalars(select(EvidenceChange)).one()
    assert change.action is ChangeAction.EDITED
    assert (change.old_score, change.old_kind, change.old_note) == (
        Decimal("2.00"),
        EvidenceKind.FORMATIVE,
        "First try",
    )
    assert change.old_observed_on == date(2026, 10, 1)
    assert change.changed_by_id == world.teacher.id
    assert stored(world).mastered_on == date(2026, 10, 2)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "History (1 change)" in page
    assert f"Edited by {world.teacher.name}" in page
    assert "Before: 2 — Developing · Formative · observed Oct 1, 2026; note “First try”" in page


def test_an_invalid_edit_changes_nothing(client, world, sign_in):
    evidence = record(world, score="2")
    sign_in(client, world.teacher)
    response = client.post_form(
        f"/evidence/{evidence.id}/edit", form_data(world, score="9"),
        page=f"/evidence/{evidence.id}/edit",
    )  # fmt: skip
    assert response.status_code == 422
    assert "Scores on this scale run from 1 to 4." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Evidence, evidence.id).score == Decimal("2.00")
    assert db.session.scalar(select(func.count()).select_from(EvidenceChange)) == 0


def test_removal_withdraws_mastery_and_restore_brings_it_back(client, world, sign_in):
    evidence = record(world, score="4")
    assert stored(world).mastered_on == date(2026, 10, 1)
    sign_in(client, world.teacher)
    response = client.post_form(f"/evidence/{evidence.id}/remove", page=list_url(world))
    assert response.status_code == 303
    mastery = stored(world)
    assert (mastery.is_mastered, mastery.mastered_on) == (False, None)
    db.session.expire_all()
    removed = db.session.get(Evidence, evidence.id)
    assert removed.removed_by_id == world.teacher.id
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "<s>4 — Extending" in page
    on = removed.removed_at  # the real clock: written when the piece was removed
    assert f"Removed by {world.teacher.name} on {on:%b} {on.day}, {on:%Y}" in page
    assert "Not mastered yet." in page

    response = client.post_form(f"/evidence/{evidence.id}/restore", page=list_url(world))
    assert response.status_code == 303
    assert stored(world).mastered_on == date(2026, 10, 1)
    actions = db.session.scalars(
        select(EvidenceChange.action).order_by(EvidenceChange.id)
    ).all()  # fmt: skip
    assert actions == [ChangeAction.REMOVED, ChangeAction.RESTORED]


def test_the_student_sees_their_evidence_but_not_the_history_or_removed_pieces(
    client, world, sign_in
):
    kept = record(world, score="3", note="Kept")
    gone = record(world, score="1", note="Withdrawn piece")
    services.edit_evidence(
        kept, NewEvidence(Decimal("4"), EvidenceKind.FORMATIVE, date(2026, 10, 1), "Kept"),
        world.teacher, TODAY,
    )  # fmt: skip
    services.remove_evidence(gone, world.teacher)
    db.session.commit()
    sign_in(client, world.student)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "4 — Extending" in page and "Kept" in page
    assert "Withdrawn piece" not in page
    assert "History (" not in page
    assert "/edit" not in page and "/remove" not in page
    assert "Add a self-assessment" in page and "Record evidence" not in page


def test_staff_see_edit_and_remove_buttons(client, world, sign_in):
    evidence = record(world)
    sign_in(client, world.leader)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert f"/evidence/{evidence.id}/edit" in page
    assert f"/evidence/{evidence.id}/remove" in page
    assert "Record evidence" in page


def test_n_times_shows_k_of_n(client, world, sign_in):
    world.framework.method = "n_times"
    world.framework.n_times = 3
    db.session.commit()
    record(world, score="3")
    record(world, score="2")
    sign_in(client, world.teacher)
    page = client.get(list_url(world)).get_data(as_text=True)
    assert "1 of 3 at Proficient or above." in page


def test_out_of_reach_ids_answer_404(client, world, sign_in):
    evidence = record(world)
    elsewhere = make_framework(make_district("Elsewhere"))
    foreign = elsewhere.strands[0].competencies[0]
    db.session.commit()
    sign_in(client, world.teacher)
    other = world.other_student.id
    assert client.get(f"/students/{other}/evidence/new").status_code == 404
    response = client.post_form(
        f"/students/{other}/evidence/new", form_data(world), page=new_url(world)
    )
    assert response.status_code == 404
    assert evidence_count() == 1
    base = f"/students/{world.student.id}/competencies"
    assert client.get(f"{base}/{foreign.id}/levels/6").status_code == 404
    assert client.get(f"{base}/999999/levels/6").status_code == 404
    assert client.get(f"{base}/{world.competency.id}/levels/13").status_code == 404
    assert client.get("/evidence/999999/edit").status_code == 404
    response = client.post_form(
        new_url(world), form_data(world, competency=str(foreign.id)), page=new_url(world)
    )
    assert response.status_code == 422  # not among the choices: a message, nothing saved
    assert evidence_count() == 1

    sign_in(client, world.other_teacher)
    assert client.get(f"/evidence/{evidence.id}/edit").status_code == 404
    response = client.post_form(f"/evidence/{evidence.id}/remove", page="/account/password")
    assert response.status_code == 404
    assert stored(world).is_mastered


def test_the_evidence_page_costs_the_same_with_2_or_12_pieces(client, world, sign_in):
    sign_in(client, world.teacher)

    def cost() -> int:
        with count_queries() as statements:
            assert client.get(list_url(world)).status_code == 200
        return len(statements)

    for day in range(2):
        record(world, score="2", on=date(2026, 9, 1) + timedelta(days=day))
    small = cost()
    for day in range(10):
        piece = record(world, score="3", on=date(2026, 10, 1) + timedelta(days=day))
        services.remove_evidence(piece, world.teacher)
        services.restore_evidence(piece, world.teacher)
    services.set_override(world.student, world.competency, 6, False, "Rushed", world.teacher, TODAY)
    db.session.commit()
    assert cost() == small
